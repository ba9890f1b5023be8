use super::*;
use crate::text::json::{DuplicateKeys, Kind, Root, Value, parse};
use proptest::prelude::*;

/// Every visit as `(kind, path, text)`, the path written `a.b[0]` from the raw key text.
#[derive(Default)]
struct Record {
    src: String,
    seen: Vec<(Leaf, String, String)>,
}

impl Visitor for Record {
    fn leaf(&mut self, leaf: Leaf, text: &str, span: Range<usize>, path: &[Frame]) {
        assert!(span.end <= self.src.len());
        let mut p = String::new();
        for f in path {
            match f.step {
                Step::Key { start, end } => {
                    p.push('.');
                    p.push_str(key_text(&self.src, start, end).expose());
                }
                Step::Index(n) => p.push_str(&format!("[{n}]")),
            }
        }
        self.seen.push((leaf, p, text.to_owned()));
    }
}

fn record(src: &str) -> Result<Vec<(Leaf, String, String)>, Error> {
    let mut r = Record { src: src.to_owned(), seen: Vec::new() };
    walk(src, &mut r)?;
    Ok(r.seen)
}

/// The same visits, computed from the tree reader.
fn from_tree(v: &Value, path: &str, out: &mut Vec<(Leaf, String, String)>) {
    match &v.kind {
        Kind::String(s) => out.push((Leaf::String, path.to_owned(), s.expose().to_owned())),
        Kind::Number(n) => out.push((Leaf::Number, path.to_owned(), n.expose().to_owned())),
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                from_tree(item, &format!("{path}[{i}]"), out);
            }
        }
        Kind::Object(members) => {
            for m in members {
                let p = format!("{path}.{}", m.key());
                out.push((Leaf::Key, p.clone(), m.key().to_owned()));
                from_tree(&m.value, &p, out);
            }
        }
        Kind::Null | Kind::Bool(_) => {}
    }
}

fn tree(src: &str) -> Vec<(Leaf, String, String)> {
    let mut out = Vec::new();
    from_tree(&parse(src, Root::Any, DuplicateKeys::Keep).expect("valid"), "", &mut out);
    out
}

#[test]
fn visits_keys_strings_and_numbers_with_their_paths() {
    let src = "{\"a\": [1, \"x\", {\"b\\u00e9\": \"q\\\"\"}, [], {}, true, null], \"c\": -2.5e3}";
    let got = record(src).unwrap();
    let want: Vec<(Leaf, &str, &str)> = vec![
        (Leaf::Key, ".a", "a"),
        (Leaf::Number, ".a[0]", "1"),
        (Leaf::String, ".a[1]", "x"),
        (Leaf::Key, ".a[2].bé", "bé"),
        (Leaf::String, ".a[2].bé", "q\""),
        (Leaf::Key, ".c", "c"),
        (Leaf::Number, ".c", "-2.5e3"),
    ];
    let got: Vec<(Leaf, &str, &str)> = got.iter().map(|(l, p, t)| (*l, p.as_str(), t.as_str())).collect();
    assert_eq!(got, want);
    assert_eq!(record(src).unwrap(), tree(src));
    for scalar in ["\"top\"", " 42 ", "true", "[]", "{}", "[[[]]]"] {
        assert_eq!(record(scalar).unwrap(), tree(scalar), "{scalar}");
    }
}

#[test]
fn errors_are_the_tree_readers() {
    let docs = [
        "",
        "  \n ",
        "{\"a\": 01}",
        "{\"a\": 1.}",
        "{\"a\": tru}",
        "{\"a\": \"x\ny\"}",
        "{\"a\": \"\\ud800\"}",
        "{\"a\": \"\\ud800\\u0041\"}",
        "{\"a\": \"\\u12\"}",
        "{\"a\": \"\\q\"}",
        "{\"a\": \"abc",
        "{\"a\": 1,}",
        "{\"a\" 1}",
        "{\"a\": [1 2]}",
        "{\"a\": 1 \"b\"}",
        "{\"a\":",
        "[1,",
        "[1] x",
        "{} {}",
        "{\"k\\q\": 1}",
        "[",
        "{",
        "\"unterminated",
        "nul",
    ];
    for doc in docs {
        let want = parse(doc, Root::Any, DuplicateKeys::Keep).expect_err(doc);
        let got = record(doc).expect_err(doc);
        assert_eq!(
            (got.kind, got.offset, got.pos, got.message),
            (want.kind, want.offset, want.pos, want.message),
            "{doc:?}"
        );
        assert!(!format!("{got:?}").contains("abc"));
    }
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let e = record(&deep).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::TooDeep, 6 + MAX_DEPTH - 1));
    let ok = format!("{{\"a\": {}1{}}}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    assert_eq!(record(&ok).unwrap().len(), 2);
}

#[test]
fn reads_parts_of_a_document_by_offset() {
    let src = "{ \"k\\\"1\" : [1, {\"x\": \"}\"}] , \"n\": null,\"s\":\"v\" }";
    let m = members(src, 0).unwrap();
    let keys: Vec<String> = m.iter().map(|(k, _)| key_text(src, k.start, k.end).expose().to_owned()).collect();
    assert_eq!(keys, ["k\"1", "n", "s"]);
    let values: Vec<&str> = m.iter().map(|(_, v)| &src[v.clone()]).collect();
    assert_eq!(values, ["[1, {\"x\": \"}\"}]", "null", "\"v\""]);
    assert_eq!(member(src, 0, "s").map(|r| &src[r]), Some("\"v\""));
    assert_eq!(member(src, 0, "absent"), None);
    assert_eq!(members(src, 1), None);
    assert_eq!(members("{}", 0), Some(vec![]));
    assert_eq!(value_range(src, m[0].1.start + 1).map(|r| &src[r]), Some("1"));
}

proptest! {
    /// Any document serde_json writes is walked exactly as the tree reader reads it.
    #[test]
    fn walk_equals_the_tree(doc in arb_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
        prop_assert_eq!(record(&text).unwrap(), tree(&text));
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
        "[\"\\\\\\n\\t\\u{1}<>&é😀]{0,6}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
