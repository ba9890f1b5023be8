//! An in-memory `Store` for unit tests of the logic above the store: secrets by [`SecretId`], each with its
//! history of versions (and their labels), behaving as the SSM store does for every [`Selector`].

use super::{Fetched, HistoryEntry, KmsKeyInfo, Meta, Put, SecretId, SecretRef, Selector, Store, Value};
use crate::error::{Error, Result};
use crate::secret::Secret;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A `Store` kept in a map; counts writes so tests can assert "nothing written".
#[derive(Default)]
pub struct MemoryStore {
    secrets: RefCell<BTreeMap<SecretId, Vec<HistoryEntry>>>,
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

    /// Seeds a new version directly, as another tool would have written it.
    pub fn seed(&self, service: &str, key: &str, value: &str, version: i64) {
        let mut secrets = self.secrets.borrow_mut();
        let history = secrets.entry(SecretId::new(service, key)).or_default();
        history.push(HistoryEntry {
            version,
            ssm_version: history.len() as i64 + 1,
            date: None,
            user: None,
            labels: Vec::new(),
            value: Some(Secret::from_str_copy(value)),
        });
    }

    /// Moves `label` to the latest version of a secret (a label marks one version at a time, as in SSM).
    pub fn label(&self, service: &str, key: &str, label: &str) {
        let mut secrets = self.secrets.borrow_mut();
        let Some(history) = secrets.get_mut(&SecretId::new(service, key)) else { return };
        history.iter_mut().for_each(|e| e.labels.retain(|l| l != label));
        if let Some(last) = history.last_mut() {
            last.labels.push(label.to_owned());
        }
    }

    /// The newest version `selector` picks.
    fn pick(&self, id: &SecretId, selector: &Selector) -> Option<HistoryEntry> {
        self.secrets.borrow().get(id).and_then(|h| h.iter().rev().find(|e| selector.matches(e)).cloned())
    }

    fn meta(id: &SecretId, e: &HistoryEntry) -> Meta {
        Meta { id: id.clone(), version: e.version, last_modified: e.date, user: e.user.clone() }
    }

    fn not_found(id: &SecretId) -> Error {
        Error::not_found(format!("{id}: not found"))
    }
}

impl Store for MemoryStore {
    async fn list(&self, service: &str) -> Result<Vec<Meta>> {
        Ok(self
            .secrets
            .borrow()
            .iter()
            .filter(|(id, _)| id.service == service)
            .filter_map(|(id, h)| h.last().map(|e| Self::meta(id, e)))
            .collect())
    }

    async fn describe(&self, ids: &[SecretId]) -> Result<Vec<Meta>> {
        Ok(ids.iter().filter_map(|id| self.pick(id, &Selector::Latest).map(|e| Self::meta(id, &e))).collect())
    }

    async fn get(&self, refs: &[SecretRef]) -> Result<Fetched> {
        Ok(refs
            .iter()
            .filter_map(|r| {
                let e = self.pick(&r.id, &r.selector)?;
                Some((r.id.clone(), Value { value: e.value?, last_modified: e.date }))
            })
            .collect())
    }

    async fn get_service(&self, service: &str, selector: &Selector) -> Result<Vec<(Meta, Secret)>> {
        let metas = self.list(service).await?;
        Ok(metas.into_iter().filter_map(|m| self.pick(&m.id, selector).and_then(|e| e.value).map(|v| (m, v))).collect())
    }

    async fn put_many(&self, puts: Vec<Put<'_>>, progress: &dyn Fn(&SecretId)) -> Vec<(SecretId, Result<()>)> {
        puts.into_iter()
            .map(|p| {
                let mut secrets = self.secrets.borrow_mut();
                let history = secrets.entry(p.id.clone()).or_default();
                history.push(HistoryEntry {
                    version: p.version,
                    ssm_version: history.len() as i64 + 1,
                    date: None,
                    user: None,
                    labels: Vec::new(),
                    value: Some(p.value.clone()),
                });
                drop(secrets);
                *self.writes.borrow_mut() += 1;
                progress(&p.id);
                (p.id, Ok(()))
            })
            .collect()
    }

    async fn tag(&self, _id: &SecretId, _tags: &[(String, String)]) -> Result<()> {
        Ok(())
    }

    async fn history(&self, id: &SecretId, with_values: bool) -> Result<Vec<HistoryEntry>> {
        let h = self.secrets.borrow().get(id).cloned().ok_or_else(|| Self::not_found(id))?;
        Ok(h.into_iter()
            .map(|mut e| {
                if !with_values {
                    e.value = None;
                }
                e
            })
            .collect())
    }

    async fn delete(&self, id: &SecretId) -> Result<()> {
        self.secrets.borrow_mut().remove(id).map(|_| ()).ok_or_else(|| Self::not_found(id))
    }

    async fn list_all(&self, prefix: &str) -> Result<Vec<SecretId>> {
        let prefix = format!("/{prefix}");
        Ok(self.secrets.borrow().keys().filter(|id| id.to_string().starts_with(&prefix)).cloned().collect())
    }

    async fn check_kms_key(&self) -> Result<()> {
        if self.kms_missing {
            return Err(Error::invalid("KMS key alias/parameter_store_key does not exist"));
        }
        Ok(())
    }

    async fn kms_key(&self) -> Result<KmsKeyInfo> {
        if self.kms_missing {
            return Err(Error::not_found("KMS key alias/parameter_store_key does not exist"));
        }
        Ok(KmsKeyInfo {
            key_id: "alias/parameter_store_key".into(),
            arn: "arn:aws:kms:us-east-1:123456789012:key/memory".into(),
            customer_managed: true,
            enabled: true,
        })
    }

    async fn required_tags(&self) -> Result<Vec<String>> {
        Ok(self.required.clone())
    }
}
