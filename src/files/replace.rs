//! Replacing a file atomically without leaving a temporary copy behind, even on SIGKILL (docs/files.md,
//! "Atomic replace").
//!
//! The new content goes to a temporary file in the target's directory that its writer holds an exclusive
//! `flock` on from creation to rename: written while mode 0600, given its final mode, fsynced, renamed over the
//! target, then the directory is fsynced. Where that file has a name (on a kill, it stays), the next writer for
//! the same target finds it unlocked, wipes it and removes it ([`sweep_abandoned`]).
//!
//! Two ways to get the temporary file, chosen by `cfg`:
//! - Linux: `O_TMPFILE`, an unnamed file that `linkat` names only for the two syscalls before the rename
//!   (`unnamed.rs`);
//! - other Unixes, Linux filesystems without `O_TMPFILE`, and Linux with the `portable-atomic-replace` feature:
//!   a file created under its temporary name with `O_EXCL` and mode 0600 (`named`, below).

use nix::fcntl::{Flock, FlockArg};
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[cfg(all(target_os = "linux", not(feature = "portable-atomic-replace")))]
mod unnamed;

/// Without `O_TMPFILE` (or with it switched off), every temporary file is a named one.
#[cfg(not(all(target_os = "linux", not(feature = "portable-atomic-replace"))))]
mod unnamed {
    use std::fs::File;
    use std::io;
    use std::path::Path;

    /// Never an unnamed file here: the caller creates a named one.
    pub(super) fn open(_dir: &Path) -> io::Result<Option<File>> {
        Ok(None)
    }

    /// Not reached: [`open`] never returns a file to name.
    pub(super) fn link(_file: &File, _to: &Path) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// Which way this build replaces files (for `--version`-style reports and tests).
pub const METHOD: &str = if cfg!(all(target_os = "linux", not(feature = "portable-atomic-replace"))) {
    "O_TMPFILE + linkat + rename"
} else {
    "O_EXCL temporary file + rename"
};

/// The temporary-name prefix for `dest`: `.<file name>.tfsecrets-`.
fn temp_prefix(dest: &Path) -> String {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.tfsecrets-")
}

/// A fresh temporary name beside `dest`: `.<file name>.tfsecrets-<16 hex digits>.tmp`.
fn temp_name(dest: &Path) -> PathBuf {
    super::parent_dir(dest).join(format!("{}{:016x}.tmp", temp_prefix(dest), rand::random::<u64>()))
}

/// Takes an exclusive `flock` on (a duplicate descriptor of) `file`: the lock belongs to the open file, so it
/// holds for `file` itself until the returned guard is dropped. `None` if it is not available (with `wait`, only
/// where the filesystem has no locks).
fn lock(file: &File, wait: bool) -> Option<Flock<File>> {
    let arg = if wait { FlockArg::LockExclusive } else { FlockArg::LockExclusiveNonblock };
    Flock::lock(file.try_clone().ok()?, arg).ok()
}

/// Whether `path` still names the file open as `file` (not renamed, removed or replaced meanwhile).
fn still_named(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.nlink() > 0 && open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
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
    let Ok(entries) = std::fs::read_dir(super::parent_dir(dest)) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let bytes = name.as_bytes();
        if !(bytes.starts_with(prefix.as_bytes()) && bytes.ends_with(b".tmp")) {
            continue;
        }
        let path = entry.path();
        let Ok(mut f) =
            OpenOptions::new().read(true).write(true).custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits()).open(&path)
        else {
            continue;
        };
        if !f.metadata().is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Some(_held) = lock(&f, false) else { continue };
        // Its writer may have renamed it into place and let go of it between our open and our lock: then
        // this is the target itself now, not a leftover.
        if !still_named(&f, &path) {
            continue;
        }
        let _ = zero_fill(&mut f);
        let _ = std::fs::remove_file(&path);
    }
}

