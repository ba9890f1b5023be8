//! chamber's `list`, `read` and `history` tables (docs/chamber-compat.md §5), built with the same format strings as
//! chamber's `cmd/list.go`, `cmd/read.go` and `cmd/history.go` and rendered through [`TabWriter`] into a
//! [`Secret`] (the `list -e` and `read` tables hold values).
//!
//! - list: header `Key\tVersion\tLastModified\tUser` (+ `\tValue` with `-e`) then `\n`; each row
//!   `key\tversion\ttime\tuser` (+ `\tvalue`) then `\n`.
//! - read: `Key\tValue\tVersion\tLastModified\tUser\n`, then `key\tvalue\tversion\ttime\tuser\n`.
//! - history: `Event\tVersion\tDate\tUser\n`, then per entry `event\tversion\ttime\tuser\n`.
//!
//! A missing time or user is an empty cell (chamber crashes on a nil `LastModifiedUser`). Values are
//! written raw, so TABs and newlines in them shift the columns exactly as they do in chamber.

use chrono::{DateTime, Utc};
use std::cmp::Ordering;

use crate::format::table::TabWriter;
use crate::format::time::chamber_time_opt;
use crate::secret::Secret;

/// One secret in a `list` table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The key.
    pub key: String,
    /// chamber's version counter (the parsed `Description`).
    pub version: i64,
    /// `LastModifiedDate`, if SSM returned one.
    pub last_modified: Option<DateTime<Utc>>,
    /// `LastModifiedUser` verbatim, if SSM returned one.
    pub user: Option<String>,
    /// The value, present only for `list -e`.
    pub value: Option<Secret>,
}

/// One parameter version in a `history` table.
#[derive(Debug, Clone, Default)]
pub struct HistoryRow {
    /// chamber's version counter of this version (the parsed `Description`).
    pub version: i64,
    /// `LastModifiedDate` of this version.
    pub date: Option<DateTime<Utc>>,
    /// `LastModifiedUser` of this version.
    pub user: Option<String>,
}

/// chamber's history event name: `Created` for version 1, `Updated` for every other version (0 included).
pub fn event_name(version: i64) -> &'static str {
    if version == 1 { "Created" } else { "Updated" }
}

/// Renders `chamber list` (rows in the given order; see [`sort_rows`]); `expand` adds the Value column.
pub fn list_table(rows: &[Row], expand: bool) -> Secret {
    let mut w = TabWriter::new();
    let header = ["Key", "Version", "LastModified", "User", "Value"];
    w.write_row(&header[..if expand { 5 } else { 4 }]);
    for r in rows {
        let (version, time) = (r.version.to_string(), chamber_time_opt(r.last_modified));
        let value = r.value.as_ref().map_or("", Secret::expose);
        let cells = [r.key.as_str(), &version, &time, r.user.as_deref().unwrap_or(""), value];
        w.write_row(&cells[..if expand { 5 } else { 4 }]);
    }
    w.finish()
}

/// Renders `chamber read` (without `-q`): the header and one row, the key shown as given.
pub fn read_table(key: &str, value: &Secret, version: i64, time: Option<DateTime<Utc>>, user: Option<&str>) -> Secret {
    let mut w = TabWriter::new();
    w.write_row(&["Key", "Value", "Version", "LastModified", "User"]);
    w.write_row(&[key, value.expose(), &version.to_string(), &chamber_time_opt(time), user.unwrap_or("")]);
    w.finish()
}

/// Renders `chamber history`: entries in the given (API, oldest-first) order.
pub fn history_table(entries: &[HistoryRow]) -> Secret {
    let mut w = TabWriter::new();
    w.write_row(&["Event", "Version", "Date", "User"]);
    for e in entries {
        let (version, time) = (e.version.to_string(), chamber_time_opt(e.date));
        w.write_row(&[event_name(e.version), &version, &time, e.user.as_deref().unwrap_or("")]);
    }
    w.finish()
}

/// Orders `list` rows as chamber does: by name in byte order, then stable sorts for each flag given, in the
/// order `-t` (time ascending; a missing time sorts first), `-u` (user, byte order; missing = empty),
/// `-v` (version ascending). chamber's own sorts are unstable; ties here keep the previous order.
pub fn sort_rows(rows: &mut [Row], by_time: bool, by_user: bool, by_version: bool) {
    rows.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    if by_time {
        rows.sort_by(|a, b| cmp_time(a.last_modified, b.last_modified));
    }
    if by_user {
        rows.sort_by(|a, b| a.user.as_deref().unwrap_or("").as_bytes().cmp(b.user.as_deref().unwrap_or("").as_bytes()));
    }
    if by_version {
        rows.sort_by_key(|r| r.version);
    }
}

