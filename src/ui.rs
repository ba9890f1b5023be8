//! Diagnostics on stderr: errors, warnings, notes and `--verbose` lines. Never a secret value.
//!
//! Writes to stderr never panic (`eprintln!` does when stderr is a closed pipe): a diagnostic that cannot be
//! written is dropped. What goes to stdout is `crate::output`'s.

use crate::error::Error;
use std::io::Write;
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

/// Writes one line on stderr in one write, ignoring failures (module docs).
fn line(text: &str) {
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text.as_bytes());
    buf.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&buf);
}

/// The text [`error`] prints: `tfsecrets: error: <message>`, the hint, and with `--verbose` the causes.
pub fn error_text(err: &Error, verbose: bool) -> String {
    let mut text = format!("tfsecrets: error: {err}");
    if verbose {
        for cause in err.causes.iter().filter(|c| !err.message.contains(c.as_str())) {
            text.push_str(&format!("\n  cause: {cause}"));
        }
    }
    text
}

/// Prints an error the way every command ends with one (module docs of `crate::error` for its exit code).
pub fn error(err: &Error) {
    line(&error_text(err, verbose_enabled()));
}

/// Prints `tfsecrets: error: <msg>` on stderr, for one of several errors a command reports before failing.
pub fn error_line(msg: impl AsRef<str>) {
    line(&format!("tfsecrets: error: {}", msg.as_ref()));
}

/// Prints `tfsecrets: warning: <msg>` on stderr.
pub fn warn(msg: impl AsRef<str>) {
    line(&format!("tfsecrets: warning: {}", msg.as_ref()));
}

/// Prints `tfsecrets: note: <msg>` on stderr.
pub fn note(msg: impl AsRef<str>) {
    line(&format!("tfsecrets: note: {}", msg.as_ref()));
}

/// Prints `tfsecrets: <msg>` on stderr when `--verbose` is on.
pub fn verbose(msg: impl AsRef<str>) {
    if verbose_enabled() {
        line(&format!("tfsecrets: {}", msg.as_ref()));
    }
}

/// Prints a raw line on stderr (for chamber-compatible warning texts and progress lines).
pub fn raw(msg: impl AsRef<str>) {
    line(msg.as_ref());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_show_only_with_verbose() {
        let e = Error::unavailable("cannot reach SSM at http://127.0.0.1:9: connection refused")
            .hint("check the network")
            .causes(vec!["dispatch failure".into(), "Connection refused (os error 111)".into()]);
        assert_eq!(
            error_text(&e, false),
            "tfsecrets: error: cannot reach SSM at http://127.0.0.1:9: connection refused\n  hint: check the network"
        );
        assert_eq!(
            error_text(&e, true),
            "tfsecrets: error: cannot reach SSM at http://127.0.0.1:9: connection refused\n  hint: check the network\
             \n  cause: dispatch failure\n  cause: Connection refused (os error 111)"
        );
    }
}
