data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  trusted    = coalesce(var.trusted_account_id, local.account_id)

  # What the policy templates need (policies/*.json.tftpl, written by `tfsecrets policy --template`).
  policy_vars = {
    partition   = local.partition
    dns_suffix  = data.aws_partition.current.dns_suffix
    region      = var.region
    account_id  = local.account_id
    kms_key_arn = aws_kms_key.parameter_store.arn
  }

  # Policy names cannot hold '/': team/web becomes team-web.
  service_slug = { for s in var.services : s => replace(s, "/", "-") }
}
