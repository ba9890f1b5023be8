//! HCL JSON syntax (`.tfvars.json`): a small position-tracking JSON parser (exact number text,
//! duplicate keys, depth limit) and the scrub that rewrites the top-level object.

use super::encode::{Val, ZKey, canonical_number};
use super::{MAX_DEPTH, Pos, ScrubOutcome, TfvarsError, TfvarsErrorKind as K, Variable, depth};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// A parsed JSON value; strings are wiped on drop.
enum JVal {
    Null,
    Bool(bool),
    /// The number's source text.
    Num(String),
    Str(Zeroizing<String>),
    Arr(Vec<JVal>),
    /// Members in file order with the offset of each key.
    Obj(Vec<(ZKey, usize, JVal)>),
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    file: &'a str,
}

impl<'a> Parser<'a> {
    fn err(&self, kind: K, offset: usize, msg: impl Into<String>, hint: &str) -> TfvarsError {
        TfvarsError::new(kind, self.file, Some(Pos::at_offset(self.src, offset)), msg, hint)
    }

    fn syntax(&self, offset: usize, msg: &str) -> TfvarsError {
        self.err(
            K::Syntax,
            offset,
            format!("JSON syntax error: {msg}"),
            "fix the file so that `terraform plan -var-file=...` accepts it",
        )
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<JVal, TfvarsError> {
        self.ws();
        let start = self.i;
        match self.peek() {
            None => Err(self.syntax(start, "unexpected end of file, expected a value")),
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => Err(self.err(
                K::TooDeep,
                start,
                format!("value nested more than {MAX_DEPTH} levels deep"),
                "flatten the value; terraform variables this deep are not supported",
            )),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(JVal::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(JVal::Arr(items));
                        }
                        _ => return Err(self.syntax(self.i, "expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => Ok(JVal::Str(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, v) in [("true", JVal::Bool(true)), ("false", JVal::Bool(false)), ("null", JVal::Null)] {
                    if self.src[self.i..].starts_with(word) {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                Err(self.syntax(start, "expected a value"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JVal, TfvarsError> {
        self.i += 1; // '{'
        let mut members: Vec<(ZKey, usize, JVal)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(JVal::Obj(members));
        }
        loop {
            self.ws();
            let key_at = self.i;
            if self.peek() != Some(b'"') {
                return Err(self.syntax(self.i, "expected a string key"));
            }
            let mut key = self.string()?;
            if !seen.insert(ZKey(key.to_string())) {
                return Err(self.err(
                    K::DuplicateAttribute,
                    key_at,
                    "key defined twice in the same object",
                    "each key may appear only once per object; remove one of them",
                ));
            }
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.syntax(self.i, "expected ':'"));
            }
            self.i += 1;
            let v = self.value(depth)?;
            members.push((ZKey(std::mem::take(&mut *key)), key_at, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(JVal::Obj(members));
                }
                _ => return Err(self.syntax(self.i, "expected ',' or '}'")),
            }
        }
    }

    fn string(&mut self) -> Result<Zeroizing<String>, TfvarsError> {
        let start = self.i;
        self.i += 1; // '"'
        let mut out = Zeroizing::new(String::new());
        loop {
            let run_start = self.i;
            while self.i < self.b.len() && !matches!(self.b[self.i], b'"' | b'\\' | 0..=0x1f) {
                self.i += 1;
            }
            out.push_str(&self.src[run_start..self.i]);
            match self.peek() {
                None => return Err(self.syntax(start, "unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc_at = self.i;
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4(esc_at)?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if self.src[self.i..].starts_with("\\u") {
                                    self.i += 2;
                                    let lo = self.hex4(esc_at)?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self.syntax(esc_at, "invalid surrogate pair in \\u escape"));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    return Err(self.syntax(esc_at, "lone surrogate in \\u escape"));
                                }
                            } else {
                                hi
                            };
                            let c = char::from_u32(cp).ok_or_else(|| self.syntax(esc_at, "invalid \\u escape"))?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.syntax(esc_at, "invalid escape sequence")),
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.syntax(self.i, "control character in string (must be escaped)")),
            }
        }
    }

    fn hex4(&mut self, esc_at: usize) -> Result<u32, TfvarsError> {
        let h = self.src.get(self.i..self.i + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let v = h.and_then(|h| u32::from_str_radix(h, 16).ok());
        match v {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => Err(self.syntax(esc_at, "invalid \\u escape")),
        }
    }

    fn number(&mut self) -> Result<JVal, TfvarsError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.i += 1;
            }
            p.i - s
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return Err(self.syntax(start, "invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.syntax(start, "invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.syntax(start, "invalid number"));
            }
        }
        Ok(JVal::Num(self.src[start..self.i].to_owned()))
    }
}

/// Parses the whole document: a single top-level object.
fn parse_doc<'a>(source: &'a str, file: &'a str) -> Result<Vec<(ZKey, usize, JVal)>, TfvarsError> {
    depth::check_json(source, file)?;
    let mut p = Parser { src: source, b: source.as_bytes(), i: 0, file };
    p.ws();
    if p.i == p.b.len() {
        return Err(empty_error(file));
    }
    if p.peek() != Some(b'{') {
        return Err(p.syntax(p.i, "the top-level value must be an object"));
    }
    let JVal::Obj(members) = p.object(1)? else {
        return Err(p.syntax(0, "the top-level value must be an object"));
    };
    p.ws();
    if p.i != p.b.len() {
        return Err(p.syntax(p.i, "unexpected text after the top-level object"));
    }
    if members.is_empty() {
        return Err(empty_error(file));
    }
    Ok(members)
}

