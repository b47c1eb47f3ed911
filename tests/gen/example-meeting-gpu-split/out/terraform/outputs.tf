output "app_url" {
  description = "The public URL of the app: the frontend's API base URL"
  value       = "https://${koyeb_app.main.domains[0].name}"
}
