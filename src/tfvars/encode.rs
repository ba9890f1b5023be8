//! Encodings of evaluated values: the stored text (docs/terraform-vars.md §4) and HCL-safe JSON and string
//! literals (docs/terraform-vars.md §5). Every text built here from a value is a [`Secret`], grown in place.

use super::ValueKind;
use crate::secret::Secret;
use std::collections::BTreeMap;
use std::fmt::Write;
use zeroize::Zeroizing;

/// Longest canonical number accepted (SSM values are at most 8 KB anyway).
const MAX_NUMBER_LEN: usize = 8192;

/// An evaluated value. Strings and numbers are wiped on drop.
#[derive(Clone)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    /// A canonical decimal (see [`canonical_number`]).
    Num(Secret),
    Str(Secret),
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
    /// A string value, taking the buffer.
    pub(crate) fn string(s: String) -> Val {
        Val::Str(Secret::new(s))
    }

    /// The stored text and kind of a top-level value (docs/terraform-vars.md §4 table).
    pub(crate) fn into_stored(self) -> (ValueKind, Option<Secret>) {
        match self {
            Val::Null => (ValueKind::Null, None),
            Val::Str(s) if s.is_empty() => (ValueKind::EmptyString, None),
            Val::Str(s) => (ValueKind::String, Some(s)),
            Val::Num(n) => (ValueKind::Number, Some(n)),
            Val::Bool(b) => (ValueKind::Bool, Some(Secret::from_str_copy(if b { "true" } else { "false" }))),
            v @ Val::List(_) => (ValueKind::List, Some(v.to_hcl_json())),
            v @ Val::Map(_) => (ValueKind::Map, Some(v.to_hcl_json())),
        }
    }

    /// Compact HCL-safe JSON (docs/terraform-vars.md §5).
    pub(crate) fn to_hcl_json(&self) -> Secret {
        let mut out = Secret::with_capacity(self.encoded_len_hint());
        self.write_hcl_json(&mut out);
        out
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

    fn write_hcl_json(&self, out: &mut Secret) {
        match self {
            Val::Null => out.push_str("null"),
            Val::Bool(true) => out.push_str("true"),
            Val::Bool(false) => out.push_str("false"),
            Val::Num(n) => out.push_str(n.expose()),
            Val::Str(s) => write_hcl_string_literal(s.expose(), out),
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

/// The HCL string literal of `s` (docs/terraform-vars.md §5): JSON-style escapes without `\b`, `\f`, `\/`,
/// raw non-ASCII, and `${` → `$${`, `%{` → `%%{`.
pub fn hcl_string_literal(s: &str) -> Secret {
    let mut out = Secret::with_capacity(s.len() + 2);
    write_hcl_string_literal(s, &mut out);
    out
}

fn write_hcl_string_literal(s: &str, out: &mut Secret) {
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

/// The canonical decimal of a number literal (`-?digits[.digits][(e|E)[+-]digits]`, docs/terraform-vars.md §4):
/// no exponent, no leading zeros, no trailing fractional zeros, `0` for zero. `None` if the text is not such
/// a literal or the result would be absurdly long.
pub fn canonical_number(source_text: &str) -> Option<Secret> {
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
                let zero = (int.bytes().chain(frac.bytes())).all(|b| b == b'0');
                return zero.then(|| Secret::from_str_copy("0"));
            }
            let v: i64 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
            if e.starts_with('-') { -v } else { v }
        }
    };
    // value = 0.DIGITS * 10^point; the digits are the value's, so their buffer is wiped.
    let mut digits = Zeroizing::new(String::with_capacity(int.len() + frac.len()));
    digits.push_str(int);
    digits.push_str(frac);
    let mut point: i64 = i64::try_from(int.len()).ok()? + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    let digits = &digits[lead..digits.trim_end_matches('0').len().max(lead)];
    point -= i64::try_from(lead).ok()?;
    if digits.is_empty() {
        return Some(Secret::from_str_copy("0"));
    }
    let len = i64::try_from(digits.len()).ok()?;
    let total = if point <= 0 { 2 - point + len } else { point.max(len) + 1 };
    if total > MAX_NUMBER_LEN as i64 {
        return None;
    }
    let mut out = Secret::with_capacity(total as usize + 1);
    if negative {
        out.push('-');
    }
    let zeros = |out: &mut Secret, n: i64| (0..n).for_each(|_| out.push('0'));
    if point <= 0 {
        out.push_str("0.");
        zeros(&mut out, -point);
        out.push_str(digits);
    } else if point >= len {
        out.push_str(digits);
        zeros(&mut out, point - len);
    } else {
        let p = point as usize;
        out.push_str(&digits[..p]);
        out.push('.');
        out.push_str(&digits[p..]);
    }
    Some(out)
}

/// Canonical text of a number computed by hcl-rs (integers exactly, floats via their shortest round-trip
/// decimal).
pub(crate) fn canonical_hcl_number(n: &hcl::Number) -> Option<Secret> {
    // 24 bytes hold any 64-bit integer; a longer float grows the buffer in place (wiping the old one).
    let mut text = Secret::with_capacity(24);
    if let Some(i) = n.as_i64() {
        write!(text, "{i}").ok()?;
    } else if let Some(u) = n.as_u64() {
        write!(text, "{u}").ok()?;
    } else {
        // Rust's `Display` for f64 never uses an exponent.
        let f = n.as_f64().filter(|f| f.is_finite())?;
        write!(text, "{f}").ok()?;
    }
    canonical_number(text.expose())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::{Context, Evaluate};

    fn text(s: Option<Secret>) -> Option<String> {
        s.map(|s| s.expose().to_owned())
    }

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
            assert_eq!(text(canonical_number(input)).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "-", "abc", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "0x10", "1e99999999999", "+1"] {
            assert_eq!(text(canonical_number(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn canonical_hcl_numbers() {
        let f = |x: f64| text(hcl::Number::from_f64(x).and_then(|n| canonical_hcl_number(&n)));
        assert_eq!(f(0.1 + 0.2).as_deref(), Some("0.30000000000000004"));
        assert_eq!(f(-0.0).as_deref(), Some("0"));
        assert_eq!(f(1e22).as_deref(), Some("10000000000000000000000"));
        assert_eq!(text(canonical_hcl_number(&hcl::Number::from(-6i64))).as_deref(), Some("-6"));
        let max = canonical_hcl_number(&hcl::Number::from(u64::MAX));
        assert_eq!(text(max).as_deref(), Some("18446744073709551615"));
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
            assert_eq!(hcl_string_literal(input).expose(), want, "{input:?}");
        }
    }

    /// Reference implementation: escape everything, then replace left to right (as docs/terraform-vars.md §5
    /// words it).
    fn two_pass(s: &str) -> String {
        let mut esc = String::from("\"");
        for c in s.chars() {
            match c {
                '\\' => esc.push_str("\\\\"),
                '"' => esc.push_str("\\\""),
                '\n' => esc.push_str("\\n"),
                '\r' => esc.push_str("\\r"),
                '\t' => esc.push_str("\\t"),
                '\u{0}'..='\u{1f}' | '\u{7f}' => esc.push_str(&format!("\\u{:04X}", c as u32)),
                _ => esc.push(c),
            }
        }
        esc.push('"');
        esc.replace("${", "$${").replace("%{", "%%{")
    }

    #[test]
    fn hcl_string_literal_matches_two_pass_definition() {
        let alphabet = ['$', '%', '{', '}', '\\', '"', 'a', '\n', '\u{1}'];
        // Every string of length <= 4 over the alphabet.
        let mut stack = vec![String::new()];
        while let Some(s) = stack.pop() {
            assert_eq!(hcl_string_literal(&s).expose(), two_pass(&s), "{s:?}");
            if s.chars().count() < 4 {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    stack.push(t);
                }
            }
        }
    }

    #[test]
    fn hcl_string_literal_round_trips_through_hcl() {
        for s in ["${x}", "$${x}", "%{ if }", "a\"b\\c\n\t\r", "\u{1}\u{7f}", "😀 é", "{\"k\":1}", "42", "true"] {
            let lit = hcl_string_literal(s);
            let expr: hcl::Expression = lit.expose().parse().expect("literal parses");
            let value = expr.evaluate(&Context::new()).expect("literal evaluates");
            assert_eq!(value, hcl::Value::String(s.to_owned()), "{s:?}");
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
        assert_eq!(st(Val::Num(Secret::from_str_copy("1.5"))), (ValueKind::Number, Some("1.5".into())));
        let ports = Val::List(vec![Val::Num(Secret::from_str_copy("80")), Val::Num(Secret::from_str_copy("443"))]);
        assert_eq!(st(ports), (ValueKind::List, Some("[80,443]".into())));
        let tags = map(vec![("b", s("x")), ("a", s("${y}"))]);
        assert_eq!(st(tags), (ValueKind::Map, Some(r#"{"a":"$${y}","b":"x"}"#.into())));
        let nested = map(vec![
            ("${k}", Val::List(vec![Val::Null, Val::Bool(false), s("%{v}"), map(vec![])])),
            ("B", Val::List(vec![])),
            ("a", map(vec![("z", Val::Num(Secret::from_str_copy("-1"))), ("é", s("\t"))])),
        ]);
        assert_eq!(
            st(nested),
            (ValueKind::Map, Some(r#"{"$${k}":[null,false,"%%{v}",{}],"B":[],"a":{"z":-1,"é":"\t"}}"#.into()))
        );
    }
}