fn empty_error(file: &str) -> TfvarsError {
    TfvarsError::new(K::Empty, file, None, "the file holds no variables", "nothing to import; check the file name")
}

fn to_val(v: JVal, file: &str, src: &str, at: usize) -> Result<Val, TfvarsError> {
    Ok(match v {
        JVal::Null => Val::Null,
        JVal::Bool(b) => Val::Bool(b),
        JVal::Num(text) => Val::Num(canonical_number(&text).ok_or_else(|| {
            TfvarsError::new(
                K::Eval,
                file,
                Some(Pos::at_offset(src, at)),
                "number too large to store",
                "write the value as a string",
            )
        })?),
        JVal::Str(s) => Val::Str(s),
        JVal::Arr(items) => Val::List(items.into_iter().map(|v| to_val(v, file, src, at)).collect::<Result<_, _>>()?),
        JVal::Obj(members) => {
            let mut m = BTreeMap::new();
            for (k, key_at, v) in members {
                m.insert(k, to_val(v, file, src, key_at)?);
            }
            Val::Map(m)
        }
    })
}

/// Parses a `.tfvars.json` document into variables.
pub(crate) fn parse(source: &str, file: &str) -> Result<Vec<Variable>, TfvarsError> {
    let members = parse_doc(source, file)?;
    let mut vars = Vec::with_capacity(members.len());
    for (k, at, v) in members {
        let (kind, value) = to_val(v, file, source, at)?.into_stored();
        vars.push(Variable { name: k.0.clone(), value, kind, span: Pos::at_offset(source, at) });
    }
    Ok(vars)
}

fn to_serde(v: JVal) -> serde_json::Value {
    use serde_json::Value as V;
    match v {
        JVal::Null => V::Null,
        JVal::Bool(b) => V::Bool(b),
        // With `arbitrary_precision` the number keeps its exact text; the parser validated it.
        JVal::Num(text) => text.parse::<serde_json::Number>().map_or(V::String(text), V::Number),
        JVal::Str(mut s) => V::String(std::mem::take(&mut *s)),
        JVal::Arr(items) => V::Array(items.into_iter().map(to_serde).collect()),
        JVal::Obj(members) => V::Object(members.into_iter().map(|(k, _, v)| (k.0.clone(), to_serde(v))).collect()),
    }
}

