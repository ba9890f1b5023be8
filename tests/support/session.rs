//! Support for the session tests: MFA profiles on disk, a recording (and fault-injecting) proxy in front of
//! moto, and running tfsecrets (or the AWS CLI) with a real pseudo-terminal as its controlling terminal.
#![allow(dead_code)]

use crate::support::transcript::Transcript;
use crate::support::{self as common, Env, Intercept, Reply, hermetic};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the AWS CLI and tfsecrets both print before reading the code.
pub const PROMPT_TEXT: &str = "Enter MFA code for ";
/// The role every MFA test profile assumes.
pub const ROLE: &str = "arn:aws:iam::123456789012:role/prod-admin";
/// The MFA device of the test user.
pub const SERIAL: &str = "arn:aws:iam::111111111111:mfa/alice";
/// The profile text of a plain MFA role profile `admin` whose source is `base` (static keys).
pub const ADMIN_CONFIG: &str = "[profile base]
region = us-east-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/prod-admin
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
";
/// Static keys of `base`.
pub const BASE_CREDENTIALS: &str = "[base]
aws_access_key_id = AKIABASEEXAMPLE
aws_secret_access_key = base-secret-example
";

/// The cache key of the `admin` profile of [`ADMIN_CONFIG`] (a role, an MFA serial), as the AWS CLI computes it.
pub const ADMIN_KEY: &str = "efc6f254b376fe471c9b25c2744f4cf63283c4e4";

/// A recording proxy in front of moto that answers STS AssumeRole / GetSessionToken with `403 AccessDenied` when
/// the TokenCode is `000000` (moto accepts any code), and AssumeRole of a role whose name contains `needs-mfa`
/// without a TokenCode (as a trust policy requiring MFA would).
pub fn mfa_proxy(upstream: &str) -> Intercept {
    Intercept::start(upstream, |req| {
        let text = &req.body;
        let is_mfa_call = text.contains("Action=AssumeRole&") || text.contains("Action=GetSessionToken&");
        let missing_mfa =
            text.contains("Action=AssumeRole&") && text.contains("needs-mfa") && !text.contains("TokenCode=");
        if (is_mfa_call && text.contains("TokenCode=000000")) || missing_mfa {
            let xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
                       <Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message>\
                       </Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
            return Reply::Answer("403 Forbidden", "Content-Type: text/xml", xml.to_owned());
        }
        Reply::Forward
    })
}

/// A test world whose AWS traffic goes through a fresh recording proxy; environment credentials removed.
pub struct World {
    /// The harness environment (HOME, endpoints at the proxy).
    pub env: Env,
    /// The recording (MFA-refusing) proxy.
    pub proxy: Intercept,
}

/// A world on the shared moto, or `None` to skip.
pub fn world() -> Option<World> {
    let moto = Env::new()?;
    let proxy = mfa_proxy(&moto.moto_url);
    Some(World { env: moto.via(&proxy.url), proxy })
}

/// Skips the calling test when moto is unavailable and not required.
#[macro_export]
macro_rules! world_or_skip {
    () => {
        match $crate::support::session::world() {
            Some(w) => w,
            None => return,
        }
    };
}

impl World {
    /// HOME.
    pub fn home(&self) -> &Path {
        self.env.home.path()
    }

    /// `~/.aws/cli/cache`.
    pub fn cache_dir(&self) -> PathBuf {
        self.home().join(".aws/cli/cache")
    }

    /// Writes `~/.aws/config`.
    pub fn config(&self, text: &str) -> &Self {
        std::fs::write(self.home().join(".aws/config"), text).expect("write config");
        self
    }

    /// Writes `~/.aws/credentials`.
    pub fn credentials(&self, text: &str) -> &Self {
        std::fs::write(self.home().join(".aws/credentials"), text).expect("write credentials");
        self
    }

    /// The `admin` MFA role profile with `base` static keys.
    pub fn admin(&self) -> &Self {
        self.config(ADMIN_CONFIG).credentials(BASE_CREDENTIALS)
    }

