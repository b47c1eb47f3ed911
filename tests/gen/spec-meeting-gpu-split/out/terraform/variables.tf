variable "region" {
  description = "Koyeb region the services run in, such as fra (Frankfurt) or was (Washington, D.C.)"
  type        = string
  default     = "fra"
}

variable "redis_url" {
  description = "value of the secret \"redis-url\", which service api reads as REDIS_URL and service api reads as CELERY_BROKER_URL and service worker reads as REDIS_URL and service worker reads as CELERY_BROKER_URL: yours to supply (a password or URL of your own), kept in a Koyeb secret"
  type        = string
  sensitive   = true
}

variable "worker_wake_token" {
  description = "value of the secret \"worker-wake-token\", which service api reads as WORKER_WAKE_TOKEN and service worker reads as WORKER_WAKE_TOKEN: yours to supply (a password or URL of your own), kept in a Koyeb secret"
  type        = string
  sensitive   = true
}
