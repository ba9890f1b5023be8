//! What `scan` looks for: every stored secret expanded into the texts it can take in a state or a plan, and one
//! multi-pattern matcher (Aho-Corasick) over all of them (docs/scan.md §2).
//!
//! A secret gives its value; the value without surrounding white space when that differs; the value as it
//! reads inside a JSON document held in a string (a `jsonencode(...)` result: Go's escapes, with and without
//! HTML escaping); and, for a stored list, map or object, the text of each string and number in it. A text
//! shorter than [`MIN_LEN`] bytes is not searched (it would match everywhere); a secret none of whose texts can
//! be searched is reported as skipped. A number is only a match as a whole string or number, never inside a
//! longer text (digits are everywhere: ids, ARNs, timestamps).
//!
//! The pattern texts are [`Secret`]s. The automaton's own tables hold copies of them that cannot be wiped
//! (the `aho-corasick` crate owns that memory); they live until the process exits, which the hardening keeps out
//! of core dumps.

use crate::secret::Secret;
use crate::text::json::{self, DuplicateKeys, Kind, Root, Value};
use aho_corasick::{AhoCorasick, MatchKind};

/// The shortest text searched for, in bytes.
pub const MIN_LEN: usize = 6;

/// Which text of a secret matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// The stored value itself.
    Value,
    /// The stored value without its leading and trailing white space.
    Trimmed,
    /// The value with JSON string escapes (inside a JSON document held in a string).
    JsonEscaped,
    /// A string or number inside a stored list, map or object.
    Element,
}

impl Form {
    /// The name used in reports (`value`, `trimmed`, `json-escaped`, `element`).
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Value => "value",
            Form::Trimmed => "trimmed",
            Form::JsonEscaped => "json-escaped",
            Form::Element => "element",
        }
    }
}

/// A secret none of whose texts is searched, and why (never its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Index of the secret in the list given to [`Matcher::build`].
    pub secret: usize,
    /// Why: `shorter than 6 bytes`, `only white space`.
    pub reason: &'static str,
}

/// One distinct text to search for, and the secrets it comes from.
struct Pattern {
    text: Secret,
    /// A number: only a whole match counts.
    numeric: bool,
    /// `(secret index, form)` for every secret that gives this text.
    owners: Vec<(usize, Form)>,
}

/// A pattern found in one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The pattern ([`Matcher::owners`] says whose it is).
    pub pattern: usize,
    /// Whether the text is exactly the pattern (else the pattern is embedded in a longer text).
    pub whole: bool,
}

