//! The `Store` trait commands speak, its data types, and the SSM implementation (the only user of `aws-sdk-ssm`).

pub mod memory;
pub mod ssm;

use crate::error::{Error, Result};
use crate::naming;
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

pub use ssm::SsmStore;

/// A secret's metadata as listed by DescribeParameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Full parameter name, `/<service>/<key>`.
    pub name: String,
    /// chamber's version counter (from Description; 0 when absent or not a number).
    pub version: i64,
    /// When it was last written.
    pub last_modified: Option<DateTime<Utc>>,
    /// Who last wrote it (IAM/STS ARN), when AWS says.
    pub user: Option<String>,
}

impl Meta {
    /// The key: the last segment of the name.
    pub fn key(&self) -> &str {
        naming::key_of(&self.name)
    }
}

/// A secret value with its SSM name.
#[derive(Debug, Clone)]
pub struct Value {
    /// Full parameter name as stored.
    pub name: String,
    /// The decrypted value.
    pub value: Secret,
    /// When it was last written (GetParameters reports this).
    pub last_modified: Option<DateTime<Utc>>,
}

/// One version of a secret, from GetParameterHistory.
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
    /// The value, when the history was read with decryption.
    pub value: Option<Secret>,
}

/// Parameter tier: Standard holds 4 KB, Advanced 8 KB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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

/// A write of one secret.
#[derive(Debug, Clone)]
pub struct Put {
    /// Full parameter name.
    pub name: String,
    /// The value to store.
    pub value: Secret,
    /// chamber's version counter to store (previous + 1).
    pub version: i64,
    /// Tier; `Standard` means "don't set it" (account default), as chamber does.
    pub tier: Tier,
}

/// The outcome of fetching named values: what was found, and which names don't exist.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Found values by full name.
    pub values: BTreeMap<String, Value>,
    /// Names SSM reported as missing.
    pub missing: Vec<String>,
}

/// A secrets backend. Commands use only this; the SSM implementation is the one real backend.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Metadata of a service's direct children (DescribeParameters, Path OneLevel, 50 a page).
    async fn list(&self, service: &str) -> Result<Vec<Meta>>;
    /// Metadata of specific parameters by full name (DescribeParameters, Name Equals, 50 a call).
    async fn describe(&self, names: &[String]) -> Result<Vec<Meta>>;
    /// Values of specific parameters by full name or `name:label` selector (GetParameters, 10 a call, in parallel).
    async fn get(&self, names: &[String]) -> Result<Fetched>;
    /// Metadata and values of a whole service, pipelined (listing pages feed parallel GetParameters).
    async fn get_service(&self, service: &str) -> Result<Vec<(Meta, Secret)>>;
    /// Writes several secrets, at most the store's write concurrency at once. Returns per-name outcomes in input order.
    async fn put_many(&self, puts: Vec<Put>, progress: &dyn Fn(&str)) -> Vec<(String, Result<()>)>;
    /// Adds tags to one parameter.
    async fn tag(&self, name: &str, tags: &[(String, String)]) -> Result<()>;
    /// The history of one parameter, oldest first.
    async fn history(&self, name: &str, with_values: bool) -> Result<Vec<HistoryEntry>>;
    /// Deletes one parameter. `Err` of kind NotFound when it does not exist.
    async fn delete(&self, name: &str) -> Result<()>;
    /// Full names of every parameter whose name begins with `prefix` (for list-services).
    async fn names_with_prefix(&self, prefix: &str) -> Result<Vec<String>>;
    /// Checks once that the KMS key used for writes exists; later calls return the first answer.
    async fn check_kms_key(&self) -> Result<()>;
    /// chamber's store configuration (`/_chamber/store-config`): the required tag keys.
    async fn required_tags(&self) -> Result<Vec<String>>;
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
    let matches: Vec<&Meta> = listing.iter().filter(|m| m.key().eq_ignore_ascii_case(key)).collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(Error::invalid(format!(
            "key {key:?} not found; several keys differ from it only in case: {}",
            many.iter().map(|m| m.key()).collect::<Vec<_>>().join(", ")
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
