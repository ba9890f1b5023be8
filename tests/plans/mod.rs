//! Call plans and pacing against the concurrent stub (tests/fixtures/bench_ssm.py, every answer after 20 ms, all
//! requests in parallel): exact request counts (docs/chamber-compat.md §4) and pacing under a token-bucket quota
//! (docs/sessions.md §7). Counts and outcomes only: round trips and how long things take depend on the machine's
//! load and are measured by scripts/bench, never here.

use crate::support::{Env, Stub, text};
use std::path::Path;

fn stub(args: &[&str]) -> Option<Stub> {
    Stub::start(&[&["--delay-ms", "20"], args].concat())
}

/// A module declaring `key0000`..`key{n-1}` (sensitive strings).
fn module(dir: &Path, n: usize) {
    let decls: String =
        (0..n).map(|i| format!("variable \"key{i:04}\" {{\n  type      = string\n  sensitive = true\n}}\n")).collect();
    std::fs::write(dir.join("variables.tf"), decls).expect("write variables.tf");
}

/// A service of `n` stored keys `key0000`.. on the stub, and a directory to run in (with a module declaring
/// them when `declared`); the stub's counts start from zero.
fn seeded(stub: &Stub, name: &str, n: usize, declared: bool) -> (Env, String, tempfile::TempDir) {
    let env = stub.env();
    let svc = env.service(name);
    stub.seed(&svc, n, "key");
    let dir = tempfile::tempdir().expect("tempdir");
    if declared {
        module(dir.path(), n);
    }
    stub.reset();
    (env, svc, dir)
}

/// `vars.tfvars` in `dir`: `keyNNNN = "value-N"` for N in 0..n, `"new-N"` for the `changed` ones.
fn tfvars(dir: &Path, n: usize, changed: &[usize]) -> std::path::PathBuf {
    let body: String = (0..n)
        .map(|i| {
            let v = if changed.contains(&i) { format!("new-{i}") } else { format!("value-{i}") };
            format!("key{i:04} = \"{v}\"\n")
        })
        .collect();
    let path = dir.join("vars.tfvars");
    std::fs::write(&path, body).expect("write tfvars");
    path
}

#[test]
fn declared_exec_is_one_wave_of_get_parameters() {
    let Some(stub) = stub(&[]) else { return };
    let (env, svc, dir) = seeded(&stub, "decl", 100, true);
    let a = env.cmd().current_dir(dir.path()).args(["exec", &svc, "--", "true"]).assert().success();
    let stats = stub.stats();
    assert_eq!(stats["by_api"], serde_json::json!({"GetParameters": 10}), "⌈100/10⌉ calls, nothing else: {stats}");
    assert_eq!(stats["throttled"], 0, "{stats}");
    assert!(text(&a.get_output().stderr).is_empty(), "{}", text(&a.get_output().stderr));
}

#[test]
fn an_unchanged_reimport_reads_by_name_only() {
    let Some(stub) = stub(&[]) else { return };
    let env = stub.env();
    let svc = env.service("reimp");
    let dir = tempfile::tempdir().expect("tempdir");
    let import = || env.cmd().current_dir(dir.path()).args(["import", "--keep", &svc, "vars.tfvars"]).assert();
    tfvars(dir.path(), 200, &[]);
    import().success();

    stub.reset();
    let a = import().success();
    assert_eq!(text(&a.get_output().stdout), "0 new, 0 changed, 200 unchanged; vars.tfvars kept (--keep)\n");
    let stats = stub.stats();
    assert_eq!(stats["by_api"], serde_json::json!({"GetParameters": 20}), "no listing, 10 names a call: {stats}");

    // Three changed values: the same wave, then chamber's counters of those three only (one DescribeParameters
    // by name, no listing), three writes, one read-back call.
    tfvars(dir.path(), 200, &[3, 50, 199]);
    stub.reset();
    let a = import().success();
    assert_eq!(text(&a.get_output().stdout), "0 new, 3 changed, 197 unchanged; vars.tfvars kept (--keep)\n");
    let stats = stub.stats();
    assert_eq!(
        stats["by_api"],
        serde_json::json!({"GetParameters": 20 + 1, "DescribeParameters": 1, "DescribeKey": 1, "PutParameter": 3}),
        "{stats}"
    );
    let a = env.cmd().args(["history", &svc, "key0050"]).assert().success();
    let history = text(&a.get_output().stdout);
    assert!(history.lines().nth(2).is_some_and(|l| l.starts_with("Updated\t\t2\t")), "counter 1 → 2: {history}");
}

