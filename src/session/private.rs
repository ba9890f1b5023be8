//! Private files of `session/`: the cache directory and entries and the shared credentials file are written
//! through `crate::files::private` (docs/files.md, "Private files"; docs/sessions.md §4); this binds what they
//! hold to its permission warning.

use crate::error::Result;
use std::path::Path;

/// What the session's private files hold, as the permission warning says it.
const HOLDS: &str = "AWS session credentials";

/// Warns (once per path per run) when the cache directory or an entry is accessible to group or others.
pub fn warn_if_exposed(path: &Path) {
    crate::files::private::warn_if_exposed(path, HOLDS)
}

/// Creates `dir` (and parents) with mode 0700 when missing; warns when an existing one is exposed.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    crate::files::private::ensure_dir(dir, HOLDS)
}
