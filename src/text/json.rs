//! The one JSON reader (RFC 8259, strict) for `.tfvars.json` and `*.tf.json`: byte spans on every value and
//! key for `file:line:col` messages, number text kept exactly, and every string, key and number held in a
//! [`Secret`] so it is wiped when dropped and never shows in a `Debug` output.
//!
//! `serde_json` exposes no positions (without its `raw_value` feature) and keeps plain `String`s, hence this
//! small reader. [`Value::write_pretty`] writes a value back in `serde_json::to_string_pretty`'s layout. Its tokens
//! (strings, numbers, keywords) are read by `lex.rs`, which the streaming [`walk`] shares.

mod lex;
pub mod walk;

use super::Pos;
use super::depth::{self, MAX_DEPTH};
use crate::secret::Secret;
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::ops::Range;

/// A JSON value and where it is in the source.
#[derive(Debug, Clone)]
pub struct Value {
    /// Byte range of the value in the source.
    pub span: Range<usize>,
    /// The value.
    pub kind: Kind,
}

/// The kinds of JSON value.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number: its source text, validated.
    Number(Secret),
    /// A string, unescaped.
    String(Secret),
    /// An array.
    Array(Vec<Value>),
    /// An object: members in source order.
    Object(Vec<Member>),
}

/// One object member.
#[derive(Debug, Clone)]
pub struct Member {
    /// The unescaped key.
    pub key: Secret,
    /// Byte offset of the key's opening quote.
    pub key_offset: usize,
    /// The member's value.
    pub value: Value,
}

impl Member {
    /// The key as text.
    pub fn key(&self) -> &str {
        self.key.expose()
    }
}

impl Value {
    /// The members when this is an object.
    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s.expose()),
            _ => None,
        }
    }

    /// Appends the value in `serde_json::to_string_pretty`'s layout (2-space indent, `": "`, `[]` and `{}` for
    /// empty containers, serde_json's string and number forms) at nesting level `level`.
    pub fn write_pretty(&self, level: usize, out: &mut Secret) {
        match &self.kind {
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => write_number(n.expose(), out),
            Kind::String(s) => write_json_string(s.expose(), out),
            Kind::Array(items) if items.is_empty() => out.push_str("[]"),
            Kind::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    indent(level + 1, out);
                    v.write_pretty(level + 1, out);
                }
                out.push('\n');
                indent(level, out);
                out.push(']');
            }
            Kind::Object(members) => write_pretty_object(members.iter(), level, out),
        }
    }
}

/// Appends an object made of `members` in [`Value::write_pretty`]'s layout.
pub fn write_pretty_object<'a>(members: impl Iterator<Item = &'a Member>, level: usize, out: &mut Secret) {
    let mut any = false;
    for m in members {
        out.push_str(if any { ",\n" } else { "{\n" });
        any = true;
        indent(level + 1, out);
        write_json_string(m.key(), out);
        out.push_str(": ");
        m.value.write_pretty(level + 1, out);
    }
    if any {
        out.push('\n');
        indent(level, out);
        out.push('}');
    } else {
        out.push_str("{}");
    }
}

/// Number text as serde_json (with `arbitrary_precision`) writes it: as read, except that the exponent
/// marker is `e` and always has a sign (`1E5` → `1e+5`).
fn write_number(text: &str, out: &mut Secret) {
    match text.split_once(['e', 'E']) {
        None => out.push_str(text),
        Some((mantissa, exp)) => {
            out.push_str(mantissa);
            out.push('e');
            if !exp.starts_with(['+', '-']) {
                out.push('+');
            }
            out.push_str(exp);
        }
    }
}

fn indent(level: usize, out: &mut Secret) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// A JSON string literal with serde_json's escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control
/// characters as `\u00xx`; everything else (DEL, `/`, non-ASCII) raw.
fn write_json_string(s: &str, out: &mut Secret) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        run = i + 1;
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(esc);
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// What the document must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// Any JSON value (`*.tf.json`: the caller checks the shape itself).
    Any,
    /// An object (`.tfvars.json`): anything else is refused as soon as its first byte is seen.
    Object,
}

/// What to do with a key that appears twice in one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateKeys {
    /// Refuse the document at the second occurrence (`.tfvars.json`: terraform refuses it too).
    Reject,
    /// Keep both members in order (`*.tf.json`: HCL JSON merges repeated block keys).
    Keep,
}

