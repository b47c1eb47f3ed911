output "load_balancer_dns" {
  description = "the load balancer's address (HTTPS on port 443; port 80 redirects): point each domain at it with a CNAME or alias"
  value       = aws_lb.main.dns_name
}

output "certificate_validation" {
  description = "the DNS records that validate the certificate of the domains: create them at the domains' DNS provider"
  value       = [for o in aws_acm_certificate.main.domain_validation_options : { name = o.resource_record_name, type = o.resource_record_type, value = o.resource_record_value }]
}
