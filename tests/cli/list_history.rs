//! `list`, `history`, `delete` and `list-services` end to end against moto (docs/chamber-compat.md §4, §5).

use crate::support as common;
use crate::support::cli as support;

use common::stdout_of;
use common::transcript::Transcript;
use serde_json::{Value, json};
use snapbox::str;
use support::*;

/// The first cell of each table row (header excluded).
fn first_cells(table: &str) -> Vec<String> {
    table.lines().skip(1).map(|l| l.split('\t').next().unwrap_or("").to_owned()).collect()
}

#[test]
fn list_table_is_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("ltab");
    write(&env, &svc, "longer_key_name", "x");
    write(&env, &svc, "a", "v1");
    let t = table_times(&env, &svc);
    let (ta, tl) = (&t[&format!("/{svc}/a")], &t[&format!("/{svc}/longer_key_name")]);
    let a = env.cmd().args(["list", &svc]).assert().success();
    // Key W=15+2=17→24: "Key"/"a" 3 tabs, 15 runes 2 tabs; Version W=9→16: 2 tabs; LastModified W=21→24.
    assert_eq!(
        stdout_of(&a),
        format!(
            "Key\t\t\tVersion\t\tLastModified\t\tUser\n\
             a\t\t\t1\t\t{ta}\tN/A\n\
             longer_key_name\t\t1\t\t{tl}\tN/A\n"
        )
    );
    // Values never appear without -e.
    assert!(!stdout_of(&a).contains("v1"));
}

#[test]
fn list_expand_table_is_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("lexp");
    write(&env, &svc, "a", "v1");
    write(&env, &svc, "b", "two words");
    write(&env, &svc, "b", "two words");
    let t = table_times(&env, &svc);
    let (ta, tb) = (&t[&format!("/{svc}/a")], &t[&format!("/{svc}/b")]);
    for flag in ["-e", "--expand"] {
        let a = env.cmd().args(["list", flag, &svc]).assert().success();
        // Key W=5→8: 1 tab; User W=6→8: 1 tab; Value is the trailing cell.
        assert_eq!(
            stdout_of(&a),
            format!(
                "Key\tVersion\t\tLastModified\t\tUser\tValue\n\
                 a\t1\t\t{ta}\tN/A\tv1\n\
                 b\t2\t\t{tb}\tN/A\ttwo words\n"
            )
        );
    }
}

#[test]
fn list_sorts_by_name_then_time_and_version_flags() {
    let env = moto_or_skip!();
    let svc = env.service("lsort");
    // Written in the order zz, mm, aa (so by time: zz < mm < aa); aa gets version 3, mm 2, zz 1.
    write(&env, &svc, "zz", "1");
    write(&env, &svc, "mm", "1");
    write(&env, &svc, "mm", "2");
    write(&env, &svc, "aa", "1");
    write(&env, &svc, "aa", "2");
    write(&env, &svc, "aa", "3");
    write(&env, &svc, "B_upper", "1");
    let a = env.cmd().args(["list", &svc]).assert().success();
    assert_eq!(first_cells(&stdout_of(&a)), ["B_upper", "aa", "mm", "zz"], "byte order: upper case first");
    let a = env.cmd().args(["list", "-t", &svc]).assert().success();
    assert_eq!(first_cells(&stdout_of(&a)), ["zz", "mm", "aa", "B_upper"]);
    let a = env.cmd().args(["list", "--time", &svc]).assert().success();
    assert_eq!(first_cells(&stdout_of(&a)), ["zz", "mm", "aa", "B_upper"]);
    let a = env.cmd().args(["list", "-v", &svc]).assert().success();
    assert_eq!(first_cells(&stdout_of(&a)), ["B_upper", "zz", "mm", "aa"]);
    // --json follows the same order.
    let a = env.cmd().args(["list", "-t", "--json", &svc]).assert().success();
    let keys: Vec<Value> = json_out(&a).as_array().unwrap().iter().map(|e| e["key"].clone()).collect();
    assert_eq!(keys, [json!("zz"), json!("mm"), json!("aa"), json!("B_upper")]);
}

