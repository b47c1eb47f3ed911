output "app_ipv4" {
  description = "Public IPv4 address"
  value       = hcloud_server.app[*].ipv4_address
}

output "app_private_ip" {
  description = "Address on the private network"
  value       = [for s in hcloud_server.app : one(s.network).ip]
}

output "app_load_balancer_ipv4" {
  description = "Public IPv4 address of the load balancer: point DNS here"
  value       = hcloud_load_balancer.app.ipv4
}

output "db_ipv4" {
  description = "Public IPv4 address"
  value       = hcloud_server.db.ipv4_address
}

output "db_private_ip" {
  description = "Address on the private network"
  value       = "10.0.1.3"
}
