//! A small strict JSON (RFC 8259) reader that keeps the line of every object key.
//!
//! Used for `*.tf.json` and `*.tfvars.json`, where messages need `file:line`. `serde_json` does not expose
//! positions without its `raw_value` feature, so this reader is kept deliberately minimal.

/// A parsed JSON value with the 1-based line where it starts.
#[derive(Debug)]
pub(crate) struct JVal {
    /// 1-based line of the value's first character.
    pub line: usize,
    /// The value itself.
    pub kind: JKind,
}

/// The JSON value kinds; numbers keep no value (only their presence matters here).
#[derive(Debug)]
pub(crate) enum JKind {
    /// An object, members in source order (duplicates kept).
    Obj(Vec<JMember>),
    /// An array.
    Arr(Vec<JVal>),
    /// A string, unescaped.
    Str(String),
    /// A number.
    Num,
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// One object member.
#[derive(Debug)]
pub(crate) struct JMember {
    /// The unescaped key.
    pub key: String,
    /// 1-based line of the key.
    pub line: usize,
    /// The member's value.
    pub value: JVal,
}

impl JVal {
    /// Members when this is an object.
    pub fn members(&self) -> Option<&[JMember]> {
        match &self.kind {
            JKind::Obj(m) => Some(m),
            _ => None,
        }
    }

    /// HCL JSON block bodies: an object is one body, an array of objects is several.
    pub fn bodies(&self) -> Vec<&[JMember]> {
        match &self.kind {
            JKind::Obj(m) => vec![m.as_slice()],
            JKind::Arr(items) => items.iter().filter_map(|v| v.members()).collect(),
            _ => Vec::new(),
        }
    }
}

/// Where parsing failed: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JError {
    pub line: usize,
    pub col: usize,
}

const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
}

/// Parses a whole JSON document (surrounding whitespace allowed, nothing else).
pub(crate) fn parse(text: &str) -> Result<JVal, JError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, line: 1, line_start: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.pos != p.bytes.len() {
        return Err(p.err());
    }
    Ok(v)
}

impl Parser<'_> {
    fn err(&self) -> JError {
        let start = self.line_start.min(self.text.len());
        let end = self.pos.min(self.text.len());
        let col = self.text.get(start..end).map(|s| s.chars().count()).unwrap_or(0) + 1;
        JError { line: self.line, col }
    }

    fn ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> Result<(), JError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn value(&mut self, depth: usize) -> Result<JVal, JError> {
        if depth > MAX_DEPTH {
            return Err(self.err());
        }
        let line = self.line;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JKind::Str(self.string()?),
            Some(b't') => self.keyword("true", JKind::Bool(true))?,
            Some(b'f') => self.keyword("false", JKind::Bool(false))?,
            Some(b'n') => self.keyword("null", JKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.err()),
        };
        Ok(JVal { line, kind })
    }

    fn keyword(&mut self, word: &str, kind: JKind) -> Result<JKind, JError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.err())
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<JKind, JError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err()),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err());
            }
        }
        Ok(JKind::Num)
    }

    fn hex4(&mut self) -> Result<u32, JError> {
        let s = self.text.get(self.pos..self.pos + 4).ok_or_else(|| self.err())?;
        if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.err());
        }
        let v = u32::from_str_radix(s, 16).map_err(|_| self.err())?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JError> {
        self.eat(b'"')?;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err());
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.err());
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) && self.bytes[self.pos..].starts_with(b"\\u") {
                                let save = self.pos;
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.pos = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err());
                        }
                    }
                    run_start = self.pos;
                }
                0x00..=0x1F => return Err(self.err()),
                _ => self.pos += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JKind, JError> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JKind::Arr(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JKind::Arr(items));
                }
                _ => return Err(self.err()),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JKind, JError> {
        self.eat(b'{')?;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JKind::Obj(members));
        }
        loop {
            self.ws();
            let line = self.line;
            let key = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(JMember { key, line, value });
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JKind::Obj(members));
                }
                _ => return Err(self.err()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_key_lines() {
        let text = "{\n  \"variable\": {\n    \"a\\u00e9\": {\"type\": \"string\"},\n    \"b\": [ {}, 1, -2.5e+3, true, null ]\n  }\n}\n";
        let v = parse(text).expect("valid");
        let top = v.members().expect("object");
        assert_eq!(top[0].key, "variable");
        assert_eq!(top[0].line, 2);
        let vars = top[0].value.members().expect("object");
        assert_eq!(vars[0].key, "aé");
        assert_eq!(vars[0].line, 3);
        assert_eq!(vars[1].key, "b");
        assert_eq!(vars[1].line, 4);
        assert_eq!(vars[1].value.bodies().len(), 1);
    }

    #[test]
    fn escapes_and_surrogates() {
        let v = parse(r#""\ud83d\ude00 \/ \b \ud800x""#).expect("valid");
        match v.kind {
            JKind::Str(s) => assert_eq!(s, "😀 / \u{8} \u{FFFD}x"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rejects_invalid() {
        for bad in ["", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"\n\"", "\"\\x\"", "{} x", "tru", "{,}", "[1 2]"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse("{\n  \"a\": x}").err(), Some(JError { line: 2, col: 8 }));
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        assert!(parse(&deep).is_err());
    }
}
