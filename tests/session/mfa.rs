//! MFA role sessions end to end: the binary against moto through a recording proxy, prompts on a real pty.

use crate::support::session as sess;

use crate::support::mode;
use crate::support::transcript::Transcript;
use sess::{ADMIN_KEY, ROLE, SERIAL, expiration_in, run_on_pty};
use snapbox::str;

const PROMPT: &str = "Enter MFA code for ";
fn assume_role_calls(w: &sess::World) -> Vec<crate::support::Request> {
    w.proxy.seen().into_iter().filter(|s| s.action().as_deref() == Some("AssumeRole")).collect()
}

#[test]
fn prompt_on_pty_writes_cache_then_reused_without_prompt() {
    let w = world_or_skip!();
    w.admin();
    // stdin carries data that must not be taken for the code; stdout is a pipe.
    let run = run_on_pty(w.std_cmd(&["--profile", "admin", "session", "--json"]), PROMPT, &["246813"], "999999\n");
    assert_eq!(run.code, Some(0), "stderr: {}\ntty: {}", run.stderr, run.tty);
    assert_eq!(run.answered, 1);
    assert!(run.tty.contains(&format!("Enter MFA code for {SERIAL}: ")), "tty: {:?}", run.tty);
    assert!(!run.stdout.contains("Enter MFA"), "prompt leaked to stdout");
    assert!(!run.stdout.contains("246813") && !run.stderr.contains("246813"), "code echoed");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["from_cache"], false);
    assert!(run.stderr.contains(&format!("tfsecrets: MFA session for {ROLE} new, expires")), "{}", run.stderr);

    let calls = assume_role_calls(&w);
    assert_eq!(calls.len(), 1);
    let mut fields: Vec<String> = calls[0].form().into_iter().map(|(k, _)| k).collect();
    fields.sort();
    assert_eq!(fields, ["Action", "RoleArn", "RoleSessionName", "SerialNumber", "TokenCode", "Version"]);
    assert_eq!(calls[0].field("RoleArn").as_deref(), Some(ROLE));
    assert_eq!(calls[0].field("SerialNumber").as_deref(), Some(SERIAL));
    assert_eq!(calls[0].field("TokenCode").as_deref(), Some("246813"));
    assert!(calls[0].field("RoleSessionName").unwrap().starts_with("tfsecrets-"));
    assert_eq!(calls[0].signed_with().as_deref(), Some("AKIABASEEXAMPLE"), "source profile's keys sign AssumeRole");

    assert_eq!(w.cache_files(), [format!("{ADMIN_KEY}.json")]);
    let entry = w.entry(ADMIN_KEY);
    assert_eq!(mode(&entry), 0o600);
    assert_eq!(mode(&w.cache_dir()), 0o700);
    let cached: serde_json::Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
    let akid = cached["Credentials"]["AccessKeyId"].as_str().unwrap().to_owned();
    assert!(cached["Credentials"]["Expiration"].as_str().unwrap().ends_with("+00:00"));
    assert_eq!(cached["Credentials"]["AccountId"], "123456789012");

    // Second run: no terminal at all, no token: served from the cache, file untouched.
    let before = (std::fs::read(&entry).unwrap(), std::fs::metadata(&entry).unwrap().modified().unwrap());
    w.proxy.clear();
    let out = w.run(&["--profile", "admin", "session", "--json"], &[]).ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["from_cache"], true);
    assert!(out.stderr.contains("from cache, expires"), "{}", out.stderr);
    assert!(assume_role_calls(&w).is_empty());
    assert!(w.proxy.seen().iter().all(|s| s.signed_with().as_deref() == Some(akid.as_str())));
    assert_eq!(before, (std::fs::read(&entry).unwrap(), std::fs::metadata(&entry).unwrap().modified().unwrap()));
}

