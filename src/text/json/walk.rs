//! A streaming pass over a JSON document, for documents too big to hold as a tree of values (a 40 MB terraform
//! state): one pass, no tree, the path from the root kept as a stack of [`Frame`]s, every key, string and number
//! handed to a [`Visitor`] with its unescaped text. Strings without escapes are borrowed from the source; a
//! string with escapes is decoded into a [`Secret`] that is wiped as soon as the visitor returns.
//!
//! The grammar, limits and error texts are the tree reader's (`json.rs`, through `lex.rs`): strict RFC 8259,
//! nesting up to [`MAX_DEPTH`]. Errors never carry input text.
//!
//! The functions after [`walk`] read parts of a document `walk` accepted, by offset: the visitor keeps offsets
//! (cheap), and the few places worth a closer look are read again afterwards.

use super::lex;
use super::{Error, ErrorKind};
use crate::secret::Secret;
use crate::text::{MAX_DEPTH, Pos};
use std::ops::Range;

/// One step of the path from the root to a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A member of an object: the byte range of its key's raw text (between the quotes, escapes as written).
    Key {
        /// Offset of the key's first byte after the opening quote.
        start: usize,
        /// Offset of the key's closing quote.
        end: usize,
    },
    /// An element of an array (0-based).
    Index(usize),
}

/// An open container on the path: where it starts (its `{` or `[`), and the step taken into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// Byte offset of the container's opening bracket.
    pub start: usize,
    /// The member or element being visited.
    pub step: Step,
}

/// What a visited token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// An object key (the last frame of the path is the step to it).
    Key,
    /// A string value.
    String,
    /// A number value (its text as written).
    Number,
}

/// Receives the tokens of [`walk`].
pub trait Visitor {
    /// Called for every object key, string and number: its kind, its text (unescaped), the byte range of the
    /// token in the source, and the path to it. `true`, `false` and `null` are not visited.
    fn leaf(&mut self, leaf: Leaf, text: &str, span: Range<usize>, path: &[Frame]);
}

/// Walks a whole document (one value surrounded by white space), visiting every key, string and number.
pub fn walk(source: &str, visitor: &mut impl Visitor) -> Result<(), Error> {
    Walker { src: source, b: source.as_bytes(), path: Vec::new(), visitor }.run()
}

/// What [`Walker::value`] read.
enum Read {
    /// A whole value, ending at this offset.
    Complete(usize),
    /// The opening of a container; its first element starts at this offset.
    Opened(usize),
}

struct Walker<'a, V> {
    src: &'a str,
    b: &'a [u8],
    path: Vec<Frame>,
    visitor: &'a mut V,
}

