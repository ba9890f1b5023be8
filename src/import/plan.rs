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
    /// Metadata of stored keys, for chamber's version counters: the service's listing (diff, or an import with a
    /// new key), or the changed keys' own.
    listing: Vec<Meta>,
}

impl Plan {
    /// Reads the current value of every candidate by name (one parallel wave of `GetParameters`: nothing else when
    /// no value changed) and classifies each (docs/chamber-compat.md §4). Then chamber's version counters of the
    /// keys about to be rewritten: `DescribeParameters` by name for changed keys; when a key is new, the service
    /// listing instead, which also shows stored keys that differ from it only in case (warned about, §2).
    pub async fn make<S: Store>(store: &S, service: &str, candidates: &Candidates) -> Result<Plan> {
        let refs: Vec<SecretRef> =
            candidates.vars.iter().map(|(k, _)| SecretId::new(service, k.as_str()).at(Selector::Latest)).collect();
        let current = if refs.is_empty() { Default::default() } else { store.get(&refs).await? };
        let mut plan = Plan::classify(service, candidates, current, Vec::new());
        if !plan.new.is_empty() {
            let listing = store.list(service).await?;
            for key in &plan.new {
                if let Some(v) = listing.iter().find(|m| m.id.key != *key && m.id.key.eq_ignore_ascii_case(key)) {
                    ui::warn(format!(
                        "{key} differs only in case from the stored {}; chamber lowercases keys, so it sees one name",
                        v.id
                    ));
                }
            }
            plan.listing = listing;
        } else if !plan.changed.is_empty() {
            let changed: Vec<SecretId> = plan.changed.iter().map(|k| plan.id(k)).collect();
            plan.listing = store.describe(&changed).await?;
        }
        Ok(plan)
    }

    /// Classifies each candidate against `current` (what the store returned for them), comparing in constant
    /// time; `listing` holds the stored keys' metadata (version counters). `diff` fetches both at once and uses this.
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