/// The matcher over every searched text of every secret.
pub struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// Expands `values` (one per secret, in order) into patterns and builds the automaton. Returns the secrets
    /// that could not be searched at all.
    pub fn build(values: &[&Secret]) -> (Matcher, Vec<Skipped>) {
        let mut candidates: Vec<Pattern> = Vec::new();
        let mut skipped = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let before = candidates.len();
            expand(i, value.expose(), &mut candidates);
            if candidates.len() == before {
                let reason = if value.expose().trim().is_empty() { "only white space" } else { "shorter than 6 bytes" };
                skipped.push(Skipped { secret: i, reason });
            }
        }
        // One pattern per distinct text (a value stored under two keys, a value equal to another's element).
        candidates.sort_by(|a, b| a.text.expose().cmp(b.text.expose()));
        let mut patterns: Vec<Pattern> = Vec::with_capacity(candidates.len());
        for c in candidates {
            match patterns.last_mut() {
                Some(last) if last.text == c.text => {
                    last.numeric &= c.numeric;
                    for o in c.owners {
                        if !last.owners.contains(&o) {
                            last.owners.push(o);
                        }
                    }
                }
                _ => patterns.push(c),
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns.iter().map(|p| p.text.expose_bytes()))
                .ok()
        };
        (Matcher { ac, patterns }, skipped)
    }

    /// Whether there is anything to search for.
    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// The secrets a pattern comes from, with the form of each.
    pub fn owners(&self, pattern: usize) -> &[(usize, Form)] {
        &self.patterns[pattern].owners
    }

    /// Every pattern found in `text` (once each), appended to `out`.
    pub fn hits(&self, text: &str, out: &mut Vec<Hit>) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(text) {
            let pattern = m.pattern().as_usize();
            let whole = m.start() == 0 && m.end() == text.len();
            if self.patterns[pattern].numeric && !whole {
                continue;
            }
            match out.iter_mut().find(|h| h.pattern == pattern) {
                Some(h) => h.whole |= whole,
                None => out.push(Hit { pattern, whole }),
            }
        }
    }

    /// `text` with every searched text in it replaced by `<redacted>`: for anything taken from the document that
    /// is shown (addresses, map keys), and for terraform's own messages.
    pub fn redact(&self, text: &str) -> String {
        let Some(ac) = &self.ac else { return text.to_owned() };
        // Leftmost-first over the overlapping matches: merge overlapping spans, then cut them out.
        let mut spans: Vec<(usize, usize)> = ac.find_overlapping_iter(text).map(|m| (m.start(), m.end())).collect();
        spans.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (s, e) in spans {
            if e <= at {
                continue;
            }
            if s > at {
                out.push_str(&text[at..s]);
            }
            if s >= at {
                out.push_str("<redacted>");
            }
            at = e;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Adds the patterns of secret `i` with value `value` (none for a value too short or blank).
fn expand(i: usize, value: &str, out: &mut Vec<Pattern>) {
    if !searchable(value) {
        return;
    }
    let numeric = is_number(value);
    add(out, i, Form::Value, Secret::from_str_copy(value), numeric);
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        add(out, i, Form::Trimmed, Secret::from_str_copy(trimmed), is_number(trimmed));
    }
    if !numeric {
        add_json_escaped(out, i, Form::JsonEscaped, value);
    }
    if value.trim_start().starts_with(['[', '{']) {
        elements(value, &mut |text, numeric| {
            add(out, i, Form::Element, Secret::from_str_copy(text), numeric);
            if !numeric {
                add_json_escaped(out, i, Form::Element, text);
            }
        });
    }
}

/// Whether a text is long enough, and not blank, to be searched.
fn searchable(text: &str) -> bool {
    text.len() >= MIN_LEN && !text.trim().is_empty()
}

fn add(out: &mut Vec<Pattern>, secret: usize, form: Form, text: Secret, numeric: bool) {
    if searchable(text.expose()) {
        out.push(Pattern { text, numeric, owners: vec![(secret, form)] });
    }
}

/// The JSON-escaped forms of `text` (Go's `json.Marshal`, which terraform's `jsonencode` uses, escapes `<`, `>`
/// and `&` too; most other encoders do not), when they differ from the text.
fn add_json_escaped(out: &mut Vec<Pattern>, secret: usize, form: Form, text: &str) {
    if !searchable(text) {
        return;
    }
    for html in [true, false] {
        let escaped = json_escape(text, html);
        if escaped.expose() != text && !out.iter().any(|p| p.owners[0].0 == secret && p.text == escaped) {
            add(out, secret, form, escaped, false);
        }
    }
}

/// `text` as the inside of a JSON string literal: `\"`, `\\`, `\n`, `\r`, `\t`, other control characters as
/// `\u00XX`; with `html`, also `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes (Go's encoder).
fn json_escape(text: &str, html: bool) -> Secret {
    let mut out = Secret::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if html => push_u_escape(&mut out, c),
            c if (c as u32) < 0x20 => push_u_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

fn push_u_escape(out: &mut Secret, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{:04x}", c as u32);
}

/// Whether `text` is a JSON or terraform number (`42`, `-1.5`, `1e9`).
fn is_number(text: &str) -> bool {
    matches!(crate::tfmodule::classify(text), crate::tfmodule::StoredClass::N)
}

/// Calls `each(text, numeric)` for every string and number inside a stored collection: JSON (what `import`
/// stores, with `${` written `$${` as HCL reads it) or, failing that, any HCL expression that evaluates.
fn elements(stored: &str, each: &mut dyn FnMut(&str, bool)) {
    match json::parse(stored.trim(), Root::Any, DuplicateKeys::Keep) {
        Ok(v) => json_elements(&v, each),
        Err(_) => hcl_elements(stored, each),
    }
}

fn json_elements(v: &Value, each: &mut dyn FnMut(&str, bool)) {
    match &v.kind {
        Kind::String(s) => {
            let unescaped = unescape_templates(s.expose());
            each(unescaped.expose(), false);
        }
        Kind::Number(n) => each(n.expose(), true),
        Kind::Array(items) => items.iter().for_each(|i| json_elements(i, each)),
        Kind::Object(members) => members.iter().for_each(|m| json_elements(&m.value, each)),
        Kind::Null | Kind::Bool(_) => {}
    }
}

/// `$${` → `${` and `%%{` → `%{`, as HCL reads a quoted string with no templates in it.
fn unescape_templates(s: &str) -> Secret {
    let mut out = Secret::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("$${").into_iter().chain(rest.find("%%{")).min() {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

fn hcl_elements(stored: &str, each: &mut dyn FnMut(&str, bool)) {
    let Ok(expr) = crate::text::hcl::parse_expr(stored.trim()) else { return };
    let Ok(value) = crate::text::hcl::evaluate(expr) else { return };
    fn walk(v: &hcl::Value, each: &mut dyn FnMut(&str, bool)) {
        match v {
            hcl::Value::String(s) => each(s, false),
            hcl::Value::Number(n) => each(&n.to_string(), true),
            hcl::Value::Array(items) => items.iter().for_each(|i| walk(i, each)),
            hcl::Value::Object(map) => map.values().for_each(|i| walk(i, each)),
            hcl::Value::Null | hcl::Value::Bool(_) => {}
        }
    }
    walk(&value, each);
}

#[cfg(test)]
mod tests;
