//! chamber's SSM layout as a second client (boto3) sees it: Type, KeyId, Description version counter, KMS
//! alias rules, and the case rules (chamber-compat §1–§3, §10 checklist).

use crate::support as common;
use crate::support::cli as support;

use common::{stderr_of, stdout_of};
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
    extra(&env, &["create-alias", &custom]);
    extra(&env, &["create-alias", &format!("alias/{bare}")]);
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
    let a = env.cmd().env("CHAMBER_KMS_KEY_ALIAS", "nope").args(["write", &svc, "k", "v"]).assert().failure();
    assert_eq!(code(&a), 2);
    let err = stderr_of(&a);
    assert!(err.contains("KMS key alias/nope does not exist"), "{err}");
    assert!(err.contains("CHAMBER_KMS_KEY_ALIAS"), "names the fix: {err}");
    assert!(err.contains("create the alias"), "{err}");
    assert!(describe(&env, &format!("/{svc}/k")).is_null(), "moto would accept the write: the check must stop it");
    // Set but empty means `alias/`, which does not exist either.
    let a = env.cmd().env("CHAMBER_KMS_KEY_ALIAS", "").args(["write", &svc, "k", "v"]).assert().failure();
    assert!(stderr_of(&a).contains("KMS key alias/ does not exist"), "{}", stderr_of(&a));
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
    let h = extra(&env, &["history", &name]);
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
    let a = env.cmd().args(["write", &upper, "Key", "v"]).assert().success();
    assert!(stderr_of(&a).contains("upper-case"), "{}", stderr_of(&a));
    assert_eq!(describe(&env, &format!("/{upper}/Key"))["Name"], format!("/{upper}/Key"));
    assert_eq!(count(&env, &upper.to_ascii_lowercase()), 0);
}

#[test]
fn case_insensitive_read_and_history_fall_back_with_a_warning() {
    let env = moto_or_skip!();
    let svc = env.service("ci");
    write(&env, &svc, "DB_Password", "pw");
    let a = env.cmd().args(["read", "-q", &svc, "db_password"]).assert().success();
    assert_eq!(stdout_of(&a), "pw\n");
    let err = stderr_of(&a);
    assert!(err.contains("warning") && err.contains("DB_Password") && err.contains("chamber lowercases"), "{err}");
    // The table shows the key as stored.
    let a = env.cmd().args(["read", &svc, "DB_PASSWORD"]).assert().success();
    assert!(stdout_of(&a).lines().nth(1).unwrap().starts_with("DB_Password\tpw\t"), "{}", stdout_of(&a));
    let a = env.cmd().args(["read", "--json", &svc, "db_password"]).assert().success();
    assert_eq!(json_out(&a)["name"], format!("/{svc}/DB_Password"));
    assert_eq!(json_out(&a)["key"], "DB_Password");
    let a = env.cmd().args(["history", "--json", &svc, "db_password"]).assert().success();
    assert_eq!(json_out(&a).as_array().unwrap().len(), 1);
    assert!(stderr_of(&a).contains("DB_Password"), "{}", stderr_of(&a));
    // The exact name produces no warning.
    let a = env.cmd().args(["read", "-q", &svc, "DB_Password"]).assert().success();
    assert_eq!(stderr_of(&a), "");
}

#[test]
fn ambiguous_case_variants_are_an_error_listing_both() {
    let env = moto_or_skip!();
    let svc = env.service("amb");
    write(&env, &svc, "Foo", "upper");
    let a = env.cmd().args(["write", &svc, "foo", "lower"]).assert().success();
    let err = stderr_of(&a);
    assert!(
        err.contains(&format!("/{svc}/foo")) && err.contains(&format!("/{svc}/Foo")),
        "creating a case variant warns naming both: {err}"
    );
    let a = env.cmd().args(["read", &svc, "FOO"]).assert().failure();
    assert_ne!(code(&a), 0);
    let err = stderr_of(&a);
    assert!(err.contains("Foo, foo"), "{err}");
    assert_eq!(stdout_of(&a), "");
    let a = env.cmd().args(["history", &svc, "fOO"]).assert().failure();
    assert!(stderr_of(&a).contains("Foo, foo"), "{}", stderr_of(&a));
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
