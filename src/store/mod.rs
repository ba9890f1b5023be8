//! The `Store` trait commands speak, in domain terms: a [`SecretId`] (service and key) at a [`Selector`] (latest,
//! label, version). Two implementations: [`SsmStore`], the only user of `aws-sdk-ssm` and the only code that knows
//! chamber's `/<service>/<key>[:<label>]` layout, and [`memory::MemoryStore`] for unit tests.
//! The layout, write fields and call plans are in docs/chamber-compat.md §1, §3 and §4.

pub mod memory;
mod sdk_error;
pub mod ssm;

use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::fmt;

pub use ssm::SsmStore;

/// Which secret: a key in a service (`team/web`, `db_password`). Ordered by service, then key (byte order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretId {
    /// The service path, `/`-separated segments.
    pub service: String,
    /// The key, exactly as stored (never case-folded).
    pub key: String,
}

impl SecretId {
    /// An id from names already known to be valid (listed by the store, or checked before).
    pub fn new(service: impl Into<String>, key: impl Into<String>) -> Self {
        SecretId { service: service.into(), key: key.into() }
    }

    /// An id from names typed by the user, checked against chamber's rules (docs/chamber-compat.md §1).
    pub fn checked(service: &str, key: &str) -> Result<Self> {
        naming::validate_service(service)?;
        naming::validate_key(key)?;
        Ok(SecretId::new(service, key))
    }

    /// This secret at `selector`.
    pub fn at(&self, selector: Selector) -> SecretRef {
        SecretRef { id: self.clone(), selector }
    }
}

/// A secret is shown to people as its SSM parameter name, `/<service>/<key>`, the name chamber users know.
impl fmt::Display for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&ssm::parameter_name(self))
    }
}

/// Which version of a secret to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selector {
    /// The current value.
    #[default]
    Latest,
    /// The version carrying this SSM parameter label (`exec`/`export` `svc:label`, docs/chamber-compat.md §1).
    Label(String),
    /// The newest version written with this chamber version counter (`read -v N`, docs/chamber-compat.md §3).
    Version(i64),
}

impl Selector {
    /// `Label` for `Some`, `Latest` for `None` (a service argument's optional `:label`).
    pub fn label_or_latest(label: Option<&str>) -> Self {
        label.map_or(Selector::Latest, |l| Selector::Label(l.to_owned()))
    }

    /// Whether a version from the history is one this selector picks (the newest such version is meant).
    pub fn matches(&self, entry: &HistoryEntry) -> bool {
        match self {
            Selector::Latest => true,
            Selector::Label(l) => entry.labels.iter().any(|x| x == l),
            Selector::Version(v) => entry.version == *v,
        }
    }
}

/// A secret at a chosen version: what [`Store::get`] fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    /// The secret.
    pub id: SecretId,
    /// Its version.
    pub selector: Selector,
}

/// Shown as the name SSM is asked for: `/<service>/<key>`, `/<service>/<key>:<label>`, or for a chamber version
/// `/<service>/<key> (version N)`.
impl fmt::Display for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.selector, ssm::selector_name(self)) {
            (_, Some(name)) => f.write_str(&name),
            (Selector::Version(v), None) => write!(f, "{} (version {v})", self.id),
            (_, None) => write!(f, "{}", self.id),
        }
    }
}

/// A secret's metadata as the store lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The secret.
    pub id: SecretId,
    /// chamber's version counter (from Description; 0 when absent or not a number).
    pub version: i64,
    /// When it was last written.
    pub last_modified: Option<DateTime<Utc>>,
    /// Who last wrote it (IAM/STS ARN), when AWS says.
    pub user: Option<String>,
}

/// A fetched value.
#[derive(Debug, Clone)]
pub struct Value {
    /// The decrypted value.
    pub value: Secret,
    /// When that version was written (GetParameters reports this).
    pub last_modified: Option<DateTime<Utc>>,
}

/// Fetched values by secret; a secret (or selected version) that does not exist is absent.
pub type Fetched = BTreeMap<SecretId, Value>;

/// One version of a secret, from its history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// chamber's version counter at that write.
    pub version: i64,
    /// SSM's own version number.
    pub ssm_version: i64,
    /// When that version was written.
    pub date: Option<DateTime<Utc>>,
    /// Who wrote it.
    pub user: Option<String>,
    /// The SSM labels this version carries.
    pub labels: Vec<String>,
    /// The value, when the history was read with decryption.
    pub value: Option<Secret>,
}

