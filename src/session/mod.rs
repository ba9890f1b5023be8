//! AWS sessions: profile, region, credentials and the SDK configuration every client is built from. The rules
//! are in docs/sessions.md; this module and `store/` are the only places that touch the AWS SDK.
//!
//! `connect` chooses a credential source (`provider/`: environment, MFA session, default chain), resolves the
//! region (`region`), then the source's credentials, and builds the SDK configuration (`sdk`).

pub mod aws_error;
pub mod cache;
pub mod credfile;
pub mod exec_env;
mod pacing;
mod private;
pub mod profile;
mod provider;
mod region;
mod sdk;
mod status;
mod sts;
pub mod time;
pub mod transport;
pub mod tty;

pub use exec_env::{ChildEnvOptions, EnvChanges, child_env};
pub use pacing::is_throttling_code;
pub use sdk::{RetryMode, kms_client, ssm_client};
pub use sts::caller_identity;
pub use time::{describe_remaining, parse_duration, remaining_text};

use crate::error::{Error, Result};
use crate::secret::Secret;
use aws_config::SdkConfig;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_types::os_shim_internal::{Env, Fs};
use cache::CachedCredentials;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::Duration;

/// What the command line says about the AWS session.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--profile`, if given.
    pub profile: Option<String>,
    /// `--region`, if given.
    pub region: Option<String>,
    /// Max attempts per request (`--retries` / `CHAMBER_RETRIES`); 0 = SDK default.
    pub retries: u32,
    /// Retry mode.
    pub retry_mode: RetryMode,
    /// `--mfa-token` / `--mfa-code`: the MFA code, instead of a prompt on the terminal.
    pub mfa_token: Option<Secret>,
    /// `--min-ttl` / `TFSECRETS_MIN_TTL`: least remaining lifetime of session credentials (default 15 min).
    pub min_ttl: Duration,
    /// `--fresh`: ignore a cached MFA session and prompt for a new one.
    pub fresh: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: None,
            region: None,
            retries: 0,
            retry_mode: RetryMode::default(),
            mfa_token: None,
            min_ttl: DEFAULT_MIN_TTL,
            fresh: false,
        }
    }
}

/// The default `--min-ttl`: 15 minutes, the AWS CLI's refresh window.
pub const DEFAULT_MIN_TTL: Duration = Duration::from_secs(15 * 60);

/// Which row of the resolution table (docs/sessions.md §1) supplied the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// Row 1: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` from the environment (aws-vault, granted, CI...).
    Environment {
        /// `AWS_VAULT`, when set (names the aws-vault profile).
        aws_vault: Option<String>,
    },
    /// Row 2: an MFA role session (AssumeRole) through the AWS CLI cache.
    MfaRole {
        /// The role assumed.
        role_arn: String,
        /// The MFA device.
        mfa_serial: String,
        /// Whether the session came from the cache (no prompt).
        from_cache: bool,
    },
    /// Row 2 for a user profile with `mfa_serial` only: GetSessionToken, cached under `tfsecrets-sts-*`.
    MfaUser {
        /// The MFA device.
        mfa_serial: String,
        /// Whether the session came from the cache (no prompt).
        from_cache: bool,
    },
    /// Row 3: aws-config's default chain for the profile (static keys, SSO, process, role without MFA, IMDS...).
    DefaultChain,
}

/// A resolved AWS session: the SDK configuration plus what was chosen, for messages and for `exec`.
#[derive(Debug, Clone)]
pub struct Session {
    /// Configuration every client is built from.
    pub config: SdkConfig,
    /// The region in use.
    pub region: String,
    /// The profile in use, if any.
    pub profile: Option<String>,
    /// Where the credentials came from.
    pub kind: SourceKind,
    /// The session credentials tfsecrets resolved itself (rows 1 and 2); `None` for row 3.
    pub credentials: Option<CachedCredentials>,
    /// When the credentials expire, if known (all rows).
    pub expiry: Option<DateTime<Utc>>,
    /// The region to give a child (`AWS_REGION` → `AWS_DEFAULT_REGION` → profile chain; never CHAMBER_AWS_REGION).
    pub child_region: Option<String>,
    /// The MFA cache entry in use (row 2).
    pub cache_path: Option<PathBuf>,
    /// `--profile` was given while the environment held credentials (they were ignored).
    pub env_overridden: bool,
    /// The profile came from `--profile` (not from AWS_PROFILE / AWS_DEFAULT_PROFILE).
    pub profile_from_flag: bool,
}

impl Session {
    /// When the credentials expire, if known.
    pub fn expiry(&self) -> Option<DateTime<Utc>> {
        self.expiry
    }

    /// Whether less than `min_ttl` remains (always `false` when the expiry is unknown).
    pub fn needs_renewal(&self, min_ttl: Duration) -> bool {
        self.expiry.is_some_and(|e| !time::ttl_at_least(e, min_ttl))
    }

