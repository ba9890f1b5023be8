//! The exit-code table (src/error.rs, README "Exit codes"), each code from a real failure: clap, moto, the fault
//! proxy, the intercepting proxy, a closed port and a TLS-less listener on 127.0.0.1. tfsecrets never exits 1 or
//! 2 itself, so that after `exec ... -- terraform plan -detailed-exitcode` those are terraform's. Other files
//! check the same codes where their behaviour is tested (tests/cli/errors.rs, tests/import/bad.rs,
//! tests/session/mfa.rs, tests/exec/types.rs).

use crate::support::{self as common, Env, FaultProxy, Intercept, Reply, code, stderr_of, stdout_of};
use std::time::{Duration, Instant};

/// A world with nothing behind its endpoint (no AWS call is expected to succeed).
fn offline() -> Env {
    Env::on(&format!("http://127.0.0.1:{}", common::free_port()))
}

#[test]
fn usage_errors_are_64_help_and_version_are_0() {
    let env = offline();
    for args in [
        &["--bogus", "list", "x"][..],
        &["list"],
        &[],
        &["completions", "tcsh"],
        &["list", "x", "--concurrency", "2"],
        &["import", "x", "f.tfvars", "--concurrency", "0"],
        &["exec", "--json", "x", "--", "true"],
    ] {
        let a = env.cmd().args(args).assert();
        assert_eq!(code(&a), 64, "{args:?}: {}", stderr_of(&a));
        assert_eq!(stdout_of(&a), "", "{args:?}");
    }
    // `exec` without a command is a usage error before any AWS call (nothing listens at the endpoint).
    let a = env.cmd().args(["exec", "x"]).assert();
    assert_eq!(code(&a), 64);
    assert_eq!(
        stderr_of(&a),
        "tfsecrets: error: no command given: put it after `--`, e.g. `tfsecrets exec prod -- terraform plan`\n"
    );
    for args in [&["--help"][..], &["exec", "--help"], &["-V"], &["--version"]] {
        let a = env.cmd().args(args).assert();
        assert_eq!(code(&a), 0, "{args:?}");
        assert!(!stdout_of(&a).is_empty(), "{args:?}");
    }
}

#[test]
fn an_unreachable_endpoint_is_69_within_seconds_at_the_default_budget() {
    let env = offline();
    let started = Instant::now();
    // No --retries: the default budget of 10 attempts is not spent on a refused connection.
    let a = env.cmd().args(["list", "prod"]).assert();
    let took = started.elapsed();
    eprintln!("unreachable endpoint (connection refused, default --retries 10): exit {} after {took:?}", code(&a));
    assert_eq!(code(&a), 69);
    assert_eq!(
        stderr_of(&a).replace(&env.url, "[URL]"),
        "tfsecrets: error: cannot reach [URL]: connection refused (DescribeParameters)\n  hint: nothing listens at \
         that address: check the endpoint overrides (CHAMBER_AWS_SSM_ENDPOINT, AWS_ENDPOINT_URL_SSM, \
         AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) and any proxy in between\n"
    );
    // A bound with slack for a loaded machine, not a benchmark: it used to take 44-54 s.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // --verbose shows the chain of causes (no Debug dump, no value).
    let a = env.cmd().args(["--verbose", "list", "prod"]).assert();
    assert_eq!(code(&a), 69);
    let err = stderr_of(&a);
    assert!(err.contains("\n  cause: Connection refused (os error 111)"), "{err}");
    assert!(!err.contains("DispatchFailure") && !err.contains("ConnectorError {"), "a Debug dump: {err}");
}

