//! Process hardening while secrets are in memory, with what each OS has (SECURITY.md, "Process hardening"):
//! - every Unix: no core dumps (`RLIMIT_CORE` 0, soft limit);
//! - Linux: also not dumpable (`PR_SET_DUMPABLE` 0), so other processes of the same user cannot ptrace it or
//!   read its `/proc/<pid>/mem` and `environ`;
//! - macOS and the BSDs: nothing more (no `PT_DENY_ATTACH` or `procctl`; SECURITY.md says why).

use nix::sys::resource::{Resource, getrlimit, rlim_t, setrlimit};
use std::sync::Mutex;

/// The user's (soft, hard) core-dump limits, saved by the first [`protect`].
static SAVED_CORE_LIMIT: Mutex<Option<(rlim_t, rlim_t)>> = Mutex::new(None);

/// Disables core dumps (soft RLIMIT_CORE 0) and, on Linux, marks the process not dumpable; remembers the
/// user's limits. Best effort: a failure leaves the process as it was.
pub fn protect() {
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_CORE) {
        if let Ok(mut saved) = SAVED_CORE_LIMIT.lock()
            && saved.is_none()
        {
            *saved = Some((soft, hard));
        }
        let _ = setrlimit(Resource::RLIMIT_CORE, 0, hard);
    }
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_dumpable(false);
}

/// Restores what the child should inherit, just before execve: the user's core-dump limit, and SIGPIPE's
/// default action. (execve itself makes the new program dumpable again; re-enabling it here would only open a
/// window with secrets in memory.)
pub fn restore_for_child() {
    if let Ok(saved) = SAVED_CORE_LIMIT.lock()
        && let Some((soft, hard)) = *saved
    {
        let _ = setrlimit(Resource::RLIMIT_CORE, soft, hard);
    }
    default_sigpipe();
}

/// Rust's runtime ignores SIGPIPE, and an ignored signal stays ignored across execve: without this, a child
/// such as `sh -c 'yes | head -1'` would see EPIPE errors instead of dying quietly as it does in a shell.
/// `std::process::Command` resets it the same way for the children it spawns.
fn default_sigpipe() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: the only unsafe call in tfsecrets. It installs the default disposition (no handler of ours
    // runs in signal context), right before execve replaces the process image.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
}
