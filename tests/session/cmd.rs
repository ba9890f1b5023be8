//! `tfsecrets session`: show, --json, --export, --write-profile, --clear.

use crate::support::session as sess;

use crate::support::mode;
use sess::ADMIN_KEY;
use snapbox::str;

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
    // The session's name ends in a timestamp, its expiry is an hour from now.
    let stamp = regex::Regex::new(r"tfsecrets-(?<redacted>\d+)").unwrap();
    let mut t = w.transcript().redact("[STAMP]", stamp);
    let out = t.run(w.std_cmd(&["--profile", "admin", "--mfa-token", "123456", "session"]));
    assert_eq!(out.status.code(), Some(0));
    let (_, secret, token) = cached_secret(&w, ADMIN_KEY);
    let out2 = t.run(w.std_cmd(&["--profile", "admin", "session", "--json"]));
    assert_eq!(out2.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out2.stdout).unwrap();
    assert!(v["expires_in_seconds"].as_i64().unwrap() > 3000);
    // Role, account, identity, expiry (in 59m); one status line on stderr; --json the same facts.
    t = t.redact("[SECONDS]", regex::Regex::new(r#""expires_in_seconds":(?<redacted>\d+)"#).unwrap());
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin --mfa-token 123456 session
profile:  admin
source:   MFA session, new
role:     arn:aws:iam::123456789012:role/prod-admin
mfa:      arn:aws:iam::111111111111:mfa/alice
identity: arn:aws:sts::123456789012:assumed-role/prod-admin/tfsecrets-[STAMP]
account:  123456789012
region:   us-east-1
expires:  [TIME] (in 59m)
cache:    [HOME]/.aws/cli/cache/efc6f254b376fe471c9b25c2744f4cf63283c4e4.json
--- stderr
tfsecrets: MFA session for arn:aws:iam::123456789012:role/prod-admin new, expires [TIME] (in 59m)

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin session --json
{"profile":"admin","source":"mfa-role","role_arn":"arn:aws:iam::123456789012:role/prod-admin","mfa_serial":"arn:aws:iam::111111111111:mfa/alice","from_cache":true,"aws_vault":null,"arn":"arn:aws:sts::123456789012:assumed-role/prod-admin/tfsecrets-[STAMP]","account":"123456789012","region":"us-east-1","expiration":"[TIME]","expires_in_seconds":[SECONDS],"cache_file":"[HOME]/.aws/cli/cache/efc6f254b376fe471c9b25c2744f4cf63283c4e4.json"}
--- stderr
tfsecrets: MFA session for arn:aws:iam::123456789012:role/prod-admin from cache, expires [TIME] (in 59m)

"#]]);
    for o in [&out, &out2] {
        for text in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(text);
            assert!(!text.contains(&secret) && !text.contains(&token), "secret printed: {text}");
        }
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
    let mut t = w.transcript();
    assert_eq!(
        t.run(w.std_cmd(&["--profile", "admin", "session", "--write-profile", "other"])).status.code(),
        Some(73)
    );
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin session --write-profile other
--- stderr
tfsecrets: MFA session for arn:aws:iam::123456789012:role/prod-admin from cache, expires [TIME] (in 59m)
tfsecrets: error: the credentials file already has a [other] section that tfsecrets did not write
  hint: pick another name for --write-profile, or remove that section yourself
--- exit 73

"#]]);
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
    let mut t = w.transcript();
    // Cleared, with a note that the session itself cannot be revoked.
    assert_eq!(t.run(w.std_cmd(&["--profile", "admin", "session", "--clear"])).status.code(), Some(0));
    assert!(!w.entry(ADMIN_KEY).exists());
    assert_eq!(w.cache_files().len(), 2, "{:?}", w.cache_files());
    assert!(w.proxy.seen().is_empty(), "--clear makes no AWS call");
    assert_eq!(t.run(w.std_cmd(&["--profile", "admin", "session", "--clear"])).status.code(), Some(0));
    assert_eq!(t.run(w.std_cmd(&["--profile", "base", "session", "--clear"])).status.code(), Some(64));
    // The next run prompts again (no terminal here: the fast error).
    assert_eq!(t.run(w.std_cmd(&["--profile", "admin", "session"])).status.code(), Some(78));
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin session --clear
cleared the cached MFA session of profile admin ([HOME]/.aws/cli/cache/efc6f254b376fe471c9b25c2744f4cf63283c4e4.json)
--- stderr
tfsecrets: note: AWS cannot revoke it: the credentials stay valid until they expire wherever they were copied

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin session --clear
no cached MFA session for profile admin ([HOME]/.aws/cli/cache/efc6f254b376fe471c9b25c2744f4cf63283c4e4.json)

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile base session --clear
--- stderr
tfsecrets: error: profile "base" has no mfa_serial: there is no cached MFA session to clear
  hint: --clear works on profiles with mfa_serial
--- exit 64

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin session
--- stderr
tfsecrets: error: profile "admin" needs an MFA code for arn:aws:iam::111111111111:mfa/alice and there is no terminal to ask on
  hint: pass --mfa-token CODE, or start the session from a terminal first (`tfsecrets session --profile admin` or `aws sts get-caller-identity --profile admin`: both fill the shared cache)
--- exit 78

"#]]);
}
