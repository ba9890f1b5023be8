//! `exec` in a directory holding `*.tf` files, with `sh`/`env` (or a stand-in named `terraform`) as the child:
//! the declared-type encoding of docs/terraform-vars.md §7, the warnings and errors of §8, the module discovery
//! of §6, and the call plan of docs/chamber-compat.md §4 (declared names: one parallel round of GetParameters).

use crate::support as common;
use crate::support::exec as support;

use common::{stderr_of, stdout_of};
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

const HINT: &str = "  hint: fix the stored value or the declaration, or pass --no-var-check to pass values verbatim\n";

/// A `variable` block of 4 lines: `variable "NAME" {`, `type = T` (or a comment), sensitive, `}`.
fn var_block(name: &str, ty: Option<&str>, sensitive: bool) -> String {
    format!(
        "variable \"{name}\" {{\n  {}\n  sensitive = {sensitive}\n}}\n",
        ty.map_or("# no type".to_owned(), |t| format!("type = {t}"))
    )
}

/// main.tf from (name, type, sensitive) triples; variable i is declared at line 4*i + 1.
fn main_tf(vars: &[(&str, Option<&str>, bool)]) -> String {
    vars.iter().map(|(n, t, s)| var_block(n, *t, *s)).collect()
}

/// Runs `exec <args> -- env -0` in `dir`; returns the TF_VAR_ variables, stderr and the exit code.
fn exec_env(env: &common::Env, dir: &Path, args: &[&str]) -> (Vec<(String, String)>, String, i32) {
    let a = cmd_in(env, dir).arg("exec").args(args).args(["--", "env", "-0"]).assert();
    let vars = parse_env0(&a.get_output().stdout).into_iter().filter(|(k, _)| k.starts_with("TF_VAR_")).collect();
    (vars, stderr_of(&a), code(&a))
}

