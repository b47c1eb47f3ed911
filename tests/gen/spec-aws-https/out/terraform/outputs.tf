output "load_balancer_dns" {
  description = "the load balancer's address (HTTPS on port 443; port 80 redirects): point each domain at it with a CNAME or alias"
  value       = aws_lb.main.dns_name
}

output "certificate_validation" {
  description = "the DNS records that validate the certificate of the domains: create them at the domains' DNS provider"
  value       = [for o in aws_acm_certificate.main.domain_validation_options : { name = o.resource_record_name, type = o.resource_record_type, value = o.resource_record_value }]
}

output "db_endpoint" {
  description = "the database's host:port, private"
  value       = aws_db_instance.db.endpoint
}

output "db_master_user_secret_arn" {
  description = "the Secrets Manager secret with the master password"
  value       = aws_db_instance.db.master_user_secret[0].secret_arn
}

output "cache_endpoint" {
  description = "the cache's host name, private (port 6379, TLS: rediss://)"
  value       = aws_elasticache_replication_group.cache.primary_endpoint_address
}

output "jobs_url" {
  description = "the queue's URL"
  value       = aws_sqs_queue.jobs.url
}

output "jobs_dead_letters_url" {
  description = "the queue's dead-letter queue"
  value       = aws_sqs_queue.jobs_dead_letters.url
}
