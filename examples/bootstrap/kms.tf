# The key Parameter Store encrypts SecureString values with. Its policy is the only thing that grants use of it:
# the account (and so IAM policies) may administer and describe it, but only the roles below may encrypt or
# decrypt, and only through SSM in this region (kms:ViaService). Nobody can decrypt a value outside SSM.
resource "aws_kms_key" "parameter_store" {
  description             = "Parameter Store SecureString values (tfsecrets, chamber)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.parameter_store_key.json
}

resource "aws_kms_alias" "parameter_store" {
  name          = var.kms_alias
  target_key_id = aws_kms_key.parameter_store.key_id
}

data "aws_iam_policy_document" "parameter_store_key" {
  statement {
    sid = "KeyAdministrationNoUse"
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
    # Everything but the cryptographic operations, so that no IAM policy can grant those.
    actions = [
      "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
      "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
      "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
    ]
    resources = ["*"]
  }

  statement {
    sid = "ReadersDecryptThroughSsm"
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.terraform.arn, aws_iam_role.secrets_writer.arn]
    }
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${var.region}.${data.aws_partition.current.dns_suffix}"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid = "WritersEncryptThroughSsm"
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.secrets_writer.arn]
    }
    # Encrypt for Standard parameters, GenerateDataKey for Advanced ones (envelope encryption).
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${var.region}.${data.aws_partition.current.dns_suffix}"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }
}