/// Parameter tier: Standard holds 4 KB, Advanced 8 KB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// Account default (normally Standard): at most 4096 bytes.
    #[default]
    Standard,
    /// Advanced parameters: at most 8192 bytes (costs money).
    Advanced,
}

impl Tier {
    /// The largest value this tier holds, in bytes.
    pub fn max_bytes(self) -> usize {
        match self {
            Tier::Standard => naming::STANDARD_TIER_MAX,
            Tier::Advanced => naming::ADVANCED_TIER_MAX,
        }
    }
}

/// What KMS says about the key writes use (`CHAMBER_KMS_KEY_ALIAS`, default `alias/parameter_store_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmsKeyInfo {
    /// The key id writes name (normally an alias).
    pub key_id: String,
    /// The key's ARN.
    pub arn: String,
    /// Whether the key is customer managed (not an AWS managed key such as `alias/aws/ssm`, docs/iam.md §3).
    pub customer_managed: bool,
    /// Whether the key is enabled.
    pub enabled: bool,
}

/// A write of one secret; the value is borrowed, never copied before it goes to the store.
#[derive(Debug, Clone)]
pub struct Put<'a> {
    /// The secret to write.
    pub id: SecretId,
    /// The value to store.
    pub value: &'a Secret,
    /// chamber's version counter to store (previous + 1).
    pub version: i64,
    /// Tier; `Standard` means "don't set it" (account default), as chamber does.
    pub tier: Tier,
}

/// A secrets backend. Commands use only this; the SSM implementation is the one real backend.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Metadata of a service's secrets (its direct children only).
    async fn list(&self, service: &str) -> Result<Vec<Meta>>;
    /// Metadata of specific secrets; those that do not exist are absent.
    async fn describe(&self, ids: &[SecretId]) -> Result<Vec<Meta>>;
    /// Values of specific secrets at their selected versions, in as few parallel round trips as the store allows.
    async fn get(&self, refs: &[SecretRef]) -> Result<Fetched>;
    /// Metadata and values of a whole service at `selector`, sorted by key; keys without that version are left out.
    /// The metadata is the latest version's (a listing knows no other).
    async fn get_service(&self, service: &str, selector: &Selector) -> Result<Vec<(Meta, Secret)>>;
    /// Writes several secrets, at most the store's write concurrency at once; `progress` hears of each success.
    /// Returns the outcomes in input order.
    async fn put_many(&self, puts: Vec<Put<'_>>, progress: &dyn Fn(&SecretId)) -> Vec<(SecretId, Result<()>)>;
    /// Adds tags to one secret.
    async fn tag(&self, id: &SecretId, tags: &[(String, String)]) -> Result<()>;
    /// The history of one secret, oldest first; `Err` of kind NotFound when it does not exist.
    async fn history(&self, id: &SecretId, with_values: bool) -> Result<Vec<HistoryEntry>>;
    /// Deletes one secret. `Err` of kind NotFound when it does not exist.
    async fn delete(&self, id: &SecretId) -> Result<()>;
    /// Every secret whose parameter name begins with `/<prefix>`, at any depth (for list-services).
    async fn list_all(&self, prefix: &str) -> Result<Vec<SecretId>>;
    /// Checks once that the KMS key used for writes exists; later calls return the first answer.
    async fn check_kms_key(&self) -> Result<()>;
    /// Describes the KMS key used for writes (one `kms:DescribeKey`); `Err` of kind NotFound when it does not exist.
    async fn kms_key(&self) -> Result<KmsKeyInfo>;
    /// chamber's store configuration (`/_chamber/store-config`): the required tag keys.
    async fn required_tags(&self) -> Result<Vec<String>>;

    /// One secret at `selector` with its metadata (chamber's `Read`); `None` when it or that version does not exist.
    ///
    /// Latest: metadata and value are fetched together; when the metadata lags (SSM's DescribeParameters can miss
    /// a name GetParameters found), the service listing supplies it. Label and version: the newest matching
    /// version of the history.
    async fn read(&self, id: &SecretId, selector: &Selector) -> Result<Option<(Meta, Secret)>> {
        if *selector == Selector::Latest {
            let latest = [id.at(Selector::Latest)];
            let (described, fetched) = futures::join!(self.describe(std::slice::from_ref(id)), self.get(&latest));
            let Some(found) = fetched?.remove(id) else { return Ok(None) };
            let meta = match described?.into_iter().find(|m| m.id == *id) {
                Some(m) => m,
                None => self.list(&id.service).await?.into_iter().find(|m| m.id == *id).unwrap_or(Meta {
                    id: id.clone(),
                    version: 0,
                    last_modified: found.last_modified,
                    user: None,
                }),
            };
            return Ok(Some((meta, found.value)));
        }
        let history = match self.history(id, true).await {
            Ok(h) => h,
            Err(e) if e.kind == Kind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(history.into_iter().rev().find(|h| selector.matches(h)).and_then(|h| {
            let meta = Meta { id: id.clone(), version: h.version, last_modified: h.date, user: h.user };
            h.value.map(|v| (meta, v))
        }))
    }
}

/// Fails when the store config requires tags that a new secret lacks.
pub fn check_required_tags(required: &[String], tags: &[(String, String)], ids: &[SecretId]) -> Result<()> {
    let missing: Vec<&str> =
        required.iter().filter(|r| !tags.iter().any(|(k, _)| k == *r)).map(String::as_str).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "required tags [{}] are missing for new secret(s) {}",
        missing.join(" "),
        ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    ))
    .hint("pass them with --tag KEY=VALUE (required by /_chamber/store-config)"))
}