#[test]
fn declared_types_select_the_encoding() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("enc");
    std::fs::write(
        dir.join("main.tf"),
        main_tf(&[
            ("a_str", Some("any"), true),
            ("a_num", Some("any"), true),
            ("a_bool", Some("any"), true),
            ("a_coll", Some("any"), true),
            ("s", Some("string"), true),
            ("n", Some("number"), true),
            ("b", Some("bool"), true),
            ("l", Some("list(string)"), true),
            ("u", None, true),
        ]),
    )
    .unwrap();
    let any_text = "say \"hi\" ${x} %{y} \\ end\n\ttab é 😀";
    put(&env, &svc, "a_str", any_text);
    put(&env, &svc, "a_num", "42");
    put(&env, &svc, "a_bool", "true");
    put(&env, &svc, "a_coll", "{\"k\":[1,\"$${v}\"]}");
    put(&env, &svc, "s", "[\"looks\" like json] ${x}\n");
    put(&env, &svc, "n", "-2.5e-3");
    put(&env, &svc, "b", "false");
    put(&env, &svc, "l", " [\"a\", \"b\"]\n");
    put(&env, &svc, "u", "plain ${text}");

    let (vars, err, rc) = exec_env(&env, &dir, &[&svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(diag_lines(&err), Vec::<String>::new());
    let expect = [
        // `any` + plain string: an HCL string literal (docs/terraform-vars.md §5), `${`/`%{` doubled, escapes for `"` `\` LF TAB.
        ("TF_VAR_a_bool", "true"),
        ("TF_VAR_a_coll", "{\"k\":[1,\"$${v}\"]}"),
        ("TF_VAR_a_num", "42"),
        ("TF_VAR_a_str", "\"say \\\"hi\\\" $${x} %%{y} \\\\ end\\n\\ttab é 😀\""),
        ("TF_VAR_b", "false"),
        ("TF_VAR_l", " [\"a\", \"b\"]\n"),
        ("TF_VAR_n", "-2.5e-3"),
        ("TF_VAR_s", "[\"looks\" like json] ${x}\n"),
        ("TF_VAR_u", "plain ${text}"),
    ];
    let mut vars = vars;
    vars.sort();
    assert_eq!(vars, expect.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());

    // The same decisions, named by --dry-run (never the values).
    let a = cmd_in(&env, &dir).args(["exec", "--dry-run", &svc, "--", "touch", "marker"]).assert().success();
    let listing = stdout_of(&a);
    let lines: Vec<&str> = listing.lines().collect();
    let row = |k: &str, how: &str| format!("TF_VAR_{k}\t/{svc}/{k}\t{how}");
    assert_eq!(
        lines,
        vec![
            row("a_bool", "verbatim"),
            row("a_coll", "verbatim"),
            row("a_num", "verbatim"),
            row("a_str", "HCL string literal"),
            row("b", "verbatim"),
            row("l", "verbatim"),
            row("n", "verbatim"),
            row("s", "verbatim"),
            row("u", "verbatim"),
        ]
    );
    assert!(!listing.contains("say") && !stderr_of(&a).contains("say"));
    assert!(!dir.join("marker").exists());

    // --no-var-check: everything verbatim, including the `any` string.
    let (vars, err, rc) = exec_env(&env, &dir, &["--no-var-check", &svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(env_value(&vars, "TF_VAR_a_str"), Some(any_text));
}

#[test]
fn type_mismatch_stops_before_exec_naming_key_type_and_location() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("w5");
    std::fs::write(
        dir.join("main.tf"),
        main_tf(&[("name", Some("string"), true), ("port", Some("number"), true), ("flag", Some("bool"), true)]),
    )
    .unwrap();
    put(&env, &svc, "name", "fine");
    put(&env, &svc, "port", "eighty-SECRET");
    put(&env, &svc, "flag", "true");

    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: stored value for \"port\" does not look like a number (declared type = number at main.tf:5)\n{HINT}"
        )
    );
    assert!(!dir.join("marker").exists(), "the command ran");

    // Terraform's own rule: " 5432 " and "5432\n" are not numbers either; several errors are all reported.
    put(&env, &svc, "port", "5432\n");
    put(&env, &svc, "flag", "yes");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: stored value for \"flag\" does not look like a bool (true or false) (declared type = bool at main.tf:9)\n\
             tfsecrets: error: stored value for \"port\" does not look like a number (declared type = number at main.tf:5)\n{HINT}"
        )
    );
    assert!(!dir.join("marker").exists(), "the command ran");

    // --no-var-check passes the values verbatim and runs the command.
    let (vars, err, rc) = exec_env(&env, &dir, &["--no-var-check", &svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(env_value(&vars, "TF_VAR_port"), Some("5432\n"));
    assert_eq!(env_value(&vars, "TF_VAR_flag"), Some("yes"));
    assert_eq!(diag_lines(&err), Vec::<String>::new());
}

#[test]
fn collection_values_that_do_not_evaluate_are_w6_errors() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("w6");
    std::fs::write(
        dir.join("main.tf"),
        main_tf(&[("tags", Some("map(string)"), true), ("ids", Some("list(number)"), true)]),
    )
    .unwrap();
    put(&env, &svc, "tags", "{\"tags\":\"a${b}\"}");
    put(&env, &svc, "ids", "[1,2]");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: stored value for \"tags\" is not a valid HCL expression (line 1, column 13 of the value; \
             declared type = map(string) at main.tf:1); literal ${{ and %{{ must be written $${{ and %%{{\n{HINT}"
        )
    );
    assert!(!dir.join("marker").exists());

    // JSON's `\/` escape is not HCL (docs/terraform-vars.md §1), and a plain string is not a collection (W5).
    put(&env, &svc, "tags", "{\"url\":\"http:\\/\\/x\"}");
    put(&env, &svc, "ids", "1,2");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    let err = stderr_of(&a);
    assert!(
        err.contains(
            "tfsecrets: error: stored value for \"ids\" does not look like a collection (a JSON/HCL [...] or {...}) \
             (declared type = list(number) at main.tf:5)\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("tfsecrets: error: stored value for \"tags\" is not a valid HCL expression (line 1, column"),
        "{err}"
    );
    assert!(!err.contains("http"), "value leaked: {err}");
    assert!(!dir.join("marker").exists());
}

