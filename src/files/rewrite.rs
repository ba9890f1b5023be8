//! Replacing a scrubbed file atomically and wiping the old bytes, best effort (docs/files.md, "Scrub: replace
//! and wipe").
//!
//! Order: open the original and keep the descriptor; re-read and hash it; write the new content
//! to a temp file in the same directory with the same mode; fsync; rename over the original;
//! fsync the directory; overwrite the old (now unlinked) inode with zeros over its full length;
//! fsync; close. A crash leaves either the old or the new file at the path (see `super::replace` for the
//! temporary file and what a kill can leave of it).
//!
//! Limits: copy-on-write filesystems (btrfs, ZFS, APFS), snapshots, backups, journaling with data
//! and SSD wear levelling can keep the old blocks; the wipe is best effort.

use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{is_symlink, parent_dir, replace};

/// Why a file could not be replaced; the file is untouched unless the variant says otherwise.
#[derive(Debug)]
pub enum RewriteError {
    /// The file's content no longer matches what was parsed; nothing was changed.
    ChangedSinceParsed {
        /// The file.
        path: PathBuf,
    },
    /// The path is not a regular file (a symlink must be resolved by the caller); nothing was changed.
    NotRegularFile {
        /// The file.
        path: PathBuf,
    },
    /// The file has other hard links that would keep the old content; nothing was changed.
    HardLinked {
        /// The file.
        path: PathBuf,
        /// Its link count.
        links: u64,
    },
    /// An I/O step failed before the rename; the original file is unchanged.
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        step: &'static str,
        /// The OS error.
        source: io::Error,
    },
    /// The new content is in place (or the file is removed) but the directory fsync or the wipe failed.
    WipeFailed {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

impl fmt::Display for RewriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RewriteError::ChangedSinceParsed { path } => write!(
                f,
                "{} changed since it was read; it was not scrubbed. The secrets are stored in SSM; run the import again to scrub the file",
                path.display()
            ),
            RewriteError::NotRegularFile { path } => {
                write!(f, "{} is not a regular file; it was not scrubbed", path.display())
            }
            RewriteError::HardLinked { path, links } => write!(
                f,
                "{} has {links} hard links; scrubbing one name would leave the secrets under the others, so it was not scrubbed. Remove the other links and run the import again",
                path.display()
            ),
            RewriteError::Io { path, step, source } => {
                write!(f, "cannot scrub {}: {step}: {source}; the file was left unchanged", path.display())
            }
            RewriteError::WipeFailed { path, source } => write!(
                f,
                "{} was scrubbed, but syncing its directory or overwriting the old content failed: {source}; the old bytes may remain on disk",
                path.display()
            ),
        }
    }
}

impl std::error::Error for RewriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RewriteError::Io { source, .. } | RewriteError::WipeFailed { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// SHA-256 of some bytes (to pass as `expected_sha256`).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Replaces `path` with `new_content` (or removes it for `None`) if its content still hashes to
/// `expected_sha256`, then overwrites the old inode with zeros. `path` must not be a symlink.
pub fn replace_and_wipe(
    path: &Path,
    new_content: Option<&[u8]>,
    expected_sha256: &[u8; 32],
) -> Result<(), RewriteError> {
    replace_and_wipe_with_hook(path, new_content, expected_sha256, || {})
}

/// [`replace_and_wipe`] with a hook run just before the final identity check and rename (tests
/// use it to simulate a concurrent editor).
fn replace_and_wipe_with_hook(
    path: &Path,
    new_content: Option<&[u8]>,
    expected_sha256: &[u8; 32],
    before_rename: impl FnOnce(),
) -> Result<(), RewriteError> {
    let io_err = |step: &'static str| {
        let path = path.to_path_buf();
        move |source: io::Error| RewriteError::Io { path, step, source }
    };
    // O_NOFOLLOW: a symlink fails to open (ELOOP on Linux and macOS, EMLINK on FreeBSD, EFTYPE on NetBSD).
    let mut old = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
        .open(path)
        .map_err(|e| {
            if is_symlink(path) {
                RewriteError::NotRegularFile { path: path.to_path_buf() }
            } else {
                io_err("open for writing")(e)
            }
        })?;
    let meta = old.metadata().map_err(io_err("stat"))?;
    if !meta.file_type().is_file() {
        return Err(RewriteError::NotRegularFile { path: path.to_path_buf() });
    }
    if meta.nlink() > 1 {
        return Err(RewriteError::HardLinked { path: path.to_path_buf(), links: meta.nlink() });
    }

