//! AWS sessions: profile, region, credentials and the SDK configuration every client is built from.
//!
//! This module and `store/` are the only places that touch the AWS SDK.

pub mod cache;
pub mod credfile;
pub mod env;
pub mod mfa;
pub mod profile;
pub mod tty;

pub use env::{ChildEnvOptions, EnvChanges, child_env};

use crate::error::{Error, Result};
use crate::secret::Secret;
use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::imds;
use aws_config::imds::region::ImdsRegionProvider;
use aws_config::meta::region::ProvideRegion;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::region::Region;
use cache::CachedCredentials;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::Duration;

/// How the SDK retries throttled and failed requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RetryMode {
    /// Exponential backoff with full jitter.
    #[default]
    Standard,
    /// Standard plus client-side rate limiting.
    Adaptive,
}

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

/// Which row of the resolution table (spec mfa-sessions §1) supplied the credentials.
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
        match (self.expiry, chrono::TimeDelta::from_std(min_ttl)) {
            (Some(e), Ok(m)) => e - Utc::now() < m,
            (Some(_), Err(_)) => true,
            (None, _) => false,
        }
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
            SourceKind::Environment { .. } => Err(env_too_short(self.expiry.unwrap_or_else(Utc::now), opts.min_ttl)),
            SourceKind::DefaultChain => Ok(self),
        }
    }
}

/// Parses a duration such as `90m`, `1h30m`, `900s` or `0s` (units h, m, s; at least one).
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let bad = || format!("invalid duration {text:?}: use e.g. 90m, 1h30m or 900s");
    if t.is_empty() {
        return Err(bad());
    }
    let (mut total, mut num, mut last_unit): (u64, Option<u64>, usize) = (0, None, 0);
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(num.unwrap_or(0).checked_mul(10).and_then(|n| n.checked_add(u64::from(d))).ok_or_else(bad)?);
            continue;
        }
        let (rank, mult) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return Err(bad()),
        };
        let n = num.take().ok_or_else(bad)?;
        if rank <= last_unit {
            return Err(bad());
        }
        last_unit = rank;
        total = n.checked_mul(mult).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
    }
    if num.is_some() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration compactly: `45s`, `52m`, `1h05m`.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    }
}

/// `in 52m` or `3m ago`.
pub fn remaining_text(expiry: DateTime<Utc>) -> String {
    let left = expiry - Utc::now();
    match left.to_std() {
        Ok(d) => format!("in {}", format_duration(d)),
        Err(_) => format!("{} ago", format_duration((-left).to_std().unwrap_or_default())),
    }
}

/// `expires 14:32 UTC (in 52m)` or `expired 14:32 UTC (3m ago)`.
pub fn describe_remaining(expiry: DateTime<Utc>) -> String {
    let verb = if expiry > Utc::now() { "expires" } else { "expired" };
    format!("{verb} {} ({})", expiry.format("%H:%M UTC"), remaining_text(expiry))
}

