//! `tfsecrets list-services [prefix]` (docs/chamber-compat.md §4, §5)

use crate::cli::ListServicesArgs;
use crate::error::Result;
use crate::format::table::TabWriter;
use crate::output;
use crate::store::Store;
use std::collections::BTreeSet;

/// Runs `list-services`: the services (or with `-s` the secrets) under a prefix, sorted and unique.
pub async fn run<S: Store>(store: &S, args: &ListServicesArgs) -> Result<()> {
    let ids = store.list_all(&args.prefix).await?;
    let items: BTreeSet<String> =
        ids.into_iter().map(|id| if args.secrets { id.to_string() } else { id.service }).collect();
    if args.json {
        return output::json(&items);
    }
    let mut w = TabWriter::new();
    w.write_row(&["Service"]);
    for item in &items {
        w.write_row(&[item]);
    }
    output::secret(&w.finish())
}
