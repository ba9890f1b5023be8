//! chamber's timestamp format: Go `t.Local().Format("2006-01-02 15:04:05")` (docs/chamber-compat.md §5).
//!
//! The local zone follows Go's rules (`time.initLocal` on Unix), which differ from chrono's in corner cases:
//! - `TZ` unset: `/etc/localtime`; if it is missing or not a TZif file, UTC (chrono would ask the OS).
//! - `TZ` empty, `TZ=":"` or `TZ=UTC`: UTC.
//! - `TZ=/abs/path` or `TZ=:/abs/path`: that file, else UTC.
//! - `TZ=Name` or `TZ=:Name`: `Name` under Go's zoneinfo directories, else UTC. A POSIX rule such as
//!   `JST-9` that names no file is UTC in Go (chrono would parse the rule).
//!
//! When the zone resolves to a file, chrono's `Local` (which reads the same file) does the conversion.

use chrono::{DateTime, Datelike, FixedOffset, Local, TimeZone, Timelike, Utc};
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Directories Go searches for a zone named by `TZ` (Go's `platformZoneSources` on Unix).
const GO_ZONE_DIRS: [&str; 4] =
    ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"];

/// Formats `t` in the local zone as `YYYY-MM-DD HH:MM:SS` (no zone suffix), as chamber prints
/// `LastModifiedDate` / history dates.
pub fn chamber_time(t: DateTime<Utc>) -> String {
    match go_local_zone(std::env::var_os("TZ").as_deref()) {
        GoZone::Utc => go_short_format(&t),
        GoZone::Local => go_short_format(&t.with_timezone(&Local)),
    }
}

/// Like [`chamber_time`], but an absent time renders as an empty cell.
pub fn chamber_time_opt(t: Option<DateTime<Utc>>) -> String {
    t.map(chamber_time).unwrap_or_default()
}

/// Formats `t` in a fixed offset (tests and callers that pin a zone).
pub fn chamber_time_at(t: DateTime<Utc>, offset: FixedOffset) -> String {
    go_short_format(&t.with_timezone(&offset))
}

/// Go layout `2006-01-02 15:04:05` of a zoned time: the year has at least four digits (a `-` sign
/// before negative years), the other fields exactly two.
fn go_short_format<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    let y = t.year();
    let year = if y < 0 { format!("-{:04}", -i64::from(y)) } else { format!("{y:04}") };
    format!("{year}-{:02}-{:02} {:02}:{:02}:{:02}", t.month(), t.day(), t.hour(), t.minute(), t.second())
}

/// Which zone Go's `time.Local` would be.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum GoZone {
    /// UTC (explicitly, or Go's fallback when the zone cannot be loaded).
    Utc,
    /// A zone file chrono's `Local` loads the same way.
    Local,
}

/// Decides the zone from the value of `TZ` (`None` = unset), probing the filesystem like Go does.
fn go_local_zone(tz: Option<&OsStr>) -> GoZone {
    go_local_zone_with(tz, is_tzif_file)
}

fn go_local_zone_with(tz: Option<&OsStr>, exists: impl Fn(&Path) -> bool) -> GoZone {
    let found = |p: &Path| {
        if exists(p) { GoZone::Local } else { GoZone::Utc }
    };
    let Some(tz) = tz else {
        return found(Path::new("/etc/localtime"));
    };
    let bytes = tz.as_encoded_bytes();
    let bytes = bytes.strip_prefix(b":").unwrap_or(bytes);
    if bytes.is_empty() || bytes == b"UTC" {
        return GoZone::Utc;
    }
    // Non-UTF-8 TZ values cannot be handed to chrono reliably; Go would most likely fail to load them too.
    let Ok(name) = std::str::from_utf8(bytes) else {
        return GoZone::Utc;
    };
    if name.starts_with('/') {
        return found(Path::new(name));
    }
    if GO_ZONE_DIRS.iter().any(|d| exists(&PathBuf::from(d).join(name))) { GoZone::Local } else { GoZone::Utc }
}

