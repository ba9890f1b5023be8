//! Helpers of the store command tests (tests/cli): everything goes through the real binary (`Env::cmd`) or a
//! second client (boto3, tests/fixtures/moto_admin.py).
#![allow(dead_code)]

use crate::support::{self as common, Env};
pub use crate::support::{code, json_out};
use assert_cmd::assert::Assert;
use serde_json::Value;
use std::collections::BTreeMap;

/// `tfsecrets write <svc> <key> <value>`, which must succeed.
pub fn write(env: &Env, svc: &str, key: &str, value: &str) {
    env.cmd().args(["write", svc, key, value]).assert().success();
}

/// `tfsecrets write <svc> <key> -` with `value` on stdin (byte-exact), which must succeed.
pub fn write_stdin(env: &Env, svc: &str, key: &str, value: &str) {
    env.cmd().args(["write", svc, key, "-"]).write_stdin(value.as_bytes().to_vec()).assert().success();
}

/// boto3's view of one parameter (`null` when it does not exist).
pub fn describe(env: &Env, name: &str) -> Value {
    env.boto(&["describe", name])
}

/// How many direct children `/<svc>` holds, per boto3.
pub fn count(env: &Env, svc: &str) -> u64 {
    env.boto(&["count", svc])["count"].as_u64().expect("count is a number")
}

/// LastModifiedDate of every direct child of `/<svc>` in UTC, as chamber's table prints it.
pub fn table_times(env: &Env, svc: &str) -> BTreeMap<String, String> {
    times(env, svc, "table")
}

/// LastModifiedDate of every direct child of `/<svc>` in UTC, as `--json` prints it (RFC 3339, seconds, `Z`).
pub fn json_times(env: &Env, svc: &str) -> BTreeMap<String, String> {
    times(env, svc, "json")
}

fn times(env: &Env, svc: &str, which: &str) -> BTreeMap<String, String> {
    let v = env.boto(&["times", svc]);
    v.as_object()
        .expect("times is an object")
        .iter()
        .map(|(k, t)| (k.clone(), t[which].as_str().expect("time string").to_owned()))
        .collect()
}

/// The stderr lines a run printed.
pub fn stderr_lines(a: &Assert) -> Vec<String> {
    common::stderr_of(a).lines().map(str::to_owned).collect()
}