/// Checks that values fit the tier and are not empty, naming offending keys (never values).
pub fn check_value_sizes<'a>(items: impl IntoIterator<Item = (&'a str, &'a Secret)>, tier: Tier) -> Result<()> {
    let mut empty = Vec::new();
    let mut big = Vec::new();
    for (key, value) in items {
        if value.is_empty() {
            empty.push(key.to_owned());
        } else if value.len() > tier.max_bytes() {
            big.push(format!("{key} ({} bytes)", value.len()));
        }
    }
    if !empty.is_empty() {
        return Err(Error::invalid(format!("empty value for {}: SSM cannot store empty values", empty.join(", "))));
    }
    if !big.is_empty() {
        let e = Error::invalid(format!(
            "value too large for the {:?} tier (max {} bytes): {}",
            tier,
            tier.max_bytes(),
            big.join(", ")
        ));
        return Err(match tier {
            Tier::Standard => e.hint("pass --tier advanced to store up to 8192 bytes (Advanced parameters are billed)"),
            Tier::Advanced => e,
        });
    }
    Ok(())
}

/// Finds a key in a listing ignoring ASCII case: `Ok(Some)` for a unique match, an error listing several.
pub fn case_insensitive_match<'a>(listing: &'a [Meta], key: &str) -> Result<Option<&'a Meta>> {
    let matches: Vec<&Meta> = listing.iter().filter(|m| m.id.key.eq_ignore_ascii_case(key)).collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(Error::invalid(format!(
            "key {key:?} not found; several keys differ from it only in case: {}",
            many.iter().map(|m| m.id.key.as_str()).collect::<Vec<_>>().join(", ")
        ))
        .hint("give the exact key")),
    }
}

/// Prints the note chamber users need when a requested key matched a stored key only ignoring case.
pub fn note_case_mismatch(requested: &str, stored: &str) {
    crate::ui::warn(format!(
        "using stored key {stored:?} for {requested:?} (names differ only in case); chamber lowercases keys, so it cannot read, write or delete mixed-case keys"
    ));
}

#[cfg(test)]
mod tests {
    use super::memory::MemoryStore;
    use super::*;

    fn id(key: &str) -> SecretId {
        SecretId::new("svc", key)
    }

    /// `svc/k`: versions 1 (labelled `blue`), 2, 3 (labelled `green`); `svc/other`: version 1; `svc/sub/k` nested.
    fn store() -> MemoryStore {
        let s = MemoryStore::new();
        s.seed("svc", "k", "one", 1);
        s.label("svc", "k", "blue");
        s.seed("svc", "k", "two", 2);
        s.seed("svc", "k", "three", 3);
        s.label("svc", "k", "green");
        s.seed("svc", "other", "x", 1);
        s.seed("svc/sub", "k", "nested", 1);
        s
    }

    fn values(f: &Fetched) -> Vec<(String, &str)> {
        f.iter().map(|(id, v)| (id.to_string(), v.value.expose())).collect()
    }

    #[test]
    fn checked_ids_follow_the_name_rules() {
        assert_eq!(SecretId::checked("team/web", "k").unwrap(), SecretId::new("team/web", "k"));
        assert_eq!(SecretId::checked("/team", "k").unwrap_err().exit_code(), 65);
        assert_eq!(SecretId::checked("team", "a/b").unwrap_err().exit_code(), 65);
        assert_eq!(Selector::label_or_latest(None), Selector::Latest);
        assert_eq!(Selector::label_or_latest(Some("b")), Selector::Label("b".into()));
    }

