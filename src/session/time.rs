//! Durations and expiry times: `--min-ttl` text, the remaining-lifetime wording of status lines, and the
//! `Expiration` forms of the cache and the environment (docs/sessions.md §4, §5).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use std::time::Duration;

/// Parses a duration such as `90m`, `1h30m`, `900s` or `0s` (units h, m, s in that order; at least one).
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let bad = || format!("invalid duration {text:?}: use e.g. 90m, 1h30m or 900s");
    if t.is_empty() {
        return Err(bad());
    }
    let (mut total, mut num, mut last_unit): (u64, Option<u64>, usize) = (0, None, 0);
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(num.unwrap_or(0).checked_mul(10).and_then(|n| n.checked_add(u64::from(d))).ok_or_else(bad)?);
            continue;
        }
        let (rank, mult) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return Err(bad()),
        };
        let n = num.take().ok_or_else(bad)?;
        if rank <= last_unit {
            return Err(bad());
        }
        last_unit = rank;
        total = n.checked_mul(mult).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
    }
    if num.is_some() {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration compactly: `45s`, `52m`, `1h05m`.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    }
}

/// Whether at least `min_ttl` remains before `expiry` (the reuse rule of docs/sessions.md §5).
pub fn ttl_at_least(expiry: DateTime<Utc>, min_ttl: Duration) -> bool {
    chrono::TimeDelta::from_std(min_ttl).is_ok_and(|m| expiry - Utc::now() >= m)
}

/// `in 52m` or `3m ago`.
pub fn remaining_text(expiry: DateTime<Utc>) -> String {
    let left = expiry - Utc::now();
    match left.to_std() {
        Ok(d) => format!("in {}", format_duration(d)),
        Err(_) => format!("{} ago", format_duration((-left).to_std().unwrap_or_default())),
    }
}

/// `expires 14:32 UTC (in 52m)` or `expired 14:32 UTC (3m ago)`.
pub fn describe_remaining(expiry: DateTime<Utc>) -> String {
    let verb = if expiry > Utc::now() { "expires" } else { "expired" };
    format!("{verb} {} ({})", expiry.format("%H:%M UTC"), remaining_text(expiry))
}

/// Parses an `Expiration` (docs/sessions.md §4): `YYYY-MM-DD`, `T` or space, `HH:MM:SS`, optional fraction,
/// then `Z`, `UTC`, `±HH:MM` or `±HHMM`. No zone, or anything else, gives `None`.
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
    let offset_secs = zone_offset(zone)?;
    let naive = NaiveDateTime::new(date, time).checked_add_signed(chrono::TimeDelta::nanoseconds(i64::from(nanos)))?;
    let offset = FixedOffset::east_opt(offset_secs)?;
    offset.from_local_datetime(&naive).single().map(|d| d.with_timezone(&Utc))
}

/// The offset in seconds of `Z`, `UTC`, `±HH:MM` or `±HHMM`.
fn zone_offset(zone: &str) -> Option<i32> {
    if matches!(zone, "Z" | "z" | "UTC") {
        return Some(0);
    }
    if zone.len() != 6 && zone.len() != 5 {
        return None;
    }
    let sign = match zone.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &zone[1..];
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
    Some(sign * (h * 3600 + m * 60))
}

/// Formats an expiry as the AWS CLI v2 writes it in the cache: `YYYY-MM-DDTHH:MM:SS+00:00`.
pub fn format_cache_expiration(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// Formats an expiry for `AWS_CREDENTIAL_EXPIRATION`: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_env_expiration(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("900s"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h0m5s"), Ok(Duration::from_secs(3605)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in ["", "15", "m", "1x", "30m1h", "1h1h", "-5m", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(45)), "45s");
        assert_eq!(format_duration(Duration::from_secs(52 * 60 + 10)), "52m");
        assert_eq!(format_duration(Duration::from_secs(3900)), "1h05m");
    }

    #[test]
    fn remaining_wording() {
        let soon = Utc::now() + chrono::TimeDelta::seconds(52 * 60 + 30);
        assert_eq!(remaining_text(soon), "in 52m");
        assert_eq!(describe_remaining(soon), format!("expires {} (in 52m)", soon.format("%H:%M UTC")));
        let past = Utc::now() - chrono::TimeDelta::seconds(3 * 60 + 30);
        assert_eq!(describe_remaining(past), format!("expired {} (3m ago)", past.format("%H:%M UTC")));
        assert!(ttl_at_least(soon, Duration::from_secs(15 * 60)));
        assert!(!ttl_at_least(soon, Duration::from_secs(60 * 60)));
        assert!(!ttl_at_least(past, Duration::ZERO));
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
            "2026-05-01T12:34:56+24:00",
            "2026-05-01T12:34:56+12-00",
        ] {
            assert_eq!(parse_expiration(bad), None, "{bad}");
        }
        let t = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).single().unwrap();
        assert_eq!(format_cache_expiration(t), "2030-01-02T03:04:05+00:00");
        assert_eq!(format_env_expiration(t), "2030-01-02T03:04:05Z");
    }
}