#[test]
fn case_mismatch_gives_did_you_mean_with_all_and_strict_vars_makes_it_an_error() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("w2");
    std::fs::write(
        dir.join("main.tf"),
        main_tf(&[("api_key", Some("string"), true), ("db_password", Some("string"), true)]),
    )
    .unwrap();
    put(&env, &svc, "api_key", "k");
    put(&env, &svc, "DB_Password", "pw");
    put(&env, &svc, "unrelated", "x");
    put(&env, &svc, "a.b", "y");
    let d = dir.display();
    let w2 = format!(
        "/{svc}/DB_Password → TF_VAR_DB_Password matches no variable in {d}; terraform ignores it; did you mean \
         \"db_password\" (main.tf:5)? Names are case-sensitive; store the secret under the declared name"
    );
    let w1 = format!("/{svc}/unrelated → TF_VAR_unrelated matches no variable in {d}; terraform ignores it");
    let w1_dot = format!(
        "/{svc}/a.b → TF_VAR_a.b matches no variable in {d}; terraform ignores it (\"a.b\" is not a valid terraform variable name)"
    );

    // --all fetches the whole service, so the undeclared secrets are seen (and still injected verbatim).
    let (vars, err, rc) = exec_env(&env, &dir, &["--all", &svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        diag_lines(&err),
        vec![
            format!("tfsecrets: warning: {w2}"),
            format!("tfsecrets: warning: {w1_dot}"),
            format!("tfsecrets: warning: {w1}")
        ]
    );
    assert_eq!(env_value(&vars, "TF_VAR_DB_Password"), Some("pw"));
    assert_eq!(env_value(&vars, "TF_VAR_api_key"), Some("k"));

    // Default: only the declared names are fetched, so the undeclared ones are neither seen nor injected.
    let (vars, err, rc) = exec_env(&env, &dir, &[&svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(diag_lines(&err), Vec::<String>::new());
    assert_eq!(vars, vec![("TF_VAR_api_key".to_owned(), "k".to_owned())]);

    // --strict-vars: W1/W2 stop the run before exec.
    let a = cmd_in(&env, &dir).args(["exec", "--all", "--strict-vars", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: {w2} (--strict-vars)\ntfsecrets: error: {w1_dot} (--strict-vars)\ntfsecrets: error: {w1} (--strict-vars)\n{HINT}"
        )
    );
    assert!(!dir.join("marker").exists(), "the command ran");

    // --no-var-check: no scan, no warnings, whole service verbatim.
    let (vars, err, rc) = exec_env(&env, &dir, &["--no-var-check", "--strict-vars", &svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(diag_lines(&err), Vec::<String>::new());
    assert_eq!(vars.len(), 4, "{vars:?}");
}

#[test]
fn nothing_declared_is_stored_is_an_error_naming_the_count() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("nodecl");
    std::fs::write(dir.join("main.tf"), main_tf(&[("db_password", Some("string"), true)])).unwrap();
    put(&env, &svc, "DB_Password", "pw");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 66);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: none of the 1 variable(s) declared in the module is stored in service(s) {svc}; \
             stored keys that differ from a declared variable only in case: /{svc}/DB_Password (variable \"db_password\") \
             (names are case-sensitive: store the secret under the declared name)\n  \
             hint: check the service name (`tfsecrets list <service>`), or pass --allow-empty to run anyway\n"
        )
    );
    assert!(!dir.join("marker").exists());
}

#[test]
fn not_sensitive_and_untyped_collection_warnings() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("w3");
    std::fs::write(dir.join("main.tf"), main_tf(&[("plain", Some("string"), false), ("tags", None, true)])).unwrap();
    put(&env, &svc, "plain", "p");
    put(&env, &svc, "tags", "[\"a\"]");
    let (vars, err, rc) = exec_env(&env, &dir, &[&svc]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        diag_lines(&err),
        vec![
            "tfsecrets: warning: variable \"tags\" (main.tf:5) has no type; terraform receives the stored JSON as a string. \
             Declare e.g. type = list(string)"
                .to_owned(),
            "tfsecrets: warning: variable \"plain\" (main.tf:1) receives a secret but is marked neither \
             sensitive = true nor ephemeral = true; its value may appear in plan output"
                .to_owned(),
        ]
    );
    assert_eq!(env_value(&vars, "TF_VAR_tags"), Some("[\"a\"]"));
}

