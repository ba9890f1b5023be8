//! `export -f json`: Go `json.NewEncoder(w).Encode(map[string]string)` byte for byte (docs/chamber-compat.md §6).
//!
//! String escaping follows Go's `encoding/json` (v1, which Go 1.25 still uses by default) with HTML
//! escaping on, as `Encoder` has by default: `"` `\` as `\"` `\\`; `\b` `\f` `\n` `\r` `\t` short forms
//! (Go ≥ 1.22; chamber 3.1.4 is built with Go 1.25); other C0 controls `\u00xx` (lower-case hex);
//! `<` `>` `&` as `\u003c` `\u003e` `\u0026`; U+2028/U+2029 as `\u2028`/`\u2029`; everything else,
//! including `/`, DEL and other non-ASCII, raw. (Go turns invalid UTF-8 into `\ufffd`; a `&str` is
//! always valid UTF-8, so that case cannot arise here.)

use crate::format::sorted_entries;
use crate::secret::Secret;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `s` as a JSON string literal (quotes included) escaped exactly as Go's `encoding/json` does.
pub fn go_json_string(s: &str, out: &mut Secret) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\u{08}' => Some("\\b"),
            '\u{0c}' => Some("\\f"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '<' => Some("\\u003c"),
            '>' => Some("\\u003e"),
            '&' => Some("\\u0026"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            _ => None,
        };
        if esc.is_none() && (c as u32) >= 0x20 {
            continue;
        }
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let b = c as u32 as usize; // < 0x20 here
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xf]));
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The whole `export -f json` output: one compact object, keys sorted in byte order, then `\n`
/// (`{}\n` when empty). A key given twice keeps its last value.
pub fn export_json(map: &[(String, Secret)]) -> Secret {
    let mut out = Secret::with_capacity(map.iter().map(|(k, v)| k.len() + v.len() + 6).sum::<usize>() + 3);
    out.push('{');
    for (i, (k, v)) in sorted_entries(map).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        go_json_string(k, &mut out);
        out.push(':');
        go_json_string(v.expose(), &mut out);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::pairs as m;
    use proptest::prelude::*;

    fn q(s: &str) -> String {
        let mut o = Secret::default();
        go_json_string(s, &mut o);
        o.expose().to_owned()
    }

    #[test]
    fn short_escapes() {
        assert_eq!(q("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(q("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
    }

    #[test]
    fn other_controls_lowercase_hex() {
        assert_eq!(q("\u{0}\u{1}\u{b}\u{1b}\u{1f}"), r#""\u0000\u0001\u000b\u001b\u001f""#);
    }

    #[test]
    fn html_escaping() {
        assert_eq!(q("<a href='x'>&</a>"), r#""\u003ca href='x'\u003e\u0026\u003c/a\u003e""#);
    }

    #[test]
    fn line_separators() {
        assert_eq!(q("a\u{2028}b\u{2029}c"), r#""a\u2028b\u2029c""#);
    }

    #[test]
    fn raw_characters() {
        assert_eq!(q("/\u{7f}é字🔑$`!' "), "\"/\u{7f}é字🔑$`!' \"");
        assert_eq!(q(""), "\"\"");
        // U+0085 (NEL) and U+00A0 are not escaped by Go.
        assert_eq!(q("\u{85}\u{a0}"), "\"\u{85}\u{a0}\"");
    }

    #[test]
    fn export_empty() {
        assert_eq!(export_json(&[]).expose(), "{}\n");
    }

    #[test]
    fn export_sorted_compact() {
        let map = m(&[("zeta", "1"), ("Alpha", "<x>"), ("alpha", "a\nb"), ("_u", "")]);
        assert_eq!(
            export_json(&map).expose(),
            "{\"Alpha\":\"\\u003cx\\u003e\",\"_u\":\"\",\"alpha\":\"a\\nb\",\"zeta\":\"1\"}\n"
        );
    }

    #[test]
    fn export_escapes_keys_too() {
        let map = m(&[("a&b", "v")]);
        assert_eq!(export_json(&map).expose(), "{\"a\\u0026b\":\"v\"}\n");
    }

    #[test]
    fn export_duplicate_key_last_wins() {
        let map = m(&[("k", "first"), ("k", "second")]);
        assert_eq!(export_json(&map).expose(), "{\"k\":\"second\"}\n");
    }

    proptest! {
        #[test]
        fn round_trips_through_serde(s in any::<String>()) {
            let enc = q(&s);
            let back: String = serde_json::from_str(&enc).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, s);
        }

        #[test]
        fn output_is_ascii_safe_for_html(s in any::<String>()) {
            let enc = q(&s);
            let inner = &enc[1..enc.len() - 1];
            let bad = ['<', '>', '&', '\u{2028}', '\u{2029}'];
            prop_assert!(!inner.contains(bad));
            prop_assert!(!inner.chars().any(|c| (c as u32) < 0x20));
        }
    }
}
