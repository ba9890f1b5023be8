//! Property tests (issue 6 "Hostile and broken input"; docs/terraform-vars.md §3, §4, §5; docs/sessions.md §3):
//!
//! 1. tfvars encode → terraform-rules decode round trip: generated values (strings with any Unicode
//!    including `${`, `%{`, `$$`, quotes, backslashes and control characters; numbers as exact decimals
//!    written in many source forms; bools; nested lists and maps) are rendered as a `.tfvars` attribute
//!    (native: `hcl_string_literal` for strings, constructors; JSON: serde_json), parsed and encoded by
//!    `tfsecrets::tfvars::parse`, then decoded as terraform would for the matching declared type: strings,
//!    numbers and bools from the raw text; collections by evaluating the stored text as one HCL expression
//!    with an empty context (hcl-rs `hcl::eval`), plus an exact check of every nested number's digits.
//! 2. scrub: a model-based generator of native files (attributes with any value form, comments of every
//!    kind, blank lines, markers from earlier imports, CRLF) predicts the exact scrubbed text, so every
//!    byte that was not imported is checked; the result re-parses to the other attributes unchanged. The
//!    same for `.tfvars.json` (the remaining members keep their values and order).
//! 3. the AWS CLI cache key serializer (`python_json`, `RoleKey::json`, `sha1_hex`) equals python3's
//!    `json.dumps(obj, sort_keys=True)` (and its SHA-1), many generated objects per python3 run.
//!
//! Case counts are bounded so the whole file runs in well under a minute. A failure is saved to
//! tests/fixtures/hostile/proptest-regressions.txt and replayed first on the next run.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::collections::BTreeMap;
use tfsecrets::session::cache::{KeyValue, RoleKey, python_json, sha1_hex};
use tfsecrets::tfvars::{self, ScrubOutcome, Syntax, ValueKind};

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_shrink_iters: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fixtures/hostile/proptest-regressions.txt",
        ))),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------------
// Generated values

/// An exact decimal: `canonical` is the stored text (docs/terraform-vars.md §4); `source` one way to write it in a
/// file.
#[derive(Debug, Clone)]
struct Num {
    canonical: String,
    source: String,
}

#[derive(Debug, Clone)]
enum V {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    List(Vec<V>),
    Map(BTreeMap<String, V>),
}

/// Characters that matter to HCL, JSON and the escaper, plus any Unicode scalar value.
fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '$', '%', '{', '}', '"', '\\', '\n', '\r', '\t', '\u{0}', '\u{1}', '\u{8}', '\u{c}', '\u{1b}',
            '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}', '\u{2028}', '\u{2029}', '\u{feff}', 'é', '😀',
            '\u{10ffff}', '~', '/', '*', '#', ' ', '<', 'a', 'Z', '0',
        ]),
        2 => any::<char>(),
        1 => prop::char::range('a', 'z'),
    ]
}