/// Whether `p` is a readable file starting with the TZif magic.
fn is_tzif_file(p: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(p).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"TZif"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn formats_utc() {
        assert_eq!(
            chamber_time_at(t("2024-01-02T03:04:05Z"), FixedOffset::east_opt(0).unwrap()),
            "2024-01-02 03:04:05"
        );
        assert_eq!(go_short_format(&t("2024-01-02T03:04:05.999Z")), "2024-01-02 03:04:05");
    }

    #[test]
    fn formats_in_offset_crossing_midnight() {
        let plus9 = FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(chamber_time_at(t("2024-12-31T20:30:00Z"), plus9), "2025-01-01 05:30:00");
        let minus5 = FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(chamber_time_at(t("2024-01-01T01:00:00Z"), minus5), "2023-12-31 20:00:00");
    }

    #[test]
    fn year_padding_like_go() {
        let d = Utc.with_ymd_and_hms(987, 6, 7, 8, 9, 10).single().unwrap_or_default();
        assert_eq!(go_short_format(&d), "0987-06-07 08:09:10");
        let d = Utc.with_ymd_and_hms(12345, 1, 1, 0, 0, 0).single().unwrap_or_default();
        assert_eq!(go_short_format(&d), "12345-01-01 00:00:00");
        let d = Utc.with_ymd_and_hms(-44, 3, 15, 0, 0, 0).single().unwrap_or_default();
        assert_eq!(go_short_format(&d), "-0044-03-15 00:00:00");
    }

    #[test]
    fn optional_time_is_empty_cell() {
        assert_eq!(chamber_time_opt(None), "");
    }

    #[test]
    fn zone_rules_follow_go() {
        let have = |p: &Path| {
            p == Path::new("/usr/share/zoneinfo/Europe/Paris")
                || p == Path::new("/etc/localtime")
                || p == Path::new("/tmp/zone")
        };
        let none = |_: &Path| false;
        let os = |s: &str| OsString::from(s);
        assert_eq!(go_local_zone_with(None, have), GoZone::Local);
        assert_eq!(go_local_zone_with(None, none), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os("")), have), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os(":")), have), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os("UTC")), have), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os("Europe/Paris")), have), GoZone::Local);
        assert_eq!(go_local_zone_with(Some(&os(":Europe/Paris")), have), GoZone::Local);
        assert_eq!(go_local_zone_with(Some(&os("Mars/Olympus")), have), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os("JST-9")), have), GoZone::Utc);
        assert_eq!(go_local_zone_with(Some(&os("/tmp/zone")), have), GoZone::Local);
        assert_eq!(go_local_zone_with(Some(&os(":/tmp/zone")), have), GoZone::Local);
        assert_eq!(go_local_zone_with(Some(&os("/tmp/nozone")), have), GoZone::Utc);
    }

    #[test]
    fn real_zone_files_probe() {
        // The probe rejects non-TZif files and missing ones.
        assert!(!is_tzif_file(Path::new("/definitely/not/here")));
        assert!(!is_tzif_file(Path::new("/etc/hostname")));
        if Path::new("/usr/share/zoneinfo/UTC").exists() {
            assert!(is_tzif_file(Path::new("/usr/share/zoneinfo/UTC")));
        }
    }

    #[test]
    fn chamber_time_matches_chrono_local_when_zone_loads() {
        // Environment-dependent: when Go would use the local zone file, the result is chrono's Local.
        let when = t("2024-07-01T12:00:00Z");
        let expected = match go_local_zone(std::env::var_os("TZ").as_deref()) {
            GoZone::Utc => "2024-07-01 12:00:00".to_string(),
            GoZone::Local => go_short_format(&when.with_timezone(&Local)),
        };
        assert_eq!(chamber_time(when), expected);
    }
}