#[test]
fn list_json_fields() {
    let env = moto_or_skip!();
    let svc = env.service("ljson");
    write(&env, &svc, "alpha", "va");
    write(&env, &svc, "beta", "vb");
    write(&env, &svc, "beta", "vb2");
    let t = json_times(&env, &svc);
    let (na, nb) = (format!("/{svc}/alpha"), format!("/{svc}/beta"));
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    assert_eq!(stdout_of(&a).matches('\n').count(), 1, "one line");
    assert_eq!(
        json_out(&a),
        json!([
            {"key": "alpha", "name": na, "version": 1, "last_modified": t[&na], "user": "N/A"},
            {"key": "beta", "name": nb, "version": 2, "last_modified": t[&nb], "user": "N/A"},
        ])
    );
    let a = env.cmd().args(["list", "-e", "--json", &svc]).assert().success();
    assert_eq!(
        json_out(&a),
        json!([
            {"key": "alpha", "name": na, "version": 1, "last_modified": t[&na], "user": "N/A", "value": "va"},
            {"key": "beta", "name": nb, "version": 2, "last_modified": t[&nb], "user": "N/A", "value": "vb2"},
        ])
    );
}

#[test]
fn list_empty_service_is_header_only() {
    let env = moto_or_skip!();
    let svc = env.service("lempty");
    let a = env.cmd().args(["list", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "Key\tVersion\t\tLastModified\tUser\n");
    let a = env.cmd().args(["list", "-e", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "Key\tVersion\t\tLastModified\tUser\tValue\n");
    let a = env.cmd().args(["list", "--json", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "[]\n");
}

#[test]
fn list_nested_service_excludes_grandchildren() {
    let env = moto_or_skip!();
    let team = env.service("team");
    let app = format!("{team}/app");
    write(&env, &app, "child", "c");
    write(&env, &format!("{app}/prod"), "grandchild", "g");
    write(&env, &team, "top", "t");
    let a = env.cmd().args(["list", "-e", "--json", &app]).assert().success();
    let names: Vec<Value> = json_out(&a).as_array().unwrap().iter().map(|e| e["name"].clone()).collect();
    assert_eq!(names, [json!(format!("/{app}/child"))]);
    let a = env.cmd().args(["list", &app]).assert().success();
    assert_eq!(first_cells(&stdout_of(&a)), ["child"]);
    let a = env.cmd().args(["list", "--json", &team]).assert().success();
    let keys: Vec<Value> = json_out(&a).as_array().unwrap().iter().map(|e| e["key"].clone()).collect();
    assert_eq!(keys, [json!("top")]);
    let a = env.cmd().args(["list", "--json", &format!("{app}/prod")]).assert().success();
    assert_eq!(json_out(&a)[0]["key"], "grandchild");
}

#[test]
fn list_mixed_case_service_suggests_lowercase() {
    let env = moto_or_skip!();
    let svc = env.service("lower");
    write(&env, &svc, "k", "v");
    let upper = svc.to_ascii_uppercase();
    let mut t = Transcript::of(&env).redact("[SVC_UPPER]", env.service.to_ascii_uppercase());
    assert_eq!(t.run(env.command(&["list", &upper])).status.code(), Some(66));
    // Suggests the lower-case service that exists.
    t.assert(str![[r#"
$ tfsecrets list [SVC_UPPER]LOWER
--- stderr
tfsecrets: error: service "[SVC_UPPER]LOWER" has no secrets, but "[SVC]lower" does
  hint: service names are case-sensitive; did you mean "[SVC]lower"?
--- exit 66

"#]]);
}

#[test]
fn list_120_keys_with_values() {
    let env = moto_or_skip!();
    let svc = env.service("big");
    env.boto(&["bulk-put", &svc, "120"]);
    let a = env.cmd().args(["list", "-e", "--json", &svc]).assert().success();
    let items = json_out(&a);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 120);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["key"], format!("key{i:04}"));
        assert_eq!(item["name"], format!("/{svc}/key{i:04}"));
        assert_eq!(item["value"], format!("value-{i}"));
        assert_eq!(item["version"], 1);
    }
    let a = env.cmd().args(["list", "-e", &svc]).assert().success();
    let out = stdout_of(&a);
    assert_eq!(out.lines().count(), 121);
    for i in [0, 57, 119] {
        let line = out.lines().nth(i + 1).unwrap();
        assert!(line.starts_with(&format!("key{i:04}\t")) && line.ends_with(&format!("\tN/A\tvalue-{i}")), "{line:?}");
    }
    let a = env.cmd().args(["list", &svc]).assert().success();
    assert_eq!(stdout_of(&a).lines().count(), 121);
}

#[test]
fn history_table_is_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("htab");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "one");
    write(&env, &svc, "k", "two");
    write(&env, &svc, "k", "three");
    let h = env.boto(&["history", &name]);
    let t: Vec<&str> = h.as_array().unwrap().iter().map(|e| e["table"].as_str().unwrap()).collect();
    assert_eq!(t.len(), 3);
    let a = env.cmd().args(["history", &svc, "k"]).assert().success();
    // Event W=9→16: 2 tabs; Version W=9→16: 2 tabs; Date W=21→24: "Date" 3 tabs, time 1.
    assert_eq!(
        stdout_of(&a),
        format!(
            "Event\t\tVersion\t\tDate\t\t\tUser\n\
             Created\t\t1\t\t{}\tN/A\n\
             Updated\t\t2\t\t{}\tN/A\n\
             Updated\t\t3\t\t{}\tN/A\n",
            t[0], t[1], t[2]
        )
    );
    // history never shows values.
    assert!(!stdout_of(&a).contains("three"));
}

#[test]
fn history_json_fields() {
    let env = moto_or_skip!();
    let svc = env.service("hjson");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "one");
    write(&env, &svc, "k", "two");
    let h = env.boto(&["history", &name]);
    let t: Vec<&str> = h.as_array().unwrap().iter().map(|e| e["json"].as_str().unwrap()).collect();
    let a = env.cmd().args(["history", "--json", &svc, "k"]).assert().success();
    assert_eq!(
        json_out(&a),
        json!([
            {"event": "Created", "version": 1, "ssm_version": 1, "date": t[0], "user": "N/A"},
            {"event": "Updated", "version": 2, "ssm_version": 2, "date": t[1], "user": "N/A"},
        ])
    );
}

