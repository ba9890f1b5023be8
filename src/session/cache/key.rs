//! The AWS CLI cache key (docs/sessions.md §3): the SHA-1 of the request arguments serialized exactly as
//! Python's `json.dumps(obj, sort_keys=True)` does, so the AWS CLI and tfsecrets find each other's sessions.

use sha1::{Digest, Sha1};
use std::fmt;

/// A JSON value in a cache key: a string, or an integer kept as its normalized decimal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// A JSON string.
    Str(String),
    /// A JSON integer, as plain decimal text (e.g. `3600`, `-5`).
    Int(String),
}

/// Appends `s` as a JSON string literal escaped like Python's `json.dumps` (ensure_ascii=True; docs/sessions.md
/// §3). Generic over the buffer so a cache entry is built in a [`crate::secret::Secret`].
pub fn push_python_json_str<W: fmt::Write>(out: &mut W, s: &str) {
    // Writing into a String or a Secret cannot fail.
    let _ = write_python_json_str(out, s);
}

fn write_python_json_str<W: fmt::Write>(out: &mut W, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            '\u{08}' => out.write_str("\\b")?,
            '\u{0c}' => out.write_str("\\f")?,
            c if (c as u32) < 0x20 || (c as u32) >= 0x7f => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    write!(out, "\\u{unit:04x}")?;
                }
            }
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// Serializes a flat object exactly as Python's `json.dumps(obj, sort_keys=True)`.
pub fn python_json(members: &[(&str, KeyValue)]) -> String {
    let mut sorted: Vec<&(&str, KeyValue)> = members.iter().collect();
    // Python sorts str keys by code point; for UTF-8 strings that is byte order.
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("{");
    for (i, (k, v)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_python_json_str(&mut out, k);
        out.push_str(": ");
        match v {
            KeyValue::Str(s) => push_python_json_str(&mut out, s),
            KeyValue::Int(n) => out.push_str(n),
        }
    }
    out.push('}');
    out
}

/// Lower-case hex SHA-1 of the UTF-8 bytes of `text`.
pub fn sha1_hex(text: &str) -> String {
    hex::encode(Sha1::digest(text.as_bytes()))
}

/// Parses a profile value like Python's `int()`: surrounding whitespace, optional sign, ASCII digits (single
/// underscores allowed between digits). Returns the normalized decimal text, or `None` when Python would fail.
pub fn python_int(text: &str) -> Option<String> {
    let t = text.trim();
    let (neg, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    let plain: String = digits.chars().filter(|c| *c != '_').collect();
    let trimmed = plain.trim_start_matches('0');
    let body = if trimmed.is_empty() { "0" } else { trimmed };
    Some(if neg && body != "0" { format!("-{body}") } else { body.to_owned() })
}

/// What goes into an AssumeRole cache key (everything else never does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleKey {
    /// `role_arn`.
    pub role_arn: String,
    /// `role_session_name` when configured and non-empty.
    pub role_session_name: Option<String>,
    /// `external_id` when configured.
    pub external_id: Option<String>,
    /// `mfa_serial`.
    pub serial_number: Option<String>,
    /// `duration_seconds` when it parses as an integer (normalized text).
    pub duration_seconds: Option<String>,
}

impl RoleKey {
    /// The exact JSON text the AWS CLI hashes.
    pub fn json(&self) -> String {
        let mut m: Vec<(&str, KeyValue)> = vec![("RoleArn", KeyValue::Str(self.role_arn.clone()))];
        if let Some(v) = self.role_session_name.as_ref().filter(|v| !v.is_empty()) {
            m.push(("RoleSessionName", KeyValue::Str(v.clone())));
        }
        if let Some(v) = &self.external_id {
            m.push(("ExternalId", KeyValue::Str(v.clone())));
        }
        if let Some(v) = &self.serial_number {
            m.push(("SerialNumber", KeyValue::Str(v.clone())));
        }
        if let Some(v) = &self.duration_seconds {
            m.push(("DurationSeconds", KeyValue::Int(v.clone())));
        }
        python_json(&m)
    }

    /// The cache file stem: lower-case hex SHA-1 of [`RoleKey::json`].
    pub fn key(&self) -> String {
        sha1_hex(&self.json())
    }
}

