output "app_ipv4" {
  description = "Public IPv4 address of node app: log in with ssh deploy@ADDRESS"
  value       = contabo_instance.app.ip_config[0].v4[0].ip
}

output "db_ipv4" {
  description = "Public IPv4 address of node db: log in with ssh deploy@ADDRESS"
  value       = contabo_instance.db.ip_config[0].v4[0].ip
}

output "private_ips" {
  description = "Private address Contabo assigned, by instance display name"
  value = {
    for i in contabo_private_network.private.instances :
    i.display_name => try(i.private_ip_config[0].v4[0].ip, null)
  }
}
