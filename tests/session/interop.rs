//! Interop with the real AWS CLI (awscli 1.x from the test venv): each tool reuses the other's cached session.

use crate::support as common;
use crate::support::session as sess;

use sess::{PROMPT_TEXT, SERIAL};

fn aws_bin() -> Option<std::path::PathBuf> {
    let p = common::venv_bin().join("aws");
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var("TFSECRETS_REQUIRE_MOTO").as_deref() != Ok("1"), "aws CLI missing at {}", p.display());
    eprintln!("*** SKIPPING: {} missing; run scripts/setup ***", p.display());
    None
}

fn aws(w: &sess::World, bin: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    w.std_env(&mut c);
    c.env("AWS_DEFAULT_REGION", "us-east-1").env("AWS_PAGER", "").args(args);
    c
}

const CONFIGS: [&str; 2] = [
    sess::ADMIN_CONFIG,
    "[profile base]\nregion = us-east-1\n\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/prod-admin\n\
     source_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nduration_seconds = 1800\n\
     role_session_name = alice\nexternal_id = ext-7\n",
];

#[test]
fn entry_written_by_aws_cli_is_reused_without_prompt() {
    let Some(bin) = aws_bin() else { return };
    for config in CONFIGS {
        let w = world_or_skip!();
        w.config(config).credentials(sess::BASE_CREDENTIALS);
        let run = sess::run_on_pty(
            aws(&w, &bin, &["sts", "get-caller-identity", "--profile", "admin"]),
            PROMPT_TEXT,
            &["123456"],
            "",
        );
        assert_eq!(run.code, Some(0), "aws failed: {}\ntty: {}", run.stderr, run.tty);
        assert_eq!(run.answered, 1);
        assert!(run.tty.contains(&format!("Enter MFA code for {SERIAL}: ")), "{}", run.tty);
        let by_cli: Vec<_> =
            w.proxy.seen().into_iter().filter(|s| s.action().as_deref() == Some("AssumeRole")).collect();
        assert_eq!(by_cli.len(), 1, "the AWS CLI went through the proxy (AWS_ENDPOINT_URL_STS honoured)");
        let files = w.cache_files();
        assert_eq!(files.len(), 1, "{files:?}");
        let entry = w.cache_dir().join(&files[0]);
        let before = std::fs::read(&entry).unwrap();

        w.proxy.clear();
        let out = w.run(&["--profile", "admin", "session", "--json"], &[]).ok();
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["from_cache"], true, "{}", out.stderr);
        assert_eq!(v["cache_file"], entry.display().to_string());
        assert!(!w.proxy.actions().contains(&"AssumeRole".to_owned()));
        assert_eq!(before, std::fs::read(&entry).unwrap(), "entry left as the AWS CLI wrote it");
    }
}

#[test]
fn entry_written_by_tfsecrets_is_used_by_aws_cli_without_prompt() {
    let Some(bin) = aws_bin() else { return };
    for config in CONFIGS {
        let w = world_or_skip!();
        w.config(config).credentials(sess::BASE_CREDENTIALS);
        w.run(&["--profile", "admin", "--mfa-token", "123456", "session", "--json"], &[]).ok();
        let files = w.cache_files();
        assert_eq!(files.len(), 1);
        let cached: serde_json::Value =
            serde_json::from_slice(&std::fs::read(w.cache_dir().join(&files[0])).unwrap()).unwrap();
        let arn = cached["AssumedRoleUser"]["Arn"].as_str().unwrap().to_owned();
        w.proxy.clear();
        let out = common::detached(
            aws(&w, &bin, &["sts", "get-caller-identity", "--profile", "admin", "--output", "json"]),
            None,
        )
        .ok();
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["Arn"], arn.as_str(), "the AWS CLI used tfsecrets' session");
        assert!(!w.proxy.actions().contains(&"AssumeRole".to_owned()), "no new AssumeRole from the AWS CLI");
        let seen = w.proxy.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].signed_with().as_deref(), cached["Credentials"]["AccessKeyId"].as_str());
    }
}
