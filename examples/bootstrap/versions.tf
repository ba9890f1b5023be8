terraform {
  # 1.5+ for check blocks and import blocks; nothing here needs a newer release.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }

  # Bootstrapping starts with local state: the bucket and the lock table below do not exist yet. Once applied,
  # copy backend.tf.example to backend.tf, fill in the outputs and run `terraform init -migrate-state`.
}

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
