//! Private files: the one place `session/` creates directories (0700), replaces files (0600, atomically) and
//! warns about files others can read (docs/sessions.md §4). The MFA cache and `--write-profile` both write here.

use crate::error::{Error, Result};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

static PERMISSION_WARNED: AtomicBool = AtomicBool::new(false);

/// Warns once per run when the cache directory or an entry is accessible to group or others.
pub fn warn_if_exposed(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 && !PERMISSION_WARNED.swap(true, Ordering::Relaxed) {
            crate::ui::warn(format!(
                "{} is accessible to group or others (mode {:o}); it holds AWS session credentials: chmod {} {}",
                path.display(),
                mode & 0o777,
                if meta.is_dir() { "700" } else { "600" },
                path.display()
            ));
        }
    }
}

/// Warns when an existing file about to be rewritten with mode 0600 was readable by others.
pub fn warn_if_rewriting_exposed(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            crate::ui::warn(format!(
                "{} was mode {mode:o} (readable by others); it is rewritten with mode 600",
                path.display()
            ));
        }
    }
}

/// Creates `dir` (and parents) with mode 0700 when missing; warns when an existing one is exposed.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        warn_if_exposed(dir);
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io(format!("cannot create {}: {e}", dir.display())))?;
    // `recursive` applies the mode to every directory it creates, but the umask may have narrowed it further.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| Error::io(format!("cannot chmod {}: {e}", dir.display())))
}

/// Writes `bytes` to `path` atomically with mode 0600 (see `crate::atomic`): readers never see a partial
/// file, a kill never leaves a named temporary copy behind; concurrent writers: last rename wins.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::atomic::replace(
        path,
        bytes,
        0o600,
        None,
        || Ok(()),
        |e| Error::io(format!("cannot write {}: {}: {}", path.display(), e.step, e.source)),
    )
}