/// Rewrites the top-level object without the named members (original order, 2-space indent,
/// trailing newline).
pub(crate) fn scrub(source: &str, remove: &[&str], file: &str) -> Result<ScrubOutcome, TfvarsError> {
    let members = parse_doc(source, file)?;
    let kept: serde_json::Map<String, serde_json::Value> = members
        .into_iter()
        .filter(|(k, _, _)| !remove.contains(&k.0.as_str()))
        .map(|(k, _, v)| (k.0.clone(), to_serde(v)))
        .collect();
    if kept.is_empty() {
        return Ok(ScrubOutcome::Empty);
    }
    let mut out = serde_json::to_string_pretty(&serde_json::Value::Object(kept)).map_err(|_| {
        TfvarsError::new(K::Syntax, file, None, "cannot re-serialise the file", "the file was left unchanged")
    })?;
    out.push('\n');
    Ok(ScrubOutcome::Rewritten(out))
}

#[cfg(test)]
mod tests {
    use super::super::{Syntax, ValueKind, parse as top_parse, scrub as top_scrub};
    use super::*;

    fn vars(src: &str) -> Vec<(String, ValueKind, Option<String>, Pos)> {
        match top_parse(src, Syntax::Json, "f.tfvars.json") {
            Ok(p) => {
                p.vars.into_iter().map(|v| (v.name, v.kind, v.value.map(|s| s.expose().to_owned()), v.span)).collect()
            }
            Err(e) => panic!("{e}"),
        }
    }

    fn err(src: &str) -> (K, Option<Pos>, String) {
        match top_parse(src, Syntax::Json, "f.tfvars.json") {
            Ok(_) => panic!("expected an error"),
            Err(e) => (e.kind, e.pos, e.to_string()),
        }
    }

    #[test]
    fn json_values() {
        let src = r#"{
  "s": "a\"b${c}\\ %{d} \u00e9\ud83d\ude00\t",
  "n1": 1.50, "n2": 2.5e-3, "n3": -3, "n4": 12345678901234567890123, "n5": 0, "n6": -0, "n7": 1E2,
  "t": true, "f": false, "z": null, "e": "",
  "l": [1, "${x}", [true, null], {"b": 1, "a": "%{y}"}],
  "m": {"${k}": {"q": "\u0001\b\f\u007f\u2028/"}, "a": []},
  "sp": "\/"
}"#;
        let got = vars(src);
        let want: Vec<(&str, ValueKind, Option<&str>)> = vec![
            ("s", ValueKind::String, Some("a\"b${c}\\ %{d} é😀\t")),
            ("n1", ValueKind::Number, Some("1.5")),
            ("n2", ValueKind::Number, Some("0.0025")),
            ("n3", ValueKind::Number, Some("-3")),
            ("n4", ValueKind::Number, Some("12345678901234567890123")),
            ("n5", ValueKind::Number, Some("0")),
            ("n6", ValueKind::Number, Some("0")),
            ("n7", ValueKind::Number, Some("100")),
            ("t", ValueKind::Bool, Some("true")),
            ("f", ValueKind::Bool, Some("false")),
            ("z", ValueKind::Null, None),
            ("e", ValueKind::EmptyString, None),
            ("l", ValueKind::List, Some(r#"[1,"$${x}",[true,null],{"a":"%%{y}","b":1}]"#)),
            ("m", ValueKind::Map, Some("{\"$${k}\":{\"q\":\"\\u0001\\u0008\\u000c\\u007f\u{2028}/\"},\"a\":[]}")),
            ("sp", ValueKind::String, Some("/")),
        ];
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!((g.0.as_str(), g.1, g.2.as_deref()), (w.0, w.1, w.2));
        }
        assert_eq!(got[0].3, Pos { line: 2, col: 3 });
        assert_eq!(got[2].3, Pos { line: 3, col: 15 });
        assert_eq!(got[14].3, Pos { line: 7, col: 3 });
    }

