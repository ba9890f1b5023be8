//! Test harness: a real moto server on a free 127.0.0.1 port, shared by the tests of one test binary,
//! stopped by pid when the binary exits; helpers to run tfsecrets and boto3 against it.
#![allow(dead_code)]

pub mod cli;
pub mod exec;
pub mod import;
#[macro_use]
pub mod session;

use assert_cmd::Command;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The project venv's bin directory.
pub fn venv_bin() -> PathBuf {
    root().join(".venv/bin")
}

/// A running moto server.
pub struct Moto {
    /// Base URL, http://127.0.0.1:PORT
    pub url: String,
    /// Its pid.
    pub pid: u32,
}

static SERVER: OnceLock<Option<Moto>> = OnceLock::new();
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

extern "C" fn kill_children() {
    if let Ok(pids) = CHILDREN.lock() {
        for pid in pids.iter() {
            unsafe {
                libc::kill(*pid as i32, libc::SIGTERM);
            }
        }
    }
}

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

fn moto_required() -> bool {
    std::env::var("TFSECRETS_REQUIRE_MOTO").is_ok_and(|v| v == "1")
}

/// Starts a new moto server (each call: its own server), set up with the KMS alias. `None` when moto
/// is not installed and TFSECRETS_REQUIRE_MOTO is not 1 (the test then skips, loudly).
pub fn start_moto() -> Option<Moto> {
    let bin = venv_bin().join("moto_server");
    if !bin.exists() {
        if moto_required() {
            panic!(
                "moto_server not found at {} (run scripts/setup); TFSECRETS_REQUIRE_MOTO=1 makes this a failure",
                bin.display()
            );
        }
        eprintln!(
            "\n*** SKIPPING moto-backed test: {} missing; run `scripts/test` (or scripts/setup) ***\n",
            bin.display()
        );
        return None;
    }
    for _ in 0..5 {
        let port = free_port();
        // moto_server, but one request at a time (see tests/fixtures/moto_serial.py for why).
        let child: Child = std::process::Command::new(venv_bin().join("python"))
            .arg(root().join("tests/fixtures/moto_serial.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn moto_server");
        let pid = child.id();
        {
            let mut c = CHILDREN.lock().unwrap();
            if c.is_empty() {
                unsafe {
                    libc::atexit(kill_children);
                }
            }
            c.push(pid);
        }
        std::mem::forget(child);
        let url = format!("http://127.0.0.1:{port}");
        if wait_ready(&url, Duration::from_secs(20)) {
            let out = boto_raw(&url, &["setup"]);
            assert!(out.status.success(), "moto setup failed: {}", String::from_utf8_lossy(&out.stderr));
            return Some(Moto { url, pid });
        }
        unsafe {
            libc::kill(pid as i32, libc::SIGTERM);
        }
    }
    panic!("moto_server did not start");
}

fn wait_ready(url: &str, timeout: Duration) -> bool {
    let addr = url.trim_start_matches("http://").to_owned();
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
            use std::io::{Read, Write};
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

/// The moto server shared by this test binary (started on first use).
pub fn shared_moto() -> Option<&'static Moto> {
    SERVER.get_or_init(start_moto).as_ref()
}

/// Skips the calling test (returns from it) when moto is unavailable and not required.
#[macro_export]
macro_rules! moto_or_skip {
    () => {
        match $crate::support::Env::new() {
            Some(env) => env,
            None => return,
        }
    };
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// One test's world: the moto URL, a private HOME with AWS config files, a unique service prefix.
pub struct Env {
    /// Endpoint every AWS client of this test talks to (moto, or a proxy in front of it).
    pub url: String,
    /// moto itself (for boto3 checks that bypass a proxy).
    pub moto_url: String,
    /// Private home directory.
    pub home: tempfile::TempDir,
    /// A service name unique to this test (`t<pid>-<n>`).
    pub service: String,
}

impl Env {
    /// A test world on the shared server, or `None` to skip.
    pub fn new() -> Option<Env> {
        let moto = shared_moto()?;
        Some(Self::on(&moto.url))
    }

    /// A test world on a given endpoint.
    pub fn on(url: &str) -> Env {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(home.path().join(".aws")).expect("mkdir .aws");
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        Env { url: url.to_owned(), moto_url: url.to_owned(), home, service: format!("t{}-{n}", std::process::id()) }
    }

    /// A fresh unique service name.
    pub fn service(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.service)
    }

    /// `tfsecrets` with a hermetic environment pointing at this test's endpoint.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("tfsecrets").expect("tfsecrets binary");
        apply_env(&mut c, &self.url, self.home.path());
        c
    }

    /// Runs the boto3 helper against moto (bypassing any proxy) and parses its JSON output.
    pub fn boto(&self, args: &[&str]) -> serde_json::Value {
        let out = boto_raw(&self.moto_url, args);
        assert!(out.status.success(), "moto_admin {:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("moto_admin prints JSON")
    }
}

/// Environment for a hermetic tfsecrets run: test keys, region, endpoints, no IMDS, UTC.
pub fn apply_env(c: &mut Command, url: &str, home: &Path) {
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_DEFAULT_REGION",
        "CHAMBER_AWS_REGION",
        "CHAMBER_KMS_KEY_ALIAS",
        "CHAMBER_AWS_SSM_ENDPOINT",
        "CHAMBER_RETRIES",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWS_SESSION_EXPIRATION",
        "AWS_VAULT",
        "CHAMBER_SECRET_BACKEND",
        "CHAMBER_NO_PATHS",
    ] {
        c.env_remove(var);
    }
    c.envs(hermetic_vars(url, home));
}

