//! examples/bootstrap checked as far as this machine allows (no provider can be downloaded, so no `terraform
//! validate`): `terraform fmt -check`, every file parsed as HCL (or JSON), the security settings the README
//! promises present, and the policy templates identical to what `tfsecrets policy --template` prints today and
//! rendered by terraform's own templatefile() into exactly the documents `tfsecrets policy` prints.
//!
//! Regenerate the templates after changing the policy rules with:
//! `TFSECRETS_UPDATE_GENERATED=1 cargo test --test main policy::bootstrap`

use crate::support::{Env, root, venv_bin};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    root().join("examples/bootstrap")
}

/// Every file of the example, recursively, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read examples/bootstrap") {
        let path = entry.expect("dir entry").path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".terraform")) {
            continue;
        }
        if path.is_dir() { out.extend(files(&path)) } else { out.push(path) }
    }
    out.sort();
    out
}

/// The terraform binaries to check with: the project's pinned 1.0.3 and, when installed, a current one.
fn terraforms() -> Vec<PathBuf> {
    let mut v = vec![venv_bin().join("terraform")];
    let current = PathBuf::from("/usr/local/bin/terraform");
    if current.exists() {
        v.push(current);
    }
    v
}

fn terraform(bin: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", bin.display()))
}

#[test]
fn terraform_fmt_check_passes() {
    if crate::support::Moto::shared().is_none() {
        return; // no venv: no terraform either (skipped loudly above)
    }
    for bin in terraforms() {
        let out = terraform(&bin, &example(), &["fmt", "-check", "-recursive", "-diff", "."]);
        assert!(
            out.status.success(),
            "{} fmt -check failed:\n{}{}",
            bin.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_file_parses() {
    let mut parsed = 0;
    for path in files(&example()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if name.ends_with(".tf") || name.ends_with(".example") {
            hcl_edit::parser::parse_body(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parsed += 1;
        } else if name.ends_with(".json.tftpl") {
            serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parsed += 1;
        } else {
            assert!(name.ends_with(".md"), "unexpected file {}", path.display());
        }
    }
    assert!(parsed >= 11, "only {parsed} files parsed");
}

/// The attribute `name` of the block `kind "label" ...` in `file` of the example, as HCL text.
fn attribute(file: &str, kind: &str, labels: &[&str], name: &str) -> String {
    let body: hcl::Body = hcl::from_str(&std::fs::read_to_string(example().join(file)).unwrap()).unwrap();
    let block = body
        .blocks()
        .find(|b| b.identifier() == kind && b.labels().iter().map(|l| l.as_str()).eq(labels.iter().copied()))
        .unwrap_or_else(|| panic!("{file}: no {kind} {labels:?}"));
    let attr = block.body().attributes().find(|a| a.key() == name);
    hcl::format::to_string(&attr.unwrap_or_else(|| panic!("{file}: {kind} {labels:?} has no {name}")).expr)
        .expect("format")
}

#[test]
fn the_security_settings_are_there() {
    for (file, key) in [("kms.tf", "parameter_store"), ("state.tf", "state")] {
        assert_eq!(attribute(file, "resource", &["aws_kms_key", key], "enable_key_rotation"), "true", "{key}");
    }
    assert_eq!(attribute("kms.tf", "resource", &["aws_kms_alias", "parameter_store"], "name"), "var.kms_alias");
    for flag in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] {
        assert_eq!(attribute("state.tf", "resource", &["aws_s3_bucket_public_access_block", "state"], flag), "true");
    }
    let text = |f: &str| std::fs::read_to_string(example().join(f)).unwrap();
    let (iam, kms, state) = (text("iam.tf"), text("kms.tf"), text("state.tf"));
    for needle in [
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "policies/reader.json.tftpl",
        "policies/writer.json.tftpl",
    ] {
        assert!(iam.contains(needle), "iam.tf lacks {needle}");
    }
    assert!(kms.matches("kms:ViaService").count() >= 2, "readers and writers use the key only through SSM");
    assert!(!kms.contains("\"kms:*\""), "no principal gets every KMS action");
    for needle in ["aws:SecureTransport", "\"Enabled\"", "aws:kms", "LockID", "use_lockfile"] {
        assert!(state.contains(needle), "state.tf lacks {needle}");
    }
}

/// `tfsecrets policy <args>` (no AWS call: every part given, or --template); its stdout.
fn policy(args: &[&str]) -> String {
    let out = Env::on("http://127.0.0.1:9").cmd().arg("policy").args(args).output().expect("run policy");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

const TEMPLATES: &[(&str, &[&str])] = &[("reader.json.tftpl", &[]), ("writer.json.tftpl", &["--write", "--delete"])];

#[test]
fn the_templates_are_what_tfsecrets_policy_prints() {
    let update = std::env::var("TFSECRETS_UPDATE_GENERATED").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, flags) in TEMPLATES {
        let path = example().join("policies").join(file);
        let fresh = policy(&[&["--template"], *flags].concat());
        if update {
            std::fs::write(&path, &fresh).expect("write template");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(format!("examples/bootstrap/policies/{file} is stale"));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nregenerate with: TFSECRETS_UPDATE_GENERATED=1 cargo test --test main policy::bootstrap",
        stale.join("\n")
    );
    // The example hands the templates exactly the variables they use.
    let main = std::fs::read_to_string(example().join("main.tf")).unwrap();
    let re = regex::Regex::new(r"\$\{(\w+)\}").unwrap();
    for (file, _) in TEMPLATES {
        let text = std::fs::read_to_string(example().join("policies").join(file)).unwrap();
        for name in re.captures_iter(&text).map(|c| c[1].to_owned()) {
            assert!(name == "service" || main.contains(&format!("    {name} ")), "main.tf's policy_vars lacks {name}");
        }
    }
}

#[test]
fn terraform_renders_the_templates_into_the_policies_tfsecrets_prints() {
    if crate::support::Moto::shared().is_none() {
        return;
    }
    let key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let tmp = tempfile::tempdir().unwrap();
    let vars = format!(
        r#"{{ service = "team/web", partition = "aws", dns_suffix = "amazonaws.com", region = "eu-west-1", account_id = "123456789012", kms_key_arn = "{key}" }}"#
    );
    let outputs: String = TEMPLATES
        .iter()
        .enumerate()
        .map(|(i, (file, _))| {
            let path = example().join("policies").join(file);
            format!("output \"p{i}\" {{\n  value = templatefile(\"{}\", {vars})\n}}\n", path.display())
        })
        .collect();
    std::fs::write(tmp.path().join("main.tf"), outputs).unwrap();
    for bin in terraforms() {
        for args in [&["init", "-input=false"][..], &["apply", "-auto-approve", "-input=false"]] {
            let out = terraform(&bin, tmp.path(), args);
            assert!(out.status.success(), "{} {args:?}: {}", bin.display(), String::from_utf8_lossy(&out.stderr));
        }
        let out = terraform(&bin, tmp.path(), &["output", "-json"]);
        let rendered: Value = serde_json::from_slice(&out.stdout).expect("terraform output -json");
        for (i, (file, flags)) in TEMPLATES.iter().enumerate() {
            let by_terraform: Value = serde_json::from_str(rendered[format!("p{i}")]["value"].as_str().unwrap())
                .unwrap_or_else(|e| panic!("{file} rendered by terraform is not JSON: {e}"));
            let args =
                [&["team/web", "--region", "eu-west-1", "--account", "123456789012", "--kms-key-arn", key], *flags]
                    .concat();
            let by_tfsecrets: Value = serde_json::from_str(&policy(&args)).unwrap();
            assert_eq!(
                by_terraform,
                by_tfsecrets,
                "{} rendered {file} differently from tfsecrets policy",
                bin.display()
            );
        }
    }
}
