variable "region" {
  description = "AWS region of the plan, such as us-east-1; COST.md prices this region"
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "an existing VPC to use, vpc-... (`aws ec2 describe-vpcs`); null creates a small one"
  type        = string
  default     = null
}

variable "public_subnet_ids" {
  description = "with vpc_id: two public subnets (with a route to an internet gateway)"
  type        = list(string)
  default     = []
}

variable "private_subnet_ids" {
  description = "with vpc_id: two private subnets for the databases and caches"
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "address range of the VPC this module creates without vpc_id"
  type        = string
  default     = "10.20.0.0/16"
}

variable "alarm_email" {
  description = "where the billing alarm is sent (confirm the e-mail AWS sends); empty for none"
  type        = string
  default     = ""
}

variable "app_image" {
  description = "container image of service app, as REGISTRY/NAME:TAG: a public image, or an ECR repository's URI (`aws ecr describe-repositories`)"
  type        = string
  default     = "registry.example.com/raptorflow/app:latest"
}

# 013: the password (AUTH) of the cache, 16 to 128 printable characters
# without @, ", / or spaces, e.g. from `openssl rand -hex 32`; give the
# services the same in their rediss:// URL secret
variable "cache_auth_token" {
  description = "the auth token of cache cache (TF_VAR_cache_auth_token)"
  type        = string
  sensitive   = true
}

variable "database_url" {
  description = "value of the secret \"database-url\", which service app reads as DATABASE_URL: yours to supply (a password or URL of your own), kept in SSM Parameter Store as a SecureString parameter"
  type        = string
  sensitive   = true
}

variable "redis_url" {
  description = "value of the secret \"redis-url\", which service app reads as REDIS_URL: yours to supply (a password or URL of your own), kept in SSM Parameter Store as a SecureString parameter"
  type        = string
  sensitive   = true
}
