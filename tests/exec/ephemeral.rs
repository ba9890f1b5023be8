//! `exec` and ephemeral variables (terraform-vars.md §9): a saved plan gets only the ephemeral variables, the
//! `ephemeral = true` note with a terraform that supports it, against the real terraform 1.11.4 (and 1.0.3 for
//! the absence of the note), plus a stand-in `terraform` for the argv rules.

use crate::support as common;
use crate::support::exec as support;

use common::{stderr_of, stdout_of};
use sha2::{Digest, Sha256};
use support::*;

const MODULE: &str = r#"variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_key" {
  type      = string
  ephemeral = true
}

resource "terraform_data" "db" {
  input = "postgres://app:${var.db_password}@db.internal:5432/app"
}

resource "terraform_data" "hook" {
  provisioner "local-exec" {
    command     = "printf %s \"$K\" | sha256sum | cut -d' ' -f1 > api_key.sha256"
    environment = { K = var.api_key }
  }
}
"#;

#[test]
fn a_saved_plan_gets_only_the_ephemeral_variables() {
    let env = moto_or_skip!();
    let (_t, root) = tempdir();
    let dir = module(&root, "m", &[("main.tf", MODULE)]);
    let svc = env.service("plan");
    put(&env, &svc, "db_password", "pw-canary-7f3a9");
    put(&env, &svc, "api_key", "key-canary-51c2e");
    let tf = fake_terraform(&root);
    let tf = tf.to_str().unwrap();
    for argv in [vec!["apply", "plan.out"], vec!["-chdir=.", "apply", "-auto-approve", "-state", "s", "plan.out"]] {
        let a = cmd_in(&env, &dir).args(["exec", &svc, "--", tf]).args(&argv).assert().success();
        let vars = parse_env0(&a.get_output().stdout);
        let tf_vars: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).filter(|k| k.starts_with("TF_VAR_")).collect();
        assert_eq!(tf_vars, ["TF_VAR_api_key"], "{argv:?}");
        assert_eq!(
            diag_lines(&stderr_of(&a)),
            ["tfsecrets: note: applying the saved plan plan.out: it holds the values of the variables it was made \
              with, so only ephemeral variables are passed: api_key"]
        );
    }
    // Not a saved plan: every declared secret, and the stand-in's `version -json` gives no version, so no note.
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", tf, "apply", "-var-file", "x.tfvars"]).assert().success();
    let vars = parse_env0(&a.get_output().stdout);
    assert_eq!(env_value(&vars, "TF_VAR_db_password"), Some("pw-canary-7f3a9"));
    assert_eq!(env_value(&vars, "TF_VAR_api_key"), Some("key-canary-51c2e"));
    assert_eq!(diag_lines(&stderr_of(&a)), Vec::<String>::new());
    // --no-var-check passes everything, as before.
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--no-var-check", "--", tf, "apply", "plan.out"]).assert();
    assert!(env_value(&parse_env0(&a.success().get_output().stdout), "TF_VAR_db_password").is_some());
    // No declarations to tell ephemeral variables: nothing is passed, and the note says why.
    let a = cmd_in(&env, &root).args(["exec", &svc, "--", tf, "apply", "plan.out"]).assert().success();
    let vars = parse_env0(&a.get_output().stdout);
    assert!(vars.iter().all(|(k, _)| !k.starts_with("TF_VAR_")), "{vars:?}");
    let err = stderr_of(&a);
    assert!(
        err.contains("no readable variable declarations tell which variables are ephemeral, so no secret"),
        "{err}"
    );
}

#[test]
fn terraform_1_11_applies_a_saved_plan_with_ephemeral_variables_after_a_rotation() {
    let env = moto_or_skip!();
    let tf = terraform_new_or_skip!();
    let (_t, root) = tempdir();
    let dir = module(&root, "m", &[("main.tf", MODULE)]);
    let svc = env.service("rot");
    let (old_pw, new_pw, api_key) = ("old-pw-canary-93ab1", "new-pw-canary-0c4d7", "api-canary-e88f2");
    put(&env, &svc, "db_password", old_pw);
    put(&env, &svc, "api_key", api_key);
    terraform_ok_with(&tf, &dir, &["init", "-input=false", "-no-color"]);
    let tf_s = tf.to_str().unwrap();
    let plan = cmd_in(&env, &dir)
        .args(["exec", &svc, "--", tf_s, "plan", "-input=false", "-no-color", "-out=plan.out"])
        .assert()
        .success();
    // The secret is rotated between plan and apply (a CI pipeline that plans, waits for approval, applies).
    put(&env, &svc, "db_password", new_pw);
    let apply =
        cmd_in(&env, &dir).args(["exec", &svc, "--", tf_s, "apply", "-input=false", "-no-color", "plan.out"]).assert();
    let (out, err) = (stdout_of(&apply), stderr_of(&apply));
    assert!(apply.get_output().status.success(), "{out}\n{err}");
    for text in [&out, &err, &stdout_of(&plan), &stderr_of(&plan)] {
        for canary in [old_pw, new_pw, api_key] {
            assert!(!text.contains(canary), "a value reached the terminal: {text}");
        }
        assert!(!text.contains("Ignoring variable"), "{text}");
    }
    assert!(out.contains("Apply complete! Resources: 2 added"), "{out}");
    // The ephemeral variable reached the provisioner at apply time...
    let sha = std::fs::read_to_string(dir.join("api_key.sha256")).unwrap();
    assert_eq!(sha.trim(), hex::encode(Sha256::digest(api_key)));
    // ...and the planned value of the other one is what terraform applied (and stored: `tfsecrets scan` finds it).
    let state = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap();
    assert!(state.contains(old_pw) && !state.contains(new_pw) && !state.contains(api_key));
}

#[test]
fn the_ephemeral_note_needs_a_terraform_that_has_them() {
    let env = moto_or_skip!();
    let tf = terraform_new_or_skip!();
    let (_t, root) = tempdir();
    let dir = module(&root, "m", &[("main.tf", MODULE)]);
    let svc = env.service("note");
    put(&env, &svc, "db_password", "pw-canary-11aa2");
    put(&env, &svc, "api_key", "key-canary-22bb3");
    terraform_ok_with(&tf, &dir, &["init", "-input=false", "-no-color"]);
    for strict in [false, true] {
        let mut c = cmd_in(&env, &dir);
        c.args(["exec", &svc]);
        if strict {
            c.arg("--strict-vars");
        }
        let a = c.args(["--", tf.to_str().unwrap(), "validate", "-no-color"]).assert().success();
        assert_eq!(
            diag_lines(&stderr_of(&a)),
            ["tfsecrets: note: terraform 1.11.4 can keep secrets out of state and plan files: variable(s) \
              \"db_password\" receive secrets without ephemeral = true; add it where a value only reaches a \
              provider, a provisioner or a write-only argument (`tfsecrets scan` shows where secrets are stored)"]
        );
    }
    // terraform 1.0.3 has no ephemeral variables: no note (the module without them, which 1.0.3 would refuse).
    let old = module(&root, "old", &[("main.tf", "variable \"db_password\" {\n  sensitive = true\n}\n")]);
    terraform_ok(&old, &["init", "-input=false", "-no-color"]);
    let a = cmd_in(&env, &old)
        .args(["exec", &svc, "--"])
        .arg(terraform_bin())
        .args(["validate", "-no-color"])
        .assert()
        .success();
    assert_eq!(diag_lines(&stderr_of(&a)), Vec::<String>::new());
}
