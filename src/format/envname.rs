//! Environment variable names for `exec`: chamber's style and tfsecrets' `TF_VAR_` style (docs/chamber-compat.md §7).

/// chamber's env var name for a key: its last `/` segment, upper-cased with Go's `strings.ToUpper`
/// (Unicode simple case mapping, so `ı`→`I` and `ſ`→`S`, but `ß` stays), then every `-` → `_`.
/// Nothing else changes (`db.host` → `DB.HOST`).
pub fn chamber_env_name(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    go_to_upper(last).replace('-', "_")
}

/// tfsecrets' default env var name: `TF_VAR_` followed by the key exactly as stored.
pub fn tf_var_name(key: &str) -> String {
    format!("TF_VAR_{key}")
}

/// Go's `strings.ToUpper`: per-character simple (one-to-one) upper-case mapping.
///
/// Rust's `to_uppercase` is the full mapping; where it expands one character into several, Go keeps the
/// character unless UnicodeData gives it a single-character upper case (the Greek letters with
/// ypogegrammeni, which map to their title-case forms). Unicode-version differences between Go and Rust
/// may remain for characters added in recent Unicode versions.
pub fn go_to_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.chars().map(go_upper_char).collect()
}

fn go_upper_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => {
            let cp = c as u32;
            let simple = match cp {
                0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => cp + 8,
                0x1FB3 => 0x1FBC,
                0x1FC3 => 0x1FCC,
                0x1FF3 => 0x1FFC,
                _ => cp,
            };
            char::from_u32(simple).unwrap_or(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chamber_names() {
        assert_eq!(chamber_env_name("db_password"), "DB_PASSWORD");
        assert_eq!(chamber_env_name("db-password"), "DB_PASSWORD");
        assert_eq!(chamber_env_name("db.host"), "DB.HOST");
        assert_eq!(chamber_env_name("Foo"), "FOO");
        assert_eq!(chamber_env_name("foo"), "FOO");
        assert_eq!(chamber_env_name("a-b_c.d9"), "A_B_C.D9");
        assert_eq!(chamber_env_name(""), "");
    }

    #[test]
    fn chamber_name_uses_last_path_segment() {
        assert_eq!(chamber_env_name("/team/app/db-url"), "DB_URL");
        assert_eq!(chamber_env_name("svc/key"), "KEY");
    }

    #[test]
    fn tf_var_names_keep_key_exactly() {
        assert_eq!(tf_var_name("db_Password"), "TF_VAR_db_Password");
        assert_eq!(tf_var_name("db.host-x"), "TF_VAR_db.host-x");
    }

    #[test]
    fn go_upper_is_simple_mapping() {
        assert_eq!(go_to_upper("abcXYZ09_-."), "ABCXYZ09_-.");
        assert_eq!(go_to_upper("straße"), "STRAßE");
        assert_eq!(go_to_upper("ıſé"), "ISÉ");
        assert_eq!(go_to_upper("ﬀ"), "ﬀ");
        assert_eq!(go_to_upper("\u{1F80}\u{1F88}\u{1FB3}\u{1FBC}\u{1FF3}"), "\u{1F88}\u{1F88}\u{1FBC}\u{1FBC}\u{1FFC}");
        assert_eq!(go_to_upper("ǆ"), "Ǆ");
        assert_eq!(go_to_upper("字🔑"), "字🔑");
    }
}
