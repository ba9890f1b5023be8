//! `tfsecrets delete <service> <key>`

use super::print_json;
use crate::cli::DeleteArgs;
use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::store::{self, Store};

/// Runs `delete`. The key is exact; a case-insensitive match is suggested, never deleted.
pub async fn run<S: Store>(store: &S, args: &DeleteArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    naming::validate_key(&args.key)?;
    naming::refuse_reserved(&args.service)?;
    let name = naming::param_name(&args.service, &args.key);
    match store.delete(&name).await {
        Ok(()) => {
            if args.json {
                print_json(&serde_json::json!({"name": name, "deleted": true}));
            }
            Ok(())
        }
        Err(e) if e.kind == Kind::NotFound => {
            let listing = store.list(&args.service).await?;
            let err = Error::not_found(format!("Failed to delete: secret not found ({name})"));
            Err(match store::case_insensitive_match(&listing, &args.key) {
                Ok(Some(m)) => err.hint(format!(
                    "a key differing only in case exists: run `tfsecrets delete {} {}`",
                    args.service,
                    m.key()
                )),
                Err(several) => err.hint(several.message),
                Ok(None) => err,
            })
        }
        Err(e) => Err(e),
    }
}
