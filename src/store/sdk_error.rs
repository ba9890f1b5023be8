//! How an AWS SDK error becomes a user-facing [`Error`]: SSM's code and message with a hint, never a request or
//! response body (a GetParameters body holds secret values) and never a value echoed by a validation message.

use crate::error::Error;
use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};

/// Removes any copy of `secret` from an AWS error message (SSM validation errors echo the value).
pub fn redact(message: &mut String, secret: &str) {
    if !secret.is_empty() && message.contains(secret) {
        let redacted = message.replace(secret, "<redacted>");
        zeroize::Zeroize::zeroize(&mut std::mem::replace(message, redacted));
    }
}

/// Turns an SDK error into a user-facing one: SSM's code and message, never a request body.
pub fn sdk_error<E>(op: &str, err: SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().unwrap_or("Unknown");
            let msg = e.message().unwrap_or("");
            let base = format!("{op} failed: {code}: {msg}");
            match code {
                "ParameterNotFound" | "ParameterVersionNotFound" => Error::not_found(base),
                "InvalidKeyId" => Error::invalid(base).hint("create the KMS alias named by CHAMBER_KMS_KEY_ALIAS (default alias/parameter_store_key), or point CHAMBER_KMS_KEY_ALIAS at an existing one"),
                "ValidationException" | "ParameterLimitExceeded" | "HierarchyLevelLimitExceededException"
                | "HierarchyTypeMismatchException" | "InvalidFilterKey" | "InvalidFilterValue"
                | "ParameterMaxVersionLimitExceeded" | "UnsupportedParameterType" | "ParameterPatternMismatchException" => Error::invalid(base),
                c if c.contains("AccessDenied") || c.contains("UnrecognizedClient") || c.contains("ExpiredToken") || c.contains("InvalidSignature") => {
                    Error::credentials(base).hint("check the credentials and the IAM permissions of the profile in use")
                }
                c if c.contains("Throttl") || c == "TooManyUpdates" => {
                    Error::aws(base).hint("throttled past the retry budget; raise --retries or try again")
                }
                _ => Error::aws(base),
            }
        }
        SdkError::DispatchFailure(df) => {
            // A dispatch failure happened before any response: its chain holds no response body.
            let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
            if df.is_timeout() || df.is_io() {
                Error::aws(format!("{op} failed: could not reach AWS: {detail}")).hint("check the network, the region and any endpoint override (AWS_ENDPOINT_URL_SSM, CHAMBER_AWS_SSM_ENDPOINT)")
            } else {
                Error::aws(format!("{op} failed: {detail}"))
            }
        }
        SdkError::ConstructionFailure(_) => {
            let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
            if detail.contains("credentials") {
                Error::credentials(format!("{op} failed: no usable AWS credentials: {detail}"))
                    .hint("set AWS_PROFILE/--profile, run `aws configure`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            } else {
                Error::aws(format!("{op} failed: {detail}"))
            }
        }
        SdkError::TimeoutError(_) => {
            Error::aws(format!("{op} failed: timed out")).hint("check the network; raise --retries for a slow link")
        }
        // An unreadable response: never print it (a GetParameters body holds secret values).
        SdkError::ResponseError(re) => Error::aws(format!(
            "{op} failed: AWS sent a response that could not be read (HTTP {})",
            re.raw().status().as_u16()
        )),
        _ => Error::aws(format!("{op} failed")),
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