/// Strings built from fragments that exercise template escapes, and arbitrary characters.
fn a_string() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => a_char().prop_map(String::from),
        1 => prop::sample::select(vec![
            "${", "%{", "$${", "%%{", "$$", "%%", "$$${", "${x}", "%{ if true }", "~}", "\\n", "\\u0041", "\"\"",
            "EOT", "\r\n", "*/", "/*", "#", "//",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(fragment, 0..12).prop_map(|v| v.concat())
}

/// An exact decimal and a random (valid HCL and JSON) way of writing it.
fn a_number() -> impl Strategy<Value = Num> {
    (
        any::<bool>(),
        prop_oneof![Just(String::new()), "[1-9][0-9]{0,24}"],
        prop_oneof![Just(String::new()), "[0-9]{0,18}[1-9]"],
        -6i32..=6,
        0usize..3,
        any::<bool>(),
        0usize..4,
    )
        .prop_map(|(negative, int, frac, shift, trailing_zeros, force_exp, exp_style)| {
            // digits × 10^(point - len): `digits` has no leading or trailing zeros.
            let mut digits = format!("{int}{frac}");
            let mut point = int.len() as i64;
            let lead = digits.len() - digits.trim_start_matches('0').len();
            digits.drain(..lead);
            point -= lead as i64;
            let canonical_abs = if digits.is_empty() { "0".to_owned() } else { layout(&digits, point, 0) };
            let canonical =
                if negative && canonical_abs != "0" { format!("-{canonical_abs}") } else { canonical_abs.clone() };
            // Source: the same value as mantissa × 10^shift.
            let mantissa =
                if digits.is_empty() { "0".to_owned() } else { layout(&digits, point - shift as i64, trailing_zeros) };
            let mantissa = if digits.is_empty() && trailing_zeros > 0 {
                format!("0.{}", "0".repeat(trailing_zeros))
            } else {
                mantissa
            };
            let exp = if shift != 0 || force_exp {
                match exp_style {
                    0 => format!("e{shift}"),
                    1 => format!("E{shift}"),
                    2 if shift >= 0 => format!("e+{shift}"),
                    _ => format!("e{shift}"),
                }
            } else {
                String::new()
            };
            let source = format!("{}{mantissa}{exp}", if negative { "-" } else { "" });
            Num { canonical, source }
        })
}

/// `digits` (no leading/trailing zeros) with the decimal point after `point` digits, plain decimal,
/// plus `extra_zeros` trailing fractional zeros.
fn layout(digits: &str, point: i64, extra_zeros: usize) -> String {
    let len = digits.len() as i64;
    let mut s = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= len {
        format!("{digits}{}", "0".repeat((point - len) as usize))
    } else {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    };
    if extra_zeros > 0 {
        if !s.contains('.') {
            s.push('.');
        }
        s.push_str(&"0".repeat(extra_zeros));
    }
    s
}

fn a_value() -> impl Strategy<Value = V> {
    let leaf = prop_oneof![
        1 => Just(V::Null),
        1 => any::<bool>().prop_map(V::Bool),
        3 => a_number().prop_map(V::Num),
        4 => a_string().prop_map(V::Str),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(V::List),
            prop::collection::btree_map(a_string(), inner, 0..6).prop_map(V::Map),
        ]
    })
}

// ---------------------------------------------------------------------------------------------------
// Rendering as a .tfvars / .tfvars.json attribute

fn native_expr(v: &V, out: &mut String) {
    match v {
        V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(n) => out.push_str(&n.source),
        V::Str(s) => out.push_str(tfvars::hcl_string_literal(s).expose()),
        V::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { ", " });
                native_expr(x, out);
            }
            out.push(']');
        }
        V::Map(m) => {
            // One member per line (HCL needs a newline or comma between object items).
            out.push_str("{\n");
            for (k, x) in m {
                out.push_str(tfvars::hcl_string_literal(k).expose());
                out.push_str(" = ");
                native_expr(x, out);
                out.push('\n');
            }
            out.push('}');
        }
    }
}

fn json_text(v: &V, out: &mut String) {
    match v {
        V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(n) => out.push_str(&n.source),
        V::Str(s) => out.push_str(&serde_json::to_string(s).expect("json string")),
        V::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { ", " });
                json_text(x, out);
            }
            out.push(']');
        }
        V::Map(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { ", " });
                out.push_str(&serde_json::to_string(k).expect("json key"));
                out.push_str(": ");
                json_text(x, out);
            }
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Terraform-rules decoding