    // Re-read through the kept descriptor and compare with what was parsed.
    let mut current = zeroize::Zeroizing::new(Vec::with_capacity(meta.len() as usize));
    old.read_to_end(&mut current).map_err(io_err("re-read"))?;
    if &sha256(&current) != expected_sha256 {
        return Err(RewriteError::ChangedSinceParsed { path: path.to_path_buf() });
    }
    drop(current);

    let dir = parent_dir(path);

    // The path must still name the inode we hold (not replaced by an editor meanwhile).
    let same_inode = |p: &Path| -> Result<bool, RewriteError> {
        let now = std::fs::symlink_metadata(p).map_err(io_err("stat"))?;
        Ok(now.dev() == meta.dev() && now.ino() == meta.ino())
    };

    match new_content {
        Some(content) => {
            let rpath = path.to_path_buf();
            replace::replace(
                path,
                content,
                meta.mode() & 0o7777,
                Some((meta.uid(), meta.gid())),
                || {
                    before_rename();
                    if same_inode(path)? {
                        Ok(())
                    } else {
                        Err(RewriteError::ChangedSinceParsed { path: path.to_path_buf() })
                    }
                },
                |e| RewriteError::Io { path: rpath.clone(), step: e.step, source: e.source },
            )?;
        }
        None => {
            before_rename();
            if !same_inode(path)? {
                return Err(RewriteError::ChangedSinceParsed { path: path.to_path_buf() });
            }
            std::fs::remove_file(path).map_err(io_err("remove"))?;
        }
    }

