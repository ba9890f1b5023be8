//! One module per command; each takes its parsed arguments and speaks the `Store` trait.

pub mod completions;
pub mod delete;
pub mod exec;
pub mod export;
pub mod history;
pub mod import;
pub mod list;
pub mod list_services;
pub mod read;
#[path = "session.rs"]
pub mod session_cmd;
pub mod write;

use crate::cli::Global;
use crate::error::{Error, Result};
use crate::naming;
use crate::session;
use crate::store::{self, Meta, SsmStore, Store};
use chrono::{DateTime, SecondsFormat, Utc};

/// Connects to AWS with the global options and opens the SSM store.
pub async fn open_store(global: &Global) -> Result<SsmStore> {
    open(global).await.map(|(_, store)| store)
}

/// Connects to AWS with the global options: the session (for `exec`'s child) and the SSM store.
pub async fn open(global: &Global) -> Result<(session::Session, SsmStore)> {
    if let Ok(backend) = std::env::var("CHAMBER_SECRET_BACKEND")
        && !backend.is_empty()
        && !backend.eq_ignore_ascii_case("ssm")
    {
        return Err(Error::invalid(format!(
            "CHAMBER_SECRET_BACKEND={backend:?}: tfsecrets supports only the SSM backend"
        ))
        .hint("unset CHAMBER_SECRET_BACKEND or set it to ssm"));
    }
    if std::env::var_os("CHAMBER_NO_PATHS").is_some() {
        crate::ui::warn("CHAMBER_NO_PATHS is ignored: tfsecrets uses chamber v3's /service/key layout only");
    }
    let sess = session::connect(&session_options(global)).await?;
    let settings = store::ssm::Settings {
        key_id: naming::kms_key_id(std::env::var("CHAMBER_KMS_KEY_ALIAS").ok().as_deref()),
        write_concurrency: usize::from(global.concurrency),
        // 50 calls = 500 names in one round trip; SSM throttling beyond that is retried with jittered backoff.
        read_concurrency: 50,
    };
    let store = SsmStore::new(session::ssm_client(&sess), session::kms_client(&sess), settings);
    Ok((sess, store))
}

/// The session options the global flags give.
pub fn session_options(global: &Global) -> session::Options {
    session::Options {
        profile: global.profile.clone(),
        region: global.region.clone(),
        retries: global.retries,
        retry_mode: global.retry_mode,
        mfa_token: global.mfa_token.clone(),
        min_ttl: global.min_ttl,
        fresh: global.fresh,
    }
}

/// Resolves a key for read/history: the exact name, else a unique case-insensitive match (with a note).
pub async fn resolve_existing<S: Store>(store: &S, service: &str, key: &str) -> Result<Option<String>> {
    let listing = store.list(service).await?;
    match store::case_insensitive_match(&listing, key)? {
        Some(m) => {
            store::note_case_mismatch(key, m.key());
            Ok(Some(m.name.clone()))
        }
        None => Ok(None),
    }
}

/// Formats a timestamp for JSON output (RFC 3339, UTC, seconds).
pub fn json_time(t: Option<DateTime<Utc>>) -> serde_json::Value {
    t.map_or(serde_json::Value::Null, |t| serde_json::Value::String(t.to_rfc3339_opts(SecondsFormat::Secs, true)))
}

/// The JSON object for one secret's metadata (as `list --json` and `read --json` print it).
pub fn meta_json(meta: &Meta) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("key".into(), meta.key().into());
    m.insert("name".into(), meta.name.clone().into());
    m.insert("version".into(), meta.version.into());
    m.insert("last_modified".into(), json_time(meta.last_modified));
    m.insert("user".into(), meta.user.clone().map_or(serde_json::Value::Null, serde_json::Value::String));
    m
}

/// Prints a JSON value on stdout, one line.
pub fn print_json(value: &serde_json::Value) {
    println!("{value}");
}

/// When a service is empty but its lowercase form is not, the error chamber users need.
pub async fn suggest_lowercase<S: Store>(store: &S, service: &str) -> Result<()> {
    let lower = service.to_ascii_lowercase();
    if lower != service && !store.list(&lower).await?.is_empty() {
        return Err(Error::not_found(format!("service {service:?} has no secrets, but {lower:?} does"))
            .hint(format!("service names are case-sensitive; did you mean {lower:?}?")));
    }
    Ok(())
}

/// Fetches one service's secrets as `(key, value)` pairs sorted by key; a label selects labelled versions.
pub async fn fetch_service<S: Store>(
    store: &S,
    service: &naming::ServiceRef,
) -> Result<Vec<(String, crate::secret::Secret)>> {
    let mut pairs: Vec<(String, crate::secret::Secret)> = match &service.label {
        None => store.get_service(&service.service).await?.into_iter().map(|(m, v)| (m.key().to_owned(), v)).collect(),
        Some(label) => {
            let listing = store.list(&service.service).await?;
            let selectors: Vec<String> = listing.iter().map(|m| format!("{}:{label}", m.name)).collect();
            let fetched = store.get(&selectors).await?;
            fetched.values.into_values().map(|v| (naming::key_of(&v.name).to_owned(), v.value)).collect()
        }
    };
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pairs)
}

/// Fetches several services concurrently, in argument order.
pub async fn fetch_services<S: Store>(
    store: &S,
    services: &[naming::ServiceRef],
) -> Result<Vec<Vec<(String, crate::secret::Secret)>>> {
    futures::future::try_join_all(services.iter().map(|s| fetch_service(store, s))).await
}