fn env_too_short(expiry: DateTime<Utc>, min_ttl: Duration) -> Error {
    Error::credentials(format!(
        "the AWS credentials in the environment {}, less than --min-ttl {}",
        describe_remaining(expiry),
        format_duration(min_ttl)
    ))
    .hint(
        "start a longer session where they come from (e.g. `aws-vault exec --duration=2h`, granted, your activate script), \
         or lower --min-ttl / TFSECRETS_MIN_TTL; tfsecrets cannot renew credentials it did not create",
    )
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The profile name: `--profile` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE` > none (the SDK's `default`).
pub fn profile_name(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_owned).or_else(|| env_nonempty("AWS_PROFILE")).or_else(|| env_nonempty("AWS_DEFAULT_PROFILE"))
}

fn imds_disabled() -> bool {
    std::env::var("AWS_EC2_METADATA_DISABLED").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The one HTTP client (rustls with ring) shared by every AWS client.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// An IMDS client that gives up fast off EC2 (one attempt, 250 ms connect, 1 s overall).
fn bounded_imds(provider: &ProviderConfig) -> imds::Client {
    imds::Client::builder()
        .configure(provider)
        .max_attempts(1)
        .connect_timeout(Duration::from_millis(250))
        .read_timeout(Duration::from_millis(500))
        .operation_timeout(Duration::from_secs(1))
        .build()
}

/// The retry policy: standard or adaptive, `attempts` (0 → `AWS_MAX_ATTEMPTS` or 3).
pub fn retry_config(mode: RetryMode, attempts: u32) -> RetryConfig {
    let base = match mode {
        RetryMode::Standard => RetryConfig::standard(),
        RetryMode::Adaptive => RetryConfig::adaptive(),
    };
    let attempts = if attempts > 0 {
        attempts
    } else {
        env_nonempty("AWS_MAX_ATTEMPTS").and_then(|v| v.parse().ok()).unwrap_or(3)
    };
    let mut rc = base.with_max_attempts(attempts.max(1));
    // Test and tuning knob: the first backoff step (default 1 s; jittered, doubling up to 20 s).
    if let Some(ms) = env_nonempty("TFSECRETS_RETRY_BASE_MS").and_then(|v| v.parse::<u64>().ok()) {
        rc = rc
            .with_initial_backoff(Duration::from_millis(ms))
            .with_max_backoff(Duration::from_millis(ms.saturating_mul(20).max(1)));
    }
    rc
}

async fn resolve_region(opts: &Options, profile: Option<&str>, provider: &ProviderConfig) -> Result<String> {
    if let Some(r) = opts.region.clone().filter(|r| !r.is_empty()) {
        return Ok(r);
    }
    for var in ["CHAMBER_AWS_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(r) = env_nonempty(var) {
            return Ok(r);
        }
    }
    let mut builder = ProfileFileRegionProvider::builder().configure(provider);
    if let Some(p) = profile {
        builder = builder.profile_name(p);
    }
    if let Some(r) = ProvideRegion::region(&builder.build()).await {
        return Ok(r.to_string());
    }
    if !imds_disabled() {
        let imds = ImdsRegionProvider::builder().configure(provider).imds_client(bounded_imds(provider)).build();
        if let Some(r) = ProvideRegion::region(&imds).await {
            return Ok(r.to_string());
        }
    }
    Err(Error::credentials("no AWS region configured").hint(
        "pass --region, set AWS_REGION (or CHAMBER_AWS_REGION), or add `region = ...` to the profile in ~/.aws/config",
    ))
}

/// Access key id, secret key, session token and expiry, as found in the environment.
type EnvCredentials = (String, Secret, Option<Secret>, Option<DateTime<Utc>>);

/// Row 1 credentials read from the environment: keys, token (`AWS_SESSION_TOKEN`, else `AWS_SECURITY_TOKEN`)
/// and expiry (`AWS_CREDENTIAL_EXPIRATION`, else `AWS_SESSION_EXPIRATION`); `None` when the keys are not both set.
fn env_credentials() -> Option<EnvCredentials> {
    let akid = env_nonempty("AWS_ACCESS_KEY_ID")?;
    let secret = Secret::new(env_nonempty("AWS_SECRET_ACCESS_KEY")?);
    let token = env_nonempty("AWS_SESSION_TOKEN").or_else(|| env_nonempty("AWS_SECURITY_TOKEN")).map(Secret::new);
    let mut expiry = None;
    for var in ["AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION"] {
        if let Some(text) = env_nonempty(var) {
            expiry = cache::parse_expiration(&text);
            if expiry.is_none() {
                crate::ui::warn(format!("cannot parse {var}={text:?}; the credentials' expiry is unknown"));
            }
            break;
        }
    }
    Some((akid, secret, token, expiry))
}

fn fixed_provider(
    akid: &str,
    secret: &Secret,
    token: Option<&Secret>,
    expiry: Option<DateTime<Utc>>,
) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new(
        akid,
        secret.expose(),
        token.map(|t| t.expose().to_owned()),
        expiry.map(std::time::SystemTime::from),
        "tfsecrets",
    ))
}

/// The SDK configuration for a region, profile and credentials provider (endpoints from env and profile).
async fn sdk_config(
    opts: &Options,
    profile: Option<&str>,
    region: &str,
    http: SharedHttpClient,
    creds: SharedCredentialsProvider,
) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .region(Region::new(region.to_owned()))
        .credentials_provider(creds)
        .retry_config(retry_config(opts.retry_mode, opts.retries))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .build(),
        );
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    loader.load().await
}

/// The region a child gets: `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile chain (never CHAMBER_AWS_REGION).
fn child_region(profiles: &aws_config::profile::ProfileSet, profile: Option<&str>) -> Option<String> {
    env_nonempty("AWS_REGION")
        .or_else(|| env_nonempty("AWS_DEFAULT_REGION"))
        .or_else(|| self::profile::region(profiles, profile.unwrap_or("default")))
}

/// Resolves profile, region and credentials (spec mfa-sessions §1), failing fast with a clear message when any
/// is missing. May prompt once for an MFA code on the terminal; prints one status line for rows 1 and 2.
pub async fn connect(opts: &Options) -> Result<Session> {
    let profile = profile_name(opts.profile.as_deref());
    let http = http_client();
    let base_provider = ProviderConfig::default().with_http_client(http.clone());
    let env_creds = env_credentials();

    // Row 1: credentials in the environment, unless --profile was given.
    if let (Some((akid, secret, token, expiry)), None) = (&env_creds, &opts.profile) {
        if let Some(e) = expiry
            && !ttl_at_least(*e, opts.min_ttl)
        {
            return Err(env_too_short(*e, opts.min_ttl));
        }
        let region = resolve_region(opts, profile.as_deref(), &base_provider).await?;
        let aws_vault = env_nonempty("AWS_VAULT");
        if aws_vault.is_some() || expiry.is_some() {
            let from = aws_vault.as_deref().map(|v| format!(" (aws-vault: {v})")).unwrap_or_default();
            let when = expiry
                .map(|e| format!(", {}", describe_remaining(e).replacen("expires", "expire", 1)))
                .unwrap_or_default();
            status_line(format!("credentials from environment{from}{when}"));
        } else {
            crate::ui::verbose("credentials from environment (AWS_ACCESS_KEY_ID)");
        }
        let creds = fixed_provider(akid, secret, token.as_ref(), *expiry);
        let config = sdk_config(opts, profile.as_deref(), &region, http, creds).await;
        crate::ui::verbose(format!("region {region}"));
        return Ok(Session {
            config,
            region,
            profile,
            kind: SourceKind::Environment { aws_vault },
            credentials: Some(CachedCredentials {
                access_key_id: akid.clone(),
                secret_access_key: secret.clone(),
                session_token: token.clone().unwrap_or_default(),
                expiration: expiry.unwrap_or(DateTime::<Utc>::MAX_UTC),
            }),
            expiry: *expiry,
            child_region: None,
            cache_path: None,
            env_overridden: false,
            profile_from_flag: false,
        });
    }
    let env_overridden = env_creds.is_some();
    if let (true, Some(p)) = (env_overridden, &opts.profile) {
        crate::ui::note(format!("--profile {p} given: ignoring the AWS credentials in the environment"));
    }

    let profiles = self::profile::load(profile.as_deref()).await?;
    if let Some(p) = &profile
        && !self::profile::exists(&profiles, p)
    {
        return Err(self::profile::unknown_profile(p));
    }
    let mfa_profile = match &profile {
        Some(p) => self::profile::mfa_profile(&profiles, p)?,
        None => self::profile::mfa_profile(&profiles, "default")?,
    };
    let region = resolve_region(opts, profile.as_deref(), &base_provider).await?;
    let provider = base_provider.with_region(Some(Region::new(region.clone())));
    let imds = (!imds_disabled()).then(|| bounded_imds(&provider));

    // Row 2: an MFA profile.
    if let Some(mp) = mfa_profile {
        let build = |creds: SharedCredentialsProvider| -> futures::future::BoxFuture<'static, SdkConfig> {
            let (opts, profile, region, http) = (opts.clone(), profile.clone(), region.clone(), http.clone());
            Box::pin(async move { sdk_config(&opts, profile.as_deref(), &region, http, creds).await })
        };
        let req = mfa::Request {
            profile: &mp,
            profiles: &profiles,
            token: opts.mfa_token.as_ref(),
            fresh: opts.fresh,
            min_ttl: opts.min_ttl,
            provider: &provider,
            sdk_config: &build,
            imds: imds.clone(),
        };
        let out = mfa::obtain(&req).await?;
        let c = &out.credentials;
        let what = match &mp.role_arn {
            Some(arn) => format!("for {arn}"),
            None => format!("(GetSessionToken) for {}", mp.mfa_serial),
        };
        let how = if out.from_cache { "from cache" } else { "new" };
        status_line(format!("MFA session {what} {how}, {}", describe_remaining(c.expiration)));
        let creds = fixed_provider(&c.access_key_id, &c.secret_access_key, Some(&c.session_token), Some(c.expiration));
        let config = sdk_config(opts, profile.as_deref(), &region, http, creds).await;
        let kind = match &mp.role_arn {
            Some(arn) => SourceKind::MfaRole {
                role_arn: arn.clone(),
                mfa_serial: mp.mfa_serial.clone(),
                from_cache: out.from_cache,
            },
            None => SourceKind::MfaUser { mfa_serial: mp.mfa_serial.clone(), from_cache: out.from_cache },
        };
        return Ok(Session {
            config,
            child_region: child_region(&profiles, profile.as_deref()),
            region,
            profile,
            kind,
            expiry: Some(out.credentials.expiration),
            credentials: Some(out.credentials),
            cache_path: Some(out.cache_path),
            env_overridden,
            profile_from_flag: opts.profile.is_some(),
        });
    }

    // Row 3: aws-config's chain for the profile.
    let who = profile.as_deref().map(|p| format!(" for profile {p:?}")).unwrap_or_default();
    let provider_result: std::result::Result<
        (SharedCredentialsProvider, Credentials),
        aws_credential_types::provider::error::CredentialsError,
    > = if env_overridden {
        // --profile beats environment keys: skip the chain's environment provider.
        let p = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .configure(&provider)
            .profile_name(profile.clone().unwrap_or_default())
            .build();
        match p.provide_credentials().await {
            Ok(c) => Ok((SharedCredentialsProvider::new(p), c)),
            Err(e) => Err(e),
        }
    } else {
        let mut chain =
            DefaultCredentialsChain::builder().configure(provider.clone()).region(Region::new(region.clone()));
        if let Some(p) = &profile {
            chain = chain.profile_name(p);
        }
        if let Some(client) = imds.clone() {
            chain = chain.imds_client(client);
        }
        let chain = chain.build().await;
        match chain.provide_credentials().await {
            Ok(c) => Ok((SharedCredentialsProvider::new(chain), c)),
            Err(e) => Err(e),
        }
    };
    let misplaced_mfa = profile.as_deref().and_then(|p| self::profile::misplaced_mfa_serial(&profiles, p));
    let (creds_provider, creds) = provider_result.map_err(|e| {
        let detail = error_text(&e);
        let err = Error::credentials(format!("no usable AWS credentials{who}: {detail}"));
        match &misplaced_mfa {
            Some(src) => err.hint(format!(
                "mfa_serial is set on the source profile {src:?}, where it is ignored: move it to profile {:?} (the one with role_arn)",
                profile.as_deref().unwrap_or_default()
            )),
            None => err.hint(
                "run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            ),
        }
    })?;
    let expiry = creds.expiry().map(DateTime::<Utc>::from);
    let config = sdk_config(opts, profile.as_deref(), &region, http, creds_provider).await;
    crate::ui::verbose(format!("region {region}, profile {}", profile.as_deref().unwrap_or("(default chain)")));
    Ok(Session {
        config,
        region,
        profile,
        kind: SourceKind::DefaultChain,
        credentials: None,
        expiry,
        child_region: None,
        cache_path: None,
        env_overridden,
        profile_from_flag: opts.profile.is_some(),
    })
}

fn ttl_at_least(expiry: DateTime<Utc>, min_ttl: Duration) -> bool {
    chrono::TimeDelta::from_std(min_ttl).is_ok_and(|m| expiry - Utc::now() >= m)
}

/// Builds an STS client.
pub fn sts_client(session: &Session) -> aws_sdk_sts::Client {
    aws_sdk_sts::Client::new(&session.config)
}

/// The caller's identity: `(account, arn)` from STS GetCallerIdentity.
pub async fn caller_identity(session: &Session) -> Result<(String, String)> {
    let out = sts_client(session)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| Error::aws(format!("GetCallerIdentity failed: {}", error_text(&e))))?;
    Ok((out.account().unwrap_or_default().to_owned(), out.arn().unwrap_or_default().to_owned()))
}

