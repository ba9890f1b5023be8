//! `exec ... -- terragrunt`: the module a `terragrunt.hcl` names drives exec as a terraform root module does
//! (src/tfmodule/terragrunt.rs; README "terragrunt"). No terragrunt binary exists on these machines:
//! tests/fixtures/terragrunt/bin/terragrunt is a stand-in that prints the environment it got (`env -0`) and its
//! arguments, and the units under tests/fixtures/terragrunt/live are the fixtures.

use crate::support::exec::{cmd_in, code, env_value, parse_env0, put};
use crate::support::{self as common, Env, Intercept, stderr_of, stdout_of};
use std::path::{Path, PathBuf};

/// tests/fixtures/terragrunt, canonical (tfsecrets prints paths from its canonical working directory).
fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/terragrunt").canonicalize().expect("fixtures")
}

/// `tfsecrets <args>` in `dir` with the stand-in terragrunt first in PATH.
fn tfsecrets(env: &Env, dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let path = format!("{}:{}", fixtures().join("bin").display(), std::env::var("PATH").unwrap_or_default());
    cmd_in(env, dir).env("PATH", path).args(args).assert()
}

/// The TF_VAR_ names the stand-in received, sorted.
fn tf_var_names(stdout: &[u8]) -> Vec<String> {
    let mut names: Vec<String> =
        parse_env0(stdout).into_iter().map(|(k, _)| k).filter(|k| k.starts_with("TF_VAR_")).collect();
    names.sort();
    names
}

/// A service holding two declared secrets (`db_password`, `port`) and one the module does not declare.
fn service(env: &Env, suffix: &str, port: &str) -> String {
    let svc = env.service(suffix);
    put(env, &svc, "db_password", "tg-SECRET-pw");
    put(env, &svc, "port", port);
    put(env, &svc, "unrelated", "tg-SECRET-other");
    svc
}

#[test]
fn a_local_source_is_read_like_a_terraform_module() {
    let Some(moto) = common::Moto::shared() else { return };
    let proxy = Intercept::recording(&moto.url);
    let env = Env::on(&moto.url);
    let svc = service(&env, "tg", "5432");
    let penv = env.via(&proxy.url);
    let prod = fixtures().join("live/prod");
    let a = tfsecrets(&penv, &prod, &["exec", &svc, "--", "terragrunt", "plan"]);
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    let out = &a.get_output().stdout;
    // Only the declared names, fetched by name in one GetParameters call: no listing of the service.
    assert_eq!(tf_var_names(out), ["TF_VAR_db_password", "TF_VAR_port"]);
    assert_eq!(proxy.actions(), ["GetParameters"]);
    assert_eq!(env_value(&parse_env0(out), "TF_VAR_port"), Some("5432"));
    assert_eq!(env_value(&parse_env0(out), "TERRAGRUNT_ARGV"), Some("plan"));
    // The inputs collision, naming the key; find_in_parent_folders() elsewhere in the file did not matter.
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: warning: {}/terragrunt.hcl:12: inputs sets \"port\", but the secret /{svc}/port wins: \
             terragrunt does not override TF_VAR_port, which tfsecrets sets; remove one of the two\n",
            prod.display()
        )
    );

    // --working-dir (after the subcommand) and the older --terragrunt-working-dir (before it) from elsewhere.
    for args in [["plan", "--working-dir", "live/prod"], ["--terragrunt-working-dir", "live/prod", "plan"]] {
        let a = tfsecrets(&env, &fixtures(), &["exec", &svc, "--", "terragrunt", args[0], args[1], args[2]]);
        assert_eq!(code(&a), 0, "{args:?}: {}", stderr_of(&a));
        assert_eq!(tf_var_names(&a.get_output().stdout), ["TF_VAR_db_password", "TF_VAR_port"], "{args:?}");
        assert!(stderr_of(&a).contains("live/prod/terragrunt.hcl:12: inputs sets \"port\""), "{}", stderr_of(&a));
    }
    let a = tfsecrets(&env, &fixtures(), &["exec", &svc, "--", "terragrunt", "--working-dir=live/prod", "apply"]);
    assert_eq!(tf_var_names(&a.get_output().stdout), ["TF_VAR_db_password", "TF_VAR_port"]);
}

