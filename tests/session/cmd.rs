//! `tfsecrets session`: show, --json, --export, --write-profile, --clear.

use crate::support::session as sess;

use crate::support::mode;
use sess::{ADMIN_KEY, ROLE};

fn cached_secret(w: &sess::World, key: &str) -> (String, String, String) {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(w.entry(key)).unwrap()).unwrap();
    let c = &v["Credentials"];
    (
        c["AccessKeyId"].as_str().unwrap().to_owned(),
        c["SecretAccessKey"].as_str().unwrap().to_owned(),
        c["SessionToken"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn show_and_json_never_print_secrets() {
    let w = world_or_skip!();
    w.admin();
    let out = w.run(&["--profile", "admin", "--mfa-token", "123456", "session"], &[]).ok();
    let (_, secret, token) = cached_secret(&w, ADMIN_KEY);
    assert!(out.stdout.contains(&format!("role:     {ROLE}")), "{}", out.stdout);
    assert!(out.stdout.contains("account:  123456789012"), "{}", out.stdout);
    assert!(
        out.stdout.contains("identity: arn:aws:sts::123456789012:assumed-role/prod-admin/tfsecrets-"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("expires:") && out.stdout.contains("(in 59m)"), "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "one status line: {}", out.stderr);
    let out2 = w.run(&["--profile", "admin", "session", "--json"], &[]).ok();
    let v: serde_json::Value = serde_json::from_str(&out2.stdout).unwrap();
    assert_eq!(v["source"], "mfa-role");
    assert_eq!(v["account"], "123456789012");
    assert!(v["expires_in_seconds"].as_i64().unwrap() > 3000);
    for text in [&out.stdout, &out.stderr, &out2.stdout, &out2.stderr] {
        assert!(!text.contains(&secret) && !text.contains(&token), "secret printed: {text}");
    }
}

#[test]
fn export_lines_eval_in_a_shell() {
    let w = world_or_skip!();
    w.admin();
    let out = w.run(&["--profile", "admin", "--mfa-token", "123456", "session", "--export"], &[]).ok();
    let (akid, secret, token) = cached_secret(&w, ADMIN_KEY);
    assert!(out.stdout.contains("# deactivate: unset AWS_ACCESS_KEY_ID"), "{}", out.stdout);
    let script = format!("{}\nenv", out.stdout);
    let sh = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("AWS_PROFILE", "admin")
        .env("AWS_SECURITY_TOKEN", "stale")
        .output()
        .unwrap();
    assert!(sh.status.success());
    let env = String::from_utf8(sh.stdout).unwrap();
    assert!(env.contains(&format!("AWS_ACCESS_KEY_ID={akid}\n")));
    assert!(env.contains(&format!("AWS_SECRET_ACCESS_KEY={secret}\n")));
    assert!(env.contains(&format!("AWS_SESSION_TOKEN={token}\n")));
    assert!(env.contains("AWS_CREDENTIAL_EXPIRATION=20") && env.contains("AWS_REGION=us-east-1\n"), "{env}");
    assert!(!env.contains("AWS_PROFILE=") && !env.contains("AWS_SECURITY_TOKEN="), "{env}");
}

const OTHER_CREDENTIALS: &str = "# my keys\r\n[base]\r\naws_access_key_id = AKIABASEEXAMPLE\r\naws_secret_access_key = base-secret-example\r\n\r\n; a comment\n[other]\naws_access_key_id=AKIAOTHER   \naws_secret_access_key =  x # tail";

#[test]
fn write_profile_keeps_every_other_byte() {
    let w = world_or_skip!();
    w.config(sess::ADMIN_CONFIG).credentials(OTHER_CREDENTIALS);
    let creds_file = w.home().join(".aws/credentials");
    let out = w
        .run(&["--profile", "admin", "--mfa-token", "123456", "session", "--write-profile", "admin-session"], &[])
        .ok();
    assert!(out.stdout.contains("wrote [admin-session]"), "{}", out.stdout);
    let text = std::fs::read_to_string(&creds_file).unwrap();
    let (akid, secret, token) = cached_secret(&w, ADMIN_KEY);
    assert!(text.starts_with(&format!("{OTHER_CREDENTIALS}\n\n[admin-session]\naws_access_key_id = {akid}\naws_secret_access_key = {secret}\naws_session_token = {token}\n# written by tfsecrets session")), "{text}");
    assert_eq!(mode(&creds_file), 0o600);
    assert!(!out.stdout.contains(&secret) && !out.stderr.contains(&secret));

    // The written profile works on its own (row 3, static session keys).
    let out = w.run(&["--profile", "admin-session", "session", "--json"], &[]).ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["source"], "default-chain");
    assert!(v["arn"].as_str().unwrap().contains("assumed-role/prod-admin/"));

    // Rewriting replaces only that section.
    w.run(
        &["--profile", "admin", "--fresh", "--mfa-token", "654321", "session", "--write-profile", "admin-session"],
        &[],
    )
    .ok();
    let again = std::fs::read_to_string(&creds_file).unwrap();
    assert!(again.starts_with(&format!("{OTHER_CREDENTIALS}\n\n[admin-session]\n")));
    assert_eq!(again.matches("[admin-session]").count(), 1);
    let (akid2, _, _) = cached_secret(&w, ADMIN_KEY);
    assert!(again.contains(&akid2) && (akid2 == akid || !again.contains(&akid)));

    // A section tfsecrets did not write is never overwritten.
    let before = std::fs::read(&creds_file).unwrap();
    let out = w.run(&["--profile", "admin", "session", "--write-profile", "other"], &[]).fails(2);
    assert!(out.stderr.contains("did not write"), "{}", out.stderr);
    assert_eq!(before, std::fs::read(&creds_file).unwrap());
}

#[test]
fn clear_removes_only_that_profiles_entry() {
    let w = world_or_skip!();
    w.config(&format!(
        "{}\n[profile admin2]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = base\nmfa_serial = {}\n",
        sess::ADMIN_CONFIG,
        sess::SERIAL
    ))
    .credentials(sess::BASE_CREDENTIALS);
    w.run(&["--profile", "admin", "--mfa-token", "123456", "session", "--json"], &[]).ok();
    w.run(&["--profile", "admin2", "--mfa-token", "123456", "session", "--json"], &[]).ok();
    std::fs::write(w.cache_dir().join("unrelated.json"), "{}").unwrap();
    assert_eq!(w.cache_files().len(), 3);
    w.proxy.clear();
    let out = w.run(&["--profile", "admin", "session", "--clear"], &[]).ok();
    assert!(out.stdout.contains("cleared the cached MFA session of profile admin"), "{}", out.stdout);
    assert!(out.stderr.contains("cannot revoke"), "{}", out.stderr);
    assert!(!w.entry(ADMIN_KEY).exists());
    assert_eq!(w.cache_files().len(), 2, "{:?}", w.cache_files());
    assert!(w.proxy.seen().is_empty(), "--clear makes no AWS call");
    let out = w.run(&["--profile", "admin", "session", "--clear"], &[]).ok();
    assert!(out.stdout.contains("no cached MFA session"), "{}", out.stdout);
    let out = w.run(&["--profile", "base", "session", "--clear"], &[]).fails(2);
    assert!(out.stderr.contains("no mfa_serial"), "{}", out.stderr);
    // The next run prompts again (no terminal here: the fast error).
    let out = w.run(&["--profile", "admin", "session"], &[]).fails(1);
    assert!(out.stderr.contains("--mfa-token"), "{}", out.stderr);
}