    /// tfsecrets with no credentials in the environment (profiles only), stdin closed.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.env.cmd();
        c.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY").write_stdin("");
        c
    }

    /// A transcript of runs in this world: session times (`expires 18:39 UTC`, RFC 3339 expirations) redacted as
    /// `[TIME]`.
    pub fn transcript(&self) -> Transcript {
        let time = regex::Regex::new(r"(\d{4}-\d\d-\d\d[T ])?\d\d:\d\d(:\d\d)?(Z| UTC)?").expect("regex");
        Transcript::of(&self.env).redact("[TIME]", time)
    }

    /// Files in the cache directory (names only), sorted.
    pub fn cache_files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.cache_dir())
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The cache entry path for a key.
    pub fn entry(&self, key: &str) -> PathBuf {
        self.cache_dir().join(format!("{key}.json"))
    }

    /// Seeds an entry with the given Expiration text (mode 0600 in a 0700 directory).
    pub fn seed(&self, key: &str, expiration: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(self.cache_dir()).unwrap();
        std::fs::set_permissions(self.cache_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
        let p = self.entry(key);
        let body = format!(
            "{{\"Credentials\": {{\"AccessKeyId\": \"ASIASEEDED\", \"SecretAccessKey\": \"seeded-secret\", \
             \"SessionToken\": \"seeded-token\", \"Expiration\": \"{expiration}\"}}, \
             \"AssumedRoleUser\": {{\"AssumedRoleId\": \"AROA:seed\", \"Arn\": \"arn:aws:sts::123456789012:assumed-role/prod-admin/seed\"}}, \
             \"ResponseMetadata\": {{\"RequestId\": \"x\", \"HTTPStatusCode\": 200, \"HTTPHeaders\": {{}}, \"RetryAttempts\": 0}}}}"
        );
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    /// The hermetic environment for a `std::process::Command` (what `Env::cmd` sets), no env credentials.
    pub fn std_env(&self, c: &mut std::process::Command) {
        hermetic(c, &self.env.url, self.home());
        c.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    }

    /// Runs tfsecrets detached from any terminal (new session, no controlling tty), stdin empty.
    pub fn run(&self, args: &[&str], extra_env: &[(&str, &str)]) -> common::Out {
        let mut c = self.std_cmd(args);
        for (k, v) in extra_env {
            c.env(k, v);
        }
        common::detached(c, None)
    }

    /// tfsecrets as a `std::process::Command` with the hermetic environment.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(common::bin());
        self.std_env(&mut c);
        c.args(args);
        c
    }
}

/// What a run on a pseudo-terminal produced.
#[derive(Debug)]
pub struct PtyRun {
    /// Exit code.
    pub code: Option<i32>,
    /// stdout (a pipe).
    pub stdout: String,
    /// stderr (a pipe).
    pub stderr: String,
    /// Everything written to the terminal.
    pub tty: String,
    /// How many prompts were answered.
    pub answered: usize,
}

/// Runs `cmd` with a new pty as its controlling terminal (setsid + TIOCSCTTY), stdin/stdout/stderr as pipes
/// (stdin carries `stdin_data`). Each time the terminal shows `prompt`, the next of `answers` is typed.
pub fn run_on_pty(mut cmd: std::process::Command, prompt: &str, answers: &[&str], stdin_data: &str) -> PtyRun {
    let pty = nix::pty::openpty(None, None).expect("openpty");
    let slave_fd = pty.slave.as_raw_fd();
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn on pty");
    drop(pty.slave);
    if let Some(mut stdin) = child.stdin.take() {
        let data = stdin_data.to_owned();
        std::thread::spawn(move || {
            let _ = stdin.write_all(data.as_bytes());
        });
    }
    let master = std::fs::File::from(pty.master);
    let transcript: Arc<Mutex<Vec<u8>>> = Arc::default();
    {
        let t = transcript.clone();
        let mut m = master.try_clone().expect("dup master");
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = m.read(&mut buf) {
                if n == 0 {
                    break;
                }
                t.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
    }
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let mut writer = master;
    let mut answered = 0;
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        let shown = String::from_utf8_lossy(&transcript.lock().unwrap()).matches(prompt).count();
        if shown > answered && answered < answers.len() {
            std::thread::sleep(Duration::from_millis(30));
            writer.write_all(format!("{}\n", answers[answered]).as_bytes()).expect("type answer");
            answered += 1;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("pty run timed out; terminal so far: {}", String::from_utf8_lossy(&transcript.lock().unwrap()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(Duration::from_millis(50));
    let tty = String::from_utf8_lossy(&transcript.lock().unwrap()).into_owned();
    PtyRun { code: status.code(), stdout: out_t.join().unwrap(), stderr: err_t.join().unwrap(), tty, answered }
}

/// The Python reference: `sha1(json.dumps(obj, sort_keys=True).encode()).hexdigest()` for a JSON object text.
pub fn python_key(obj_json: &str) -> (String, String) {
    let py = "import hashlib, json, sys\nobj = json.loads(sys.stdin.read())\ns = json.dumps(obj, sort_keys=True)\n\
              print(s)\nprint(hashlib.sha1(s.encode('utf-8')).hexdigest())\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", py])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(obj_json.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    (lines.next().unwrap().to_owned(), lines.next().unwrap().to_owned())
}

/// An Expiration `minutes` from now in the given strftime form.
pub fn expiration_in(minutes: i64, form: &str) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes)).format(form).to_string()
}
