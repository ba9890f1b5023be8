//! `session --write-profile NAME`: a `[NAME]` section in the shared credentials file, written atomically while
//! every byte outside that section stays identical (docs/sessions.md §9).

use super::cache::{self, CachedCredentials};
use super::private;
use crate::error::{Error, Result};
use crate::secret::Secret;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The comment that marks a section tfsecrets wrote (only such sections are overwritten).
pub const MARKER: &str = "# written by tfsecrets session";

/// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
pub fn credentials_file() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").filter(|p| !p.is_empty()) {
        let s = p.to_string_lossy();
        if let (Some(rest), Some(home)) = (s.strip_prefix("~/"), cache::home_dir()) {
            return Ok(home.join(rest));
        }
        return Ok(PathBuf::from(p));
    }
    cache::home_dir()
        .map(|h| h.join(".aws").join("credentials"))
        .ok_or_else(|| Error::io("HOME is not set: cannot locate ~/.aws/credentials"))
}

/// The section name of a header line (`[ name ]` → `name`), if the line is one.
fn header_name(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('[')?;
    let end = inner.find(']')?;
    Some(inner[..end].trim())
}

/// Whether `name` is usable as a section name.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || matches!(c, '[' | ']' | '#' | ';'))
}

/// Replaces (or appends) section `name` in `text` with `body` (its lines, with the header); returns the new
/// text. Fails when an existing section of that name was not written by tfsecrets.
pub fn upsert_section(text: &str, name: &str, body: &str) -> Result<Secret> {
    let mut out = Secret::with_capacity(text.len() + body.len() + 2);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| header_name(l) == Some(name));
    let Some(start) = start else {
        out.push_str(text);
        if !text.is_empty() {
            if !text.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
        }
        out.push_str(body);
        return Ok(out);
    };
    let end = lines[start + 1..].iter().position(|l| header_name(l).is_some()).map_or(lines.len(), |i| start + 1 + i);
    if !lines[start..end].iter().any(|l| l.trim_start().starts_with(MARKER)) {
        return Err(Error::cant_create(format!(
            "the credentials file already has a [{name}] section that tfsecrets did not write"
        ))
        .hint("pick another name for --write-profile, or remove that section yourself"));
    }
    // Keep the trailing blank and comment lines that separate the section from the next one.
    let mut keep_from = end;
    while keep_from > start + 1 {
        let t = lines[keep_from - 1].trim();
        if t.is_empty() || ((t.starts_with('#') || t.starts_with(';')) && !t.starts_with(MARKER)) {
            keep_from -= 1;
        } else {
            break;
        }
    }
    for l in &lines[..start] {
        out.push_str(l);
    }
    out.push_str(body);
    for l in &lines[keep_from..] {
        out.push_str(l);
    }
    Ok(out)
}

/// The section text for a session (it holds the secret key and token).
pub fn section_body(
    name: &str,
    creds: &CachedCredentials,
    source_profile: Option<&str>,
    expiry: Option<&str>,
) -> Secret {
    let mut s = Secret::with_capacity(256 + creds.secret_access_key.len() + creds.session_token.len());
    // Writing into a Secret cannot fail.
    let _ = write!(s, "[{name}]\naws_access_key_id = {}\n", creds.access_key_id);
    s.push_str("aws_secret_access_key = ");
    s.push_str(creds.secret_access_key.expose());
    s.push('\n');
    if !creds.session_token.is_empty() {
        s.push_str("aws_session_token = ");
        s.push_str(creds.session_token.expose());
        s.push('\n');
    }
    s.push_str(MARKER);
    if let Some(p) = source_profile {
        let _ = write!(s, " from profile {p}");
    }
    if let Some(e) = expiry {
        let _ = write!(s, "; expires {e}");
    }
    s.push('\n');
    s
}

/// Writes section `name` into the shared credentials file atomically (mode 0600); returns the file's path.
pub fn write_profile(
    name: &str,
    creds: &CachedCredentials,
    source_profile: Option<&str>,
    expiry: Option<&str>,
) -> Result<PathBuf> {
    if !valid_name(name) {
        return Err(Error::usage(format!("--write-profile {name:?} is not a usable profile name")));
    }
    let path = credentials_file()?;
    let text = match std::fs::read(&path) {
        Ok(b) => Secret::new(String::from_utf8(b).map_err(|e| {
            zeroize::Zeroize::zeroize(&mut e.into_bytes());
            Error::invalid(format!("{} is not UTF-8 text", path.display()))
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Secret::default(),
        Err(e) => return Err(Error::io(format!("cannot read {}: {e}", path.display()))),
    };
    let body = section_body(name, creds, source_profile, expiry);
    let new = upsert_section(text.expose(), name, body.expose())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        private::ensure_private_dir(dir)?;
    }
    crate::files::private::write(&path, new.expose_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "[tmp]\naws_access_key_id = A\n# written by tfsecrets session\n";

    #[test]
    fn appends_keeping_bytes() {
        let text = "[default]\r\naws_access_key_id = X ; c\r\n\r\n[other]\naws_secret_access_key=Y";
        let out = upsert_section(text, "tmp", BODY).unwrap();
        assert_eq!(out.expose(), format!("{text}\n\n{BODY}"));
        assert_eq!(upsert_section("", "tmp", BODY).unwrap().expose(), BODY);
    }

    #[test]
    fn replaces_only_own_section() {
        let text = format!("[a]\nk = 1\n\n{}x = old\n\n# about b\n[b]\nk = 2\n", BODY.replace("A\n", "OLD\n"));
        let out = upsert_section(&text, "tmp", BODY).unwrap();
        assert_eq!(out.expose(), format!("[a]\nk = 1\n\n{BODY}\n# about b\n[b]\nk = 2\n"));
    }

    #[test]
    fn refuses_foreign_section() {
        let text = "[tmp]\naws_access_key_id = LONGTERM\n";
        assert!(upsert_section(text, "tmp", BODY).is_err());
        assert!(!valid_name("a b") && !valid_name("") && valid_name("prod-tmp"));
    }
}
