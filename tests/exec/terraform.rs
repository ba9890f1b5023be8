//! `import` then `exec -- terraform apply` with the real terraform 1.0.3 binary: every value must reach the
//! module exactly as `terraform apply -var-file=<original>` gives it (docs/terraform-vars.md §5).
//!
//! Fixture: tests/fixtures/exec/typed/{main.tf, vars.tfvars, vars.tfvars.json}: string, number, bool,
//! list(string), map(string), object({...}), set, tuple, untyped and `any` variables, one sensitive output each.

use crate::support as common;
use crate::support::exec as support;

use common::{stderr_of, stdout_of};
use serde_json::Value;
use std::path::Path;
use support::*;

/// `terraform init` + `apply -var-file=<file>` + `output -json` in a fresh copy of the typed module.
fn reference_outputs(root: &Path, name: &str, var_file: &Path) -> String {
    let dir = module(root, name, &[("main.tf", &std::fs::read_to_string(fixtures().join("typed/main.tf")).unwrap())]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let vf = format!("-var-file={}", var_file.display());
    terraform_ok(&dir, &["apply", "-auto-approve", "-input=false", "-no-color", &vf]);
    terraform_ok(&dir, &["output", "-json"])
}

/// Output names whose JSON differs between two `terraform output -json` texts, with both values.
fn differences(expected: &str, got: &str) -> Vec<String> {
    let e: Value = serde_json::from_str(expected).expect("reference output JSON");
    let g: Value = serde_json::from_str(got).expect("exec output JSON");
    let (e, g) = (e.as_object().unwrap(), g.as_object().unwrap());
    let mut names: Vec<&String> = e.keys().chain(g.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| e.get(*n) != g.get(*n))
        .map(|n| {
            format!(
                "{n}: terraform -var-file gave {}, tfsecrets exec gave {}",
                e.get(n).map_or("(absent)".into(), |v| v["value"].to_string()),
                g.get(n).map_or("(absent)".into(), |v| v["value"].to_string())
            )
        })
        .collect()
}

/// The full flow for one fixture file (`vars.tfvars` or `vars.tfvars.json`); returns (reference, exec) outputs.
fn round_trip(env: &common::Env, fixture: &str) -> (String, String, String) {
    let (_t, root) = tempdir();
    let svc = env.service("tf");
    let ext = if fixture.ends_with(".json") { "tfvars.json" } else { "tfvars" };
    // Outside the module dirs, and not a name terraform auto-loads.
    let original = root.join(format!("original.{ext}"));
    let secrets = root.join(format!("secrets.{ext}"));
    std::fs::copy(fixtures().join("typed").join(fixture), &original).unwrap();
    std::fs::copy(fixtures().join("typed").join(fixture), &secrets).unwrap();

    let reference = reference_outputs(&root, "ref", &original);

    let a =
        cmd_in(env, &root).args(["import", &svc, secrets.file_name().unwrap().to_str().unwrap()]).assert().success();
    assert_eq!(stdout_of(&a), format!("29 new, 0 changed, 0 unchanged; secrets.{ext} scrubbed\n"));
    assert!(
        stderr_of(&a).contains(
            "tfsecrets: note: left in the file (null or empty; SSM cannot store them): kept_null, kept_empty\n"
        ),
        "{}",
        stderr_of(&a)
    );

    let dir =
        module(&root, "exec", &[("main.tf", &std::fs::read_to_string(fixtures().join("typed/main.tf")).unwrap())]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    // The scrubbed file still holds kept_null = null and kept_empty = "": pass it too, as a user would.
    let vf = format!("-var-file={}", secrets.display());
    let tf = terraform_bin();
    let a = cmd_in(env, &dir)
        .args(["exec", &svc, "--"])
        .arg(&tf)
        .args(["apply", "-auto-approve", "-input=false", "-no-color", &vf])
        .assert();
    let err = stderr_of(&a);
    assert!(a.get_output().status.success(), "exec terraform apply failed:\n{}\n{err}", stdout_of(&a));
    assert!(stdout_of(&a).contains("Apply complete!"), "{}", stdout_of(&a));
    // Every variable is declared and sensitive: no warnings at all.
    assert!(!err.contains("tfsecrets: warning"), "{err}");
    assert!(!err.contains("tfsecrets: error"), "{err}");
    let got = terraform_ok(&dir, &["output", "-json"]);
    (reference, got, svc)
}

/// Spot checks on what terraform itself made of the fixture (guards the fixture, not tfsecrets).
fn check_reference_values(out: &str, native: bool) {
    let v: Value = serde_json::from_str(out).unwrap();
    let val = |n: &str| v[n]["value"].clone();
    assert_eq!(val("n_frac").to_string(), "1.5");
    assert_eq!(val("n_neg").to_string(), "-3");
    assert_eq!(val("n_big").to_string(), "12345678901234567890123");
    assert_eq!(val("n_exp").to_string(), "0.0025");
    assert_eq!(val("b_true"), Value::Bool(true));
    assert_eq!(val("s_dollar"), "a${b} and ${ c } and $${d} and $ alone and ${");
    assert_eq!(val("s_percent"), "x%{y} and %{ if true }z%{ endif } and % alone");
    assert_eq!(val("s_tab_cr"), "a\tb\r\nc\td");
    assert_eq!(val("s_unicode"), "héllo wörld – ünïcödé – 日本語 – é – 😀 – 😀");
    assert_eq!(val("s_ctrl"), "\u{1}\u{8}\u{c}\u{7f}\u{2028}end");
    assert_eq!(
        val("s_heredoc"),
        "first line\n  indented \"quoted\" \\n stays backslash-n, ${not} and %{not}\nlast line\n"
    );
    assert_eq!(val("u"), "untyped ${literal}\n  keeps relative indent\n");
    assert_eq!(val("a_str"), "any-typed \"string\" with ${dollar} and %{pct} and a\\backslash");
    assert_eq!(v["a_str"]["type"], "string");
    assert_eq!(val("o")["nested"]["ids"].to_string(), "[1,2.5,-3,12345678901234567890123]");
    assert_eq!(val("m")["${k}"], "${v}");
    assert_eq!(val("m")["num"], "42");
    assert_eq!(val("set_s").to_string(), r#"["${c}","a","b"]"#);
    assert_eq!(val("kept_empty"), "");
    // terraform 1.0.3: `kept_null = null` in a var file makes the variable null (its default is NOT used),
    // and a null output is left out of `output -json`.
    assert!(v.get("kept_null").is_none(), "{out}");
    // .tfvars.json strings are literal (no template processing); native ones evaluate the directive.
    assert_eq!(val("s_directive"), if native { "xy!" } else { "x%{ if true }y%{ else }n%{ endif }!" });
}

#[test]
fn native_tfvars_import_then_exec_apply_equals_var_file() {
    let env = moto_or_skip!();
    let (reference, got, svc) = round_trip(&env, "vars.tfvars");
    check_reference_values(&reference, true);
    // Stored texts (docs/terraform-vars.md §4): canonical numbers, HCL-safe JSON with keys in byte order.
    let stored = |k: &str| env.boto(&["get", &format!("/{svc}/{k}")])["Value"].as_str().unwrap().to_owned();
    assert_eq!(stored("n_frac"), "1.5");
    assert_eq!(stored("n_exp"), "0.0025");
    assert_eq!(stored("n_big"), "12345678901234567890123");
    assert_eq!(stored("tup"), r#"["one",2,true]"#);
    assert_eq!(stored("m"), r#"{"$${k}":"$${v}","num":42,"plain":"x","q\"k":"%%{ z }","é😀":"unicode"}"#);
    let diff = differences(&reference, &got);
    assert!(diff.is_empty(), "outputs differ:\n{}", diff.join("\n"));
    assert_eq!(stored("s_dollar"), "a${b} and ${ c } and $${d} and $ alone and ${");
    assert_eq!(got, reference, "terraform output -json must be byte-identical");
}

#[test]
fn json_tfvars_import_then_exec_apply_equals_var_file() {
    let env = moto_or_skip!();
    let (reference, got, svc) = round_trip(&env, "vars.tfvars.json");
    check_reference_values(&reference, false);
    let stored = |k: &str| env.boto(&["get", &format!("/{svc}/{k}")])["Value"].as_str().unwrap().to_owned();
    // Top-level JSON strings are stored raw; nested ones `${`-escaped; numbers canonical from their text.
    assert_eq!(stored("s_directive"), "x%{ if true }y%{ else }n%{ endif }!");
    assert_eq!(stored("n_frac"), "1.5");
    assert_eq!(stored("n_big"), "12345678901234567890123");
    assert_eq!(stored("a_obj"), r#"{"$${k}":{"inner":1.5},"list":[1,"two",false,{"k":"$${v}"}]}"#);
    let diff = differences(&reference, &got);
    assert!(diff.is_empty(), "outputs differ:\n{}", diff.join("\n"));
    assert_eq!(got, reference, "terraform output -json must be byte-identical");
}

/// A minimal module for the `-chdir` test: an `any` string only reaches terraform intact when tfsecrets has
/// read the declarations (it must become an HCL string literal), and a number.
const CHDIR_MAIN_TF: &str = r#"variable "greeting" {
  type      = any
  sensitive = true
}
variable "port" {
  type      = number
  sensitive = true
}
output "greeting" {
  value     = var.greeting
  sensitive = true
}
output "port" {
  value     = var.port
  sensitive = true
}
"#;

#[test]
fn chdir_argument_selects_the_module_directory() {
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let svc = env.service("chdir");
    put(&env, &svc, "greeting", "hello \"world\" ${x}");
    put(&env, &svc, "port", "5432");
    // A decoy module in tfsecrets' own cwd: were it scanned, only `decoy` would be fetched (and not found).
    std::fs::write(root.join("main.tf"), "variable \"decoy\" {\n  type = string\n}\n").unwrap();
    let dir = module(&root, "mod", &[("main.tf", CHDIR_MAIN_TF)]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let tf = terraform_bin();

    // --dry-run shows what the declarations decided.
    let a = cmd_in(&env, &root)
        .args(["exec", "--dry-run", &svc, "--"])
        .arg(&tf)
        .args(["-chdir=mod", "apply"])
        .assert()
        .success();
    assert_eq!(
        stdout_of(&a),
        format!("TF_VAR_greeting\t/{svc}/greeting\tHCL string literal\nTF_VAR_port\t/{svc}/port\tverbatim\n")
    );

    let a = cmd_in(&env, &root)
        .args(["exec", &svc, "--"])
        .arg(&tf)
        .args(["-chdir=mod", "apply", "-auto-approve", "-input=false", "-no-color"])
        .assert();
    assert!(a.get_output().status.success(), "{}\n{}", stdout_of(&a), stderr_of(&a));
    assert!(!stderr_of(&a).contains("tfsecrets: warning"), "{}", stderr_of(&a));
    let out: Value = serde_json::from_str(&terraform_ok(&dir, &["output", "-json"])).unwrap();
    assert_eq!(out["greeting"]["value"], "hello \"world\" ${x}");
    assert_eq!(out["greeting"]["type"], "string");
    assert_eq!(out["port"]["value"].to_string(), "5432");
    assert_eq!(out["port"]["type"], "number");
}

#[test]
fn without_declarations_an_any_string_is_passed_verbatim_and_terraform_rejects_it() {
    // The counterpart of the test above: `--no-var-check` passes the `any` string verbatim, and terraform
    // reads the bare text as an HCL expression (docs/terraform-vars.md §1), so the apply fails in terraform.
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let svc = env.service("nocheck");
    put(&env, &svc, "greeting", "hello world");
    put(&env, &svc, "port", "5432");
    let dir = module(&root, "mod", &[("main.tf", CHDIR_MAIN_TF)]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let a = cmd_in(&env, &root)
        .args(["exec", "--no-var-check", &svc, "--"])
        .arg(terraform_bin())
        .args(["-chdir=mod", "apply", "-auto-approve", "-input=false", "-no-color"])
        .assert()
        .code(1); // terraform's own error status, passed through untouched
    let err = stderr_of(&a);
    assert!(err.contains("<value for var.greeting>"), "{err}");
    assert!(!err.contains("hello world"), "terraform must not echo the value: {err}");
}

#[test]
fn plan_detailed_exitcode_2_and_0_pass_through() {
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let svc = env.service("plan");
    put(&env, &svc, "x", "abc");
    let main = "variable \"x\" {\n  type      = string\n  sensitive = true\n}\noutput \"len\" {\n  value = length(nonsensitive(var.x))\n}\n";
    let dir = module(&root, "mod", &[("main.tf", main)]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let tf = terraform_bin();
    let plan = |expect: i32| {
        let a = cmd_in(&env, &dir)
            .args(["exec", &svc, "--"])
            .arg(&tf)
            .args(["plan", "-detailed-exitcode", "-input=false", "-no-color"])
            .assert();
        assert_eq!(code(&a), expect, "{}\n{}", stdout_of(&a), stderr_of(&a));
    };
    plan(2); // changes present
    cmd_in(&env, &dir)
        .args(["exec", &svc, "--"])
        .arg(&tf)
        .args(["apply", "-auto-approve", "-input=false"])
        .assert()
        .success();
    plan(0); // nothing to do
    let out: Value = serde_json::from_str(&terraform_ok(&dir, &["output", "-json"])).unwrap();
    assert_eq!(out["len"]["value"].to_string(), "3");
}

/// Collection texts that terraform 1.0.3 itself accepts for a `type = any` variable (checked first, below)
/// are class C (docs/terraform-vars.md §7: "evaluates as an HCL expression with an empty context") and must pass
/// verbatim, not stop the run with W6.
#[test]
fn collection_texts_terraform_accepts_are_not_rejected_as_w6() {
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let main = "variable \"v\" {\n  type      = any\n  sensitive = true\n}\noutput \"v\" {\n  value     = var.v\n  sensitive = true\n}\n";
    let dir = module(&root, "mod", &[("main.tf", main)]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let cases = [
        ("trailing # comment", "[\"a\", \"b\"] # the list", r#"["a","b"]"#),
        ("trailing // comment", "{\"k\": 1} // note", r#"{"k":1}"#),
        ("trailing block comment", "[1] /* c */", "[1]"),
        ("comment line after a multi-line value", "[\n  \"a\",\n  \"b\",\n]\n# trailing\n", r#"["a","b"]"#),
        ("for expression with arithmetic", "[for x in [1, 2]: x * 2]", "[2,4]"),
        // Not covered: a repeated object key (`{a = 1, a = 2}`, last wins in terraform) is refused by hcl-edit
        // and so reported as W6; a known limitation (README).
        // Controls that must keep passing.
        ("comment inside", "[\n  \"a\", # first\n  \"b\"\n]", r#"["a","b"]"#),
        // A template made of one interpolation yields the bare value (HCL's unwrapping).
        ("template arithmetic", "[\"${1 + 1}\"]", "[2]"),
    ];
    let mut failures = Vec::new();
    for (i, (what, text, want)) in cases.iter().enumerate() {
        // terraform itself, with the text in TF_VAR_v.
        let out = std::process::Command::new(terraform_bin())
            .args(["apply", "-auto-approve", "-input=false", "-no-color"])
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_VAR_v", text)
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}: terraform rejects it: {}", String::from_utf8_lossy(&out.stderr));
        let got: Value = serde_json::from_str(&terraform_ok(&dir, &["output", "-json", "v"])).unwrap();
        assert_eq!(got.to_string(), *want, "{what}: terraform's value");
        // tfsecrets on the same stored text.
        let svc = env.service(&format!("c{i}"));
        put(&env, &svc, "v", text);
        let a = cmd_in(&env, &dir).args(["exec", "--dry-run", &svc, "--"]).arg(terraform_bin()).arg("apply").assert();
        if code(&a) != 0 || stdout_of(&a) != format!("TF_VAR_v\t/{svc}/v\tverbatim\n") {
            failures.push(format!("{what} ({text:?}): {}", stderr_of(&a).lines().next().unwrap_or("")));
        }
    }
    assert!(failures.is_empty(), "tfsecrets rejects values terraform accepts:\n{}", failures.join("\n"));
}

#[test]
fn blank_value_left_in_terraform_tfvars_overrides_the_secret_and_is_w7() {
    // docs/terraform-vars.md §2: terraform.tfvars beats TF_VAR_, even with "" (so a scrub must drop, never blank).
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let svc = env.service("w7tf");
    put(&env, &svc, "db_password", "from-ssm");
    let main = "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\noutput \"db_password\" {\n  value     = var.db_password\n  sensitive = true\n}\n";
    let dir = module(&root, "mod", &[("main.tf", main), ("terraform.tfvars", "db_password = \"\"\n")]);
    terraform_ok(&dir, &["init", "-input=false", "-no-color"]);
    let a = cmd_in(&env, &dir)
        .args(["exec", &svc, "--"])
        .arg(terraform_bin())
        .args(["apply", "-auto-approve", "-input=false", "-no-color"])
        .assert()
        .success();
    assert_eq!(
        diag_lines(&stderr_of(&a)),
        vec![
            "tfsecrets: warning: terraform.tfvars:1 sets \"db_password\", which overrides TF_VAR_db_password"
                .to_owned()
        ]
    );
    let out: Value = serde_json::from_str(&terraform_ok(&dir, &["output", "-json"])).unwrap();
    assert_eq!(out["db_password"]["value"], "");
}
