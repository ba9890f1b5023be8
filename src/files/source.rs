//! Reading an import's source: a file checked before anything is stored (regular, size-bounded, symlinks
//! resolved, scrubbable unless kept), or stdin (docs/files.md, "Import sources").

use crate::error::{Error, Result};
use nix::unistd::{AccessFlags, access};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Largest tfvars file tfsecrets reads (real ones are a few KB).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Where the variables came from, and their raw bytes.
pub struct Source {
    /// The name as typed (for messages and the syntax choice); `<stdin>` for stdin.
    pub label: String,
    /// The file to scrub: the symlink target when `label` is a link; `None` for stdin.
    pub target: Option<PathBuf>,
    /// Whether `label` was a symlink.
    pub via_symlink: bool,
    /// The raw bytes (wiped on drop).
    pub bytes: Zeroizing<Vec<u8>>,
}

impl Source {
    /// The file as shown in messages: `label -> target` when it was reached through a symlink.
    pub fn shown(&self) -> String {
        match &self.target {
            Some(t) if self.via_symlink => format!("{} -> {}", self.label, t.display()),
            _ => self.label.clone(),
        }
    }
}

/// Reads all of stdin, up to [`MAX_FILE_BYTES`].
pub fn read_stdin() -> Result<Source> {
    let mut bytes = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("reading stdin: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::invalid(format!("stdin is larger than {} MiB; refusing", MAX_FILE_BYTES >> 20)));
    }
    Ok(Source { label: "<stdin>".into(), target: None, via_symlink: false, bytes })
}

/// Reads the file `label` safely: regular files only (through symlinks), size-bounded, and, unless `keep`,
/// refused up front if it could not be scrubbed afterwards.
pub fn read_file(label: &str, keep: bool) -> Result<Source> {
    let path = Path::new(label);
    let link_meta = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!("{label}: no such file")),
        _ => Error::io(format!("{label}: {e}")),
    })?;
    let via_symlink = link_meta.file_type().is_symlink();
    let target = std::fs::canonicalize(path).map_err(|e| {
        if e.raw_os_error() == Some(nix::errno::Errno::ELOOP as i32) {
            Error::invalid(format!("{label}: too many levels of symbolic links (a symlink loop)"))
        } else if e.kind() == std::io::ErrorKind::NotFound {
            Error::not_found(format!("{label}: dangling symlink"))
        } else {
            Error::io(format!("{label}: {e}"))
        }
    })?;
    let meta = std::fs::metadata(&target).map_err(|e| Error::io(format!("{label}: {e}")))?;
    if meta.is_dir() {
        return Err(Error::invalid(format!("{label}: is a directory; give a .tfvars or .tfvars.json file")));
    }
    if !meta.is_file() {
        return Err(Error::invalid(format!(
            "{label}: not a regular file (FIFO, socket or device); refusing to read it"
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(format!(
            "{label}: {} bytes is larger than {} MiB; refusing",
            meta.len(),
            MAX_FILE_BYTES >> 20
        )));
    }
    if !keep {
        check_scrubbable(label, &target, &meta)?;
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(meta.len() as usize));
    std::fs::File::open(&target).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(
        |e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                Error::not_found(format!("{label}: permission denied")).hint("make the file readable by you")
            }
            _ => Error::io(format!("{label}: {e}")),
        },
    )?;
    Ok(Source { label: label.to_owned(), target: Some(target), via_symlink, bytes })
}

/// Refuses, before anything is written, a file that could not be scrubbed afterwards.
fn check_scrubbable(label: &str, target: &Path, meta: &std::fs::Metadata) -> Result<()> {
    let keep_hint = "pass --keep to import without scrubbing the file";
    // access(2) says yes to root for any file, so also honour the mode bits the user set.
    if meta.permissions().mode() & 0o222 == 0 || access(target, AccessFlags::W_OK).is_err() {
        return Err(Error::invalid(format!(
            "{label}: the file is read-only, so it could not be scrubbed after the import"
        ))
        .hint(keep_hint));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    if access(dir, AccessFlags::W_OK).is_err() {
        return Err(Error::invalid(format!(
            "{}: the directory is not writable, so {label} could not be replaced atomically",
            dir.display()
        ))
        .hint(keep_hint));
    }
    if meta.nlink() > 1 {
        return Err(Error::invalid(format!(
            "{label}: the file has {} hard links; the other names would keep the secrets",
            meta.nlink()
        ))
        .hint(keep_hint));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(r: Result<Source>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(e) => e.message,
        }
    }

    #[test]
    fn reads_through_a_symlink_and_names_both() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tfvars");
        std::fs::write(&real, "a = 1\n").unwrap();
        let link = dir.path().join("link.tfvars");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let s = read_file(link.to_str().unwrap(), false).unwrap();
        assert_eq!(&s.bytes[..], b"a = 1\n");
        assert!(s.via_symlink);
        assert_eq!(s.target.as_deref(), Some(real.canonicalize().unwrap().as_path()));
        assert_eq!(s.shown(), format!("{} -> {}", link.display(), real.canonicalize().unwrap().display()));
        let plain = read_file(real.to_str().unwrap(), false).unwrap();
        assert_eq!(plain.shown(), real.display().to_string());
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap().to_owned();
        assert_eq!(msg(read_file(&d, true)), format!("{d}: is a directory; give a .tfvars or .tfvars.json file"));
        let missing = format!("{d}/missing.tfvars");
        assert_eq!(msg(read_file(&missing, true)), format!("{missing}: no such file"));
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let dangling = dangling.to_str().unwrap();
        assert_eq!(msg(read_file(dangling, true)), format!("{dangling}: dangling symlink"));
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let a = a.to_str().unwrap();
        assert_eq!(msg(read_file(a, true)), format!("{a}: too many levels of symbolic links (a symlink loop)"));
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let fifo = fifo.to_str().unwrap();
        assert_eq!(
            msg(read_file(fifo, true)),
            format!("{fifo}: not a regular file (FIFO, socket or device); refusing to read it")
        );
    }

    #[test]
    fn refuses_a_read_only_or_hard_linked_file_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("ro.tfvars");
        std::fs::write(&f, "a = 1\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o444)).unwrap();
        let f = f.to_str().unwrap();
        assert_eq!(
            msg(read_file(f, false)),
            format!("{f}: the file is read-only, so it could not be scrubbed after the import")
        );
        assert_eq!(msg(read_file(f, true)), "ok");
        let h = dir.path().join("h.tfvars");
        std::fs::write(&h, "a = 1\n").unwrap();
        std::fs::hard_link(&h, dir.path().join("other")).unwrap();
        let h = h.to_str().unwrap();
        assert_eq!(
            msg(read_file(h, false)),
            format!("{h}: the file has 2 hard links; the other names would keep the secrets")
        );
        assert_eq!(msg(read_file(h, true)), "ok");
    }
}
