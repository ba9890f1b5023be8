//! The write → tag → read-back transaction of an import: nothing touches the file until every written value
//! was read back byte for byte; every failure after the first write names what was written.

use super::{Candidates, Plan};
use crate::error::{Error, Result};
use crate::store::{SecretId, SecretRef, Selector, Store, Tier};

/// How the writes are shown (the command's progress bar or lines).
pub trait Progress {
    /// One secret was written.
    fn wrote(&self, id: &SecretId);
    /// Every write has returned (before tagging and reading back).
    fn writes_done(&self) {}
}

/// What a commit needs besides the plan.
pub struct Commit<'a> {
    /// Tags for new secrets (`--tag`).
    pub tags: &'a [(String, String)],
    /// The parameter tier.
    pub tier: Tier,
    /// The file, as named in messages ("... was not changed").
    pub label: &'a str,
}

/// Secrets' names, comma-separated, for messages.
fn joined(ids: &[SecretId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Writes the plan's new and changed candidates (after checking the store's required tags for the new ones and
/// the KMS key), tags the new ones, and reads every written one back; returns the written secrets. Nothing is
/// written when every candidate is unchanged.
pub async fn commit<S: Store>(
    store: &S,
    plan: &Plan,
    candidates: &Candidates,
    how: &Commit<'_>,
    progress: &dyn Progress,
) -> Result<Vec<SecretId>> {
    let to_write = plan.to_write(candidates);
    if to_write.is_empty() {
        return Ok(Vec::new());
    }
    if !plan.new.is_empty() {
        let new_ids: Vec<SecretId> = plan.new.iter().map(|k| plan.id(k)).collect();
        let required = store.required_tags().await?;
        crate::store::check_required_tags(&required, how.tags, &new_ids)?;
    }
    store.check_kms_key().await?;
    let results = store.put_many(plan.puts(candidates, how.tier), &|id| progress.wrote(id)).await;
    progress.writes_done();
    let mut written = Vec::new();
    let mut failed = Vec::new();
    for (id, res) in results {
        match res {
            Ok(()) => written.push(id),
            Err(e) => failed.push((id, e)),
        }
    }
    if let Some((_, first_err)) = failed.first() {
        let not_written: Vec<String> = failed.iter().map(|(id, _)| id.to_string()).collect();
        return Err(Error::new(
            first_err.kind.stopped_half_way(),
            format!(
                "import stopped: {} of {} writes failed ({})\n  written: {}\n  not written: {}\n  {} was not changed",
                failed.len(),
                failed.len() + written.len(),
                first_err.message,
                if written.is_empty() { "none".to_owned() } else { joined(&written) },
                not_written.join(", "),
                how.label
            ),
        )
        .hint("re-run the same command: values already stored are skipped"));
    }
    // After the writes, any failure must still say what was written and that the file is untouched.
    let stopped = |e: Error| {
        let msg = format!(
            "import stopped after all {} writes: {}\n  written: {}\n  {} was not changed",
            written.len(),
            e.message,
            joined(&written),
            how.label
        );
        Error::new(e.kind.stopped_half_way(), msg).hint("re-run the same command: values already stored are skipped")
    };
    if !how.tags.is_empty() {
        for k in &plan.new {
            store.tag(&plan.id(k), how.tags).await.map_err(stopped)?;
        }
    }
    // Read every written key back and compare byte for byte before touching the file.
    let refs: Vec<SecretRef> = written.iter().map(|id| id.at(Selector::Latest)).collect();
    let mut back = store.get(&refs).await.map_err(stopped)?;
    let bad: Vec<&str> = to_write
        .iter()
        .filter(|(k, v)| back.remove(&plan.id(k)).is_none_or(|b| !b.value.ct_eq(v)))
        .map(|(k, _)| k.as_str())
        .collect();
    if !bad.is_empty() {
        return Err(Error::temporary(format!(
            "read-back check failed for {}: SSM does not hold what was written; {} was not changed",
            bad.join(", "),
            how.label
        ))
        .hint("re-run the import; if it persists, check for another writer on the same service"));
    }
    Ok(written)
}
