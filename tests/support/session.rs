//! Support for the session tests: MFA profiles on disk, a recording (and fault-injecting) proxy in front of
//! moto, and running tfsecrets (or the AWS CLI) with a real pseudo-terminal as its controlling terminal.
#![allow(dead_code)]

use crate::support::{self as common, Env};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
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

/// One HTTP request the proxy saw.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Request line, e.g. `POST / HTTP/1.1`.
    pub line: String,
    /// Request head (line and headers) as text.
    pub head: String,
    /// Body as text.
    pub body: String,
}

impl Seen {
    /// The decoded form fields of a query-protocol body (`Action=...&RoleArn=...`).
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The `Action` field.
    pub fn action(&self) -> Option<String> {
        if let Some(t) = self
            .head
            .lines()
            .find_map(|l| l.strip_prefix("x-amz-target: ").or_else(|| l.strip_prefix("X-Amz-Target: ")))
        {
            return Some(t.rsplit('.').next().unwrap_or(t).trim().to_owned());
        }
        self.form().into_iter().find(|(k, _)| k == "Action").map(|(_, v)| v)
    }

    /// A form field.
    pub fn field(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The access key id the request was signed with.
    pub fn signed_with(&self) -> Option<String> {
        let i = self.head.find("Credential=")? + "Credential=".len();
        Some(self.head[i..].split('/').next()?.to_owned())
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A loopback proxy in front of moto that records every request and answers STS AssumeRole /
/// GetSessionToken with `403 AccessDenied` when the TokenCode is `000000` (moto accepts any code).
pub struct Proxy {
    /// http://127.0.0.1:PORT
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Proxy {
    /// Starts a proxy forwarding to `upstream` (http://host:port).
    pub fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy addr"));
        let upstream = upstream.trim_start_matches("http://").to_owned();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let seen2 = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (up, seen) = (upstream.clone(), seen2.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &up, &seen);
                });
            }
        });
        Proxy { url, seen }
    }

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Requests with a given STS/SSM query `Action` (or JSON target suffix).
    pub fn actions(&self) -> Vec<String> {
        self.seen().iter().filter_map(Seen::action).collect()
    }

    /// Forgets what was seen.
    pub fn clear(&self) {
        self.seen.lock().unwrap().clear();
    }
}

fn read_request(conn: &mut TcpStream) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = conn.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end..].to_vec();
    Ok(Some((buf[..head_end].to_vec(), body)))
}

fn serve(mut conn: TcpStream, upstream: &str, seen: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some((head, body)) = read_request(&mut conn)? else { return Ok(()) };
    let text = String::from_utf8_lossy(&body).into_owned();
    let head_text = String::from_utf8_lossy(&head).into_owned();
    let line = head_text.lines().next().unwrap_or("").to_owned();
    seen.lock().unwrap().push(Seen { line, head: head_text, body: text.clone() });
    let is_mfa_call = text.contains("Action=AssumeRole&") || text.contains("Action=GetSessionToken&");
    // A role whose name contains `needs-mfa` behaves like a trust policy requiring MFA.
    let missing_mfa = text.contains("Action=AssumeRole&") && text.contains("needs-mfa") && !text.contains("TokenCode=");
    if (is_mfa_call && text.contains("TokenCode=000000")) || missing_mfa {
        let xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
                   <Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message>\
                   </Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
        let resp = format!(
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
            xml.len()
        );
        conn.write_all(resp.as_bytes())?;
        return Ok(());
    }
    let mut up = TcpStream::connect(upstream)?;
    up.write_all(&head)?;
    up.write_all(&body)?;
    let mut resp = Vec::new();
    up.read_to_end(&mut resp)?;
    conn.write_all(&resp)?;
    Ok(())
}

/// A test world whose AWS traffic goes through a fresh recording proxy; environment credentials removed.
pub struct World {
    /// The harness environment (HOME, endpoints at the proxy).
    pub env: Env,
    /// The proxy.
    pub proxy: Proxy,
}

/// A world on the shared moto, or `None` to skip.
pub fn world() -> Option<World> {
    let moto = common::shared_moto()?;
    let proxy = Proxy::start(&moto.url);
    let mut env = Env::on(&proxy.url);
    env.moto_url = moto.url.clone();
    Some(World { env, proxy })
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
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "TFSECRETS_MIN_TTL",
        ] {
            c.env_remove(var);
        }
        let home = self.home();
        c.env("HOME", home)
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ENDPOINT_URL_SSM", &self.env.url)
            .env("AWS_ENDPOINT_URL_KMS", &self.env.url)
            .env("AWS_ENDPOINT_URL_STS", &self.env.url)
            .env("TFSECRETS_RETRY_BASE_MS", "5")
            .env("TZ", "UTC");
    }

    /// Runs tfsecrets detached from any terminal (new session, no controlling tty), stdin empty.
    pub fn run(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Out {
        let mut c = self.std_cmd(args);
        for (k, v) in extra_env {
            c.env(k, v);
        }
        detached(c)
    }

    /// tfsecrets as a `std::process::Command` with the hermetic environment.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tfsecrets"));
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

/// Mode bits of a path.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

/// An Expiration `minutes` from now in the given strftime form.
pub fn expiration_in(minutes: i64, form: &str) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes)).format(form).to_string()
}

/// A finished run.
#[derive(Debug)]
pub struct Out {
    /// Exit code.
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
    pub fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success; stderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }

    /// Panics with the output unless the run failed with `code`.
    pub fn fails(self, code: i32) -> Self {
        assert_eq!(self.code, Some(code), "expected exit {code}; stderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }
}

/// Runs a command in a new session without a controlling terminal, stdin from /dev/null.
pub fn detached(mut cmd: std::process::Command) -> Out {
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let out = cmd.stdin(Stdio::null()).output().expect("run detached");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}
