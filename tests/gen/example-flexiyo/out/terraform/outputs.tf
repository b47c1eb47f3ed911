output "vps1_ipv4" {
  description = "Public IPv4 address of node vps1: log in with ssh deploy@ADDRESS"
  value       = contabo_instance.vps1.ip_config[0].v4[0].ip
}

output "vps2_ipv4" {
  description = "Public IPv4 address of node vps2: log in with ssh deploy@ADDRESS"
  value       = contabo_instance.vps2.ip_config[0].v4[0].ip
}

output "private_ips" {
  description = "Private address Contabo assigned, by instance display name"
  value = {
    for i in contabo_private_network.private.instances :
    i.display_name => try(i.private_ip_config[0].v4[0].ip, null)
  }
}
