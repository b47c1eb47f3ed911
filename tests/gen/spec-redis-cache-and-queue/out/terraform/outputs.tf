output "app_ipv4" {
  description = "Public IPv4 address of node app: log in with ssh deploy@ADDRESS"
  value       = hcloud_server.app.ipv4_address
}

output "app_private_ip" {
  description = "Address on the private network"
  value       = "10.0.1.2"
}

output "db_ipv4" {
  description = "Public IPv4 address of node db: log in with ssh deploy@ADDRESS"
  value       = hcloud_server.db.ipv4_address
}

output "db_private_ip" {
  description = "Address on the private network"
  value       = "10.0.1.3"
}
