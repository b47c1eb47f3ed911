variable "region" {
  description = "AWS region of the plan, such as us-east-1; COST.md prices this region"
  type        = string
  default     = "eu-central-1"
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

variable "docs_image" {
  description = "container image of service docs, as REGISTRY/NAME:TAG: a public image, or an ECR repository's URI (`aws ecr describe-repositories`)"
  type        = string
  default     = "registry.example.com/docs/site:1.4.0"
}
