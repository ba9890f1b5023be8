//! The AWS CLI's credential cache (`~/.aws/cli/cache/<key>.json`): key derivation, entry read and atomic write.
//!
//! The key is the SHA-1 of the request arguments serialized exactly as Python's `json.dumps(obj, sort_keys=True)`
//! does, so the AWS CLI and tfsecrets find each other's sessions (spec mfa-sessions §3–§4).

use crate::error::{Error, Result};
use crate::secret::Secret;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use sha1::{Digest, Sha1};
use std::fmt::Write as _;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

/// A JSON value in a cache key: a string, or an integer kept as its normalized decimal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// A JSON string.
    Str(String),
    /// A JSON integer, as plain decimal text (e.g. `3600`, `-5`).
    Int(String),
}

/// Appends `s` as a JSON string literal escaped like Python's `json.dumps` (ensure_ascii=True).
pub fn push_python_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) >= 0x7f => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
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

/// The home directory (`$HOME`), where `.aws/cli/cache` lives.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `~/.aws/cli/cache` (no variable moves it).
pub fn cache_dir() -> Result<PathBuf> {
    home_dir()
        .map(|h| h.join(".aws").join("cli").join("cache"))
        .ok_or_else(|| Error::credentials("HOME is not set: cannot locate ~/.aws/cli/cache"))
}