#[test]
fn var_files_and_var_arguments_that_override_the_secret_are_w7() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("w7");
    std::fs::write(
        dir.join("main.tf"),
        main_tf(&[("db_password", Some("string"), true), ("token", Some("string"), true)]),
    )
    .unwrap();
    // A blank value still overrides TF_VAR_ (docs/terraform-vars.md §2).
    std::fs::write(dir.join("terraform.tfvars"), "# leftover\ndb_password = \"\"\nregion = \"x\"\n").unwrap();
    std::fs::write(dir.join("b.auto.tfvars.json"), "{\n  \"token\": \"t\"\n}\n").unwrap();
    put(&env, &svc, "db_password", "pw");
    put(&env, &svc, "token", "tk");
    std::fs::write(dir.join("extra.tfvars"), "db_password = \"other\"\n").unwrap();
    let tf = fake_terraform(&dir);

    let a = cmd_in(&env, &dir)
        .args(["exec", &svc, "--"])
        .arg(&tf)
        .args(["plan", "-var", "token=cli", "-var-file=extra.tfvars", "-input=false"])
        .assert()
        .success();
    let w7 = [
        "terraform.tfvars:2 sets \"db_password\", which overrides TF_VAR_db_password",
        "b.auto.tfvars.json:2 sets \"token\", which overrides TF_VAR_token",
        "-var sets \"token\", which overrides TF_VAR_token",
        "extra.tfvars:1 sets \"db_password\", which overrides TF_VAR_db_password",
    ];
    assert_eq!(diag_lines(&stderr_of(&a)), w7.iter().map(|w| format!("tfsecrets: warning: {w}")).collect::<Vec<_>>());
    let vars = parse_env0(&a.get_output().stdout);
    assert_eq!(env_value(&vars, "TF_VAR_db_password"), Some("pw"));

    let a = cmd_in(&env, &dir)
        .args(["exec", "--strict-vars", &svc, "--"])
        .arg(&tf)
        .args(["plan", "-var", "token=cli", "-var-file=extra.tfvars"])
        .assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!("{}{HINT}", w7.iter().map(|w| format!("tfsecrets: error: {w} (--strict-vars)\n")).collect::<String>())
    );
}

#[test]
fn override_files_and_tf_json_declarations_change_the_class() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("ovr");
    std::fs::write(dir.join("main.tf"), main_tf(&[("port", Some("string"), true)])).unwrap();
    std::fs::write(
        dir.join("extra.tf.json"),
        "{\n  \"variable\": {\n    \"tags\": {\"type\": \"map(string)\", \"sensitive\": true}\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("port_override.tf"), "variable \"port\" {\n  type = number\n}\n").unwrap();
    put(&env, &svc, "port", "eighty");
    put(&env, &svc, "tags", "plain text");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: stored value for \"port\" does not look like a number (declared type = number at main.tf:1, \
             overridden at port_override.tf:1)\n\
             tfsecrets: error: stored value for \"tags\" does not look like a collection (a JSON/HCL [...] or {{...}}) \
             (declared type = map(string) at extra.tf.json:3)\n{HINT}"
        )
    );
    assert!(!dir.join("marker").exists());
}

#[test]
fn unparsable_module_passes_values_verbatim_with_a_note() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("broken");
    std::fs::write(dir.join("main.tf"), "variable \"port\" {\n  type = number\n}\n").unwrap();
    std::fs::write(dir.join("broken.tf"), "variable \"x\" {\n  type = \n").unwrap();
    put(&env, &svc, "port", "eighty");
    put(&env, &svc, "undeclared", "u");
    let (vars, err, rc) = exec_env(&env, &dir, &[&svc]);
    assert_eq!(rc, 0, "{err}");
    let notes = diag_lines(&err);
    assert_eq!(notes.len(), 2, "{err}");
    assert!(notes[0].starts_with("tfsecrets: note: broken.tf:"), "{err}");
    assert!(notes[0].ends_with(": cannot be parsed (terraform will report it)"), "{err}");
    assert_eq!(
        notes[1],
        format!(
            "tfsecrets: note: variable declarations in {} not used: values pass verbatim, no variable checks",
            dir.display()
        )
    );
    // Unreadable module: the whole service, verbatim.
    assert_eq!(env_value(&vars, "TF_VAR_port"), Some("eighty"));
    assert_eq!(env_value(&vars, "TF_VAR_undeclared"), Some("u"));
}

#[test]
fn terraform_without_tf_files_gets_a_note_and_chdir_is_followed() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("note");
    put(&env, &svc, "port", "eighty");
    let tf = fake_terraform(&dir);
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--"]).arg(&tf).arg("plan").assert().success();
    assert_eq!(
        diag_lines(&stderr_of(&a)),
        vec![format!(
            "tfsecrets: note: no *.tf or *.tf.json files in {}: values pass verbatim, no variable checks",
            dir.display()
        )]
    );
    assert_eq!(env_value(&parse_env0(&a.get_output().stdout), "TF_VAR_port"), Some("eighty"));

    // -chdir=DIR is the module; `-chdir DIR` is not terraform syntax and is ignored (cwd stays the module dir).
    let m = module(&dir, "mod", &[("main.tf", &main_tf(&[("port", Some("number"), true)]))]);
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--"]).arg(&tf).args(["-no-color", "-chdir=mod", "plan"]).assert();
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: stored value for \"port\" does not look like a number (declared type = number at main.tf:1)\n{HINT}"
        )
    );
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--"]).arg(&tf).args(["-chdir", "mod", "plan"]).assert().success();
    assert!(stderr_of(&a).contains("tfsecrets: note: no *.tf or *.tf.json files in"), "{}", stderr_of(&a));
    // A relative -chdir is resolved against tfsecrets' cwd; a non-terraform command ignores -chdir.
    let a = cmd_in(&env, &m).args(["exec", &svc, "--"]).arg(&tf).args(["-chdir=..", "plan"]).assert().success();
    assert!(stderr_of(&a).contains("tfsecrets: note: no *.tf or *.tf.json files in"), "{}", stderr_of(&a));
}

