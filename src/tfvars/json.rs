//! HCL JSON syntax (`.tfvars.json`, docs/terraform-vars.md §3): the shared JSON reader's document turned into
//! variables. The scrub rewrites the top-level object from the same document (see `scrub.rs`).

use super::encode::{Val, ZKey, canonical_number};
use super::{Pos, TfvarsError, TfvarsErrorKind as K, Variable};
use crate::text::Lines;
use crate::text::depth::TooDeep;
use crate::text::json::{self, DuplicateKeys, ErrorKind, Kind, Member, Root, Value};
use std::collections::BTreeMap;

/// Parses a `.tfvars.json` document into variables, and returns its top-level members for the scrub.
pub(crate) fn parse(source: &str, file: &str) -> Result<(Vec<Variable>, Vec<Member>), TfvarsError> {
    let root = json::parse(source, Root::Object, DuplicateKeys::Reject).map_err(|e| reader_error(e, file))?;
    let Kind::Object(members) = root.kind else {
        return Err(TfvarsError::new(
            K::Syntax,
            file,
            Some(Pos::START),
            "JSON syntax error: the top-level value must be an object",
            HINT,
        ));
    };
    if members.is_empty() {
        return Err(TfvarsError::empty(file));
    }
    let lines = Lines::new(source);
    let mut vars = Vec::with_capacity(members.len());
    for m in &members {
        let pos = lines.pos(m.key_offset);
        let (kind, value) = to_val(&m.value, file, &lines, m.key_offset)?.into_stored();
        vars.push(Variable { name: m.key().to_owned(), value, kind, pos, span: m.key_offset..m.value.span.end });
    }
    Ok((vars, members))
}

const HINT: &str = "fix the file so that `terraform plan -var-file=...` accepts it";

/// Words a refusal of the shared reader for a `.tfvars.json` file.
fn reader_error(e: json::Error, file: &str) -> TfvarsError {
    match e.kind {
        ErrorKind::Syntax => {
            TfvarsError::new(K::Syntax, file, Some(e.pos), format!("JSON syntax error: {}", e.message), HINT)
        }
        ErrorKind::TooDeep => TfvarsError::too_deep(file, e.pos, TooDeep::message()),
        ErrorKind::DuplicateKey => TfvarsError::new(
            K::DuplicateAttribute,
            file,
            Some(e.pos),
            "key defined twice in the same object",
            "each key may appear only once per object; remove one of them",
        ),
        ErrorKind::Empty => TfvarsError::empty(file),
    }
}

/// The value of one member; `at` is the offset of the innermost member's key (errors point there).
fn to_val(v: &Value, file: &str, lines: &Lines, at: usize) -> Result<Val, TfvarsError> {
    Ok(match &v.kind {
        Kind::Null => Val::Null,
        Kind::Bool(b) => Val::Bool(*b),
        Kind::Number(text) => Val::Num(canonical_number(text.expose()).ok_or_else(|| {
            let pos = Some(lines.pos(at));
            TfvarsError::new(K::Eval, file, pos, "number too large to store", "write the value as a string")
        })?),
        Kind::String(s) => Val::Str(s.clone()),
        Kind::Array(items) => Val::List(items.iter().map(|v| to_val(v, file, lines, at)).collect::<Result<_, _>>()?),
        Kind::Object(members) => {
            let mut m = BTreeMap::new();
            for member in members {
                m.insert(ZKey(member.key().to_owned()), to_val(&member.value, file, lines, member.key_offset)?);
            }
            Val::Map(m)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::{ScrubOutcome, Syntax, ValueKind, parse as top_parse, scrub as top_scrub};
    use super::*;
    use crate::secret::Secret;

    fn vars(src: &str) -> Vec<(String, ValueKind, Option<String>, Pos)> {
        match top_parse(src, Syntax::Json, "f.tfvars.json") {
            Ok(p) => {
                p.vars.into_iter().map(|v| (v.name, v.kind, v.value.map(|s| s.expose().to_owned()), v.pos)).collect()
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
        // Each variable's span is `"name": value` in the source.
        let p = top_parse(src, Syntax::Json, "f").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&src[p.vars[1].span.clone()], "\"n1\": 1.50");
        assert_eq!(
            &src[p.vars[13].span.clone()],
            "\"m\": {\"${k}\": {\"q\": \"\\u0001\\b\\f\\u007f\\u2028/\"}, \"a\": []}"
        );
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
        assert_eq!(out, Ok(ScrubOutcome::Rewritten(Secret::from_str_copy(want))));
        // The result parses and keeps the other values.
        let again = vars(want);
        assert_eq!(again.iter().map(|v| v.0.as_str()).collect::<Vec<_>>(), ["keep", "z", "e", "u"]);
        assert_eq!(again[0].2.as_deref(), Some(r#"{"a":["$${x}",12345678901234567890123],"b":1.5}"#));
        assert_eq!(top_scrub(src, Syntax::Json, &["pw", "keep", "z", "e", "u"], "svc"), Ok(ScrubOutcome::Empty));
        assert_eq!(top_scrub(src, Syntax::Json, &[], "svc").map(|o| matches!(o, ScrubOutcome::Rewritten(_))), Ok(true));
    }
}
