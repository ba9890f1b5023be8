//! Helpers shared by the `tests/import_*.rs` integration tests (included with `#[path]`; not a test target).
//! Every run goes through the real binary; every check of SSM goes through boto3 straight to moto.
#![allow(dead_code)]

use crate::support::{self as common, Env};
use assert_cmd::assert::Assert;
use serde_json::Value;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A private temp directory for one test's files.
pub fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("tfs-import-").tempdir().expect("tempdir")
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture file");
    p
}

/// `tfsecrets <args>` run in `dir` (so file labels in messages are the bare names given).
pub fn run(env: &Env, dir: &Path, args: &[&str]) -> Assert {
    env.cmd().current_dir(dir).args(args).timeout(std::time::Duration::from_secs(120)).assert()
}

/// `tfsecrets import <svc> <file> <extra...>` run in `dir`.
pub fn import(env: &Env, dir: &Path, svc: &str, file: &str, extra: &[&str]) -> Assert {
    let mut args = vec!["import", svc, file];
    args.extend_from_slice(extra);
    run(env, dir, &args)
}

/// The exit code of a finished run.
pub fn code(a: &Assert) -> i32 {
    a.get_output().status.code().expect("exited normally (not by a signal)")
}

/// stdout as a string.
pub fn out(a: &Assert) -> String {
    common::stdout_of(a)
}

/// stderr as a string.
pub fn err(a: &Assert) -> String {
    common::stderr_of(a)
}

/// Parses stdout as one JSON value.
pub fn json_out(a: &Assert) -> Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", out(a)))
}

/// Every direct child of `/<svc>` as SSM holds it: key → {Value, Description, Type, KeyId, Tier, Version}.
pub fn dump(env: &Env, svc: &str) -> BTreeMap<String, Value> {
    let o = std::process::Command::new(common::venv_bin().join("python"))
        .arg(common::root().join("tests/fixtures/import/ssm_dump.py"))
        .arg(&env.moto_url)
        .arg(svc)
        .output()
        .expect("run ssm_dump.py");
    assert!(o.status.success(), "ssm_dump failed: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("ssm_dump prints JSON")
}

/// Just the values of `/<svc>/*`: key → value.
pub fn values(env: &Env, svc: &str) -> BTreeMap<String, String> {
    dump(env, svc).into_iter().map(|(k, v)| (k, v["Value"].as_str().expect("Value is a string").to_owned())).collect()
}

/// How many direct children `/<svc>` holds, per boto3.
pub fn count(env: &Env, svc: &str) -> u64 {
    env.boto(&["count", svc])["count"].as_u64().expect("count is a number")
}

/// The permission bits of a file.
pub fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777
}

/// Sets the permission bits of a file.
pub fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The names in a directory, sorted (to prove no temp file or backup was left behind).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Asserts that the file at `p` still holds exactly `want`.
#[track_caller]
pub fn assert_bytes(p: &Path, want: &[u8]) {
    let got = std::fs::read(p).unwrap_or_else(|e| panic!("{} unreadable: {e}", p.display()));
    assert!(
        got == want,
        "{} changed:\n--- got ---\n{}\n--- want ---\n{}",
        p.display(),
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(want)
    );
}

/// The marker line tfsecrets leaves in place of a scrubbed attribute (terraform-vars.md §5).
pub fn marker(svc: &str, name: &str) -> String {
    format!("# {name}: stored in SSM at /{svc}/{name} (tfsecrets)")
}

/// `git <args>` in `dir` with a fixed identity; must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.email=t@example.com",
            "-c",
            "user.name=t",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}
