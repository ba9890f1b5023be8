//! Row 2 of the resolution table: an MFA session through the AWS CLI cache, renewed with one prompt and an
//! STS AssumeRole (or GetSessionToken for a user profile with `mfa_serial` only). Spec mfa-sessions §4–§6.

use super::cache::{self, AssumedRoleUser, CachedCredentials, Miss};
use super::profile::{self, MfaProfile, Source};
use super::tty::{self, Tty};
use crate::error::{Error, Result};
use crate::secret::Secret;
use aws_config::SdkConfig;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_sts::error::ProvideErrorMetadata;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::Duration;

/// What the caller knows that the MFA flow needs.
pub struct Request<'a> {
    /// The MFA profile.
    pub profile: &'a MfaProfile,
    /// The parsed config files.
    pub profiles: &'a aws_config::profile::ProfileSet,
    /// `--mfa-token`.
    pub token: Option<&'a Secret>,
    /// `--fresh`: ignore the cache entry.
    pub fresh: bool,
    /// Least remaining lifetime a session must have.
    pub min_ttl: Duration,
    /// Provider configuration (HTTP client, region) for source-credential providers.
    pub provider: &'a ProviderConfig,
    /// Builds the SDK configuration for the STS client from source credentials.
    pub sdk_config: &'a (dyn Fn(SharedCredentialsProvider) -> futures::future::BoxFuture<'static, SdkConfig> + Sync),
    /// The bounded IMDS client, for `credential_source = Ec2InstanceMetadata` (`None` when IMDS is disabled).
    pub imds: Option<aws_config::imds::Client>,
}

/// A usable MFA session.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The session credentials.
    pub credentials: CachedCredentials,
    /// Whether they came from the cache (no prompt, no STS call).
    pub from_cache: bool,
    /// The cache entry.
    pub cache_path: PathBuf,
}

/// Remaining lifetime of `expiry` from now (negative when past).
pub fn remaining(expiry: DateTime<Utc>) -> chrono::TimeDelta {
    expiry - Utc::now()
}

fn ttl_ok(expiry: DateTime<Utc>, min_ttl: Duration) -> bool {
    chrono::TimeDelta::from_std(min_ttl).is_ok_and(|m| remaining(expiry) >= m)
}

/// The cache file stem for a profile; GetSessionToken needs the source access key id.
fn cache_key(p: &MfaProfile, source_akid: Option<&str>) -> Option<String> {
    match p.role_key() {
        Some(k) => Some(k.key()),
        None => source_akid.map(|a| cache::sts_key(a, &p.mfa_serial, p.duration_seconds.as_deref())),
    }
}

/// The cache entry path for an MFA profile, computed without any AWS call (`None` when the source keys of a
/// GetSessionToken profile are not static keys in the files).
pub fn entry_path_for(p: &MfaProfile, profiles: &aws_config::profile::ProfileSet) -> Result<Option<PathBuf>> {
    let akid = profile::static_keys(profiles, &p.name).map(|k| k.0);
    let dir = cache::cache_dir()?;
    Ok(cache_key(p, akid.as_deref()).map(|k| cache::entry_path(&dir, &k)))
}

/// Loads the source credentials of an MFA profile (spec §2).
async fn source_credentials(req: &Request<'_>) -> Result<Credentials> {
    let p = req.profile;
    let who = |e: &(dyn std::error::Error + 'static)| {
        Error::credentials(format!(
            "cannot load the source credentials of profile {:?}: {}",
            p.name,
            super::error_text(e)
        ))
    };
    match &p.source {
        Source::Profile(src) if *src == p.name => {
            let (akid, secret, token) = profile::static_keys(req.profiles, &p.name).ok_or_else(|| {
                Error::credentials(format!(
                    "profile {:?} has mfa_serial but no aws_access_key_id/aws_secret_access_key of its own",
                    p.name
                ))
                .hint("add the IAM user's keys to ~/.aws/credentials, or set source_profile and role_arn")
            })?;
            Ok(Credentials::new(akid, secret.expose(), token.map(|t| t.expose().to_owned()), None, "tfsecrets-profile"))
        }
        Source::Profile(src) => {
            let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .configure(req.provider)
                .profile_name(src)
                .build();
            provider.provide_credentials().await.map_err(|e| who(&e))
        }
        Source::CredentialSource(kind) => {
            let result = match kind.as_str() {
                "Environment" => {
                    aws_config::environment::EnvironmentVariableCredentialsProvider::new().provide_credentials().await
                }
                "EcsContainer" => {
                    aws_config::ecs::EcsCredentialsProvider::builder()
                        .configure(req.provider)
                        .build()
                        .provide_credentials()
                        .await
                }
                _ => {
                    let Some(client) = req.imds.clone() else {
                        return Err(Error::credentials(format!(
                            "profile {:?}: credential_source = Ec2InstanceMetadata but AWS_EC2_METADATA_DISABLED is set",
                            p.name
                        )));
                    };
                    aws_config::imds::credentials::ImdsCredentialsProvider::builder()
                        .configure(req.provider)
                        .imds_client(client)
                        .build()
                        .provide_credentials()
                        .await
                }
            };
            result.map_err(|e| who(&e))
        }
    }
}

/// Where the MFA code will come from, settled before any AWS call.
enum CodeSource<'a> {
    Flag(&'a Secret),
    Terminal(Tty),
}

