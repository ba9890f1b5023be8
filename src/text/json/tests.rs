use super::*;

fn parse_obj(src: &str) -> Result<Value, Error> {
    parse(src, Root::Object, DuplicateKeys::Reject)
}

fn at(src: &str) -> Option<(ErrorKind, Pos, &'static str)> {
    parse_obj(src).err().map(|e| (e.kind, e.pos, e.message))
}

fn p(line: usize, col: usize) -> Pos {
    Pos { line, col }
}

#[test]
fn values_with_spans_and_key_offsets() {
    let src = "{\n  \"a\\u00e9\": [1, -2.5e+3, true, null, \"x\"],\n  \"o\": {\"k\": \"\\ud83d\\ude00\\/\\b\"}\n}\n";
    let v = parse_obj(src).expect("valid");
    assert_eq!(v.span, 0..src.len() - 1);
    let top = v.members().expect("object");
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].key(), "aé");
    assert_eq!(top[0].key_offset, 4);
    assert_eq!(Pos::at_offset(src, top[0].key_offset), p(2, 3));
    let Kind::Array(items) = &top[0].value.kind else { panic!("array") };
    assert_eq!(&src[top[0].value.span.clone()], "[1, -2.5e+3, true, null, \"x\"]");
    assert!(matches!(&items[1].kind, Kind::Number(n) if n.expose() == "-2.5e+3"));
    assert_eq!(&src[items[1].span.clone()], "-2.5e+3");
    assert!(matches!(items[2].kind, Kind::Bool(true)));
    assert!(matches!(items[3].kind, Kind::Null));
    assert_eq!(items[4].as_str(), Some("x"));
    let inner = top[1].value.members().expect("object");
    assert_eq!(inner[0].value.as_str(), Some("😀/\u{8}"));
    assert_eq!(Pos::at_offset(src, top[1].key_offset), p(3, 3));
}

#[test]
fn any_root_and_keywords() {
    let v = parse("  [ {}, [], \"s\" ]\n", Root::Any, DuplicateKeys::Keep).expect("valid");
    assert!(matches!(&v.kind, Kind::Array(a) if a.len() == 3));
    assert_eq!(v.span, 2..17);
    assert!(matches!(parse("false", Root::Any, DuplicateKeys::Keep).map(|v| v.kind), Ok(Kind::Bool(false))));
    let e = parse("[1] x", Root::Any, DuplicateKeys::Keep).err().map(|e| (e.pos, e.message));
    assert_eq!(e, Some((p(1, 5), "unexpected text after the top-level value")));
    assert_eq!(at("[1]"), Some((ErrorKind::Syntax, p(1, 1), "the top-level value must be an object")));
    assert_eq!(at("{\"a\": 1} x"), Some((ErrorKind::Syntax, p(1, 10), "unexpected text after the top-level object")));
}

