//! One module per command; each takes its parsed arguments and speaks the `Store` trait.

pub mod completions;
pub mod delete;
pub mod diff;
pub mod doctor;
pub mod exec;
pub mod export;
pub mod history;
pub mod import;
pub mod list;
pub mod list_services;
pub mod man;
pub mod policy;
pub mod read;
pub mod scan;
#[path = "session.rs"]
pub mod session_cmd;
pub mod write;

use crate::cli::Global;
use crate::error::{Error, Result};
use crate::naming;
use crate::naming::ServiceRef;
use crate::secret::Secret;
use crate::session;
use crate::store::{self, Meta, SecretId, SecretRef, Selector, SsmStore, Store};
use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::BTreeMap;

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
        return Err(Error::config(format!(
            "CHAMBER_SECRET_BACKEND={backend:?}: tfsecrets supports only the SSM backend"
        ))
        .hint("unset CHAMBER_SECRET_BACKEND or set it to ssm"));
    }
    if std::env::var_os("CHAMBER_NO_PATHS").is_some() {
        crate::ui::warn("CHAMBER_NO_PATHS is ignored: tfsecrets uses chamber v3's /service/key layout only");
    }
    let started = std::time::Instant::now();
    let sess = session::connect(&session_options(global)).await?;
    let settings = store::ssm::Settings {
        key_id: naming::kms_key_id(std::env::var("CHAMBER_KMS_KEY_ALIAS").ok().as_deref()),
        // `import --concurrency` raises or lowers it (`SsmStore::with_write_concurrency`).
        write_concurrency: 4,
        // 50 calls = 500 names in one round trip; SSM throttling beyond that is retried with jittered backoff.
        read_concurrency: 50,
    };
    let for_kms = sess.clone();
    let store = SsmStore::new(session::ssm_client(&sess), move || session::kms_client(&for_kms), settings);
    crate::ui::verbose(format!("session and clients ready in {} ms", started.elapsed().as_millis()));
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

/// Resolves a key for read/history: a unique case-insensitive match in the service (with a note), if any.
pub async fn resolve_existing<S: Store>(store: &S, id: &SecretId) -> Result<Option<SecretId>> {
    let listing = store.list(&id.service).await?;
    if listing.iter().any(|m| m.id.key == id.key) {
        // The exact key exists: what was asked for (e.g. a version) is missing, not a differently-cased key.
        return Ok(None);
    }
    match store::case_insensitive_match(&listing, &id.key)? {
        Some(m) => {
            store::note_case_mismatch(&id.key, &m.id.key);
            Ok(Some(m.id.clone()))
        }
        None => Ok(None),
    }
}

/// Formats a timestamp for JSON output (RFC 3339, UTC, seconds).
pub fn json_time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// One secret's metadata as `list --json` and `read --json` print it (fields in this order); the value only
/// with `list -e` and `read`, borrowed from its `Secret`.
#[derive(serde::Serialize)]
pub struct MetaJson<'a> {
    /// The key.
    pub key: &'a str,
    /// The parameter name, `/<service>/<key>`.
    pub name: String,
    /// chamber's version counter.
    pub version: i64,
    /// Last write, RFC 3339.
    pub last_modified: Option<String>,
    /// Last writer.
    pub user: Option<&'a str>,
    /// The service (`read` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<&'a str>,
    /// The value (`list -e`, `read`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
}

