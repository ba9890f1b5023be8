//! Transcripts: runs of tfsecrets written out as a reader would see them at a terminal, compared whole with a
//! snapshot (snapbox), for what is output-as-behaviour: help, error messages, tables, plans, dry runs.
//!
//! A transcript holds, per run: `$ [VAR=value ...] tfsecrets <args>`, then stdout, then `--- stderr` and stderr,
//! then `--- exit N` unless it exited 0. What changes from run to run is redacted: the test's service prefix
//! (`[SVC]`), its HOME (`[HOME]`), loopback URLs and addresses (`[URL]`, `[ADDR]`), and whatever a test adds
//! (a time it knows, as `[TIME]`). After a deliberate change of output, rewrite the snapshots with
//! `SNAPSHOTS=overwrite cargo test --test main <filter>` and review the diff (docs/testing.md).

use snapbox::{Assert, IntoData, RedactedValue, Redactions};
use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A transcript being written: its runs and the redactions applied when it is compared.
pub struct Transcript {
    redactions: Redactions,
    text: String,
    /// The harness's hermetic environment for these runs: not shown on command lines unless a test changed it.
    hermetic: Vec<(&'static str, std::ffi::OsString)>,
}

impl Default for Transcript {
    fn default() -> Self {
        Self::new()
    }
}

impl Transcript {
    /// An empty transcript with the redactions every transcript needs (loopback URLs).
    pub fn new() -> Transcript {
        let mut redactions = Redactions::new();
        let url = regex::Regex::new(r"http://127\.0\.0\.1:\d+").expect("URL regex");
        redactions.insert("[URL]", url).expect("placeholder");
        let addr = regex::Regex::new(r"\b127\.0\.0\.1:\d+").expect("address regex");
        redactions.insert("[ADDR]", addr).expect("placeholder");
        Transcript { redactions, text: String::new(), hermetic: Vec::new() }
    }

    /// A transcript of runs in `env`: its service prefix, HOME and endpoints redacted.
    pub fn of(env: &super::Env) -> Transcript {
        let mut t = Transcript::new()
            .redact("[SVC]", env.service.clone())
            .redact("[HOME]", env.home.path().display().to_string());
        t.hermetic = super::hermetic_vars(&env.url, env.home.path());
        t
    }

    /// Also redacts `value` as `placeholder` (which must be `[NAME]`).
    pub fn redact(mut self, placeholder: &'static str, value: impl Into<RedactedValue>) -> Transcript {
        self.redactions.insert(placeholder, value).expect("placeholder is [NAME]");
        self
    }

    /// Runs `cmd` (stdin from /dev/null, no controlling terminal) and adds it to the transcript; returns its output for further checks.
    pub fn run(&mut self, cmd: Command) -> Output {
        self.run_with_stdin(cmd, None)
    }

    /// Runs `cmd` with `stdin` on its standard input and adds it to the transcript (stdin itself is not shown).
    pub fn run_with_stdin(&mut self, mut cmd: Command, stdin: Option<&[u8]>) -> Output {
        // clap wraps help to the terminal: none here, and no COLUMNS either, so the width is fixed.
        cmd.env_remove("COLUMNS").env_remove("LINES");
        let line = command_line(&cmd, &self.hermetic);
        cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        unsafe {
            // SAFETY: setsid is async-signal-safe. No controlling terminal: nothing can prompt.
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                nix::unistd::setsid().map(drop).map_err(std::io::Error::from)
            });
        }
        let mut child = cmd.spawn().expect("spawn");
        if let Some(data) = stdin {
            child.stdin.take().expect("stdin").write_all(data).expect("write stdin");
        }
        let out = child.wait_with_output().expect("wait");
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&format!("$ {line}\n"));
        self.text.push_str(&String::from_utf8_lossy(&out.stdout));
        if !out.stderr.is_empty() {
            self.text.push_str("--- stderr\n");
            self.text.push_str(&String::from_utf8_lossy(&out.stderr));
        }
        match out.status.code() {
            Some(0) => {}
            Some(n) => self.text.push_str(&format!("--- exit {n}\n")),
            None => self.text.push_str("--- killed by a signal\n"),
        }
        out
    }

    /// The transcript so far, redacted.
    pub fn text(&self) -> String {
        self.redactions.redact(&self.text)
    }

    /// Compares the whole transcript with `expected` (`snapbox::str![..]` or `snapbox::file![..]`).
    #[track_caller]
    pub fn assert(&self, expected: impl IntoData) {
        Assert::new()
            .action_env("SNAPSHOTS")
            .normalize_paths(false)
            .redact_with(self.redactions.clone())
            .eq(self.text.clone(), expected);
    }
}

/// `[VAR=value ...] [env -u VAR ...] tfsecrets <args>` as a shell would show it: the variables a test set or
/// removed beyond the hermetic environment of the harness, the program's file name, and its arguments quoted
/// where a shell would need it.
fn command_line(cmd: &Command, hermetic: &[(&'static str, std::ffi::OsString)]) -> String {
    let names: Vec<&str> = super::hermetic_vars("", std::path::Path::new("")).iter().map(|(k, _)| *k).collect();
    let mut set = Vec::new();
    let mut unset = Vec::new();
    for (k, v) in cmd.get_envs() {
        let k = k.to_string_lossy().into_owned();
        match v {
            Some(v) if k != "PATH" && !hermetic.iter().any(|(n, hv)| *n == k && hv == v) => {
                set.push(format!("{k}={}", quote(v)))
            }
            None if names.contains(&k.as_str()) => unset.push(format!("-u {k}")),
            _ => {}
        }
    }
    set.sort();
    unset.sort();
    let mut words = set;
    if !unset.is_empty() {
        words.insert(0, format!("env {}", unset.join(" ")));
    }
    let program = std::path::Path::new(cmd.get_program());
    words.push(program.file_name().unwrap_or(program.as_os_str()).to_string_lossy().into_owned());
    words.extend(cmd.get_args().map(quote));
    words.join(" ")
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+[]".contains(c));
    if plain { s.into_owned() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}
