//! scan of files and stdin without terraform, and every way a document or a source can be wrong: clear errors,
//! nothing of a secret shown.

use super::{no_value_shown, seed};
use crate::support as common;
use crate::support::exec::*;
use common::{code, stderr_of, stdout_of};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/fixtures/scan").join(name)).unwrap()
}

#[test]
fn documents_on_stdin_and_their_errors() {
    let env = moto_or_skip!();
    let svc = seed(&env, "in");
    let (_t, dir) = tempdir();
    let run = |stdin: Vec<u8>| {
        let a = cmd_in(&env, &dir).args(["scan", &svc, "--state", "-"]).write_stdin(stdin).assert();
        no_value_shown(&a);
        a
    };
    // terraform 1.0.3's show -json and state, and 1.11.4's plan JSON: found.
    for name in ["show-1.0.3.json", "state-1.0.3.tfstate", "plan-1.11.4.json"] {
        let a = run(fixture(name));
        assert_eq!(code(&a), 1, "{name}: {}", stderr_of(&a));
        assert!(
            stdout_of(&a).contains(&format!("output.pw: /{svc}/db_password (embedded, marked sensitive")),
            "{name}"
        );
    }
    let cases: &[(&str, &str)] = &[
        ("", "stdin: empty: no JSON at all"),
        (
            "{\"version\": 4, \"outputs\": {\"x\": \"hunter2secret-db",
            "stdin: 1:33: not valid JSON: unterminated string",
        ),
        ("{\"version\": 4, \"x\": hunter2secret-db}", "stdin: 1:21: not valid JSON: expected a value"),
        (
            "{\"hunter2secret-db\": [\"tagvalue-one\"]}",
            "stdin: JSON, but neither a terraform state (\"version\": 4) nor the output of `terraform show -json` (\"format_version\")",
        ),
        (
            "{\"version\": 3, \"modules\": [{\"outputs\": {\"pw\": \"hunter2secret-db\"}}]}",
            "stdin: a state in format version 3, written by terraform 0.11 or older: scan reads format version 4 (terraform 0.12 and later)",
        ),
        (
            "{\"format_version\": \"hunter2secret-db\"}",
            "stdin: `terraform show -json` output with an unreadable format_version",
        ),
    ];
    for (doc, want) in cases {
        let a = run(doc.as_bytes().to_vec());
        assert_eq!(code(&a), 65, "{doc}");
        assert_eq!(stdout_of(&a), "");
        assert_eq!(
            stderr_of(&a),
            format!(
                "tfsecrets: error: {want}\n  hint: scan reads a state (terraform.tfstate, `terraform state pull`) or \
                 the output of `terraform show -json`\n"
            ),
            "{doc}"
        );
    }
    let a = run(b"PK\x03\x04\xff\xfe binary plan".to_vec());
    assert_eq!(code(&a), 65);
    assert_eq!(
        stderr_of(&a),
        "tfsecrets: error: stdin: not UTF-8 text, so not a JSON state\n  hint: a saved plan file is binary: pass it with --plan FILE\n"
    );
    // An empty state: nothing to find.
    let a = run(b"{\"version\": 4, \"terraform_version\": \"1.11.4\", \"serial\": 1, \"lineage\": \"x\", \"outputs\": {}, \"resources\": []}".to_vec());
    assert_eq!(code(&a), 0);
    assert_eq!(
        stdout_of(&a),
        format!(
            "no stored secret found in the state (terraform 1.11.4), which is empty: 4 secret(s) searched; 1 too short \
             or blank to search (under 6 bytes): /{svc}/port\n"
        )
    );
}

#[test]
fn sources_that_are_missing() {
    let env = moto_or_skip!();
    let svc = seed(&env, "miss");
    let (_t, dir) = tempdir();
    let err = |args: &[&str], envs: &[(&str, &str)]| {
        let a = cmd_in(&env, &dir).arg("scan").args(args).envs(envs.iter().copied()).assert();
        no_value_shown(&a);
        (code(&a), stderr_of(&a))
    };
    let (c, e) = err(&[&svc, "--terraform", "/nonexistent/terraform"], &[]);
    assert_eq!(
        (c, e.as_str()),
        (
            78,
            "tfsecrets: error: cannot run terraform: /nonexistent/terraform: command not found\n  hint: install \
             terraform (or tofu), or name it with --terraform BIN or TFSECRETS_TERRAFORM; --state FILE scans a state \
             file without terraform\n"
        )
    );
    let (c, e) = err(&[&svc], &[("TFSECRETS_TERRAFORM", "no-such-terraform-xyz")]);
    assert_eq!(c, 78);
    assert!(
        e.starts_with("tfsecrets: error: cannot run terraform: no-such-terraform-xyz: command not found in PATH\n"),
        "{e}"
    );
    let (c, e) = err(&[&svc, "--state", "missing.tfstate"], &[]);
    assert_eq!((c, e), (66, format!("tfsecrets: error: {}/missing.tfstate: no such file\n", dir.display())));
    let (c, e) = err(&[&svc, "--plan", "missing.plan", "--terraform", "true"], &[]);
    assert_eq!(c, 66);
    assert!(e.starts_with(&format!("tfsecrets: error: {}/missing.plan: no such plan file\n", dir.display())), "{e}");
    let (c, e) = err(&[&svc, "--chdir", "nowhere"], &[]);
    assert_eq!((c, e), (66, format!("tfsecrets: error: {}/nowhere: no such directory\n", dir.display())));
    let (c, e) = err(&[&env.service("empty"), "--state", "-"], &[]);
    assert_eq!(c, 66);
    assert!(e.contains("no secrets found in service(s)"), "{e}");
    // --plan and --state together: a usage error.
    let (c, _) = err(&[&svc, "--plan", "p", "--state", "s"], &[]);
    assert_eq!(c, 64);
}
