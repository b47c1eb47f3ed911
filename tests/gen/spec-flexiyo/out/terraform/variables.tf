variable "contabo_client_id" {
  description = "Contabo API OAuth2 client id: Customer Control Panel, https://my.contabo.com/api/details, Client ID"
  type        = string
  sensitive   = true
}

variable "contabo_client_secret" {
  description = "Contabo API OAuth2 client secret: Customer Control Panel, https://my.contabo.com/api/details, Client Secret"
  type        = string
  sensitive   = true
}

variable "contabo_api_user" {
  description = "Contabo API user: the e-mail address of your Contabo account, as shown on https://my.contabo.com/api/details"
  type        = string
  sensitive   = true
}

variable "contabo_api_password" {
  description = "Contabo API password: the one set on https://my.contabo.com/api/details (not the control panel's login)"
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

variable "region" {
  description = "Contabo region (a location fee may apply outside EU)"
  type        = string
  default     = "EU"

  validation {
    condition     = contains(["EU", "US-central", "US-east", "US-west", "SIN", "UK", "AUS", "JPN", "IND"], var.region)
    error_message = "The region must be one of EU, US-central, US-east, US-west, SIN, UK, AUS, JPN or IND."
  }
}

variable "image_id" {
  description = "Contabo image id (opaque; list them with `cntb get images`); the default is Ubuntu 22.04"
  type        = string
  default     = "afecbb85-e2fc-46f0-9684-b46b1faf00bb"
}