/// Compares a generated value with what HCL evaluation (terraform's HCL mode) produced.
fn same_as_hcl(want: &V, got: &hcl::Value, path: &str) -> Result<(), String> {
    match (want, got) {
        (V::Null, hcl::Value::Null) => Ok(()),
        (V::Bool(a), hcl::Value::Bool(b)) if a == b => Ok(()),
        (V::Num(n), hcl::Value::Number(h)) => {
            let ok = match n.canonical.parse::<i128>() {
                Ok(i) => h
                    .as_i64()
                    .map(i128::from)
                    .or(h.as_u64().map(i128::from))
                    .map_or_else(|| h.as_f64() == n.canonical.parse::<f64>().ok(), |g| g == i),
                Err(_) => h.as_f64() == n.canonical.parse::<f64>().ok(),
            };
            if ok { Ok(()) } else { Err(format!("{path}: number {} decoded as {h}", n.canonical)) }
        }
        (V::Str(a), hcl::Value::String(b)) if a == b => Ok(()),
        (V::List(a), hcl::Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| same_as_hcl(x, y, &format!("{path}[{i}]")))
        }
        (V::Map(a), hcl::Value::Object(b)) if a.len() == b.len() => a.iter().try_for_each(|(k, x)| match b.get(k) {
            Some(y) => same_as_hcl(x, y, &format!("{path}.{k:?}")),
            None => Err(format!("{path}: key {k:?} missing after decoding")),
        }),
        _ => Err(format!("{path}: generated {want:?}, terraform-style decoding gave {got:?}")),
    }
}

/// Exact check of the stored HCL-safe JSON (docs/terraform-vars.md §5) against the generated value: numbers digit
/// for digit (arbitrary precision), strings and keys with `${` → `$${` and `%{` → `%%{`, keys in byte order.
fn same_as_json(want: &V, got: &serde_json::Value, path: &str) -> Result<(), String> {
    let esc = |s: &str| s.replace("${", "$${").replace("%{", "%%{");
    match (want, got) {
        (V::Null, serde_json::Value::Null) => Ok(()),
        (V::Bool(a), serde_json::Value::Bool(b)) if a == b => Ok(()),
        (V::Num(n), serde_json::Value::Number(j)) if j.to_string() == n.canonical => Ok(()),
        (V::Str(a), serde_json::Value::String(b)) if &esc(a) == b => Ok(()),
        (V::List(a), serde_json::Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| same_as_json(x, y, &format!("{path}[{i}]")))
        }
        (V::Map(a), serde_json::Value::Object(b)) if a.len() == b.len() => {
            // Keys in byte order of the keys themselves (BTreeMap order), then escaped.
            let want_keys: Vec<String> = a.keys().map(|k| esc(k)).collect();
            let got_keys: Vec<&String> = b.keys().collect();
            if want_keys.iter().collect::<Vec<_>>() != got_keys {
                return Err(format!("{path}: keys {got_keys:?}, want {want_keys:?} (byte order)"));
            }
            a.iter().try_for_each(|(k, x)| same_as_json(x, &b[&esc(k)], &format!("{path}.{k:?}")))
        }
        _ => Err(format!("{path}: generated {want:?}, stored JSON holds {got:?}")),
    }
}

fn eval_hcl(text: &str) -> Result<hcl::Value, String> {
    use hcl::eval::Evaluate;
    let expr: hcl::Expression = text.parse().map_err(|e| format!("stored text is not an HCL expression: {e}"))?;
    expr.evaluate(&hcl::eval::Context::new()).map_err(|e| format!("stored text does not evaluate: {e}"))
}

/// Checks one attribute's (kind, stored text) against the generated value.
fn check_stored(v: &V, kind: ValueKind, stored: Option<&str>) -> Result<(), String> {
    match v {
        V::Null => (kind == ValueKind::Null && stored.is_none()).then_some(()).ok_or(format!("null: {kind:?}")),
        V::Str(s) if s.is_empty() => {
            (kind == ValueKind::EmptyString && stored.is_none()).then_some(()).ok_or(format!("\"\": {kind:?}"))
        }
        V::Str(s) => {
            if kind != ValueKind::String || stored != Some(s.as_str()) {
                return Err(format!("string: kind {kind:?}, stored {stored:?}, want {s:?} raw"));
            }
            // `type = any` receives the HCL string literal (docs/terraform-vars.md §5); HCL must read it back as
            // the same string.
            let lit = tfvars::hcl_string_literal(s);
            match eval_hcl(lit.expose())? {
                hcl::Value::String(back) if &back == s => Ok(()),
                other => Err(format!("hcl_string_literal({s:?}) = {} evaluates to {other:?}", lit.expose())),
            }
        }
        V::Num(n) => (kind == ValueKind::Number && stored == Some(n.canonical.as_str()))
            .then_some(())
            .ok_or(format!("number {}: kind {kind:?}, stored {stored:?}, want {}", n.source, n.canonical)),
        V::Bool(b) => (kind == ValueKind::Bool && stored == Some(if *b { "true" } else { "false" }))
            .then_some(())
            .ok_or(format!("bool: {kind:?} {stored:?}")),
        V::List(_) | V::Map(_) => {
            let want_kind = if matches!(v, V::List(_)) { ValueKind::List } else { ValueKind::Map };
            let text = stored.ok_or("collection without stored text")?;
            if kind != want_kind {
                return Err(format!("collection kind {kind:?}"));
            }
            if text.chars().any(char::is_whitespace) && !has_ws_in_strings_only(text) {
                return Err(format!("stored collection is not compact: {text}"));
            }
            same_as_hcl(v, &eval_hcl(text)?, "$")?;
            let json: serde_json::Value =
                serde_json::from_str(text).map_err(|e| format!("stored collection is not JSON: {e}: {text}"))?;
            same_as_json(v, &json, "$")
        }
    }
}

