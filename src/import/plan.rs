//! What an import would do: the variables a file offers ([`Candidates`]) and how each compares with the
//! store ([`Plan`]).

use super::Document;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::{Fetched, Meta, Put, SecretId, SecretRef, Selector, Store, Tier};
use crate::ui;

/// The variables an import takes from a file, after `--only` / `--except`, in file order.
pub struct Candidates {
    /// The storable ones: name and stored text.
    pub vars: Vec<(String, Secret)>,
    /// The names left in the file: `null` or `""` (SSM cannot store them).
    pub kept: Vec<String>,
}

impl Candidates {
    /// Takes the variables out of `doc`'s parse and keeps those `only` (when not empty) and not `except` name;
    /// a name in either that the file lacks is an error.
    pub fn select(doc: &mut Document, only: &[String], except: &[String]) -> Result<Candidates> {
        let vars = std::mem::take(&mut doc.parsed.vars);
        for name in only.iter().chain(except) {
            if !vars.iter().any(|v| &v.name == name) {
                return Err(Error::usage(format!(
                    "{} has no variable {name:?} (named in --only/--except)",
                    doc.source.label
                )));
            }
        }
        let mut chosen = Candidates { vars: Vec::new(), kept: Vec::new() };
        for v in vars {
            if !(only.is_empty() || only.contains(&v.name)) || except.contains(&v.name) {
                continue;
            }
            match v.value {
                Some(value) if v.kind.is_storable() => chosen.vars.push((v.name, value)),
                _ => chosen.kept.push(v.name),
            }
        }
        Ok(chosen)
    }

    /// The storable names, in file order.
    pub fn keys(&self) -> Vec<&str> {
        self.vars.iter().map(|(k, _)| k.as_str()).collect()
    }

    /// The storable names with an upper-case letter (chamber's read, write and delete cannot reach them).
    pub fn upper_case_keys(&self) -> Vec<&str> {
        self.keys().into_iter().filter(|k| k.chars().any(|c| c.is_ascii_uppercase())).collect()
    }
}

/// How each candidate compares with what the service holds.
pub struct Plan {
    /// The service.
    pub service: String,
    /// Keys the service does not have.
    pub new: Vec<String>,
    /// Keys it holds with another value.
    pub changed: Vec<String>,
    /// Keys it holds with this value (not written again).
    pub unchanged: Vec<String>,
    /// The service's listing, for chamber's version counters.
    listing: Vec<Meta>,
}

impl Plan {
    /// Lists the service, reads the current value of every candidate it holds (one batched read), and
    /// classifies each; warns about keys that differ only in case from a stored one.
    pub async fn make<S: Store>(store: &S, service: &str, candidates: &Candidates) -> Result<Plan> {
        let listing = store.list(service).await?;
        for (key, _) in &candidates.vars {
            if let Some(v) = listing.iter().find(|m| m.id.key != *key && m.id.key.eq_ignore_ascii_case(key)) {
                ui::warn(format!(
                    "{key} differs only in case from the stored {}; chamber lowercases keys, so it sees one name",
                    v.id
                ));
            }
        }
        let existing: Vec<SecretRef> = candidates
            .vars
            .iter()
            .map(|(k, _)| SecretId::new(service, k.as_str()))
            .filter(|id| listing.iter().any(|m| m.id == *id))
            .map(|id| id.at(Selector::Latest))
            .collect();
        let current = if existing.is_empty() { Default::default() } else { store.get(&existing).await? };
        Ok(Plan::classify(service, candidates, current, listing))
    }

    /// Classifies each candidate against `current` (what the store returned for them), comparing in constant
    /// time; `listing` is the service's (for version counters). `diff` fetches both at once and uses this.
    pub fn classify(service: &str, candidates: &Candidates, mut current: Fetched, listing: Vec<Meta>) -> Plan {
        let mut plan =
            Plan { service: service.to_owned(), new: Vec::new(), changed: Vec::new(), unchanged: Vec::new(), listing };
        for (key, value) in &candidates.vars {
            match current.remove(&SecretId::new(service, key.as_str())) {
                None => plan.new.push(key.clone()),
                Some(old) if old.value.ct_eq(value) => plan.unchanged.push(key.clone()),
                Some(_) => plan.changed.push(key.clone()),
            }
        }
        plan
    }

    /// `N new, N changed, N unchanged`.
    pub fn summary(&self) -> String {
        format!("{} new, {} changed, {} unchanged", self.new.len(), self.changed.len(), self.unchanged.len())
    }

    /// One line per candidate, sorted by key: `  new       /svc/key`.
    pub fn lines(&self) -> Vec<String> {
        let mut rows: Vec<(&str, &str)> = Vec::new();
        rows.extend(self.new.iter().map(|k| (k.as_str(), "new")));
        rows.extend(self.changed.iter().map(|k| (k.as_str(), "changed")));
        rows.extend(self.unchanged.iter().map(|k| (k.as_str(), "unchanged")));
        rows.sort();
        rows.into_iter().map(|(k, what)| format!("  {what:<9} {}", self.id(k))).collect()
    }

    /// The secret a key of this service is stored as.
    pub fn id(&self, key: &str) -> SecretId {
        SecretId::new(self.service.as_str(), key)
    }

    /// The candidates to write (new and changed), in file order.
    pub fn to_write<'a>(&self, candidates: &'a Candidates) -> Vec<&'a (String, Secret)> {
        candidates.vars.iter().filter(|(k, _)| !self.unchanged.contains(k)).collect()
    }

    /// The writes for [`Plan::to_write`], each with chamber's next version counter.
    pub fn puts<'a>(&self, candidates: &'a Candidates, tier: Tier) -> Vec<Put<'a>> {
        self.to_write(candidates)
            .into_iter()
            .map(|(k, v)| {
                let id = self.id(k);
                let version = self.listing.iter().find(|m| m.id == id).map_or(0, |m| m.version) + 1;
                Put { id, value: v, version, tier }
            })
            .collect()
    }
}
