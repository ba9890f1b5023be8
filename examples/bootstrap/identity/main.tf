# The identity-account half of the cross-account setup: your IAM users live here and may assume the roles the
# parent configuration created in each workload account (apply it there with trusted_account_id = this
# account's id), only with MFA. Apply this one with credentials of the identity account.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "Any region (IAM is global); used for the provider only."
  type        = string
}

variable "group_name" {
  description = "IAM group whose members may assume the roles."
  type        = string
  default     = "tfsecrets-users"
}

variable "role_arns" {
  description = "ARNs of the roles in the workload accounts (terraform_role_arn and secrets_writer_role_arn outputs)."
  type        = list(string)
}

variable "users" {
  description = "Existing IAM user names to put in the group."
  type        = list(string)
  default     = []
}

resource "aws_iam_group" "users" {
  name = var.group_name
}

resource "aws_iam_group_membership" "users" {
  name  = "${var.group_name}-members"
  group = aws_iam_group.users.name
  users = var.users
}

data "aws_iam_policy_document" "assume_roles" {
  statement {
    sid       = "AssumeWorkloadRolesWithMfa"
    actions   = ["sts:AssumeRole"]
    resources = var.role_arns
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_group_policy" "assume_roles" {
  name   = "assume-workload-roles"
  group  = aws_iam_group.users.name
  policy = data.aws_iam_policy_document.assume_roles.json
}
