output "main_ipv4" {
  description = "Public IPv4 address"
  value       = hcloud_server.main.ipv4_address
}

output "main_private_ip" {
  description = "Address on the private network"
  value       = "10.0.1.2"
}