/// Whether every white-space character of a compact JSON text sits inside a string.
fn has_ws_in_strings_only(text: &str) -> bool {
    let mut in_str = false;
    let mut esc = false;
    for c in text.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, c) if c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}

fn parsed_one(src: &str, syntax: Syntax) -> Result<(ValueKind, Option<String>), String> {
    let p = tfvars::parse(src, syntax, "gen").map_err(|e| format!("parse failed: {e}\n--- source ---\n{src}"))?;
    if p.vars.len() != 1 {
        return Err(format!("{} variables", p.vars.len()));
    }
    let v = &p.vars[0];
    Ok((v.kind, v.value.as_ref().map(|s| s.expose().to_owned())))
}

proptest! {
    #![proptest_config(config(600))]

    /// Native `.tfvars`: encode → terraform decode gives the generated value back.
    #[test]
    fn native_encode_then_terraform_decode_round_trips(v in a_value()) {
        let mut src = String::from("x = ");
        native_expr(&v, &mut src);
        src.push('\n');
        let (kind, stored) = parsed_one(&src, Syntax::Native).map_err(TestCaseError::fail)?;
        check_stored(&v, kind, stored.as_deref()).map_err(|e| TestCaseError::fail(format!("{e}\n--- source ---\n{src}")))?;
    }

    /// `.tfvars.json`: the same values written as JSON (strings literal, no template processing).
    #[test]
    fn json_encode_then_terraform_decode_round_trips(v in a_value()) {
        let mut src = String::from("{\"x\": ");
        json_text(&v, &mut src);
        src.push('}');
        let (kind, stored) = parsed_one(&src, Syntax::Json).map_err(TestCaseError::fail)?;
        check_stored(&v, kind, stored.as_deref()).map_err(|e| TestCaseError::fail(format!("{e}\n--- source ---\n{src}")))?;
    }
}

#[test]
fn number_generator_is_sound() {
    // The generator's own arithmetic, on fixed examples (so a wrong model cannot hide a bug).
    assert_eq!(layout("15", 1, 0), "1.5");
    assert_eq!(layout("25", -2, 0), "0.0025");
    assert_eq!(layout("3", 3, 0), "300");
    assert_eq!(layout("3", 1, 2), "3.00");
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..2000 {
        let n = a_number().new_tree(&mut runner).expect("tree").current();
        let a: f64 = n.canonical.parse().expect("canonical parses");
        let b: f64 = n.source.parse().expect("source parses");
        assert!(a == b || (a - b).abs() <= a.abs() * 1e-12, "{n:?}");
        assert!(!n.canonical.contains(['e', 'E']), "{n:?}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Scrub: model-based

const SERVICE: &str = "team/app";

fn marker(name: &str) -> String {
    format!("# {name}: stored in SSM at /{SERVICE}/{name} (tfsecrets)")
}

/// Comment texts: no line breaks; `*/` only where the comment kind allows it.
fn comment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range(' ', '~').prop_map(|c| if c == '*' { '+' } else { c }),
            1 => prop::sample::select(vec!['é', '😀', '\t', '$', '{', '"', '\u{2028}']),
        ],
        0..16,
    )
    .prop_map(|v| v.into_iter().collect::<String>().trim_end().to_owned())
}