impl<V: Visitor> Walker<'_, V> {
    fn err(&self, kind: ErrorKind, offset: usize, message: &'static str) -> Error {
        Error { kind, offset, pos: Pos::at_offset(self.src, offset), message }
    }

    fn syntax(&self, (offset, message): lex::LexError) -> Error {
        self.err(ErrorKind::Syntax, offset, message)
    }

    fn run(&mut self) -> Result<(), Error> {
        let mut i = lex::ws(self.b, 0);
        if i == self.b.len() {
            return Err(self.err(ErrorKind::Empty, i, ""));
        }
        loop {
            i = match self.value(i)? {
                Read::Opened(next) => next,
                Read::Complete(end) => match self.after_value(end)? {
                    Some(next) => next,
                    None => return Ok(()),
                },
            };
        }
    }

    /// Reads the value at `i` (after white space): a scalar or an empty container entirely, or the opening of a
    /// container up to where its first element starts.
    fn value(&mut self, i: usize) -> Result<Read, Error> {
        let i = lex::ws(self.b, i);
        match self.b.get(i) {
            None => Err(self.syntax((i, "unexpected end of file, expected a value"))),
            Some(b'{' | b'[') if self.path.len() >= MAX_DEPTH => Err(self.err(ErrorKind::TooDeep, i, "")),
            Some(&open @ (b'{' | b'[')) => {
                let j = lex::ws(self.b, i + 1);
                let close = if open == b'{' { b'}' } else { b']' };
                if self.b.get(j) == Some(&close) {
                    return Ok(Read::Complete(j + 1));
                }
                self.path.push(Frame { start: i, step: Step::Index(0) });
                if open == b'{' { self.key(j).map(Read::Opened) } else { Ok(Read::Opened(j)) }
            }
            Some(b'"') => self.string(i, Leaf::String).map(Read::Complete),
            Some(b'-' | b'0'..=b'9') => {
                let end = lex::number(self.b, i).map_err(|e| self.syntax(e))?;
                self.visitor.leaf(Leaf::Number, &self.src[i..end], i..end, &self.path);
                Ok(Read::Complete(end))
            }
            Some(_) => {
                let (_, end) = lex::keyword(self.src, i).ok_or_else(|| self.syntax((i, "expected a value")))?;
                Ok(Read::Complete(end))
            }
        }
    }

    /// Reads a key at `i` (after white space) into the top frame, visits it, and reads the `:`; returns where
    /// the member's value starts.
    fn key(&mut self, i: usize) -> Result<usize, Error> {
        let i = lex::ws(self.b, i);
        if self.b.get(i) != Some(&b'"') {
            return Err(self.syntax((i, "expected a string key")));
        }
        let (end, escaped) = lex::string(self.src, i, None).map_err(|e| self.syntax(e))?;
        if let Some(top) = self.path.last_mut() {
            top.step = Step::Key { start: i + 1, end: end - 1 };
        }
        self.visit(i, end, escaped, Leaf::Key);
        let colon = lex::ws(self.b, end);
        if self.b.get(colon) != Some(&b':') {
            return Err(self.syntax((colon, "expected ':'")));
        }
        Ok(colon + 1)
    }

    /// Reads and visits the string value at `open`; returns the offset after it.
    fn string(&mut self, open: usize, leaf: Leaf) -> Result<usize, Error> {
        let (end, escaped) = lex::string(self.src, open, None).map_err(|e| self.syntax(e))?;
        self.visit(open, end, escaped, leaf);
        Ok(end)
    }

    /// Hands the string literal `open..end` (already validated) to the visitor, decoding it first if it has escapes.
    fn visit(&mut self, open: usize, end: usize, escaped: bool, leaf: Leaf) {
        if escaped {
            let mut text = Secret::with_capacity(end - open);
            let _ = lex::string(self.src, open, Some(&mut text));
            self.visitor.leaf(leaf, text.expose(), open..end, &self.path);
        } else {
            self.visitor.leaf(leaf, &self.src[open + 1..end - 1], open..end, &self.path);
        }
    }

    /// After a complete value ending at `i`: the separator or closing brackets that follow, up to the start of
    /// the next value (`Some`), or the end of the document (`None`, trailing white space checked).
    fn after_value(&mut self, mut i: usize) -> Result<Option<usize>, Error> {
        loop {
            i = lex::ws(self.b, i);
            let Some(top) = self.path.last().copied() else {
                if i != self.b.len() {
                    return Err(self.syntax((i, "unexpected text after the top-level value")));
                }
                return Ok(None);
            };
            match (top.step, self.b.get(i)) {
                (Step::Key { .. }, Some(b',')) => return self.key(i + 1).map(Some),
                (Step::Key { .. }, Some(b'}')) | (Step::Index(_), Some(b']')) => {
                    self.path.pop();
                    i += 1;
                }
                (Step::Index(n), Some(b',')) => {
                    if let Some(t) = self.path.last_mut() {
                        t.step = Step::Index(n + 1);
                    }
                    return Ok(Some(i + 1));
                }
                (Step::Key { .. }, _) => return Err(self.syntax((i, "expected ',' or '}'"))),
                (Step::Index(_), _) => return Err(self.syntax((i, "expected ',' or ']'"))),
            }
        }
    }
}

/// The text of a key whose raw range (between its quotes) is `start..end`, escapes decoded, in a `Secret`
/// (a map key may be a secret). For a document [`walk`] accepted.
pub fn key_text(source: &str, start: usize, end: usize) -> Secret {
    let raw = &source[start..end];
    if !raw.contains('\\') {
        return Secret::from_str_copy(raw);
    }
    let mut out = Secret::with_capacity(raw.len());
    let _ = lex::string(source, start - 1, Some(&mut out));
    out
}

/// The byte range of the value that starts at `at` (after white space), in a document [`walk`] accepted.
pub fn value_range(source: &str, at: usize) -> Option<Range<usize>> {
    let b = source.as_bytes();
    let start = lex::ws(b, at);
    let mut depth = 0usize;
    let mut i = start;
    loop {
        match *b.get(i)? {
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'"' => i = lex::string(source, i, None).ok()?.0,
            b'-' | b'0'..=b'9' => i = lex::number(b, i).ok()?,
            b't' | b'f' | b'n' => i = lex::keyword(source, i)?.1,
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' if depth > 0 => i += 1,
            _ => return None,
        }
        if depth == 0 {
            return Some(start..i);
        }
    }
}

/// The members of the object whose `{` is at `start`: each key's raw range (between its quotes) and its value's
/// range, in order. For a document [`walk`] accepted.
pub fn members(source: &str, start: usize) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let b = source.as_bytes();
    if b.get(start) != Some(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = lex::ws(b, start + 1);
    if b.get(i) == Some(&b'}') {
        return Some(out);
    }
    loop {
        let (key_end, _) = lex::string(source, i, None).ok()?;
        let value = value_range(source, lex::ws(b, key_end) + 1)?;
        out.push((i + 1..key_end - 1, value.clone()));
        i = lex::ws(b, value.end);
        match b.get(i)? {
            b',' => i = lex::ws(b, i + 1),
            b'}' => return Some(out),
            _ => return None,
        }
    }
}

/// The value of member `key` of the object whose `{` is at `start` (the first such member).
pub fn member(source: &str, start: usize, key: &str) -> Option<Range<usize>> {
    members(source, start)?.into_iter().find(|(k, _)| key_text(source, k.start, k.end).expose() == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests;