#[test]
fn cache_hit_in_every_expiration_form() {
    let w = world_or_skip!();
    w.admin();
    for form in ["%Y-%m-%dT%H:%M:%S+00:00", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%SUTC", "%Y-%m-%d %H:%M:%S.123456Z"] {
        let entry = w.seed(ADMIN_KEY, &expiration_in(60, form));
        let before = (std::fs::read(&entry).unwrap(), std::fs::metadata(&entry).unwrap().modified().unwrap());
        w.proxy.clear();
        let out = w.run(&["--profile", "admin", "list", "--json", "nothing-here"], &[]).ok();
        assert!(out.stderr.contains("from cache"), "{form}: {}", out.stderr);
        assert!(assume_role_calls(&w).is_empty(), "{form}");
        let seen = w.proxy.seen();
        assert!(!seen.is_empty());
        assert!(seen.iter().all(|s| s.signed_with().as_deref() == Some("ASIASEEDED")), "{form}: {seen:?}");
        let after = (std::fs::read(&entry).unwrap(), std::fs::metadata(&entry).unwrap().modified().unwrap());
        assert_eq!(before, after, "{form}: entry changed");
    }
}

#[test]
fn short_expired_or_corrupt_entries_prompt_and_are_replaced() {
    let w = world_or_skip!();
    w.admin();
    type Seed<'a> = Box<dyn Fn() -> std::path::PathBuf + 'a>;
    let cases: Vec<(&str, Seed)> = vec![
        ("14 min left", Box::new(|| w.seed(ADMIN_KEY, &expiration_in(14, "%Y-%m-%dT%H:%M:%S+00:00")))),
        ("expired", Box::new(|| w.seed(ADMIN_KEY, &expiration_in(-5, "%Y-%m-%dT%H:%M:%SZ")))),
        (
            "corrupt",
            Box::new(|| {
                let p = w.seed(ADMIN_KEY, "x");
                std::fs::write(&p, "{\"Credentials\": {\"AccessKeyId\": ").unwrap();
                p
            }),
        ),
        (
            "missing field",
            Box::new(|| {
                let p = w.seed(ADMIN_KEY, "x");
                std::fs::write(&p, "{\"Credentials\": {\"AccessKeyId\": \"ASIASEEDED\", \"SecretAccessKey\": \"s\", \"Expiration\": \"2099-01-01T00:00:00Z\"}}").unwrap();
                p
            }),
        ),
        ("no zone", Box::new(|| w.seed(ADMIN_KEY, &expiration_in(60, "%Y-%m-%dT%H:%M:%S")))),
    ];
    for (what, seed) in cases {
        let entry = seed();
        w.proxy.clear();
        let run =
            run_on_pty(w.std_cmd(&["--profile", "admin", "list", "--json", "nothing-here"]), PROMPT, &["123456"], "");
        assert_eq!(run.code, Some(0), "{what}: {}", run.stderr);
        assert_eq!(run.answered, 1, "{what}: prompted once");
        assert_eq!(assume_role_calls(&w).len(), 1, "{what}");
        let cached: serde_json::Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
        assert_ne!(cached["Credentials"]["AccessKeyId"], "ASIASEEDED", "{what}: entry replaced");
        assert_eq!(mode(&entry), 0o600, "{what}");
        assert_eq!(mode(&w.cache_dir()), 0o700, "{what}");
        assert_eq!(w.cache_files(), [format!("{ADMIN_KEY}.json")], "{what}: no temporary file left");
        if what == "corrupt" || what == "missing field" {
            assert!(run.stderr.contains("warning: ignoring cache entry"), "{what}: {}", run.stderr);
        }
        if what == "14 min left" {
            assert!(run.stderr.contains("renewing"), "{}", run.stderr);
        }
    }
}

