//! The test harness (docs/testing.md): moto servers on free 127.0.0.1 ports stopped by pid, a hermetic
//! environment for every tfsecrets run, the fault and intercepting proxies, the boto3 helper, output helpers,
//! and each area's own helpers (`cli`, `exec`, `import`, `session`, `transcript`).
#![allow(dead_code)]

pub mod cli;
#[macro_use]
pub mod exec;
pub mod iam;
pub mod import;
pub mod moto;
pub mod proxy;
#[macro_use]
pub mod session;
pub mod stub;
pub mod transcript;

pub use moto::Moto;
pub use proxy::{FaultProxy, Intercept, Reply, Request};
pub use stub::Stub;

use assert_cmd::assert::Assert;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The project venv's bin directory (scripts/setup creates it).
pub fn venv_bin() -> PathBuf {
    root().join(".venv/bin")
}

/// The tfsecrets binary under test.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tfsecrets")
}

/// A free loopback port (bound then released): nothing listens there until someone binds it.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

/// Skips the calling test (returns from it) when moto is unavailable and not required; else its [`Env`].
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

/// One test's world: an endpoint, the moto behind it, a private HOME with AWS config files, a unique service.
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
    /// A test world on one of the shared moto servers, or `None` to skip.
    pub fn new() -> Option<Env> {
        Some(Self::on(&Moto::shared()?.url))
    }

    /// A test world on a given endpoint (moto, or an address where nothing answers).
    pub fn on(url: &str) -> Env {
        let home = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(home.path().join(".aws")).expect("mkdir .aws");
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        Env { url: url.to_owned(), moto_url: url.to_owned(), home, service: format!("t{}-{n}", std::process::id()) }
    }

    /// A second world (its own HOME) whose AWS traffic goes to `url` (a proxy in front of this world's moto);
    /// its boto3 checks still talk to moto directly.
    pub fn via(&self, url: &str) -> Env {
        let mut e = Env::on(url);
        e.moto_url = self.moto_url.clone();
        e
    }

    /// A fresh unique service name.
    pub fn service(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.service)
    }

    /// `tfsecrets` with a hermetic environment pointing at this test's endpoint.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// The same as a `std::process::Command` (for tests that need the process itself: its pid, signals).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(bin());
        hermetic(&mut c, &self.url, self.home.path());
        c
    }

    /// `tfsecrets <args>` as a hermetic `std::process::Command` (for transcripts).
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = self.std_cmd();
        c.args(args);
        c
    }

    /// Runs the boto3 helper against moto (bypassing any proxy) and parses its JSON output.
    pub fn boto(&self, args: &[&str]) -> serde_json::Value {
        boto(&self.moto_url, args)
    }

    /// The tags of parameter `name` as (key, value) pairs, sorted, per boto3.
    pub fn tags(&self, name: &str) -> Vec<(String, String)> {
        let tags = self.boto(&["tags", name]);
        let mut v: Vec<(String, String)> = tags
            .as_array()
            .expect("tags is a list")
            .iter()
            .map(|t| (t["Key"].as_str().expect("Key").to_owned(), t["Value"].as_str().expect("Value").to_owned()))
            .collect();
        v.sort();
        v
    }
}

/// Variables of the test process that would change how tfsecrets, the AWS SDK or terraform behave in a child:
/// every `AWS_*`, `CHAMBER_*`, `TF_*` and `TFSECRETS_*`.
fn ambient() -> Vec<std::ffi::OsString> {
    std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| {
            let k = k.to_string_lossy();
            ["AWS_", "CHAMBER_", "TF_", "TFSECRETS_"].iter().any(|p| k.starts_with(p))
        })
        .collect()
}

/// Makes `c` a hermetic tfsecrets run: nothing AWS-, chamber- or terraform-related from the test process, and
/// [`hermetic_vars`].
pub fn hermetic(c: &mut std::process::Command, url: &str, home: &Path) {
    for k in ambient() {
        c.env_remove(k);
    }
    c.envs(hermetic_vars(url, home));
}

/// The same on an empty environment (only PATH kept): for the suites that check what reaches a child or a file.
pub fn hermetic_clear(c: &mut std::process::Command, url: &str, home: &Path) {
    c.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).envs(hermetic_vars(url, home));
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

/// Runs tests/fixtures/moto_admin.py (boto3, a second client) against `url`, which must succeed; its JSON output.
pub fn boto(url: &str, args: &[&str]) -> serde_json::Value {
    let out = boto_raw(url, args);
    assert!(out.status.success(), "moto_admin {args:?} against {url} failed: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("moto_admin prints JSON")
}

/// Runs tests/fixtures/moto_admin.py against `url`, whatever its outcome.
pub fn boto_raw(url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(venv_bin().join("python"))
        .arg(root().join("tests/fixtures/moto_admin.py"))
        .arg(url)
        .args(args)
        .output()
        .expect("run moto_admin.py")
}

/// Bytes as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// stdout of a run as a string (must be UTF-8).
pub fn stdout_of(a: &Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8 stdout")
}

/// stderr of a run as a string.
pub fn stderr_of(a: &Assert) -> String {
    text(&a.get_output().stderr)
}

/// The exit code of a finished run (panics when it died by a signal).
pub fn code(a: &Assert) -> i32 {
    a.get_output().status.code().expect("exited normally (not by a signal)")
}

/// Parses stdout as one JSON value.
pub fn json_out(a: &Assert) -> serde_json::Value {
    serde_json::from_slice(&a.get_output().stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", text(&a.get_output().stdout)))
}

/// The permission bits of a file.
pub fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777
}

/// Sets the permission bits of a file.
pub fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The names in a directory, sorted (to prove no temp file or backup was left behind); empty when it does not
/// exist.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// A finished run of a `std::process::Command`.
#[derive(Debug)]
pub struct Out {
    /// Exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// stdout.
    pub stdout: String,
    /// stderr.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

impl Out {
    /// Panics with the output unless the run succeeded.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success; stderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }

    /// Panics with the output unless the run exited with `code`.
    #[track_caller]
    pub fn fails(self, code: i32) -> Self {
        assert_eq!(self.code, Some(code), "expected exit {code}; stderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }

    /// Panics with the output unless the run exited with `code` (by reference).
    #[track_caller]
    pub fn exits(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "exit code; stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Runs a command in a new session without a controlling terminal (nothing can prompt), `stdin` on its standard
/// input (or /dev/null).
pub fn detached(mut cmd: std::process::Command, stdin: Option<&[u8]>) -> Out {
    use std::io::Write;
    unsafe {
        // SAFETY: setsid is async-signal-safe; nothing else runs between fork and exec.
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(data) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&data);
        });
    }
    let out = child.wait_with_output().expect("wait");
    Out { code: out.status.code(), stdout: text(&out.stdout), stderr: text(&out.stderr), elapsed: start.elapsed() }
}
