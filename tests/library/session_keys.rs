//! The cache key serializer against Python itself: `json.dumps(obj, sort_keys=True)` + SHA-1, computed by
//! `python3` in the test, for the vectors of docs/sessions.md §3 and for many tricky strings.

use crate::support::session as sess;

use tfsecrets::session::cache::{RoleKey, sha1_hex};

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn reference(k: &RoleKey) -> (String, String) {
    let mut members = vec![format!("\"RoleArn\": {}", json_str(&k.role_arn))];
    if let Some(v) = k.role_session_name.as_ref().filter(|v| !v.is_empty()) {
        members.push(format!("\"RoleSessionName\": {}", json_str(v)));
    }
    if let Some(v) = &k.external_id {
        members.push(format!("\"ExternalId\": {}", json_str(v)));
    }
    if let Some(v) = &k.serial_number {
        members.push(format!("\"SerialNumber\": {}", json_str(v)));
    }
    if let Some(v) = &k.duration_seconds {
        members.push(format!("\"DurationSeconds\": {v}"));
    }
    sess::python_key(&format!("{{{}}}", members.join(", ")))
}

#[test]
fn serializer_matches_python_json_dumps() {
    let strings = [
        "arn:aws:iam::123456789012:role/prod-admin",
        "a\"b\\c/d",
        "jos\u{e9}",
        "x\u{1F600}\n",
        "tab\there\r\u{8}\u{c}",
        "\u{0}\u{1f}\u{7f}\u{80}\u{ff}\u{100}\u{2028}\u{fffd}",
        "日本語",
        "𝄞 music",
        "",
        " spaced ",
        "<script>&'",
    ];
    let mut n = 0;
    for (i, s) in strings.iter().enumerate() {
        let k = RoleKey {
            role_arn: format!("arn:aws:iam::1:role/r{i}"),
            role_session_name: Some((*s).to_owned()),
            external_id: Some((*s).to_owned()),
            serial_number: (i % 2 == 0).then(|| (*s).to_owned()),
            duration_seconds: (i % 3 == 0).then(|| format!("{}", 900 + i)),
        };
        let (json, key) = reference(&k);
        assert_eq!(k.json(), json, "serialization of {s:?}");
        assert_eq!(k.key(), key, "key of {s:?}");
        assert_eq!(sha1_hex(&json), key);
        n += 1;
    }
    // The vectors of docs/sessions.md §3, recomputed by Python.
    let (json, key) = sess::python_key(r#"{"RoleArn": "myrole", "RoleSessionName": "my_session_name"}"#);
    assert_eq!(key, "2964201f5648c8be5b9460a9cf842d73a266daf2");
    assert_eq!(
        RoleKey { role_arn: "myrole".into(), role_session_name: Some("my_session_name".into()), ..Default::default() }
            .json(),
        json
    );
    let (_, key) = sess::python_key(
        r#"{"ExternalId": "x\ud83d\ude00\n", "RoleArn": "arn:aws:iam::123456789012:role/prod-admin"}"#,
    );
    assert_eq!(key, "3f98f6952e6cf0272b0f36eedb18c75c90e0774d");
    assert!(n == strings.len());
}
