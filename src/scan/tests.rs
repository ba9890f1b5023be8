use super::*;
use crate::store::SecretId;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/scan/{name}", env!("CARGO_MANIFEST_DIR"))).expect(name)
}

fn wanted(pairs: &[(&str, &str)]) -> Vec<Wanted> {
    pairs
        .iter()
        .map(|(k, v)| Wanted {
            source: SecretId::new("prod", *k).at(Default::default()),
            value: Secret::from_str_copy(v),
        })
        .collect()
}

/// The secrets of tests/fixtures/scan/m111 (and m103), and one too short to search.
fn fixture_secrets() -> Vec<Wanted> {
    wanted(&[
        ("db_password", "hunter2secret-db"),
        ("api_key", "apikeyvalue-eph"),
        ("tags", "{\"a\":\"tagvalue-one\"}"),
        ("special", "p<a&s\"s>w0rd"),
        ("port", "5432"),
    ])
}

/// Findings as `address path key match form sensitive sections hint`, one string each.
fn lines(report: &Report, w: &[Wanted]) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let sections: Vec<&str> = f.sections.iter().map(|s| s.as_str()).collect();
            format!(
                "{} {} {} {} {} {} {} {}",
                f.location.address,
                f.location.path,
                w[f.secret].source.id.key,
                if f.whole { "whole" } else { "embedded" },
                f.form.as_str(),
                if f.location.sensitive { "sensitive" } else { "plain" },
                sections.join(","),
                f.hint.code
            )
        })
        .collect()
}

fn scan_fixture(name: &str) -> Vec<String> {
    let w = fixture_secrets();
    let r = scan(&fixture(name), &w, None).unwrap();
    assert_eq!(
        r.terraform_version.map(|v| v.to_string()).as_deref(),
        Some(if name.contains("1.0.3") { "1.0.3" } else { "1.11.4" })
    );
    assert_eq!((r.searched, r.skipped.clone()), (4, vec![Skipped { secret: 4, reason: "shorter than 6 bytes" }]));
    assert!(!r.empty);
    lines(&r, &w)
}

/// terraform 1.11.4's raw state and `show -json` give the same findings (the raw state's dynamic-type wrapper
/// `{"value": ..., "type": ...}` is not part of the path); the ephemeral variable is nowhere.
#[test]
fn states_of_terraform_1_11() {
    let want = [
        "output.pw  db_password embedded value sensitive state output",
        "terraform_data.conn input db_password embedded value sensitive state ephemeral-variable",
        "terraform_data.conn output db_password embedded value plain state ephemeral-variable",
        "terraform_data.doc input special embedded json-escaped sensitive state ephemeral-variable",
        "terraform_data.doc output special embedded json-escaped plain state ephemeral-variable",
        "terraform_data.obj[\"one\"] input.pw db_password whole value sensitive state ephemeral-variable",
        "terraform_data.obj[\"one\"] input.tags.a tags whole element plain state ephemeral-variable",
        "terraform_data.obj[\"one\"] output.pw db_password whole value plain state ephemeral-variable",
        "terraform_data.obj[\"one\"] output.tags.a tags whole element plain state ephemeral-variable",
    ];
    assert_eq!(scan_fixture("state-1.11.4.tfstate"), want);
    assert_eq!(scan_fixture("show-1.11.4.json"), want);
}

#[test]
fn states_of_terraform_1_0() {
    let want = [
        "output.pw  db_password embedded value sensitive state output",
        "output.tags a tags whole element plain state output",
    ];
    assert_eq!(scan_fixture("state-1.0.3.tfstate"), want);
    assert_eq!(scan_fixture("show-1.0.3.json"), want);
}

/// A plan made after db_password was rotated: the old value is in the prior state and the changes' `before`;
/// the variables section holds every non-ephemeral variable.
#[test]
fn a_plan_of_terraform_1_11() {
    let all = "planned_values,resource_changes.before,resource_changes.after,prior_state";
    let old = "resource_changes.before,prior_state";
    assert_eq!(
        scan_fixture("plan-1.11.4.json"),
        [
            "var.special  special whole value sensitive variables ephemeral-variable".to_owned(),
            "var.tags a tags whole element plain variables ephemeral-variable".to_owned(),
            format!("terraform_data.doc input special embedded json-escaped sensitive {all} ephemeral-variable"),
            format!("terraform_data.doc output special embedded json-escaped plain {all} ephemeral-variable"),
            format!("terraform_data.obj[\"one\"] input.tags.a tags whole element plain {all} ephemeral-variable"),
            format!("terraform_data.conn input db_password embedded value sensitive {old} ephemeral-variable"),
            format!("terraform_data.conn output db_password embedded value plain {old} ephemeral-variable"),
            format!("terraform_data.obj[\"one\"] input.pw db_password whole value sensitive {old} ephemeral-variable"),
            format!("terraform_data.obj[\"one\"] output.pw db_password whole value plain {old} ephemeral-variable"),
            format!("terraform_data.obj[\"one\"] output.tags.a tags whole element plain {old} ephemeral-variable"),
            "output.pw  db_password embedded value sensitive output_changes output".to_owned(),
        ]
    );
}

