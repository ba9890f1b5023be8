//! Replacing a file atomically without ever leaving a named temporary file behind, even on SIGKILL.
//!
//! The new content is written to an unnamed file (`O_TMPFILE`) in the target's directory, fsynced, then
//! given a temporary name and renamed over the target at once: the file has a name of its own only for
//! the two syscalls between `linkat` and `rename`. Its writer holds an exclusive `flock` on it throughout,
//! so a later writer that finds such a leftover (a kill inside that window, or a filesystem without
//! `O_TMPFILE`, where a named temporary file is used instead) can tell it is abandoned, wipe it and remove it.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The temporary-name prefix for `dest`: `.<file name>.tfsecrets-`.
fn temp_prefix(dest: &Path) -> String {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.tfsecrets-")
}

fn temp_name(dest: &Path) -> PathBuf {
    let dir = parent_dir(dest);
    dir.join(format!("{}{:016x}.tmp", temp_prefix(dest), rand::random::<u64>()))
}

/// The directory of `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn lock_exclusive(file: &File, wait: bool) -> bool {
    let op = if wait { libc::LOCK_EX } else { libc::LOCK_EX | libc::LOCK_NB };
    // SAFETY: flock on a descriptor we own.
    unsafe { libc::flock(file.as_raw_fd(), op) == 0 }
}

/// Overwrites `file` with zeros over its full length and fsyncs it.
pub fn zero_fill(file: &mut File) -> io::Result<()> {
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(0))?;
    let zeros = [0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()
}

/// Wipes and removes temporary files for `dest` left by killed writers (those nobody holds a lock on).
pub fn sweep_abandoned(dest: &Path) {
    let prefix = temp_prefix(dest);
    let Ok(entries) = std::fs::read_dir(parent_dir(dest)) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let bytes = name.as_bytes();
        if !(bytes.starts_with(prefix.as_bytes()) && bytes.ends_with(b".tmp")) {
            continue;
        }
        let path = entry.path();
        let Ok(mut f) =
            OpenOptions::new().read(true).write(true).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(&path)
        else {
            continue;
        };
        if !f.metadata().is_ok_and(|m| m.is_file()) || !lock_exclusive(&f, false) {
            continue;
        }
        let _ = zero_fill(&mut f);
        let _ = std::fs::remove_file(&path);
    }
}

/// Opens an unnamed file in `dir` (falls back to a named, locked temporary file where `O_TMPFILE` is unsupported).
fn open_unnamed(dir: &Path, dest: &Path) -> io::Result<(File, Option<PathBuf>)> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE | libc::O_CLOEXEC)
        .open(dir)
    {
        Ok(f) => Ok((f, None)),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)) => {
            let path = temp_name(dest);
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_CLOEXEC)
                .open(&path)?;
            Ok((f, Some(path)))
        }
        Err(e) => Err(e),
    }
}

/// Where a replacement failed.
#[derive(Debug)]
pub struct ReplaceError {
    /// What was being done.
    pub step: &'static str,
    /// The OS error.
    pub source: io::Error,
}

/// Atomically replaces `dest` with `content` (mode `mode`, owner `owner` if permitted). `before_rename`
/// runs after the content is durable and may veto the rename (its error is returned as is); `map` turns
/// an I/O failure into the caller's error.
pub fn replace<E>(
    dest: &Path,
    content: &[u8],
    mode: u32,
    owner: Option<(u32, u32)>,
    before_rename: impl FnOnce() -> Result<(), E>,
    map: impl Fn(ReplaceError) -> E + Copy,
) -> Result<(), E> {
    let err = |step: &'static str| move |source: io::Error| map(ReplaceError { step, source });
    sweep_abandoned(dest);
    let dir = parent_dir(dest);
    let (mut file, named) = open_unnamed(&dir, dest).map_err(err("create temp file"))?;
    let cleanup = |named: &Option<PathBuf>| {
        if let Some(p) = named {
            let _ = std::fs::remove_file(p);
        }
    };
    let result = (|| {
        lock_exclusive(&file, true);
        if let Some((uid, gid)) = owner {
            // Best effort (needs privileges); before chmod, as chown may clear set-id bits.
            let _ = std::os::unix::fs::fchown(&file, Some(uid), Some(gid));
        }
        file.set_permissions(std::fs::Permissions::from_mode(mode)).map_err(err("set temp file mode"))?;
        file.write_all(content).map_err(err("write temp file"))?;
        file.sync_all().map_err(err("fsync temp file"))?;
        before_rename()?;
        let named_now = match &named {
            Some(p) => p.clone(),
            None => {
                let p = temp_name(dest);
                let fd_path = format!("/proc/self/fd/{}", file.as_raw_fd());
                let c_from =
                    std::ffi::CString::new(fd_path).map_err(|_| err("name temp file")(io::Error::other("nul")))?;
                let c_to = std::ffi::CString::new(p.as_os_str().as_bytes())
                    .map_err(|_| err("name temp file")(io::Error::other("nul")))?;
                // SAFETY: valid NUL-terminated paths.
                let rc = unsafe {
                    libc::linkat(
                        libc::AT_FDCWD,
                        c_from.as_ptr(),
                        libc::AT_FDCWD,
                        c_to.as_ptr(),
                        libc::AT_SYMLINK_FOLLOW,
                    )
                };
                if rc != 0 {
                    return Err(err("name temp file")(io::Error::last_os_error()));
                }
                p
            }
        };
        if let Err(e) = std::fs::rename(&named_now, dest) {
            let _ = zero_fill(&mut file);
            let _ = std::fs::remove_file(&named_now);
            return Err(err("rename over the original")(e));
        }
        Ok(())
    })();
    if result.is_err() {
        cleanup(&named);
    }
    drop(file);
    if result.is_ok()
        && let Ok(d) = File::open(&dir)
    {
        let _ = d.sync_all();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)]
    struct E(String);
    fn e(r: ReplaceError) -> E {
        E(format!("{}: {}", r.step, r.source))
    }

    #[test]
    fn replaces_with_mode_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f.tfvars");
        std::fs::write(&dest, "old").unwrap();
        replace(&dest, b"new", 0o640, None, || Ok(()), e).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn veto_leaves_the_original_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f");
        std::fs::write(&dest, "old").unwrap();
        let r = replace(&dest, b"new", 0o600, None, || Err(E("changed".into())), e);
        assert!(r.is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn abandoned_temps_are_wiped_and_removed_but_locked_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("cfg");
        let stale = dir.path().join(".cfg.tfsecrets-00000000000000aa.tmp");
        std::fs::write(&stale, "plaintext").unwrap();
        let busy = dir.path().join(".cfg.tfsecrets-00000000000000bb.tmp");
        std::fs::write(&busy, "in use").unwrap();
        let held = File::open(&busy).unwrap();
        assert!(lock_exclusive(&held, false));
        let unrelated = dir.path().join(".other.tfsecrets-00000000000000cc.tmp");
        std::fs::write(&unrelated, "x").unwrap();
        sweep_abandoned(&dest);
        assert!(!stale.exists());
        assert!(busy.exists());
        assert!(unrelated.exists());
    }
}
