//! The credential sources, tried in the order of docs/sessions.md §1: the environment (aws-vault, granted, CI),
//! an MFA session through the AWS CLI cache, aws-config's default chain. Choosing one reads only the
//! environment and the config files; resolving it may prompt and call AWS.

pub mod chain;
pub mod env;
pub mod mfa;

use super::cache::CachedCredentials;
use super::profile::{self, MfaProfile};
use super::sdk::{self, bounded_imds, imds_disabled};
use super::{Options, SourceKind};
use crate::error::Result;
use aws_config::SdkConfig;
use aws_config::imds;
use aws_config::profile::ProfileSet;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::os_shim_internal::{Env, Fs};
use aws_types::region::Region;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// What choosing a source reads: the options, the environment and the config files (real ones, or given ones
/// in tests).
pub struct Inputs<'a> {
    /// The command line.
    pub opts: &'a Options,
    /// The profile name: `--profile` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE` > none.
    pub profile: Option<String>,
    /// Row 1's credentials, when the environment holds both keys.
    pub env_credentials: Option<env::EnvCredentials>,
    env: Env,
    fs: Fs,
}

impl<'a> Inputs<'a> {
    /// Reads the profile name and the environment's credentials from `env`; the config files come from `fs`.
    pub fn new(opts: &'a Options, env: Env, fs: Fs) -> Self {
        Inputs {
            opts,
            profile: profile::name(&env, opts.profile.as_deref()),
            env_credentials: env::EnvCredentials::read(&env),
            env,
            fs,
        }
    }

    /// `--profile` was given while the environment holds credentials: the profile wins (docs/sessions.md §1).
    pub fn env_overridden(&self) -> bool {
        self.opts.profile.is_some() && self.env_credentials.is_some()
    }
}

/// The source chosen, with what resolving it needs.
pub enum Choice {
    /// Row 1: keys in the environment.
    Environment(env::EnvCredentials),
    /// Row 2: a profile with `mfa_serial`.
    Mfa {
        /// The profile's MFA settings.
        profile: MfaProfile,
        /// The parsed config files.
        profiles: ProfileSet,
    },
    /// Row 3: aws-config's default chain for the profile.
    Chain {
        /// The parsed config files.
        profiles: ProfileSet,
        /// `--profile` overrode keys in the environment: the chain must not pick them up.
        skip_env: bool,
    },
}

/// Picks the first source that applies (docs/sessions.md §1), failing on a broken profile before any network
/// call: no prompt, no AWS request, no IMDS.
pub async fn choose(inputs: &Inputs<'_>) -> Result<Choice> {
    if let Some(creds) = env::select(inputs)? {
        return Ok(Choice::Environment(creds));
    }
    if let (true, Some(p)) = (inputs.env_overridden(), &inputs.opts.profile) {
        crate::ui::note(format!("--profile {p} given: ignoring the AWS credentials in the environment"));
    }
    let profiles = profile::load_with(&inputs.fs, &inputs.env, inputs.profile.as_deref()).await?;
    if let Some(p) = &inputs.profile
        && !profile::exists(&profiles, p)
    {
        return Err(profile::unknown_profile(p));
    }
    match mfa::select(&profiles, inputs.profile.as_deref())? {
        Some(profile) => Ok(Choice::Mfa { profile, profiles }),
        None => Ok(Choice::Chain { profiles, skip_env: inputs.env_overridden() }),
    }
}

impl Choice {
    /// Resolves the chosen source's credentials (may prompt once and call STS, SSO, IMDS...).
    pub async fn resolve(self, ctx: &Context<'_>) -> Result<Resolved> {
        match self {
            Choice::Environment(creds) => Ok(env::resolve(creds, ctx)),
            Choice::Mfa { profile, profiles } => mfa::resolve(&profile, &profiles, ctx).await,
            Choice::Chain { profiles, skip_env } => chain::resolve(&profiles, skip_env, ctx).await,
        }
    }
}

/// What resolving a source needs once it is chosen: region, HTTP and IMDS clients.
pub struct Context<'a> {
    /// The command line.
    pub opts: &'a Options,
    /// The profile name, if any.
    pub profile: Option<String>,
    /// The region in use.
    pub region: String,
    /// The HTTP client every AWS client shares.
    pub http: SharedHttpClient,
    /// Provider configuration (HTTP client and region) for aws-config's own providers.
    pub provider: ProviderConfig,
    /// The bounded IMDS client; `None` when `AWS_EC2_METADATA_DISABLED=true`.
    pub imds: Option<imds::Client>,
}