#[test]
fn min_ttl_flag_and_env_move_the_renewal_point() {
    let w = world_or_skip!();
    w.config(&format!("{}duration_seconds = 7200\n", sess::ADMIN_CONFIG)).credentials(sess::BASE_CREDENTIALS);
    let key =
        sess::python_key(&format!(r#"{{"RoleArn": "{ROLE}", "SerialNumber": "{SERIAL}", "DurationSeconds": 7200}}"#)).1;
    w.seed(&key, &expiration_in(60, "%Y-%m-%dT%H:%M:%SZ"));
    // 60 minutes left is not enough for --min-ttl 90m: renewal needs a code, and there is no terminal.
    let out = w.run(&["--profile", "admin", "--min-ttl", "1h30m", "list", "--json", "x"], &[]).fails(78);
    assert!(out.stderr.contains("renewing") && out.stderr.contains("--mfa-token"), "{}", out.stderr);
    let out = w.run(&["--profile", "admin", "list", "--json", "x"], &[("TFSECRETS_MIN_TTL", "90m")]).fails(78);
    assert!(out.stderr.contains("--mfa-token"), "{}", out.stderr);
    w.run(&["--profile", "admin", "list", "--json", "x"], &[("TFSECRETS_MIN_TTL", "50m")]).ok();
    let out = w.run(&["--profile", "admin", "--min-ttl", "15", "list", "--json", "x"], &[]).fails(64);
    assert!(out.stderr.contains("invalid duration"), "{}", out.stderr);
}

#[test]
fn fresh_ignores_a_good_entry() {
    let w = world_or_skip!();
    w.admin();
    let entry = w.seed(ADMIN_KEY, &expiration_in(60, "%Y-%m-%dT%H:%M:%SZ"));
    w.run(&["--profile", "admin", "--fresh", "--mfa-token", "123456", "list", "--json", "x"], &[]).ok();
    assert_eq!(assume_role_calls(&w).len(), 1);
    let cached: serde_json::Value = serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
    assert_ne!(cached["Credentials"]["AccessKeyId"], "ASIASEEDED");
}

#[test]
fn bad_codes_reprompt_then_give_up() {
    let w = world_or_skip!();
    w.admin();
    let run = run_on_pty(
        w.std_cmd(&["--profile", "admin", "list", "--json", "x"]),
        PROMPT,
        &["12345", "abcdef", " 654321 "],
        "",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.answered, 3);
    assert!(run.tty.contains("6 digits"));
    assert_eq!(assume_role_calls(&w)[0].field("TokenCode").as_deref(), Some("654321"));

    let w = world_or_skip!();
    w.admin();
    let run = run_on_pty(w.std_cmd(&["--profile", "admin", "list", "--json", "x"]), PROMPT, &["1", "2", "3"], "");
    assert_eq!(run.code, Some(65), "{}", run.stderr);
    assert!(run.stderr.contains("no valid MFA code after 3 tries"), "{}", run.stderr);
    assert!(w.proxy.seen().is_empty(), "no AWS call");
    assert!(w.cache_files().is_empty());
}

#[test]
fn no_terminal_and_no_token_fails_at_once_without_aws_calls() {
    let w = world_or_skip!();
    w.admin();
    let mut t = Transcript::of(&w.env);
    let start = std::time::Instant::now();
    assert_eq!(t.run(w.std_cmd(&["--profile", "admin", "list", "--json", "x"])).status.code(), Some(78));
    assert!(start.elapsed() < std::time::Duration::from_secs(3), "took {:?}", start.elapsed());
    // No terminal: says so, and how to pass the code (--mfa-token) or start a session with the AWS CLI.
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin list --json x
--- stderr
tfsecrets: error: profile "admin" needs an MFA code for arn:aws:iam::111111111111:mfa/alice and there is no terminal to ask on
  hint: pass --mfa-token CODE, or start the session from a terminal first (`tfsecrets session --profile admin` or `aws sts get-caller-identity --profile admin`: both fill the shared cache)
--- exit 78

"#]]);
    assert!(w.proxy.seen().is_empty(), "AWS calls were made: {:?}", w.proxy.actions());
    assert!(w.cache_files().is_empty());
}

#[test]
fn wrong_code_is_access_denied_and_nothing_is_cached() {
    let w = world_or_skip!();
    w.admin();
    let mut t = Transcript::of(&w.env);
    let out = t.run(w.std_cmd(&["--profile", "admin", "--mfa-code", "000000", "list", "--json", "x"]));
    assert_eq!(out.status.code(), Some(77));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("000000"), "the code must not be echoed: {err}");
    // AccessDenied, and what may have caused it: a wrong or already-used code, clock skew.
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin --mfa-code 000000 list --json x
--- stderr
tfsecrets: error: AssumeRole for profile "admin" failed: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.
  hint: check: a wrong or already-used MFA code (each code works once; wait for the next), clock skew on this machine, mfa_serial on the wrong profile (it must be on "admin" itself, not on its source profile), and for role chaining the 1-hour cap on duration_seconds
--- exit 77

"#]]);
    assert!(w.cache_files().is_empty(), "{:?}", w.cache_files());
    assert_eq!(assume_role_calls(&w).len(), 1, "no automatic retry on AccessDenied");
    assert!(!w.proxy.actions().iter().any(|a| a.contains("Parameter")), "no SSM call after a failed session");

    // Typed on the terminal: same outcome.
    let run = run_on_pty(w.std_cmd(&["--profile", "admin", "list", "--json", "x"]), PROMPT, &["000000"], "");
    assert_eq!(run.code, Some(77));
    assert!(run.stderr.contains("AccessDenied"), "{}", run.stderr);
    assert!(w.cache_files().is_empty());
}

#[test]
fn malformed_mfa_token_flag_is_rejected() {
    let w = world_or_skip!();
    w.admin();
    let mut t = Transcript::of(&w.env);
    let out = t.run(w.std_cmd(&["--profile", "admin", "--mfa-token", "12ab56", "list", "--json", "x"]));
    assert_eq!(out.status.code(), Some(64));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("12ab56"));
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile admin --mfa-token 12ab56 list --json x
--- stderr
tfsecrets: error: --mfa-token must be a 6-digit code
--- exit 64

"#]]);
    assert!(w.proxy.seen().is_empty());
}

