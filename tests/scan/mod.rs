//! `scan`: stored secrets found in a state or a saved plan made by the real terraform 1.11.4 and 1.0.3 (through
//! `tfsecrets exec`, as a user would), in files and on stdin; errors that never show a value.

mod input;
mod terraform;

use crate::support::Env;
use crate::support::exec::put;
use assert_cmd::assert::Assert;

/// The secrets of tests/fixtures/scan/m111 and m103: `(key, value)`; `port` is too short to search, `api_key`
/// only reaches an ephemeral variable.
pub const SECRETS: [(&str, &str); 5] = [
    ("db_password", "hunter2secret-db"),
    ("api_key", "apikeyvalue-eph"),
    ("tags", "{\"a\":\"tagvalue-one\"}"),
    ("special", "p<a&s\"s>w0rd"),
    ("port", "5432"),
];

/// Stores [`SECRETS`] in a new service; returns its name.
pub fn seed(env: &Env, suffix: &str) -> String {
    let svc = env.service(suffix);
    for (k, v) in SECRETS {
        put(env, &svc, k, v);
    }
    svc
}

/// Asserts that no value (nor its distinctive part) reached stdout or stderr.
pub fn no_value_shown(a: &Assert) {
    let out = a.get_output();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for canary in ["hunter2secret", "apikeyvalue", "tagvalue-one", "p<a&s", "s>w0rd", "w0rd"] {
        assert!(!all.contains(canary), "{canary:?} was shown:\n{all}");
    }
}
