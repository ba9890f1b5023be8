//! moto servers: started on a free 127.0.0.1 port, stopped by pid when the test binary exits.
//!
//! moto serves one request at a time here (tests/fixtures/moto_serial.py, see docs/testing.md), so a test binary
//! that runs many tests at once keeps a small pool of servers and hands them out in turn; a test that changes
//! account-wide state (e.g. `/_chamber/store-config`) starts a server of its own with [`Moto::dedicated`].

use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How many shared servers the pool holds unless `TFSECRETS_TEST_MOTOS` says otherwise: one per test thread of
/// libtest on the project's 2-core machines, so two running tests never queue on the same serial server.
const DEFAULT_POOL: usize = 2;

/// A running moto server.
pub struct Moto {
    /// Base URL, http://127.0.0.1:PORT
    pub url: String,
    /// Its pid.
    pub pid: u32,
}

/// Processes the harness started and has not reaped: signalled when the test binary exits.
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

extern "C" fn kill_children() {
    if let Ok(pids) = CHILDREN.lock() {
        for pid in pids.iter() {
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(*pid as i32), nix::sys::signal::SIGTERM);
        }
    }
}

/// Remembers a child process to stop when the test binary exits.
pub fn adopt(pid: u32) {
    let mut c = CHILDREN.lock().unwrap();
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| unsafe {
        // SAFETY: registers a plain `extern "C"` function that only sends signals.
        libc::atexit(kill_children);
    });
    c.push(pid);
}

/// Forgets a child that was reaped, so the exit handler never signals a process that reused its pid.
pub fn forget(pid: u32) {
    if let Ok(mut c) = CHILDREN.lock() {
        c.retain(|p| *p != pid);
    }
}

/// Whether `TFSECRETS_REQUIRE_MOTO=1` asks for every real component (moto, the newer terraform) to be present:
/// a missing one fails the test instead of skipping it.
pub fn required() -> bool {
    std::env::var("TFSECRETS_REQUIRE_MOTO").is_ok_and(|v| v == "1")
}

/// Whether moto is installed; when it is not, `TFSECRETS_REQUIRE_MOTO=1` makes that a failure, otherwise the
/// calling test skips, loudly.
pub fn available() -> bool {
    let bin = super::venv_bin().join("moto_server");
    if bin.exists() {
        return true;
    }
    assert!(
        !required(),
        "moto_server not found at {} (run scripts/setup); TFSECRETS_REQUIRE_MOTO=1 makes this a failure",
        bin.display()
    );
    eprintln!(
        "\n*** SKIPPING moto-backed test: {} missing; run `scripts/test` (or scripts/setup) ***\n",
        bin.display()
    );
    false
}

impl Moto {
    /// A new server of the caller's own (set up with the KMS alias), or `None` to skip.
    pub fn dedicated() -> Option<Moto> {
        if !available() {
            return None;
        }
        for _ in 0..5 {
            let port = super::free_port();
            let child: Child = std::process::Command::new(super::venv_bin().join("python"))
                .arg(super::root().join("tests/fixtures/moto_serial.py"))
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn moto_server");
            let pid = child.id();
            adopt(pid);
            std::mem::forget(child);
            let url = format!("http://127.0.0.1:{port}");
            if wait_ready(&url, Duration::from_secs(20)) {
                super::boto(&url, &["setup"]);
                return Some(Moto { url, pid });
            }
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::SIGTERM);
        }
        panic!("moto_server did not start");
    }

    /// One of the shared servers, in turn (each started on first use), or `None` to skip.
    pub fn shared() -> Option<&'static Moto> {
        static POOL: OnceLock<Vec<OnceLock<Option<Moto>>>> = OnceLock::new();
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let pool = POOL.get_or_init(|| {
            let n = std::env::var("TFSECRETS_TEST_MOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_POOL);
            (0..n.max(1)).map(|_| OnceLock::new()).collect()
        });
        let slot = &pool[NEXT.fetch_add(1, Ordering::Relaxed) % pool.len()];
        slot.get_or_init(Moto::dedicated).as_ref()
    }

    /// Whether the server process still runs (for diagnosing a vanished server).
    pub fn state(&self) -> String {
        let alive = nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.pid as i32), None).is_ok();
        format!("moto pid {} {}", self.pid, if alive { "alive" } else { "GONE (killed from outside the test?)" })
    }
}

fn wait_ready(url: &str, timeout: Duration) -> bool {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://").to_owned();
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            if s.write_all(b"GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").is_ok() {
                let mut buf = [0u8; 12];
                if s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.") {
                    return true;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}