/// Runs `exec` through a counting proxy; returns (GetParameters, DescribeParameters, total requests, elapsed).
fn counted_exec(env: &common::Env, dir: &Path, svc: &str, delay_ms: u64) -> (u64, u64, u64, Duration) {
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", &delay_ms.to_string()]);
    let started = Instant::now();
    let a = cmd_in(env, dir)
        .env("AWS_ENDPOINT_URL_SSM", &proxy.url)
        .env("AWS_ENDPOINT_URL_KMS", &proxy.url)
        .env("AWS_ENDPOINT_URL_STS", &proxy.url)
        .args(["exec", svc, "--", "sh", "-c", "test \"$TF_VAR_v0029\" = value-29"])
        .assert();
    let elapsed = started.elapsed();
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    let total = proxy.stats()["total"].as_u64().unwrap();
    (proxy.count("GetParameters"), proxy.count("DescribeParameters"), total, elapsed)
}

#[test]
fn declared_variables_are_fetched_in_one_parallel_round_of_get_parameters() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("rt");
    env.boto(&["bulk-put", &svc, "30", "v"]);
    let decls: Vec<String> = (0..30).map(|i| format!("v{i:04}")).collect();
    let vars: Vec<(&str, Option<&str>, bool)> = decls.iter().map(|n| (n.as_str(), Some("string"), true)).collect();
    let m = module(&dir, "mod", &[("main.tf", &main_tf(&vars))]);
    let bare = module(&dir, "bare", &[]);

    // 30 declared names → 3 GetParameters calls of 10, nothing else. With 1.5 s added to every request, the
    // run takes well under 2 × 1.5 s only if the three calls are in flight together.
    let (get, describe, total, elapsed) = counted_exec(&env, &m, &svc, 1500);
    assert_eq!((get, describe, total), (3, 0, 3));
    assert!(elapsed < Duration::from_millis(2900), "3 GetParameters calls were not concurrent: {elapsed:?}");

    // No *.tf files: the service is listed (moto pages 10 names at a time) and each page's names fetched.
    let (get, describe, total, _) = counted_exec(&env, &bare, &svc, 0);
    assert_eq!(get, 3);
    assert!((3..=4).contains(&describe), "DescribeParameters calls: {describe}");
    assert_eq!(total, get + describe);
}

#[test]
fn declared_names_are_fetched_under_every_service_and_the_later_service_wins() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let base = env.service("base");
    let over = env.service("over");
    let names: Vec<String> = (0..6).map(|i| format!("k{i}")).collect();
    let vars: Vec<(&str, Option<&str>, bool)> = names.iter().map(|n| (n.as_str(), Some("string"), true)).collect();
    std::fs::write(dir.join("main.tf"), main_tf(&vars)).unwrap();
    for n in &names {
        put(&env, &base, n, &format!("base-{n}"));
    }
    put(&env, &over, "k5", "over-k5");
    put(&env, &over, "undeclared", "u");

    let proxy = common::FaultProxy::start(&env.moto_url, &[]);
    let a = cmd_in(&env, &dir)
        .env("AWS_ENDPOINT_URL_SSM", &proxy.url)
        .args(["exec", &base, &over, "--", "env", "-0"])
        .assert()
        .success();
    // 2 services × 6 declared names = 12 names → 2 GetParameters calls, no listing.
    assert_eq!((proxy.count("GetParameters"), proxy.count("DescribeParameters")), (2, 0));
    let vars = parse_env0(&a.get_output().stdout);
    assert_eq!(env_value(&vars, "TF_VAR_k5"), Some("over-k5"));
    assert_eq!(env_value(&vars, "TF_VAR_k0"), Some("base-k0"));
    assert_eq!(env_value(&vars, "TF_VAR_undeclared"), None);
    assert_eq!(
        diag_lines(&stderr_of(&a)),
        vec![format!("tfsecrets: warning: key \"k5\" of service {over} overrides the one of service {base}")]
    );
}

