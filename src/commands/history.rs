//! `tfsecrets history <service> <key>`

use super::{json_time, print_json, resolve_existing};
use crate::cli::HistoryArgs;
use crate::error::{Error, Kind, Result};
use crate::format::listing::{self, HistoryRow};
use crate::naming;
use crate::store::{HistoryEntry, Store};

fn event(version: i64) -> &'static str {
    if version == 1 { "Created" } else { "Updated" }
}

async fn fetch<S: Store>(store: &S, name: &str) -> Result<Option<Vec<HistoryEntry>>> {
    match store.history(name, false).await {
        Ok(h) => Ok(Some(h)),
        Err(e) if e.kind == Kind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Runs `history`.
pub async fn run<S: Store>(store: &S, args: &HistoryArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    naming::validate_key(&args.key)?;
    let name = naming::param_name(&args.service, &args.key);
    let history = match fetch(store, &name).await? {
        Some(h) => h,
        None => {
            let other = resolve_existing(store, &args.service, &args.key)
                .await?
                .ok_or_else(|| Error::not_found(format!("Failed to get history: secret not found ({name})")))?;
            fetch(store, &other)
                .await?
                .ok_or_else(|| Error::not_found(format!("Failed to get history: secret not found ({other})")))?
        }
    };
    if args.json {
        let items: Vec<serde_json::Value> = history
            .iter()
            .map(|h| {
                serde_json::json!({
                    "event": event(h.version),
                    "version": h.version,
                    "ssm_version": h.ssm_version,
                    "date": json_time(h.date),
                    "user": h.user,
                })
            })
            .collect();
        print_json(&serde_json::Value::Array(items));
        return Ok(());
    }
    let rows: Vec<HistoryRow> =
        history.into_iter().map(|h| HistoryRow { version: h.version, date: h.date, user: h.user }).collect();
    print!("{}", listing::history_table(&rows));
    Ok(())
}