#[derive(Debug, Clone)]
enum Item {
    /// `indent name = value trailing`; `remove`: passed to scrub.
    Attr { indent: String, value: String, trailing: String, remove: bool },
    /// A whole-line comment (`#`, `//` or a one-line `/* */`), possibly indented.
    Comment(String),
    /// A blank (or white-space only) line.
    Blank(String),
    /// A marker left by an earlier import.
    OldMarker,
    /// A block comment over several lines; its inner lines may look like comments themselves
    /// (`# ...`, `// ...`, `/* ...`) but belong to the block.
    BlockComment(Vec<String>),
}

/// A value as written in the file (one line or several).
fn value_source() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => a_value().prop_map(|v| {
            let mut s = String::new();
            native_expr(&v, &mut s);
            s
        }),
        1 => (a_string(), "[A-Z]{1,4}", any::<bool>()).prop_map(|(body, delim, indented)| {
            // A heredoc: its body lines must not equal the delimiter; `${`/`%{` escaped.
            let body: String = body
                .replace("${", "$${")
                .replace("%{", "%%{")
                .replace(['\r', '\0'], "")
                .lines()
                .map(|l| if l.trim() == delim { format!("x{l}") } else { l.to_owned() })
                .collect::<Vec<_>>()
                .join("\n");
            if indented { format!("<<-{delim}\n  {body}\n  {delim}") } else { format!("<<{delim}\n{body}\n{delim}") }
        }),
        1 => Just("1 + 2 * 3".to_owned()),
        1 => Just("true ? \"a\" : \"b\"".to_owned()),
        1 => Just("[for s in [\"a\", \"b\"] : \"${s}-x\"]".to_owned()),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    let indent = prop::sample::select(vec!["", "  ", "\t", " \t "]).prop_map(str::to_owned);
    prop_oneof![
        5 => (indent.clone(), value_source(), prop_oneof![
                Just(String::new()),
                comment_text().prop_map(|c| format!(" # {c}")),
                comment_text().prop_map(|c| format!("   // {c}")),
                comment_text().prop_map(|c| format!(" /* {c} */")),
                Just("  ".to_owned()),
            ], any::<bool>())
            .prop_map(|(indent, value, trailing, remove)| Item::Attr { indent, value, trailing, remove }),
        2 => (indent.clone(), comment_text(), 0..3usize).prop_map(|(i, c, k)| Item::Comment(match k {
            0 => format!("{i}# {c}"),
            1 => format!("{i}// {c}"),
            _ => format!("{i}/* {c} */"),
        })),
        1 => indent.prop_map(Item::Blank),
        1 => Just(Item::OldMarker),
        1 => (
            // The opening line may close other block comments first (`/* a */ /* b`).
            prop::sample::select(vec!["/* block", "/* a */ /* block", "/* a */ /* b */ /* block", "  /* a */ /* block"]),
            prop::collection::vec((prop::sample::select(vec!["", "# ", "// ", "/* ", "  # "]), comment_text()), 1..3),
        )
            .prop_map(|(first, lines)| {
                let mut v = vec![first.to_owned()];
                v.extend(lines.into_iter().map(|(p, c)| format!("{p}{c}")));
                if let Some(last) = v.last_mut() {
                    last.push_str(" */");
                }
                Item::BlockComment(v)
            }),
    ]
}

