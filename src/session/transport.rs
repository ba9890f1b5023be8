//! Fail fast when AWS cannot be reached at all; keep the full retry budget for everything else.
//!
//! The SDK's standard retry strategy treats every I/O failure as transient: with `--retries 10` an endpoint that
//! refuses connections, a host name that does not resolve, or a TLS handshake that fails kept a command busy
//! for close to a minute, in silence. These failures happen before a single byte of the request was sent, and a
//! second attempt a few seconds later almost never succeeds. So:
//!
//! - [`FailFast`] wraps the HTTP client of the service clients (`sdk.rs`; the credentials providers and
//!   IMDS keep their own budgets): a failure while *connecting* (TCP connect refused or
//!   reset, DNS, TLS handshake) is retried once after [`QUICK_RETRY_DELAY`]; a connect timeout is not retried
//!   (it already waited the connect timeout). A failure that remains is marked [`Unreachable`], naming the
//!   endpoint and the cause.
//! - [`UnreachableClassifier`] is the retry classifier every tfsecrets client (SSM, KMS, STS) adds: it forbids
//!   the SDK's own retries for an [`Unreachable`] failure, so the command fails within about two seconds.
//!
//! Throttling, 5xx answers, timeouts while waiting for an answer and connections that break in the middle of a
//! request are not connect failures: they keep the full retry budget (`--retries`, backoff in `sdk.rs`).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction, RetryClassifierPriority};
use aws_smithy_runtime_api::client::runtime_components::{RuntimeComponents, RuntimeComponentsBuilder};
use aws_smithy_types::config_bag::ConfigBag;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// How long [`FailFast`] waits before its one retry of a failed connection.
pub const QUICK_RETRY_DELAY: Duration = Duration::from_millis(200);

/// Why a connection could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Nothing listens at that address (TCP RST to the SYN).
    Refused,
    /// The host name does not resolve (the resolver's words).
    Dns(String),
    /// The TLS handshake failed (rustls' words: an untrusted certificate, a plain-HTTP port...).
    Tls(String),
    /// No connection within the connect timeout (the SDK's words, with the duration).
    Timeout(String),
    /// Anything else that happened while connecting.
    Other(String),
}

/// A request that never reached its endpoint: the connection could not be made. The error tfsecrets prints
/// names both ([`fmt::Display`]: `cannot reach <endpoint>: <cause>`).
#[derive(Debug)]
pub struct Unreachable {
    /// `scheme://host[:port]` of the request (never a path or a query).
    pub endpoint: String,
    /// Why.
    pub cause: Cause,
    source: ConnectorError,
}

impl Unreachable {
    /// The host part of the endpoint (for the DNS message).
    fn host(&self) -> &str {
        let rest = self.endpoint.split_once("://").map_or(self.endpoint.as_str(), |(_, r)| r);
        match rest.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
            _ => rest,
        }
    }

    /// The cause in words: `connection refused`, `DNS lookup of <host> failed (<why>)`, ...
    pub fn cause_text(&self) -> String {
        match &self.cause {
            Cause::Refused => "connection refused".to_owned(),
            Cause::Dns(why) => format!("DNS lookup of {} failed ({why})", self.host()),
            Cause::Tls(why) => format!("TLS handshake failed ({why})"),
            Cause::Timeout(why) => format!("no connection within the connect timeout ({why})"),
            Cause::Other(why) => why.clone(),
        }
    }

    /// The first [`Unreachable`] in an error's source chain.
    pub fn find<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a Unreachable> {
        chain(err).find_map(|e| e.downcast_ref::<Unreachable>())
    }
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot reach {}: {}", self.endpoint, self.cause_text())
    }
}

impl StdError for Unreachable {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// An error and each of its sources, outermost first.
pub fn chain<'a>(err: &'a (dyn StdError + 'static)) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

/// The innermost non-empty text of a chain, io errors without their `(os error N)` suffix.
fn innermost_text(err: &(dyn StdError + 'static)) -> String {
    let text = chain(err).map(|e| e.to_string()).filter(|t| !t.is_empty()).last().unwrap_or_default();
    let text = match text.find(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    text.strip_prefix("failed to lookup address information: ").map(str::to_owned).unwrap_or(text)
}

/// Whether a connector error happened while connecting (TCP, DNS, TLS), and why; `None` for a failure after the
/// connection was made (a reset mid-request, a read timeout), which keeps the full retry budget.
pub fn connect_failure(err: &ConnectorError) -> Option<Cause> {
    let connecting =
        chain(err).any(|e| e.downcast_ref::<hyper_util::client::legacy::Error>().is_some_and(|h| h.is_connect()));
    if !connecting {
        return None;
    }
    let why = innermost_text(err);
    if err.is_timeout() {
        let text = chain(err).map(|e| e.to_string()).find(|t| t.contains("timeout occurred")).unwrap_or(why);
        return Some(Cause::Timeout(text));
    }
    let texts: Vec<String> = chain(err).map(|e| e.to_string()).collect();
    if texts.iter().any(|t| t == "dns error") {
        return Some(Cause::Dns(why));
    }
    if texts.iter().any(|t| t.starts_with("TLS handshake failed")) {
        return Some(Cause::Tls(why));
    }
    let refused = chain(err).any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
    });
    Some(if refused { Cause::Refused } else { Cause::Other(why) })
}

/// `scheme://host[:port]` of a request URI.
fn endpoint_of(uri: &str) -> String {
    let start = uri.find("://").map_or(0, |i| i + 3);
    match uri[start..].find(['/', '?']) {
        Some(end) => uri[..start + end].to_owned(),
        None => uri.to_owned(),
    }
}

/// Something that stands in front of every connector an HTTP client makes (fail-fast connects here, pacing in
/// `pacing.rs`): the client side stays [`Layered`], the behaviour lives in the connector.
pub trait ConnectorLayer: fmt::Debug + Send + Sync + 'static {
    /// The connector that wraps `inner`.
    fn wrap_connector(&self, inner: SharedHttpConnector) -> SharedHttpConnector;
}

/// An HTTP client whose connectors all pass through a [`ConnectorLayer`]; the rest is its inner client's.
#[derive(Debug)]
pub struct Layered<L> {
    inner: SharedHttpClient,
    layer: L,
}

/// `inner`, with every connector it makes wrapped by `layer`.
pub fn layered<L: ConnectorLayer>(inner: SharedHttpClient, layer: L) -> SharedHttpClient {
    SharedHttpClient::new(Layered { inner, layer })
}

impl<L: ConnectorLayer> HttpClient for Layered<L> {
    fn http_connector(&self, settings: &HttpConnectorSettings, components: &RuntimeComponents) -> SharedHttpConnector {
        self.layer.wrap_connector(self.inner.http_connector(settings, components))
    }