/// The environment of a hermetic tfsecrets run: private HOME and AWS files, test keys, a region, every
/// endpoint at `url` (loopback), no instance metadata, short retry backoff, UTC.
pub fn hermetic_vars(url: &str, home: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("HOME", home.into()),
        ("AWS_CONFIG_FILE", home.join(".aws/config").into()),
        ("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials").into()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("AWS_ENDPOINT_URL_SSM", url.into()),
        ("AWS_ENDPOINT_URL_KMS", url.into()),
        ("AWS_ENDPOINT_URL_STS", url.into()),
        ("TFSECRETS_RETRY_BASE_MS", "5".into()),
        ("TZ", "UTC".into()),
    ]
}

fn boto_raw(url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(venv_bin().join("python"))
        .arg(root().join("tests/fixtures/moto_admin.py"))
        .arg(url)
        .args(args)
        .output()
        .expect("run moto_admin.py")
}

/// stdout of a successful run as a string.
pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8 stdout")
}

/// stderr of a run as a string.
pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// A running fault proxy in front of moto (see tests/fixtures/fault_proxy.py); stopped by pid on drop.
pub struct Proxy {
    /// Its URL, to use as the AWS endpoint.
    pub url: String,
    child: Child,
}

impl Proxy {
    /// Starts the proxy in front of `upstream` with extra arguments (e.g. `["--every", "4"]`).
    pub fn start(upstream: &str, args: &[&str]) -> Proxy {
        use std::io::BufRead;
        let mut child = std::process::Command::new(venv_bin().join("python"))
            .arg(root().join("tests/fixtures/fault_proxy.py"))
            .args(["--upstream", upstream])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn fault_proxy.py");
        let stdout = child.stdout.take().expect("proxy stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).expect("proxy prints its port");
        let port = line.trim().strip_prefix("PORT ").expect("PORT line").to_owned();
        CHILDREN.lock().unwrap().push(child.id());
        Proxy { url: format!("http://127.0.0.1:{port}"), child }
    }

    /// Request counts so far: {"total", "faults", "by_target": {...}}.
    pub fn stats(&self) -> serde_json::Value {
        let addr = self.url.trim_start_matches("http://").to_owned();
        let mut s = std::net::TcpStream::connect(&addr).expect("connect proxy");
        use std::io::{Read, Write};
        s.write_all(b"GET /__proxy/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("write");
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("read");
        let body = buf.split("\r\n\r\n").nth(1).expect("body");
        serde_json::from_str(body).expect("stats JSON")
    }

    /// Requests seen for one API (e.g. "PutParameter").
    pub fn count(&self, api: &str) -> u64 {
        self.stats()["by_target"][api].as_u64().unwrap_or(0)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Reaped: forget its pid, so the exit handler never signals a process that reused it.
        let pid = self.child.id();
        if let Ok(mut c) = CHILDREN.lock() {
            c.retain(|p| *p != pid);
        }
    }
}
