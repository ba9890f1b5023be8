//! The one status line about the session on stderr (docs/sessions.md §1): where the credentials came from and
//! when they expire. Never a secret.

use super::time::describe_remaining;
use chrono::{DateTime, Utc};

/// Prints `tfsecrets: <line>` on stderr.
pub fn print(line: &str) {
    crate::ui::raw(format!("tfsecrets: {line}"));
}

/// Row 1's line, e.g. `credentials from environment (aws-vault: prod), expire 14:32 UTC (in 52m)`; `None` when
/// there is nothing worth a line (no aws-vault, no known expiry: then only `--verbose` mentions the source).
pub fn environment(aws_vault: Option<&str>, expiry: Option<DateTime<Utc>>) -> Option<String> {
    if aws_vault.is_none() && expiry.is_none() {
        return None;
    }
    let from = aws_vault.map(|v| format!(" (aws-vault: {v})")).unwrap_or_default();
    let when =
        expiry.map(|e| format!(", {}", describe_remaining(e).replacen("expires", "expire", 1))).unwrap_or_default();
    Some(format!("credentials from environment{from}{when}"))
}

/// Row 2's line, e.g. `MFA session for arn:aws:iam::1:role/prod-admin from cache, expires 14:32 UTC (in 52m)`;
/// a user profile (no role) names the MFA device and GetSessionToken instead.
pub fn mfa_session(role_arn: Option<&str>, mfa_serial: &str, from_cache: bool, expiry: DateTime<Utc>) -> String {
    let what = match role_arn {
        Some(arn) => format!("for {arn}"),
        None => format!("(GetSessionToken) for {mfa_serial}"),
    };
    let how = if from_cache { "from cache" } else { "new" };
    format!("MFA session {what} {how}, {}", describe_remaining(expiry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let at = Utc::now() + chrono::TimeDelta::seconds(52 * 60 + 30);
        let hhmm = at.format("%H:%M UTC");
        assert_eq!(environment(None, None), None);
        assert_eq!(
            environment(Some("prod"), Some(at)).as_deref(),
            Some(format!("credentials from environment (aws-vault: prod), expire {hhmm} (in 52m)").as_str())
        );
        assert_eq!(environment(Some("prod"), None).as_deref(), Some("credentials from environment (aws-vault: prod)"));
        assert_eq!(
            mfa_session(Some("arn:aws:iam::1:role/r"), "m", true, at),
            format!("MFA session for arn:aws:iam::1:role/r from cache, expires {hhmm} (in 52m)")
        );
        assert_eq!(
            mfa_session(None, "arn:aws:iam::1:mfa/bob", false, at),
            format!("MFA session (GetSessionToken) for arn:aws:iam::1:mfa/bob new, expires {hhmm} (in 52m)")
        );
    }
}
