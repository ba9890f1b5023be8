//! The SDK plumbing every client shares: one HTTP client, the retry policy and timeouts, the bounded IMDS
//! client (docs/sessions.md §7), fixed credentials providers, the service clients and SDK error text.

use super::transport::{FailFast, UnreachableClassifier, layered};
use super::{Options, Session};
use crate::secret::Secret;
use aws_config::imds;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::region::Region;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// `--retry-mode` (parsed in `cli.rs`): both modes retry with full-jitter backoff and pace after a throttle
/// (`pacing.rs`); `adaptive` is accepted for the AWS CLI's and chamber's sake and no longer selects the SDK's
/// adaptive rate limiter (docs/sessions.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Exponential backoff with full jitter, paced after a throttle.
    #[default]
    Standard,
    /// The same as `Standard`.
    Adaptive,
}

/// The process environment's value of `name`, when set and non-empty.
pub fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Whether `AWS_EC2_METADATA_DISABLED=true` turns IMDS off.
pub fn imds_disabled() -> bool {
    std::env::var("AWS_EC2_METADATA_DISABLED").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The one HTTP client (rustls with ring) shared by every AWS client and credentials provider.
pub fn http_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// An IMDS client that gives up fast off EC2 (one attempt, 250 ms connect, 1 s overall; docs/sessions.md §7).
pub fn bounded_imds(provider: &ProviderConfig) -> imds::Client {
    imds::Client::builder()
        .configure(provider)
        .max_attempts(1)
        .connect_timeout(Duration::from_millis(250))
        .read_timeout(Duration::from_millis(500))
        .operation_timeout(Duration::from_secs(1))
        .build()
}

// ---- Retry timing (docs/sessions.md §7) ----
// Which failures are retried is the classifiers' business; this piece only says how long to wait and how many times.

/// The first backoff step: a retry waits a uniform random time up to this, doubling with each attempt (full
/// jitter). Sized to a 20–50 ms SSM call: the SDK's 1 s default left a shared quota idle while everyone waited.
pub const RETRY_BASE: Duration = Duration::from_millis(50);
/// The backoff cap: no single wait is drawn from a longer range.
pub const RETRY_CAP: Duration = Duration::from_secs(5);

/// The retry policy: `attempts` tries per request (0 → `AWS_MAX_ATTEMPTS` or 3), full-jitter exponential backoff
/// from [`RETRY_BASE`] up to [`RETRY_CAP`], and the SDK's retry quota (a token bucket of retries per process:
/// 500 tokens, 5 a retry, refilled by successes) as the budget that stops a retry storm against a failing service.
/// Pacing under a shared quota is `pacing.rs`'s; `--retry-mode adaptive` is accepted and means the same (the SDK's
/// adaptive rate limiter starts at 0.5 requests a second and holds a throttled retry for the whole backoff cap).
pub fn retry_config(attempts: u32) -> RetryConfig {
    let attempts = if attempts > 0 {
        attempts
    } else {
        env_nonempty("AWS_MAX_ATTEMPTS").and_then(|v| v.parse().ok()).unwrap_or(3)
    };
    // Test and tuning knob: the first backoff step in ms (the cap is then 20 times that).
    let (base, cap) = match env_nonempty("TFSECRETS_RETRY_BASE_MS").and_then(|v| v.parse::<u64>().ok()) {
        Some(ms) => (Duration::from_millis(ms), Duration::from_millis(ms.saturating_mul(20).max(1))),
        None => (RETRY_BASE, RETRY_CAP),
    };
    RetryConfig::standard().with_max_attempts(attempts.max(1)).with_initial_backoff(base).with_max_backoff(cap)
}

/// The SDK configuration for a region, profile and credentials provider (endpoints from env and profile).
pub async fn sdk_config(
    opts: &Options,
    profile: Option<&str>,
    region: &str,
    http: SharedHttpClient,
    creds: SharedCredentialsProvider,
) -> SdkConfig {
    // The service clients (SSM, KMS, STS) fail fast on an endpoint that cannot be reached (`transport.rs`) and are
    // paced after a throttle (`pacing.rs`); the credentials providers keep `http` as it is (IMDS has its own
    // one-attempt budget, docs/sessions.md §7).
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(super::pacing::PacingLayer::wrap(layered(http, FailFast)))
        .region(Region::new(region.to_owned()))
        .credentials_provider(creds)
        .retry_config(retry_config(opts.retries))
        .stalled_stream_protection(stall_protection())
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

/// Stalled-stream protection for answers only. The SDK's upload check counts the time a request waits before its
/// body is read; the pacer (`pacing.rs`) holds requests for seconds by design under a shared quota, and the check
/// then failed them after 5 s as if the connection had stalled, attempt after attempt. Request bodies are small and
/// in memory; an answer that delivers no data for 5 s (the SDK's default) is still cut off.
fn stall_protection() -> StalledStreamProtectionConfig {
    StalledStreamProtectionConfig::enabled()
        .upload_enabled(false)
        .download_enabled(true)
        .grace_period(Duration::from_secs(5))
        .build()
}

/// A provider that always hands out these credentials (rows 1 and 2: docs/sessions.md §7).
pub fn fixed_provider(
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

/// Builds an SSM client; `CHAMBER_AWS_SSM_ENDPOINT` beats every other endpoint setting for SSM.
pub fn ssm_client(session: &Session) -> aws_sdk_ssm::Client {
    let mut b = aws_sdk_ssm::config::Builder::from(&session.config).retry_classifier(UnreachableClassifier);
    if let Some(url) = env_nonempty("CHAMBER_AWS_SSM_ENDPOINT") {
        b = b.endpoint_url(url);
    }
    aws_sdk_ssm::Client::from_conf(b.build())
}

/// Builds a KMS client.
pub fn kms_client(session: &Session) -> aws_sdk_kms::Client {
    aws_sdk_kms::Client::from_conf(
        aws_sdk_kms::config::Builder::from(&session.config).retry_classifier(UnreachableClassifier).build(),
    )
}

/// Builds an STS client.
pub fn sts_client(config: &SdkConfig) -> aws_sdk_sts::Client {
    aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(config).retry_classifier(UnreachableClassifier).build(),
    )
}

/// An error and its sources as one line of their Display texts (repeats dropped, no Debug dumps of responses).
pub fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    super::aws_error::chain_texts(e).join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn error_text_joins_sources_without_repeats() {
        let e = Layer(
            "dispatch failure",
            Some(Box::new(Layer("io error", Some(Box::new(Layer("io error", Some(Box::new(Layer("", None))))))))),
        );
        assert_eq!(error_text(&e), "dispatch failure: io error");
    }

    #[test]
    fn retry_attempts_from_flag_and_timing() {
        let rc = retry_config(7);
        assert_eq!((rc.max_attempts(), rc.initial_backoff(), rc.max_backoff()), (7, RETRY_BASE, RETRY_CAP));
        // The SDK's adaptive limiter is never used (pacing.rs paces instead).
        assert_eq!(rc.mode(), aws_config::retry::RetryMode::Standard);
    }
}
