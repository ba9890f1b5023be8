//! Bad input, missing credentials/region, unreachable endpoints: clear errors, right exit codes, nothing
//! written, no long hangs (issue 2 "Bad input gets a clear error and loses nothing"; chamber-compat §1, §3, §7).

use crate::support as common;
use crate::support::cli as support;

use common::{stderr_of, stdout_of};
use std::time::{Duration, Instant};
use support::*;

/// Variables that could let the SDK find credentials or an IMDS endpoint outside the test's control.
const AMBIENT: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_EC2_METADATA_DISABLED",
];

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    common::free_port()
}

/// Runs a command, returning the assert and how long it took.
fn timed(mut c: assert_cmd::Command) -> (assert_cmd::assert::Assert, Duration) {
    let start = Instant::now();
    let a = c.assert();
    (a, start.elapsed())
}

#[test]
fn invalid_service_names_are_refused_before_any_write() {
    let env = moto_or_skip!();
    let base = env.service("badsvc");
    for bad in [
        format!("/{base}"),
        format!("{base}//b"),
        format!("{base} b"),
        format!("{base}/"),
        format!("{base}:x"),
        "/x".into(),
        "a//b".into(),
        "a b".into(),
    ] {
        let a = env.cmd().args(["write", &bad, "k", "v"]).assert().failure();
        assert_eq!(code(&a), 2, "{bad:?}");
        let err = stderr_of(&a);
        assert!(err.contains("invalid service name"), "{bad:?}: {err}");
        assert!(err.contains("regex"), "the rule is named: {err}");
        for cmd in [&["read", &bad, "k"][..], &["list", &bad], &["history", &bad, "k"], &["delete", &bad, "k"]] {
            let a = env.cmd().args(cmd).assert().failure();
            assert_eq!(code(&a), 2, "{cmd:?}");
        }
    }
    assert_eq!(count(&env, &base), 0);
    assert_eq!(count(&env, &format!("{base}/b")), 0);
}

#[test]
fn invalid_key_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("badkey");
    for bad in ["a b", "a/b", "a:b", "ключ", ""] {
        let a = env.cmd().args(["write", &svc, bad, "v"]).assert().failure();
        assert_eq!(code(&a), 2, "{bad:?}");
        assert!(stderr_of(&a).contains("invalid key name"), "{bad:?}: {}", stderr_of(&a));
    }
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn empty_value_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("empty");
    let a = env.cmd().args(["write", &svc, "k", ""]).assert().failure();
    assert_eq!(code(&a), 2);
    assert!(stderr_of(&a).contains("empty value"), "{}", stderr_of(&a));
    let a = env.cmd().args(["write", &svc, "k", "-"]).write_stdin("").assert().failure();
    assert_eq!(code(&a), 2);
    // --singleline on a first line that is empty leaves an empty value.
    let a = env.cmd().args(["write", "-s", &svc, "k", "-"]).write_stdin("\nsecond\n").assert().failure();
    assert_eq!(code(&a), 2);
    assert!(describe(&env, &format!("/{svc}/k")).is_null());
}

#[test]
fn oversized_value_names_the_limit_never_the_value() {
    let env = moto_or_skip!();
    let svc = env.service("big");
    let marker = "SECRETMARKER";
    let value = format!("{marker}{}", "x".repeat(4097 - marker.len()));
    assert_eq!(value.len(), 4097);
    let a = env.cmd().args(["write", &svc, "k", "-"]).write_stdin(value.clone()).assert().failure();
    assert_eq!(code(&a), 2);
    let err = stderr_of(&a);
    assert!(err.contains("4096"), "{err}");
    assert!(err.contains("k (4097 bytes)"), "names the key: {err}");
    assert!(!err.contains(marker) && !err.contains("xxxxxxxx"), "never the value: {err}");
    assert!(err.contains("--tier advanced"), "{err}");
    assert!(describe(&env, &format!("/{svc}/k")).is_null());
    // Exactly 4096 bytes round-trips.
    let value = "y".repeat(4096);
    write_stdin(&env, &svc, "max", &value);
    assert_eq!(env.boto(&["get", &format!("/{svc}/max")])["Value"], value);
}

