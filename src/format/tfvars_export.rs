//! `export -f tfvars`, tfsecrets' valid-HCL variant of chamber's format (docs/chamber-compat.md §6).
//!
//! Each key becomes `name = value\n` in raw-key byte order:
//! - name: the key minus a leading, case-sensitive `tf_var_` (kept whole if that would leave nothing),
//!   otherwise exactly as stored;
//! - value: a stored collection (class C) verbatim, anything else as an HCL quoted string
//!   ([`hcl_string_literal`]).

use crate::format::sorted_entries;
use crate::secret::Secret;

/// The attribute name a key gets in the tfvars export: the key minus a leading `tf_var_` (case-sensitive);
/// a key that is exactly `tf_var_` is kept whole so the name is never empty.
pub fn tfvars_name(key: &str) -> &str {
    match key.strip_prefix("tf_var_") {
        Some(rest) if !rest.is_empty() => rest,
        _ => key,
    }
}

/// Whether a stored value is class C: after leading ASCII white space it starts with `[` or `{` and it
/// parses as an expression. This module approximates "parses as an HCL expression" with "is valid JSON
/// whose string escapes are all valid in HCL and that contains no `${` / `%{` template sequence"; the
/// main crate may swap in real HCL evaluation.
pub fn is_collection_text(s: &str) -> bool {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if !(t.starts_with('[') || t.starts_with('{')) {
        return false;
    }
    if s.contains("${") || s.contains("%{") || !json_escapes_are_hcl(s) {
        return false;
    }
    serde_json::from_str::<serde_json::Value>(s).is_ok()
}

/// Whether every backslash escape in `s` is one HCL also understands identically (`\"` `\\` `\n` `\r`
/// `\t` and `\uXXXX` outside the surrogate range). JSON's `\/`, `\b`, `\f` are not HCL escapes, and
/// HCL decodes a `\uD8xx` surrogate escape differently from JSON.
fn json_escapes_are_hcl(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'"' | b'\\' | b'n' | b'r' | b't') => i += 2,
            Some(b'u') => {
                let hex = b.get(i + 2..i + 6).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u32::from_str_radix(h, 16).ok()) {
                    Some(cp) if !(0xD800..=0xDFFF).contains(&cp) => i += 6,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    true
}

pub use crate::tfvars::hcl_string_literal;

