//! Private files: the one path by which tfsecrets writes a file that holds secrets (the session cache, the
//! shared credentials file, `export -o`), private directories, and the one permission warning
//! (docs/files.md, "Private files").

use crate::error::{Error, Result};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Paths already warned about in this run (each is named once, however often it is read or written).
static WARNED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Whether group or others can reach `meta`'s file, by its mode bits.
fn exposed(meta: &std::fs::Metadata) -> bool {
    meta.permissions().mode() & 0o077 != 0
}

/// Prints `msg` unless `path` was warned about already in this run.
fn warn_once(path: &Path, msg: impl FnOnce() -> String) {
    let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
    if !warned.iter().any(|p| p == path) {
        warned.push(path.to_path_buf());
        crate::ui::warn(msg());
    }
}

/// Warns (once per path per run) when `path`, a file or directory that tfsecrets keeps as it is, is accessible
/// to group or others; `holds` says what it holds ("AWS session credentials").
pub fn warn_if_exposed(path: &Path, holds: &str) {
    if let Ok(meta) = std::fs::metadata(path)
        && exposed(&meta)
    {
        warn_once(path, || {
            format!(
                "{} is accessible to group or others (mode {:o}); it holds {holds}: chmod {} {}",
                path.display(),
                meta.permissions().mode() & 0o777,
                if meta.is_dir() { "700" } else { "600" },
                path.display()
            )
        });
    }
}

/// Creates `dir` (and parents) with mode 0700 when missing; an existing one is kept, with a warning when
/// exposed (see [`warn_if_exposed`]).
pub fn ensure_dir(dir: &Path, holds: &str) -> Result<()> {
    if dir.is_dir() {
        warn_if_exposed(dir, holds);
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::cant_create(format!("cannot create {}: {e}", dir.display())))?;
    // `recursive` applies the mode to every directory it creates, but the umask may have narrowed it further.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| Error::cant_create(format!("cannot chmod {}: {e}", dir.display())))
}

/// Where a write to `path` lands: the file at the end of its chain of symlinks (a dangling one included).
fn final_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // Bounded like the kernel's own symlink resolution.
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(next) => p = super::parent_dir(&p).join(next),
            Err(_) => break,
        }
    }
    p
}

/// Writes `content` to `path` as a private file: atomically (see `super::replace`) with mode 0600, through
/// symlinks to the file they name; an existing file open to group or others is named in a warning. A path that
/// names a FIFO or a device (`-o /dev/stdout`, a process substitution) is written in place, its mode untouched.
pub fn write(path: &Path, content: &[u8]) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| Error::cant_create(format!("cannot write {}: {e}", path.display()));
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(content))
                .map_err(|e| err(&e));
        }
        Ok(meta) if exposed(&meta) => warn_once(path, || {
            format!(
                "{} was mode {:o} (accessible to group or others); it is rewritten with mode 600",
                path.display(),
                meta.permissions().mode() & 0o777
            )
        }),
        _ => {}
    }
    super::replace::replace(
        &final_target(path),
        content,
        0o600,
        None,
        || Ok(()),
        |e| err(&format_args!("{}: {}", e.step, e.source)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_0600_and_tightens_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        write(&new, b"a").unwrap();
        assert_eq!((std::fs::read(&new).unwrap(), mode(&new)), (b"a".to_vec(), 0o600));
        let loose = dir.path().join("loose");
        std::fs::write(&loose, "old and longer").unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&loose, b"b").unwrap();
        assert_eq!((std::fs::read(&loose).unwrap(), mode(&loose)), (b"b".to_vec(), 0o600));
        assert!(WARNED.lock().unwrap().contains(&loose), "the loose file was warned about");
        assert!(!WARNED.lock().unwrap().contains(&new));
    }

    #[test]
    fn writes_through_symlinks_to_the_file_they_name() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("real", &link).unwrap();
        let link2 = dir.path().join("link2");
        std::os::unix::fs::symlink(&link, &link2).unwrap();
        write(&link2, b"new").unwrap();
        assert!(crate::files::is_symlink(&link) && crate::files::is_symlink(&link2), "the links stay links");
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(mode(&real), 0o600);
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("created", &dangling).unwrap();
        write(&dangling, b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join("created")).unwrap(), b"x");
    }

    #[test]
    fn a_fifo_is_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::symlink_metadata(&fifo).unwrap().file_type()));
    }

    #[test]
    fn private_dirs_are_0700_and_exposed_ones_named_once() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        ensure_dir(&nested, "test secrets").unwrap();
        assert_eq!(mode(&nested), 0o700);
        let open = dir.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_dir(&open, "test secrets").unwrap();
        assert_eq!(mode(&open), 0o755, "an existing directory is kept as it is");
        warn_if_exposed(&open, "test secrets");
        assert_eq!(WARNED.lock().unwrap().iter().filter(|p| **p == open).count(), 1);
    }
}