/// Labels version `version` of `/<svc>/<key>` with `label`, through boto3.
fn label(env: &common::Env, svc: &str, key: &str, version: u32, label: &str) {
    let script = "import sys, boto3\n\
                  s = boto3.client('ssm', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id='t', aws_secret_access_key='t')\n\
                  s.label_parameter_version(Name=sys.argv[2], ParameterVersion=int(sys.argv[3]), Labels=[sys.argv[4]])\n";
    let out = std::process::Command::new(common::venv_bin().join("python"))
        .args(["-c", script, &env.moto_url, &format!("/{svc}/{key}"), &version.to_string(), label])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_label_selects_labelled_versions_with_and_without_declarations() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("label");
    put(&env, &svc, "k", "version-one");
    put(&env, &svc, "unlabelled", "x");
    label(&env, &svc, "k", 1, "prod");
    put(&env, &svc, "k", "version-two");
    let sel = format!("{svc}:prod");

    // No *.tf: the listing's names with the label; keys without it are left out.
    let (vars, err, rc) = exec_env(&env, &dir, &[&sel]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(vars, vec![("TF_VAR_k".to_owned(), "version-one".to_owned())]);
    // Declared names: the same selectors in the one GetParameters round.
    let m = module(
        &dir,
        "mod",
        &[("main.tf", &main_tf(&[("k", Some("string"), true), ("unlabelled", Some("string"), true)]))],
    );
    let (vars, err, rc) = exec_env(&env, &m, &[&sel]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(vars, vec![("TF_VAR_k".to_owned(), "version-one".to_owned())]);
    let (vars, _, _) = exec_env(&env, &m, &[&svc]);
    assert_eq!(env_value(&vars, "TF_VAR_k"), Some("version-two"));
}

#[test]
fn dry_run_json_names_sources_and_encodings_never_values() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let base = env.service("jbase");
    let over = env.service("jover");
    let canary = "JSON-DRY-RUN-CANARY";
    put(&env, &base, "plain", &format!("{canary}-1"));
    put(&env, &base, "anything", &format!("{canary}-2"));
    put(&env, &over, "plain", &format!("{canary}-3"));
    label(&env, &over, "plain", 1, "blue");
    std::fs::write(dir.join("main.tf"), main_tf(&[("plain", Some("string"), true), ("anything", Some("any"), true)]))
        .unwrap();
    let a = cmd_in(&env, &dir)
        .args(["exec", "--dry-run", "--json", &base, &format!("{over}:blue"), "--", "touch", "marker"])
        .assert();
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    assert!(!dir.join("marker").exists(), "--dry-run ran the command");
    let out = stdout_of(&a);
    assert!(!out.contains(canary) && !stderr_of(&a).contains(canary), "a value in the dry run: {out}");
    assert_eq!(out.lines().count(), 1, "one line of JSON: {out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "module": dir.display().to_string(),
            "fetched": "declared",
            "variables": [
                {"name": "TF_VAR_anything", "key": "anything", "service": base, "label": null,
                 "source": format!("/{base}/anything"), "encoding": "HCL string literal", "declared_type": "any"},
                {"name": "TF_VAR_plain", "key": "plain", "service": over, "label": "blue",
                 "source": format!("/{over}/plain:blue"), "encoding": "verbatim", "declared_type": "string"},
            ],
        })
    );
    // Without a module: the whole service, every value verbatim, no declared type.
    let (_t2, empty) = tempdir();
    let a = cmd_in(&env, &empty).args(["exec", "--dry-run", "--json", &base, "--", "true"]).assert();
    assert_eq!(code(&a), 0, "{}", stderr_of(&a));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&a)).expect("JSON");
    assert_eq!(json["module"], serde_json::Value::Null);
    assert_eq!(json["fetched"], "service");
    assert_eq!(json["variables"][0]["declared_type"], serde_json::Value::Null);
    assert_eq!(json["variables"].as_array().map(Vec::len), Some(2));
    // --json without --dry-run is a usage error.
    let a = cmd_in(&env, &empty).args(["exec", "--json", &base, "--", "true"]).assert();
    assert_eq!(code(&a), 64);
}
