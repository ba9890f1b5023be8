//! Encodings of evaluated values: stored text (spec §5) and HCL-safe JSON (spec §6).

use super::ValueKind;
use crate::secret::Secret;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// Longest canonical number accepted (SSM values are at most 8 KB anyway).
const MAX_NUMBER_LEN: usize = 8192;

/// An evaluated value. Strings are wiped on drop.
#[derive(Clone)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    /// A canonical decimal (see [`canonical_number`]).
    Num(String),
    Str(Zeroizing<String>),
    List(Vec<Val>),
    /// Keys in byte order.
    Map(BTreeMap<ZKey, Val>),
}

/// An object key that is wiped on drop (keys may be as sensitive as values).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ZKey(pub(crate) String);

impl Drop for ZKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Val {
    /// A string value.
    pub(crate) fn string(s: String) -> Val {
        Val::Str(Zeroizing::new(s))
    }

    /// The stored text and kind of a top-level value (spec §5 table).
    pub(crate) fn into_stored(self) -> (ValueKind, Option<Secret>) {
        match self {
            Val::Null => (ValueKind::Null, None),
            Val::Str(s) if s.is_empty() => (ValueKind::EmptyString, None),
            Val::Str(mut s) => (ValueKind::String, Some(Secret::new(std::mem::take(&mut *s)))),
            Val::Num(n) => (ValueKind::Number, Some(Secret::new(n))),
            Val::Bool(b) => (ValueKind::Bool, Some(Secret::from_str_copy(if b { "true" } else { "false" }))),
            v @ Val::List(_) => (ValueKind::List, Some(v.to_hcl_json())),
            v @ Val::Map(_) => (ValueKind::Map, Some(v.to_hcl_json())),
        }
    }

    /// Compact HCL-safe JSON (spec §6).
    pub(crate) fn to_hcl_json(&self) -> Secret {
        let mut out = String::with_capacity(self.encoded_len_hint());
        self.write_hcl_json(&mut out);
        Secret::new(out)
    }

    fn encoded_len_hint(&self) -> usize {
        match self {
            Val::Null | Val::Bool(_) => 5,
            Val::Num(n) => n.len(),
            Val::Str(s) => s.len() * 2 + 2,
            Val::List(items) => 2 + items.iter().map(|v| v.encoded_len_hint() + 1).sum::<usize>(),
            Val::Map(m) => 2 + m.iter().map(|(k, v)| k.0.len() * 2 + 4 + v.encoded_len_hint()).sum::<usize>(),
        }
    }

    fn write_hcl_json(&self, out: &mut String) {
        match self {
            Val::Null => out.push_str("null"),
            Val::Bool(true) => out.push_str("true"),
            Val::Bool(false) => out.push_str("false"),
            Val::Num(n) => out.push_str(n),
            Val::Str(s) => write_hcl_string_literal(s, out),
            Val::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_hcl_json(out);
                }
                out.push(']');
            }
            Val::Map(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_hcl_string_literal(&k.0, out);
                    out.push(':');
                    v.write_hcl_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// Spec §6 HCL string literal: JSON-style escapes without `\b`, `\f`, `\/`, raw non-ASCII, and
/// `${` → `$${`, `%{` → `%%{`.
pub fn hcl_string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_hcl_string_literal(s, &mut out);
    out
}

fn write_hcl_string_literal(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => {
                let b = c as u32 as u8;
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xf)] as char);
            }
            '$' | '%' => {
                // Escaping never emits `{`, so checking the next raw char finds every `${` / `%{`.
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Spec §5 canonical decimal of a number literal (`-?digits[.digits][(e|E)[+-]digits]`):
/// no exponent, no leading zeros, no trailing fractional zeros, `0` for zero. `None` if the
/// text is not such a literal or the result would be absurdly long.
pub fn canonical_number(source_text: &str) -> Option<String> {
    let t = source_text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || (mantissa.contains('.') && frac.is_empty()) {
        return None;
    }
    let exp: i64 = match exp {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 9 {
                // |exp| >= 1e9: zero if the mantissa is zero, otherwise far too long.
                return if (int.bytes().chain(frac.bytes())).all(|b| b == b'0') { Some("0".into()) } else { None };
            }
            let v: i64 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
            if e.starts_with('-') { -v } else { v }
        }
    };
    // value = 0.DIGITS * 10^point
    let mut digits: String = int.chars().chain(frac.chars()).collect();
    let mut point: i64 = i64::try_from(int.len()).ok()? + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..lead);
    point -= i64::try_from(lead).ok()?;
    let kept = digits.trim_end_matches('0').len();
    digits.truncate(kept);
    if digits.is_empty() {
        return Some("0".into());
    }
    let len = i64::try_from(digits.len()).ok()?;
    let total = if point <= 0 { 2 - point + len } else { point.max(len) + 1 };
    if total > MAX_NUMBER_LEN as i64 {
        return None;
    }
    let mut out = String::with_capacity(total as usize + 1);
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point >= len {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - len) as usize));
    } else {
        let p = point as usize;
        out.push_str(&digits[..p]);
        out.push('.');
        out.push_str(&digits[p..]);
    }
    Some(out)
}