#[test]
fn declared_types_are_enforced_before_terragrunt_runs() {
    let env = moto_or_skip!();
    let svc = service(&env, "tgtype", "eighty");
    let a = tfsecrets(&env, &fixtures().join("live/prod"), &["exec", &svc, "--", "terragrunt", "apply"]);
    assert_eq!(code(&a), 65);
    assert_eq!(stdout_of(&a), "", "the stand-in ran");
    let err = stderr_of(&a);
    assert!(
        err.contains(
            "tfsecrets: error: stored value for \"port\" does not look like a number (declared type = number at \
             main.tf:6)"
        ),
        "{err}"
    );
    assert!(!err.contains("eighty"), "a value in an error: {err}");
}

#[test]
fn no_source_means_the_unit_directory_itself() {
    let env = moto_or_skip!();
    let svc = service(&env, "tgplain", "5432");
    let plain = fixtures().join("live/plain");
    let a = tfsecrets(&env, &plain, &["exec", &svc, "--", "terragrunt", "plan"]);
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    assert_eq!(tf_var_names(&a.get_output().stdout), ["TF_VAR_db_password"]);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: warning: {}/terragrunt.hcl:3: inputs sets \"db_password\", but the secret /{svc}/db_password \
             wins: terragrunt does not override TF_VAR_db_password, which tfsecrets sets; remove one of the two\n",
            plain.display()
        )
    );
}

#[test]
fn what_cannot_be_followed_falls_back_to_the_whole_service_with_a_note() {
    let env = moto_or_skip!();
    let svc = service(&env, "tgfall", "5432");
    let live = fixtures().join("live");
    let fallback = |why: String| {
        format!(
            "tfsecrets: note: terragrunt: {why}: fetching the whole service, values pass verbatim, no variable checks\n"
        )
    };
    let cases = [
        (
            "remote",
            &["plan"][..],
            fallback(format!(
                "{}/remote/terragrunt.hcl:2: the terraform source \
                 \"git::https://github.com/acme/infrastructure-modules.git//db?ref=v1.4.0\" is remote",
                live.display()
            )),
        ),
        (
            "included",
            &["plan"],
            fallback(format!(
                "{}/included/terragrunt.hcl:1: `include` blocks can change the module and its inputs, which \
                 tfsecrets does not evaluate",
                live.display()
            )),
        ),
        (
            "dependent",
            &["plan"],
            fallback(format!(
                "{}/dependent/terragrunt.hcl:5: `dependency` blocks can change the module and its inputs, which \
                 tfsecrets does not evaluate",
                live.display()
            )),
        ),
        ("prod", &["run-all", "plan"], fallback("`run-all` runs several units".into())),
        ("prod", &["run", "--all", "--", "plan"], fallback("`--all` runs several units".into())),
    ];
    for (unit, args, note) in cases {
        let mut argv = vec!["exec", svc.as_str(), "--", "terragrunt"];
        argv.extend_from_slice(args);
        let a = tfsecrets(&env, &live.join(unit), &argv);
        assert_eq!(code(&a), 0, "{unit} {args:?}: {}", stderr_of(&a));
        assert_eq!(
            tf_var_names(&a.get_output().stdout),
            ["TF_VAR_db_password", "TF_VAR_port", "TF_VAR_unrelated"],
            "{unit} {args:?}: the whole service"
        );
        assert_eq!(stderr_of(&a), note, "{unit} {args:?}");
    }
}

#[test]
fn dry_run_json_for_a_terragrunt_unit() {
    let env = moto_or_skip!();
    let svc = service(&env, "tgdry", "5432");
    let prod = fixtures().join("live/prod");
    let a = tfsecrets(&env, &prod, &["exec", "--dry-run", "--json", &svc, "--", "terragrunt", "plan"]);
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    let json: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).expect("JSON");
    assert_eq!(json["module"], fixtures().join("modules/db").display().to_string());
    assert_eq!(json["fetched"], "declared");
    assert_eq!(
        json["variables"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["TF_VAR_db_password", "TF_VAR_port"]
    );
    assert!(!stdout_of(&a).contains("tg-SECRET"), "a value in the dry run");
}
