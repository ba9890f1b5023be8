//! `tfsecrets read <service> <key>`

use super::{MetaJson, resolve_existing};
use crate::cli::ReadArgs;
use crate::error::{Error, Result};
use crate::format::listing;
use crate::output;
use crate::secret::Secret;
use crate::store::{SecretId, Selector, Store};

/// Runs `read`: the exact key, else a unique case-insensitive match (docs/chamber-compat.md §2).
pub async fn run<S: Store>(store: &S, args: &ReadArgs) -> Result<()> {
    let id = SecretId::checked(&args.service, &args.key)?;
    let selector = args.version.map_or(Selector::Latest, Selector::Version);
    let version = args.version.map(|v| format!(", version {v}")).unwrap_or_default();
    let not_found = || Error::not_found(format!("Failed to read: secret not found ({id}{version})"));
    let (meta, value) = match store.read(&id, &selector).await? {
        Some(found) => found,
        None => match resolve_existing(store, &id).await? {
            Some(other) => store.read(&other, &selector).await?.ok_or_else(not_found)?,
            None => return Err(not_found()),
        },
    };
    if args.json {
        let mut json = MetaJson::new(&meta);
        json.service = Some(&args.service);
        json.value = Some(value.expose());
        return output::json(&json);
    }
    let text = if args.quiet {
        let mut text = Secret::with_capacity(value.len() + 1);
        text.push_str(value.expose());
        text.push('\n');
        text
    } else {
        listing::read_table(&meta.id.key, &value, meta.version, meta.last_modified, meta.user.as_deref())
    };
    output::secret(&text)
}
