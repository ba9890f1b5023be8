//! `write` and `read` end to end against moto, checked through boto3 (docs/chamber-compat.md §3, §5).

use crate::support as common;
use crate::support::cli as support;

use common::transcript::Transcript;
use common::{stderr_of, stdout_of};
use serde_json::json;
use snapbox::str;
use support::*;

#[test]
fn write_value_argument_and_json_fields() {
    let env = moto_or_skip!();
    let svc = env.service("wjson");
    let a = env.cmd().args(["write", "--json", &svc, "api_key", "s3cr3t"]).assert().success();
    let name = format!("/{svc}/api_key");
    assert_eq!(json_out(&a), json!({"service": svc, "key": "api_key", "name": name, "version": 1, "written": true}));
    assert_eq!(env.boto(&["get", &name])["Value"], "s3cr3t");
    // Second write of the same key: version 2.
    let a = env.cmd().args(["write", "--json", &svc, "api_key", "other"]).assert().success();
    assert_eq!(json_out(&a), json!({"service": svc, "key": "api_key", "name": name, "version": 2, "written": true}));
    // Without --json, write prints nothing on stdout.
    let a = env.cmd().args(["write", &svc, "api_key", "third"]).assert().success();
    assert_eq!(stdout_of(&a), "");
    assert_eq!(env.boto(&["get", &name])["Value"], "third");
}

#[test]
fn write_stdin_is_verbatim_including_trailing_newline() {
    let env = moto_or_skip!();
    let svc = env.service("stdin");
    let value = "line one\n  line two\twith tab\r\n\nlast line\n";
    write_stdin(&env, &svc, "multi", value);
    let name = format!("/{svc}/multi");
    assert_eq!(env.boto(&["get", &name])["Value"], value);
    let a = env.cmd().args(["read", "-q", &svc, "multi"]).assert().success();
    assert_eq!(stdout_of(&a), format!("{value}\n"));
    // A value that is just a newline is not empty, and round-trips.
    write_stdin(&env, &svc, "nl", "\n");
    assert_eq!(env.boto(&["get", &format!("/{svc}/nl")])["Value"], "\n");
}

#[test]
fn write_stdin_singleline_keeps_first_line_only() {
    let env = moto_or_skip!();
    let svc = env.service("single");
    env.cmd()
        .args(["write", "--singleline", &svc, "k", "-"])
        .write_stdin("first line  \nsecond line\n")
        .assert()
        .success();
    assert_eq!(env.boto(&["get", &format!("/{svc}/k")])["Value"], "first line  ");
    env.cmd().args(["write", "-s", &svc, "k2", "-"]).write_stdin("only").assert().success();
    assert_eq!(env.boto(&["get", &format!("/{svc}/k2")])["Value"], "only");
}

#[test]
fn write_value_starting_with_hyphen_is_a_value() {
    let env = moto_or_skip!();
    let svc = env.service("hyph");
    env.cmd().args(["write", &svc, "k", "-not-a-flag"]).assert().success();
    assert_eq!(env.boto(&["get", &format!("/{svc}/k")])["Value"], "-not-a-flag");
}

#[test]
fn rewriting_an_identical_value_still_bumps_the_version() {
    let env = moto_or_skip!();
    let svc = env.service("same");
    write(&env, &svc, "k", "v");
    write(&env, &svc, "k", "v");
    let d = describe(&env, &format!("/{svc}/k"));
    assert_eq!(d["Description"], "2");
    assert_eq!(d["Version"], 2);
}

#[test]
fn skip_unchanged_leaves_version_alone() {
    let env = moto_or_skip!();
    let svc = env.service("skip");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "v1");
    let a = env.cmd().args(["write", "--skip-unchanged", "--json", &svc, "k", "v1"]).assert().success();
    assert_eq!(json_out(&a), json!({"service": svc, "key": "k", "name": name, "version": 1, "written": false}));
    let d = describe(&env, &name);
    assert_eq!(d["Description"], "1");
    assert_eq!(d["Version"], 1, "no PutParameter may happen for an unchanged value");
    // A changed value is written.
    let a = env.cmd().args(["write", "--skip-unchanged", "--json", &svc, "k", "v2"]).assert().success();
    assert_eq!(json_out(&a), json!({"service": svc, "key": "k", "name": name, "version": 2, "written": true}));
    let d = describe(&env, &name);
    assert_eq!(d["Description"], "2");
    assert_eq!(d["Version"], 2);
    // A new key with --skip-unchanged is simply created.
    env.cmd().args(["write", "--skip-unchanged", &svc, "fresh", "x"]).assert().success();
    assert_eq!(describe(&env, &format!("/{svc}/fresh"))["Description"], "1");
}

