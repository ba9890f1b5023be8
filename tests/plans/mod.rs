//! Call plans and pacing against the concurrent stub (tests/fixtures/bench_ssm.py, every answer after 20 ms, all
//! requests in parallel): exact request counts (docs/chamber-compat.md §4) and pacing under a token-bucket quota
//! (docs/sessions.md §7). Counts and outcomes only: round trips and how long things take depend on the machine's
//! load and are measured by scripts/bench, never here.

use crate::support::{Stub, text};
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
    let env = stub.env();
    let svc = env.service("decl");
    stub.seed(&svc, 100, "key");
    let dir = tempfile::tempdir().expect("tempdir");
    module(dir.path(), 100);
    stub.reset();
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
    let env = stub.env();
    let svc = env.service("paced");
    stub.seed(&svc, 60, "key");
    let dir = tempfile::tempdir().expect("tempdir");
    module(dir.path(), 60);
    stub.reset();
    let a = env.cmd().current_dir(dir.path()).args(["--verbose", "exec", &svc, "--", "true"]).assert().success();
    let stderr = text(&a.get_output().stderr);
    assert!(stderr.contains("throttled: pacing requests at "), "{stderr}");
    let stats = stub.stats();
    let (total, throttled) = (stats["total"].as_u64().unwrap(), stats["throttled"].as_u64().unwrap());
    assert_eq!(total - throttled, 6, "{stats}");
    assert!(throttled >= 4, "the first wave met the quota: {stats}");
    assert!(throttled <= 4 + 4, "at most about one throttle per paced call: {stats}");
}
