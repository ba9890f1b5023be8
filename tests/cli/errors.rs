//! Bad input, missing credentials/region, unreachable endpoints: clear errors, right exit codes, nothing
//! written, no long hangs (issue 2 "Bad input gets a clear error and loses nothing"; docs/chamber-compat.md §1, §3, §8).

use crate::support as common;
use crate::support::cli as support;

use common::transcript::Transcript;
use common::{stderr_of, stdout_of};
use snapbox::str;
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

/// Runs a command into a transcript, returning its exit code and how long it took.
fn timed(t: &mut Transcript, c: std::process::Command) -> (Option<i32>, Duration) {
    let start = Instant::now();
    let out = t.run(c);
    (out.status.code(), start.elapsed())
}

/// `tfsecrets <args>` without any credentials or IMDS setting from the environment.
fn without_credentials(env: &common::Env, args: &[&str]) -> std::process::Command {
    let mut c = env.command(args);
    for v in AMBIENT {
        c.env_remove(v);
    }
    c
}

#[test]
fn invalid_service_names_are_refused_before_any_write() {
    let env = moto_or_skip!();
    let base = env.service("badsvc");
    let mut t = Transcript::of(&env);
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
        let out = t.run(env.command(&["write", &bad, "k", "v"]));
        assert_eq!(out.status.code(), Some(65), "{bad:?}");
        for cmd in [&["read", &bad, "k"][..], &["list", &bad], &["history", &bad, "k"], &["delete", &bad, "k"]] {
            let a = env.cmd().args(cmd).assert().failure();
            assert_eq!(code(&a), 65, "{cmd:?}");
        }
    }
    // The rule is named.
    t.assert(str![[r#"
$ tfsecrets write /[SVC]badsvc k v
--- stderr
tfsecrets: error: invalid service name "/[SVC]badsvc": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write [SVC]badsvc//b k v
--- stderr
tfsecrets: error: invalid service name "[SVC]badsvc//b": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write '[SVC]badsvc b' k v
--- stderr
tfsecrets: error: invalid service name "[SVC]badsvc b": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write [SVC]badsvc/ k v
--- stderr
tfsecrets: error: invalid service name "[SVC]badsvc/": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write [SVC]badsvc:x k v
--- stderr
tfsecrets: error: invalid service name "[SVC]badsvc:x": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write /x k v
--- stderr
tfsecrets: error: invalid service name "/x": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write a//b k v
--- stderr
tfsecrets: error: invalid service name "a//b": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

$ tfsecrets write 'a b' k v
--- stderr
tfsecrets: error: invalid service name "a b": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\w\-\.]+(\/[\w\-\.]+)*$)
  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'
--- exit 65

"#]]);
    assert_eq!(count(&env, &base), 0);
    assert_eq!(count(&env, &format!("{base}/b")), 0);
}

