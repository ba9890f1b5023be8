//! Helpers of the import tests (tests/import).
//! Every run goes through the real binary; every check of SSM goes through boto3 straight to moto.
#![allow(dead_code)]

use crate::support::transcript::Transcript;
use crate::support::{self as common, Env};
pub use crate::support::{chmod, code, json_out, listing, mode};
use assert_cmd::assert::Assert;
use serde_json::Value;
use std::collections::BTreeMap;
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

/// `tfsecrets import <svc> <file> <extra...>` in `dir`, as a command for a transcript.
pub fn import_cmd(env: &Env, dir: &Path, svc: &str, file: &str, extra: &[&str]) -> std::process::Command {
    let mut c = env.command(&["import", svc, file]);
    c.args(extra).current_dir(dir);
    c
}

/// A transcript of imports in `env`. The `wrote <name> (n/N)` progress lines come in completion order (writes run
/// concurrently), so their names are redacted as `[PARAM]`: check them with [`written`].
pub fn import_transcript(env: &Env) -> Transcript {
    let wrote = regex::Regex::new(r"tfsecrets: wrote (?<redacted>/\S+) \(").expect("regex");
    Transcript::of(env).redact("[PARAM]", wrote)
}

/// The parameters an import's progress lines say it wrote, sorted.
pub fn written(stderr: &[u8]) -> Vec<String> {
    let mut v: Vec<String> = common::text(stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("tfsecrets: wrote ")?.split(" (").next().map(str::to_owned))
        .collect();
    v.sort();
    v
}

/// stdout as a string.
pub fn out(a: &Assert) -> String {
    common::stdout_of(a)
}

/// stderr as a string.
pub fn err(a: &Assert) -> String {
    common::stderr_of(a)
}

/// Every direct child of `/<svc>` as SSM holds it: key → {Value, Description, Type, KeyId, Tier, Version}.
pub fn dump(env: &Env, svc: &str) -> BTreeMap<String, Value> {
    serde_json::from_value(env.boto(&["dump", svc])).expect("dump is an object")
}

/// Just the values of `/<svc>/*`: key → value.
pub fn values(env: &Env, svc: &str) -> BTreeMap<String, String> {
    dump(env, svc).into_iter().map(|(k, v)| (k, v["Value"].as_str().expect("Value is a string").to_owned())).collect()
}

pub use super::cli::count;

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

/// The marker line tfsecrets leaves in place of a scrubbed attribute (docs/terraform-vars.md §4).
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
