variable "region" {
  description = "Koyeb region the services run in, such as fra (Frankfurt) or was (Washington, D.C.)"
  type        = string
  default     = "fra"
}
