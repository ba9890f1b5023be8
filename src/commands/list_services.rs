//! `tfsecrets list-services [prefix]`

use super::print_json;
use crate::cli::ListServicesArgs;
use crate::error::Result;
use crate::format::table::TabWriter;
use crate::naming;
use crate::store::Store;
use std::collections::BTreeSet;

/// Runs `list-services`.
pub async fn run<S: Store>(store: &S, args: &ListServicesArgs) -> Result<()> {
    let names = store.names_with_prefix(&format!("/{}", args.prefix)).await?;
    let items: BTreeSet<String> = names
        .iter()
        .filter(|n| naming::is_valid_aws_name(n))
        .map(|n| if args.secrets { n.clone() } else { naming::service_of(n).to_owned() })
        .collect();
    if args.json {
        print_json(&serde_json::Value::Array(items.into_iter().map(serde_json::Value::String).collect()));
        return Ok(());
    }
    let mut w = TabWriter::new();
    w.write_str("Service\n");
    for item in items {
        w.write_str(&item);
        w.write_str("\n");
    }
    print!("{}", w.finish());
    Ok(())
}