/// The file, the names to remove, the expected scrub result (None = Empty) and the kept names.
fn model(items: &[Item], crlf: bool, final_eol: bool) -> (String, Vec<String>, Option<String>, Vec<String>) {
    let eol = if crlf { "\r\n" } else { "\n" };
    // Lines of the source and of the expected output, as (text, is_comment_line) before joining.
    let mut src_lines: Vec<String> = Vec::new();
    let mut want_lines: Vec<String> = Vec::new();
    // Comment lines directly above the next attribute (in want_lines), removed with it.
    let mut pending_comments = 0usize;
    let mut remove = Vec::new();
    let mut kept = Vec::new();
    let mut attr_no = 0;
    for it in items {
        match it {
            Item::Attr { indent, value, trailing, remove: r } => {
                let name = format!("v{attr_no}_{}", if attr_no % 3 == 0 { "Pw" } else { "x" });
                attr_no += 1;
                let text = format!("{indent}{name} = {value}{trailing}");
                src_lines.extend(text.split('\n').map(str::to_owned));
                if *r {
                    // The attribute, its trailing comment and the comment lines directly above go;
                    // the marker keeps the attribute's indentation.
                    want_lines.truncate(want_lines.len() - pending_comments);
                    want_lines.push(format!("{indent}{}", marker(&name)));
                    remove.push(name);
                } else {
                    want_lines.extend(text.split('\n').map(str::to_owned));
                    kept.push(name);
                }
                pending_comments = 0;
            }
            Item::Comment(c) => {
                src_lines.push(c.clone());
                want_lines.push(c.clone());
                pending_comments += 1;
            }
            Item::Blank(b) => {
                src_lines.push(b.clone());
                want_lines.push(b.clone());
                pending_comments = 0;
            }
            Item::OldMarker => {
                let m = marker("old_one");
                src_lines.push(m.clone());
                want_lines.push(m);
                pending_comments = 0;
            }
            Item::BlockComment(lines) => {
                // Kept whole: removing only its last line would leave the `/*` open and comment out
                // whatever follows.
                src_lines.extend(lines.iter().cloned());
                want_lines.extend(lines.iter().cloned());
                pending_comments = 0;
            }
        }
    }
    let join = |lines: &[String]| {
        let mut s = lines.join(eol);
        if final_eol {
            s.push_str(eol);
        }
        s
    };
    let want = if kept.is_empty() { None } else { Some(join(&want_lines)) };
    (join(&src_lines), remove, want, kept)
}

