//! Running the terraform (or OpenTofu) binary itself and capturing what it prints: its version for `exec`'s
//! ephemeral note, and `show -json` for `scan` (docs/terraform-vars.md §9).
//!
//! stdout is read into a [`Secret`] (a state or a plan holds secrets in plaintext); stderr is kept up to a bound
//! for the caller to show after redacting it.

use crate::secret::Secret;
use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The most of a child's stderr kept for messages; the rest is read and dropped.
const STDERR_KEEP: usize = 64 * 1024;

/// What a finished child printed.
#[derive(Debug)]
pub struct Captured {
    /// How it ended.
    pub status: ExitStatus,
    /// Everything it printed on stdout (UTF-8).
    pub stdout: Secret,
    /// The first [`STDERR_KEEP`] bytes of its stderr. It may echo configuration: redact before showing it.
    pub stderr: Vec<u8>,
}

/// Why [`run_captured`] has no result.
#[derive(Debug)]
pub enum RunError {
    /// The child could not be started (not found, not executable).
    Spawn(io::Error),
    /// Its stdout was not UTF-8 text, or could not be read.
    Stdout(io::Error),
    /// It ran longer than the timeout and was killed.
    TimedOut,
}

/// Runs `cmd` (stdin from /dev/null) to its end, reading stdout into a `Secret` and a bounded part of stderr.
/// With a timeout, a child still running after it is killed (by its pid, which this function started).
pub fn run_captured(mut cmd: Command, timeout: Option<Duration>) -> Result<Captured, RunError> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(RunError::Spawn)?;
    let (Some(mut out), Some(mut err)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Spawn(io::Error::other("no pipes to the child")));
    };
    let reader = std::thread::spawn(move || Secret::read_from(&mut out));
    let stderr_reader = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let _ = (&mut err).take(STDERR_KEEP as u64).read_to_end(&mut kept);
        let _ = io::copy(&mut err, &mut io::sink());
        kept
    });
    let status = match timeout {
        None => child.wait().map(Some),
        Some(limit) => wait_until(&mut child, Instant::now() + limit),
    };
    // After a timeout the readers are left behind, not joined: a grandchild may still hold the pipes open.
    let status = match status {
        Ok(Some(s)) => s,
        Ok(None) => return Err(RunError::TimedOut),
        Err(e) => return Err(RunError::Stdout(e)),
    };
    let stdout = reader.join().unwrap_or_else(|_| Err(io::Error::other("the reader thread failed")));
    let stderr = stderr_reader.join().unwrap_or_default();
    Ok(Captured { status, stdout: stdout.map_err(RunError::Stdout)?, stderr })
}

/// Waits for `child` until `deadline`; past it the child is killed and `None` returned.
fn wait_until(child: &mut std::process::Child, deadline: Instant) -> io::Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A terraform or OpenTofu version: `1.11.4`, `1.10.0-beta1` (the pre-release part is ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
}

impl Version {
    /// Parses `1.11.4` (an optional leading `v`, an optional `-pre` or `+build` suffix).
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let core = text.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let v = Version { major: parts.next()??, minor: parts.next()??, patch: parts.next().unwrap_or(Some(0))? };
        parts.next().is_none().then_some(v)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Asks a terraform or tofu binary for its version (`version -json`, update checks off), within `timeout`.
/// `None` when it cannot tell (not runnable, too slow, unexpected output).
pub fn probe_version(program: &std::path::Path, timeout: Duration) -> Option<Version> {
    let mut cmd = Command::new(program);
    cmd.args(["version", "-json"]).env("CHECKPOINT_DISABLE", "1");
    let out = run_captured(cmd, Some(timeout)).ok()?;
    if !out.status.success() {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(out.stdout.expose()).ok()?;
    Version::parse(json.get("terraform_version")?.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        let v = |a, b, c| Version { major: a, minor: b, patch: c };
        assert_eq!(Version::parse("1.11.4"), Some(v(1, 11, 4)));
        assert_eq!(Version::parse("v1.10.0-beta1"), Some(v(1, 10, 0)));
        assert_eq!(Version::parse("1.9"), Some(v(1, 9, 0)));
        assert_eq!(Version::parse("1.2.3+ent"), Some(v(1, 2, 3)));
        for bad in ["", "1", "x.y.z", "1.2.3.4", "1..2"] {
            assert_eq!(Version::parse(bad), None, "{bad:?}");
        }
        assert!(v(1, 10, 0) > v(1, 9, 9));
        assert_eq!(v(1, 11, 4).to_string(), "1.11.4");
    }

    #[test]
    fn captures_stdout_as_a_secret_and_bounded_stderr() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "printf 'out'; head -c 100000 /dev/zero | tr '\\0' e >&2; exit 3"]);
        let got = run_captured(cmd, None).unwrap();
        assert_eq!(got.stdout.expose(), "out");
        assert_eq!(got.stderr.len(), STDERR_KEEP);
        assert_eq!(got.status.code(), Some(3));
    }

    #[test]
    fn a_slow_child_is_killed_at_the_timeout() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exec sleep 30"]);
        let start = Instant::now();
        assert!(matches!(run_captured(cmd, Some(Duration::from_millis(100))), Err(RunError::TimedOut)));
        assert!(start.elapsed() < Duration::from_secs(10));
        let missing = run_captured(Command::new("/nonexistent/terraform"), None);
        assert!(matches!(missing, Err(RunError::Spawn(_))));
    }
}