/// The temporary file being written, locked for its whole life.
struct Temp {
    file: File,
    /// The lock (a guard on a duplicate descriptor); `None` only on a filesystem without `flock`.
    _lock: Option<Flock<File>>,
    /// Its name once it has one: from the start for a named file, after [`Temp::name`] for an unnamed one.
    name: Option<PathBuf>,
}

impl Temp {
    /// An unnamed temporary file in `dest`'s directory where the platform has them, else a named one.
    fn create(dest: &Path) -> io::Result<Temp> {
        if let Some(file) = unnamed::open(&super::parent_dir(dest))? {
            let lock = lock(&file, true);
            return Ok(Temp { file, _lock: lock, name: None });
        }
        Temp::create_named(dest)
    }

    /// A new file under a fresh temporary name, `O_EXCL`, mode 0600, locked before anything is written.
    fn create_named(dest: &Path) -> io::Result<Temp> {
        for _ in 0..8 {
            let path = temp_name(dest);
            let file = match OpenOptions::new().read(true).write(true).create_new(true).mode(0o600).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            let lock = lock(&file, true);
            // Another writer's sweep may have taken it between the create and the lock (it was empty then):
            // it is gone, so start again under a new name.
            if still_named(&file, &path) {
                return Ok(Temp { file, _lock: lock, name: Some(path) });
            }
        }
        Err(io::Error::other("every temporary name tried was taken or removed at once"))
    }

    /// Gives the file a temporary name beside `dest` if it has none yet; returns the name.
    fn name(&mut self, dest: &Path) -> io::Result<PathBuf> {
        if let Some(n) = &self.name {
            return Ok(n.clone());
        }
        let n = temp_name(dest);
        unnamed::link(&self.file, &n)?;
        self.name = Some(n.clone());
        Ok(n)
    }

    /// On failure: wipes the content and removes the name, if any.
    fn discard(mut self) {
        let _ = zero_fill(&mut self.file);
        if let Some(n) = &self.name {
            let _ = std::fs::remove_file(n);
        }
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
    let mut temp = Temp::create(dest).map_err(err("create temp file"))?;
    let result = (|| {
        if let Some((uid, gid)) = owner {
            // Best effort (needs privileges); before chmod, as chown may clear set-id bits.
            let _ = std::os::unix::fs::fchown(&temp.file, Some(uid), Some(gid));
        }
        // Written while still 0600; the final mode only once the content is complete.
        temp.file.write_all(content).map_err(err("write temp file"))?;
        temp.file.set_permissions(std::fs::Permissions::from_mode(mode)).map_err(err("set temp file mode"))?;
        temp.file.sync_all().map_err(err("fsync temp file"))?;
        before_rename()?;
        let name = temp.name(dest).map_err(err("name temp file"))?;
        std::fs::rename(&name, dest).map_err(err("rename over the original"))
    })();
    match result {
        Ok(()) => {
            drop(temp);
            if let Ok(d) = File::open(super::parent_dir(dest)) {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(e) => {
            temp.discard();
            Err(e)
        }
    }
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

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_with_mode_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f.tfvars");
        std::fs::write(&dest, "old").unwrap();
        replace(&dest, b"new", 0o640, None, || Ok(()), e).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(names(dir.path()), ["f.tfvars"]);
    }

    #[test]
    fn creates_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("new");
        replace(&dest, b"x", 0o600, None, || Ok(()), e).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"x");
        assert_eq!(names(dir.path()), ["new"]);
    }

