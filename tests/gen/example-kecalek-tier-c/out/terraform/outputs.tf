output "main_ipv4" {
  description = "Public IPv4 address"
  value       = contabo_instance.main.ip_config[0].v4[0].ip
}