#[test]
fn advanced_tier_allows_8000_bytes() {
    let env = moto_or_skip!();
    let svc = env.service("adv");
    let value = "z".repeat(8000);
    env.cmd().args(["write", "--tier", "advanced", &svc, "k", "-"]).write_stdin(value.clone()).assert().success();
    let name = format!("/{svc}/k");
    assert_eq!(env.boto(&["get", &name])["Value"], value);
    assert_eq!(describe(&env, &name)["Tier"], "Advanced");
    // Past 8192 even advanced refuses, naming its limit.
    let a = env
        .cmd()
        .args(["write", "--tier", "advanced", &svc, "k2", "-"])
        .write_stdin("z".repeat(8193))
        .assert()
        .failure();
    assert_eq!(code(&a), 2);
    assert!(stderr_of(&a).contains("8192"), "{}", stderr_of(&a));
    assert!(describe(&env, &format!("/{svc}/k2")).is_null());
}

#[test]
fn writes_to_chamber_service_are_refused() {
    let env = moto_or_skip!();
    for svc in ["_chamber", "_chamber/sub"] {
        let a = env.cmd().args(["write", svc, "store-config", "{}"]).assert().failure();
        assert_eq!(code(&a), 2, "{svc}");
        assert!(stderr_of(&a).contains("reserved"), "{}", stderr_of(&a));
    }
    assert!(describe(&env, "/_chamber/store-config").is_null(), "the shared server has no store config");
    assert!(describe(&env, "/_chamber/sub/store-config").is_null());
}

#[test]
fn non_ssm_backend_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("backend");
    for backend in ["s3", "secretsmanager", "S3-KMS"] {
        let a = env.cmd().env("CHAMBER_SECRET_BACKEND", backend).args(["write", &svc, "k", "v"]).assert().failure();
        assert_eq!(code(&a), 2);
        let err = stderr_of(&a);
        assert!(err.contains("CHAMBER_SECRET_BACKEND") && err.contains("SSM"), "{err}");
    }
    assert_eq!(count(&env, &svc), 0);
    // ssm in any case is fine.
    env.cmd().env("CHAMBER_SECRET_BACKEND", "SSM").args(["write", &svc, "k", "v"]).assert().success();
    assert_eq!(count(&env, &svc), 1);
}

#[test]
fn bad_chamber_retries_is_a_usage_error() {
    let env = moto_or_skip!();
    let svc = env.service("retries");
    let a = env.cmd().env("CHAMBER_RETRIES", "many").args(["list", &svc]).assert().failure();
    assert_eq!(code(&a), 2);
    assert!(stderr_of(&a).contains("many"), "{}", stderr_of(&a));
}

