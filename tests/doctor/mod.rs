//! `tfsecrets doctor`: the whole screen against moto (a module, a tfvars file still holding a stored key, a
//! tracked tfvars file, stand-in tools on PATH), no credentials, no terraform on PATH, an unknown service, JSON,
//! and the AWS checks running concurrently.

use crate::support::{Env, FaultProxy, Moto};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A directory for PATH holding git (a symlink to the real one) and, per `tools`, stand-in scripts that print a
/// version line.
fn path_dir(root: &Path, tools: &[(&str, &str)]) -> PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let git = tfsecrets::child::resolve_command("git").expect("git on PATH");
    std::os::unix::fs::symlink(git, bin.join("git")).unwrap();
    for (name, version) in tools {
        let p = bin.join(name);
        std::fs::write(&p, format!("#!/bin/sh\necho '{version}'\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

fn git(dir: &Path, args: &[&str]) {
    crate::support::import::git(dir, args);
}

/// Runs doctor in `dir` with `PATH=bin`; (exit code, stdout with the per-run parts redacted, stderr).
fn doctor(env: &Env, dir: &Path, bin: &Path, args: &[&str]) -> (i32, String, String) {
    let o = env.cmd().current_dir(dir).env("PATH", bin).arg("doctor").args(args).output().expect("run doctor");
    let key = regex::Regex::new(r"key/[0-9a-f-]{36}").unwrap();
    let out = String::from_utf8_lossy(&o.stdout)
        .replace(&env.service, "[SVC]")
        .replace(&dir.display().to_string(), "[DIR]")
        .replace(&bin.display().to_string(), "[BIN]");
    let out = key.replace_all(&out, "key/[KEY]").into_owned();
    (o.status.code().expect("exit code"), out, String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn the_whole_screen_against_moto() {
    let env = moto_or_skip!();
    let svc = env.service.clone();
    for (k, v) in [("db_password", "s3cret"), ("port", "5432"), ("old_token", "x")] {
        env.cmd().args(["write", &svc, k, v]).assert().success();
    }
    let (_t, dir) = crate::support::exec::tempdir();
    std::fs::write(
        dir.join("main.tf"),
        "variable \"db_password\" {\n  sensitive = true\n}\nvariable \"port\" {}\nvariable \"region\" {}\n",
    )
    .unwrap();
    std::fs::write(dir.join("terraform.tfvars"), "region = \"eu-west-1\"\ndb_password = \"s3cret\"\n").unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "terraform.tfvars"]);
    let tools = tempfile::tempdir().unwrap();
    let bin =
        path_dir(tools.path(), &[("terraform", "Terraform v1.11.4"), ("terragrunt", "terragrunt version v0.67.0")]);

    let (code, out, err) = doctor(&env, &dir, &bin, &[&svc]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err, "");
    assert_eq!(
        out,
        "✔ credentials  environment (AWS_ACCESS_KEY_ID)
✔ identity     arn:aws:sts::123456789012:user/moto (account 123456789012)
✔ session      no expiry (long-term keys, or refreshed by the SDK)
✔ region       us-east-1
✔ kms key      alias/parameter_store_key -> arn:aws:kms:us-east-1:123456789012:key/[KEY] (customer managed, enabled)
✔ ssm          reachable (DescribeParameters)
✔ service      /[SVC]: 3 secret(s); 3 read and decrypted
✔ terraform    Terraform v1.11.4 ([BIN]/terraform)
✔ terragrunt   terragrunt version v0.67.0 ([BIN]/terragrunt)
! module       3 declared, 3 stored, 2 match; declared, not stored: region; stored, not declared: old_token
               hint: exec fetches only declared names: declare these variables, or delete the secrets nobody uses
✘ tfvars       still hold keys stored in /[SVC]: terraform.tfvars: db_password (line 2)
               hint: tfsecrets import [SVC] <file> stores and scrubs them; until then the file's value is on disk, and terraform.tfvars or *.auto.tfvars override TF_VAR_
! git          tracked tfvars files: terraform.tfvars
               hint: values they ever held stay in the git history: rotate secrets that were committed, keep secrets in SSM, and ignore *.tfvars
1 check(s) failed, 2 warning(s)
"
    );
    assert!(!out.contains("s3cret"), "doctor never shows a value");

    // Fixed: the tfvars file no longer sets the stored key, the secret nobody declares is gone.
    std::fs::write(dir.join("terraform.tfvars"), "region = \"eu-west-1\"\n").unwrap();
    env.cmd().args(["delete", &svc, "old_token"]).assert().success();
    let (code, out, _) = doctor(&env, &dir, &bin, &[&svc, "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(v["ok"], true);
    let statuses: Vec<(&str, &str)> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("credentials", "ok"),
            ("identity", "ok"),
            ("session", "ok"),
            ("region", "ok"),
            ("kms key", "ok"),
            ("ssm", "ok"),
            ("service", "ok"),
            ("terraform", "ok"),
            ("terragrunt", "ok"),
            ("module", "ok"),
            ("tfvars", "ok"),
            ("git", "warn"),
        ]
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn no_credentials_and_no_terraform_are_failed_checks_not_a_stop() {
    let env = Env::on("http://127.0.0.1:9");
    let (_t, dir) = crate::support::exec::tempdir();
    let tools = tempfile::tempdir().unwrap();
    let bin = path_dir(tools.path(), &[]);
    let o = env
        .cmd()
        .current_dir(&dir)
        .env("PATH", &bin)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["doctor", "prod"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout).replace(&dir.display().to_string(), "[DIR]");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("✘ credentials  no usable AWS credentials"), "{out}");
    assert_eq!(
        lines[1],
        "               hint: run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    );
    assert_eq!(
        lines[2..].join("\n"),
        "- region       no session
- identity     no credentials
- session      no credentials
- kms key      no credentials
- ssm          no credentials
- service      no credentials
✘ terraform    neither terraform nor tofu is on PATH
               hint: install terraform (or OpenTofu), or add its directory to PATH
- terragrunt   not on PATH (needed only for terragrunt projects)
- module       no *.tf or *.tf.json files in [DIR]: values pass verbatim, no variable checks
- tfvars       needs the service's keys
- git          not a git work tree
2 check(s) failed, 0 warning(s)"
    );
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn an_unknown_service_fails_its_check_with_a_hint() {
    let env = moto_or_skip!();
    let svc = env.service.clone();
    env.cmd().args(["write", &svc, "k", "v"]).assert().success();
    let upper = svc.to_uppercase();
    let (_t, dir) = crate::support::exec::tempdir();
    let tools = tempfile::tempdir().unwrap();
    let bin = path_dir(tools.path(), &[("tofu", "OpenTofu v1.8.0")]);
    let (code, out, _) = doctor(&env, &dir, &bin, &[&upper]);
    assert_eq!(code, 1, "{out}");
    let service_line: Vec<&str> = out.lines().skip_while(|l| !l.contains(" service ")).take(2).collect();
    assert_eq!(
        service_line,
        [
            &*format!("✘ service      /{upper} holds no secrets"),
            &*"               hint: service names are case-sensitive; did you mean \"[SVC]\"?".to_string()
        ]
    );
    assert!(out.contains("✔ terraform    OpenTofu v1.8.0 ([BIN]/tofu)"), "{out}");
    // An invalid service name is bad input: nothing is checked.
    let o = env.cmd().args(["doctor", "a//b"]).output().unwrap();
    assert_eq!(o.status.code(), Some(65));
    assert!(o.stdout.is_empty());
}

#[test]
fn the_aws_checks_run_concurrently() {
    let Some(moto) = Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let svc = env.service.clone();
    env.cmd().args(["write", &svc, "k", "v"]).assert().success();
    let proxy = FaultProxy::start(&moto.url, &["--delay-ms", "200"]);
    let via = env.via(&proxy.url);
    let (_t, dir) = crate::support::exec::tempdir();
    let started = std::time::Instant::now();
    let o = via.cmd().current_dir(&dir).args(["doctor", &svc]).output().unwrap();
    let elapsed = started.elapsed();
    let stats = proxy.stats();
    assert!(String::from_utf8_lossy(&o.stdout).contains("✔ service"), "{}", String::from_utf8_lossy(&o.stdout));
    // GetCallerIdentity, DescribeKey and the listing go out together; the read follows the listing.
    assert_eq!(stats["total"], 4, "{stats}");
    assert_eq!(stats["round_trips"], 2, "{stats}");
    assert!(elapsed < std::time::Duration::from_secs(15), "{elapsed:?}");
}