#[test]
fn session_shorter_than_min_ttl_fails_before_prompting() {
    let w = world_or_skip!();
    w.config(&format!("{}duration_seconds = 900\n", sess::ADMIN_CONFIG)).credentials(sess::BASE_CREDENTIALS);
    let run = run_on_pty(
        w.std_cmd(&["--profile", "admin", "--min-ttl", "20m", "list", "--json", "x"]),
        PROMPT,
        &["123456"],
        "",
    );
    assert_eq!(run.code, Some(78), "{}", run.stderr);
    assert_eq!(run.answered, 0);
    assert!(!run.tty.contains(PROMPT));
    assert!(run.stderr.contains("less than --min-ttl 20m"), "{}", run.stderr);
    assert!(w.proxy.seen().is_empty());
}

#[test]
fn configured_fields_are_sent_and_keyed_like_python() {
    let w = world_or_skip!();
    w.config(
        "[profile base]\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/prod-admin\nsource_profile = base\n\
         mfa_serial = arn:aws:iam::111111111111:mfa/alice\nduration_seconds = 7200\nexternal_id = ext-42\nrole_session_name = alice\n",
    )
    .credentials(sess::BASE_CREDENTIALS);
    w.run(&["--profile", "admin", "--mfa-token", "123456", "list", "--json", "x"], &[]).ok();
    let call = &assume_role_calls(&w)[0];
    assert_eq!(call.field("DurationSeconds").as_deref(), Some("7200"));
    assert_eq!(call.field("ExternalId").as_deref(), Some("ext-42"));
    assert_eq!(call.field("RoleSessionName").as_deref(), Some("alice"));
    let (json, key) = sess::python_key(&format!(
        r#"{{"RoleArn": "{ROLE}", "SerialNumber": "{SERIAL}", "DurationSeconds": 7200, "ExternalId": "ext-42", "RoleSessionName": "alice"}}"#
    ));
    assert!(json.starts_with("{\"DurationSeconds\": 7200, \"ExternalId\""), "{json}");
    assert_eq!(w.cache_files(), [format!("{key}.json")]);
    let cached: serde_json::Value = serde_json::from_slice(&std::fs::read(w.entry(&key)).unwrap()).unwrap();
    let exp = chrono::DateTime::parse_from_rfc3339(cached["Credentials"]["Expiration"].as_str().unwrap()).unwrap();
    let left = exp.signed_duration_since(chrono::Utc::now()).num_minutes();
    assert!((115..=120).contains(&left), "moto honours DurationSeconds: {left} min");
}