#[test]
fn a_first_import_lists_the_service_once_for_case_variants() {
    let Some(stub) = stub(&[]) else { return };
    let env = stub.env();
    let svc = env.service("first");
    stub.seed(&svc, 1, "KEY");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = tfvars(dir.path(), 30, &[]);
    stub.reset();
    let a = env.cmd().args(["import", "--keep", &svc, path.to_str().expect("utf-8")]).assert().success();
    let stderr = text(&a.get_output().stderr);
    assert!(stderr.contains(&format!("key0000 differs only in case from the stored /{svc}/KEY0000")), "{stderr}");
    let stats = stub.stats();
    // 3 plan reads + the store config + 3 read-backs; one listing page; the KMS check; 30 writes.
    assert_eq!(
        stats["by_api"],
        serde_json::json!({"GetParameters": 7, "DescribeParameters": 1, "DescribeKey": 1, "PutParameter": 30}),
        "{stats}"
    );
}

#[test]
fn a_tight_quota_is_paced_not_hammered() {
    // 2 requests a second (burst 2): 6 calls of 10 names. The first wave gets 2 through; the rest leave paced at
    // about the rate the quota gave, instead of burning their attempts in a burst of retries (the test
    // environment's backoff starts at 5 ms: unpaced, the retries of 4 calls would outrun a 2/s bucket).
    let Some(stub) = stub(&["--quota-api", "get=2/2"]) else { return };
    let (env, svc, dir) = seeded(&stub, "paced", 60, true);
    let a = env.cmd().current_dir(dir.path()).args(["--verbose", "exec", &svc, "--", "true"]).assert().success();
    let stderr = text(&a.get_output().stderr);
    assert!(stderr.contains("throttled: pacing requests at "), "{stderr}");
    let stats = stub.stats();
    let (total, throttled) = (stats["total"].as_u64().unwrap(), stats["throttled"].as_u64().unwrap());
    assert_eq!(total - throttled, 6, "{stats}");
    assert!(throttled >= 4, "the first wave met the quota: {stats}");
    assert!(throttled <= 4 + 4, "at most about one throttle per paced call: {stats}");
}

#[test]
fn a_request_held_by_the_pacer_for_seconds_still_goes_out() {
    // Under a tight shared quota the pacer holds requests for seconds (up to 20 s) before they leave. The SDK's
    // upload stall check counted that wait as a stalled connection and failed every attempt held over ~6 s
    // ("minimum throughput ... 0 B/s"), which broke imports and execs under heavy throttling. Held 7 s here
    // (TFSECRETS_PACING_HOLD_MS, the same wait inside the pacing layer), with one attempt: it must go out.
    let Some(stub) = stub(&[]) else { return };
    let (env, svc, dir) = seeded(&stub, "held", 10, true);
    let a = env
        .cmd()
        .current_dir(dir.path())
        .env("TFSECRETS_PACING_HOLD_MS", "7000")
        .args(["--retries", "1", "exec", &svc, "--", "true"])
        .assert()
        .success();
    assert!(text(&a.get_output().stderr).is_empty(), "{}", text(&a.get_output().stderr));
    assert_eq!(stub.stats()["by_api"], serde_json::json!({"GetParameters": 1}));
}