fn vars_of(src: &str, syntax: Syntax) -> Vec<(String, ValueKind, Option<String>)> {
    match tfvars::parse(src, syntax, "s") {
        Ok(p) => p.vars.into_iter().map(|v| (v.name, v.kind, v.value.map(|s| s.expose().to_owned()))).collect(),
        Err(e) => panic!("does not parse: {e}\n{src}"),
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// Native scrub: every byte that was not imported is kept, markers replace imported attributes,
    /// and the result re-parses to the other attributes with unchanged stored values.
    #[test]
    fn native_scrub_keeps_every_other_byte_and_reparses(
        items in prop::collection::vec(item(), 1..10),
        crlf in any::<bool>(),
        final_eol in any::<bool>(),
    ) {
        // Heredocs need their closing line to end; CRLF inside heredoc bodies is kept as written.
        let (src0, remove, want0, kept) = model(&items, crlf, final_eol);
        prop_assume!(!remove.is_empty() || !kept.is_empty());
        let has_heredoc = items.iter().any(|i| matches!(i, Item::Attr { value, .. } if value.starts_with("<<")));
        // A heredoc as the very last line needs a line break after its delimiter.
        let (src, want) = if has_heredoc && !final_eol {
            (format!("{src0}\n"), want0.map(|w| format!("{w}\n")))
        } else {
            (src0, want0)
        };
        let before = vars_of(&src, Syntax::Native);
        let remove_refs: Vec<&str> = remove.iter().map(String::as_str).collect();
        let out = tfvars::scrub(&src, Syntax::Native, &remove_refs, SERVICE);
        match (&out, &want) {
            (Ok(ScrubOutcome::Empty), None) => {}
            (Ok(ScrubOutcome::Rewritten(got)), Some(w)) => {
                let got = got.expose();
                prop_assert_eq!(got, w, "scrubbed text differs from the model\n--- source ---\n{}", src);
                let after = vars_of(got, Syntax::Native);
                let expect: Vec<_> = before.iter().filter(|v| kept.contains(&v.0)).cloned().collect();
                prop_assert_eq!(after, expect);
            }
            _ => prop_assert!(false, "scrub gave {:?}, model wants {:?}\n--- source ---\n{}", out, want.is_some(), src),
        }
    }

    /// JSON scrub: the other members keep their values and order; the result re-parses.
    #[test]
    fn json_scrub_keeps_other_members_and_reparses(
        members in prop::collection::vec((a_value(), any::<bool>()), 1..8),
    ) {
        let mut src = String::from("{\n");
        let mut remove = Vec::new();
        for (i, (v, r)) in members.iter().enumerate() {
            let name = format!("k{i}");
            src.push_str(&format!("{}  \"{name}\": ", if i == 0 { "" } else { ",\n" }));
            json_text(v, &mut src);
            if *r { remove.push(name) }
        }
        src.push_str("\n}\n");
        let before = vars_of(&src, Syntax::Json);
        let remove_refs: Vec<&str> = remove.iter().map(String::as_str).collect();
        let expect: Vec<_> = before.iter().filter(|v| !remove.contains(&v.0)).cloned().collect();
        match tfvars::scrub(&src, Syntax::Json, &remove_refs, SERVICE) {
            Ok(ScrubOutcome::Empty) => prop_assert!(expect.is_empty()),
            Ok(ScrubOutcome::Rewritten(got)) => {
                let got = got.expose();
                prop_assert!(got.ends_with("}\n") && got.starts_with("{\n  \""), "layout: {}", got);
                prop_assert_eq!(vars_of(got, Syntax::Json), expect);
            }
            Err(e) => prop_assert!(false, "scrub failed: {}", e),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Cache-key serializer against python3

/// Runs python3 once on many objects: each line in is a JSON array of [key, value] pairs; each line
/// out is `[json.dumps(dict, sort_keys=True), sha1 hex of it]`.
fn python_dumps(objects: &[Vec<(String, KeyValue)>]) -> Vec<(String, String)> {
    use std::io::Write;
    let script = "import sys, json, hashlib\n\
                  out = []\n\
                  for line in sys.stdin.buffer:\n\
                  \x20   d = dict((k, v) for k, v in json.loads(line))\n\
                  \x20   s = json.dumps(d, sort_keys=True)\n\
                  \x20   out.append(json.dumps([s, hashlib.sha1(s.encode('utf-8')).hexdigest()]))\n\
                  sys.stdout.write('\\n'.join(out) + '\\n')\n";
    let mut input = String::new();
    for obj in objects {
        let pairs: Vec<serde_json::Value> = obj
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    KeyValue::Str(s) => serde_json::Value::String(s.clone()),
                    KeyValue::Int(n) => serde_json::Value::Number(n.parse().expect("integer text")),
                };
                serde_json::json!([k, v])
            })
            .collect();
        input.push_str(&serde_json::to_string(&pairs).expect("json"));
        input.push('\n');
    }
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is needed for the cache-key property");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python3 output");
    writer.join().expect("writer").expect("write to python3");
    assert!(out.status.success(), "python3 failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("python3 prints ASCII JSON");
    let res: Vec<(String, String)> =
        text.lines().map(|l| serde_json::from_str(l).expect("python3 line is [text, sha1]")).collect();
    assert_eq!(res.len(), objects.len());
    res
}

fn key_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => a_string(),
        1 => "arn:aws:iam::[0-9]{12}:(role|mfa)/[A-Za-z0-9+=,.@_/-]{1,20}",
        1 => Just(String::new()),
    ]
}

fn an_int() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        (900i64..=43200).prop_map(|i| i.to_string()),
        "-?[1-9][0-9]{18,30}",
        Just("0".to_owned()),
    ]
}

fn role_key() -> impl Strategy<Value = RoleKey> {
    (
        key_string(),
        prop::option::of(key_string()),
        prop::option::of(key_string()),
        prop::option::of(key_string()),
        prop::option::of(an_int()),
    )
        .prop_map(|(role_arn, role_session_name, external_id, serial_number, duration_seconds)| RoleKey {
            role_arn,
            role_session_name,
            external_id,
            serial_number,
            duration_seconds,
        })
}