#[test]
fn errors_with_kinds_and_positions() {
    assert_eq!(at(""), Some((ErrorKind::Empty, p(1, 1), "")));
    assert_eq!(at(" \n "), Some((ErrorKind::Empty, p(2, 2), "")));
    assert_eq!(at("{\n  \"a\": 1,\n  \"a\": 2\n}"), Some((ErrorKind::DuplicateKey, p(3, 3), "")));
    assert_eq!(at("{\"m\": {\"x\": 1, \"x\": 2}}").map(|e| e.0), Some(ErrorKind::DuplicateKey));
    assert_eq!(at("{\"a\": 01}"), Some((ErrorKind::Syntax, p(1, 7), "invalid number")));
    assert_eq!(at("{\"a\": 1.}").map(|e| e.2), Some("invalid number"));
    assert_eq!(at("{\"a\": 1e}").map(|e| e.2), Some("invalid number"));
    assert_eq!(at("{\"a\": -}").map(|e| e.2), Some("invalid number"));
    assert_eq!(at("{\"a\": tru}"), Some((ErrorKind::Syntax, p(1, 7), "expected a value")));
    assert_eq!(
        at("{\"a\": \"x\ny\"}"),
        Some((ErrorKind::Syntax, p(1, 9), "control character in string (must be escaped)"))
    );
    assert_eq!(at("{\"a\": \"\\ud800\"}"), Some((ErrorKind::Syntax, p(1, 8), "lone surrogate in \\u escape")));
    assert_eq!(at("{\"a\": \"\\ud800\\u0041\"}").map(|e| e.2), Some("invalid surrogate pair in \\u escape"));
    assert_eq!(at("{\"a\": \"\\u12\"}").map(|e| e.2), Some("invalid \\u escape"));
    assert_eq!(at("{\"a\": \"\\q\"}"), Some((ErrorKind::Syntax, p(1, 8), "invalid escape sequence")));
    assert_eq!(at("{\"a\": \"abc"), Some((ErrorKind::Syntax, p(1, 7), "unterminated string")));
    assert_eq!(at("{\"a\": 1,}"), Some((ErrorKind::Syntax, p(1, 9), "expected a string key")));
    assert_eq!(at("{\"a\" 1}"), Some((ErrorKind::Syntax, p(1, 6), "expected ':'")));
    assert_eq!(at("{\"a\": [1 2]}"), Some((ErrorKind::Syntax, p(1, 10), "expected ',' or ']'")));
    assert_eq!(at("{\"a\": 1 \"b\"}"), Some((ErrorKind::Syntax, p(1, 9), "expected ',' or '}'")));
    assert_eq!(at("{\"a\":"), Some((ErrorKind::Syntax, p(1, 6), "unexpected end of file, expected a value")));
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(at(&deep), Some((ErrorKind::TooDeep, p(1, 7 + MAX_DEPTH - 1), "")));
    // Deep but within the limit.
    let ok = format!("{{\"a\": {}1{}}}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    assert!(parse_obj(&ok).is_ok());
}

#[test]
fn duplicate_keys_can_be_kept() {
    let src = "{\"variable\": {\"a\": {}}, \"variable\": {\"b\": {}}}";
    let v = parse(src, Root::Object, DuplicateKeys::Keep).expect("kept");
    let keys: Vec<&str> = v.members().expect("object").iter().map(Member::key).collect();
    assert_eq!(keys, ["variable", "variable"]);
    assert_eq!(parse(src, Root::Object, DuplicateKeys::Reject).err().map(|e| e.offset), Some(24));
    // Same hash bucket is not enough: the keys must be equal.
    assert!(parse_obj("{\"a\": 1, \"b\": 2, \"ab\": 3, \"ba\": 4}").is_ok());
}

#[test]
fn owned_text_is_secret_and_never_shows_in_debug() {
    let v = parse_obj("{\"hunter-key\": [\"hunter2\", 31337], \"n\": {\"hunter3\": null}}").expect("valid");
    let dbg = format!("{v:?}");
    assert!(!dbg.contains("hunter") && !dbg.contains("31337"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
    // The types themselves: keys, strings and number text are `Secret`s (wiped on drop).
    let m = &v.members().expect("object")[0];
    let _: &Secret = &m.key;
    let Kind::Array(items) = &m.value.kind else { panic!("array") };
    let (Kind::String(s), Kind::Number(n)) = (&items[0].kind, &items[1].kind) else { panic!("string, number") };
    let _: (&Secret, &Secret) = (s, n);
    assert_eq!((s.expose(), n.expose()), ("hunter2", "31337"));
}

#[test]
fn errors_never_carry_input_text() {
    for src in
        ["{\"a\": \"hunter2\", \"a\": 1}", "{\"a\": \"hunter2\\q\"}", "{\"a\": hunter2}", "{\"a\": [\"hunter2\" 1]}"]
    {
        let e = parse_obj(src).err();
        assert!(e.is_some(), "{src}");
        assert!(!format!("{e:?}").contains("hunter"));
    }
}

/// The pretty layout is serde_json's, byte for byte.
#[test]
fn pretty_output_equals_serde_json() {
    let docs = [
        "{}",
        "[]",
        "{\"a\": [], \"b\": {}, \"c\": [[]], \"d\": [{}]}",
        "{\"s\": \"q\\\"\\\\ \\/ \\b\\f\\n\\r\\t \\u0001\\u001f\\u007f é 😀 \\u2028\"}",
        "{\"k\\u0000\\n\": 1.50, \"n\": -0, \"e\": 1E+2, \"big\": 12345678901234567890123}",
        "[1e5, 2E-3, -0.5e+1, 0, 1E0]",
        "{\"deep\": {\"l\": [1, [2, [3, {\"x\": null, \"y\": true, \"z\": false}]]]}}",
        "[1, \"two\", {\"three\": [3]}]",
    ];
    for doc in docs {
        let v = parse(doc, Root::Any, DuplicateKeys::Keep).expect(doc);
        let mut ours = Secret::with_capacity(0);
        v.write_pretty(0, &mut ours);
        let serde: serde_json::Value = serde_json::from_str(doc).expect(doc);
        let want = serde_json::to_string_pretty(&serde).expect("serialises");
        assert_eq!(ours.expose(), want, "{doc}");
    }
}

#[test]
fn pretty_object_of_chosen_members() {
    let v = parse_obj("{\"a\": 1, \"b\": [true], \"c\": \"x\"}").expect("valid");
    let members = v.members().expect("object");
    let mut out = Secret::with_capacity(0);
    write_pretty_object(members.iter().filter(|m| m.key() != "a"), 0, &mut out);
    assert_eq!(out.expose(), "{\n  \"b\": [\n    true\n  ],\n  \"c\": \"x\"\n}");
    let mut out = Secret::with_capacity(0);
    write_pretty_object(members.iter().filter(|_| false), 0, &mut out);
    assert_eq!(out.expose(), "{}");
}
