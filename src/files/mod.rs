//! Every file tfsecrets reads or writes on the user's disk: the import source and its checks (`source`), atomic
//! replacement (`replace`), the scrub's replace-and-wipe (`rewrite`), private 0600 writes and the one permission
//! warning (`private`), and whether git has seen a file (`git`). The rules are in docs/files.md.
//!
//! Linux replaces files through an unnamed `O_TMPFILE`; other Unixes (and Linux with the
//! `portable-atomic-replace` feature, which CI uses to test that path) through an exclusive named temporary file.

pub mod git;
pub mod private;
pub mod replace;
pub mod rewrite;
pub mod source;

use std::path::{Path, PathBuf};

/// The directory of `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `path` is a symbolic link (false when it cannot be examined).
pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}
