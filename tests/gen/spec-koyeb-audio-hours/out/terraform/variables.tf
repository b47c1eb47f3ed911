variable "region" {
  description = "Koyeb region the services run in"
  type        = string
  default     = "fra"
}
