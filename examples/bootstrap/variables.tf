variable "region" {
  description = "Region of the Parameter Store secrets, the KMS key and the state bucket."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of every name this configuration creates (roles, policies, bucket, table)."
  type        = string
  default     = "tfsecrets"
}

variable "services" {
  description = "tfsecrets services (SSM paths /<service>/<key>) the roles may use, e.g. [\"prod\", \"team/web\"]."
  type        = list(string)
  default     = ["prod"]

  validation {
    # The same rule as tfsecrets and chamber: /-separated segments of letters, digits, _, - and .
    condition     = alltrue([for s in var.services : can(regex("^[\\w\\-\\.]+(/[\\w\\-\\.]+)*$", s))])
    error_message = "A service is one or more /-separated segments of letters, digits, _, - and . (no leading or trailing /)."
  }
}

variable "trusted_account_id" {
  description = "Account whose IAM users may assume the roles (with MFA). Null: this account. Set it to your identity account for the cross-account setup (see identity/)."
  type        = string
  default     = null
}

variable "max_mfa_age_seconds" {
  description = "How long after the MFA sign-in a role may still be assumed (aws:MultiFactorAuthAge)."
  type        = number
  default     = 3600
}

variable "max_session_duration" {
  description = "Longest role session in seconds (duration_seconds in ~/.aws/config may ask for up to this)."
  type        = number
  default     = 10800
}

variable "terraform_role_policy_arns" {
  description = "Managed policies your infrastructure needs, attached to the terraform role (secrets and state access are added here)."
  type        = list(string)
  default     = []
}

variable "kms_alias" {
  description = "Alias of the Parameter Store key: tfsecrets and chamber use alias/parameter_store_key unless CHAMBER_KMS_KEY_ALIAS says otherwise."
  type        = string
  default     = "alias/parameter_store_key"
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for terraform state (globally unique)."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = { ManagedBy = "terraform", Purpose = "tfsecrets-bootstrap" }
}