/// The credentials the session's provider hands out now (for `session --export` / `--write-profile`).
pub async fn current_credentials(session: &Session) -> Result<CachedCredentials> {
    if let Some(c) = &session.credentials {
        return Ok(c.clone());
    }
    let provider =
        session.config.credentials_provider().ok_or_else(|| Error::credentials("no credentials provider"))?;
    let c = provider
        .provide_credentials()
        .await
        .map_err(|e| Error::credentials(format!("cannot load credentials: {}", error_text(&e))))?;
    Ok(CachedCredentials {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: Secret::from_str_copy(c.secret_access_key()),
        session_token: c.session_token().map(Secret::from_str_copy).unwrap_or_default(),
        expiration: c.expiry().map(DateTime::<Utc>::from).unwrap_or(DateTime::<Utc>::MAX_UTC),
    })
}

/// The MFA cache entry of a profile, without any AWS call: `Ok(None)` when the profile is not an MFA profile.
pub async fn cache_entry_for(profile: Option<&str>) -> Result<Option<PathBuf>> {
    let name = profile_name(profile).unwrap_or_else(|| "default".to_owned());
    let profiles = self::profile::load(Some(&name)).await?;
    if !self::profile::exists(&profiles, &name) {
        return Err(self::profile::unknown_profile(&name));
    }
    match self::profile::mfa_profile(&profiles, &name)? {
        Some(mp) => mfa::entry_path_for(&mp, &profiles),
        None => Ok(None),
    }
}