    #[test]
    fn veto_leaves_the_original_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f");
        std::fs::write(&dest, "old").unwrap();
        let r = replace(&dest, b"new", 0o600, None, || Err(E("changed".into())), e);
        assert!(r.is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["f"]);
    }

    /// While the content is written and before the rename, the temporary file is locked, private and (on the
    /// portable path) named as the sweep expects; on Linux's default path it has no name at all.
    #[test]
    fn the_temp_file_is_locked_and_private_until_the_rename() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("cfg");
        let mut seen = Vec::new();
        replace(
            &dest,
            b"secret",
            0o644,
            None,
            || {
                for name in names(dir.path()) {
                    let path = dir.path().join(&name);
                    let f = File::open(&path).unwrap();
                    seen.push((name, f.metadata().unwrap().len(), lock(&f, false).is_some()));
                }
                Ok::<(), E>(())
            },
            e,
        )
        .unwrap();
        if METHOD.starts_with("O_TMPFILE") {
            assert!(seen.is_empty(), "{seen:?}");
        } else {
            assert_eq!(seen.len(), 1, "{seen:?}");
            let (name, len, lockable) = &seen[0];
            assert!(name.starts_with(".cfg.tfsecrets-") && name.ends_with(".tmp"), "{name}");
            assert_eq!((*len, *lockable), (6, false), "complete and locked by its writer");
        }
        assert_eq!(names(dir.path()), ["cfg"]);
        assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o644);
    }

    #[test]
    fn abandoned_temps_are_wiped_and_removed_but_locked_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("cfg");
        let stale = dir.path().join(".cfg.tfsecrets-00000000000000aa.tmp");
        std::fs::write(&stale, "plaintext").unwrap();
        let mut witness = File::open(&stale).unwrap();
        let busy = dir.path().join(".cfg.tfsecrets-00000000000000bb.tmp");
        std::fs::write(&busy, "in use").unwrap();
        let held = File::open(&busy).unwrap();
        let _guard = lock(&held, false).unwrap();
        let unrelated = dir.path().join(".other.tfsecrets-00000000000000cc.tmp");
        std::fs::write(&unrelated, "x").unwrap();
        sweep_abandoned(&dest);
        assert!(!stale.exists());
        let mut wiped = Vec::new();
        io::Read::read_to_end(&mut witness, &mut wiped).unwrap();
        assert_eq!(wiped, [0u8; 9], "wiped before removal");
        assert!(busy.exists());
        assert!(unrelated.exists());
    }

    #[test]
    fn the_sweep_leaves_a_symlink_and_what_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join(".cfg.tfsecrets-00000000000000dd.tmp");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        sweep_abandoned(&dir.path().join("cfg"));
        assert!(crate::files::is_symlink(&link));
        assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    }

    /// A file the sweep opened under its temporary name but could only lock after its writer renamed it into
    /// place is the target now: left alone.
    #[test]
    fn the_sweep_never_wipes_a_file_renamed_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".cfg.tfsecrets-00000000000000ee.tmp");
        std::fs::write(&tmp, "new content").unwrap();
        let f = File::open(&tmp).unwrap();
        std::fs::rename(&tmp, dir.path().join("cfg")).unwrap();
        assert!(!still_named(&f, &tmp));
        std::fs::write(&tmp, "another").unwrap();
        assert!(!still_named(&f, &tmp), "the name now belongs to another file");
        assert!(still_named(&File::open(&tmp).unwrap(), &tmp));
    }

    #[test]
    fn concurrent_writers_leave_one_complete_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("shared");
        let contents: Vec<Vec<u8>> = (0..8u8).map(|i| vec![b'a' + i; 100_000]).collect();
        std::fs::write(&dest, &contents[0]).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let writers: Vec<_> = contents
                .iter()
                .map(|c| {
                    let dest = &dest;
                    s.spawn(move || {
                        for _ in 0..20 {
                            replace(dest, c, 0o600, None, || Ok(()), e).unwrap();
                        }
                    })
                })
                .collect();
            // A reader sees one writer's complete content at every moment: never a mix, a prefix or zeros.
            s.spawn(|| {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let got = std::fs::read(&dest).unwrap();
                    assert!(
                        contents.contains(&got),
                        "a reader saw {} bytes starting {:?}",
                        got.len(),
                        &got[..got.len().min(8)]
                    );
                }
            });
            for w in writers {
                w.join().unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        let got = std::fs::read(&dest).unwrap();
        assert!(contents.contains(&got), "one writer's complete content");
        assert_eq!(names(dir.path()), ["shared"]);
    }
}
