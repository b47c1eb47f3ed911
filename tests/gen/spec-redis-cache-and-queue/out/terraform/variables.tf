variable "hcloud_token" {
  description = "Hetzner Cloud API token: Hetzner Console, your project, Security, API tokens, Generate API token with Read & Write; never commit it"
  type        = string
  sensitive   = true
}

variable "ssh_public_key" {
  description = "OpenSSH public key of the admin user: the one line of ~/.ssh/id_ed25519.pub (ssh-keygen -t ed25519 makes the pair); SSH accepts keys only"
  type        = string
}

variable "ssh_allowed_cidrs" {
  description = "Networks allowed to reach SSH, as CIDRs such as [\"203.0.113.7/32\"] (your public address and /32); empty keeps SSH closed to the internet"
  type        = list(string)
  default     = []
}

variable "location" {
  description = "Hetzner location of the servers and their network zone (`hcloud location list`)"
  type        = string
  default     = "nbg1"

  validation {
    condition     = contains(["fsn1", "nbg1", "hel1", "ash", "hil", "sin"], var.location)
    error_message = "The location must be one of fsn1, nbg1, hel1, ash, hil or sin."
  }
}

variable "image" {
  description = "Server image name (`hcloud image list --type system`); resolved for the server type's architecture"
  type        = string
  default     = "ubuntu-24.04"
}