#[test]
fn a_whole_service_is_listed_then_fetched_as_the_pages_arrive() {
    let Some(stub) = stub(&[]) else { return };
    let (env, svc, dir) = seeded(&stub, "whole", 100, false);
    env.cmd().current_dir(dir.path()).args(["exec", &svc, "--", "true"]).assert().success();
    let stats = stub.stats();
    // Two listing pages of 50, each page's names in 5 calls of 10.
    assert_eq!(stats["by_api"], serde_json::json!({"DescribeParameters": 2, "GetParameters": 10}), "{stats}");
}

#[test]
fn a_throttled_listing_reads_the_service_by_path() {
    // DescribeParameters' quota is empty (as when many processes of the account list at once): its first attempt
    // is not retried, and the values come from GetParametersByPath on the Get quota (docs/chamber-compat.md §4).
    let Some(stub) = stub(&["--quota-api", "DescribeParameters=0.001/0"]) else { return };
    let (env, svc, dir) = seeded(&stub, "bypath", 95, false);
    let a = env
        .cmd()
        .current_dir(dir.path())
        .args(["--verbose", "exec", &svc, "--", "sh", "-c", "env | grep -c '^TF_VAR_key'"])
        .assert()
        .success();
    assert_eq!(text(&a.get_output().stdout), "95\n");
    let stderr = text(&a.get_output().stderr);
    assert!(stderr.contains("DescribeParameters is throttled: 95 secret(s) by GetParametersByPath"), "{stderr}");
    let stats = stub.stats();
    assert_eq!(stats["by_api"], serde_json::json!({"DescribeParameters": 1, "GetParametersByPath": 10}), "{stats}");
    assert_eq!(stats["throttled"], 1, "{stats}");

    // export takes the same path.
    stub.reset();
    let a = env.cmd().args(["export", &svc, "-f", "dotenv"]).assert().success();
    assert_eq!(text(&a.get_output().stdout).lines().count(), 95);
    assert_eq!(stub.stats()["by_api"]["GetParametersByPath"], 10);
}

#[test]
fn a_policy_without_get_parameters_by_path_falls_back_to_the_listing() {
    // Policies generated before GetParametersByPath was granted (docs/iam.md §1): the throttled listing's
    // fallback is refused, so the listing is tried again with its full retry budget, and exec still works.
    let env = moto_or_skip!();
    let svc = env.service("nobypath");
    for k in ["a", "b"] {
        env.cmd().args(["write", &svc, k, "v"]).assert().success();
    }
    let listed = std::sync::atomic::AtomicUsize::new(0);
    let proxy = crate::support::Intercept::start(&env.moto_url, move |req| {
        let json = "Content-Type: application/x-amz-json-1.1";
        match req.action().as_deref() {
            Some("DescribeParameters") if listed.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => {
                crate::support::Reply::Answer(
                    "400 Bad Request",
                    "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ThrottlingException",
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_owned(),
                )
            }
            Some("GetParametersByPath") => crate::support::Reply::Answer(
                "400 Bad Request",
                json,
                r#"{"__type":"AccessDeniedException","message":"not authorized to perform: ssm:GetParametersByPath"}"#
                    .to_owned(),
            ),
            _ => crate::support::Reply::Forward,
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let a = env
        .via(&proxy.url)
        .cmd()
        .current_dir(dir.path())
        .args(["--verbose", "exec", &svc, "--", "sh", "-c", "echo $TF_VAR_a$TF_VAR_b"])
        .assert()
        .success();
    assert_eq!(text(&a.get_output().stdout), "vv\n");
    assert!(text(&a.get_output().stderr).contains("GetParametersByPath is not allowed; listing again"));
    let actions = proxy.actions();
    let count = |api: &str| actions.iter().filter(|a| *a == api).count();
    assert_eq!((count("DescribeParameters"), count("GetParametersByPath"), count("GetParameters")), (2, 1, 1));
}
