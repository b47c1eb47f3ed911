variable "hcloud_token" {
  description = "Hetzner Cloud API token (read and write); never commit it"
  type        = string
  sensitive   = true
}

variable "ssh_public_key" {
  description = "OpenSSH public key of the admin user; SSH accepts keys only"
  type        = string
}

variable "ssh_allowed_cidrs" {
  description = "Networks allowed to reach SSH; empty keeps SSH closed to the internet"
  type        = list(string)
  default     = []
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