fn cmp_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Ordering {
    // None < Some: Go's zero time is before any real timestamp.
    a.cmp(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    // These tests assume Go's local zone resolves to UTC or that the caller pins it; they render times via
    // `chamber_time_opt`, so expectations are built with the same function where a time appears.
    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).unwrap()
    }

    fn row(key: &str, version: i64, time: Option<&str>, user: Option<&str>, value: Option<&str>) -> Row {
        Row {
            key: key.into(),
            version,
            last_modified: time.map(t),
            user: user.map(str::to_string),
            value: value.map(Secret::from_str_copy),
        }
    }

    fn ts(s: &str) -> String {
        chamber_time_opt(Some(t(s)))
    }

    #[test]
    fn list_spec_example_byte_exact() {
        let rows = vec![row("apikey", 2, Some("2024-01-02T03:04:05Z"), Some("arn:aws:sts::1:assumed-role/r/s"), None)];
        let out = list_table(&rows, false).expose().to_owned();
        if ts("2024-01-02T03:04:05Z") == "2024-01-02 03:04:05" {
            assert_eq!(
                out,
                "Key\tVersion\t\tLastModified\t\tUser\napikey\t2\t\t2024-01-02 03:04:05\tarn:aws:sts::1:assumed-role/r/s\n"
            );
        }
        // Independent of the zone: the time cell is always 19 runes.
        let tcell = ts("2024-01-02T03:04:05Z");
        assert_eq!(
            out,
            format!("Key\tVersion\t\tLastModified\t\tUser\napikey\t2\t\t{tcell}\tarn:aws:sts::1:assumed-role/r/s\n")
        );
    }

    #[test]
    fn list_empty_service_is_header_only() {
        assert_eq!(list_table(&[], false).expose(), "Key\tVersion\t\tLastModified\tUser\n");
        assert_eq!(list_table(&[], true).expose(), "Key\tVersion\t\tLastModified\tUser\tValue\n");
    }

    #[test]
    fn list_expanded_with_values() {
        let rows = vec![
            row("a", 1, Some("2024-01-02T03:04:05Z"), Some("u1"), Some("v1")),
            row(
                "longer_key_name",
                10,
                Some("2024-01-02T03:04:05Z"),
                Some("arn:aws:iam::123456789012:user/x"),
                Some("x"),
            ),
        ];
        let tc = ts("2024-01-02T03:04:05Z");
        // Key W = 15+2 = 17 -> 24 (15 runes: 2 tabs, "a": 3 tabs); Version W = 9 -> 16; LastModified W = 21 -> 24; User W = 32+2 = 34 -> 40.
        let want = format!(
            "Key\t\t\tVersion\t\tLastModified\t\tUser\t\t\t\t\tValue\n\
             a\t\t\t1\t\t{tc}\tu1\t\t\t\t\tv1\n\
             longer_key_name\t\t10\t\t{tc}\tarn:aws:iam::123456789012:user/x\tx\n"
        );
        assert_eq!(list_table(&rows, true).expose(), want);
    }

    #[test]
    fn list_missing_time_and_user_are_empty_cells() {
        let rows = vec![row("k", 0, None, None, None)];
        // LastModified W = 14 -> 16: empty cell gets 2 tabs; User is last in the row -> nothing after.
        assert_eq!(list_table(&rows, false).expose(), "Key\tVersion\t\tLastModified\tUser\nk\t0\t\t\t\t\n");
        // Expanded with no value: User column W = 6 -> 8, empty user gets 1 tab, empty value last.
        assert_eq!(list_table(&rows, true).expose(), "Key\tVersion\t\tLastModified\tUser\tValue\nk\t0\t\t\t\t\t\n");
    }

    #[test]
    fn list_value_with_tab_and_newline_shifts_columns() {
        let rows = vec![row("k", 1, None, Some("u"), Some("a\tb\nc"))];
        // Row line 1 gets an extra column ("a" terminated, "b" last); "c" starts a new plain line.
        // Value column block = header "User"/"u" line only for col 3, col 4: only the row has it (a: W 3 -> 8).
        assert_eq!(
            list_table(&rows, true).expose(),
            "Key\tVersion\t\tLastModified\tUser\tValue\nk\t1\t\t\t\tu\ta\tb\nc\n"
        );
    }

    #[test]
    fn list_multibyte_keys() {
        let rows = vec![row("clé", 3, None, Some("ü"), None), row("字字字字字字字", 4, None, None, None)];
        // Key W = 7+2 = 9 -> 16: "Key" 2 tabs, "clé" 2 tabs, 7-rune key 2 tabs.
        assert_eq!(
            list_table(&rows, false).expose(),
            "Key\t\tVersion\t\tLastModified\tUser\nclé\t\t3\t\t\t\tü\n字字字字字字字\t\t4\t\t\t\t\n"
        );
    }

    #[test]
    fn read_table_format() {
        let v = Secret::from_str_copy("hunter2");
        let tc = ts("2024-01-02T03:04:05Z");
        let out = read_table("db_password", &v, 3, Some(t("2024-01-02T03:04:05Z")), Some("arn:aws:iam::1:user/me"))
            .expose()
            .to_owned();
        // Key W = 13 -> 16 ("Key" 2 tabs, key 1); Value W = 9 -> 16 (2 tabs each); Version W = 9 -> 16;
        // LastModified W = 21 -> 24 (header 2 tabs, time 1).
        assert_eq!(
            out,
            format!(
                "Key\t\tValue\t\tVersion\t\tLastModified\t\tUser\ndb_password\thunter2\t\t3\t\t{tc}\tarn:aws:iam::1:user/me\n"
            )
        );
    }

    #[test]
    fn read_table_value_with_newline() {
        let v = Secret::from_str_copy("line1\nline2");
        let out = read_table("k", &v, 1, None, None).expose().to_owned();
        // Row splits into "k\tline1" and "line2\t1\t\t". col0 is shared by all three lines (W 7 -> 8);
        // "k\tline1" has no col1, so the header is alone from col1 on ("Version" W 9 -> 16: 2 tabs) and
        // "line2"'s cells form their own blocks ("1" and "" each 1 tab).
        assert_eq!(out, "Key\tValue\tVersion\t\tLastModified\tUser\nk\tline1\nline2\t1\t\t\n");
    }

    #[test]
    fn read_table_empty_user_and_tab_value() {
        let v = Secret::from_str_copy("a\tb");
        let out = read_table("k", &v, 2, None, None).expose().to_owned();
        // Row has 6 cells: k, a, b, 2, "", "" -> header cols: Key, Value, Version, LastModified.
        // col0 W 5 -> 8; col1 (Value/a) W 7 -> 8; col2 (Version/b) W 9 -> 16; col3 (LastModified/2) W 14 -> 16;
        // col4: row only ("" W 2 -> 8).
        assert_eq!(out, "Key\tValue\tVersion\t\tLastModified\tUser\nk\ta\tb\t\t2\t\t\t\n");
    }

    #[test]
    fn history_events() {
        let entries = vec![
            HistoryRow { version: 0, date: None, user: Some("N/A".into()) },
            HistoryRow { version: 1, date: None, user: Some("N/A".into()) },
            HistoryRow { version: 2, date: None, user: None },
        ];
        // Event W = 9 -> 16 (2 tabs for 5-7 runes); Version W = 9 -> 16; Date W = 6 -> 8.
        assert_eq!(
            history_table(&entries).expose(),
            "Event\t\tVersion\t\tDate\tUser\nUpdated\t\t0\t\t\tN/A\nCreated\t\t1\t\t\tN/A\nUpdated\t\t2\t\t\t\n"
        );
        assert_eq!(history_table(&[]).expose(), "Event\tVersion\t\tDate\tUser\n");
        assert_eq!(event_name(-1), "Updated");
    }

    #[test]
    fn history_with_dates() {
        let tc = ts("2024-03-04T05:06:07Z");
        let entries = vec![HistoryRow { version: 1, date: Some(t("2024-03-04T05:06:07Z")), user: Some("me".into()) }];
        // Event W = 9 -> 16; Version W = 9 -> 16; Date W = 21 -> 24 ("Date" 3 tabs, time 1).
        assert_eq!(
            history_table(&entries).expose(),
            format!("Event\t\tVersion\t\tDate\t\t\tUser\nCreated\t\t1\t\t{tc}\tme\n")
        );
    }

    fn keys(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.key.as_str()).collect()
    }

    #[test]
    fn sort_by_name_bytes() {
        let mut rows = vec![
            row("/s/b", 1, None, None, None),
            row("/s/B", 1, None, None, None),
            row("/s/a", 1, None, None, None),
            row("/s/_", 1, None, None, None),
        ];
        sort_rows(&mut rows, false, false, false);
        assert_eq!(keys(&rows), ["/s/B", "/s/_", "/s/a", "/s/b"]);
    }

    #[test]
    fn sort_flags_apply_in_order_t_u_v() {
        let mut rows = vec![
            row("a", 2, Some("2024-01-03T00:00:00Z"), Some("bob"), None),
            row("b", 1, Some("2024-01-01T00:00:00Z"), Some("bob"), None),
            row("c", 2, Some("2024-01-02T00:00:00Z"), Some("alice"), None),
            row("d", 1, None, None, None),
        ];
        let mut r = rows.clone();
        sort_rows(&mut r, true, false, false);
        assert_eq!(keys(&r), ["d", "b", "c", "a"]);
        let mut r = rows.clone();
        sort_rows(&mut r, false, true, false);
        assert_eq!(keys(&r), ["d", "c", "a", "b"]);
        let mut r = rows.clone();
        sort_rows(&mut r, false, false, true);
        assert_eq!(keys(&r), ["b", "d", "a", "c"]);
        // -t then -u: user groups keep time order inside.
        let mut r = rows.clone();
        sort_rows(&mut r, true, true, false);
        assert_eq!(keys(&r), ["d", "c", "b", "a"]);
        // -t -u -v: version is the last (primary) key.
        sort_rows(&mut rows, true, true, true);
        assert_eq!(keys(&rows), ["d", "b", "c", "a"]);
    }
}
