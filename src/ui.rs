//! Diagnostics on stderr: warnings, notes and `--verbose` lines. Never a secret value.

use std::sync::atomic::{AtomicBool, Ordering};

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Turns `--verbose` diagnostics on or off for this process.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

/// Whether `--verbose` is on.
pub fn verbose_enabled() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// Prints `tfsecrets: warning: <msg>` on stderr.
pub fn warn(msg: impl AsRef<str>) {
    eprintln!("tfsecrets: warning: {}", msg.as_ref());
}

/// Prints `tfsecrets: note: <msg>` on stderr.
pub fn note(msg: impl AsRef<str>) {
    eprintln!("tfsecrets: note: {}", msg.as_ref());
}

/// Prints `tfsecrets: <msg>` on stderr when `--verbose` is on.
pub fn verbose(msg: impl AsRef<str>) {
    if verbose_enabled() {
        eprintln!("tfsecrets: {}", msg.as_ref());
    }
}

/// Prints a raw line on stderr (for chamber-compatible warning texts).
pub fn raw(msg: impl AsRef<str>) {
    eprintln!("{}", msg.as_ref());
}
