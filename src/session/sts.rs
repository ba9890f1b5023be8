//! The STS calls: AssumeRole or GetSessionToken with an MFA code (docs/sessions.md §6), GetCallerIdentity.

use super::Session;
use super::aws_error;
use super::cache::{AssumedRoleUser, CachedCredentials};
use super::profile::MfaProfile;
use super::sdk::sts_client;
use crate::error::{Error, Kind, Result};
use crate::secret::Secret;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use chrono::{DateTime, Utc};

/// The caller's identity: `(account, arn)` from STS GetCallerIdentity.
pub async fn caller_identity(session: &Session) -> Result<(String, String)> {
    let out = sts_client(&session.config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| aws_error::describe("GetCallerIdentity", &e))?;
    Ok((out.account().unwrap_or_default().to_owned(), out.arn().unwrap_or_default().to_owned()))
}

fn to_utc(t: &aws_smithy_types::DateTime) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
        .ok_or_else(|| Error::unavailable("STS returned an invalid Expiration"))
}

fn denied_hint(p: &MfaProfile) -> String {
    format!(
        "check: a wrong or already-used MFA code (each code works once; wait for the next), clock skew on this machine, \
         mfa_serial on the wrong profile (it must be on {:?} itself, not on its source profile), \
         and for role chaining the 1-hour cap on duration_seconds",
        p.name
    )
}

/// An STS error for an MFA call: a refused code (AccessDenied) says what to check; a ValidationError is the
/// profile's (a `duration_seconds` over the role's maximum, a malformed `role_arn`).
fn sts_error<E>(p: &MfaProfile, what: &str, e: &SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let err = aws_error::describe(&format!("{what} for profile {:?}", p.name), e);
    match e.as_service_error().and_then(|se| se.code()) {
        Some("AccessDenied") => err.hint(denied_hint(p)),
        Some("ValidationError") => Error { kind: Kind::Config, ..err }.hint(format!(
            "check role_arn, duration_seconds (at most the role's maximum session) and external_id of profile {:?}",
            p.name
        )),
        _ => err,
    }
}

/// Runs STS AssumeRole (profile with `role_arn`) or GetSessionToken (without) with the MFA code; no retry on
/// AccessDenied. Only the configured optional fields are sent.
pub async fn mfa_session(
    p: &MfaProfile,
    client: &aws_sdk_sts::Client,
    code: &Secret,
) -> Result<(CachedCredentials, Option<AssumedRoleUser>)> {
    let duration: Option<i32> = match &p.duration_seconds {
        Some(d) => Some(
            d.parse()
                .map_err(|_| Error::config(format!("profile {:?}: duration_seconds {d} is out of range", p.name)))?,
        ),
        None => None,
    };
    let (creds, user) = if let Some(role_arn) = &p.role_arn {
        let session_name =
            p.role_session_name.clone().unwrap_or_else(|| format!("tfsecrets-{}", Utc::now().timestamp()));
        let out = client
            .assume_role()
            .role_arn(role_arn)
            .role_session_name(session_name)
            .serial_number(&p.mfa_serial)
            .token_code(code.expose().trim())
            .set_duration_seconds(duration)
            .set_external_id(p.external_id.clone())
            .send()
            .await
            .map_err(|e| sts_error(p, "AssumeRole", &e))?;
        let user = out
            .assumed_role_user()
            .map(|u| AssumedRoleUser { assumed_role_id: u.assumed_role_id().to_owned(), arn: u.arn().to_owned() });
        (out.credentials().cloned(), user)
    } else {
        let out = client
            .get_session_token()
            .serial_number(&p.mfa_serial)
            .token_code(code.expose().trim())
            .duration_seconds(duration.unwrap_or(3600))
            .send()
            .await
            .map_err(|e| sts_error(p, "GetSessionToken", &e))?;
        (out.credentials().cloned(), None)
    };
    let c = creds.ok_or_else(|| Error::unavailable("STS returned no credentials"))?;
    Ok((
        CachedCredentials {
            access_key_id: c.access_key_id().to_owned(),
            secret_access_key: Secret::from_str_copy(c.secret_access_key()),
            session_token: Secret::from_str_copy(c.session_token()),
            expiration: to_utc(c.expiration())?,
        },
        user,
    ))
}
