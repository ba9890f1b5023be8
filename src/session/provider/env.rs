//! Row 1 (docs/sessions.md §1): `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in the environment, as aws-vault,
//! granted, activate scripts and CI set them. tfsecrets reads them itself: aws-config ignores the legacy token
//! name and both expiration variables.

use super::{Context, Inputs, Resolved};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::session::cache::CachedCredentials;
use crate::session::sdk::fixed_provider;
use crate::session::time::{describe_remaining, format_duration, parse_expiration, ttl_at_least};
use crate::session::{SourceKind, status};
use aws_types::os_shim_internal::Env;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Credentials found in the environment.
#[derive(Debug, Clone)]
pub struct EnvCredentials {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: Secret,
    /// `AWS_SESSION_TOKEN`, else the legacy `AWS_SECURITY_TOKEN`.
    pub session_token: Option<Secret>,
    /// `AWS_CREDENTIAL_EXPIRATION`, else `AWS_SESSION_EXPIRATION`; `None` when unset or unparseable.
    pub expiry: Option<DateTime<Utc>>,
    /// `AWS_VAULT` (the aws-vault profile), for the status line only.
    pub aws_vault: Option<String>,
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.get(name).ok().filter(|v| !v.is_empty())
}

impl EnvCredentials {
    /// Reads them from `env`; `None` unless both keys are set and non-empty. An unparseable expiry is warned
    /// about and treated as unknown.
    pub fn read(env: &Env) -> Option<EnvCredentials> {
        let access_key_id = var(env, "AWS_ACCESS_KEY_ID")?;
        let secret_access_key = Secret::new(var(env, "AWS_SECRET_ACCESS_KEY")?);
        let session_token = var(env, "AWS_SESSION_TOKEN").or_else(|| var(env, "AWS_SECURITY_TOKEN")).map(Secret::new);
        let mut expiry = None;
        for name in ["AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION"] {
            if let Some(text) = var(env, name) {
                expiry = parse_expiration(&text);
                if expiry.is_none() {
                    crate::ui::warn(format!("cannot parse {name}={text:?}; the credentials' expiry is unknown"));
                }
                break;
            }
        }
        Some(EnvCredentials {
            access_key_id,
            secret_access_key,
            session_token,
            expiry,
            aws_vault: var(env, "AWS_VAULT"),
        })
    }
}

/// Row 1 applies when the environment holds both keys and `--profile` was not given; credentials with a known
/// expiry less than `--min-ttl` away fail here, before any AWS call.
pub fn select(inputs: &Inputs<'_>) -> Result<Option<EnvCredentials>> {
    let Some(creds) = inputs.env_credentials.as_ref().filter(|_| inputs.opts.profile.is_none()) else {
        return Ok(None);
    };
    if let Some(e) = creds.expiry
        && !ttl_at_least(e, inputs.opts.min_ttl)
    {
        return Err(too_short(e, inputs.opts.min_ttl));
    }
    Ok(Some(creds.clone()))
}

/// The error for environment credentials that expire within `--min-ttl` (tfsecrets cannot renew them).
pub fn too_short(expiry: DateTime<Utc>, min_ttl: Duration) -> Error {
    Error::config(format!(
        "the AWS credentials in the environment {}, less than --min-ttl {}",
        describe_remaining(expiry),
        format_duration(min_ttl)
    ))
    .hint(
        "start a longer session where they come from (e.g. `aws-vault exec --duration=2h`, granted, your activate script), \
         or lower --min-ttl / TFSECRETS_MIN_TTL; tfsecrets cannot renew credentials it did not create",
    )
}

/// Hands the SDK the environment's credentials as they are, after one status line.
pub fn resolve(creds: EnvCredentials, ctx: &Context<'_>) -> Resolved {
    match status::environment(creds.aws_vault.as_deref(), creds.expiry) {
        Some(line) => status::print(&line),
        None => crate::ui::verbose("credentials from environment (AWS_ACCESS_KEY_ID)"),
    }
    crate::ui::verbose(format!("region {}", ctx.region));
    let EnvCredentials { access_key_id, secret_access_key, session_token, expiry, aws_vault } = creds;
    Resolved {
        provider: fixed_provider(&access_key_id, &secret_access_key, session_token.as_ref(), expiry),
        kind: SourceKind::Environment { aws_vault },
        credentials: Some(CachedCredentials {
            access_key_id,
            secret_access_key,
            session_token: session_token.unwrap_or_default(),
            expiration: expiry.unwrap_or(DateTime::<Utc>::MAX_UTC),
        }),
        expiry,
        child_region: None,
        cache_path: None,
    }
}
