//! The AWS variables `exec` hands its child, per credential source (docs/sessions.md §8), with `env` as the child.

use crate::support::session as sess;

use std::collections::BTreeMap;

/// The child's environment as a map, from `env` output.
fn env_map(stdout: &str) -> BTreeMap<String, String> {
    stdout.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

fn is_utc_z(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 20
        && b[4] == b'-'
        && b[10] == b'T'
        && s.ends_with('Z')
        && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Seeds one secret through the MFA profile (this also starts and caches the session).
fn seed(w: &sess::World, svc: &str) {
    w.run(&["--profile", "admin", "--mfa-token", "123456", "write", svc, "db_password", "pw-1"], &[]).ok();
}

#[test]
fn mfa_session_is_exported_and_profile_variables_removed() {
    let w = world_or_skip!();
    w.admin();
    let svc = w.env.service("sx");
    seed(&w, &svc);
    let cached: serde_json::Value = serde_json::from_slice(
        &std::fs::read(w.entry("efc6f254b376fe471c9b25c2744f4cf63283c4e4")).expect("cache entry"),
    )
    .expect("cache JSON");
    let out = w
        .run(
            &["--profile", "admin", "exec", &svc, "--", "env"],
            &[
                ("AWS_PROFILE", "admin"),
                ("AWS_DEFAULT_PROFILE", "admin"),
                ("AWS_SECURITY_TOKEN", "old"),
                ("AWS_SESSION_EXPIRATION", "2000-01-01T00:00:00Z"),
            ],
        )
        .ok();
    let env = env_map(&out.stdout);
    assert_eq!(env.get("TF_VAR_db_password").map(String::as_str), Some("pw-1"));
    assert_eq!(env["AWS_ACCESS_KEY_ID"], cached["Credentials"]["AccessKeyId"].as_str().unwrap());
    assert_eq!(env["AWS_SECRET_ACCESS_KEY"], cached["Credentials"]["SecretAccessKey"].as_str().unwrap());
    assert_eq!(env["AWS_SESSION_TOKEN"], cached["Credentials"]["SessionToken"].as_str().unwrap());
    assert!(is_utc_z(&env["AWS_CREDENTIAL_EXPIRATION"]), "{}", env["AWS_CREDENTIAL_EXPIRATION"]);
    assert_eq!(env["AWS_REGION"], "us-east-1");
    assert_eq!(env["AWS_DEFAULT_REGION"], "us-east-1");
    for gone in
        ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION", "AWS_CREDENTIAL_FILE"]
    {
        assert!(!env.contains_key(gone), "{gone} must be removed: {env:?}");
    }
    // The session's secret key never reaches tfsecrets' own stderr.
    assert!(!out.stderr.contains(cached["Credentials"]["SecretAccessKey"].as_str().unwrap()));
}

#[test]
fn no_aws_env_leaves_the_aws_variables_alone() {
    let w = world_or_skip!();
    w.admin();
    let svc = w.env.service("sn");
    seed(&w, &svc);
    let out =
        w.run(&["--profile", "admin", "exec", "--no-aws-env", &svc, "--", "env"], &[("AWS_PROFILE", "admin")]).ok();
    let env = env_map(&out.stdout);
    assert_eq!(env.get("AWS_PROFILE").map(String::as_str), Some("admin"));
    assert!(!env.contains_key("AWS_ACCESS_KEY_ID"), "{env:?}");
    assert!(!env.contains_key("AWS_SESSION_TOKEN"), "{env:?}");
    assert_eq!(env.get("TF_VAR_db_password").map(String::as_str), Some("pw-1"));
}

#[test]
fn pristine_keeps_basics_secrets_and_the_session_only() {
    let w = world_or_skip!();
    w.admin();
    let svc = w.env.service("sp");
    seed(&w, &svc);
    let out = w.run(&["--profile", "admin", "exec", "--pristine", &svc, "--", "env"], &[("SOMETHING_ELSE", "x")]).ok();
    let env = env_map(&out.stdout);
    let allowed = [
        "PATH",
        "HOME",
        "TERM",
        "USER",
        "LANG",
        "TF_VAR_db_password",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ];
    for k in env.keys() {
        assert!(allowed.contains(&k.as_str()), "unexpected {k} in a --pristine child: {env:?}");
    }
    for k in ["TF_VAR_db_password", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_REGION"] {
        assert!(env.contains_key(k), "{k} missing: {env:?}");
    }
}

#[test]
fn environment_credentials_pass_through_with_legacy_names_copied() {
    let w = world_or_skip!();
    let svc = w.env.service("se");
    let expiry = sess::expiration_in(120, "%Y-%m-%dT%H:%M:%SZ");
    let creds = [
        ("AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SECURITY_TOKEN", "legacy-token"),
        ("AWS_SESSION_EXPIRATION", expiry.as_str()),
        ("AWS_PROFILE", "stale"),
    ];
    w.run(&["write", &svc, "k", "v"], &creds).ok();
    let out = w.run(&["exec", &svc, "--", "env"], &creds).ok();
    let env = env_map(&out.stdout);
    assert_eq!(env["AWS_ACCESS_KEY_ID"], "AKIAENVEXAMPLE");
    assert_eq!(env["AWS_SESSION_TOKEN"], "legacy-token");
    assert_eq!(env["AWS_CREDENTIAL_EXPIRATION"], expiry);
    assert_eq!(env["AWS_SESSION_EXPIRATION"], expiry, "row 1 keeps the inherited expiry variable");
    assert!(!env.contains_key("AWS_PROFILE") && !env.contains_key("AWS_SECURITY_TOKEN"), "{env:?}");

    // Expiring within --min-ttl: refused before any AWS call, with the time left.
    let soon = sess::expiration_in(5, "%Y-%m-%dT%H:%M:%SZ");
    let mut near = creds.to_vec();
    near[3] = ("AWS_CREDENTIAL_EXPIRATION", soon.as_str());
    w.proxy.clear();
    let out = w.run(&["exec", &svc, "--", "true"], &near);
    assert_ne!(out.code, Some(0));
    assert!(w.proxy.seen().is_empty(), "no AWS call with nearly expired credentials");
}

#[test]
fn default_chain_with_profile_flag_hands_the_profile_to_the_child() {
    let w = world_or_skip!();
    w.config("[profile plain]\nregion = us-east-1\n")
        .credentials("[plain]\naws_access_key_id = AKIAPLAIN\naws_secret_access_key = plain-secret\n");
    let svc = w.env.service("sd");
    w.run(&["--profile", "plain", "write", &svc, "k", "v"], &[]).ok();
    let out = w.run(&["--profile", "plain", "exec", &svc, "--", "env"], &[("AWS_PROFILE", "other")]).ok();
    let env = env_map(&out.stdout);
    assert_eq!(env.get("AWS_PROFILE").map(String::as_str), Some("plain"));
    assert!(!env.contains_key("AWS_ACCESS_KEY_ID"), "row 3 leaves credentials to the child's SDK: {env:?}");
    assert_eq!(env.get("TF_VAR_k").map(String::as_str), Some("v"));
}