/// The path of one entry.
pub fn entry_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// Parses a cached `Expiration`: `YYYY-MM-DD`, `T` or space, `HH:MM:SS`, optional fraction, then `Z`, `UTC`,
/// `±HH:MM` or `±HHMM`. No zone, or anything else, gives `None`.
pub fn parse_expiration(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if t.len() < 19 || !t.is_char_boundary(19) {
        return None;
    }
    let (date_time, zone) = t.split_at(19);
    let (date, time) = (date_time.get(..10)?, date_time.get(11..)?);
    if !matches!(date_time.as_bytes()[10], b'T' | b't' | b' ') {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if date.to_string().len() != 10 {
        return None;
    }
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?;
    let mut zone = zone;
    let mut nanos: u32 = 0;
    if let Some(rest) = zone.strip_prefix('.') {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let frac = &rest[..n];
        let mut padded: String = frac.chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
        zone = &rest[n..];
    }
    let offset_secs: i32 = match zone {
        "Z" | "z" | "UTC" => 0,
        z if z.len() == 6 || z.len() == 5 => {
            let sign = match z.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = &z[1..];
            let (h, m) = if digits.len() == 5 {
                if digits.as_bytes()[2] != b':' {
                    return None;
                }
                (&digits[..2], &digits[3..])
            } else {
                (&digits[..2], &digits[2..])
            };
            if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    let naive = NaiveDateTime::new(date, time).checked_add_signed(chrono::TimeDelta::nanoseconds(i64::from(nanos)))?;
    let offset = FixedOffset::east_opt(offset_secs)?;
    offset.from_local_datetime(&naive).single().map(|d| d.with_timezone(&Utc))
}

/// Formats an expiry as the AWS CLI v2 writes it: `YYYY-MM-DDTHH:MM:SS+00:00`.
pub fn format_cache_expiration(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// Formats an expiry for `AWS_CREDENTIAL_EXPIRATION`: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_env_expiration(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Temporary credentials as read from or written to the cache.
#[derive(Debug, Clone)]
pub struct CachedCredentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretAccessKey`.
    pub secret_access_key: Secret,
    /// `SessionToken`.
    pub session_token: Secret,
    /// `Expiration`, in UTC.
    pub expiration: DateTime<Utc>,
}

/// Why an entry could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// No file.
    Absent,
    /// A file that is not a valid entry (what is wrong; never a secret).
    Corrupt(String),
}

#[derive(serde::Deserialize)]
struct RawEntry {
    #[serde(rename = "Credentials")]
    credentials: RawCredentials,
}

#[derive(serde::Deserialize)]
struct RawCredentials {
    #[serde(rename = "AccessKeyId")]
    access_key_id: String,
    #[serde(rename = "SecretAccessKey")]
    secret_access_key: String,
    #[serde(rename = "SessionToken")]
    session_token: String,
    #[serde(rename = "Expiration")]
    expiration: String,
}

static PERMISSION_WARNED: AtomicBool = AtomicBool::new(false);

/// Warns once per run when the cache directory or an entry is accessible to group or others.
pub fn warn_if_exposed(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 && !PERMISSION_WARNED.swap(true, Ordering::Relaxed) {
            crate::ui::warn(format!(
                "{} is accessible to group or others (mode {:o}); it holds AWS session credentials: chmod {} {}",
                path.display(),
                mode & 0o777,
                if meta.is_dir() { "700" } else { "600" },
                path.display()
            ));
        }
    }
}

/// Reads one entry. Any problem is a miss, never an error.
pub fn read_entry(path: &Path) -> std::result::Result<CachedCredentials, Miss> {
    let bytes = match std::fs::read(path) {
        Ok(b) => Zeroizing::new(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(e) => return Err(Miss::Corrupt(format!("unreadable: {}", e.kind()))),
    };
    if let Some(dir) = path.parent() {
        warn_if_exposed(dir);
    }
    warn_if_exposed(path);
    let raw: RawEntry = serde_json::from_slice(&bytes).map_err(|e| {
        // serde_json's messages name the position and the kind of problem, never the data.
        Miss::Corrupt(format!("not a cache entry ({})", e.classify_message()))
    })?;
    let RawCredentials { access_key_id, secret_access_key, session_token, expiration } = raw.credentials;
    let secret_access_key = Secret::new(secret_access_key);
    let session_token = Secret::new(session_token);
    let expiration =
        parse_expiration(&expiration).ok_or_else(|| Miss::Corrupt(format!("unparseable Expiration {expiration:?}")))?;
    if access_key_id.is_empty() || secret_access_key.is_empty() || session_token.is_empty() {
        return Err(Miss::Corrupt("empty credential field".into()));
    }
    Ok(CachedCredentials { access_key_id, secret_access_key, session_token, expiration })
}

trait ClassifyMessage {
    fn classify_message(&self) -> &'static str;
}

impl ClassifyMessage for serde_json::Error {
    fn classify_message(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "invalid JSON",
            serde_json::error::Category::Data => "missing or mistyped field",
            serde_json::error::Category::Eof => "truncated JSON",
        }
    }
}

/// The assumed identity to record beside the credentials (AssumeRole only).
#[derive(Debug, Clone)]
pub struct AssumedRoleUser {
    /// `AssumedRoleId`.
    pub assumed_role_id: String,
    /// `Arn`.
    pub arn: String,
}

/// The account id inside an ARN (`arn:partition:service:region:ACCOUNT:...`).
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let account = parts.nth(3)?;
    (!account.is_empty()).then_some(account)
}

/// The JSON text of an entry, in the AWS CLI's layout (no `ResponseMetadata`).
pub fn entry_json(creds: &CachedCredentials, user: Option<&AssumedRoleUser>) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(2048));
    out.push_str("{\"Credentials\": {\"AccessKeyId\": ");
    push_python_json_str(&mut out, &creds.access_key_id);
    out.push_str(", \"SecretAccessKey\": ");
    push_python_json_str(&mut out, creds.secret_access_key.expose());
    out.push_str(", \"SessionToken\": ");
    push_python_json_str(&mut out, creds.session_token.expose());
    out.push_str(", \"Expiration\": ");
    push_python_json_str(&mut out, &format_cache_expiration(creds.expiration));
    if let Some(account) = user.and_then(|u| account_of_arn(&u.arn)) {
        out.push_str(", \"AccountId\": ");
        push_python_json_str(&mut out, account);
    }
    out.push('}');
    if let Some(u) = user {
        out.push_str(", \"AssumedRoleUser\": {\"AssumedRoleId\": ");
        push_python_json_str(&mut out, &u.assumed_role_id);
        out.push_str(", \"Arn\": ");
        push_python_json_str(&mut out, &u.arn);
        out.push('}');
    }
    out.push_str("}\n");
    out
}

/// Creates `dir` (and parents) with mode 0700 when missing.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        warn_if_exposed(dir);
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io(format!("cannot create {}: {e}", dir.display())))?;
    // `recursive` applies the mode to every directory it creates, but the umask may have narrowed it further.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| Error::io(format!("cannot chmod {}: {e}", dir.display())))
}

/// Writes `bytes` to `path` atomically with mode 0600 (see `crate::atomic`): readers never see a partial
/// file, a kill never leaves a named temporary copy behind; concurrent writers: last rename wins.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::atomic::replace(
        path,
        bytes,
        0o600,
        None,
        || Ok(()),
        |e| Error::io(format!("cannot write {}: {}: {}", path.display(), e.step, e.source)),
    )
}

/// Writes one entry atomically into `dir` (created 0700 if missing) as `<key>.json`, mode 0600.
pub fn write_entry(
    dir: &Path,
    key: &str,
    creds: &CachedCredentials,
    user: Option<&AssumedRoleUser>,
) -> Result<PathBuf> {
    ensure_private_dir(dir)?;
    let path = entry_path(dir, key);
    atomic_write(&path, entry_json(creds, user).as_bytes())?;
    Ok(path)
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
    fn spec_vectors() {
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
    fn expiration_forms() {
        let want = Utc.with_ymd_and_hms(2026, 5, 1, 12, 34, 56).single();
        for form in [
            "2026-05-01T12:34:56+00:00",
            "2026-05-01T12:34:56Z",
            "2026-05-01T12:34:56UTC",
            "2026-05-01 12:34:56Z",
            "2026-05-01T14:34:56+02:00",
            "2026-05-01T14:34:56+0200",
            "2026-05-01T07:34:56-0500",
        ] {
            assert_eq!(parse_expiration(form), want, "{form}");
        }
        let frac = parse_expiration("2026-05-01T12:34:56.250Z").map(|t| t.timestamp_subsec_millis());
        assert_eq!(frac, Some(250));
        for bad in [
            "2026-05-01T12:34:56",
            "2026-05-01",
            "garbage",
            "2026-05-01T12:34:56+2:00",
            "2026-13-01T12:34:56Z",
            "2026-05-01T12:34:56.Z",
        ] {
            assert_eq!(parse_expiration(bad), None, "{bad}");
        }
    }

    #[test]
    fn entry_roundtrip_and_modes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("a/b/cache");
        let creds = CachedCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::from_str_copy("sec\"ret"),
            session_token: Secret::from_str_copy("tok"),
            expiration: Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).single().unwrap(),
        };
        let user = AssumedRoleUser {
            assumed_role_id: "AROA:x".into(),
            arn: "arn:aws:sts::123456789012:assumed-role/r/x".into(),
        };
        let path = write_entry(&cache, "k", &creds, Some(&user)).unwrap();
        assert_eq!(std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(v["Credentials"]["Expiration"], "2030-01-02T03:04:05+00:00");
        assert_eq!(v["Credentials"]["AccountId"], "123456789012");
        assert_eq!(v["AssumedRoleUser"]["Arn"], user.arn);
        let back = read_entry(&path).unwrap();
        assert_eq!(back.secret_access_key.expose(), "sec\"ret");
        assert_eq!(back.expiration, creds.expiration);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1, "no temporary file left behind");
    }

    #[test]
    fn bad_entries_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        assert_eq!(read_entry(&p).unwrap_err(), Miss::Absent);
        for body in [
            "{",
            "[]",
            r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T"}}"#,
            r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "soon"}}"#,
        ] {
            std::fs::write(&p, body).unwrap();
            assert!(matches!(read_entry(&p), Err(Miss::Corrupt(_))), "{body}");
        }
    }

    #[test]
    fn readers_never_see_a_partial_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let creds = |n: usize| CachedCredentials {
            access_key_id: format!("ASIA{n}"),
            secret_access_key: Secret::new("s".repeat(4000)),
            session_token: Secret::new("t".repeat(60_000)),
            expiration: Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).single().unwrap(),
        };
        write_entry(dir.path(), "k", &creds(0), None).unwrap();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let (d, stop) = (dir.path().to_owned(), stop.clone());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        write_entry(&d, "k", &creds(w * 100_000 + n), None).unwrap();
                        n += 1;
                    }
                })
            })
            .collect();
        for _ in 0..300 {
            let c = read_entry(&path).expect("always a whole entry");
            assert_eq!(c.session_token.len(), 60_000);
        }
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.join().unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary files left");
    }

    #[test]
    fn sts_key_shape() {
        let k = sts_key("AKIA1", "arn:aws:iam::1:mfa/a", None);
        let json = r#"{"AccessKeyId": "AKIA1", "SerialNumber": "arn:aws:iam::1:mfa/a"}"#;
        assert_eq!(k, format!("tfsecrets-sts-{}", sha1_hex(json)));
    }

    #[test]
    fn account_from_arn() {
        assert_eq!(account_of_arn("arn:aws:sts::123456789012:assumed-role/r/s"), Some("123456789012"));
        assert_eq!(account_of_arn("nope"), None);
    }
}
