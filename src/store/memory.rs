//! An in-memory `Store` for unit tests of the logic above the store.

use super::{Fetched, HistoryEntry, Meta, Put, Store, Value};
use crate::error::{Error, Result};
use crate::naming;
use crate::secret::Secret;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A `Store` kept in a map; counts writes so tests can assert "nothing written".
#[derive(Default)]
pub struct MemoryStore {
    params: RefCell<BTreeMap<String, Vec<HistoryEntry>>>,
    /// Number of successful writes.
    pub writes: RefCell<usize>,
    /// Required tags to report as store config.
    pub required: Vec<String>,
    /// When set, the KMS check fails with this message.
    pub kms_missing: bool,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Seeds a value directly, as another tool would have written it.
    pub fn seed(&self, name: &str, value: &str, version: i64) {
        self.params.borrow_mut().entry(name.to_owned()).or_default().push(HistoryEntry {
            version,
            ssm_version: 1,
            date: None,
            user: None,
            value: Some(Secret::from_str_copy(value)),
        });
    }

    fn latest(&self, name: &str) -> Option<HistoryEntry> {
        self.params.borrow().get(name).and_then(|h| h.last().cloned())
    }

    fn meta(name: &str, e: &HistoryEntry) -> Meta {
        Meta { name: name.to_owned(), version: e.version, last_modified: e.date, user: e.user.clone() }
    }
}

impl Store for MemoryStore {
    async fn list(&self, service: &str) -> Result<Vec<Meta>> {
        let prefix = format!("/{service}/");
        Ok(self
            .params
            .borrow()
            .iter()
            .filter(|(n, _)| n.starts_with(&prefix) && !n[prefix.len()..].contains('/'))
            .filter_map(|(n, h)| h.last().map(|e| Self::meta(n, e)))
            .collect())
    }

    async fn describe(&self, names: &[String]) -> Result<Vec<Meta>> {
        Ok(names.iter().filter_map(|n| self.latest(n).map(|e| Self::meta(n, &e))).collect())
    }

    async fn get(&self, names: &[String]) -> Result<Fetched> {
        let mut f = Fetched::default();
        for n in names {
            match self.latest(n).and_then(|e| e.value) {
                Some(v) => {
                    f.values.insert(n.clone(), Value { name: n.clone(), value: v, last_modified: None });
                }
                None => f.missing.push(n.clone()),
            }
        }
        Ok(f)
    }

    async fn get_service(&self, service: &str) -> Result<Vec<(Meta, Secret)>> {
        let metas = self.list(service).await?;
        Ok(metas.into_iter().filter_map(|m| self.latest(&m.name).and_then(|e| e.value).map(|v| (m, v))).collect())
    }

    async fn put_many(&self, puts: Vec<Put>, progress: &dyn Fn(&str)) -> Vec<(String, Result<()>)> {
        puts.into_iter()
            .map(|p| {
                let ssm_version = self.params.borrow().get(&p.name).map_or(0, Vec::len) as i64 + 1;
                self.params.borrow_mut().entry(p.name.clone()).or_default().push(HistoryEntry {
                    version: p.version,
                    ssm_version,
                    date: None,
                    user: None,
                    value: Some(p.value),
                });
                *self.writes.borrow_mut() += 1;
                progress(&p.name);
                (p.name, Ok(()))
            })
            .collect()
    }

    async fn tag(&self, _name: &str, _tags: &[(String, String)]) -> Result<()> {
        Ok(())
    }

    async fn history(&self, name: &str, with_values: bool) -> Result<Vec<HistoryEntry>> {
        let h =
            self.params.borrow().get(name).cloned().ok_or_else(|| Error::not_found(format!("{name}: not found")))?;
        Ok(h.into_iter()
            .map(|mut e| {
                if !with_values {
                    e.value = None;
                }
                e
            })
            .collect())
    }

    async fn delete(&self, name: &str) -> Result<()> {
        self.params.borrow_mut().remove(name).map(|_| ()).ok_or_else(|| Error::not_found(format!("{name}: not found")))
    }

    async fn names_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        Ok(self
            .params
            .borrow()
            .keys()
            .filter(|n| n.starts_with(prefix) && naming::is_valid_aws_name(n))
            .cloned()
            .collect())
    }

    async fn check_kms_key(&self) -> Result<()> {
        if self.kms_missing {
            return Err(Error::invalid("KMS key alias/parameter_store_key does not exist"));
        }
        Ok(())
    }

    async fn required_tags(&self) -> Result<Vec<String>> {
        Ok(self.required.clone())
    }
}
