//! Whether git has seen a file: after a scrub, the old values may still be in a repository's history
//! (docs/files.md, "Git exposure").

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `git -C dir args...` with no stdin and stderr discarded; `Err` when git cannot be started (not on PATH).
pub fn run<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> std::io::Result<Output> {
    Command::new("git").arg("-C").arg(dir).args(args).stdin(Stdio::null()).stderr(Stdio::null()).output()
}

/// Whether git tracks `path` ("is tracked by git") or has it anywhere in history ("appears in git history");
/// `None` when it does not, or git is unavailable, or `path` is not inside a work tree.
pub fn exposure(path: &Path) -> Option<&'static str> {
    let dir = path.parent()?;
    let file = path.file_name()?;
    let git = |args: &[&OsStr]| run(dir, args).ok();
    let tracked = git(&["ls-files".as_ref(), "--error-unmatch".as_ref(), "--".as_ref(), file])?;
    if tracked.status.success() {
        return Some("is tracked by git");
    }
    let log = git(&["log".as_ref(), "--all".as_ref(), "--format=%h".as_ref(), "-1".as_ref(), "--".as_ref(), file])?;
    (log.status.success() && !log.stdout.is_empty()).then_some("appears in git history")
}