fn code_source<'a>(req: &Request<'a>) -> Result<CodeSource<'a>> {
    if let Some(t) = req.token {
        if !tty::valid_code(t.expose().trim()) {
            return Err(Error::invalid("--mfa-token must be a 6-digit code"));
        }
        return Ok(CodeSource::Flag(t));
    }
    Tty::open().map(CodeSource::Terminal).ok_or_else(|| {
        Error::credentials(format!(
            "profile {:?} needs an MFA code for {} and there is no terminal to ask on",
            req.profile.name, req.profile.mfa_serial
        ))
        .hint(format!(
            "pass --mfa-token CODE, or start the session from a terminal first (`tfsecrets session --profile {0}` or `aws sts get-caller-identity --profile {0}`: both fill the shared cache)",
            req.profile.name
        ))
    })
}

fn to_utc(t: &aws_smithy_types::DateTime) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos()).ok_or_else(|| Error::aws("STS returned an invalid Expiration"))
}

fn denied_hint(p: &MfaProfile) -> String {
    format!(
        "check: a wrong or already-used MFA code (each code works once; wait for the next), clock skew on this machine, \
         mfa_serial on the wrong profile (it must be on {:?} itself, not on its source profile), \
         and for role chaining the 1-hour cap on duration_seconds",
        p.name
    )
}

fn sts_error<E>(p: &MfaProfile, what: &str, e: &aws_sdk_sts::error::SdkError<E>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match e.as_service_error() {
        Some(se) => {
            let code = se.code().unwrap_or("unknown");
            let msg = se.message().unwrap_or("");
            let err = Error::aws(format!("{what} for profile {:?} failed: {code}: {msg}", p.name));
            if code == "AccessDenied" || code.contains("Denied") || code == "InvalidClientTokenId" {
                err.hint(denied_hint(p))
            } else {
                err
            }
        }
        None => Error::aws(format!("{what} for profile {:?} failed: {}", p.name, super::error_text(e))),
    }
}

/// Runs STS AssumeRole or GetSessionToken with the code.
async fn call_sts(
    req: &Request<'_>,
    client: &aws_sdk_sts::Client,
    code: &Secret,
) -> Result<(CachedCredentials, Option<AssumedRoleUser>)> {
    let p = req.profile;
    let duration: Option<i32> = match &p.duration_seconds {
        Some(d) => Some(
            d.parse()
                .map_err(|_| Error::invalid(format!("profile {:?}: duration_seconds {d} is out of range", p.name)))?,
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
    let c = creds.ok_or_else(|| Error::aws("STS returned no credentials"))?;
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

/// Returns a session for an MFA profile: the cached one when it has at least `min_ttl` left, else a new one
/// (one prompt, one STS call, cache written before the credentials are used).
pub async fn obtain(req: &Request<'_>) -> Result<Outcome> {
    let p = req.profile;
    let dir = cache::cache_dir()?;
    // GetSessionToken keys on the source key id; a role profile needs no AWS call to find its entry.
    let mut source: Option<Credentials> = None;
    if p.role_arn.is_none() {
        source = Some(source_credentials(req).await?);
    }
    let key = cache_key(p, source.as_ref().map(|c| c.access_key_id()))
        .ok_or_else(|| Error::credentials("internal: no cache key"))?;
    let path = cache::entry_path(&dir, &key);
    if req.fresh {
        crate::ui::verbose(format!("--fresh: not using {}", path.display()));
    } else {
        match cache::read_entry(&path) {
            Ok(c) if ttl_ok(c.expiration, req.min_ttl) => {
                return Ok(Outcome { credentials: c, from_cache: true, cache_path: path });
            }
            Ok(c) => crate::ui::note(format!(
                "cached MFA session for profile {:?} {}: renewing (min-ttl {})",
                p.name,
                super::describe_remaining(c.expiration),
                super::format_duration(req.min_ttl)
            )),
            Err(Miss::Absent) => {}
            Err(Miss::Corrupt(why)) => {
                crate::ui::warn(format!("ignoring cache entry {} ({why}); it will be replaced", path.display()))
            }
        }
    }
    let length = p.session_seconds();
    if u64::try_from(length).unwrap_or(0) < req.min_ttl.as_secs() {
        return Err(Error::invalid(format!(
            "profile {:?}: a new session would last {} ({}), less than --min-ttl {}",
            p.name,
            super::format_duration(Duration::from_secs(u64::try_from(length).unwrap_or(0))),
            if p.duration_seconds.is_some() { "duration_seconds" } else { "the default; duration_seconds is unset" },
            super::format_duration(req.min_ttl)
        ))
        .hint("raise duration_seconds in the profile (within the role's maximum session) or lower --min-ttl / TFSECRETS_MIN_TTL"));
    }
    let mut code_src = code_source(req)?;
    let source = match source {
        Some(s) => s,
        None => source_credentials(req).await?,
    };
    let code = match &mut code_src {
        CodeSource::Flag(t) => (*t).clone(),
        CodeSource::Terminal(tty) => tty.ask_mfa_code(&p.mfa_serial)?,
    };
    let config = (req.sdk_config)(SharedCredentialsProvider::new(source)).await;
    let client = aws_sdk_sts::Client::new(&config);
    let (creds, user) = call_sts(req, &client, &code).await?;
    drop(code);
    let path = cache::write_entry(&dir, &key, &creds, user.as_ref())?;
    Ok(Outcome { credentials: creds, from_cache: false, cache_path: path })
}