/// Canonical text of a number computed by hcl-rs (integers exactly, floats via their shortest
/// round-trip decimal).
pub(crate) fn canonical_hcl_number(n: &hcl::Number) -> Option<String> {
    if let Some(i) = n.as_i64() {
        return canonical_number(&i.to_string());
    }
    if let Some(u) = n.as_u64() {
        return canonical_number(&u.to_string());
    }
    // Rust's `Display` for f64 never uses an exponent.
    n.as_f64().filter(|f| f.is_finite()).and_then(|f| canonical_number(&f.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Val {
        Val::string(v.to_owned())
    }

    fn map(items: Vec<(&str, Val)>) -> Val {
        Val::Map(items.into_iter().map(|(k, v)| (ZKey(k.to_owned()), v)).collect())
    }

    #[test]
    fn canonical_numbers() {
        let cases = [
            ("1.50", "1.5"),
            ("2.5e-3", "0.0025"),
            ("-3", "-3"),
            ("12345678901234567890123", "12345678901234567890123"),
            ("0", "0"),
            ("-0", "0"),
            ("0.0", "0"),
            ("-0.000", "0"),
            ("007", "7"),
            ("1e3", "1000"),
            ("1E+3", "1000"),
            ("1.25E2", "125"),
            ("123.456e-1", "12.3456"),
            ("0.001", "0.001"),
            ("1e-7", "0.0000001"),
            ("-1.5e1", "-15"),
            ("100", "100"),
            ("10.010", "10.01"),
            ("0e999999999999", "0"),
            ("-12345678901234567890.12345678901234567890", "-12345678901234567890.1234567890123456789"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_number(input).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "-", "abc", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "0x10", "1e99999999999", "+1"] {
            assert_eq!(canonical_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn canonical_hcl_numbers() {
        let f = |x: f64| hcl::Number::from_f64(x).and_then(|n| canonical_hcl_number(&n));
        assert_eq!(f(0.1 + 0.2).as_deref(), Some("0.30000000000000004"));
        assert_eq!(f(-0.0).as_deref(), Some("0"));
        assert_eq!(f(1e22).as_deref(), Some("10000000000000000000000"));
        assert_eq!(canonical_hcl_number(&hcl::Number::from(-6i64)).as_deref(), Some("-6"));
        assert_eq!(canonical_hcl_number(&hcl::Number::from(u64::MAX)).as_deref(), Some("18446744073709551615"));
    }

    #[test]
    fn string_literals() {
        let cases = [
            ("plain", r#""plain""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\n\r\t", r#""\n\r\t""#),
            ("\u{1}\u{8}\u{c}\u{7f}\u{1f}\u{0}", r#""\u0001\u0008\u000c\u007f\u001f\u0000""#),
            ("\u{2028}é😀/", "\"\u{2028}é😀/\""),
            ("${x}", r#""$${x}""#),
            ("%{x}", r#""%%{x}""#),
            ("$${x}", r#""$$${x}""#),
            ("%%{x}", r#""%%%{x}""#),
            ("$ { $$ %", r#""$ { $$ %""#),
            ("a$", r#""a$""#),
            ("${${", r#""$${$${""#),
        ];
        for (input, want) in cases {
            assert_eq!(hcl_string_literal(input), want, "{input:?}");
        }
    }

    #[test]
    fn stored_texts() {
        let st = |v: Val| {
            let (k, s) = v.into_stored();
            (k, s.map(|s| s.expose().to_owned()))
        };
        assert_eq!(st(s("a\"b${c}")), (ValueKind::String, Some("a\"b${c}".into())));
        assert_eq!(st(s("")), (ValueKind::EmptyString, None));
        assert_eq!(st(Val::Null), (ValueKind::Null, None));
        assert_eq!(st(Val::Bool(true)), (ValueKind::Bool, Some("true".into())));
        assert_eq!(st(Val::Bool(false)), (ValueKind::Bool, Some("false".into())));
        assert_eq!(st(Val::Num("1.5".into())), (ValueKind::Number, Some("1.5".into())));
        let ports = Val::List(vec![Val::Num("80".into()), Val::Num("443".into())]);
        assert_eq!(st(ports), (ValueKind::List, Some("[80,443]".into())));
        let tags = map(vec![("b", s("x")), ("a", s("${y}"))]);
        assert_eq!(st(tags), (ValueKind::Map, Some(r#"{"a":"$${y}","b":"x"}"#.into())));
        let nested = map(vec![
            ("${k}", Val::List(vec![Val::Null, Val::Bool(false), s("%{v}"), map(vec![])])),
            ("B", Val::List(vec![])),
            ("a", map(vec![("z", Val::Num("-1".into())), ("é", s("\t"))])),
        ]);
        assert_eq!(
            st(nested),
            (ValueKind::Map, Some(r#"{"$${k}":[null,false,"%%{v}",{}],"B":[],"a":{"z":-1,"é":"\t"}}"#.into()))
        );
    }
}
