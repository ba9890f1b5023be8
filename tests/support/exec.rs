//! Helpers of the exec tests (tests/exec): the pinned terraform, modules on disk, `env -0` listings.
#![allow(dead_code)]

pub use crate::support::code;
use crate::support::{self as common, Env};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The pinned terraform 1.0.3 binary of the project venv.
pub fn terraform_bin() -> PathBuf {
    common::venv_bin().join("terraform")
}

/// The newer terraform (>= 1.11: ephemeral variables, write-only arguments, `terraform_data`; works offline):
/// `TFSECRETS_TEST_TERRAFORM_NEW`, else /usr/local/bin/terraform. When it is missing or older, the calling test
/// fails under `TFSECRETS_REQUIRE_MOTO=1` (as CI runs) and otherwise skips, loudly.
pub fn terraform_new() -> Option<PathBuf> {
    let bin = std::env::var_os("TFSECRETS_TEST_TERRAFORM_NEW")
        .map_or_else(|| PathBuf::from("/usr/local/bin/terraform"), PathBuf::from);
    let version = Command::new(&bin)
        .args(["version", "-json"])
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .ok()
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
        .and_then(|v| v["terraform_version"].as_str().map(str::to_owned));
    let new_enough = version.as_deref().and_then(|v| {
        let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
        Some((parts.next()??, parts.next()??) >= (1, 11))
    });
    if new_enough == Some(true) {
        return Some(bin);
    }
    let why = format!("terraform >= 1.11 not found at {} (found: {version:?})", bin.display());
    assert!(!crate::support::moto::required(), "{why}; TFSECRETS_REQUIRE_MOTO=1 makes this a failure");
    eprintln!("\n*** SKIPPING test that needs the newer terraform: {why} ***\n");
    None
}

/// Skips the calling test (returns from it) when the newer terraform is unavailable and not required.
#[macro_export]
macro_rules! terraform_new_or_skip {
    () => {
        match $crate::support::exec::terraform_new() {
            Some(bin) => bin,
            None => return,
        }
    };
}

/// The directory of the exec fixtures.
pub fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/exec")
}

/// `tfsecrets` (hermetic, as `Env::cmd`) running in `dir`, with terraform's automation settings.
pub fn cmd_in(env: &Env, dir: &Path) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.current_dir(dir).env("TF_IN_AUTOMATION", "1").env("CHECKPOINT_DISABLE", "1");
    c
}

/// A plain `std::process::Command` for tfsecrets with the same hermetic environment as `Env::cmd`, in `dir`,
/// stdin from /dev/null (for tests that need the spawned process itself: its pid, signals).
pub fn std_cmd(env: &Env, dir: &Path) -> Command {
    let mut c = env.std_cmd();
    c.current_dir(dir).stdin(Stdio::null());
    c
}

/// terraform with a clean environment (PATH, HOME and the automation settings only) in `dir`.
pub fn terraform(dir: &Path, args: &[&str]) -> Output {
    terraform_with(&terraform_bin(), dir, args)
}

/// The same with a given terraform binary.
pub fn terraform_with(bin: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(bin)
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
    terraform_ok_with(&terraform_bin(), dir, args)
}

/// The same with a given terraform binary.
pub fn terraform_ok_with(bin: &Path, dir: &Path, args: &[&str]) -> String {
    let out = terraform_with(bin, dir, args);
    assert!(
        out.status.success(),
        "terraform {args:?} in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 terraform output")
}

/// A directory `bin` under `dir` holding an executable `terraform` that prints its environment (`env -0`).
pub fn fake_terraform(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir bin");
    let tf = bin.join("terraform");
    std::fs::write(&tf, "#!/bin/sh\nexec env -0\n").expect("write the stand-in terraform");
    common::chmod(&tf, 0o755);
    tf
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