impl<'a> Context<'a> {
    /// The context for `region`; `base` is the provider configuration the region was resolved with.
    pub fn new(
        opts: &'a Options,
        profile: Option<String>,
        region: String,
        http: SharedHttpClient,
        base: ProviderConfig,
    ) -> Self {
        let provider = base.with_region(Some(Region::new(region.clone())));
        let imds = (!imds_disabled()).then(|| bounded_imds(&provider));
        Context { opts, profile, region, http, provider, imds }
    }

    /// The SDK configuration every client is built from, with `creds` as its credentials provider.
    pub async fn sdk_config(&self, creds: SharedCredentialsProvider) -> SdkConfig {
        sdk::sdk_config(self.opts, self.profile.as_deref(), &self.region, self.http.clone(), creds).await
    }
}

/// A resolved source: the credentials provider for the SDK and what `exec` and messages need.
pub struct Resolved {
    /// The credentials provider the SDK configuration gets.
    pub provider: SharedCredentialsProvider,
    /// Which source.
    pub kind: SourceKind,
    /// The credentials tfsecrets resolved itself (rows 1 and 2).
    pub credentials: Option<CachedCredentials>,
    /// When they expire, if known.
    pub expiry: Option<DateTime<Utc>>,
    /// The region a child gets (row 2).
    pub child_region: Option<String>,
    /// The MFA cache entry in use (row 2).
    pub cache_path: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const CONFIG: &str = "
[default]
region = eu-west-1

[profile base]
aws_access_key_id = AKIABASE
aws_secret_access_key = s

[profile admin]
role_arn = arn:aws:iam::123456789012:role/prod-admin
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile user]
aws_access_key_id = AKIAUSER
aws_secret_access_key = s
mfa_serial = arn:aws:iam::111111111111:mfa/bob

[profile plain-role]
role_arn = arn:aws:iam::123456789012:role/ci
source_profile = base

