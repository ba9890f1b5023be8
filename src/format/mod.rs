//! chamber-compatible output formats: tabwriter tables, timestamps, `export` formats and env var names
//! (docs/chamber-compat.md §5, §6, §7).
//!
//! Everything here is pure text processing (no I/O besides reading the `TZ` variable and probing the
//! zoneinfo directories for timestamps). Secret values enter only as [`crate::secret::Secret`] and leave
//! only inside the rendered output; no error produced here ever contains a value.

pub mod dotenv;
pub mod envname;
pub mod json;
pub mod listing;
pub mod table;
pub mod tfvars_export;
pub mod time;

use crate::secret::Secret;

/// Entries of an export map in output order: sorted by raw key in byte order, one entry per key (when a
/// key appears more than once, the last occurrence wins, as with chamber's merged Go map).
pub fn sorted_entries(map: &[(String, Secret)]) -> Vec<(&str, &Secret)> {
    let mut idx: Vec<usize> = (0..map.len()).collect();
    // Stable sort: equal keys keep input order, so the last of a run is the last occurrence.
    idx.sort_by(|&a, &b| map[a].0.as_bytes().cmp(map[b].0.as_bytes()));
    let mut out: Vec<(&str, &Secret)> = Vec::with_capacity(idx.len());
    for i in idx {
        let (k, v) = (&map[i].0, &map[i].1);
        match out.last_mut() {
            Some(last) if last.0 == k.as_str() => *last = (k.as_str(), v),
            _ => out.push((k.as_str(), v)),
        }
    }
    out
}

/// `(key, value)` pairs for the format tests.
#[cfg(test)]
pub(crate) fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, Secret)> {
    pairs.iter().map(|(k, v)| (k.to_string(), Secret::from_str_copy(v))).collect()
}

#[cfg(test)]
mod tests {
    use super::pairs as m;
    use super::*;

    #[test]
    fn sorted_entries_sorts_by_bytes_and_last_duplicate_wins() {
        let map = m(&[("b", "1"), ("B", "2"), ("a", "3"), ("b", "4"), ("_", "5")]);
        let got: Vec<(&str, &str)> = sorted_entries(&map).into_iter().map(|(k, v)| (k, v.expose())).collect();
        assert_eq!(got, vec![("B", "2"), ("_", "5"), ("a", "3"), ("b", "4")]);
    }

    #[test]
    fn sorted_entries_empty() {
        assert!(sorted_entries(&[]).is_empty());
    }
}