    #[tokio::test]
    async fn get_picks_the_selected_version_of_each_secret() {
        let s = store();
        let refs = [
            id("k").at(Selector::Label("blue".into())),
            id("other").at(Selector::Latest),
            id("missing").at(Selector::Latest),
            SecretId::new("svc/sub", "k").at(Selector::Version(1)),
        ];
        let f = s.get(&refs).await.unwrap();
        assert_eq!(
            values(&f),
            [("/svc/k".to_owned(), "one"), ("/svc/other".to_owned(), "x"), ("/svc/sub/k".to_owned(), "nested")]
        );
        let f = s.get(&[id("k").at(Selector::Version(2)), id("other").at(Selector::Label("blue".into()))]).await;
        assert_eq!(values(&f.unwrap()), [("/svc/k".to_owned(), "two")]);
    }

    #[tokio::test]
    async fn a_label_moves_with_the_newest_labelling() {
        let s = store();
        s.label("svc", "k", "blue");
        let f = s.get(&[id("k").at(Selector::Label("blue".into()))]).await.unwrap();
        assert_eq!(values(&f), [("/svc/k".to_owned(), "three")]);
    }

    #[tokio::test]
    async fn read_gives_metadata_of_the_selected_version() {
        let s = store();
        let (meta, value) = s.read(&id("k"), &Selector::Latest).await.unwrap().unwrap();
        assert_eq!((meta.id.key.as_str(), meta.version, value.expose()), ("k", 3, "three"));
        let (meta, value) = s.read(&id("k"), &Selector::Version(2)).await.unwrap().unwrap();
        assert_eq!((meta.version, value.expose()), (2, "two"));
        let (meta, value) = s.read(&id("k"), &Selector::Label("blue".into())).await.unwrap().unwrap();
        assert_eq!((meta.version, value.expose()), (1, "one"));
        assert!(s.read(&id("k"), &Selector::Version(9)).await.unwrap().is_none());
        assert!(s.read(&id("nope"), &Selector::Version(1)).await.unwrap().is_none());
        assert!(s.read(&id("nope"), &Selector::Latest).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_service_is_its_direct_children_only() {
        let s = store();
        let keys = |m: Vec<(Meta, Secret)>| m.into_iter().map(|(m, v)| (m.id.key, v.expose().to_owned())).collect();
        let all: Vec<(String, String)> = keys(s.get_service("svc", &Selector::Latest).await.unwrap());
        assert_eq!(all, [("k".to_owned(), "three".to_owned()), ("other".to_owned(), "x".to_owned())]);
        let green: Vec<(String, String)> = keys(s.get_service("svc", &Selector::Label("green".into())).await.unwrap());
        assert_eq!(green, [("k".to_owned(), "three".to_owned())]);
        let listed: Vec<String> = s.list("svc").await.unwrap().into_iter().map(|m| m.id.to_string()).collect();
        assert_eq!(listed, ["/svc/k", "/svc/other"]);
        let names = |ids: Vec<SecretId>| ids.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(names(s.list_all("svc/").await.unwrap()), ["/svc/k", "/svc/other", "/svc/sub/k"]);
        assert_eq!(names(s.list_all("svc/s").await.unwrap()), ["/svc/sub/k"]);
    }

    #[tokio::test]
    async fn puts_borrow_values_and_report_in_order() {
        let s = MemoryStore::new();
        let (a, b) = (Secret::from_str_copy("a"), Secret::from_str_copy("b"));
        let puts = vec![
            Put { id: id("z"), value: &a, version: 1, tier: Tier::Standard },
            Put { id: id("y"), value: &b, version: 4, tier: Tier::Advanced },
        ];
        let heard = std::cell::RefCell::new(Vec::new());
        let results = s.put_many(puts, &|id| heard.borrow_mut().push(id.key.clone())).await;
        assert!(results.iter().all(|(_, r)| r.is_ok()));
        assert_eq!(results.iter().map(|(id, _)| id.key.as_str()).collect::<Vec<_>>(), ["z", "y"]);
        assert_eq!(*heard.borrow(), ["z", "y"]);
        assert_eq!(s.describe(&[id("y")]).await.unwrap()[0].version, 4);
        assert_eq!(a.expose(), "a", "the caller keeps its value");
    }
}
