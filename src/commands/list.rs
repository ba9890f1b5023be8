//! `tfsecrets list <service>`

use super::{meta_json, print_json, suggest_lowercase};
use crate::cli::ListArgs;
use crate::error::{Error, Result};
use crate::format::listing::{self, Row};
use crate::naming;
use crate::secret::Secret;
use crate::store::Store;
use std::io::Write;

/// Runs `list`.
pub async fn run<S: Store>(store: &S, args: &ListArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    let metas = store.list(&args.service).await?;
    if metas.is_empty() {
        suggest_lowercase(store, &args.service).await?;
    }
    let mut values = if args.expand {
        let names: Vec<String> = metas.iter().map(|m| m.name.clone()).collect();
        store.get(&names).await?.values
    } else {
        Default::default()
    };
    let mut rows: Vec<Row> = metas
        .iter()
        .map(|m| Row {
            key: m.name.clone(),
            version: m.version,
            last_modified: m.last_modified,
            user: m.user.clone(),
            value: values.remove(&m.name).map(|v| v.value),
        })
        .collect();
    if args.expand {
        // A secret deleted between the listing and the read is left out.
        rows.retain(|r| r.value.is_some());
    }
    listing::sort_rows(&mut rows, args.time, args.user, args.by_version);
    if args.json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let meta = crate::store::Meta {
                    name: r.key.clone(),
                    version: r.version,
                    last_modified: r.last_modified,
                    user: r.user.clone(),
                };
                let mut m = meta_json(&meta);
                if let Some(v) = &r.value {
                    m.insert("value".into(), v.expose().into());
                }
                serde_json::Value::Object(m)
            })
            .collect();
        print_json(&serde_json::Value::Array(items));
        return Ok(());
    }
    let table = Secret::new(listing::list_table(&rows, args.expand));
    std::io::stdout()
        .lock()
        .write_all(table.expose_bytes())
        .map_err(|e| Error::io(format!("writing to stdout: {e}")))?;
    Ok(())
}
