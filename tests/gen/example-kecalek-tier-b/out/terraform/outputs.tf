output "main_ipv4" {
  description = "Public IPv4 address of node main: log in with ssh deploy@ADDRESS"
  value       = contabo_instance.main.ip_config[0].v4[0].ip
}