[profile broken]
role_arn = arn:aws:iam::123456789012:role/x
mfa_serial = m
";

    const KEYS: [(&str, &str); 2] = [("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "envsecret")];

    /// Which source `choose` picks for these flags, environment and config file (`default` given by `config`).
    async fn pick(flag: Option<&str>, vars: &[(&str, &str)], config: &str) -> Result<(String, bool)> {
        let opts = Options { profile: flag.map(str::to_owned), ..Options::default() };
        let mut all = vec![("AWS_CONFIG_FILE", "/cfg"), ("AWS_SHARED_CREDENTIALS_FILE", "/creds"), ("HOME", "/home")];
        all.extend_from_slice(vars);
        let inputs = Inputs::new(&opts, Env::from_slice(&all), Fs::from_slice(&[("/cfg", config), ("/creds", "")]));
        let overridden = inputs.env_overridden();
        Ok((
            match choose(&inputs).await? {
                Choice::Environment(c) => format!("environment {}", c.access_key_id),
                Choice::Mfa { profile, .. } => {
                    format!("mfa {} {}", profile.name, if profile.role_arn.is_some() { "role" } else { "user" })
                }
                Choice::Chain { skip_env, .. } => format!("chain skip_env={skip_env}"),
            },
            overridden,
        ))
    }

    async fn source(flag: Option<&str>, vars: &[(&str, &str)]) -> String {
        pick(flag, vars, CONFIG).await.map(|(s, _)| s).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[tokio::test]
    async fn environment_keys_win_without_a_profile_flag() {
        assert_eq!(source(None, &KEYS).await, "environment AKIAENV");
        // AWS_PROFILE does not beat keys in the environment (aws-vault sets both), even an unknown one.
        let with_profile = [KEYS[0], KEYS[1], ("AWS_PROFILE", "admin")];
        assert_eq!(source(None, &with_profile).await, "environment AKIAENV");
        let ghost = [KEYS[0], KEYS[1], ("AWS_PROFILE", "ghost")];
        assert_eq!(source(None, &ghost).await, "environment AKIAENV");
        // Both keys are needed, and an empty value counts as unset.
        assert_eq!(source(None, &[KEYS[0]]).await, "chain skip_env=false");
        assert_eq!(source(None, &[KEYS[0], ("AWS_SECRET_ACCESS_KEY", "")]).await, "chain skip_env=false");
    }

    #[tokio::test]
    async fn a_profile_flag_beats_environment_keys() {
        assert_eq!(pick(Some("admin"), &KEYS, CONFIG).await.unwrap(), ("mfa admin role".to_owned(), true));
        assert_eq!(pick(Some("plain-role"), &KEYS, CONFIG).await.unwrap(), ("chain skip_env=true".to_owned(), true));
        assert_eq!(pick(Some("plain-role"), &[], CONFIG).await.unwrap(), ("chain skip_env=false".to_owned(), false));
    }

    #[tokio::test]
    async fn mfa_serial_on_the_profile_selects_an_mfa_session() {
        assert_eq!(source(None, &[("AWS_PROFILE", "admin")]).await, "mfa admin role");
        assert_eq!(source(None, &[("AWS_PROFILE", "user")]).await, "mfa user user");
        assert_eq!(source(None, &[("AWS_DEFAULT_PROFILE", "admin")]).await, "mfa admin role");
        assert_eq!(source(Some("user"), &[("AWS_PROFILE", "admin")]).await, "mfa user user", "flag beats AWS_PROFILE");
        assert_eq!(source(None, &[("AWS_PROFILE", "plain-role")]).await, "chain skip_env=false");
        assert_eq!(source(None, &[("AWS_PROFILE", "base")]).await, "chain skip_env=false");
        assert_eq!(source(None, &[]).await, "chain skip_env=false");
        // No profile named: the default profile's own mfa_serial counts.
        let config = "[default]\naws_access_key_id = A\naws_secret_access_key = s\nmfa_serial = m\n";
        assert_eq!(pick(None, &[], config).await.unwrap().0, "mfa default user");
    }

    #[tokio::test]
    async fn broken_or_unknown_profiles_fail_before_any_aws_call() {
        let e = source(Some("ghost"), &[]).await;
        assert!(e.starts_with("error: AWS profile \"ghost\" not found"), "{e}");
        let e = source(None, &[("AWS_PROFILE", "ghost")]).await;
        assert!(e.starts_with("error: AWS profile \"ghost\" not found"), "{e}");
        let e = source(None, &[("AWS_PROFILE", "broken")]).await;
        assert!(e.contains("neither source_profile nor credential_source"), "{e}");
    }

    #[tokio::test]
    async fn environment_credentials_read_legacy_names_and_fail_on_short_expiry() {
        let soon = crate::session::time::format_env_expiration(Utc::now() + chrono::TimeDelta::minutes(5));
        let later = crate::session::time::format_env_expiration(Utc::now() + chrono::TimeDelta::hours(2));
        let e = source(None, &[KEYS[0], KEYS[1], ("AWS_CREDENTIAL_EXPIRATION", &soon)]).await;
        assert!(e.contains("less than --min-ttl 15m"), "{e}");
        let e = source(None, &[KEYS[0], KEYS[1], ("AWS_SESSION_EXPIRATION", &soon)]).await;
        assert!(e.contains("less than --min-ttl 15m"), "AWS_SESSION_EXPIRATION alone is honoured: {e}");
        let both = [KEYS[0], KEYS[1], ("AWS_CREDENTIAL_EXPIRATION", &later), ("AWS_SESSION_EXPIRATION", &soon)];
        assert_eq!(source(None, &both).await, "environment AKIAENV", "AWS_CREDENTIAL_EXPIRATION comes first");
        // A short expiry does not matter when --profile overrides the environment.
        assert_eq!(
            source(Some("base"), &[KEYS[0], KEYS[1], ("AWS_CREDENTIAL_EXPIRATION", &soon)]).await,
            "chain skip_env=true"
        );

        let env = Env::from_slice(&[
            KEYS[0],
            KEYS[1],
            ("AWS_SECURITY_TOKEN", "legacy"),
            ("AWS_CREDENTIAL_EXPIRATION", &later),
            ("AWS_VAULT", "prod"),
        ]);
        let c = env::EnvCredentials::read(&env).unwrap();
        assert_eq!(c.session_token.as_ref().map(|t| t.expose()), Some("legacy"));
        assert_eq!(c.aws_vault.as_deref(), Some("prod"));
        assert!(c.expiry.is_some());
        let opts = Options { min_ttl: Duration::from_secs(3 * 3600), ..Options::default() };
        let inputs = Inputs::new(&opts, env, Fs::from_slice(&[]));
        let e = env::select(&inputs).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("less than --min-ttl 3h00m"), "{e}");
    }
}
