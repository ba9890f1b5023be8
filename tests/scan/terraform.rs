//! scan against states and plans the real terraform wrote: 1.11.4 (resources, ephemeral variables, saved plans)
//! and the pinned 1.0.3 (outputs).

use super::{no_value_shown, seed};
use crate::support as common;
use crate::support::exec::*;
use common::{code, json_out, stderr_of, stdout_of};
use std::path::{Path, PathBuf};

/// A copy of a fixture module in a new directory, `terraform init`-ed and applied through `tfsecrets exec`.
fn applied(env: &common::Env, tf: &Path, fixture: &str, svc: &str) -> (tempfile::TempDir, PathBuf) {
    let (t, root) = tempdir();
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/scan").join(fixture).join("main.tf")).unwrap();
    let dir = module(&root, "m", &[("main.tf", &text)]);
    terraform_ok_with(tf, &dir, &["init", "-input=false", "-no-color"]);
    let a = cmd_in(env, &dir)
        .args(["exec", svc, "--"])
        .arg(tf)
        .args(["apply", "-auto-approve", "-input=false", "-no-color"])
        .assert();
    assert!(a.get_output().status.success(), "{}\n{}", stdout_of(&a), stderr_of(&a));
    (t, dir)
}

fn scan(env: &common::Env, dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let a = cmd_in(env, dir).arg("scan").args(args).assert();
    no_value_shown(&a);
    a
}

/// The findings of the m111 state, as `scan` prints them with the module's declarations at hand.
fn m111_findings(svc: &str) -> String {
    let pw = format!("/{svc}/db_password");
    let ephemeral = |v: &str, line: u32| {
        format!(
            "declare variable \"{v}\" (main.tf:{line}) ephemeral = true (terraform >= 1.10) if the value only needs \
             to reach a provider, a provisioner or a write-only argument; or use a write-only argument if the \
             provider has one for it"
        )
    };
    let td = |attr: &str, v: &str, line: u32| {
        format!("terraform_data.{attr} stores what it receives: {}", ephemeral(v, line))
    };
    [
        format!(
            "output.pw: {pw} (embedded, marked sensitive); hint: drop this output or narrow it (a length, a hash, a \
             reference to where the secret lives); root module outputs cannot be ephemeral"
        ),
        format!(
            "terraform_data.conn input: {pw} (embedded, marked sensitive); hint: {}",
            td("input", "db_password", 4)
        ),
        format!(
            "terraform_data.conn output: {pw} (embedded, not marked sensitive); hint: {}",
            td("output", "db_password", 4)
        ),
        format!(
            "terraform_data.doc input: /{svc}/special (embedded, JSON-escaped, marked sensitive); hint: {}",
            td("input", "special", 18)
        ),
        format!(
            "terraform_data.doc output: /{svc}/special (embedded, JSON-escaped, not marked sensitive); hint: {}",
            td("output", "special", 18)
        ),
        format!(
            "terraform_data.obj[\"one\"] input.pw: {pw} (whole, marked sensitive); hint: {}",
            td("input", "db_password", 4)
        ),
        format!(
            "terraform_data.obj[\"one\"] input.tags.a: /{svc}/tags (whole, an element of the stored value, not marked \
             sensitive); hint: {}",
            td("input", "tags", 14)
        ),
        format!(
            "terraform_data.obj[\"one\"] output.pw: {pw} (whole, not marked sensitive); hint: {}",
            td("output", "db_password", 4)
        ),
        format!(
            "terraform_data.obj[\"one\"] output.tags.a: /{svc}/tags (whole, an element of the stored value, not marked \
             sensitive); hint: {}",
            td("output", "tags", 14)
        ),
    ]
    .join("\n")
}

