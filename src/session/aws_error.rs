//! How an AWS SDK error becomes a user-facing [`Error`], for every client (SSM, KMS, STS): the one table of AWS
//! error codes → [`Kind`] (and so exit code, `crate::error`), and transport failures in one plain line.
//!
//! What is printed: the operation, AWS's error code and message for an answer from AWS; `cannot reach <endpoint>:
//! <cause>` when no connection could be made (`transport.rs`); the innermost cause otherwise. Never a Rust `Debug`
//! rendering, never a request or response body (a GetParameters answer holds secret values). The source chain is
//! kept for `--verbose` (as [`Error::causes`]) only where it cannot hold a body: transport, timeout and request
//! construction failures.

use super::transport::{Cause, Unreachable, chain};
use crate::error::{Error, Kind};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// The kind of an AWS error code (any service tfsecrets calls), falling back on the HTTP status for codes not
/// listed: 403 → denied, 5xx → unavailable, other 4xx → invalid.
pub fn kind_of_code(code: &str, status: Option<u16>) -> Kind {
    match code {
        "ParameterNotFound" | "ParameterVersionNotFound" => Kind::NotFound,
        // The KMS key: missing alias (SSM says InvalidKeyId, KMS NotFoundException), disabled or pending deletion.
        // Services that call KMS on the caller's behalf prefix its codes (KMSDisabledException...).
        "InvalidKeyId"
        | "NotFoundException"
        | "DisabledException"
        | "KMSInvalidStateException"
        | "InvalidKeyUsageException"
        | "KMSNotFoundException"
        | "KMSDisabledException"
        | "KMSInvalidKeyUsageException" => Kind::Config,
        // Credentials AWS does not accept: unknown key, wrong secret, expired session, clock skew, opted-out region.
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidAccessKeyId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "MissingAuthenticationToken"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "RequestExpired"
        | "RegionDisabledException" => Kind::Config,
        "UnauthorizedOperation" | "UnauthorizedException" => Kind::Denied,
        c if c.ends_with("AccessDenied") || c.ends_with("AccessDeniedException") => Kind::Denied,
        "ThrottlingException"
        | "Throttling"
        | "ThrottledException"
        | "RequestThrottled"
        | "RequestThrottledException"
        | "TooManyRequestsException"
        | "TooManyUpdates"
        | "RequestLimitExceeded"
        | "SlowDown"
        | "PriorRequestNotComplete"
        | "ProvisionedThroughputExceededException"
        | "BandwidthLimitExceeded" => Kind::Temporary,
        "InternalServerError"
        | "InternalFailure"
        | "InternalError"
        | "InternalServerException"
        | "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "KMSInternalException"
        | "KeyUnavailableException"
        | "DependencyTimeoutException"
        | "IDPCommunicationError" => Kind::Unavailable,
        "ValidationException"
        | "ValidationError"
        | "ParameterLimitExceeded"
        | "ParameterMaxVersionLimitExceeded"
        | "HierarchyLevelLimitExceededException"
        | "HierarchyTypeMismatchException"
        | "InvalidFilterKey"
        | "InvalidFilterOption"
        | "InvalidFilterValue"
        | "InvalidNextToken"
        | "UnsupportedParameterType"
        | "ParameterPatternMismatchException"
        | "InvalidAllowedPatternException"
        | "TooManyTagsError"
        | "InvalidResourceId"
        | "InvalidResourceType"
        | "MalformedPolicyDocument"
        | "PackedPolicyTooLarge" => Kind::Invalid,
        _ => match status {
            Some(403) => Kind::Denied,
            Some(s) if s >= 500 => Kind::Unavailable,
            Some(400..=499) => Kind::Invalid,
            _ => Kind::Unavailable,
        },
    }
}

/// The default "what to do next" for an AWS answer of this kind.
fn service_hint(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Denied => {
            "the identity in use lacks a permission: check its IAM policy for this action and resource (`tfsecrets session` shows the identity)"
        }
        Kind::Config => {
            "AWS did not accept the credentials or the key: check the profile, renew session credentials (a new MFA session with --fresh, `aws sso login`), the KMS key, and this machine's clock"
        }
        Kind::Temporary => "throttled past the retry budget; run the command again later, or raise --retries",
        Kind::Unavailable => "AWS kept failing after the retries; try again later",
        _ => return None,
    })
}

/// The variables that move an endpoint, for hints.
const ENDPOINT_VARS: &str =
    "CHAMBER_AWS_SSM_ENDPOINT, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL";

/// What to check for each reason a connection could not be made.
fn unreachable_hint(cause: &Cause) -> String {
    match cause {
        Cause::Refused => {
            format!(
                "nothing listens at that address: check the endpoint overrides ({ENDPOINT_VARS}) and any proxy in between"
            )
        }
        Cause::Dns(_) => format!(
            "check the network (VPN, DNS), the region (--region, AWS_REGION) and the endpoint overrides ({ENDPOINT_VARS})"
        ),
        Cause::Tls(_) => format!(
            "the endpoint does not speak TLS as expected: check the endpoint overrides ({ENDPOINT_VARS}; http:// for a local endpoint), a proxy or firewall that intercepts TLS, and this machine's clock"
        ),
        Cause::Timeout(_) => {
            "the endpoint did not answer: check the network (VPN, firewall, proxy) and the region".to_owned()
        }
        Cause::Other(_) => format!("check the network and the endpoint overrides ({ENDPOINT_VARS})"),
    }
}

