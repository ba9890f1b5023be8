//! chamber's SSM layout as a second client (boto3) sees it: Type, KeyId, Description version counter, KMS
//! alias rules, and the case rules (docs/chamber-compat.md §1–§3).

use crate::support as common;
use crate::support::cli as support;

use common::transcript::Transcript;
use common::{stderr_of, stdout_of};
use snapbox::str;
use support::*;

#[test]
fn writes_use_chamber_layout() {
    let env = moto_or_skip!();
    let svc = env.service("layout");
    let name = format!("/{svc}/db_password");
    write(&env, &svc, "db_password", "v1");
    let d = describe(&env, &name);
    assert_eq!(d["Name"], name);
    assert_eq!(d["Type"], "SecureString");
    assert_eq!(d["KeyId"], "alias/parameter_store_key");
    assert_eq!(d["Description"], "1");
    assert_eq!(d["Tier"], "Standard");
    write(&env, &svc, "db_password", "v2");
    let d = describe(&env, &name);
    assert_eq!(d["Description"], "2");
    assert_eq!(d["Type"], "SecureString");
    assert_eq!(d["KeyId"], "alias/parameter_store_key");
    let g = env.boto(&["get", &name]);
    assert_eq!(g["Value"], "v2");
    assert_eq!(g["Type"], "SecureString");
}

#[test]
fn chamber_written_versions_continue() {
    // As if chamber wrote it twice: Description "2" → tfsecrets reads version 2 and writes "3".
    let env = moto_or_skip!();
    let svc = env.service("cont");
    let name = format!("/{svc}/k");
    env.boto(&["put-raw", &name, "a", "1"]);
    env.boto(&["put-raw", &name, "b", "2"]);
    let a = env.cmd().args(["read", "--json", &svc, "k"]).assert().success();
    assert_eq!(json_out(&a)["version"], 2);
    write(&env, &svc, "k", "c");
    assert_eq!(describe(&env, &name)["Description"], "3");
    let a = env.cmd().args(["history", "--json", &svc, "k"]).assert().success();
    let events: Vec<(String, i64)> = json_out(&a)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event"].as_str().unwrap().to_owned(), e["version"].as_i64().unwrap()))
        .collect();
    assert_eq!(events, [("Created".into(), 1), ("Updated".into(), 2), ("Updated".into(), 3)]);
}

#[test]
fn kms_key_alias_variants() {
    let env = moto_or_skip!();
    let svc = env.service("kms");
    let custom = format!("alias/custom-{svc}");
    let bare = format!("bare-{svc}");
    env.boto(&["create-alias", &custom]);
    env.boto(&["create-alias", &format!("alias/{bare}")]);
    let cases: [(Option<&str>, &str, String); 4] = [
        (None, "unset", "alias/parameter_store_key".into()),
        (Some("aws/ssm"), "awsssm", "alias/aws/ssm".into()),
        (Some(&custom), "custom", custom.clone()),
        (Some(&bare), "bare", format!("alias/{bare}")),
    ];
    for (var, key, want) in &cases {
        let mut c = env.cmd();
        if let Some(v) = var {
            c.env("CHAMBER_KMS_KEY_ALIAS", v);
        }
        c.args(["write", &svc, key, "v"]).assert().success();
        assert_eq!(describe(&env, &format!("/{svc}/{key}"))["KeyId"], *want, "CHAMBER_KMS_KEY_ALIAS={var:?}");
    }
}

