variable "region" {
  description = "Koyeb region the services run in"
  type        = string
  default     = "fra"
}

variable "redis_url" {
  description = "redis-url"
  type        = string
  sensitive   = true
}

variable "worker_wake_token" {
  description = "worker-wake-token"
  type        = string
  sensitive   = true
}
