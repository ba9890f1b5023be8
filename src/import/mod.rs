//! `import` as a pipeline over one parse of the file: read → select → plan → commit (write, tag, read back)
//! → scrub. `commands/import.rs` is the UI around it (the plan lines, the progress bar, the messages and the
//! JSON report); the file rules are in docs/files.md.
//!
//! - [`Document::read`]: the source checks of `crate::files::source`, then one parse (`crate::tfvars`);
//! - [`Candidates::select`]: the variables `--only`/`--except` leave, storable or kept in the file;
//! - [`Plan::make`]: which of them are new, changed or unchanged in the store;
//! - [`commit`]: the write → tag → read-back transaction;
//! - [`scrub`]: the file rewritten from the same parse, replaced atomically, the old bytes wiped.

mod commit;
mod plan;
mod scrub;

pub use commit::{Commit, Progress, commit};
pub use plan::{Candidates, Plan};
pub use scrub::{Scrubbed, scrub};

use crate::error::{Error, Result};
use crate::files::{rewrite, source};
use crate::tfvars::{self, Parsed, Syntax};

/// An import source, read with the checks of docs/files.md and parsed once.
pub struct Document {
    /// Where it came from, and its bytes.
    pub source: source::Source,
    /// The one parse: the variables (taken out by [`Candidates::select`]) and what the scrub needs.
    pub parsed: Parsed,
    /// SHA-256 of the bytes parsed: the scrub refuses a file that changed since.
    hash: [u8; 32],
}

impl Document {
    /// Reads `file` (`-` for stdin, parsed as native syntax) and parses it; `keep` skips the checks that the
    /// file could be scrubbed afterwards.
    pub fn read(file: &str, keep: bool) -> Result<Document> {
        let stdin = file == "-";
        let source = if stdin { source::read_stdin()? } else { source::read_file(file, keep)? };
        let hash = rewrite::sha256(&source.bytes);
        let text = tfvars::decode_utf8(&source.bytes, &source.label).map_err(tfvars_error)?;
        let syntax = if stdin { Syntax::Native } else { Syntax::from_file_name(&source.label) };
        let parsed = tfvars::parse(text, syntax, &source.label).map_err(tfvars_error)?;
        Ok(Document { source, parsed, hash })
    }
}

/// A tfvars error as the CLI reports it: `file:line:col: message`, the hint on its own line.
fn tfvars_error(e: tfvars::TfvarsError) -> Error {
    let mut err = Error::invalid(match e.pos {
        Some(p) => format!("{}:{}:{}: {}", e.file, p.line, p.col, e.message),
        None => format!("{}: {}", e.file, e.message),
    });
    if !e.hint.is_empty() {
        err = err.hint(e.hint);
    }
    err
}

#[cfg(test)]
mod tests;