#[test]
fn history_missing_key_is_exit_1() {
    let env = moto_or_skip!();
    let svc = env.service("hmiss");
    write(&env, &svc, "other", "x");
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["history", &svc, "absent"])).status.code(), Some(66));
    t.assert(str![[r#"
$ tfsecrets history [SVC]hmiss absent
--- stderr
tfsecrets: error: Failed to get history: secret not found (/[SVC]hmiss/absent)
--- exit 66

"#]]);
}

#[test]
fn delete_removes_the_secret() {
    let env = moto_or_skip!();
    let svc = env.service("del");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "v");
    write(&env, &svc, "keep", "v");
    let a = env.cmd().args(["delete", &svc, "k"]).assert().success();
    assert_eq!(stdout_of(&a), "");
    assert!(describe(&env, &name).is_null());
    assert!(!describe(&env, &format!("/{svc}/keep")).is_null());
    assert_eq!(count(&env, &svc), 1);
}

#[test]
fn delete_json_fields() {
    let env = moto_or_skip!();
    let svc = env.service("deljson");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "v");
    let a = env.cmd().args(["delete", "--json", &svc, "k"]).assert().success();
    assert_eq!(json_out(&a), json!({"name": name, "deleted": true}));
    assert!(describe(&env, &name).is_null());
}

