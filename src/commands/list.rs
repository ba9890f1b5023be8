//! `tfsecrets list <service>`

use super::{MetaJson, json_time, suggest_lowercase};
use crate::cli::ListArgs;
use crate::error::Result;
use crate::format::listing::{self, Row};
use crate::naming;
use crate::output;
use crate::secret::Secret;
use crate::store::{SecretRef, Selector, Store};

/// Runs `list`: one listing, plus the values in parallel batches with `-e` (docs/chamber-compat.md §4, §5).
pub async fn run<S: Store>(store: &S, args: &ListArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    let metas = store.list(&args.service).await?;
    if metas.is_empty() {
        suggest_lowercase(store, &args.service).await?;
    }
    let mut values = if args.expand {
        let refs: Vec<SecretRef> = metas.iter().map(|m| m.id.at(Selector::Latest)).collect();
        store.get(&refs).await?
    } else {
        Default::default()
    };
    let mut rows: Vec<Row> = metas
        .into_iter()
        .map(|m| Row {
            value: values.remove(&m.id).map(|v| v.value),
            key: m.id.key,
            version: m.version,
            last_modified: m.last_modified,
            user: m.user,
        })
        .collect();
    if args.expand {
        // A secret deleted between the listing and the read is left out.
        rows.retain(|r| r.value.is_some());
    }
    listing::sort_rows(&mut rows, args.time, args.user, args.by_version);
    if args.json {
        let items: Vec<MetaJson> = rows
            .iter()
            .map(|r| MetaJson {
                key: &r.key,
                name: crate::store::SecretId::new(args.service.as_str(), r.key.as_str()).to_string(),
                version: r.version,
                last_modified: json_time(r.last_modified),
                user: r.user.as_deref(),
                service: None,
                value: r.value.as_ref().map(Secret::expose),
            })
            .collect();
        return output::json(&items);
    }
    output::secret(&listing::list_table(&rows, args.expand))
}
