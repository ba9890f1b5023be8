//! `tfsecrets history <service> <key>`

use super::{json_time, resolve_existing};
use crate::cli::HistoryArgs;
use crate::error::{Error, Kind, Result};
use crate::format::listing::{self, HistoryRow};
use crate::output;
use crate::store::{HistoryEntry, SecretId, Store};

async fn fetch<S: Store>(store: &S, id: &SecretId) -> Result<Option<Vec<HistoryEntry>>> {
    match store.history(id, false).await {
        Ok(h) => Ok(Some(h)),
        Err(e) if e.kind == Kind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Runs `history`: the exact key, else a unique case-insensitive match (docs/chamber-compat.md §2, §5).
pub async fn run<S: Store>(store: &S, args: &HistoryArgs) -> Result<()> {
    let id = SecretId::checked(&args.service, &args.key)?;
    let not_found = |id: &SecretId| Error::not_found(format!("Failed to get history: secret not found ({id})"));
    let history = match fetch(store, &id).await? {
        Some(h) => h,
        None => {
            let other = resolve_existing(store, &id).await?.ok_or_else(|| not_found(&id))?;
            fetch(store, &other).await?.ok_or_else(|| not_found(&other))?
        }
    };
    if args.json {
        let items: Vec<serde_json::Value> = history
            .iter()
            .map(|h| {
                serde_json::json!({
                    "event": listing::event_name(h.version),
                    "version": h.version,
                    "ssm_version": h.ssm_version,
                    "date": json_time(h.date),
                    "user": h.user,
                })
            })
            .collect();
        return output::json(&items);
    }
    let rows: Vec<HistoryRow> =
        history.into_iter().map(|h| HistoryRow { version: h.version, date: h.date, user: h.user }).collect();
    output::secret(&listing::history_table(&rows))
}