#[test]
fn chained_roles_resolve_the_source_role_first() {
    let w = world_or_skip!();
    w.config(
        "[profile base]\n\n[profile mid]\nrole_arn = arn:aws:iam::222222222222:role/mid\nsource_profile = base\n\n\
         [profile top]\nrole_arn = arn:aws:iam::333333333333:role/top\nsource_profile = mid\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n",
    )
    .credentials(sess::BASE_CREDENTIALS);
    let out = w.run(&["--profile", "top", "--mfa-token", "123456", "session", "--json"], &[]).ok();
    let calls = assume_role_calls(&w);
    assert_eq!(calls.len(), 2, "{:?}", w.proxy.actions());
    assert_eq!(calls[0].field("RoleArn").as_deref(), Some("arn:aws:iam::222222222222:role/mid"));
    assert_eq!(calls[0].field("TokenCode"), None, "the source role has no MFA");
    assert_eq!(calls[0].signed_with().as_deref(), Some("AKIABASEEXAMPLE"));
    assert_eq!(calls[1].field("RoleArn").as_deref(), Some("arn:aws:iam::333333333333:role/top"));
    assert_eq!(calls[1].field("TokenCode").as_deref(), Some("123456"));
    let mid_key = calls[1].signed_with().unwrap();
    assert!(mid_key.starts_with("ASIA"), "top is assumed with mid's session keys, got {mid_key}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["role_arn"], "arn:aws:iam::333333333333:role/top");
    assert_eq!(v["account"], "333333333333");
}

#[test]
fn profile_chain_errors_name_the_profile() {
    let w = world_or_skip!();
    w.config(
        "[profile orphan]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = nowhere\nmfa_serial = m\n\n\
         [profile l1]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = l2\nmfa_serial = m\n\n\
         [profile l2]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = l3\n\n[profile l3]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = l2\n",
    );
    let mut t = Transcript::of(&w.env);
    for profile in ["orphan", "l1", "ghost"] {
        assert_eq!(t.run(w.std_cmd(&["--profile", profile, "list", "--json", "x"])).status.code(), Some(78));
    }
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile orphan list --json x
--- stderr
tfsecrets: error: profile "orphan": source_profile "nowhere" not found
  hint: profiles are read from [HOME]/.aws/config ([profile NAME]) and [HOME]/.aws/credentials ([NAME])
--- exit 78

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile l1 list --json x
--- stderr
tfsecrets: error: loop in AWS profile chain: l1 -> l2 -> l3 -> l2
  hint: a source_profile chain must end at a profile with credentials
--- exit 78

$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile ghost list --json x
--- stderr
tfsecrets: error: AWS profile "ghost" not found
  hint: profiles are read from [HOME]/.aws/config ([profile NAME]) and [HOME]/.aws/credentials ([NAME])
--- exit 78

"#]]);
    assert!(w.proxy.seen().is_empty());
}

#[test]
fn user_profile_with_mfa_uses_get_session_token_cached_under_own_name() {
    let w = world_or_skip!();
    w.config("[profile user]\nmfa_serial = arn:aws:iam::111111111111:mfa/bob\n")
        .credentials("[user]\naws_access_key_id = AKIAUSEREXAMPLE\naws_secret_access_key = user-secret\n");
    w.run(&["--profile", "user", "--mfa-token", "123456", "list", "--json", "x"], &[]).ok();
    let gst: Vec<_> = w.proxy.seen().into_iter().filter(|s| s.action().as_deref() == Some("GetSessionToken")).collect();
    assert_eq!(gst.len(), 1);
    assert_eq!(gst[0].field("SerialNumber").as_deref(), Some("arn:aws:iam::111111111111:mfa/bob"));
    assert_eq!(gst[0].field("DurationSeconds").as_deref(), Some("3600"));
    assert_eq!(gst[0].signed_with().as_deref(), Some("AKIAUSEREXAMPLE"));
    let (_, key) =
        sess::python_key(r#"{"SerialNumber": "arn:aws:iam::111111111111:mfa/bob", "AccessKeyId": "AKIAUSEREXAMPLE"}"#);
    assert_eq!(w.cache_files(), [format!("tfsecrets-sts-{key}.json")]);
    assert_eq!(mode(&w.entry(&format!("tfsecrets-sts-{key}"))), 0o600);
    w.proxy.clear();
    w.run(&["--profile", "user", "list", "--json", "x"], &[]).ok();
    assert!(!w.proxy.actions().contains(&"GetSessionToken".to_owned()));
}

#[test]
fn group_readable_cache_warns() {
    use std::os::unix::fs::PermissionsExt;
    let w = world_or_skip!();
    w.admin();
    let entry = w.seed(ADMIN_KEY, &expiration_in(60, "%Y-%m-%dT%H:%M:%SZ"));
    std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = w.run(&["--profile", "admin", "list", "--json", "x"], &[]).ok();
    assert!(out.stderr.contains("accessible to group or others"), "{}", out.stderr);
    assert_eq!(out.stderr.matches("accessible to group").count(), 1, "warned once");
}

#[test]
fn env_credentials_expiring_soon_fail_fast() {
    let w = world_or_skip!();
    let soon = expiration_in(5, "%Y-%m-%dT%H:%M:%SZ");
    for var in ["AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION"] {
        let out = w
            .run(
                &["list", "--json", "x"],
                &[("AWS_ACCESS_KEY_ID", "ASIAENV"), ("AWS_SECRET_ACCESS_KEY", "s"), (var, &soon)],
            )
            .fails(78);
        assert!(out.stderr.contains("credentials in the environment expires"), "{var}: {}", out.stderr);
        assert!(out.stderr.contains("less than --min-ttl 15m"), "{}", out.stderr);
        assert!(w.proxy.seen().is_empty(), "{var}: no AWS call");
    }
    let out = w
        .run(
            &["--min-ttl", "2m", "list", "--json", "x"],
            &[
                ("AWS_ACCESS_KEY_ID", "ASIAENV"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
                ("AWS_SECURITY_TOKEN", "legacy"),
                ("AWS_SESSION_EXPIRATION", &soon),
                ("AWS_VAULT", "prod"),
            ],
        )
        .ok();
    assert!(
        out.stderr.contains("tfsecrets: credentials from environment (aws-vault: prod), expire "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("legacy"));
    assert!(w.proxy.seen().iter().all(|s| s.signed_with().as_deref() == Some("ASIAENV")));
    assert!(
        w.proxy.seen().iter().all(|s| s.head.to_ascii_lowercase().contains("x-amz-security-token: legacy")),
        "AWS_SECURITY_TOKEN used"
    );
}

#[test]
fn profile_flag_beats_environment_credentials() {
    let w = world_or_skip!();
    w.admin();
    let out = w
        .run(
            &["--profile", "admin", "--mfa-token", "123456", "list", "--json", "x"],
            &[("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "s")],
        )
        .ok();
    assert!(out.stderr.contains("ignoring the AWS credentials in the environment"), "{}", out.stderr);
    assert_eq!(assume_role_calls(&w)[0].signed_with().as_deref(), Some("AKIABASEEXAMPLE"));
    // Without the flag, AWS_PROFILE does not beat environment keys (row 1).
    w.proxy.clear();
    w.run(
        &["list", "--json", "x"],
        &[("AWS_PROFILE", "admin"), ("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "s")],
    )
    .ok();
    assert!(assume_role_calls(&w).is_empty());
    assert!(w.proxy.seen().iter().all(|s| s.signed_with().as_deref() == Some("AKIAENV")));
}

#[test]
fn profile_flag_beats_environment_credentials_for_plain_profiles() {
    let w = world_or_skip!();
    w.admin();
    let out = w
        .run(
            &["--profile", "base", "list", "--json", "x"],
            &[("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "s")],
        )
        .ok();
    assert!(out.stderr.contains("ignoring the AWS credentials in the environment"), "{}", out.stderr);
    let seen = w.proxy.seen();
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|s| s.signed_with().as_deref() == Some("AKIABASEEXAMPLE")), "{seen:?}");
}

#[test]
fn mfa_serial_on_the_source_profile_gets_a_hint() {
    let w = world_or_skip!();
    w.config(
        "[profile base]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n\n\
         [profile ops]\nrole_arn = arn:aws:iam::123456789012:role/needs-mfa\nsource_profile = base\n",
    )
    .credentials(sess::BASE_CREDENTIALS);
    let mut t = Transcript::of(&w.env);
    assert_eq!(t.run(w.std_cmd(&["--profile", "ops", "list", "--json", "x"])).status.code(), Some(77));
    // STS's AccessDenied (exit 77), and the hint: move mfa_serial from the source profile "base" to profile "ops".
    t.assert(str![[r#"
$ env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY tfsecrets --profile ops list --json x
--- stderr
tfsecrets: error: no usable AWS credentials for profile "ops": STS AssumeRole failed: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.
  hint: mfa_serial is set on the source profile "base", where it is ignored: move it to profile "ops" (the one with role_arn)
--- exit 77

"#]]);
}