/// The first STS answer in an error's source chain (a credentials provider that assumed a role, with or without
/// a web identity token): the operation, AWS's error code and message. Their `Display` would print the error
/// metadata's `Debug` form; this is what is shown instead.
pub fn sts_refusal<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<StsRefusal<'a>> {
    use aws_sdk_sts::operation::assume_role::AssumeRoleError;
    use aws_sdk_sts::operation::assume_role_with_web_identity::AssumeRoleWithWebIdentityError;
    use aws_sdk_sts::operation::get_session_token::GetSessionTokenError;
    let found = |op: &'static str, meta: &'a dyn ProvideErrorMetadata| {
        meta.code().map(|code| StsRefusal { op, code, message: meta.message().unwrap_or("") })
    };
    chain(err).find_map(|e| {
        None.or_else(|| e.downcast_ref::<AssumeRoleError>().and_then(|x| found("AssumeRole", x)))
            .or_else(|| {
                e.downcast_ref::<AssumeRoleWithWebIdentityError>().and_then(|x| found("AssumeRoleWithWebIdentity", x))
            })
            .or_else(|| e.downcast_ref::<GetSessionTokenError>().and_then(|x| found("GetSessionToken", x)))
    })
}

/// An STS refusal found by [`sts_refusal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StsRefusal<'a> {
    /// The STS operation.
    pub op: &'static str,
    /// AWS's error code (`AccessDenied`...).
    pub code: &'a str,
    /// AWS's message.
    pub message: &'a str,
}

impl std::fmt::Display for StsRefusal<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "STS {} failed: {}: {}", self.op, self.code, self.message)
    }
}

/// Each error of a chain as its Display text, outermost first, empty texts and repeats dropped.
pub fn chain_texts(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for e in chain(err) {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts
}

/// Turns an SDK error from operation `op` (`DescribeParameters`, `AssumeRole`...) into a user-facing [`Error`]
/// (module docs). Callers add service-specific hints (the KMS alias, MFA codes).
pub fn describe<E>(op: &str, err: &SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().unwrap_or("Unknown");
            let kind = kind_of_code(code, Some(se.raw().status().as_u16()));
            let err = Error::new(kind, format!("{op} failed: {code}: {}", e.message().unwrap_or("")));
            match service_hint(kind) {
                Some(h) => err.hint(h),
                None => err,
            }
        }
        SdkError::DispatchFailure(_) => {
            let causes = chain_texts(err);
            if let Some(u) = Unreachable::find(err) {
                return Error::unavailable(format!("{u} ({op})")).hint(unreachable_hint(&u.cause)).causes(causes);
            }
            let last = causes.last().cloned().unwrap_or_default();
            Error::unavailable(format!("{op} failed: the connection to AWS failed ({last}), also on every retry"))
                .hint("try again; raise --retries for a flaky network")
                .causes(causes)
        }
        SdkError::TimeoutError(_) => {
            Error::unavailable(format!("{op} failed: AWS did not answer in time, also on every retry"))
                .hint("check the network; raise --retries for a slow link")
                .causes(chain_texts(err))
        }
        // An unreadable response: never print it, nor its parse error (a GetParameters body holds secret values).
        SdkError::ResponseError(re) => Error::unavailable(format!(
            "{op} failed: the endpoint sent a response that could not be read (HTTP {})",
            re.raw().status().as_u16()
        ))
        .hint(format!("check that the endpoint overrides ({ENDPOINT_VARS}) point at AWS")),
        SdkError::ConstructionFailure(_) => {
            let causes = chain_texts(err);
            let last = causes.last().cloned().unwrap_or_default();
            if causes.iter().any(|c| c.contains("credentials")) {
                Error::config(format!("{op} failed: no usable AWS credentials ({last})"))
                    .hint("set --profile or AWS_PROFILE, run `aws configure`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                    .causes(causes)
            } else {
                Error::internal(format!("{op} failed: the request could not be built ({last})")).causes(causes)
            }
        }
        _ => Error::unavailable(format!("{op} failed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_table() {
        let cases = [
            ("ParameterNotFound", 400, Kind::NotFound),
            ("ParameterVersionNotFound", 400, Kind::NotFound),
            ("AccessDeniedException", 400, Kind::Denied),
            ("AccessDenied", 403, Kind::Denied),
            ("KMSAccessDeniedException", 400, Kind::Denied),
            ("KMSDisabledException", 400, Kind::Config),
            ("ExpiredToken", 400, Kind::Config),
            ("ExpiredTokenException", 400, Kind::Config),
            ("UnrecognizedClientException", 400, Kind::Config),
            ("InvalidSignatureException", 400, Kind::Config),
            ("InvalidClientTokenId", 403, Kind::Config),
            ("InvalidKeyId", 400, Kind::Config),
            ("NotFoundException", 400, Kind::Config),
            ("DisabledException", 400, Kind::Config),
            ("ThrottlingException", 400, Kind::Temporary),
            ("Throttling", 400, Kind::Temporary),
            ("TooManyUpdates", 400, Kind::Temporary),
            ("InternalServerError", 500, Kind::Unavailable),
            ("KMSInternalException", 500, Kind::Unavailable),
            ("ValidationException", 400, Kind::Invalid),
            ("HierarchyLevelLimitExceededException", 400, Kind::Invalid),
            // Not listed: the HTTP status decides.
            ("SomethingNew", 403, Kind::Denied),
            ("SomethingNew", 503, Kind::Unavailable),
            ("SomethingNew", 400, Kind::Invalid),
        ];
        for (code, status, kind) in cases {
            assert_eq!(kind_of_code(code, Some(status)), kind, "{code} {status}");
        }
        assert_eq!(kind_of_code("Unknown", None), Kind::Unavailable);
    }

    #[test]
    fn chain_texts_drop_repeats_and_empties() {
        let e = std::io::Error::other(std::io::Error::other("inner"));
        assert_eq!(chain_texts(&e), ["inner"]);
    }
}