#[test]
fn tags_apply_to_new_keys_only() {
    let env = moto_or_skip!();
    let svc = env.service("tags");
    let name = format!("/{svc}/k");
    env.cmd().args(["write", "--tag", "team=platform", "--tag", "env=prod x", &svc, "k", "v"]).assert().success();
    assert_eq!(
        env.tags(&name),
        vec![("env".to_owned(), "prod x".to_owned()), ("team".to_owned(), "platform".to_owned())]
    );
    // On an existing key --tag is ignored with a warning; the value is still written, the tags stay.
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["write", "--tag", "team=other", &svc, "k", "v2"])).status.code(), Some(0));
    t.assert(str![[r#"
$ tfsecrets write --tag team=other [SVC]tags k v2
--- stderr
tfsecrets: warning: --tag applies to new secrets only; tags were not changed

"#]]);
    assert_eq!(env.boto(&["get", &name])["Value"], "v2");
    let tags = env.boto(&["tags", &name]);
    assert!(tags.as_array().unwrap().iter().any(|t| t["Key"] == "team" && t["Value"] == "platform"), "{tags}");
    // A malformed tag is refused before anything is written.
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["write", "--tag", "novalue", &svc, "k3", "v"])).status.code(), Some(64));
    t.assert(str![[r#"
$ tfsecrets write --tag novalue [SVC]tags k3 v
--- stderr
tfsecrets: error: --tag "novalue": expected KEY=VALUE
--- exit 64

"#]]);
    assert!(describe(&env, &format!("/{svc}/k3")).is_null());
}

#[test]
fn required_tags_from_store_config() {
    // /_chamber/store-config is account-wide: this test gets a moto server of its own.
    let Some(moto) = common::Moto::dedicated() else { return };
    let env = common::Env::on(&moto.url);
    env.boto(&["put-raw", "/_chamber/store-config", r#"{"version":"1","requiredTags":["team","owner"]}"#, "1"]);
    let svc = env.service("req");
    let name = format!("/{svc}/k");

    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["write", &svc, "k", "v"])).status.code(), Some(65));
    assert!(describe(&env, &name).is_null(), "nothing may be written without the required tags");
    assert_eq!(t.run(env.command(&["write", "--tag", "team=platform", &svc, "k", "v"])).status.code(), Some(65));
    assert!(describe(&env, &name).is_null());
    t.assert(str![[r#"
$ tfsecrets write [SVC]req k v
--- stderr
tfsecrets: error: required tags [team owner] are missing for new secret(s) /[SVC]req/k
  hint: pass them with --tag KEY=VALUE (required by /_chamber/store-config)
--- exit 65

$ tfsecrets write --tag team=platform [SVC]req k v
--- stderr
tfsecrets: error: required tags [owner] are missing for new secret(s) /[SVC]req/k
  hint: pass them with --tag KEY=VALUE (required by /_chamber/store-config)
--- exit 65

"#]]);

    env.cmd().args(["write", "--tag", "team=platform", "--tag", "owner=me", &svc, "k", "v"]).assert().success();
    assert_eq!(env.boto(&["get", &name])["Value"], "v");
    let tags = env.boto(&["tags", &name]);
    assert_eq!(tags.as_array().unwrap().len(), 2, "{tags}");

    // Updating an existing key needs no tags.
    write(&env, &svc, "k", "v2");
    assert_eq!(describe(&env, &name)["Description"], "2");

    // Reading under _chamber is allowed (only writes are refused).
    let a = env.cmd().args(["read", "-q", "_chamber", "store-config"]).assert().success();
    assert_eq!(stdout_of(&a), "{\"version\":\"1\",\"requiredTags\":[\"team\",\"owner\"]}\n");
    // The harness stops this server (by pid) when the test binary exits.
}

#[test]
fn read_table_is_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("rtab");
    write(&env, &svc, "apikey", "hello");
    let t = table_times(&env, &svc)[&format!("/{svc}/apikey")].clone();
    let a = env.cmd().args(["read", &svc, "apikey"]).assert().success();
    // Key W=8 (1 tab each); Value W=7→8 (1 tab); Version W=9→16 (2 tabs each); LastModified W=21→24.
    assert_eq!(stdout_of(&a), format!("Key\tValue\tVersion\t\tLastModified\t\tUser\napikey\thello\t1\t\t{t}\tN/A\n"));
}

#[test]
fn read_table_with_tab_in_value_shifts_columns_like_chamber() {
    let env = moto_or_skip!();
    let svc = env.service("rtab2");
    write(&env, &svc, "k", "a\tb");
    let t = table_times(&env, &svc)[&format!("/{svc}/k")].clone();
    let a = env.cmd().args(["read", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), format!("Key\tValue\tVersion\t\tLastModified\tUser\nk\ta\tb\t\t1\t\t{t}\tN/A\n"));
}

#[test]
fn read_quiet_prints_value_and_newline_only() {
    let env = moto_or_skip!();
    let svc = env.service("rq");
    write(&env, &svc, "k", "  spaced value  ");
    let a = env.cmd().args(["read", "-q", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "  spaced value  \n");
    assert_eq!(stderr_of(&a), "");
}

#[test]
fn read_version_picks_an_older_value() {
    let env = moto_or_skip!();
    let svc = env.service("rver");
    for v in ["one", "two", "three"] {
        write(&env, &svc, "k", v);
    }
    let a = env.cmd().args(["read", "-q", "--version", "1", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "one\n");
    let a = env.cmd().args(["read", "-q", "-v", "2", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "two\n");
    let a = env.cmd().args(["read", "--json", "--version", "2", &svc, "k"]).assert().success();
    let j = json_out(&a);
    assert_eq!(j["version"], 2);
    assert_eq!(j["value"], "two");
    let a = env.cmd().args(["read", "-q", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "three\n");
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["read", "--version", "9", &svc, "k"])).status.code(), Some(66));
    // The key exists: a missing version is not a case mismatch (no case warning).
    t.assert(str![[r#"
$ tfsecrets read --version 9 [SVC]rver k
--- stderr
tfsecrets: error: Failed to read: secret not found (/[SVC]rver/k, version 9)
--- exit 66

"#]]);
}

#[test]
fn read_json_fields() {
    let env = moto_or_skip!();
    let svc = env.service("rjson");
    let name = format!("/{svc}/db_password");
    write(&env, &svc, "db_password", "p@ss <&>");
    let t = json_times(&env, &svc)[&name].clone();
    let a = env.cmd().args(["read", "--json", &svc, "db_password"]).assert().success();
    let out = stdout_of(&a);
    assert!(out.ends_with("}\n") && out.matches('\n').count() == 1, "one line of JSON: {out:?}");
    assert_eq!(
        json_out(&a),
        json!({
            "key": "db_password",
            "name": name,
            "version": 1,
            "last_modified": t,
            "user": "N/A",
            "service": svc,
            "value": "p@ss <&>",
        })
    );
}

#[test]
fn read_missing_key_is_exit_1() {
    let env = moto_or_skip!();
    let svc = env.service("rmiss");
    write(&env, &svc, "present", "x");
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["read", &svc, "absent"])).status.code(), Some(66));
    // Nothing on stdout.
    t.assert(str![[r#"
$ tfsecrets read [SVC]rmiss absent
--- stderr
tfsecrets: error: Failed to read: secret not found (/[SVC]rmiss/absent)
--- exit 66

"#]]);
    let a = env.cmd().args(["read", &env.service("nosuchservice"), "k"]).assert().failure();
    assert_eq!(code(&a), 66);
}

#[test]
fn nested_service_write_and_read() {
    let env = moto_or_skip!();
    let svc = format!("{}/app/prod", env.service("team"));
    write(&env, &svc, "db_password", "nested");
    let d = describe(&env, &format!("/{svc}/db_password"));
    assert_eq!(d["Name"], format!("/{svc}/db_password"));
    let a = env.cmd().args(["read", "-q", &svc, "db_password"]).assert().success();
    assert_eq!(stdout_of(&a), "nested\n");
}
