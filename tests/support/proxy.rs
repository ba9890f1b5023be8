//! Loopback proxies between tfsecrets and moto.
//!
//! - [`FaultProxy`]: tests/fixtures/fault_proxy.py, a separate process that injects faults and latency and counts
//!   requests per API (see docs/testing.md for its options).
//! - [`Intercept`]: an in-process proxy that records every request and lets a test answer, or rewrite the answer
//!   to, the requests it picks (an STS MFA refusal, an SSM error quoting the value, a truncated body).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// tests/fixtures/fault_proxy.py in front of moto; stopped by pid on drop.
pub struct FaultProxy {
    /// Its URL, to use as the AWS endpoint.
    pub url: String,
    child: Child,
}

impl FaultProxy {
    /// Starts the proxy in front of `upstream` with extra arguments (e.g. `["--every", "4"]`).
    pub fn start(upstream: &str, args: &[&str]) -> FaultProxy {
        use std::io::BufRead;
        let mut child = std::process::Command::new(super::venv_bin().join("python"))
            .arg(super::root().join("tests/fixtures/fault_proxy.py"))
            .args(["--upstream", upstream])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn fault_proxy.py");
        super::moto::adopt(child.id());
        let stdout = child.stdout.take().expect("proxy stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).expect("proxy prints its port");
        let port = line.trim().strip_prefix("PORT ").expect("PORT line").to_owned();
        FaultProxy { url: format!("http://127.0.0.1:{port}"), child }
    }

    /// Request counts so far: {"total", "faults", "by_target": {...}, "round_trips", "in_flight"}.
    pub fn stats(&self) -> serde_json::Value {
        let addr = self.url.trim_start_matches("http://").to_owned();
        let mut s = TcpStream::connect(&addr).expect("connect proxy");
        s.write_all(b"GET /__proxy/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("write");
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("read");
        let body = buf.split("\r\n\r\n").nth(1).expect("body");
        serde_json::from_str(body).expect("stats JSON")
    }

    /// Waits until every request the proxy received has been answered or abandoned (a killed client's last
    /// request still reaches the upstream after the proxy's delay).
    pub fn settle(&self) {
        let start = std::time::Instant::now();
        while self.stats()["in_flight"].as_u64() != Some(0) {
            assert!(start.elapsed() < std::time::Duration::from_secs(60), "proxy never settled: {}", self.stats());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Requests seen for one API (e.g. "PutParameter").
    pub fn count(&self, api: &str) -> u64 {
        self.stats()["by_target"][api].as_u64().unwrap_or(0)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        super::moto::forget(self.child.id());
    }
}

/// One HTTP request an [`Intercept`] proxy saw.
#[derive(Debug, Clone)]
pub struct Request {
    /// Request line, e.g. `POST / HTTP/1.1`.
    pub line: String,
    /// Request head (line and headers) as text.
    pub head: String,
    /// Body as text.
    pub body: String,
}

impl Request {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

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

    /// The API called: the `X-Amz-Target` suffix (JSON protocol, SSM and KMS) or the `Action` field (STS).
    pub fn action(&self) -> Option<String> {
        if let Some(t) = self.header("x-amz-target") {
            return Some(t.rsplit('.').next().unwrap_or(t).trim().to_owned());
        }
        self.field("Action")
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

/// What an [`Intercept`] proxy does with one request.
pub enum Reply {
    /// Forward it to moto and pass the answer back.
    Forward,
    /// Answer it without forwarding: status (`403 Forbidden`), header lines (`Name: value`, CRLF between), body.
    Answer(&'static str, &'static str, String),
    /// Forward it, and pass back the answer's body as this function rewrites it (Content-Length adjusted).
    Rewrite(Box<dyn FnOnce(Vec<u8>) -> Vec<u8> + Send>),
}

type Hook = dyn Fn(&Request) -> Reply + Send + Sync;

/// An in-process loopback proxy in front of moto that records every request and replies as its hook says.
pub struct Intercept {
    /// http://127.0.0.1:PORT
    pub url: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Intercept {
    /// A proxy that forwards everything and records it.
    pub fn recording(upstream: &str) -> Intercept {
        Intercept::start(upstream, |_| Reply::Forward)
    }

    /// A proxy forwarding to `upstream` (http://host:port) except where `hook` says otherwise.
    pub fn start(upstream: &str, hook: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Intercept {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy addr"));
        let upstream = upstream.trim_start_matches("http://").to_owned();
        let seen: Arc<Mutex<Vec<Request>>> = Arc::default();
        let hook: Arc<Hook> = Arc::new(hook);
        let seen2 = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (up, seen, hook) = (upstream.clone(), seen2.clone(), hook.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &up, &seen, &*hook);
                });
            }
        });
        Intercept { url, seen }
    }

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    /// The API of every request seen so far, in order.
    pub fn actions(&self) -> Vec<String> {
        self.seen().iter().filter_map(Request::action).collect()
    }

    /// Forgets what was seen.
    pub fn clear(&self) {
        self.seen.lock().unwrap().clear();
    }
}

/// Reads one HTTP/1.1 message (head up to the blank line, then Content-Length bytes): `(head, body)`, or `None`
/// when the peer closed before a whole head arrived.
pub fn read_http(conn: &mut impl Read) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
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
    let body = buf.split_off(head_end);
    Ok(Some((buf, body)))
}

/// A head without its Connection and Content-Length headers and without the blank line, each line ending in CRLF.
fn head_lines(head: &[u8]) -> String {
    String::from_utf8_lossy(head)
        .split("\r\n")
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            !l.is_empty() && !l.starts_with("connection:") && !l.starts_with("content-length:")
        })
        .map(|l| format!("{l}\r\n"))
        .collect()
}

fn serve(mut conn: TcpStream, upstream: &str, seen: &Mutex<Vec<Request>>, hook: &Hook) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(20)))?;
    let Some((head, body)) = read_http(&mut conn)? else { return Ok(()) };
    let head_text = String::from_utf8_lossy(&head).into_owned();
    let req = Request {
        line: head_text.lines().next().unwrap_or("").to_owned(),
        head: head_text,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    seen.lock().unwrap().push(req.clone());
    let rewrite = match hook(&req) {
        Reply::Answer(status, headers, text) => {
            let resp = format!(
                "HTTP/1.1 {status}\r\n{headers}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
            return conn.write_all(resp.as_bytes());
        }
        Reply::Forward => None,
        Reply::Rewrite(f) => Some(f),
    };
    // Forward with `Connection: close`, so the upstream answer ends the stream.
    let mut up = TcpStream::connect(upstream)?;
    up.write_all(
        format!("{}Content-Length: {}\r\nConnection: close\r\n\r\n", head_lines(&head), body.len()).as_bytes(),
    )?;
    up.write_all(&body)?;
    let mut resp = Vec::new();
    up.read_to_end(&mut resp)?;
    let Some(rewrite) = rewrite else { return conn.write_all(&resp) };
    let split = resp.windows(4).position(|w| w == b"\r\n\r\n").map_or(resp.len(), |p| p + 4);
    let body = rewrite(resp.split_off(split));
    conn.write_all(
        format!("{}Content-Length: {}\r\nConnection: close\r\n\r\n", head_lines(&resp), body.len()).as_bytes(),
    )?;
    conn.write_all(&body)
}
