//! How an SSM or KMS SDK error becomes a user-facing [`Error`]: `session::aws_error` (the one table of AWS error
//! codes → exit codes, transport failures in one line, never a request or response body: a GetParameters body holds
//! secret values) plus SSM's own hints, and never a value echoed by a validation message.

use crate::error::Error;
use crate::session::aws_error;
use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

/// Removes any copy of `secret` from an AWS error message (SSM validation errors echo the value).
pub fn redact(message: &mut String, secret: &str) {
    if !secret.is_empty() && message.contains(secret) {
        let redacted = message.replace(secret, "<redacted>");
        zeroize::Zeroize::zeroize(&mut std::mem::replace(message, redacted));
    }
}

/// Turns an SDK error into a user-facing one (`session::aws_error`: the one code table, transport failures in
/// one line, never a body), with the KMS alias hint where SSM says the key is missing.
pub fn sdk_error<E>(op: &str, err: SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let e = aws_error::describe(op, &err);
    match err.as_service_error().and_then(|se| se.code()) {
        Some("InvalidKeyId") => e.hint(
            "create the KMS alias named by CHAMBER_KMS_KEY_ALIAS (default alias/parameter_store_key), or point CHAMBER_KMS_KEY_ALIAS at an existing one",
        ),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_removes_every_copy() {
        let mut m = "ValidationException: value 'hunter2' at 'value' failed: hunter2".to_owned();
        super::redact(&mut m, "hunter2");
        assert_eq!(m, "ValidationException: value '<redacted>' at 'value' failed: <redacted>");
        let mut m = "unrelated".to_owned();
        super::redact(&mut m, "");
        assert_eq!(m, "unrelated");
    }
}