#[test]
fn invalid_key_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("badkey");
    let mut t = Transcript::of(&env);
    for bad in ["a b", "a/b", "a:b", "ключ", ""] {
        let out = t.run(env.command(&["write", &svc, bad, "v"]));
        assert_eq!(out.status.code(), Some(65), "{bad:?}");
    }
    t.assert(str![[r#"
$ tfsecrets write [SVC]badkey 'a b' v
--- stderr
tfsecrets: error: invalid key name "a b": a key is letters, digits, _, - and . only (regex ^[\w\-\.]+$)
--- exit 65

$ tfsecrets write [SVC]badkey a/b v
--- stderr
tfsecrets: error: invalid key name "a/b": a key is letters, digits, _, - and . only (regex ^[\w\-\.]+$)
--- exit 65

$ tfsecrets write [SVC]badkey a:b v
--- stderr
tfsecrets: error: invalid key name "a:b": a key is letters, digits, _, - and . only (regex ^[\w\-\.]+$)
--- exit 65

$ tfsecrets write [SVC]badkey 'ключ' v
--- stderr
tfsecrets: error: invalid key name "ключ": a key is letters, digits, _, - and . only (regex ^[\w\-\.]+$)
--- exit 65

$ tfsecrets write [SVC]badkey '' v
--- stderr
tfsecrets: error: invalid key name "": a key is letters, digits, _, - and . only (regex ^[\w\-\.]+$)
--- exit 65

"#]]);
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn empty_value_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("empty");
    let mut t = Transcript::of(&env);
    let out = t.run(env.command(&["write", &svc, "k", ""]));
    assert_eq!(out.status.code(), Some(65));
    let out = t.run_with_stdin(env.command(&["write", &svc, "k", "-"]), Some(b""));
    assert_eq!(out.status.code(), Some(65));
    // --singleline on a first line that is empty leaves an empty value.
    let out = t.run_with_stdin(env.command(&["write", "-s", &svc, "k", "-"]), Some(b"\nsecond\n"));
    assert_eq!(out.status.code(), Some(65));
    t.assert(str![[r#"
$ tfsecrets write [SVC]empty k ''
--- stderr
tfsecrets: error: empty value for k: SSM cannot store empty values
--- exit 65

$ tfsecrets write [SVC]empty k -
--- stderr
tfsecrets: error: empty value for k: SSM cannot store empty values
--- exit 65

$ tfsecrets write -s [SVC]empty k -
--- stderr
tfsecrets: error: empty value for k: SSM cannot store empty values
--- exit 65

"#]]);
    assert!(describe(&env, &format!("/{svc}/k")).is_null());
}

#[test]
fn oversized_value_names_the_limit_never_the_value() {
    let env = moto_or_skip!();
    let svc = env.service("big");
    let marker = "SECRETMARKER";
    let value = format!("{marker}{}", "x".repeat(4097 - marker.len()));
    assert_eq!(value.len(), 4097);
    let mut t = Transcript::of(&env);
    let out = t.run_with_stdin(env.command(&["write", &svc, "k", "-"]), Some(value.as_bytes()));
    assert_eq!(out.status.code(), Some(65));
    let err = common::text(&out.stderr);
    assert!(!err.contains(marker) && !err.contains("xxxxxxxx"), "never the value: {err}");
    // The limit, the key and its size, and the way out.
    t.assert(str![[r#"
$ tfsecrets write [SVC]big k -
--- stderr
tfsecrets: error: value too large for the Standard tier (max 4096 bytes): k (4097 bytes)
  hint: pass --tier advanced to store up to 8192 bytes (Advanced parameters are billed)
--- exit 65

"#]]);
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
    let mut t = Transcript::of(&env);
    let out = t.run_with_stdin(
        env.command(&["write", "--tier", "advanced", &svc, "k2", "-"]),
        Some("z".repeat(8193).as_bytes()),
    );
    assert_eq!(out.status.code(), Some(65));
    t.assert(str![[r#"
$ tfsecrets write --tier advanced [SVC]adv k2 -
--- stderr
tfsecrets: error: value too large for the Advanced tier (max 8192 bytes): k2 (8193 bytes)
--- exit 65

"#]]);
    assert!(describe(&env, &format!("/{svc}/k2")).is_null());
}

#[test]
fn writes_to_chamber_service_are_refused() {
    let env = moto_or_skip!();
    let mut t = Transcript::of(&env);
    for svc in ["_chamber", "_chamber/sub"] {
        let out = t.run(env.command(&["write", svc, "store-config", "{}"]));
        assert_eq!(out.status.code(), Some(65), "{svc}");
    }
    t.assert(str![[r#"
$ tfsecrets write _chamber store-config '{}'
--- stderr
tfsecrets: error: service "_chamber" is reserved for chamber's store configuration; tfsecrets does not write or delete there
--- exit 65

$ tfsecrets write _chamber/sub store-config '{}'
--- stderr
tfsecrets: error: service "_chamber/sub" is reserved for chamber's store configuration; tfsecrets does not write or delete there
--- exit 65

"#]]);
    assert!(describe(&env, "/_chamber/store-config").is_null(), "the shared server has no store config");
    assert!(describe(&env, "/_chamber/sub/store-config").is_null());
}

#[test]
fn non_ssm_backend_is_refused() {
    let env = moto_or_skip!();
    let svc = env.service("backend");
    let mut t = Transcript::of(&env);
    for backend in ["s3", "secretsmanager", "S3-KMS"] {
        let mut c = env.command(&["write", &svc, "k", "v"]);
        c.env("CHAMBER_SECRET_BACKEND", backend);
        assert_eq!(t.run(c).status.code(), Some(78));
    }
    t.assert(str![[r#"
$ CHAMBER_SECRET_BACKEND=s3 tfsecrets write [SVC]backend k v
--- stderr
tfsecrets: error: CHAMBER_SECRET_BACKEND="s3": tfsecrets supports only the SSM backend
  hint: unset CHAMBER_SECRET_BACKEND or set it to ssm
--- exit 78

$ CHAMBER_SECRET_BACKEND=secretsmanager tfsecrets write [SVC]backend k v
--- stderr
tfsecrets: error: CHAMBER_SECRET_BACKEND="secretsmanager": tfsecrets supports only the SSM backend
  hint: unset CHAMBER_SECRET_BACKEND or set it to ssm
--- exit 78

$ CHAMBER_SECRET_BACKEND=S3-KMS tfsecrets write [SVC]backend k v
--- stderr
tfsecrets: error: CHAMBER_SECRET_BACKEND="S3-KMS": tfsecrets supports only the SSM backend
  hint: unset CHAMBER_SECRET_BACKEND or set it to ssm
--- exit 78

"#]]);
    assert_eq!(count(&env, &svc), 0);
    // ssm in any case is fine.
    env.cmd().env("CHAMBER_SECRET_BACKEND", "SSM").args(["write", &svc, "k", "v"]).assert().success();
    assert_eq!(count(&env, &svc), 1);
}

#[test]
fn bad_chamber_retries_is_a_usage_error() {
    let env = moto_or_skip!();
    let svc = env.service("retries");
    let mut t = Transcript::of(&env);
    let mut c = env.command(&["list", &svc]);
    c.env("CHAMBER_RETRIES", "many");
    assert_eq!(t.run(c).status.code(), Some(64));
    t.assert(str![[r#"
$ CHAMBER_RETRIES=many tfsecrets list [SVC]retries
--- stderr
error: invalid value 'many' for '--retries <N>': invalid digit found in string

For more information, try '--help'.
--- exit 64

"#]]);
}

#[test]
fn no_credentials_fails_fast_and_clearly() {
    let env = moto_or_skip!();
    let svc = env.service("nocreds");
    let mut c = without_credentials(&env, &["write", &svc, "k", "v"]);
    c.env("AWS_EC2_METADATA_DISABLED", "true");
    let mut t = Transcript::of(&env);
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(78));
    // What went wrong, and a hint saying what to do.
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets write [SVC]nocreds k v
--- stderr
tfsecrets: error: no usable AWS credentials: the credential provider was not enabled: no credentials found in chain. Attempted:
  Environment: the credential provider was not enabled: environment variable not set
  Profile: the credential provider was not enabled
  WebIdentityToken: the credential provider was not enabled: $AWS_WEB_IDENTITY_TOKEN_FILE was not set
  EcsContainer: the credential provider was not enabled: ECS provider not configured
  Ec2InstanceMetadata: the credential provider was not enabled: IMDS disabled by AWS_EC2_METADATA_DISABLED env var set to `true`
  hint: run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
--- exit 78

"#]]);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn no_region_fails_fast_and_clearly() {
    let env = moto_or_skip!();
    let svc = env.service("noregion");
    let mut c = env.command(&["list", &svc]);
    c.env_remove("AWS_REGION").env_remove("AWS_DEFAULT_REGION").env_remove("CHAMBER_AWS_REGION");
    let mut t = Transcript::of(&env);
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(78));
    t.assert(str![[r#"
$ env -u AWS_REGION tfsecrets list [SVC]noregion
--- stderr
tfsecrets: error: no AWS region configured
  hint: pass --region, set AWS_REGION (or CHAMBER_AWS_REGION), or add `region = ...` to the profile in ~/.aws/config
--- exit 78

"#]]);
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
    let mut t = Transcript::of(&env);
    let mut c = env.command(&["read", "-q", &svc, "k"]);
    c.env("CHAMBER_AWS_REGION", "eu-west-1");
    assert_eq!(t.run(c).status.code(), Some(66));
    t.assert(str![[r#"
$ CHAMBER_AWS_REGION=eu-west-1 tfsecrets read -q [SVC]region k
--- stderr
tfsecrets: error: Failed to read: secret not found (/[SVC]region/k)
--- exit 66

"#]]);
}

/// With an instance metadata endpoint at `endpoint` and no credentials: without a region, then with one. Each
/// run must fail within `limit`; returns the transcript of both.
fn imds_probes(env: &common::Env, endpoint: &str, limit: Duration) -> Transcript {
    let svc = env.service("imds");
    let mut t = Transcript::of(env);
    let mut c = without_credentials(env, &["list", &svc]);
    c.env_remove("AWS_REGION").env("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint);
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(78));
    assert!(took < limit, "took {took:?}");
    // Region given, credentials missing: the IMDS credentials probe is bounded too.
    let mut c = without_credentials(env, &["list", &svc]);
    c.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint);
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(78));
    assert!(took < limit, "took {took:?}");
    t
}

#[test]
fn imds_on_a_closed_port_does_not_hang() {
    let env = moto_or_skip!();
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    // No credentials, no region, IMDS enabled but pointing at a closed port.
    imds_probes(&env, &endpoint, Duration::from_secs(3)).assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_EC2_METADATA_DISABLED -u AWS_REGION -u AWS_SECRET_ACCESS_KEY AWS_EC2_METADATA_SERVICE_ENDPOINT=[URL] tfsecrets list [SVC]imds
--- stderr
tfsecrets: error: no AWS region configured
  hint: pass --region, set AWS_REGION (or CHAMBER_AWS_REGION), or add `region = ...` to the profile in ~/.aws/config
--- exit 78

$ env -u AWS_ACCESS_KEY_ID -u AWS_EC2_METADATA_DISABLED -u AWS_SECRET_ACCESS_KEY AWS_EC2_METADATA_SERVICE_ENDPOINT=[URL] tfsecrets list [SVC]imds
--- stderr
tfsecrets: error: no usable AWS credentials: the credential provider was not enabled: no credentials found in chain. Attempted:
  Environment: the credential provider was not enabled: environment variable not set
  Profile: the credential provider was not enabled
  WebIdentityToken: the credential provider was not enabled: $AWS_WEB_IDENTITY_TOKEN_FILE was not set
  EcsContainer: the credential provider was not enabled: ECS provider not configured
  Ec2InstanceMetadata: the credential provider was not enabled: could not communicate with IMDS: dispatch failure: io error: client error (Connect): tcp connect error: Connection refused (os error 111)
  hint: run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
--- exit 78

"#]]);
}

#[test]
fn imds_that_never_answers_does_not_hang() {
    let env = moto_or_skip!();
    // Accepts connections (kernel backlog) but never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    imds_probes(&env, &endpoint, Duration::from_secs(5)).assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_EC2_METADATA_DISABLED -u AWS_REGION -u AWS_SECRET_ACCESS_KEY AWS_EC2_METADATA_SERVICE_ENDPOINT=[URL] tfsecrets list [SVC]imds
--- stderr
tfsecrets: error: no AWS region configured
  hint: pass --region, set AWS_REGION (or CHAMBER_AWS_REGION), or add `region = ...` to the profile in ~/.aws/config
--- exit 78

$ env -u AWS_ACCESS_KEY_ID -u AWS_EC2_METADATA_DISABLED -u AWS_SECRET_ACCESS_KEY AWS_EC2_METADATA_SERVICE_ENDPOINT=[URL] tfsecrets list [SVC]imds
--- stderr
tfsecrets: error: no usable AWS credentials: the credential provider was not enabled: no credentials found in chain. Attempted:
  Environment: the credential provider was not enabled: environment variable not set
  Profile: the credential provider was not enabled
  WebIdentityToken: the credential provider was not enabled: $AWS_WEB_IDENTITY_TOKEN_FILE was not set
  EcsContainer: the credential provider was not enabled: ECS provider not configured
  Ec2InstanceMetadata: the credential provider was not enabled: could not communicate with IMDS: dispatch failure: timeout: HTTP read timeout occurred after 500ms: timed out
  hint: run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
--- exit 78

"#]]);
    drop(listener);
}

#[test]
fn unreachable_endpoint_is_a_clear_error() {
    let env = moto_or_skip!();
    let svc = env.service("unreach");
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    let mut t = Transcript::of(&env);
    // The default budget (10 attempts): a refused connection is retried once, quickly, not ten times.
    let mut c = env.command(&["list", &svc]);
    c.env("AWS_ENDPOINT_URL_SSM", &endpoint);
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(69));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // A write to an unreachable endpoint fails the same way and writes nothing.
    let mut c = env.command(&["write", &svc, "k", "v"]);
    c.env("AWS_ENDPOINT_URL_SSM", &endpoint).env("CHAMBER_RETRIES", "2");
    let (code, took) = timed(&mut t, c);
    assert_eq!(code, Some(69));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // One line naming the endpoint and the cause, a hint naming the overrides; never a Debug dump of the SDK's error.
    t.assert(str![[r#"
$ AWS_ENDPOINT_URL_SSM=[URL] tfsecrets list [SVC]unreach
--- stderr
tfsecrets: error: cannot reach [URL]: connection refused (DescribeParameters)
  hint: nothing listens at that address: check the endpoint overrides (CHAMBER_AWS_SSM_ENDPOINT, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) and any proxy in between
--- exit 69

$ AWS_ENDPOINT_URL_SSM=[URL] CHAMBER_RETRIES=2 tfsecrets write [SVC]unreach k v
--- stderr
tfsecrets: error: cannot reach [URL]: connection refused (DescribeParameters)
  hint: nothing listens at that address: check the endpoint overrides (CHAMBER_AWS_SSM_ENDPOINT, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) and any proxy in between
--- exit 69

"#]]);
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
    assert_eq!(code(&a), 69);
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