#[test]
fn a_terraform_1_11_state_plan_file_and_stdin() {
    let env = moto_or_skip!();
    let tf = terraform_new_or_skip!();
    let svc = seed(&env, "s11");
    let (_t, dir) = applied(&env, &tf, "m111", &svc);
    let tf_s = tf.to_str().unwrap();
    let summary = format!(
        "9 finding(s) of 3 secret(s) in the state (terraform 1.11.4); 4 secret(s) searched; 1 too short or blank to \
         search (under 6 bytes): /{svc}/port"
    );
    // Default source: `terraform show -json` in the current directory.
    let a = scan(&env, &dir, &[&svc, "--terraform", tf_s]);
    assert_eq!(code(&a), 1, "{}", stderr_of(&a));
    assert_eq!(stdout_of(&a), format!("{}\n{summary}\n", m111_findings(&svc)));
    assert!(!stdout_of(&a).contains("api_key"), "the ephemeral variable's secret is in no state");
    // The raw state file, and the same on stdin: the same findings.
    let raw = scan(&env, &dir, &[&svc, "--state", "terraform.tfstate"]);
    assert_eq!((code(&raw), stdout_of(&raw)), (1, stdout_of(&a)));
    let state = std::fs::read(dir.join("terraform.tfstate")).unwrap();
    let a = cmd_in(&env, &dir).args(["scan", &svc, "--state", "-"]).write_stdin(state).assert();
    no_value_shown(&a);
    assert_eq!((code(&a), stdout_of(&a)), (1, stdout_of(&raw)));
    // From another directory with --chdir, as JSON.
    let a = scan(&env, dir.parent().unwrap(), &[&svc, "--chdir", "m", "--terraform", tf_s, "--json"]);
    assert_eq!(code(&a), 1);
    let j = json_out(&a);
    assert_eq!(j["document"], "show-state");
    assert_eq!(j["source"], "terraform show -json");
    assert_eq!(j["terraform_version"], "1.11.4");
    assert_eq!((j["searched"].as_u64(), j["empty"].as_bool()), (Some(4), Some(false)));
    assert_eq!(
        j["skipped"],
        serde_json::json!([{"secret": format!("/{svc}/port"), "service": svc, "key": "port", "reason": "shorter than 6 bytes"}])
    );
    let findings = j["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 9);
    assert_eq!(
        findings[5],
        serde_json::json!({
            "address": "terraform_data.obj[\"one\"]", "path": "input.pw", "secret": format!("/{svc}/db_password"),
            "service": svc, "key": "db_password", "match": "whole", "form": "value", "in_key": false,
            "sensitive": true, "sections": ["state"], "hint": "ephemeral-variable",
            "hint_text": findings[5]["hint_text"].clone()
        })
    );

    // A saved plan made after db_password was rotated: its old value is in the plan's prior state, the new one in
    // its variables; tags and special are everywhere.
    put(&env, &svc, "db_password", "hunter2secret-rotated");
    let plan = cmd_in(&env, &dir)
        .args(["exec", &svc, "--", tf_s, "plan", "-input=false", "-no-color", "-out=plan.out"])
        .assert();
    assert!(plan.get_output().status.success(), "{}", stderr_of(&plan));
    let a = scan(&env, &dir, &[&svc, "--plan", "plan.out", "--terraform", tf_s]);
    assert_eq!(code(&a), 1, "{}", stderr_of(&a));
    let out = stdout_of(&a);
    let first: Vec<&str> = out.lines().take(2).collect();
    assert_eq!(
        first,
        [
            format!(
                "var.db_password: /{svc}/db_password (whole, marked sensitive; in variables); hint: a saved plan stores \
                 every variable that is not ephemeral: declare variable \"db_password\" (main.tf:4) ephemeral = true \
                 (terraform >= 1.10) if the value only needs to reach a provider, a provisioner or a write-only argument"
            ),
            format!(
                "var.special: /{svc}/special (whole, marked sensitive; in variables); hint: a saved plan stores every \
                 variable that is not ephemeral: declare variable \"special\" (main.tf:18) ephemeral = true (terraform \
                 >= 1.10) if the value only needs to reach a provider, a provisioner or a write-only argument"
            ),
        ]
    );
    assert!(
        out.contains(&format!(
            "terraform_data.conn input: /{svc}/db_password (embedded, marked sensitive; in planned_values, \
             resource_changes.after); hint:"
        )),
        "{out}"
    );
    let end = format!(
        "in the saved plan (terraform 1.11.4); 4 secret(s) searched; 1 too short or blank to search (under 6 bytes): /{svc}/port\n"
    );
    assert!(out.ends_with(&end), "{out}");
    assert!(!out.contains("api_key"));
}

#[test]
fn a_clean_module_exits_0() {
    let env = moto_or_skip!();
    let tf = terraform_new_or_skip!();
    let svc = seed(&env, "clean");
    let (t, root) = tempdir();
    // The secrets reach only a provisioner, through ephemeral variables: nothing is stored.
    let main = r#"
variable "db_password" {
  type      = string
  ephemeral = true
}
variable "api_key" {
  type      = string
  ephemeral = true
}
resource "terraform_data" "setup" {
  provisioner "local-exec" {
    command     = "test -n \"$P\" && test -n \"$K\""
    environment = { P = var.db_password, K = var.api_key }
  }
}
"#;
    let dir = module(&root, "m", &[("main.tf", main)]);
    terraform_ok_with(&tf, &dir, &["init", "-input=false", "-no-color"]);
    let tf_s = tf.to_str().unwrap();
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", tf_s, "apply", "-auto-approve", "-no-color"]).assert();
    assert!(a.get_output().status.success(), "{}", stderr_of(&a));
    let a = scan(&env, &dir, &[&svc, "--terraform", tf_s]).success();
    assert_eq!(
        stdout_of(&a),
        format!(
            "no stored secret found in the state (terraform 1.11.4): 4 secret(s) searched; 1 too short or blank to \
             search (under 6 bytes): /{svc}/port\n"
        )
    );
    // Before any apply: no state at all.
    let fresh = module(&root, "fresh", &[("main.tf", main)]);
    terraform_ok_with(&tf, &fresh, &["init", "-input=false", "-no-color"]);
    let a = scan(&env, &fresh, &[&svc, "--terraform", tf_s]).success();
    assert!(
        stdout_of(&a).starts_with("no stored secret found in the state, which is empty: 4 secret(s)"),
        "{}",
        stdout_of(&a)
    );
    // `tofu` works the same (here: terraform under that name).
    let bin = root.join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(&tf, bin.join("tofu")).unwrap();
    let a = scan(&env, &dir, &[&svc, "--terraform", bin.join("tofu").to_str().unwrap()]).success();
    assert!(stdout_of(&a).starts_with("no stored secret found in the state (terraform 1.11.4)"));
    drop(t);
}

#[test]
fn a_terraform_1_0_state_holds_outputs() {
    let env = moto_or_skip!();
    let svc = seed(&env, "s10");
    let tf = terraform_bin();
    let (_t, dir) = applied(&env, &tf, "m103", &svc);
    let a = cmd_in(&env, &dir).env("TFSECRETS_TERRAFORM", &tf).args(["scan", &svc]).assert();
    no_value_shown(&a);
    assert_eq!(code(&a), 1, "{}", stderr_of(&a));
    let out = format!(
        "output.pw: /{svc}/db_password (embedded, marked sensitive); hint: drop this output or narrow it (a length, a \
         hash, a reference to where the secret lives); root module outputs cannot be ephemeral\n\
         output.tags a: /{svc}/tags (whole, an element of the stored value, not marked sensitive); hint: drop this \
         output or narrow it (a length, a hash, a reference to where the secret lives); root module outputs cannot be \
         ephemeral\n\
         2 finding(s) of 2 secret(s) in the state (terraform 1.0.3); 4 secret(s) searched; 1 too short or blank to \
         search (under 6 bytes): /{svc}/port\n"
    );
    assert_eq!(stdout_of(&a), out);
}

/// terraform 1.0.3 cannot show a state that 1.11.4 wrote: a clear error, terraform's message, no value.
#[test]
fn a_state_from_a_newer_terraform() {
    let env = moto_or_skip!();
    let tf = terraform_new_or_skip!();
    let svc = seed(&env, "newer");
    let (_t, applied_in) = applied(&env, &tf, "m111", &svc);
    // The state alone, in a directory without configuration (which 1.0.3 would refuse first).
    let dir = applied_in.parent().unwrap().join("state-only");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(applied_in.join("terraform.tfstate"), dir.join("terraform.tfstate")).unwrap();
    let old = terraform_bin();
    let a = scan(&env, &dir, &[&svc, "--terraform", old.to_str().unwrap()]);
    assert_eq!(code(&a), 74);
    assert_eq!(stdout_of(&a), "");
    let err = stderr_of(&a);
    // terraform 1.0.3 reads the newer state, then cannot describe a resource type it does not know.
    assert!(err.contains("Failed to marshal state to json: no schema found for terraform_data."), "{err}");
    assert!(!err.contains('\u{1b}'), "-no-color: {err}");
    assert!(
        err.contains(&format!(
            "tfsecrets: error: `terraform show -json` failed in {} (exit status 1)\n  hint: terraform's message is above",
            dir.display()
        )),
        "{err}"
    );
    // The file itself needs no terraform: format version 4 is read whatever terraform wrote it.
    assert_eq!(code(&scan(&env, &dir, &[&svc, "--state", "terraform.tfstate"])), 1);
}