#[test]
fn a_tls_failure_is_retried_once_quickly_then_69() {
    // An endpoint that accepts TCP but does not speak TLS: the handshake fails while connecting.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = std::io::Write::write_all(&mut conn, b"HTTP/1.1 400 Bad Request\r\n\r\n");
        }
    });
    let env = Env::on(&format!("https://{addr}"));
    let started = Instant::now();
    let a = env.cmd().args(["list", "prod"]).assert();
    let took = started.elapsed();
    assert_eq!(code(&a), 69, "{}", stderr_of(&a));
    let err = stderr_of(&a).replace(&addr.to_string(), "[ADDR]");
    assert!(
        err.starts_with(
            "tfsecrets: error: cannot reach https://[ADDR]: TLS handshake failed (received corrupt message of type \
             InvalidContentType) (DescribeParameters)\n  hint: the endpoint does not speak TLS as expected"
        ),
        "{err}"
    );
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 2, "one attempt and one quick retry");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn failures_after_a_connection_keep_the_whole_retry_budget() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    for (kind, want) in [("500", 69), ("reset", 69), ("throttle", 75)] {
        let proxy = FaultProxy::start(&moto.url, &["--every", "1", "--kind", kind]);
        let penv = env.via(&proxy.url);
        let a = penv.cmd().args(["--retries", "4", "list", &env.service(kind)]).assert();
        assert_eq!(code(&a), want, "{kind}: {}", stderr_of(&a));
        assert_eq!(proxy.count("DescribeParameters"), 4, "{kind}: every attempt of the budget was made");
        let err = stderr_of(&a);
        match kind {
            "throttle" => assert!(
                err.ends_with(
                    "DescribeParameters failed: ThrottlingException: Rate exceeded\n  hint: throttled past the retry \
                     budget; run the command again later, or raise --retries\n"
                ),
                "{err}"
            ),
            "500" => assert!(
                err.ends_with("\n  hint: AWS kept failing after the retries; try again later\n"),
                "{kind}: {err}"
            ),
            _ => assert!(
                err.starts_with("tfsecrets: error: DescribeParameters failed: the connection to AWS failed ("),
                "{kind}: {err}"
            ),
        }
    }
}

/// An intercepting proxy that answers every SSM call with this JSON-protocol error.
fn refusing(moto: &str, status: &'static str, error: &'static str, message: &'static str) -> Intercept {
    Intercept::start(moto, move |req| match req.action() {
        Some(a) if a.contains("Parameter") => Reply::Answer(
            status,
            if error == "AccessDeniedException" {
                "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: AccessDeniedException"
            } else {
                "Content-Type: application/x-amz-json-1.1"
            },
            serde_json::json!({"__type": error, "message": message}).to_string(),
        ),
        _ => Reply::Forward,
    })
}

#[test]
fn aws_refusals_are_77_and_bad_credentials_78() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let cases = [
        (
            "400 Bad Request",
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ssm:DescribeParameters",
            77,
            "tfsecrets: error: DescribeParameters failed: AccessDeniedException: User: \
             arn:aws:iam::123456789012:user/ci is not authorized to perform: ssm:DescribeParameters\n  hint: the \
             identity in use lacks a permission: check its IAM policy for this action and resource (`tfsecrets \
             session` shows the identity)\n",
        ),
        (
            "400 Bad Request",
            "ExpiredTokenException",
            "The security token included in the request is expired",
            78,
            "tfsecrets: error: DescribeParameters failed: ExpiredTokenException: The security token included in \
             the request is expired\n  hint: AWS did not accept the credentials or the key: check the profile, \
             renew session credentials (a new MFA session with --fresh, `aws sso login`), the KMS key, and this \
             machine's clock\n",
        ),
        (
            "400 Bad Request",
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            78,
            "tfsecrets: error: DescribeParameters failed: UnrecognizedClientException: The security token included \
             in the request is invalid.\n  hint: AWS did not accept the credentials or the key: check the profile, \
             renew session credentials (a new MFA session with --fresh, `aws sso login`), the KMS key, and this \
             machine's clock\n",
        ),
    ];
    for (status, error, message, want, stderr) in cases {
        let proxy = refusing(&moto.url, status, error, message);
        let a = env.via(&proxy.url).cmd().args(["list", &env.service("refused")]).assert();
        assert_eq!(code(&a), want, "{error}");
        assert_eq!(stderr_of(&a), stderr, "{error}");
        // Not retried: the answer is final.
        assert_eq!(proxy.actions(), ["DescribeParameters"], "{error}");
    }
}

