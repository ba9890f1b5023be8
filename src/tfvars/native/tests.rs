use super::super::{Pos, ScrubOutcome, Syntax, TfvarsErrorKind as K, ValueKind as VK, parse, scrub};
use crate::secret::Secret;

/// (name, kind, stored text) of every variable; panics with the error text on failure.
fn vars(src: &str) -> Vec<(String, VK, Option<String>)> {
    match parse(src, Syntax::Native, "t.tfvars") {
        Ok(p) => p.vars.into_iter().map(|v| (v.name, v.kind, v.value.map(|s| s.expose().to_owned()))).collect(),
        Err(e) => panic!("{e}"),
    }
}

fn one(src: &str) -> (VK, Option<String>) {
    let v = vars(src);
    assert_eq!(v.len(), 1);
    (v[0].1, v[0].2.clone())
}

fn stored(src: &str) -> String {
    match one(src) {
        (_, Some(s)) => s,
        (k, None) => panic!("no value ({k:?})"),
    }
}

fn err(src: &str) -> (K, Option<Pos>, String) {
    match parse(src, Syntax::Native, "t.tfvars") {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => (e.kind, e.pos, e.to_string()),
    }
}

fn at(line: usize, col: usize) -> Option<Pos> {
    Some(Pos { line, col })
}

