//! Helpers shared by the `tests/exec_*.rs` integration tests (included with `#[path]`; not a test target).
#![allow(dead_code)]

use crate::support::{self as common, Env};
use assert_cmd::assert::Assert;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The pinned terraform 1.0.3 binary of the project venv.
pub fn terraform_bin() -> PathBuf {
    common::venv_bin().join("terraform")
}

/// The directory of the exec fixtures.
pub fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/exec")
}

/// Variables of the test process that would change how tfsecrets or terraform behave in a child.
fn leaky_vars() -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.starts_with("TF_") || (k.starts_with("TFSECRETS_") && k != "TFSECRETS_REQUIRE_MOTO"))
        .collect()
}

/// `tfsecrets` (hermetic, as `Env::cmd`) running in `dir`, with terraform's automation settings and no
/// `TF_*` variables from the test process.
pub fn cmd_in(env: &Env, dir: &Path) -> assert_cmd::Command {
    let mut c = env.cmd();
    for k in leaky_vars() {
        c.env_remove(k);
    }
    c.current_dir(dir).env("TF_IN_AUTOMATION", "1").env("CHECKPOINT_DISABLE", "1").env("TFSECRETS_RETRY_BASE_MS", "5");
    c
}

/// A plain `std::process::Command` for tfsecrets with the same hermetic environment as `Env::cmd`
/// (for tests that need the spawned process itself: its pid, signals).
pub fn std_cmd(env: &Env, dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("tfsecrets"));
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
    for k in leaky_vars() {
        c.env_remove(k);
    }
    let home = env.home.path();
    c.envs(crate::support::hermetic_vars(&env.url, home)).current_dir(dir).stdin(Stdio::null());
    c
}

/// terraform with a clean environment (PATH, HOME and the automation settings only) in `dir`.
pub fn terraform(dir: &Path, args: &[&str]) -> Output {
    Command::new(terraform_bin())
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run terraform")
}

/// terraform that must succeed; returns its stdout.
pub fn terraform_ok(dir: &Path, args: &[&str]) -> String {
    let out = terraform(dir, args);
    assert!(
        out.status.success(),
        "terraform {args:?} in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 terraform output")
}

/// Writes `files` (name, content) into a new directory `name` under `parent`; returns its path.
pub fn module(parent: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir module");
    for (f, text) in files {
        std::fs::write(dir.join(f), text).expect("write module file");
    }
    dir
}

/// A temp dir with its canonical path (tfsecrets prints `current_dir()`, which is canonical).
pub fn tempdir() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().expect("tempdir");
    let p = t.path().canonicalize().expect("canonicalize tempdir");
    (t, p)
}

/// `tfsecrets write <svc> <key> -` with the value on stdin (byte-exact); must succeed.
pub fn put(env: &Env, svc: &str, key: &str, value: &str) {
    env.cmd().args(["write", svc, key, "-"]).write_stdin(value.as_bytes().to_vec()).assert().success();
}

/// The exit code of a finished run (panics when it died by a signal).
pub fn code(a: &Assert) -> i32 {
    a.get_output().status.code().expect("exited normally (not by a signal)")
}

/// stderr lines starting with `tfsecrets: ` (warnings, notes, errors), in order.
pub fn diag_lines(stderr: &str) -> Vec<String> {
    stderr.lines().filter(|l| l.starts_with("tfsecrets: ")).map(str::to_owned).collect()
}

/// Parses `env -0` output into (name, value) pairs, in output order.
pub fn parse_env0(stdout: &[u8]) -> Vec<(String, String)> {
    stdout
        .split(|&b| b == 0)
        .filter(|e| !e.is_empty())
        .map(|e| {
            let s = String::from_utf8_lossy(e).into_owned();
            let (k, v) = s.split_once('=').expect("NAME=value");
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// The value of `name` in an `env -0` listing.
pub fn env_value<'a>(vars: &'a [(String, String)], name: &str) -> Option<&'a str> {
    vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
