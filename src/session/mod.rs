//! AWS sessions: profile, region, credentials and the SDK configuration every client is built from.
//!
//! This module and `store/` are the only places that touch the AWS SDK.

use crate::error::{Error, Result};
use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::imds;
use aws_config::imds::region::ImdsRegionProvider;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::meta::region::ProvideRegion;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::region::Region;
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--profile`, if given.
    pub profile: Option<String>,
    /// `--region`, if given.
    pub region: Option<String>,
    /// Max attempts per request (`--retries` / `CHAMBER_RETRIES`); 0 = SDK default.
    pub retries: u32,
    /// Retry mode.
    pub retry_mode: RetryMode,
}

/// A resolved AWS session: the SDK configuration plus what was chosen, for messages.
#[derive(Debug, Clone)]
pub struct Session {
    /// Configuration every client is built from.
    pub config: SdkConfig,
    /// The region in use.
    pub region: String,
    /// The profile in use, if any.
    pub profile: Option<String>,
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
        rc = rc.with_initial_backoff(Duration::from_millis(ms)).with_max_backoff(Duration::from_millis(ms.saturating_mul(20).max(1)));
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

/// Resolves profile, region and credentials, failing fast with a clear message when any is missing.
pub async fn connect(opts: &Options) -> Result<Session> {
    let profile = profile_name(opts.profile.as_deref());
    let http = http_client();
    let base_provider = ProviderConfig::default().with_http_client(http.clone());
    let region = resolve_region(opts, profile.as_deref(), &base_provider).await?;
    let provider = base_provider.with_region(Some(Region::new(region.clone())));

    let mut chain = DefaultCredentialsChain::builder().configure(provider.clone()).region(Region::new(region.clone()));
    if let Some(p) = &profile {
        chain = chain.profile_name(p);
    }
    if !imds_disabled() {
        chain = chain.imds_client(bounded_imds(&provider));
    }
    let chain = chain.build().await;
    if let Err(e) = chain.provide_credentials().await {
        let detail = aws_smithy_types::error::display::DisplayErrorContext(&e).to_string();
        let who = profile.as_deref().map(|p| format!(" for profile {p:?}")).unwrap_or_default();
        return Err(Error::credentials(format!("no usable AWS credentials{who}: {detail}")).hint(
            "run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ));
    }

    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .region(Region::new(region.clone()))
        .credentials_provider(SharedCredentialsProvider::new(chain))
        .retry_config(retry_config(opts.retry_mode, opts.retries))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .build(),
        );
    if let Some(p) = &profile {
        loader = loader.profile_name(p);
    }
    let config = loader.load().await;
    crate::ui::verbose(format!(
        "region {region}, profile {}",
        profile.as_deref().unwrap_or("(default chain)")
    ));
    Ok(Session { config, region, profile })
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
