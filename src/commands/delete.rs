//! `tfsecrets delete <service> <key>`

use crate::cli::DeleteArgs;
use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::output;
use crate::store::{self, SecretId, Store};

/// Runs `delete`. The key is exact; a case-insensitive match is suggested, never deleted
/// (docs/chamber-compat.md §2).
pub async fn run<S: Store>(store: &S, args: &DeleteArgs) -> Result<()> {
    let id = SecretId::checked(&args.service, &args.key)?;
    naming::refuse_reserved(&args.service)?;
    match store.delete(&id).await {
        Ok(()) if args.json => output::json(&serde_json::json!({"name": id.to_string(), "deleted": true})),
        Ok(()) => Ok(()),
        Err(e) if e.kind == Kind::NotFound => {
            let listing = store.list(&args.service).await?;
            let err = Error::not_found(format!("Failed to delete: secret not found ({id})"));
            Err(match store::case_insensitive_match(&listing, &args.key) {
                Ok(Some(m)) => err.hint(format!(
                    "a key differing only in case exists: run `tfsecrets delete {} {}`",
                    args.service, m.id.key
                )),
                Err(several) => err.hint(several.message),
                Ok(None) => err,
            })
        }
        Err(e) => Err(e),
    }
}