#[test]
fn missing_kms_alias_is_reported_and_nothing_written() {
    let env = moto_or_skip!();
    let svc = env.service("nokms");
    let mut t = Transcript::of(&env);
    let mut c = env.command(&["write", &svc, "k", "v"]);
    c.env("CHAMBER_KMS_KEY_ALIAS", "nope");
    assert_eq!(t.run(c).status.code(), Some(78));
    assert!(describe(&env, &format!("/{svc}/k")).is_null(), "moto would accept the write: the check must stop it");
    // Set but empty means `alias/`, which does not exist either.
    let mut c = env.command(&["write", &svc, "k", "v"]);
    c.env("CHAMBER_KMS_KEY_ALIAS", "");
    assert_eq!(t.run(c).status.code(), Some(78));
    // The missing alias, and the fix: CHAMBER_KMS_KEY_ALIAS or create the alias.
    t.assert(str![[r#"
$ CHAMBER_KMS_KEY_ALIAS=nope tfsecrets write [SVC]nokms k v
--- stderr
tfsecrets: error: KMS key alias/nope does not exist in this account and region
  hint: create the alias (aws kms create-alias --alias-name alias/nope --target-key-id <key id>) or set CHAMBER_KMS_KEY_ALIAS to an existing alias
--- exit 78

$ CHAMBER_KMS_KEY_ALIAS='' tfsecrets write [SVC]nokms k v
--- stderr
tfsecrets: error: KMS key alias/ does not exist in this account and region
  hint: create the alias (aws kms create-alias --alias-name alias/ --target-key-id <key id>) or set CHAMBER_KMS_KEY_ALIAS to an existing alias
--- exit 78

"#]]);
    assert_eq!(count(&env, &svc), 0);
}

#[test]
fn missing_kms_alias_hint_names_the_alias_in_use() {
    // The hint's create-alias command must name the alias that is missing, not always the default one.
    let env = moto_or_skip!();
    let svc = env.service("nokmshint");
    let a = env.cmd().env("CHAMBER_KMS_KEY_ALIAS", "nope").args(["write", &svc, "k", "v"]).assert().failure();
    let err = stderr_of(&a);
    let hint =
        err.lines().find(|l| l.trim_start().starts_with("hint:")).unwrap_or_else(|| panic!("a hint line: {err}"));
    assert!(
        hint.contains("alias/nope"),
        "the hint must name the missing alias (alias/nope), not the default one: {err}"
    );
}

#[test]
fn raw_parameter_without_description_is_version_0() {
    let env = moto_or_skip!();
    let svc = env.service("raw");
    let name = format!("/{svc}/k");
    env.boto(&["put-raw", &name, "raw-value"]);
    assert!(describe(&env, &name).get("Description").is_none());
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    assert_eq!(json_out(&a)[0]["version"], 0);
    let a = env.cmd().args(["read", "--json", &svc, "k"]).assert().success();
    assert_eq!(json_out(&a)["version"], 0);
    assert_eq!(json_out(&a)["value"], "raw-value");
    write(&env, &svc, "k", "new");
    assert_eq!(describe(&env, &name)["Description"], "1");
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    assert_eq!(json_out(&a)[0]["version"], 1);
    // History: the raw version shows as "Updated 0", then "Created 1".
    let h = env.boto(&["history", &name]);
    let t: Vec<&str> = h.as_array().unwrap().iter().map(|e| e["table"].as_str().unwrap()).collect();
    let a = env.cmd().args(["history", &svc, "k"]).assert().success();
    assert_eq!(
        stdout_of(&a),
        format!("Event\t\tVersion\t\tDate\t\t\tUser\nUpdated\t\t0\t\t{}\tN/A\nCreated\t\t1\t\t{}\tN/A\n", t[0], t[1])
    );
    // --version 0 reads the raw value.
    let a = env.cmd().args(["read", "-q", "--version", "0", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "raw-value\n");
}

#[test]
fn description_parses_like_go_atoi() {
    let env = moto_or_skip!();
    let svc = env.service("atoi");
    for (key, desc, want) in [
        ("abc", "abc", 0),
        ("space", " 2", 0),
        ("trail", "2 ", 0),
        ("plus", "+3", 3),
        ("neg", "-2", -2),
        ("num", "7", 7),
        ("empty", "", 0),
    ] {
        env.boto(&["put-raw", &format!("/{svc}/{key}"), "v", desc]);
        let a = env.cmd().args(["read", "--json", &svc, key]).assert().success();
        assert_eq!(json_out(&a)["version"], want, "Description {desc:?}");
    }
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    let versions: Vec<(String, i64)> = json_out(&a)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["key"].as_str().unwrap().to_owned(), e["version"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        versions,
        [("abc", 0), ("empty", 0), ("neg", -2), ("num", 7), ("plus", 3), ("space", 0), ("trail", 0)]
            .map(|(k, v)| (k.to_owned(), v))
    );
    // Writing continues from the parsed counter.
    write(&env, &svc, "abc", "w");
    write(&env, &svc, "space", "w");
    write(&env, &svc, "plus", "w");
    assert_eq!(describe(&env, &format!("/{svc}/abc"))["Description"], "1");
    assert_eq!(describe(&env, &format!("/{svc}/space"))["Description"], "1");
    assert_eq!(describe(&env, &format!("/{svc}/plus"))["Description"], "4");
}

#[test]
fn names_are_never_lowercased() {
    let env = moto_or_skip!();
    let svc = env.service("case");
    write(&env, &svc, "DB_Password", "pw");
    assert_eq!(describe(&env, &format!("/{svc}/DB_Password"))["Name"], format!("/{svc}/DB_Password"));
    assert!(describe(&env, &format!("/{svc}/db_password")).is_null());
    // A mixed-case service is kept as typed, with a warning.
    let upper = format!("{}/Prod", env.service("svc"));
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["write", &upper, "Key", "v"])).status.code(), Some(0));
    t.assert(str![[r#"
$ tfsecrets write [SVC]svc/Prod Key v
--- stderr
tfsecrets: warning: service "[SVC]svc/Prod" has upper-case letters; chamber lowercases service names and will not find it

"#]]);
    assert_eq!(describe(&env, &format!("/{upper}/Key"))["Name"], format!("/{upper}/Key"));
    assert_eq!(count(&env, &upper.to_ascii_lowercase()), 0);
}

#[test]
fn case_insensitive_read_and_history_fall_back_with_a_warning() {
    let env = moto_or_skip!();
    let svc = env.service("ci");
    write(&env, &svc, "DB_Password", "pw");
    let mut t = Transcript::of(&env).redact("[TIME]", table_times(&env, &svc)[&format!("/{svc}/DB_Password")].clone());
    assert_eq!(t.run(env.command(&["read", "-q", &svc, "db_password"])).status.code(), Some(0));
    // The table shows the key as stored.
    assert_eq!(t.run(env.command(&["read", &svc, "DB_PASSWORD"])).status.code(), Some(0));
    t.assert(str![[r#"
$ tfsecrets read -q [SVC]ci db_password
pw
--- stderr
tfsecrets: warning: using stored key "DB_Password" for "db_password" (names differ only in case); chamber lowercases keys, so it cannot read, write or delete mixed-case keys

$ tfsecrets read [SVC]ci DB_PASSWORD
Key		Value	Version		LastModified		User
DB_Password	pw	1		[TIME]	N/A
--- stderr
tfsecrets: warning: using stored key "DB_Password" for "DB_PASSWORD" (names differ only in case); chamber lowercases keys, so it cannot read, write or delete mixed-case keys

"#]]);
    let a = env.cmd().args(["read", "--json", &svc, "db_password"]).assert().success();
    assert_eq!(json_out(&a)["name"], format!("/{svc}/DB_Password"));
    assert_eq!(json_out(&a)["key"], "DB_Password");
    let a = env.cmd().args(["history", "--json", &svc, "db_password"]).assert().success();
    assert_eq!(json_out(&a).as_array().unwrap().len(), 1);
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["history", "--json", &svc, "db_password"])).status.code(), Some(0));
    // The warning names the stored key (stdout: the JSON history checked above, times redacted).
    t = t.redact("[TIME]", regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap());
    t.assert(str![[r#"
$ tfsecrets history --json [SVC]ci db_password
[{"event":"Created","version":1,"ssm_version":1,"date":"[TIME]","user":"N/A"}]
--- stderr
tfsecrets: warning: using stored key "DB_Password" for "db_password" (names differ only in case); chamber lowercases keys, so it cannot read, write or delete mixed-case keys

"#]]);
    // The exact name produces no warning.
    let a = env.cmd().args(["read", "-q", &svc, "DB_Password"]).assert().success();
    assert_eq!(stderr_of(&a), "");
}

#[test]
fn ambiguous_case_variants_are_an_error_listing_both() {
    let env = moto_or_skip!();
    let svc = env.service("amb");
    write(&env, &svc, "Foo", "upper");
    let mut t = Transcript::of(&env);
    // Creating a case variant warns naming both.
    assert_eq!(t.run(env.command(&["write", &svc, "foo", "lower"])).status.code(), Some(0));
    // Reading either is ambiguous: an error listing both, nothing on stdout.
    assert_eq!(t.run(env.command(&["read", &svc, "FOO"])).status.code(), Some(65));
    assert_eq!(t.run(env.command(&["history", &svc, "fOO"])).status.code(), Some(65));
    t.assert(str![[r#"
$ tfsecrets write [SVC]amb foo lower
--- stderr
tfsecrets: warning: creating /[SVC]amb/foo while /[SVC]amb/Foo exists: the names differ only in case, and chamber lowercases keys

$ tfsecrets read [SVC]amb FOO
--- stderr
tfsecrets: error: key "FOO" not found; several keys differ from it only in case: Foo, foo
  hint: give the exact key
--- exit 65

$ tfsecrets history [SVC]amb fOO
--- stderr
tfsecrets: error: key "fOO" not found; several keys differ from it only in case: Foo, foo
  hint: give the exact key
--- exit 65

"#]]);
    // Exact names still work.
    let a = env.cmd().args(["read", "-q", &svc, "foo"]).assert().success();
    assert_eq!(stdout_of(&a), "lower\n");
    let a = env.cmd().args(["read", "-q", &svc, "Foo"]).assert().success();
    assert_eq!(stdout_of(&a), "upper\n");
    // Both are listed and exported, as stored.
    let a = env.cmd().args(["export", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "{\"Foo\":\"upper\",\"foo\":\"lower\"}\n");
}

#[test]
fn root_level_and_invalid_names_are_skipped() {
    // A chamber v2 style `svc.key` parameter is not part of service `svc`.
    let env = moto_or_skip!();
    let svc = env.service("v2");
    env.boto(&["put-raw", &format!("/{svc}.key"), "x", "1"]);
    write(&env, &svc, "k", "v");
    let a = env.cmd().args(["export", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "{\"k\":\"v\"}\n");
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    assert_eq!(json_out(&a).as_array().unwrap().len(), 1);
}