    fn validate_base_client_config(
        &self,
        components: &RuntimeComponentsBuilder,
        cfg: &ConfigBag,
    ) -> Result<(), BoxError> {
        self.inner.validate_base_client_config(components, cfg)
    }

    fn validate_final_config(&self, components: &RuntimeComponents, cfg: &ConfigBag) -> Result<(), BoxError> {
        self.inner.validate_final_config(components, cfg)
    }

    fn connector_metadata(&self) -> Option<aws_smithy_runtime_api::client::connector_metadata::ConnectorMetadata> {
        self.inner.connector_metadata()
    }
}

/// The connect-failure policy of the module docs, as a [`ConnectorLayer`] for the service clients.
#[derive(Debug)]
pub struct FailFast;

impl ConnectorLayer for FailFast {
    fn wrap_connector(&self, inner: SharedHttpConnector) -> SharedHttpConnector {
        SharedHttpConnector::new(FailFastConnector { inner })
    }
}

#[derive(Debug)]
struct FailFastConnector {
    inner: SharedHttpConnector,
}

impl HttpConnector for FailFastConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        let endpoint = endpoint_of(request.uri());
        // The SDK's request bodies are in memory: a copy for the one retry (nothing was sent the first time).
        let again = request.try_clone();
        HttpConnectorFuture::new(async move {
            let first = match inner.call(request).await {
                Ok(response) => return Ok(response),
                Err(e) => e,
            };
            let err = match (connect_failure(&first), again) {
                (Some(Cause::Timeout(_)), _) | (None, _) | (_, None) => first,
                (Some(_), Some(again)) => {
                    tokio::time::sleep(QUICK_RETRY_DELAY).await;
                    match inner.call(again).await {
                        Ok(response) => return Ok(response),
                        Err(e) => e,
                    }
                }
            };
            let Some(cause) = connect_failure(&err) else { return Err(err) };
            let timeout = err.is_timeout();
            let unreachable: BoxError = Box::new(Unreachable { endpoint, cause, source: err });
            let marked = if timeout { ConnectorError::timeout(unreachable) } else { ConnectorError::io(unreachable) };
            Err(marked.never_connected())
        })
    }
}

/// The retry classifier of the module docs: no SDK retry for a request that could not connect ([`Unreachable`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct UnreachableClassifier;

impl ClassifyRetry for UnreachableClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(e)) if e.as_connector_error().is_some_and(|c| Unreachable::find(c).is_some()) => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "tfsecrets: no retry when the endpoint is unreachable"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the SDK's transient-error classifier, which would retry any I/O failure.
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_scheme_host_and_port() {
        assert_eq!(endpoint_of("https://ssm.eu-west-1.amazonaws.com/"), "https://ssm.eu-west-1.amazonaws.com");
        assert_eq!(endpoint_of("http://127.0.0.1:4566/?Action=x"), "http://127.0.0.1:4566");
        assert_eq!(endpoint_of("http://127.0.0.1:4566"), "http://127.0.0.1:4566");
    }

    fn unreachable(endpoint: &str, cause: Cause) -> Unreachable {
        Unreachable { endpoint: endpoint.into(), cause, source: ConnectorError::io("x".into()) }
    }

    #[test]
    fn causes_in_words() {
        let u = unreachable("https://ssm.eu-west-1.amazonaws.com", Cause::Dns("Name or service not known".into()));
        assert_eq!(
            u.to_string(),
            "cannot reach https://ssm.eu-west-1.amazonaws.com: DNS lookup of ssm.eu-west-1.amazonaws.com failed \
             (Name or service not known)"
        );
        assert_eq!(
            unreachable("http://127.0.0.1:9", Cause::Refused).to_string(),
            "cannot reach http://127.0.0.1:9: connection refused"
        );
        assert_eq!(unreachable("http://[::1]:9", Cause::Dns("x".into())).host(), "[::1]");
    }

    #[test]
    fn only_connect_failures_are_unreachable() {
        // A failure that is not a hyper connect error (a reset mid-request, a read timeout): no verdict.
        let reset = ConnectorError::io(Box::new(std::io::Error::from(std::io::ErrorKind::ConnectionReset)));
        assert_eq!(connect_failure(&reset), None);
        let timeout = ConnectorError::timeout("read timeout".into());
        assert_eq!(connect_failure(&timeout), None);
    }

    #[test]
    fn innermost_text_drops_os_error_numbers() {
        let e = ConnectorError::io(Box::new(std::io::Error::from_raw_os_error(libc::ECONNREFUSED)));
        assert_eq!(innermost_text(&e), "Connection refused");
    }
}