    let wipe_err = |source: io::Error| RewriteError::WipeFailed { path: path.to_path_buf(), source };
    // Wipe even if the directory fsync failed; report the first failure.
    let dir_sync = File::open(&dir).and_then(|d| d.sync_all());
    let wipe = replace::zero_fill(&mut old);
    drop(old);
    dir_sync.and(wipe).map_err(wipe_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn dir_entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    fn setup(content: &[u8], mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let path = dir.path().join("vars.tfvars");
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("write: {e}"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap_or_else(|e| panic!("chmod: {e}"));
        (dir, path)
    }

    #[test]
    fn replaces_keeps_mode_and_wipes_old_inode() {
        let old = b"pw = \"hunter2\"\nkeep = 1\n";
        let (dir, path) = setup(old, 0o640);
        // A second descriptor on the old inode shows what happens to the old bytes.
        let mut witness = File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let new = b"# pw: stored\nkeep = 1\n";
        let r = replace_and_wipe(&path, Some(new), &sha256(old));
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&new[..]));
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o7777).ok();
        assert_eq!(mode, Some(0o640));
        let mut wiped = Vec::new();
        witness.read_to_end(&mut wiped).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wiped, vec![0u8; old.len()]);
        assert_eq!(dir_entries(dir.path()), ["vars.tfvars"]);
    }

    #[test]
    fn keeps_unusual_modes() {
        let (_dir, path) = setup(b"a = 1\n", 0o600);
        assert!(replace_and_wipe(&path, Some(b"b = 2\n"), &sha256(b"a = 1\n")).is_ok());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o7777).ok();
        assert_eq!(mode, Some(0o600));
        let (_dir, path) = setup(b"a = 1\n", 0o664);
        assert!(replace_and_wipe(&path, Some(b"b = 2\n"), &sha256(b"a = 1\n")).is_ok());
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o7777).ok();
        assert_eq!(mode, Some(0o664));
    }

    #[test]
    fn removes_and_wipes() {
        let old = b"pw = \"hunter2\"\n";
        let (dir, path) = setup(old, 0o600);
        let mut witness = File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(replace_and_wipe(&path, None, &sha256(old)).is_ok());
        assert!(!path.exists());
        let mut wiped = Vec::new();
        witness.read_to_end(&mut wiped).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wiped, vec![0u8; old.len()]);
        assert!(dir_entries(dir.path()).is_empty());
    }

    #[test]
    fn refuses_a_changed_file_and_touches_nothing() {
        let (dir, path) = setup(b"pw = \"edited\"\n", 0o644);
        let r = replace_and_wipe(&path, Some(b"x"), &sha256(b"pw = \"original\"\n"));
        assert!(matches!(r, Err(RewriteError::ChangedSinceParsed { .. })), "{r:?}");
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"pw = \"edited\"\n"[..]));
        let r = replace_and_wipe(&path, None, &sha256(b"other"));
        assert!(matches!(r, Err(RewriteError::ChangedSinceParsed { .. })));
        assert!(path.exists());
        assert_eq!(dir_entries(dir.path()), ["vars.tfvars"]);
    }

    #[test]
    fn refuses_symlinks_and_hard_links() {
        let (dir, path) = setup(b"a = 1\n", 0o644);
        let link = dir.path().join("link.tfvars");
        std::os::unix::fs::symlink(&path, &link).unwrap_or_else(|e| panic!("{e}"));
        let r = replace_and_wipe(&link, Some(b"b"), &sha256(b"a = 1\n"));
        assert!(matches!(r, Err(RewriteError::NotRegularFile { .. })), "{r:?}");
        let hard = dir.path().join("hard.tfvars");
        std::fs::hard_link(&path, &hard).unwrap_or_else(|e| panic!("{e}"));
        let r = replace_and_wipe(&path, Some(b"b"), &sha256(b"a = 1\n"));
        assert!(matches!(r, Err(RewriteError::HardLinked { links: 2, .. })), "{r:?}");
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"a = 1\n"[..]));
        assert_eq!(dir_entries(dir.path()), ["hard.tfvars", "link.tfvars", "vars.tfvars"]);
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let r = replace_and_wipe(&dir.path().join("nope"), Some(b"x"), &[0; 32]);
        assert!(matches!(r, Err(RewriteError::Io { step: "open for writing", .. })), "{r:?}");
        assert!(dir_entries(dir.path()).is_empty());
    }

    #[test]
    fn file_replaced_meanwhile_is_left_alone_and_no_temp_file_remains() {
        let old = b"pw = \"hunter2\"\n";
        for content in [Some(&b"x = 1\n"[..]), None] {
            let (dir, path) = setup(old, 0o600);
            let other = dir.path().join("editor-save");
            std::fs::write(&other, b"edited\n").unwrap_or_else(|e| panic!("{e}"));
            let r = replace_and_wipe_with_hook(&path, content, &sha256(old), || {
                std::fs::rename(&other, &path).unwrap_or_else(|e| panic!("{e}"));
            });
            assert!(matches!(r, Err(RewriteError::ChangedSinceParsed { .. })), "{r:?}");
            assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"edited\n"[..]));
            assert_eq!(dir_entries(dir.path()), ["vars.tfvars"]);
        }
    }

    #[test]
    fn unwritable_directory_fails_cleanly() {
        let (dir, path) = setup(b"a = 1\n", 0o644);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap_or_else(|e| panic!("{e}"));
        let r = replace_and_wipe(&path, Some(b"b = 2\n"), &sha256(b"a = 1\n"));
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
        // root may write anyway; otherwise creating the temp file fails and nothing changes.
        if r.is_err() {
            assert!(matches!(r, Err(RewriteError::Io { step: "create temp file", .. })), "{r:?}");
            assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"a = 1\n"[..]));
        }
        assert_eq!(dir_entries(dir.path()), ["vars.tfvars"]);
    }
}
