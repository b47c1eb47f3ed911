variable "hcloud_token" {
  description = "Hetzner Cloud API token (read and write); never commit it"
  type        = string
  sensitive   = true
}

variable "ssh_public_key" {
  description = "OpenSSH public key of the admin user; SSH accepts keys only"
  type        = string
  default     = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBy3jW3XoF2dRt8h0h1y7n8Q5qK7xvS2G8Ww2mP0aD4F ops@example"
}

variable "ssh_allowed_cidrs" {
  description = "Networks allowed to reach SSH; empty keeps SSH closed to the internet"
  type        = list(string)
  default     = ["203.0.113.7/32"]
}

variable "location" {
  description = "Hetzner location of the servers and their network zone"
  type        = string
  default     = "fsn1"

  validation {
    condition     = contains(["fsn1", "nbg1", "hel1", "ash", "hil", "sin"], var.location)
    error_message = "The location must be one of fsn1, nbg1, hel1, ash, hil or sin."
  }
}

variable "image" {
  description = "Server image; resolved for the server type's architecture"
  type        = string
  default     = "ubuntu-24.04"
}