impl<'a> MetaJson<'a> {
    /// The metadata fields of `meta`, without service or value.
    pub fn new(meta: &'a Meta) -> Self {
        MetaJson {
            key: &meta.id.key,
            name: meta.id.to_string(),
            version: meta.version,
            last_modified: json_time(meta.last_modified),
            user: meta.user.as_deref(),
            service: None,
            value: None,
        }
    }
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

/// One service's secrets as `(key, value)` pairs in key order.
pub type Pairs = Vec<(String, Secret)>;

/// Fetches one service's secrets; a label selects labelled versions (keys without the label are left out).
pub async fn fetch_service<S: Store>(store: &S, service: &ServiceRef) -> Result<Pairs> {
    let selector = Selector::label_or_latest(service.label.as_deref());
    let found = store.get_service(&service.service, &selector).await?;
    Ok(found.into_iter().map(|(m, v)| (m.id.key, v)).collect())
}

/// Fetches several services concurrently, in argument order.
pub async fn fetch_services<S: Store>(store: &S, services: &[ServiceRef]) -> Result<Vec<Pairs>> {
    futures::future::try_join_all(services.iter().map(|s| fetch_service(store, s))).await
}

/// One secret after merging services: where it came from and its value.
pub struct Merged {
    /// The secret, at the version the service argument selected.
    pub source: SecretRef,
    /// The service argument as typed (`svc` or `svc:label`), for messages.
    pub service: String,
    /// The value.
    pub value: Secret,
}

impl Merged {
    /// The key.
    pub fn key(&self) -> &str {
        &self.source.id.key
    }
}

/// A key that a later service took over from an earlier one.
#[derive(Debug, PartialEq, Eq)]
pub struct Override {
    /// The key.
    pub key: String,
    /// The service argument whose value wins.
    pub by: String,
    /// The service argument whose value it replaced.
    pub replaced: String,
}

/// Merges services in argument order: a later service's key wins (docs/chamber-compat.md §6, §7). Returns the
/// secrets in key order and the overrides in the order they happened (each command words its own warning).
pub fn merge(services: &[ServiceRef], fetched: Vec<Pairs>) -> (Vec<Merged>, Vec<Override>) {
    let mut merged: BTreeMap<String, Merged> = BTreeMap::new();
    let mut overrides = Vec::new();
    for (svc, pairs) in services.iter().zip(fetched) {
        let selector = Selector::label_or_latest(svc.label.as_deref());
        for (key, value) in pairs {
            let source = SecretId::new(svc.service.as_str(), key.as_str()).at(selector.clone());
            if let Some(old) = merged.insert(key.clone(), Merged { source, service: svc.to_string(), value }) {
                overrides.push(Override { key, by: svc.to_string(), replaced: old.service });
            }
        }
    }
    (merged.into_values().collect(), overrides)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;

    fn refs(args: &[&str]) -> Vec<ServiceRef> {
        args.iter().map(|a| ServiceRef::parse(a).unwrap()).collect()
    }

    fn shown(merged: &[Merged]) -> Vec<(String, String, &str)> {
        merged.iter().map(|m| (m.source.to_string(), m.service.clone(), m.value.expose())).collect()
    }

    /// Two services for merging tests: `base` has `a` and `b`; `prod` has `b` (its first version labelled `blue`)
    /// and an unlabelled `c`.
    pub(crate) fn base_and_prod() -> MemoryStore {
        let s = MemoryStore::new();
        s.seed("base", "a", "base-a", 1);
        s.seed("base", "b", "base-b", 1);
        s.seed("prod", "b", "prod-b-blue", 1);
        s.label("prod", "b", "blue");
        s.seed("prod", "b", "prod-b", 2);
        s.seed("prod", "c", "prod-c", 1);
        s
    }

    #[tokio::test]
    async fn later_services_win_and_every_override_is_reported() {
        let s = base_and_prod();
        let services = refs(&["base", "prod"]);
        let (merged, overrides) = merge(&services, fetch_services(&s, &services).await.unwrap());
        assert_eq!(
            shown(&merged),
            [
                ("/base/a".to_owned(), "base".to_owned(), "base-a"),
                ("/prod/b".to_owned(), "prod".to_owned(), "prod-b"),
                ("/prod/c".to_owned(), "prod".to_owned(), "prod-c"),
            ]
        );
        assert_eq!(overrides, [Override { key: "b".into(), by: "prod".into(), replaced: "base".into() }]);

        // Reversed order: base wins for b, and the override names the other way round.
        let services = refs(&["prod", "base"]);
        let (merged, overrides) = merge(&services, fetch_services(&s, &services).await.unwrap());
        assert_eq!(merged.iter().find(|m| m.key() == "b").map(|m| m.value.expose()), Some("base-b"));
        assert_eq!(overrides, [Override { key: "b".into(), by: "base".into(), replaced: "prod".into() }]);
    }

    #[tokio::test]
    async fn a_label_takes_only_labelled_versions_and_shows_the_selector() {
        let s = base_and_prod();
        let services = refs(&["base", "prod:blue"]);
        let (merged, overrides) = merge(&services, fetch_services(&s, &services).await.unwrap());
        assert_eq!(
            shown(&merged),
            [
                ("/base/a".to_owned(), "base".to_owned(), "base-a"),
                ("/prod/b:blue".to_owned(), "prod:blue".to_owned(), "prod-b-blue"),
            ]
        );
        assert_eq!(overrides, [Override { key: "b".into(), by: "prod:blue".into(), replaced: "base".into() }]);
    }

    #[tokio::test]
    async fn the_same_service_twice_overrides_itself() {
        let s = base_and_prod();
        let services = refs(&["prod", "prod"]);
        let (merged, overrides) = merge(&services, fetch_services(&s, &services).await.unwrap());
        assert_eq!(merged.len(), 2);
        assert_eq!(overrides.len(), 2);
        assert!(merge(&[], Vec::new()).0.is_empty());
    }

    #[tokio::test]
    async fn case_insensitive_resolution() {
        let s = MemoryStore::new();
        s.seed("svc", "DB_Pass", "v", 1);
        let found = resolve_existing(&s, &SecretId::new("svc", "db_pass")).await.unwrap();
        assert_eq!(found, Some(SecretId::new("svc", "DB_Pass")));
        s.seed("svc", "db_PASS", "w", 1);
        let e = resolve_existing(&s, &SecretId::new("svc", "db_pass")).await.unwrap_err();
        assert!(e.message.contains("DB_Pass, db_PASS"), "{e}");
        assert_eq!(resolve_existing(&s, &SecretId::new("svc", "x")).await.unwrap(), None);
    }

    #[test]
    fn json_is_built_in_a_secret_in_field_order() {
        let meta = Meta { id: SecretId::new("a/b", "k"), version: 2, last_modified: None, user: None };
        let mut json = MetaJson::new(&meta);
        json.value = Some("v<&>");
        let mut out = Secret::default();
        serde_json::to_writer(crate::output::SecretWriter(&mut out), &json).unwrap();
        assert_eq!(
            out.expose(),
            r#"{"key":"k","name":"/a/b/k","version":2,"last_modified":null,"user":null,"value":"v<&>"}"#
        );
    }
}