    /// Makes sure at least `opts.min_ttl` remains before handing the session to a child: an MFA session is
    /// renewed (prompting), environment credentials fail, row 3 is left to the child's own SDK.
    pub async fn ensure_min_ttl(self, opts: &Options) -> Result<Session> {
        if !self.needs_renewal(opts.min_ttl) {
            return Ok(self);
        }
        match self.kind {
            SourceKind::MfaRole { .. } | SourceKind::MfaUser { .. } => {
                let mut o = opts.clone();
                o.fresh = true;
                connect(&o).await
            }
            SourceKind::Environment { .. } => {
                Err(provider::env::too_short(self.expiry.unwrap_or_else(Utc::now), opts.min_ttl))
            }
            SourceKind::DefaultChain => Ok(self),
        }
    }
}

/// Resolves profile, region and credentials (docs/sessions.md §1), failing fast with a clear message when any
/// is missing: the first source that applies is chosen from the environment and the config files, then the
/// region is resolved, then the source's credentials. May prompt once for an MFA code on the terminal; prints
/// one status line for the environment and MFA sources.
pub async fn connect(opts: &Options) -> Result<Session> {
    let inputs = provider::Inputs::new(opts, Env::real(), Fs::real());
    let choice = provider::choose(&inputs).await?;
    let http = sdk::http_client();
    let base = ProviderConfig::default().with_http_client(http.clone());
    let region = region::resolve(opts.region.as_deref(), inputs.profile.as_deref(), &base).await?;
    let ctx = provider::Context::new(opts, inputs.profile.clone(), region, http, base);
    let found = choice.resolve(&ctx).await?;
    Ok(Session {
        config: ctx.sdk_config(found.provider).await,
        region: ctx.region,
        profile: ctx.profile,
        kind: found.kind,
        credentials: found.credentials,
        expiry: found.expiry,
        child_region: found.child_region,
        cache_path: found.cache_path,
        env_overridden: inputs.env_overridden(),
        profile_from_flag: opts.profile.is_some(),
    })
}

/// The profile name: `--profile` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE` > none (the SDK's `default`).
pub fn profile_name(flag: Option<&str>) -> Option<String> {
    profile::name(&Env::real(), flag)
}

/// The MFA cache entry of a profile (`--profile`, else the environment's, else `default`), without any AWS
/// call: `Ok(None)` when the profile is not an MFA profile.
pub async fn cache_entry_for(flag: Option<&str>) -> Result<Option<PathBuf>> {
    let name = profile_name(flag).unwrap_or_else(|| "default".to_owned());
    provider::mfa::cache_entry_for(&name).await
}

/// The credentials the session's provider hands out now (for `session --export` / `--write-profile`).
pub async fn current_credentials(session: &Session) -> Result<CachedCredentials> {
    if let Some(c) = &session.credentials {
        return Ok(c.clone());
    }
    let provider = session.config.credentials_provider().ok_or_else(|| Error::config("no credentials provider"))?;
    let c = provider
        .provide_credentials()
        .await
        .map_err(|e| Error::config(format!("cannot load credentials: {}", sdk::error_text(&e))))?;
    Ok(CachedCredentials {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: Secret::from_str_copy(c.secret_access_key()),
        session_token: c.session_token().map(Secret::from_str_copy).unwrap_or_default(),
        expiration: c.expiry().map(DateTime::<Utc>::from).unwrap_or(DateTime::<Utc>::MAX_UTC),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_threshold() {
        let mut s = Session {
            config: SdkConfig::builder().build(),
            region: "r".into(),
            profile: None,
            kind: SourceKind::DefaultChain,
            credentials: None,
            expiry: None,
            child_region: None,
            cache_path: None,
            env_overridden: false,
            profile_from_flag: false,
        };
        assert!(!s.needs_renewal(DEFAULT_MIN_TTL), "unknown expiry never needs renewal");
        s.expiry = Some(Utc::now() + chrono::TimeDelta::minutes(14));
        assert!(s.needs_renewal(DEFAULT_MIN_TTL));
        assert!(!s.needs_renewal(Duration::from_secs(600)));
    }

    #[test]
    fn session_debug_never_shows_secrets() {
        let creds = sdk::fixed_provider(
            "ASIAKEY",
            &Secret::from_str_copy("very-secret-key"),
            Some(&Secret::from_str_copy("session-token-xyz")),
            None,
        );
        let s = Session {
            config: SdkConfig::builder().credentials_provider(creds).build(),
            region: "r".into(),
            profile: None,
            kind: SourceKind::MfaUser { mfa_serial: "m".into(), from_cache: true },
            credentials: Some(CachedCredentials {
                access_key_id: "ASIAKEY".into(),
                secret_access_key: Secret::from_str_copy("very-secret-key"),
                session_token: Secret::from_str_copy("session-token-xyz"),
                expiration: Utc::now(),
            }),
            expiry: None,
            child_region: None,
            cache_path: None,
            env_overridden: false,
            profile_from_flag: false,
        };
        let text = format!("{s:?}");
        assert!(text.contains("ASIAKEY"), "the Debug output is real: {text}");
        assert!(!text.contains("very-secret-key") && !text.contains("session-token-xyz"), "{text}");
    }

    #[test]
    fn options_default_min_ttl() {
        assert_eq!(Options::default().min_ttl, Duration::from_secs(900));
        assert!(
            format!("{:?}", Options { mfa_token: Some(Secret::from_str_copy("123456")), ..Options::default() })
                .contains("<redacted>")
        );
    }
}