/// A raw state with a module, a data source, a write-only candidate, a secret as a `for_each` key and as a map
/// key: addresses and paths never show the secret.
#[test]
fn addresses_hints_and_redaction() {
    let doc = r#"{"version": 4, "terraform_version": "1.9.0", "serial": 1, "lineage": "x", "outputs": {},
      "resources": [
        {"module": "module.db", "mode": "managed", "type": "aws_db_instance", "name": "main", "provider": "p",
         "instances": [{"schema_version": 2, "attributes": {"password": "Sup3r-Secret!", "username": "admin"},
                        "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]},
        {"mode": "data", "type": "aws_ssm_parameter", "name": "pw", "provider": "p",
         "instances": [{"schema_version": 0, "attributes": {"value": "Sup3r-Secret!", "tags": {"Sup3r-Secret!": "k"}},
                        "sensitive_attributes": []}]},
        {"mode": "managed", "type": "terraform_data", "name": "each", "provider": "p",
         "instances": [{"index_key": "key-Sup3r-Secret!", "schema_version": 0,
                        "attributes": {"id": "x", "list": [1, 20240101, "Sup3r-Secret!"]},
                        "sensitive_attributes": [[{"type": "get_attr", "value": "list"}, {"type": "index", "value": {"value": 2, "type": "number"}}]]}]}
      ]}"#;
    let w = wanted(&[("pw", "Sup3r-Secret!"), ("day", "20240101")]);
    let r = scan(doc, &w, None).unwrap();
    assert_eq!(
        lines(&r, &w),
        [
            "module.db.aws_db_instance.main password pw whole value sensitive state write-only",
            "data.aws_ssm_parameter.pw value pw whole value plain state ephemeral-resource",
            "data.aws_ssm_parameter.pw tags[\"<redacted>\"] pw whole value plain state ephemeral-resource",
            "terraform_data.each[\"key-<redacted>\"] (index_key) pw embedded value plain state ephemeral-variable",
            "terraform_data.each[\"key-<redacted>\"] list[1] day whole value plain state ephemeral-variable",
            "terraform_data.each[\"key-<redacted>\"] list[2] pw whole value sensitive state ephemeral-variable",
        ]
    );
    assert!(r.findings[2].in_key && !r.findings[1].in_key);
    assert!(
        r.findings[0].hint.text.starts_with("use the write-only argument password_wo"),
        "{}",
        r.findings[0].hint.text
    );
    let all = format!("{r:?}");
    assert!(!all.contains("Sup3r") && !all.contains("20240101"), "{all}");
}

#[test]
fn empty_states() {
    let w = fixture_secrets();
    let raw = r#"{"version": 4, "terraform_version": "1.11.4", "serial": 0, "lineage": "l", "outputs": {}, "resources": [], "check_results": null}"#;
    let r = scan(raw, &w, None).unwrap();
    assert!(r.empty && r.findings.is_empty() && r.document == Document::State);
    let r = scan("{\"format_version\":\"1.0\"}\n", &w, None).unwrap();
    assert!(r.empty && r.document == Document::ShowState && r.terraform_version.is_none());
}

/// Nothing from the document, and nothing of a secret, is ever in an error.
#[test]
fn documents_that_cannot_be_scanned() {
    let w = fixture_secrets();
    let err = |doc: &str| scan(doc, &w, None).unwrap_err().message();
    assert_eq!(err(""), "empty: no JSON at all");
    assert_eq!(err("{\"version\": 4, \"x\": \"hunter2secret-db"), "1:21: not valid JSON: unterminated string");
    assert_eq!(err("{\"hunter2secret-db\": hunter2secret-db}"), "1:22: not valid JSON: expected a value");
    assert!(err("[\"hunter2secret-db\"]").starts_with("JSON, but neither a terraform state"));
    assert!(err("{\"hunter2secret-db\": 1}").starts_with("JSON, but neither a terraform state"));
    assert!(
        err("{\"version\": 3, \"modules\": []}")
            .starts_with("a state in format version 3, written by terraform 0.11 or older")
    );
    assert!(err("{\"version\": 5}").starts_with("a state in format version 5, newer than"));
    assert_eq!(err("{\"version\": 1e3}"), "a state whose \"version\" is not a format version number");
    assert!(
        err("{\"format_version\": \"2.0\"}").starts_with("`terraform show -json` output in format version 2.0, newer")
    );
    assert_eq!(
        err("{\"format_version\": \"hunter2secret-db\"}"),
        "`terraform show -json` output with an unreadable format_version"
    );
    let deep = format!("{{\"version\": 4, \"a\": {}{}}}", "[".repeat(500), "]".repeat(500));
    assert!(err(&deep).ends_with("value nested more than 128 levels deep"), "{}", err(&deep));
}

#[test]
fn terraform_messages_are_redacted() {
    let w = fixture_secrets();
    assert_eq!(
        redact("Error: bad value \"hunter2secret-db\" near p<a&s\"s>w0rd", &w),
        "Error: bad value \"<redacted>\" near <redacted>"
    );
}
