//! The last stage of an import: the source file without the stored variables, computed from the one parse,
//! replaced atomically with the old bytes wiped (docs/files.md, "Scrub: replace and wipe"), and whether git
//! still holds the old values.

use super::Document;
use crate::error::{Error, Result};
use crate::files::{self, rewrite};
use crate::tfvars::ScrubOutcome;
use crate::ui;

/// What became of the source file.
pub struct Scrubbed {
    /// As reported: `vars.tfvars scrubbed`, `... removed (nothing else was in it)`, `... kept (--keep)`,
    /// `... unchanged (nothing stored)` or `not scrubbed (stdin)`.
    pub state: String,
    /// Whether git tracks the file or has it in its history ([`files::git::exposure`]), when values were stored.
    pub exposure: Option<&'static str>,
}

/// Removes the `stored` variables from `doc`'s file (unless `keep`, stdin, or nothing was stored). A file that
/// changed since it was read, or that cannot be replaced, is left as it is and is an error that says the
/// secrets are in SSM (`summary`: the plan's counts); a failed wipe of the old bytes is a warning.
pub fn scrub(doc: &Document, stored: &[&str], service: &str, keep: bool, summary: &str) -> Result<Scrubbed> {
    let source = &doc.source;
    let state = match (&source.target, keep) {
        (None, _) => "not scrubbed (stdin)".to_owned(),
        (Some(_), true) => format!("{} kept (--keep)", source.label),
        (Some(_), false) if stored.is_empty() => format!("{} unchanged (nothing stored)", source.label),
        (Some(target), false) => {
            let outcome = doc.parsed.scrub(stored, service).map_err(super::tfvars_error)?;
            let shown = source.shown();
            let (content, state) = match &outcome {
                ScrubOutcome::Rewritten(c) => (Some(c.expose_bytes()), format!("{shown} scrubbed")),
                ScrubOutcome::Empty => (None, format!("{shown} removed (nothing else was in it)")),
            };
            match rewrite::replace_and_wipe(target, content, &doc.hash) {
                Ok(()) => state,
                Err(rewrite::RewriteError::ChangedSinceParsed { .. }) => {
                    return Err(Error::temporary(format!(
                        "{} changed while importing; it was not scrubbed ({summary}: the secrets are in SSM)",
                        source.label
                    ))
                    .hint("re-run the import to scrub the file"));
                }
                Err(e @ rewrite::RewriteError::WipeFailed { .. }) => {
                    ui::warn(format!("{e}"));
                    state
                }
                Err(e) => {
                    return Err(Error::io(format!(
                        "{e}; the secrets are in SSM ({summary}), the file was not changed"
                    )));
                }
            }
        }
    };
    let exposure = source.target.as_deref().filter(|_| !stored.is_empty()).and_then(files::git::exposure);
    Ok(Scrubbed { state, exposure })
}