#[test]
fn no_credentials_fails_fast_and_clearly() {
    let env = moto_or_skip!();
    let svc = env.service("nocreds");
    let mut c = env.cmd();
    for v in AMBIENT {
        c.env_remove(v);
    }
    c.env("AWS_EC2_METADATA_DISABLED", "true").args(["write", &svc, "k", "v"]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert_eq!(code(&a), 1);
    let err = stderr_of(&a);
    assert!(err.contains("no usable AWS credentials"), "{err}");
    assert!(err.contains("hint:"), "says what to do: {err}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn no_region_fails_fast_and_clearly() {
    let env = moto_or_skip!();
    let svc = env.service("noregion");
    let mut c = env.cmd();
    c.env_remove("AWS_REGION").env_remove("AWS_DEFAULT_REGION").env_remove("CHAMBER_AWS_REGION");
    c.args(["list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert_eq!(code(&a), 1);
    assert!(stderr_of(&a).contains("no AWS region"), "{}", stderr_of(&a));
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn region_comes_from_the_profile_or_flag_or_chamber_var() {
    let env = moto_or_skip!();
    let svc = env.service("region");
    write(&env, &svc, "k", "v");
    std::fs::write(env.home.path().join(".aws/config"), "[default]\nregion = us-east-1\n").unwrap();
    let a = env.cmd().env_remove("AWS_REGION").args(["read", "-q", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "v\n");
    std::fs::write(env.home.path().join(".aws/config"), "").unwrap();
    let a =
        env.cmd().env_remove("AWS_REGION").args(["--region", "us-east-1", "read", "-q", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "v\n");
    let a = env
        .cmd()
        .env_remove("AWS_REGION")
        .env("CHAMBER_AWS_REGION", "us-east-1")
        .args(["read", "-q", &svc, "k"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "v\n");
    // moto keeps regions apart: CHAMBER_AWS_REGION beats AWS_REGION, so the secret is not found in eu-west-1.
    let a = env.cmd().env("CHAMBER_AWS_REGION", "eu-west-1").args(["read", "-q", &svc, "k"]).assert().failure();
    assert_eq!(code(&a), 1);
    assert!(stderr_of(&a).contains("secret not found"), "{}", stderr_of(&a));
}

#[test]
fn imds_on_a_closed_port_does_not_hang() {
    let env = moto_or_skip!();
    let svc = env.service("imds");
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    // No credentials, no region, IMDS enabled but pointing at a closed port.
    let mut c = env.cmd();
    for v in AMBIENT {
        c.env_remove(v);
    }
    c.env_remove("AWS_REGION").env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint).args(["list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert_eq!(code(&a), 1);
    assert!(stderr_of(&a).contains("no AWS region"), "{}", stderr_of(&a));
    assert!(took < Duration::from_secs(3), "took {took:?}");
    // Region given, credentials missing: the IMDS credentials probe is bounded too.
    let mut c = env.cmd();
    for v in AMBIENT {
        c.env_remove(v);
    }
    c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint).args(["list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert!(stderr_of(&a).contains("no usable AWS credentials"), "{}", stderr_of(&a));
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[test]
fn imds_that_never_answers_does_not_hang() {
    let env = moto_or_skip!();
    let svc = env.service("imdsblack");
    // Accepts connections (kernel backlog) but never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let mut c = env.cmd();
    for v in AMBIENT {
        c.env_remove(v);
    }
    c.env_remove("AWS_REGION").env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint).args(["list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert_eq!(code(&a), 1);
    assert!(stderr_of(&a).contains("no AWS region"), "{}", stderr_of(&a));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let mut c = env.cmd();
    for v in AMBIENT {
        c.env_remove(v);
    }
    c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint).args(["list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert!(stderr_of(&a).contains("no usable AWS credentials"), "{}", stderr_of(&a));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    drop(listener);
}

#[test]
fn unreachable_endpoint_is_a_clear_error() {
    let env = moto_or_skip!();
    let svc = env.service("unreach");
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let mut c = env.cmd();
    c.env("AWS_ENDPOINT_URL_SSM", &endpoint).args(["--retries", "1", "list", &svc]);
    let (a, took) = timed(c);
    let a = a.failure();
    assert_eq!(code(&a), 1);
    let err = stderr_of(&a);
    assert!(err.contains("could not reach AWS"), "{err}");
    assert!(err.contains("AWS_ENDPOINT_URL_SSM"), "hint names the override: {err}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // A write to an unreachable endpoint fails the same way and writes nothing.
    let mut c = env.cmd();
    c.env("AWS_ENDPOINT_URL_SSM", &endpoint).env("CHAMBER_RETRIES", "2").args(["write", &svc, "k", "v"]);
    let (a, took) = timed(c);
    assert_eq!(code(&a.failure()), 1);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn chamber_ssm_endpoint_beats_aws_endpoint_url_ssm() {
    let env = moto_or_skip!();
    let svc = env.service("endpoint");
    write(&env, &svc, "k", "v");
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let a = env
        .cmd()
        .env("AWS_ENDPOINT_URL_SSM", &closed)
        .env("AWS_ENDPOINT_URL", &closed)
        .env("CHAMBER_AWS_SSM_ENDPOINT", &env.url)
        .args(["--retries", "1", "read", "-q", &svc, "k"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "v\n");
    env.cmd()
        .env("AWS_ENDPOINT_URL_SSM", &closed)
        .env("CHAMBER_AWS_SSM_ENDPOINT", &env.url)
        .args(["--retries", "1", "write", &svc, "k", "v2"])
        .assert()
        .success();
    assert_eq!(env.boto(&["get", &format!("/{svc}/k")])["Value"], "v2");
    // And without it, the closed endpoint is used (so the override above really did something).
    let a =
        env.cmd().env("AWS_ENDPOINT_URL_SSM", &closed).args(["--retries", "1", "read", &svc, "k"]).assert().failure();
    assert_eq!(code(&a), 1);
}

#[test]
fn verbose_never_prints_a_value() {
    let env = moto_or_skip!();
    let svc = env.service("verbose");
    let value = "VERBOSE-SECRET-VALUE";
    let a = env.cmd().args(["--verbose", "write", &svc, "k", value]).assert().success();
    assert!(!stderr_of(&a).contains(value), "{}", stderr_of(&a));
    let a = env.cmd().args(["--verbose", "list", "-e", &svc]).assert().success();
    assert!(stdout_of(&a).contains(value));
    assert!(!stderr_of(&a).contains(value), "{}", stderr_of(&a));
    let a = env.cmd().args(["--verbose", "read", &svc, "k"]).assert().success();
    assert!(!stderr_of(&a).contains(value), "{}", stderr_of(&a));
}