/// Why a document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Malformed JSON (or, with [`Root::Object`], a top-level value that is not an object).
    Syntax,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A key twice in one object (with [`DuplicateKeys::Reject`]).
    DuplicateKey,
    /// Nothing but white space.
    Empty,
}

/// A refused document: what and where, never any of the input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset of the problem.
    pub offset: usize,
    /// Its line and column.
    pub pos: Pos,
    /// A fixed description (`expected ',' or ']'`); for [`ErrorKind::Syntax`] only.
    pub message: &'static str,
}

/// Parses a whole document: one value (of the `root` shape), surrounded by white space only.
pub fn parse(source: &str, root: Root, duplicates: DuplicateKeys) -> Result<Value, Error> {
    let mut p = Parser { src: source, b: source.as_bytes(), i: 0, duplicates, hasher: RandomState::new() };
    depth::check_json(source).map_err(|e| p.err(ErrorKind::TooDeep, e.offset, ""))?;
    p.ws();
    if p.i == p.b.len() {
        return Err(p.err(ErrorKind::Empty, p.i, ""));
    }
    let value = match root {
        Root::Object if p.peek() != Some(b'{') => return Err(p.syntax(p.i, "the top-level value must be an object")),
        Root::Object => p.object(p.i, 1)?,
        Root::Any => p.value(0)?,
    };
    p.ws();
    if p.i != p.b.len() {
        let what = match root {
            Root::Object => "unexpected text after the top-level object",
            Root::Any => "unexpected text after the top-level value",
        };
        return Err(p.syntax(p.i, what));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    duplicates: DuplicateKeys,
    hasher: RandomState,
}

impl Parser<'_> {
    fn err(&self, kind: ErrorKind, offset: usize, message: &'static str) -> Error {
        Error { kind, offset, pos: Pos::at_offset(self.src, offset), message }
    }

    fn syntax(&self, offset: usize, message: &'static str) -> Error {
        self.err(ErrorKind::Syntax, offset, message)
    }

    fn ws(&mut self) {
        self.i = lex::ws(self.b, self.i);
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        self.ws();
        let start = self.i;
        let kind = match self.peek() {
            None => return Err(self.syntax(start, "unexpected end of file, expected a value")),
            // The depth guard has run on the whole text; this keeps the recursion bounded on its own.
            Some(b'{' | b'[') if depth >= MAX_DEPTH => return Err(self.err(ErrorKind::TooDeep, start, "")),
            Some(b'{') => return self.object(start, depth + 1),
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let (word, end) =
                    lex::keyword(self.src, start).ok_or_else(|| self.syntax(start, "expected a value"))?;
                self.i = end;
                match word {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    _ => Kind::Null,
                }
            }
        };
        Ok(Value { span: start..self.i, kind })
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Error> {
        self.i += 1; // '['
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.syntax(self.i, "expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, start: usize, depth: usize) -> Result<Value, Error> {
        self.i += 1; // '{'
        let mut members: Vec<Member> = Vec::new();
        // Hashes of the keys seen, to find a duplicate without keeping a second copy of every key.
        let mut seen: HashSet<u64> = HashSet::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value { span: start..self.i, kind: Kind::Object(members) });
        }
        loop {
            self.ws();
            let key_offset = self.i;
            if self.peek() != Some(b'"') {
                return Err(self.syntax(self.i, "expected a string key"));
            }
            let key = self.string()?;
            if self.duplicates == DuplicateKeys::Reject
                && !seen.insert(self.hasher.hash_one(key.expose()))
                && members.iter().any(|m| m.key == key)
            {
                return Err(self.err(ErrorKind::DuplicateKey, key_offset, ""));
            }
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.syntax(self.i, "expected ':'"));
            }
            self.i += 1;
            let value = self.value(depth)?;
            members.push(Member { key, key_offset, value });
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value { span: start..self.i, kind: Kind::Object(members) });
                }
                _ => return Err(self.syntax(self.i, "expected ',' or '}'")),
            }
        }
    }

    fn string(&mut self) -> Result<Secret, Error> {
        let mut out = Secret::with_capacity(0);
        let (end, _) = lex::string(self.src, self.i, Some(&mut out)).map_err(|(at, m)| self.syntax(at, m))?;
        self.i = end;
        Ok(out)
    }

    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.i;
        self.i = lex::number(self.b, start).map_err(|(at, m)| self.syntax(at, m))?;
        Ok(Kind::Number(Secret::from_str_copy(&self.src[start..self.i])))
    }
}

#[cfg(test)]
mod tests;
