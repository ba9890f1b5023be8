//! Process hardening while secrets are in memory: no core dumps, not ptrace-attachable by other users' tools.

use std::sync::Mutex;

static SAVED_CORE_LIMIT: Mutex<Option<libc::rlimit>> = Mutex::new(None);

/// Disables core dumps (RLIMIT_CORE 0) and marks the process not dumpable; remembers the user's settings.
pub fn protect() {
    // SAFETY: plain syscalls on this process with valid pointers.
    unsafe {
        let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut current) == 0 {
            if let Ok(mut saved) = SAVED_CORE_LIMIT.lock()
                && saved.is_none()
            {
                *saved = Some(current);
            }
            let zero = libc::rlimit { rlim_cur: 0, rlim_max: current.rlim_max };
            libc::setrlimit(libc::RLIMIT_CORE, &zero);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Restores the user's core-dump limit just before execve, so the child is unaffected. (execve itself
/// makes the new program dumpable again; re-enabling it here would only open a window with secrets in memory.)
pub fn restore_for_child() {
    // SAFETY: plain syscalls on this process with valid pointers.
    unsafe {
        if let Ok(saved) = SAVED_CORE_LIMIT.lock()
            && let Some(limit) = *saved
        {
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0);
    }
}

/// The current soft core-dump limit (for tests).
pub fn core_limit() -> u64 {
    let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: valid pointer.
    unsafe {
        libc::getrlimit(libc::RLIMIT_CORE, &mut current);
    }
    current.rlim_cur
}