#[test]
fn stored_text_table_examples() {
    assert_eq!(one(r#"pw = "a\"b$${c}""#), (VK::String, Some("a\"b${c}".into())));
    assert_eq!(one("n = 1.50"), (VK::Number, Some("1.5".into())));
    assert_eq!(one("n = 2.5e-3"), (VK::Number, Some("0.0025".into())));
    assert_eq!(one("n = -3"), (VK::Number, Some("-3".into())));
    assert_eq!(one("on = true"), (VK::Bool, Some("true".into())));
    assert_eq!(one("ports = [80, 443]"), (VK::List, Some("[80,443]".into())));
    assert_eq!(one(r#"tags = { b = "x", a = "$${y}" }"#), (VK::Map, Some(r#"{"a":"$${y}","b":"x"}"#.into())));
    assert_eq!(one("x = null"), (VK::Null, None));
    assert_eq!(one(r#"x = """#), (VK::EmptyString, None));
}

#[test]
fn strings() {
    assert_eq!(stored(r#"s = "a$${b}""#), "a${b}");
    assert_eq!(stored(r#"s = "%%{b}""#), "%{b}");
    assert_eq!(stored(r#"s = "q\"uote\\back\tTAB""#), "q\"uote\\back\tTAB");
    assert_eq!(stored(r#"s = "é 😀 \u2028 \U0001F600""#), "é 😀 \u{2028} 😀");
    assert_eq!(stored(r#"s = "\u0001\u0008\u000C\u007F""#), "\u{1}\u{8}\u{c}\u{7f}");
    assert_eq!(stored("s = \"raw\u{7f}\u{2028}\""), "raw\u{7f}\u{2028}");
    assert_eq!(stored(r#"s = "${"a"}b${1.50}""#), "ab1.5");
    assert_eq!(stored(r#"s = "$${x}${"y"}%%{z}\"\\\n""#), "${x}y%{z}\"\\\n");
    assert_eq!(stored(r#"s = "%{ if true }y%{ else }n%{ endif }""#), "y");
    assert_eq!(stored(r#"s = "%{ for v in ["a", "b"] }${v}-%{ endfor }""#), "a-b-");
    assert_eq!(stored(r#"s = "a" == "a" ? "yes" : "no""#), "yes");
}

#[test]
fn heredocs_keep_their_final_newline() {
    assert_eq!(stored("h = <<EOT\nline1\n  line2 $${x} %%{y}\nEOT\n"), "line1\n  line2 ${x} %{y}\n");
    assert_eq!(stored("h = <<-EOT\n    a\n      b\n    EOT\n"), "a\n  b\n");
    assert_eq!(stored("h = <<EOT\n${\"i\"}nterp\nEOT\n"), "interp\n");
    assert_eq!(stored("h = <<EOT\n$${x} %%{y} ${\"z\"}\nEOT\n"), "${x} %{y} z\n");
    assert_eq!(stored("h = <<-EOT\n    $${x} ${\"z\"}\n      b\n    EOT\n"), "${x} z\n  b\n");
    assert_eq!(stored("h = <<EOT\r\nx\r\nEOT\r\n"), "x\r\n");
    assert_eq!(stored("h = [<<EOT\nx\nEOT\n]\n"), "[\"x\\n\"]");
}

#[test]
fn numbers() {
    let cases = [
        ("1.50", "1.5"),
        ("-3", "-3"),
        ("2.5e-3", "0.0025"),
        ("12345678901234567890123", "12345678901234567890123"),
        ("-12345678901234567890123", "-12345678901234567890123"),
        ("0", "0"),
        ("-0", "0"),
        ("0.0", "0"),
        ("1e3", "1000"),
        ("- /* c */ 3", "-3"),
        ("2 * 3", "6"),
        ("1 / 4", "0.25"),
        ("-(3)", "-3"),
        ("(1.50)", "1.5"),
    ];
    for (src, want) in cases {
        assert_eq!(one(&format!("n = {src}\n")), (VK::Number, Some(want.to_owned())), "{src}");
    }
    assert_eq!(stored("n = [1.50, -0, 12345678901234567890123, 2.5e-3]"), "[1.5,0,12345678901234567890123,0.0025]");
}

#[test]
fn bools_and_nulls() {
    assert_eq!(one("b = false"), (VK::Bool, Some("false".into())));
    assert_eq!(one("b = !true"), (VK::Bool, Some("false".into())));
    assert_eq!(one("b = 1 < 2"), (VK::Bool, Some("true".into())));
    assert_eq!(one("b = true ? null : 1"), (VK::Null, None));
    assert_eq!(stored("l = [null, true]"), "[null,true]");
}

#[test]
fn collections() {
    assert_eq!(one("l = []"), (VK::List, Some("[]".into())));
    assert_eq!(one("m = {}"), (VK::Map, Some("{}".into())));
    assert_eq!(
        stored(r#"m = { "$${k}" = ["$${v}", "%%{w}", { z = 1, "a b" = "\t" }], B = true, a = null }"#),
        r#"{"$${k}":["$${v}","%%{w}",{"a b":"\t","z":1}],"B":true,"a":null}"#
    );
    assert_eq!(
        stored("l = [\"\\u0001\", \"\\u0008\", \"\\u000C\", \"\\u007F\", \"\u{2028}\", \"😀\", \"q\\\"\\\\\"]"),
        "[\"\\u0001\",\"\\u0008\",\"\\u000c\",\"\\u007f\",\"\u{2028}\",\"😀\",\"q\\\"\\\\\"]"
    );
    assert_eq!(stored("m = {\n  b = 1 # c\n  a = [\n    1,\n    2,\n  ]\n}\n"), r#"{"a":[1,2],"b":1}"#);
    assert_eq!(stored("m = { 1 = \"x\", true = 2 }"), r#"{"1":"x","true":2}"#);
    assert_eq!(stored("m = { (\"k${1}\") = 1 }"), r#"{"k1":1}"#);
    assert_eq!(stored("l = [for x in [1, 2]: x * 2]"), "[2,4]");
    assert_eq!(stored("m = {for k, v in {a = 1}: v => k}"), r#"{"1":"a"}"#);
    assert_eq!(stored("l = [[1, 2], [3]][0]"), "[1,2]");
    assert_eq!(stored("l = [{a = 1}, {a = 2}][*].a"), "[1,2]");
    // Keys sort by bytes: upper case before lower case, ASCII before non-ASCII.
    assert_eq!(stored(r#"m = { é = 1, b = 2, B = 3, "_" = 4 }"#), r#"{"B":3,"_":4,"b":2,"é":1}"#);
}

#[test]
fn variables_in_file_order_with_positions() {
    let src = "# c\nb = 1\n\n  a = \"x\"\nc = {\n  d = 1\n}\n";
    let p = parse(src, Syntax::Native, "f").unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, Pos)> = p.vars.iter().map(|v| (v.name.as_str(), v.pos)).collect();
    assert_eq!(got, [("b", Pos { line: 2, col: 1 }), ("a", Pos { line: 4, col: 3 }), ("c", Pos { line: 5, col: 1 })]);
    let spans: Vec<&str> = p.vars.iter().map(|v| &src[v.span.clone()]).collect();
    assert_eq!(spans, ["b = 1", "a = \"x\"", "c = {\n  d = 1\n}"]);
}

#[test]
fn error_kinds_with_positions() {
    let cases: Vec<(&str, K, Option<Pos>)> = vec![
        ("a = 1 b = 2\n", K::Syntax, at(1, 7)),
        ("a = 1\nb = \"\\q\"\n", K::Syntax, at(2, 8)),
        ("a = 1\nb = [1,\n", K::Syntax, at(2, 9)),
        ("a = 1\n\nvariable \"x\" {\n  type = string\n}\n", K::VariableBlock, at(3, 1)),
        ("a = 1\n  locals {\n  }\n", K::Block, at(2, 3)),
        ("a = var.x\n", K::NotLiteral, at(1, 5)),
        ("a = local.y.z\n", K::NotLiteral, at(1, 5)),
        ("a = hunter2\n", K::NotLiteral, at(1, 5)),
        ("a = [1, upper(\"x\")]\n", K::NotLiteral, at(1, 9)),
        ("a = { k = file(\"x\") }\n", K::NotLiteral, at(1, 11)),
        ("a = provider::p::f(1)\n", K::NotLiteral, at(1, 5)),
        ("a = \"pre-${var.y}\"\n", K::NotLiteral, at(1, 12)),
        ("a = <<EOT\nline\n ${x}\nEOT\n", K::NotLiteral, at(3, 4)),
        ("a = \"%{ if v }x%{ endif }\"\n", K::NotLiteral, at(1, 12)),
        ("a = [for x in [1]: y]\n", K::NotLiteral, at(1, 20)),
        ("a = [for x in y: x]\n", K::NotLiteral, at(1, 15)),
        ("a = [1][x]\n", K::NotLiteral, at(1, 9)),
        ("a = 1\nb = 2\na = 3\n", K::DuplicateAttribute, at(3, 1)),
        ("a = {\n  k = 1\n  k = 2\n}\n", K::DuplicateAttribute, at(3, 3)),
        ("", K::Empty, None),
        ("\n  \n", K::Empty, None),
        ("# only\n// comments\n/* here */\n", K::Empty, None),
        ("a = \"x\" + 1\n", K::Eval, at(1, 5)),
        ("a = [1][5]\n", K::Eval, at(1, 5)),
        ("a = {b = 1}.c\n", K::Eval, at(1, 5)),
    ];
    for (src, kind, pos) in cases {
        let (k, p, text) = err(src);
        assert_eq!((k, p), (kind, pos), "{src:?}: {text}");
        if let Some(p) = pos {
            assert!(text.starts_with(&format!("t.tfvars:{}:{}: ", p.line, p.col)), "{text}");
        }
    }
}

#[test]
fn error_messages() {
    assert_eq!(
        err("variable \"x\" {}\n").2,
        "t.tfvars:1:1: Variable declaration in .tfvars file. a .tfvars file only assigns values (name = value); move the variable block to a .tf file"
    );
    assert!(err("a = var.x\n").2.starts_with("t.tfvars:1:5: Variables not allowed. "));
    assert!(err("a = f(1)\n").2.starts_with("t.tfvars:1:5: Function calls not allowed. "));
    assert!(err("a = 1\na = 2\n").2.starts_with("t.tfvars:2:1: attribute defined twice. "));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [("[", "]"), ("{a=", "}"), ("(", ")"), ("\"${", "}\""), ("!", ""), ("-", "")] {
        let src = format!("a = {}1{}\n", open.repeat(10_000), close.repeat(10_000));
        assert_eq!(err(&src).0, K::TooDeep, "{open}");
    }
    let src = format!("a = {}1\n", "1 + ".repeat(10_000));
    assert_eq!(err(&src).0, K::TooDeep);
    // Within the parser's limit is fine.
    let src = format!("a = {}1{}\n", "[".repeat(40), "]".repeat(40));
    assert_eq!(one(&src).0, VK::List);
}

// ---------------------------------------------------------------------------------------------
// Scrub

fn scrubbed(src: &str, remove: &[&str]) -> String {
    match scrub(src, Syntax::Native, remove, "prod") {
        Ok(ScrubOutcome::Rewritten(s)) => s.expose().to_owned(),
        Ok(ScrubOutcome::Empty) => panic!("unexpected Empty"),
        Err(e) => panic!("{e}"),
    }
}

fn m(name: &str) -> String {
    format!("# {name}: stored in SSM at /prod/{name} (tfsecrets)")
}

const CORPUS: &str = r#"# Database settings
# (shared with staging)
db_password = "hunter2" # the prod one
db_user     = "admin"

/* block comment */
api_key = <<EOT
abc${"x"}hunter3
EOT
tags = {
  env = "hunter4" # nested comment
  key = [
    "k",
  ]
}
  indented = "hunter5"   // trailing
/* before */ inline = "hunter6" /* after */
multi = 1 /* spans
lines */
last = 1
"#;

#[test]
fn scrub_corpus() {
    let out = scrubbed(CORPUS, &["db_password", "api_key", "tags", "indented", "inline", "multi"]);
    let want = format!(
        "{}\ndb_user     = \"admin\"\n\n{}\n{}\n  {}\n/* before */ {}\n{}\nlast = 1\n",
        m("db_password"),
        m("api_key"),
        m("tags"),
        m("indented"),
        m("inline"),
        m("multi")
    );
    assert_eq!(out, want);
    assert!(!out.contains("hunter"));
    let names: Vec<String> = vars(&out).into_iter().map(|v| v.0).collect();
    assert_eq!(names, ["db_user", "last"]);
}

#[test]
fn scrub_crlf() {
    let src = CORPUS.replace('\n', "\r\n");
    let out = scrubbed(&src, &["db_password", "tags", "multi"]);
    let want = format!(
        "{}\r\ndb_user     = \"admin\"\r\n\r\n/* block comment */\r\napi_key = <<EOT\r\nabc${{\"x\"}}hunter3\r\nEOT\r\n{}\r\n  indented = \"hunter5\"   // trailing\r\n/* before */ inline = \"hunter6\" /* after */\r\n{}\r\nlast = 1\r\n",
        m("db_password"),
        m("tags"),
        m("multi")
    );
    assert_eq!(out, want);
    assert!(!out.contains("hunter2") && !out.contains("hunter4"));
    assert_eq!(vars(&out).len(), 5);
}

#[test]
fn scrub_keeps_everything_else_byte_for_byte() {
    let src = "a = 1\n\n\n# c\n\tb = \"x\"\t# t\n\nc = 3";
    // The comment directly above `b` goes with it; everything else stays byte for byte.
    assert_eq!(scrubbed(src, &["b"]), format!("a = 1\n\n\n\t{}\n\nc = 3", m("b")));
    assert_eq!(scrubbed(src, &["c"]), format!("a = 1\n\n\n# c\n\tb = \"x\"\t# t\n\n{}", m("c")));
    assert_eq!(scrubbed(src, &[]), src);
    // Null and empty values stay; they are never passed for removal but may sit next to removed ones.
    let src = "pw = \"s\"\nn = null\ne = \"\"\n";
    assert_eq!(scrubbed(src, &["pw"]), format!("{}\nn = null\ne = \"\"\n", m("pw")));
}

#[test]
fn scrub_to_empty() {
    let src = "# header\npw = \"x\" # c\n\n// more\ntoken = <<EOT\nx\nEOT\n";
    assert_eq!(scrub(src, Syntax::Native, &["pw", "token"], "prod"), Ok(ScrubOutcome::Empty));
    // A file scrubbed earlier that only holds markers.
    let src = format!("{}\nlast = 1\n", m("a"));
    assert_eq!(scrub(&src, Syntax::Native, &["last"], "prod"), Ok(ScrubOutcome::Empty));
}

#[test]
fn scrub_refuses_invalid_files() {
    let e = scrub("a = 1\nvariable \"x\" {}\n", Syntax::Native, &["a"], "prod").err().map(|e| e.kind);
    assert_eq!(e, Some(K::VariableBlock));
}

#[test]
fn scrub_nested_service_marker() {
    let out = scrub("pw = 1\nx = 2\n", Syntax::Native, &["pw"], "team/app/prod");
    assert_eq!(
        out,
        Ok(ScrubOutcome::Rewritten(Secret::from_str_copy(
            "# pw: stored in SSM at /team/app/prod/pw (tfsecrets)\nx = 2\n"
        )))
    );
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    const VALUES: &[&str] = &[
        "\"plain\"",
        r#""q\"uo\\te $${x} %%{y} 😀 é\t""#,
        "12345678901234567890123",
        "-3",
        "1.50",
        "true",
        "null",
        "\"\"",
        "[1, 2, \"x\"]",
        "{\n  a = 1\n  b = \"two\" # c\n}",
        "<<EOT\nline1\n  line2 ${\"i\"}\nEOT",
        "<<-EOT\n    x\n    EOT",
        "[\n  1,\n  2,\n]",
        "1 + 2",
        "true ? \"a\" : \"b\"",
        "{ \"$${k}\" = [\"%%{v}\"] }",
    ];
    const LEADING: &[&str] = &["", "# comment\n", "// c1\n# c2\n", "\n", "/* block */\n", "\n# after blank\n"];
    /// What of each LEADING stays when its attribute is removed (directly attached comments go with it).
    const LEADING_KEPT: &[&str] = &["", "", "", "\n", "", "\n"];
    const INDENT: &[&str] = &["", "  ", "\t"];
    const TRAILING: &[&str] = &["", " # t", " // t", " /* t */", "   "];

    #[derive(Debug, Clone)]
    struct Attr {
        leading: usize,
        indent: usize,
        value: usize,
        trailing: usize,
        remove: bool,
    }

    fn attr() -> impl Strategy<Value = Attr> {
        (0..LEADING.len(), 0..INDENT.len(), 0..VALUES.len(), 0..TRAILING.len(), any::<bool>())
            .prop_map(|(leading, indent, value, trailing, remove)| Attr { leading, indent, value, trailing, remove })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]
        #[test]
        fn scrub_leaves_other_attributes_byte_identical(
            attrs in proptest::collection::vec(attr(), 1..8),
            crlf in any::<bool>(),
            final_eol in any::<bool>(),
            footer in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let fix = |s: &str| s.replace('\n', eol);
            let mut src = String::new();
            let mut want = String::new();
            let mut removed = Vec::new();
            let mut kept = Vec::new();
            for (i, a) in attrs.iter().enumerate() {
                let name = format!("v{i}");
                let lead = fix(LEADING[a.leading]);
                let body = format!("{name} = {}{}", fix(VALUES[a.value]), TRAILING[a.trailing]);
                let last = i + 1 == attrs.len();
                let end = if last && !final_eol && !footer { "" } else { eol };
                src.push_str(&format!("{lead}{}{body}{end}", INDENT[a.indent]));
                let replaced = if a.remove { super::m(&name) } else { body.clone() };
                let want_lead = if a.remove { fix(LEADING_KEPT[a.leading]) } else { lead.clone() };
                want.push_str(&format!("{want_lead}{}{replaced}{end}", INDENT[a.indent]));
                if a.remove { removed.push(name) } else { kept.push(name) }
            }
            if footer {
                let f = fix("# footer\n");
                src.push_str(&f);
                want.push_str(&f);
            }
            let remove: Vec<&str> = removed.iter().map(String::as_str).collect();
            let out = scrub(&src, Syntax::Native, &remove, "prod");
            if kept.is_empty() {
                prop_assert_eq!(out, Ok(ScrubOutcome::Empty));
            } else {
                prop_assert_eq!(&out, &Ok(ScrubOutcome::Rewritten(Secret::from_str_copy(&want))));
                let names: Vec<String> = vars(&want).into_iter().map(|v| v.0).collect();
                prop_assert_eq!(names, kept);
            }
        }
    }
}

#[test]
fn templates_with_interpolations_keep_escapes_exact() {
    // terraform: `$${` is a literal `${`, `$$${` is `$` + `${`... read element by element.
    assert_eq!(stored(r#"x = "$${c}$$${d}${1}""#), "${c}$${d}1");
    assert_eq!(stored(r#"x = "a${"b"}c%%{d}""#), "abc%{d}");
    assert_eq!(stored(r#"x = "n=${1 + 2} t=${true}""#), "n=3 t=true");
    assert_eq!(stored("x = \"a  ${~ \"b\" ~}  c\""), "abc");
    assert_eq!(stored("x = <<EOT\n$${x} ${\"y\"}\nEOT\n"), "${x} y\n");
}

#[test]
fn arithmetic_edge_cases_are_refused_not_wrapped() {
    for src in [
        "b = 1 % 0\n",
        "b = 1 / 0\n",
        "b = 18446744073709551615 + 1\n",
        "b = -9223372036854775808 - 1\n",
        "b = -9223372036854775808 % -1\n",
    ] {
        let (kind, pos, msg) = err(src);
        assert_eq!(pos.map(|p| p.line), Some(1), "{src:?}: {msg}");
        assert!(matches!(kind, K::Eval | K::Syntax), "{src:?}: {kind:?} {msg}");
    }
    assert_eq!(stored("b = 2 * 3\n"), "6");
}
