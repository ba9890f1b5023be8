# Roles people assume with MFA, from this account or from a separate identity account (trusted_account_id).
data "aws_iam_policy_document" "assume_with_mfa" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.trusted}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
    # Absent without MFA, so this also refuses sessions that never had MFA.
    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = [tostring(var.max_mfa_age_seconds)]
    }
  }
}

# Runs `tfsecrets exec <service> -- terraform ...`: reads the services' secrets and the state.
resource "aws_iam_role" "terraform" {
  name                 = "${var.name_prefix}-terraform"
  assume_role_policy   = data.aws_iam_policy_document.assume_with_mfa.json
  max_session_duration = var.max_session_duration
}

# Runs `tfsecrets import`, `write` and `delete`: manages the services' secrets, nothing else.
resource "aws_iam_role" "secrets_writer" {
  name                 = "${var.name_prefix}-secrets-writer"
  assume_role_policy   = data.aws_iam_policy_document.assume_with_mfa.json
  max_session_duration = var.max_session_duration
}

# One reader and one writer policy per service, rendered from the templates `tfsecrets policy --template`
# writes: the same rules as `tfsecrets policy <service> [--write --delete]` (a test keeps them in step).
resource "aws_iam_policy" "reader" {
  for_each    = local.service_slug
  name        = "${var.name_prefix}-read-${each.value}"
  description = "tfsecrets: read /${each.key}/*"
  policy      = templatefile("${path.module}/policies/reader.json.tftpl", merge(local.policy_vars, { service = each.key }))
}

resource "aws_iam_policy" "writer" {
  for_each    = local.service_slug
  name        = "${var.name_prefix}-write-${each.value}"
  description = "tfsecrets: read, write and delete /${each.key}/*"
  policy      = templatefile("${path.module}/policies/writer.json.tftpl", merge(local.policy_vars, { service = each.key }))
}

resource "aws_iam_role_policy_attachment" "terraform_reads" {
  for_each   = aws_iam_policy.reader
  role       = aws_iam_role.terraform.name
  policy_arn = each.value.arn
}

resource "aws_iam_role_policy_attachment" "writer_writes" {
  for_each   = aws_iam_policy.writer
  role       = aws_iam_role.secrets_writer.name
  policy_arn = each.value.arn
}

resource "aws_iam_role_policy_attachment" "terraform_infrastructure" {
  for_each   = toset(var.terraform_role_policy_arns)
  role       = aws_iam_role.terraform.name
  policy_arn = each.value
}

resource "aws_iam_role_policy" "terraform_state" {
  name   = "terraform-state"
  role   = aws_iam_role.terraform.id
  policy = data.aws_iam_policy_document.state_access.json
}