/// Builds an SSM client; `CHAMBER_AWS_SSM_ENDPOINT` beats every other endpoint setting for SSM.
pub fn ssm_client(session: &Session) -> aws_sdk_ssm::Client {
    let mut b = aws_sdk_ssm::config::Builder::from(&session.config);
    if let Some(url) = env_nonempty("CHAMBER_AWS_SSM_ENDPOINT") {
        b = b.endpoint_url(url);
    }
    aws_sdk_ssm::Client::from_conf(b.build())
}

/// Builds a KMS client.
pub fn kms_client(session: &Session) -> aws_sdk_kms::Client {
    aws_sdk_kms::Client::new(&session.config)
}

/// An error and its sources as one line of their Display texts (repeats dropped, no Debug dumps of responses).
pub fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let text = err.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text) || text == *p) {
            parts.push(text);
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// The one status line about the session, on stderr (never a secret).
fn status_line(msg: String) {
    crate::ui::raw(format!("tfsecrets: {msg}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("900s"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h0m5s"), Ok(Duration::from_secs(3605)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in ["", "15", "m", "1x", "30m1h", "1h1h", "-5m", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(45)), "45s");
        assert_eq!(format_duration(Duration::from_secs(52 * 60 + 10)), "52m");
        assert_eq!(format_duration(Duration::from_secs(3900)), "1h05m");
    }

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
        let creds = fixed_provider(
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