/// The members `RoleKey::json` should hash (docs/sessions.md §3), built independently.
fn role_members(k: &RoleKey) -> Vec<(String, KeyValue)> {
    let mut m = vec![("RoleArn".to_owned(), KeyValue::Str(k.role_arn.clone()))];
    if let Some(v) = k.role_session_name.as_ref().filter(|v| !v.is_empty()) {
        m.push(("RoleSessionName".to_owned(), KeyValue::Str(v.clone())));
    }
    if let Some(v) = &k.external_id {
        m.push(("ExternalId".to_owned(), KeyValue::Str(v.clone())));
    }
    if let Some(v) = &k.serial_number {
        m.push(("SerialNumber".to_owned(), KeyValue::Str(v.clone())));
    }
    if let Some(v) = &k.duration_seconds {
        m.push(("DurationSeconds".to_owned(), KeyValue::Int(v.clone())));
    }
    m
}

fn generic_object() -> impl Strategy<Value = Vec<(String, KeyValue)>> {
    prop::collection::btree_map(
        key_string(),
        prop_oneof![a_string().prop_map(KeyValue::Str), an_int().prop_map(KeyValue::Int)],
        0..7,
    )
    .prop_map(|m| {
        // Shuffle-ish: reverse every other object so input order never equals sorted order.
        let mut v: Vec<(String, KeyValue)> = m.into_iter().collect();
        v.reverse();
        v
    })
}

proptest! {
    #![proptest_config(Config { max_shrink_iters: 200, ..config(6) })]

    /// `RoleKey::json` / `key()` equal python3's `json.dumps(sort_keys=True)` and its SHA-1.
    #[test]
    fn role_key_json_equals_python_json_dumps(keys in prop::collection::vec(role_key(), 300)) {
        let objects: Vec<Vec<(String, KeyValue)>> = keys.iter().map(role_members).collect();
        let py = python_dumps(&objects);
        for (k, (text, sha)) in keys.iter().zip(&py) {
            prop_assert_eq!(&k.json(), text, "{:?}", k);
            prop_assert_eq!(&k.key(), sha, "{:?}", k);
        }
    }

    /// `python_json` on arbitrary flat objects (any keys, string and integer values).
    #[test]
    fn python_json_equals_python_json_dumps(objects in prop::collection::vec(generic_object(), 300)) {
        let py = python_dumps(&objects);
        for (obj, (text, sha)) in objects.iter().zip(&py) {
            let members: Vec<(&str, KeyValue)> = obj.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let ours = python_json(&members);
            prop_assert_eq!(&ours, text, "{:?}", obj);
            prop_assert_eq!(&sha1_hex(&ours), sha);
        }
    }
}

#[test]
fn python_reference_agrees_with_spec_vectors() {
    // The python3 harness itself, on the test vectors of docs/sessions.md §3 (so a broken harness cannot pass).
    let vectors = [
        (vec![("RoleArn", "myrole")], "793d6e2f27667ab2da104824407e486bfec24a47"),
        (
            vec![("ExternalId", "a\"b\\c/d"), ("RoleArn", "arn:aws:iam::123456789012:role/prod-admin")],
            "7f900678229024ce89e1cc3a374504c8b9a1898d",
        ),
        (
            vec![("ExternalId", "x😀\n"), ("RoleArn", "arn:aws:iam::123456789012:role/prod-admin")],
            "3f98f6952e6cf0272b0f36eedb18c75c90e0774d",
        ),
    ];
    let objects: Vec<Vec<(String, KeyValue)>> = vectors
        .iter()
        .map(|(m, _)| m.iter().map(|(k, v)| (k.to_string(), KeyValue::Str(v.to_string()))).collect())
        .collect();
    let py = python_dumps(&objects);
    for ((_, want), (_, sha)) in vectors.iter().zip(&py) {
        assert_eq!(sha, want);
    }
    assert_eq!(
        py[2].0,
        "{\"ExternalId\": \"x\\ud83d\\ude00\\n\", \"RoleArn\": \"arn:aws:iam::123456789012:role/prod-admin\"}"
    );
}