/// The cache file stem for a GetSessionToken session: `tfsecrets-sts-<sha1>`.
pub fn sts_key(source_access_key_id: &str, serial_number: &str, duration_seconds: Option<&str>) -> String {
    let mut m: Vec<(&str, KeyValue)> = vec![
        ("AccessKeyId", KeyValue::Str(source_access_key_id.to_owned())),
        ("SerialNumber", KeyValue::Str(serial_number.to_owned())),
    ];
    if let Some(d) = duration_seconds {
        m.push(("DurationSeconds", KeyValue::Int(d.to_owned())));
    }
    format!("tfsecrets-sts-{}", sha1_hex(&python_json(&m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(arn: &str) -> RoleKey {
        RoleKey { role_arn: arn.into(), ..Default::default() }
    }

    const PROD: &str = "arn:aws:iam::123456789012:role/prod-admin";
    const ALICE: &str = "arn:aws:iam::111111111111:mfa/alice";

    #[test]
    fn cli_cache_key_vectors() {
        let cases: Vec<(RoleKey, &str, &str)> = vec![
            (role("myrole"), r#"{"RoleArn": "myrole"}"#, "793d6e2f27667ab2da104824407e486bfec24a47"),
            (
                role("arn:aws:iam::role/foo-role"),
                r#"{"RoleArn": "arn:aws:iam::role/foo-role"}"#,
                "75c539f0711ba78c5b9e488d0add95f178a54d74",
            ),
            (
                RoleKey { role_session_name: Some("my_session_name".into()), ..role("myrole") },
                r#"{"RoleArn": "myrole", "RoleSessionName": "my_session_name"}"#,
                "2964201f5648c8be5b9460a9cf842d73a266daf2",
            ),
            (
                RoleKey { serial_number: Some(ALICE.into()), ..role(PROD) },
                r#"{"RoleArn": "arn:aws:iam::123456789012:role/prod-admin", "SerialNumber": "arn:aws:iam::111111111111:mfa/alice"}"#,
                "efc6f254b376fe471c9b25c2744f4cf63283c4e4",
            ),
            (
                RoleKey { serial_number: Some(ALICE.into()), duration_seconds: Some("3600".into()), ..role(PROD) },
                r#"{"DurationSeconds": 3600, "RoleArn": "arn:aws:iam::123456789012:role/prod-admin", "SerialNumber": "arn:aws:iam::111111111111:mfa/alice"}"#,
                "52ed5aefbcc5abde32c2d78ed967da4303964cb8",
            ),
            (
                RoleKey {
                    serial_number: Some(ALICE.into()),
                    duration_seconds: Some("3600".into()),
                    external_id: Some("xyz".into()),
                    role_session_name: Some("alice".into()),
                    ..role(PROD)
                },
                r#"{"DurationSeconds": 3600, "ExternalId": "xyz", "RoleArn": "arn:aws:iam::123456789012:role/prod-admin", "RoleSessionName": "alice", "SerialNumber": "arn:aws:iam::111111111111:mfa/alice"}"#,
                "d4ec76a732625b450019700e8be9dab7e5a5d5b1",
            ),
            (
                RoleKey {
                    serial_number: Some("GAHT12345678".into()),
                    duration_seconds: Some("43200".into()),
                    ..role(PROD)
                },
                r#"{"DurationSeconds": 43200, "RoleArn": "arn:aws:iam::123456789012:role/prod-admin", "SerialNumber": "GAHT12345678"}"#,
                "575c5413a0733f8f1d1ec1ada9df0980bc4ff925",
            ),
            (
                RoleKey { external_id: Some("a\"b\\c/d".into()), ..role(PROD) },
                r#"{"ExternalId": "a\"b\\c/d", "RoleArn": "arn:aws:iam::123456789012:role/prod-admin"}"#,
                "7f900678229024ce89e1cc3a374504c8b9a1898d",
            ),
            (
                RoleKey {
                    role_session_name: Some("jos\u{e9}".into()),
                    serial_number: Some(ALICE.into()),
                    ..role(PROD)
                },
                r#"{"RoleArn": "arn:aws:iam::123456789012:role/prod-admin", "RoleSessionName": "jos\u00e9", "SerialNumber": "arn:aws:iam::111111111111:mfa/alice"}"#,
                "384df0211cb60f52d5312ef9e15de013d64f8506",
            ),
            (
                RoleKey { external_id: Some("x\u{1F600}\n".into()), ..role(PROD) },
                r#"{"ExternalId": "x\ud83d\ude00\n", "RoleArn": "arn:aws:iam::123456789012:role/prod-admin"}"#,
                "3f98f6952e6cf0272b0f36eedb18c75c90e0774d",
            ),
        ];
        for (k, json, key) in cases {
            assert_eq!(k.json(), json);
            assert_eq!(k.key(), key, "{json}");
        }
    }

    #[test]
    fn empty_session_name_is_not_in_the_key() {
        let k = RoleKey { role_session_name: Some(String::new()), ..role("myrole") };
        assert_eq!(k.key(), "793d6e2f27667ab2da104824407e486bfec24a47");
    }

    #[test]
    fn escaper_control_and_del() {
        let mut s = String::new();
        push_python_json_str(&mut s, "\u{1}\u{8}\u{c}\r\t\u{7f}/");
        assert_eq!(s, r#""\u0001\b\f\r\t\u007f/""#);
    }

    #[test]
    fn python_int_like() {
        assert_eq!(python_int(" 3600 ").as_deref(), Some("3600"));
        assert_eq!(python_int("+0900").as_deref(), Some("900"));
        assert_eq!(python_int("-5").as_deref(), Some("-5"));
        assert_eq!(python_int("-0").as_deref(), Some("0"));
        assert_eq!(python_int("1_000").as_deref(), Some("1000"));
        for bad in ["", " ", "1h", "3600.0", "1__0", "_1", "+", "0x10"] {
            assert_eq!(python_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn sts_key_shape() {
        let k = sts_key("AKIA1", "arn:aws:iam::1:mfa/a", None);
        let json = r#"{"AccessKeyId": "AKIA1", "SerialNumber": "arn:aws:iam::1:mfa/a"}"#;
        assert_eq!(k, format!("tfsecrets-sts-{}", sha1_hex(json)));
    }
}