#[test]
fn local_files_73_and_74() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let svc = env.service("files");
    env.cmd().args(["write", &svc, "k", "v"]).assert().success();
    // An output file that cannot be created: 73.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-dir/out.json");
    let a = env.cmd().args(["export", &svc, "-o"]).arg(&target).assert();
    assert_eq!(code(&a), 73, "{}", stderr_of(&a));
    assert_eq!(
        stderr_of(&a).replace(&dir.path().display().to_string(), "[DIR]"),
        "tfsecrets: error: cannot write [DIR]/missing-dir/out.json: create temp file: No such file or directory (os error 2)\n"
    );
    // stdin that cannot be read (a directory): 74.
    let mut c = env.std_cmd();
    c.args(["write", &svc, "k2", "-"]).stdin(std::fs::File::open(dir.path()).unwrap());
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(74), "{}", common::text(&out.stderr));
    assert_eq!(
        common::text(&out.stderr),
        "tfsecrets: error: reading the value from stdin: Is a directory (os error 21)\n"
    );
}

#[test]
fn not_found_is_66_and_invalid_data_65() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let svc = env.service("nf");
    let a = env.cmd().args(["read", &svc, "absent"]).assert();
    assert_eq!(code(&a), 66);
    assert_eq!(stderr_of(&a), format!("tfsecrets: error: Failed to read: secret not found (/{svc}/absent)\n"));
    let a = env.cmd().args(["write", &svc, "bad key", "v"]).assert();
    assert_eq!(code(&a), 65);
    assert!(stderr_of(&a).starts_with("tfsecrets: error: invalid key name \"bad key\""), "{}", stderr_of(&a));
}

#[test]
fn the_ci_examples_parse_and_follow_the_table() {
    // PyYAML comes with awscli in the project venv.
    let script = r#"
import json, sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
plan = next(s["run"] for s in gh["jobs"]["plan"]["steps"] if s.get("id") == "plan")
job = gl["terraform-plan"]
print(json.dumps({"gh_plan": plan, "gh_oidc": gh["permissions"]["id-token"], "gl_script": job["script"],
                  "gl_allow": job["allow_failure"]["exit_codes"], "gl_retry": job["retry"]["exit_codes"]}))
"#;
    let root = common::root();
    let out = std::process::Command::new(common::venv_bin().join("python"))
        .args(["-c", script])
        .arg(root.join("examples/ci/github-actions.yml"))
        .arg(root.join("examples/ci/gitlab-ci.yml"))
        .output()
        .expect("run python");
    if !out.status.success() && std::env::var("TFSECRETS_REQUIRE_MOTO").is_err() {
        eprintln!("SKIP: no PyYAML in .venv: {}", common::text(&out.stderr));
        return;
    }
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let plan = v["gh_plan"].as_str().unwrap();
    assert!(plan.contains("tfsecrets exec --strict-vars prod -- terraform plan -detailed-exitcode"), "{plan}");
    for arm in ["0)", "2)", "1)", "69|75)", "77)", "78)", "65)"] {
        assert!(plan.contains(&format!("\n  {arm}")), "the GitHub plan step handles {arm}: {plan}");
    }
    assert_eq!(v["gh_oidc"], "write");
    assert!(v["gl_script"].to_string().contains("terraform plan -detailed-exitcode"));
    assert_eq!(v["gl_allow"], serde_json::json!([2]), "terraform's 'changes present' is not a failure");
    assert_eq!(v["gl_retry"], serde_json::json!([69, 75]), "unavailable and throttled are retried");
}
