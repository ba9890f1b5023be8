//! `tfsecrets diff <service> <file|->`: names only, exit 1 when different, the file never touched, import's
//! tfvars errors, one round trip for the values plus the listing.

use crate::support::{Env, FaultProxy, Moto};
use std::path::Path;

fn diff(env: &Env, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = env.cmd().current_dir(dir).arg("diff").args(args).output().expect("run diff");
    let out = String::from_utf8_lossy(&o.stdout).replace(&env.service, "[SVC]");
    (o.status.code().expect("exit code"), out, String::from_utf8_lossy(&o.stderr).replace(&env.service, "[SVC]"))
}

fn seed(env: &Env, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        env.cmd().args(["write", &env.service, k, v]).assert().success();
    }
}

const FILE: &str = "same = \"1\"\nchanged = \"new value\"\nfresh = 42\nnothing = null\n";

#[test]
fn names_what_differs_and_never_touches_the_file() {
    let env = moto_or_skip!();
    seed(&env, &[("same", "1"), ("changed", "old value"), ("stored_only", "x")]);
    let (_t, dir) = crate::support::exec::tempdir();
    let path = dir.join("vars.tfvars");
    std::fs::write(&path, FILE).unwrap();
    crate::support::chmod(&path, 0o444);
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let svc = env.service.clone();

    let (code, out, err) = diff(&env, &dir, &[&svc, "vars.tfvars"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "tfsecrets: note: not compared (null or empty; SSM cannot store them): nothing\n")
    );
    assert_eq!(
        out,
        "  changed     /[SVC]/changed
  new         /[SVC]/fresh
  equal       /[SVC]/same
  only stored /[SVC]/stored_only
1 new, 1 changed, 1 only stored, 1 equal
"
    );
    assert!(!out.contains("old value") && !out.contains("new value"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);

    // --only and --except narrow both sides; equal is exit 0.
    let (code, out, _) = diff(&env, &dir, &[&svc, "vars.tfvars", "--only", "same"]);
    assert_eq!((code, out.as_str()), (0, "  equal       /[SVC]/same\n0 new, 0 changed, 0 only stored, 1 equal\n"));
    let (code, out, _) = diff(&env, &dir, &[&svc, "vars.tfvars", "--except", "fresh,changed"]);
    assert_eq!(
        (code, out.as_str()),
        (1, "  equal       /[SVC]/same\n  only stored /[SVC]/stored_only\n0 new, 0 changed, 1 only stored, 1 equal\n")
    );

    // stdin and --json.
    let o = env
        .cmd()
        .args(["diff", &svc, "-", "--json"])
        .write_stdin("same = \"1\"\nstored_only = \"x\"\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"service": svc, "file": "<stdin>", "differ": true, "new": [], "changed": [],
            "only_stored": ["changed"], "equal": ["same", "stored_only"], "kept": []})
    );
}

#[test]
fn a_service_without_secrets_makes_everything_new_and_bad_names_are_refused() {
    let env = moto_or_skip!();
    let (_t, dir) = crate::support::exec::tempdir();
    std::fs::write(dir.join("vars.tfvars"), "a = 1\n").unwrap();
    let (code, out, _) = diff(&env, &dir, &[&env.service, "vars.tfvars"]);
    assert_eq!((code, out.as_str()), (1, "  new         /[SVC]/a\n1 new, 0 changed, 0 only stored, 0 equal\n"));
    let (code, out, err) = diff(&env, &dir, &["a//b", "vars.tfvars"]);
    assert_eq!((code, out.as_str()), (65, ""));
    assert!(err.starts_with("tfsecrets: error: invalid service name \"a//b\""), "{err}");
}

#[test]
fn tfvars_errors_read_as_import_reports_them() {
    let env = moto_or_skip!();
    let (_t, dir) = crate::support::exec::tempdir();
    let cases = [
        ("syntax.tfvars", "a = \n"),
        ("block.tfvars", "variable \"x\" {}\n"),
        ("call.tfvars", "a = upper(\"x\")\n"),
        ("dup.tfvars", "a = 1\na = 2\n"),
        ("empty.tfvars", ""),
    ];
    for (name, text) in cases {
        std::fs::write(dir.join(name), text).unwrap();
        let (code, out, err) = diff(&env, &dir, &[&env.service, name]);
        let import = env.cmd().current_dir(&dir).args(["import", &env.service, name, "--dry-run"]).output().unwrap();
        assert_eq!((code, out.as_str()), (65, ""), "{name}: {err}");
        assert_eq!(err, String::from_utf8_lossy(&import.stderr), "{name}");
        assert!(err.contains(name), "{name}: {err}");
    }
    let (code, _, err) = diff(&env, &dir, &[&env.service, "missing.tfvars"]);
    assert_eq!((code, err.as_str()), (66, "tfsecrets: error: missing.tfvars: no such file\n"));
    let (code, _, err) = diff(&env, &dir, &[&env.service, "syntax.tfvars", "--only", "zzz"]);
    assert_eq!(code, 65, "{err}");
}

#[test]
fn the_values_come_in_one_round_trip_beside_the_listing() {
    let Some(moto) = Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let text: String = (0..25).map(|i| format!("v{i:02} = \"value {i}\"\n")).collect();
    let (_t, dir) = crate::support::exec::tempdir();
    std::fs::write(dir.join("vars.tfvars"), &text).unwrap();
    let proxy = FaultProxy::start(&moto.url, &["--delay-ms", "100"]);
    let via = env.via(&proxy.url);
    let (code, out, _) = diff(&via, &dir, &[&env.service, "vars.tfvars"]);
    assert_eq!(code, 1, "{out}");
    let stats = proxy.stats();
    assert_eq!(stats["by_target"]["GetParameters"], 3, "{stats}");
    assert_eq!(stats["by_target"]["DescribeParameters"], 1, "{stats}");
    assert_eq!(stats["total"], 4, "{stats}");
    assert_eq!(stats["round_trips"], 1, "{stats}");
}
