output "load_balancer_dns" {
  description = "the load balancer's address (HTTP on port 80)"
  value       = aws_lb.main.dns_name
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