/// The whole `export -f tfvars` output: `name = value\n` per key in raw-key byte order; class C values
/// verbatim, all others as HCL quoted strings. A key given twice keeps its last value. Keys that are not
/// HCL identifiers, or two keys with the same [`tfvars_name`], still produce lines (the caller may warn).
pub fn export_tfvars(map: &[(String, Secret)]) -> Secret {
    let mut out = Secret::with_capacity(map.iter().map(|(k, v)| k.len() + v.len() + v.len() / 8 + 6).sum());
    for (k, v) in sorted_entries(map) {
        out.push_str(tfvars_name(k));
        out.push_str(" = ");
        let value = v.expose();
        if is_collection_text(value) {
            out.push_str(value);
        } else {
            out.push_str(hcl_string_literal(value).expose());
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::pairs as m;
    use proptest::prelude::*;

    #[test]
    fn names() {
        assert_eq!(tfvars_name("tf_var_region"), "region");
        assert_eq!(tfvars_name("TF_VAR_region"), "TF_VAR_region");
        assert_eq!(tfvars_name("db-Host.x"), "db-Host.x");
        assert_eq!(tfvars_name("tf_var_"), "tf_var_");
        assert_eq!(tfvars_name("tf_var_tf_var_x"), "tf_var_x");
    }

    #[test]
    fn literal_escapes() {
        assert_eq!(hcl_string_literal("plain").expose(), "\"plain\"");
        assert_eq!(hcl_string_literal("").expose(), "\"\"");
        assert_eq!(hcl_string_literal(r#"a\b"c"#).expose(), r#""a\\b\"c""#);
        assert_eq!(hcl_string_literal("l1\nl2\r\tx").expose(), r#""l1\nl2\r\tx""#);
        assert_eq!(
            hcl_string_literal("\u{0}\u{8}\u{c}\u{1b}\u{1f}\u{7f}").expose(),
            r#""\u0000\u0008\u000c\u001b\u001f\u007f""#
        );
        assert_eq!(hcl_string_literal("é字🔑\u{2028}\u{85}/<&>$`!").expose(), "\"é字🔑\u{2028}\u{85}/<&>$`!\"");
    }

    #[test]
    fn literal_template_sequences() {
        assert_eq!(hcl_string_literal("${x}").expose(), r#""$${x}""#);
        assert_eq!(hcl_string_literal("%{if}").expose(), r#""%%{if}""#);
        assert_eq!(hcl_string_literal("$${x}").expose(), r#""$$${x}""#);
        assert_eq!(hcl_string_literal("$%{").expose(), r#""$%%{""#);
        assert_eq!(hcl_string_literal("%${").expose(), r#""%$${""#);
        assert_eq!(hcl_string_literal("$ {x} % {y} $x {").expose(), r#""$ {x} % {y} $x {""#);
        assert_eq!(hcl_string_literal("${${").expose(), r#""$${$${""#);
    }

    #[test]
    fn collection_detection() {
        assert!(is_collection_text("[\"a\",\"b\"]"));
        assert!(is_collection_text("  \n{\"a\": 1, \"b\": [true, null, 1.5e3]}\n"));
        assert!(is_collection_text("[]"));
        assert!(is_collection_text("{}"));
        assert!(is_collection_text("[\"\\u00e9\\n\"]"));
        assert!(!is_collection_text("[a, b]"));
        assert!(!is_collection_text("[1,]"));
        assert!(!is_collection_text("{\"a\" = 1}"));
        assert!(!is_collection_text("\"[1]\""));
        assert!(!is_collection_text("x[1]"));
        assert!(!is_collection_text("42"));
        assert!(!is_collection_text("[\"${var.x}\"]"));
        assert!(!is_collection_text("[\"%{if}\"]"));
        assert!(!is_collection_text("[\"a\\/b\"]"));
        assert!(!is_collection_text("[\"\\b\"]"));
        assert!(!is_collection_text("[\"\\ud83d\\ude00\"]"));
        assert!(!is_collection_text("[\"\\u12\"]"));
        assert!(!is_collection_text(""));
    }

    #[test]
    fn export_mixed() {
        let map = m(&[
            ("tf_var_cidrs", "[\"10.0.0.0/8\"]"),
            ("db.host", "h"),
            ("api_key", "a\"b${c}\n"),
            ("tags", "{\"env\":\"prod\"}"),
            ("count", "3"),
            ("bad_json", "[oops"),
        ]);
        let want = concat!(
            "api_key = \"a\\\"b$${c}\\n\"\n",
            "bad_json = \"[oops\"\n",
            "count = \"3\"\n",
            "db.host = \"h\"\n",
            "tags = {\"env\":\"prod\"}\n",
            "cidrs = [\"10.0.0.0/8\"]\n",
        );
        assert_eq!(export_tfvars(&map).expose(), want);
    }

    #[test]
    fn export_empty() {
        assert_eq!(export_tfvars(&[]).expose(), "");
    }

    /// Decodes an HCL quoted-string literal produced by `hcl_string_literal` (escapes and `$${`/`%%{`).
    fn decode(lit: &str) -> Option<String> {
        let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
        let mut out = String::new();
        let mut it = inner.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\\' => match it.next()? {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    'u' => {
                        let h: String = (0..4).filter_map(|_| it.next()).collect();
                        out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                    }
                    _ => return None,
                },
                '$' | '%' if it.peek() == Some(&c) => {
                    // `$${` / `%%{` is a literal `${` / `%{`; a lone doubled marker stays as is.
                    let mut look = it.clone();
                    look.next();
                    if look.peek() == Some(&'{') {
                        it.next();
                    }
                    out.push(c);
                }
                '$' | '%' if it.peek() == Some(&'{') => return None, // would be a live template
                '"' => return None,
                other => out.push(other),
            }
        }
        Some(out)
    }

    proptest! {
        #[test]
        fn literal_round_trips(s in "[a$%{}\\\\\"\n\r\t\u{0}\u{7f}\u{e9}\u{5b57} ]{0,40}") {
            let lit = hcl_string_literal(&s);
            prop_assert_eq!(decode(lit.expose()), Some(s));
        }

        #[test]
        fn literal_never_panics(s in any::<String>()) {
            let lit = hcl_string_literal(&s);
            let lit = lit.expose();
            prop_assert!(lit.starts_with('"') && lit.ends_with('"'));
            let _ = is_collection_text(&s);
        }
    }
}