#[test]
fn delete_missing_key_is_exit_1_with_message() {
    let env = moto_or_skip!();
    let svc = env.service("delmiss");
    write(&env, &svc, "other", "v");
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["delete", &svc, "absent"])).status.code(), Some(66));
    t.assert(str![[r#"
$ tfsecrets delete [SVC]delmiss absent
--- stderr
tfsecrets: error: Failed to delete: secret not found (/[SVC]delmiss/absent)
--- exit 66

"#]]);
    assert_eq!(count(&env, &svc), 1);
}

#[test]
fn delete_only_suggests_a_case_variant() {
    let env = moto_or_skip!();
    let svc = env.service("delcase");
    let name = format!("/{svc}/DB_Password");
    write(&env, &svc, "DB_Password", "v");
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["delete", &svc, "db_password"])).status.code(), Some(66));
    // Suggests the stored key.
    t.assert(str![[r#"
$ tfsecrets delete [SVC]delcase db_password
--- stderr
tfsecrets: error: Failed to delete: secret not found (/[SVC]delcase/db_password)
  hint: a key differing only in case exists: run `tfsecrets delete [SVC]delcase DB_Password`
--- exit 66

"#]]);
    assert!(!describe(&env, &name).is_null(), "a case variant must never be deleted");
    env.cmd().args(["delete", &svc, "DB_Password"]).assert().success();
    assert!(describe(&env, &name).is_null());
}

#[test]
fn delete_under_chamber_is_refused() {
    let env = moto_or_skip!();
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["delete", "_chamber", "store-config"])).status.code(), Some(65));
    t.assert(str![[r#"
$ tfsecrets delete _chamber store-config
--- stderr
tfsecrets: error: service "_chamber" is reserved for chamber's store configuration; tfsecrets does not write or delete there
--- exit 65

"#]]);
}

#[test]
fn list_services_prefix_secrets_and_json() {
    let env = moto_or_skip!();
    let base = env.service("ls");
    let (s1, s2, s3) = (format!("{base}a"), format!("{base}a/sub"), format!("{base}b"));
    write(&env, &s1, "k1", "v");
    write(&env, &s1, "k2", "v");
    write(&env, &s2, "k3", "v");
    write(&env, &s3, "k4", "v");
    let a = env.cmd().args(["list-services", &base]).assert().success();
    assert_eq!(stdout_of(&a), format!("Service\n{s1}\n{s2}\n{s3}\n"));
    let a = env.cmd().args(["list-services", "--json", &base]).assert().success();
    assert_eq!(json_out(&a), json!([s1, s2, s3]));
    let a = env.cmd().args(["list-services", "--json", &format!("{base}a")]).assert().success();
    assert_eq!(json_out(&a), json!([s1, s2]));
    let a = env.cmd().args(["list-services", "-s", &base]).assert().success();
    assert_eq!(stdout_of(&a), format!("Service\n/{s1}/k1\n/{s1}/k2\n/{s2}/k3\n/{s3}/k4\n"));
    let a = env.cmd().args(["list-services", "-s", "--json", &base]).assert().success();
    assert_eq!(
        json_out(&a),
        json!([format!("/{s1}/k1"), format!("/{s1}/k2"), format!("/{s2}/k3"), format!("/{s3}/k4")])
    );
    let a = env.cmd().args(["list-services", "--json", &env.service("nothing-here")]).assert().success();
    assert_eq!(stdout_of(&a), "[]\n");
}

#[test]
fn list_services_without_prefix_includes_everything() {
    let env = moto_or_skip!();
    let svc = env.service("lsall");
    write(&env, &svc, "k", "v");
    let a = env.cmd().args(["list-services", "--json"]).assert().success();
    let all = json_out(&a);
    assert!(all.as_array().unwrap().contains(&json!(svc)), "{all}");
}

#[test]
fn list_120_keys_makes_batched_calls_not_one_per_key() {
    let env = moto_or_skip!();
    let proxy = common::FaultProxy::start(&env.moto_url, &[]);
    let penv = env.via(&proxy.url);
    let svc = env.service("bigcount");
    env.boto(&["bulk-put", &svc, "120"]);
    let a = penv.cmd().args(["list", "-e", "--json", &svc]).assert().success();
    assert_eq!(json_out(&a).as_array().unwrap().len(), 120);
    // moto answers DescribeParameters in pages of 10 whatever MaxResults says: 12 pages (+1 for an empty tail).
    let describes = proxy.count("DescribeParameters");
    assert!((12..=13).contains(&describes), "DescribeParameters calls: {describes}");
    assert_eq!(proxy.count("GetParameters"), 12, "values in batches of 10: {}", proxy.stats());
    assert_eq!(proxy.count("GetParameter"), 0, "never one request per key");
    assert_eq!(proxy.count("GetParametersByPath"), 0);
}

#[test]
fn read_and_write_call_plans() {
    let env = moto_or_skip!();
    let proxy = common::FaultProxy::start(&env.moto_url, &[]);
    let penv = env.via(&proxy.url);
    let svc = env.service("plan");
    env.boto(&["bulk-put", &svc, "30"]);
    penv.cmd().args(["read", "-q", &svc, "key0007"]).assert().success();
    let s = proxy.stats();
    assert_eq!(proxy.count("GetParameters"), 1, "{s}");
    assert_eq!(proxy.count("DescribeParameters"), 1, "read is 2 calls, not a service scan: {s}");
    assert_eq!(s["total"], 2, "{s}");
    // Overwriting an existing key: one Name-Equals describe and one put (plus the one-time KMS check).
    let proxy = common::FaultProxy::start(&env.moto_url, &[]);
    let penv = env.via(&proxy.url);
    penv.cmd().args(["write", &svc, "key0007", "new"]).assert().success();
    let s = proxy.stats();
    assert_eq!(proxy.count("DescribeParameters"), 1, "{s}");
    assert_eq!(proxy.count("PutParameter"), 1, "{s}");
    assert_eq!(proxy.count("GetParameters"), 0, "{s}");
    assert_eq!(proxy.count("DescribeKey"), 1, "{s}");
    assert_eq!(env.boto(&["get", &format!("/{svc}/key0007")])["Value"], "new");
}

#[test]
fn table_times_follow_tz_like_go() {
    let env = moto_or_skip!();
    let svc = env.service("tz");
    let name = format!("/{svc}/k");
    write(&env, &svc, "k", "v");
    let utc = table_times(&env, &svc)[&name].clone();
    let time_cell = |tz: &str| {
        let a = env.cmd().env("TZ", tz).args(["list", &svc]).assert().success();
        stdout_of(&a).lines().nth(1).unwrap().split('\t').find(|c| c.len() == 19).unwrap().to_owned()
    };
    // Empty TZ, "UTC" and a POSIX rule naming no zone file are all UTC in Go.
    assert_eq!(time_cell(""), utc);
    assert_eq!(time_cell("UTC"), utc);
    assert_eq!(time_cell("JST-9"), utc);
    if std::path::Path::new("/usr/share/zoneinfo/Asia/Tokyo").exists() {
        let tokyo =
            chrono::NaiveDateTime::parse_from_str(&utc, "%Y-%m-%d %H:%M:%S").unwrap() + chrono::Duration::hours(9);
        assert_eq!(time_cell("Asia/Tokyo"), tokyo.format("%Y-%m-%d %H:%M:%S").to_string());
        // --json stays in UTC whatever the zone.
        let a = env.cmd().env("TZ", "Asia/Tokyo").args(["read", "--json", &svc, "k"]).assert().success();
        assert_eq!(json_out(&a)["last_modified"], json_times(&env, &svc)[&name]);
    }
}
