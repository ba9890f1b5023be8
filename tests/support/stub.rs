//! tests/fixtures/bench_ssm.py: the concurrent in-memory SSM endpoint (every answer after a fixed delay, all
//! requests in parallel, optional token-bucket quotas), for exact call plans, round trips and pacing.

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

/// A running bench_ssm.py, stopped by pid on drop.
pub struct Stub {
    /// http://127.0.0.1:PORT
    pub url: String,
    child: Child,
}

impl Stub {
    /// Starts the endpoint with extra arguments (`--delay-ms 20`, `--quota-api get=2/2`...); `None` to skip when the
    /// project venv is missing (as moto-backed tests do).
    pub fn start(args: &[&str]) -> Option<Stub> {
        if !super::moto::available() {
            return None;
        }
        let mut child = std::process::Command::new(super::venv_bin().join("python"))
            .arg(super::root().join("tests/fixtures/bench_ssm.py"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn bench_ssm.py");
        super::moto::adopt(child.id());
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stub stdout")).read_line(&mut line).expect("PORT line");
        let port = line.trim().strip_prefix("PORT ").expect("PORT line").to_owned();
        Some(Stub { url: format!("http://127.0.0.1:{port}"), child })
    }

    fn control(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        let mut s = TcpStream::connect(self.url.trim_start_matches("http://")).expect("connect stub");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).expect("write");
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("read");
        serde_json::from_str(buf.split("\r\n\r\n").nth(1).expect("body")).expect("JSON")
    }

    /// Stores `/<service>/<prefix>NNNN` = `value-N` for N in 0..count, without counting or throttling.
    pub fn seed(&self, service: &str, count: usize, prefix: &str) {
        let body = serde_json::json!({"service": service, "count": count, "prefix": prefix}).to_string();
        self.control("POST", "/__stub/seed", &body);
    }

    /// Zeroes the counters (and refills the quotas).
    pub fn reset(&self) {
        self.control("POST", "/__stub/reset", "");
    }

    /// {"total", "by_api", "throttled", "throttled_by_api", "max_in_flight", "round_trips", "timeline"}.
    pub fn stats(&self) -> serde_json::Value {
        self.control("GET", "/__stub/stats", "")
    }

    /// Requests seen for one API, throttled ones included.
    pub fn count(&self, api: &str) -> u64 {
        self.stats()["by_api"][api].as_u64().unwrap_or(0)
    }

    /// A test world whose every endpoint is this stub.
    pub fn env(&self) -> super::Env {
        super::Env::on(&self.url)
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        super::moto::forget(self.child.id());
    }
}
