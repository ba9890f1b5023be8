//! Linux: the temporary file is unnamed (`O_TMPFILE`) until `linkat` names it just before the rename
//! (docs/files.md, "Atomic replace").

use nix::errno::Errno;
use nix::fcntl::{AT_FDCWD, AtFlags, OFlag};
use nix::unistd::linkat;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;

/// An unnamed file in `dir`, mode 0600; `None` where the filesystem has no `O_TMPFILE`.
pub(super) fn open(dir: &Path) -> io::Result<Option<File>> {
    match OpenOptions::new().read(true).write(true).mode(0o600).custom_flags(OFlag::O_TMPFILE.bits()).open(dir) {
        Ok(f) => Ok(Some(f)),
        Err(e)
            if e.raw_os_error()
                .is_some_and(|n| [Errno::EOPNOTSUPP, Errno::EISDIR, Errno::EINVAL].contains(&Errno::from_raw(n))) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Gives the unnamed `file` the name `to` (through its `/proc/self/fd` entry: `linkat` with `AT_EMPTY_PATH`
/// needs a capability).
pub(super) fn link(file: &File, to: &Path) -> io::Result<()> {
    let from = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(AT_FDCWD, from.as_str(), AT_FDCWD, to, AtFlags::AT_SYMLINK_FOLLOW).map_err(io::Error::from)
}