    #[test]
    fn json_errors() {
        assert_eq!(err("").0, K::Empty);
        assert_eq!(err(" \n ").0, K::Empty);
        assert_eq!(err("{}").0, K::Empty);
        assert_eq!(err("{ }\n").0, K::Empty);
        let (k, p, text) = err("{\n  \"a\": 1,\n  \"a\": 2\n}");
        assert_eq!((k, p), (K::DuplicateAttribute, Some(Pos { line: 3, col: 3 })));
        assert_eq!(
            text,
            "f.tfvars.json:3:3: key defined twice in the same object. each key may appear only once per object; remove one of them"
        );
        assert_eq!(err("{\"m\": {\"x\": 1, \"x\": 2}}").0, K::DuplicateAttribute);
        assert_eq!(err("[1]").0, K::Syntax);
        assert_eq!(err("\"s\"").1, Some(Pos { line: 1, col: 1 }));
        assert_eq!(err("{\"a\": 1} x").1, Some(Pos { line: 1, col: 10 }));
        assert_eq!(err("{\"a\": 01}").1, Some(Pos { line: 1, col: 7 }));
        assert_eq!(err("{\"a\": 1.}").0, K::Syntax);
        assert_eq!(err("{\"a\": tru}").1, Some(Pos { line: 1, col: 7 }));
        assert_eq!(err("{\"a\": \"x\ny\"}").1, Some(Pos { line: 1, col: 9 }));
        assert_eq!(err("{\"a\": \"\\ud800\"}").1, Some(Pos { line: 1, col: 8 }));
        assert_eq!(err("{\"a\": \"\\q\"}").1, Some(Pos { line: 1, col: 8 }));
        assert_eq!(err("{\"a\": \"abc").1, Some(Pos { line: 1, col: 7 }));
        assert_eq!(err("{\"a\": 1,}").1, Some(Pos { line: 1, col: 9 }));
        assert_eq!(err("{\"a\" 1}").1, Some(Pos { line: 1, col: 6 }));
        assert_eq!(err("{\"a\": 1e999999999999}").0, K::Eval);
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(err(&deep).0, K::TooDeep);
    }

    #[test]
    fn json_errors_do_not_leak_values() {
        for src in [
            "{\"a\": \"hunter2\", \"a\": 1}",
            "{\"a\": \"hunter2\\q\"}",
            "{\"a\": hunter2}",
            "{\"a\": [\"hunter2\" 1]}",
        ] {
            let (_, _, text) = err(src);
            assert!(!text.contains("hunter"), "{text}");
        }
    }

    #[test]
    fn json_scrub() {
        let src = "{\"keep\": {\"b\": 1.50, \"a\": [\"${x}\", 12345678901234567890123]}, \"pw\": \"s3cret\",\n\"z\": null, \"e\": \"\", \"u\": \"\\u00e9\"}";
        let out = top_scrub(src, Syntax::Json, &["pw"], "svc");
        let want = "{\n  \"keep\": {\n    \"b\": 1.50,\n    \"a\": [\n      \"${x}\",\n      12345678901234567890123\n    ]\n  },\n  \"z\": null,\n  \"e\": \"\",\n  \"u\": \"é\"\n}\n";
        assert_eq!(out, Ok(ScrubOutcome::Rewritten(want.to_owned())));
        // The result parses and keeps the other values.
        let again = vars(want);
        assert_eq!(again.iter().map(|v| v.0.as_str()).collect::<Vec<_>>(), ["keep", "z", "e", "u"]);
        assert_eq!(again[0].2.as_deref(), Some(r#"{"a":["$${x}",12345678901234567890123],"b":1.5}"#));
        assert_eq!(top_scrub(src, Syntax::Json, &["pw", "keep", "z", "e", "u"], "svc"), Ok(ScrubOutcome::Empty));
        assert_eq!(top_scrub(src, Syntax::Json, &[], "svc").map(|o| matches!(o, ScrubOutcome::Rewritten(_))), Ok(true));
    }
}
