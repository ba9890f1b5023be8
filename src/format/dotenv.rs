//! `export -f dotenv`: `NAME="value"` lines exactly as chamber writes them (docs/chamber-compat.md §6).

use crate::format::envname::go_to_upper;
use crate::format::sorted_entries;
use crate::secret::Secret;

/// chamber's `sanitizeKey`: trim Unicode white space (Go `strings.TrimSpace`), then `-`→`_`, `.`→`_`,
/// and each remaining ASCII white-space character (`[[:space:]]`: TAB, LF, VT, FF, CR, space) → `_`.
pub fn sanitize_key(key: &str) -> String {
    key.trim()
        .chars()
        .map(|c| match c {
            '-' | '.' | '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' => '_',
            other => other,
        })
        .collect()
}

/// The dotenv variable name of a key: `uppercase(sanitize(key))`, which must match `^[A-Za-z0-9_]+$` and
/// start with a letter or `_`. The error names the key and the computed name, never a value.
pub fn dotenv_name(key: &str) -> Result<String, String> {
    let name = go_to_upper(&sanitize_key(key));
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(format!("key {key:?}: {name:?} contains invalid characters for a shell variable name"));
    }
    if name.as_bytes()[0].is_ascii_digit() {
        return Err(format!("key {key:?}: shell variable name {name:?} must start with a letter or underscore"));
    }
    Ok(name)
}

/// chamber's `doubleQuoteEscape`: `\`→`\\`, LF→`\n`, CR→`\r`, `"`→`\"`, `$`→`\$`, backtick→`` \` ``;
/// everything else (TAB, `!`, other controls, non-ASCII) is kept as is. Appends to `out`.
pub fn dotenv_escape(v: &str, out: &mut Secret) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '`' => out.push_str("\\`"),
            other => out.push(other),
        }
    }
}

/// The whole `export -f dotenv` output, one `NAME="value"\n` per key in raw-key byte order (no `export`
/// prefix). The first key whose name is invalid aborts the export; keys that share a name are all emitted.
pub fn export_dotenv(map: &[(String, Secret)]) -> Result<Secret, String> {
    let mut out = Secret::with_capacity(map.iter().map(|(k, v)| k.len() + v.len() + v.len() / 8 + 4).sum());
    for (k, v) in sorted_entries(map) {
        let name = dotenv_name(k)?;
        out.push_str(&name);
        out.push_str("=\"");
        dotenv_escape(v.expose(), &mut out);
        out.push_str("\"\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::pairs as m;

    fn esc(v: &str) -> String {
        let mut out = Secret::default();
        dotenv_escape(v, &mut out);
        out.expose().to_owned()
    }

    fn export(map: &[(String, Secret)]) -> Result<String, String> {
        export_dotenv(map).map(|s| s.expose().to_owned())
    }

    #[test]
    fn names() {
        assert_eq!(dotenv_name("db_password"), Ok("DB_PASSWORD".into()));
        assert_eq!(dotenv_name("db-host.name"), Ok("DB_HOST_NAME".into()));
        assert_eq!(dotenv_name("_x"), Ok("_X".into()));
        assert_eq!(dotenv_name("  padded\t"), Ok("PADDED".into()));
        assert_eq!(dotenv_name("a b\u{0b}c"), Ok("A_B_C".into()));
        assert_eq!(dotenv_name("\u{a0}nbsp\u{3000}"), Ok("NBSP".into()));
        assert_eq!(dotenv_name("ıd"), Ok("ID".into()));
        assert_eq!(dotenv_name("Mixed-Case"), Ok("MIXED_CASE".into()));
    }

    #[test]
    fn invalid_names_name_the_key() {
        let e = dotenv_name("1abc").unwrap_err();
        assert!(e.contains("\"1abc\"") && e.contains("must start with a letter or underscore"), "{e}");
        let e = dotenv_name("a/b").unwrap_err();
        assert!(e.contains("\"a/b\"") && e.contains("invalid characters"), "{e}");
        let e = dotenv_name("caf\u{e9}").unwrap_err();
        assert!(e.contains("invalid characters"), "{e}");
        assert!(dotenv_name("").is_err());
        assert!(dotenv_name("   ").is_err());
        // Interior non-ASCII white space is not replaced, so it is invalid.
        assert!(dotenv_name("a\u{a0}b").is_err());
    }

    #[test]
    fn escape_order_and_set() {
        assert_eq!(esc(r"a\b"), r"a\\b");
        assert_eq!(esc("l1\nl2\r\n"), r"l1\nl2\r\n");
        assert_eq!(esc("say \"hi\""), r#"say \"hi\""#);
        assert_eq!(esc("$HOME `id`"), r"\$HOME \`id\`");
        assert_eq!(esc("tab\there!"), "tab\there!");
        assert_eq!(esc("\\n"), "\\\\n");
        assert_eq!(esc("é字\u{2028}<&>"), "é字\u{2028}<&>");
    }

    #[test]
    fn export_sorted_by_raw_key() {
        let map = m(&[("b", "2"), ("A-x", "1"), ("a", "$x\n")]);
        assert_eq!(export(&map), Ok("A_X=\"1\"\nA=\"\\$x\\n\"\nB=\"2\"\n".into()));
    }

    #[test]
    fn export_colliding_names_both_emitted() {
        // Raw-key byte order: "Foo" < "f-o" < "f.o" < "foo".
        let map = m(&[("foo", "1"), ("Foo", "2"), ("f-o", "3"), ("f.o", "4")]);
        assert_eq!(export(&map), Ok("FOO=\"2\"\nF_O=\"3\"\nF_O=\"4\"\nFOO=\"1\"\n".into()));
    }

    #[test]
    fn export_first_invalid_key_aborts_without_value() {
        let map = m(&[("ok", "v"), ("9bad", "supersecret"), ("z/bad", "supersecret")]);
        let e = export(&map).unwrap_err();
        assert!(e.contains("9bad") && !e.contains("supersecret"), "{e}");
    }

    #[test]
    fn export_empty() {
        assert_eq!(export(&[]), Ok(String::new()));
    }
}
