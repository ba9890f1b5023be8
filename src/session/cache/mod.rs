//! The AWS CLI's credential cache (`~/.aws/cli/cache/<key>.json`, docs/sessions.md §3–§4): where entries
//! live, reading one (any problem is a miss) and writing one in the AWS CLI's layout.

mod key;

pub use key::{KeyValue, RoleKey, push_python_json_str, python_int, python_json, sha1_hex, sts_key};

use super::private;
use super::time::{format_cache_expiration, parse_expiration};
use crate::error::{Error, Result};
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The home directory (`$HOME`), where `.aws/cli/cache` lives.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `~/.aws/cli/cache` (no variable moves it).
pub fn cache_dir() -> Result<PathBuf> {
    home_dir()
        .map(|h| h.join(".aws").join("cli").join("cache"))
        .ok_or_else(|| Error::config("HOME is not set: cannot locate ~/.aws/cli/cache"))
}

/// The path of one entry.
pub fn entry_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
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

/// Reads one entry. Any problem is a miss, never an error.
pub fn read_entry(path: &Path) -> std::result::Result<CachedCredentials, Miss> {
    let bytes = match std::fs::read(path) {
        Ok(b) => Zeroizing::new(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(e) => return Err(Miss::Corrupt(format!("unreadable: {}", e.kind()))),
    };
    if let Some(dir) = path.parent() {
        private::warn_if_exposed(dir);
    }
    private::warn_if_exposed(path);
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
pub fn entry_json(creds: &CachedCredentials, user: Option<&AssumedRoleUser>) -> Secret {
    let mut out = Secret::with_capacity(2048);
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

/// Writes one entry atomically into `dir` (created 0700 if missing) as `<key>.json`, mode 0600.
pub fn write_entry(
    dir: &Path,
    key: &str,
    creds: &CachedCredentials,
    user: Option<&AssumedRoleUser>,
) -> Result<PathBuf> {
    private::ensure_private_dir(dir)?;
    let path = entry_path(dir, key);
    crate::files::private::write(&path, entry_json(creds, user).expose_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicBool, Ordering};

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
    fn account_from_arn() {
        assert_eq!(account_of_arn("arn:aws:sts::123456789012:assumed-role/r/s"), Some("123456789012"));
        assert_eq!(account_of_arn("nope"), None);
    }
}
