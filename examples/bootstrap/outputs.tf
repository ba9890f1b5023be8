output "terraform_role_arn" {
  description = "Role for `tfsecrets exec <service> -- terraform ...`."
  value       = aws_iam_role.terraform.arn
}

output "secrets_writer_role_arn" {
  description = "Role for `tfsecrets import`, `write` and `delete`."
  value       = aws_iam_role.secrets_writer.arn
}

output "kms_key_arn" {
  description = "The Parameter Store key (pass it to `tfsecrets policy --kms-key-arn`)."
  value       = aws_kms_key.parameter_store.arn
}

output "aws_config" {
  description = "Profiles for ~/.aws/config: replace YOUR_MFA_DEVICE with your MFA device's name."
  value       = <<-EOT
    [profile ${var.name_prefix}-iam]
    region = ${var.region}

    [profile ${var.name_prefix}-terraform]
    role_arn = ${aws_iam_role.terraform.arn}
    source_profile = ${var.name_prefix}-iam
    mfa_serial = arn:${local.partition}:iam::${local.trusted}:mfa/YOUR_MFA_DEVICE
    duration_seconds = ${var.max_session_duration}
    region = ${var.region}

    [profile ${var.name_prefix}-secrets]
    role_arn = ${aws_iam_role.secrets_writer.arn}
    source_profile = ${var.name_prefix}-iam
    mfa_serial = arn:${local.partition}:iam::${local.trusted}:mfa/YOUR_MFA_DEVICE
    region = ${var.region}
  EOT
}

output "backend" {
  description = "The s3 backend block for your root modules (and for backend.tf here)."
  value       = <<-EOT
    terraform {
      backend "s3" {
        bucket         = "${aws_s3_bucket.state.id}"
        key            = "CHANGE-ME/terraform.tfstate"
        region         = "${var.region}"
        encrypt        = true
        kms_key_id     = "${aws_kms_key.state.arn}"
        dynamodb_table = "${aws_dynamodb_table.lock.name}" # terraform < 1.10
        # use_lockfile = true                              # terraform >= 1.10: lock in the bucket instead
      }
    }
  EOT
}
