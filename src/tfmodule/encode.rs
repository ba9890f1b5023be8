//! Stored-text classes and the declared type × stored class table (spec §8), plus HCL string literals (§6).

use super::{Declaration, TypeClass, VarError, Warning};
use crate::secret::Secret;
use hcl::eval::{Context, Evaluate};
use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression};
use hcl_edit::visit::{Visit, visit_expr};

/// Class of a stored value's text (spec §8); never carries the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredClass {
    /// Anything else: a plain string.
    S,
    /// Matches `^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`.
    N,
    /// Exactly `true` or `false`.
    B,
    /// Starts with `[`/`{` and evaluates as an HCL expression with an empty context.
    C,
    /// Starts with `[`/`{` but does not evaluate; 1-based position of the problem within the value.
    CBang {
        /// 1-based line within the value.
        line: usize,
        /// 1-based column (in characters) within the value.
        col: usize,
    },
}

impl StoredClass {
    /// Spec name of the class: `S`, `N`, `B`, `C` or `C!`.
    pub fn as_str(self) -> &'static str {
        match self {
            StoredClass::S => "S",
            StoredClass::N => "N",
            StoredClass::B => "B",
            StoredClass::C => "C",
            StoredClass::CBang { .. } => "C!",
        }
    }
}

/// The `TF_VAR_` text for one secret and how it was derived (for `--dry-run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoded {
    /// The stored text byte for byte.
    Value(Secret),
    /// The stored text as an HCL string literal (§6), for `any`-typed plain strings.
    HclString(Secret),
}

impl Encoded {
    /// The text to put into `TF_VAR_<key>`.
    pub fn secret(&self) -> &Secret {
        match self {
            Encoded::Value(s) | Encoded::HclString(s) => s,
        }
    }

    /// Consumes the encoding, returning the text for `TF_VAR_<key>`.
    pub fn into_secret(self) -> Secret {
        match self {
            Encoded::Value(s) | Encoded::HclString(s) => s,
        }
    }

    /// `verbatim` or `HCL string literal`, for `--dry-run`.
    pub fn describe(&self) -> &'static str {
        match self {
            Encoded::Value(_) => "verbatim",
            Encoded::HclString(_) => "HCL string literal",
        }
    }
}

/// Whether terraform converts `s` to a number: `^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`.
///
/// Wider than the spec's N class, as terraform 1.0.3 is: `+5`, `.5` and `5.` are numbers to it.
/// `Inf`/`NaN` are not accepted (terraform panics serialising them).
fn is_number_text(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let int = digits(&mut i);
    let mut frac = false;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&mut i);
    }
    if !int && !frac {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// 1-based (line, column in characters) of byte offset `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// Finds the first variable reference or function call (the usual reason an expression fails to evaluate)
/// and whether the expression does arithmetic.
#[derive(Default)]
struct ExprFacts {
    first_reference: Option<usize>,
    arithmetic: bool,
    /// Names bound by enclosing `for` expressions (not references).
    bound: Vec<String>,
}

impl Visit for ExprFacts {
    fn visit_expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Variable(v) if self.bound.iter().any(|b| b == v.as_str()) => {}
            Expression::ForExpr(f) => {
                self.visit_expr(&f.intro.collection_expr);
                let before = self.bound.len();
                self.bound.push(f.intro.value_var.as_str().to_owned());
                if let Some(k) = &f.intro.key_var {
                    self.bound.push(k.as_str().to_owned());
                }
                if let Some(k) = &f.key_expr {
                    self.visit_expr(k);
                }
                self.visit_expr(&f.value_expr);
                if let Some(c) = &f.cond {
                    self.visit_expr(&c.expr);
                }
                self.bound.truncate(before);
            }
            Expression::Variable(_) | Expression::FuncCall(_) => {
                if let Some(r) = expr.span() {
                    self.first_reference = Some(self.first_reference.map_or(r.start, |o| o.min(r.start)));
                }
            }
            Expression::BinaryOp(op) => {
                if matches!(
                    *op.operator.value(),
                    BinaryOperator::Plus
                        | BinaryOperator::Minus
                        | BinaryOperator::Mul
                        | BinaryOperator::Div
                        | BinaryOperator::Mod
                ) {
                    self.arithmetic = true;
                }
                visit_expr(self, expr);
            }
            _ => visit_expr(self, expr),
        }
    }
}

/// Parses and evaluates `text` as one HCL native expression with no variables and no functions.
///
/// Like terraform's bare-expression parser, surrounding spaces, tabs and newlines are allowed (hcl-edit's
/// `parse_expr` rejects them, so they are trimmed first). The error is the 1-based (line, column) within
/// `text` of the problem; it never contains the text.
///
/// hcl-rs arithmetic can panic (`1 % 0`, integer overflow, a non-finite result), so an expression with
/// arithmetic is only checked statically: it is accepted when it references no variable and calls no
/// function, and terraform reports any arithmetic error itself (without echoing the value).
fn evaluate_expression(text: &str) -> Result<(), (usize, usize)> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let inner = text.trim_matches(is_ws);
    let lead = text.len() - text.trim_start_matches(is_ws).len();
    // Parsed as the value of an attribute so that trailing comments are allowed, as terraform allows them.
    const PREFIX: &str = "v = ";
    let wrapped = format!("{PREFIX}{inner}\n");
    let body = match hcl_edit::parser::parse_body(&wrapped) {
        Ok(b) => b,
        Err(e) => return Err(line_col(text, (lead + e.location().offset()).saturating_sub(PREFIX.len()))),
    };
    let Some(expr) = body.get_attribute("v").map(|a| a.value.clone()) else {
        return Err(line_col(text, lead));
    };
    let shift = |facts_offset: usize| facts_offset.saturating_sub(PREFIX.len());
    let mut facts = ExprFacts::default();
    facts.visit_expr(&expr);
    let fail = |facts: &ExprFacts| line_col(text, lead + shift(facts.first_reference.unwrap_or(PREFIX.len())));
    if facts.arithmetic {
        return if facts.first_reference.is_some() { Err(fail(&facts)) } else { Ok(()) };
    }
    let value_expr: hcl::Expression = expr.into();
    let evaluated =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| value_expr.evaluate(&Context::new()).is_ok()));
    match evaluated {
        Ok(true) => Ok(()),
        Ok(false) | Err(_) => Err(fail(&facts)),
    }
}

/// Classifies stored text per spec §8 (C/C! by parsing and evaluating as HCL, N by regex, B exact, else S).
pub fn classify(stored: &str) -> StoredClass {
    let rest = stored.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if rest.starts_with('[') || rest.starts_with('{') {
        return match evaluate_expression(stored) {
            Ok(()) => StoredClass::C,
            Err((line, col)) => StoredClass::CBang { line, col },
        };
    }
    if stored == "true" || stored == "false" {
        StoredClass::B
    } else if is_number_text(stored) {
        StoredClass::N
    } else {
        StoredClass::S
    }
}

pub use crate::tfvars::hcl_string_literal;

fn type_mismatch(key: &str, decl: &Declaration, expected: &str) -> VarError {
    VarError {
        id: "W5",
        message: format!(
            "stored value for \"{key}\" does not look like {expected} (declared {} at {})",
            decl.type_phrase(),
            decl.location()
        ),
    }
}

fn not_an_expression(key: &str, decl: &Declaration, line: usize, col: usize) -> VarError {
    VarError {
        id: "W6",
        message: format!(
            "stored value for \"{key}\" is not a valid HCL expression (line {line}, column {col} of the value; \
             declared {} at {}); literal ${{ and %{{ must be written $${{ and %%{{",
            decl.type_phrase(),
            decl.location()
        ),
    }
}

fn untyped_collection(key: &str, decl: &Declaration, stored: &str) -> Warning {
    let example = if stored.trim_start_matches(|c: char| c.is_ascii_whitespace()).starts_with('[') {
        "list(string)"
    } else {
        "map(string)"
    };
    Warning {
        id: "W4",
        message: format!(
            "variable \"{key}\" ({}) has no type; terraform receives the stored JSON as a string. \
             Declare e.g. type = {example}",
            decl.location()
        ),
    }
}

/// Applies the §8 table for one secret, saying how it was encoded (see [`encode_for`]).
pub fn encode(key: &str, stored: &Secret, decl: Option<&Declaration>) -> Result<(Encoded, Vec<Warning>), VarError> {
    let verbatim = || Encoded::Value(stored.clone());
    let Some(decl) = decl else {
        // W1/W2 come from `check`, which sees every key at once.
        return Ok((verbatim(), Vec::new()));
    };
    let text = stored.expose();
    match decl.class {
        TypeClass::String => Ok((verbatim(), Vec::new())),
        TypeClass::Untyped => match classify(text) {
            StoredClass::C => Ok((verbatim(), vec![untyped_collection(key, decl, text)])),
            _ => Ok((verbatim(), Vec::new())),
        },
        TypeClass::Number => match classify(text) {
            StoredClass::N => Ok((verbatim(), Vec::new())),
            _ => Err(type_mismatch(key, decl, "a number")),
        },
        TypeClass::Bool => match classify(text) {
            StoredClass::B => Ok((verbatim(), Vec::new())),
            // terraform converts "1" and "0" to bools too (cty's string → bool conversion).
            StoredClass::N if text == "1" || text == "0" => Ok((verbatim(), Vec::new())),
            _ => Err(type_mismatch(key, decl, "a bool (true or false)")),
        },
        TypeClass::Collection => match classify(text) {
            StoredClass::C => Ok((verbatim(), Vec::new())),
            StoredClass::CBang { line, col } => Err(not_an_expression(key, decl, line, col)),
            _ => Err(type_mismatch(key, decl, "a collection (a JSON/HCL [...] or {...})")),
        },
        TypeClass::Any => match classify(text) {
            StoredClass::S => Ok((Encoded::HclString(Secret::new(hcl_string_literal(text))), Vec::new())),
            StoredClass::N | StoredClass::B | StoredClass::C => Ok((verbatim(), Vec::new())),
            StoredClass::CBang { line, col } => Err(not_an_expression(key, decl, line, col)),
        },
    }
}

/// Applies the §8 table for one secret: the `TF_VAR_` text plus warnings (W4), or a W5/W6 error (no value).
pub fn encode_for(key: &str, stored: &Secret, decl: Option<&Declaration>) -> Result<(Secret, Vec<Warning>), VarError> {
    encode(key, stored, decl).map(|(e, w)| (e.into_secret(), w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_cases() {
        use StoredClass::*;
        let cases: &[(&str, StoredClass)] = &[
            ("hello", S),
            ("", S),
            ("True", S),
            ("true ", S),
            (" true", S),
            ("null", S),
            ("\"quoted\"", S),
            ("42", N),
            ("-3", N),
            ("1.50", N),
            ("2.5e-3", N),
            ("1E+10", N),
            ("007", N),
            ("12345678901234567890123", N),
            ("+5", N),
            (".5", N),
            ("5.", N),
            ("1e", S),
            ("--1", S),
            ("42\n", S),
            ("0x1F", S),
            ("true", B),
            ("false", B),
            ("[]", C),
            ("{}", C),
            ("[1,2]", C),
            ("{\"k\":\"v\"}", C),
            ("{\"a\":{\"b\":[1,true,null,\"x\"]}}", C),
            ("  \n\t[\"a\"]", C),
            ("[\"a\"]\n", C),
            ("\r\n{\"a\": 1}\n\n", C),
            ("[1,\n 2]", C),
            ("[\"$${x}\", \"%%{y}\"]", C),
            ("{a = 1, b = [2]}", C),
            ("[1 + 2, \"a\" == \"b\" ? 1 : 2]", C),
            // Arithmetic is checked statically (hcl-rs arithmetic can panic): no panic, terraform decides.
            ("[1 / 0, 1 % 0, 18446744073709551615 * 18446744073709551615, 1e308 * 10]", C),
            ("[-0]", C),
            // terraform 1.0.3 accepts trailing comments and for expressions over their own variables.
            ("[\"a\",\"b\"] # c", C),
            ("[\"a\"] // c", C),
            ("[\"a\"] /* c */", C),
            ("[\n  1\n]\n# after\n", C),
            ("[for x in [1, 2]: x * 2]", C),
            ("{for k, v in {a = 1}: k => v + 1}", C),
            ("[\"\\u00e9\\n\\t\\\"\"]", C),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), *want, "{text:?}");
        }
    }

    #[test]
    fn classify_failures_with_positions() {
        use StoredClass::*;
        // Template interpolation is a variable reference.
        assert_eq!(classify("{\"tags\":\"a${b}\"}"), CBang { line: 1, col: 13 });
        assert_eq!(classify("[hello]"), CBang { line: 1, col: 2 });
        assert_eq!(classify("[\n  1,\n  upper(\"x\")\n]"), CBang { line: 3, col: 3 });
        assert!(matches!(classify("[1,2"), CBang { line: 1, .. }));
        assert_eq!(classify("\n  [x]"), CBang { line: 2, col: 4 });
        assert_eq!(classify("  [1] x"), CBang { line: 1, col: 7 });
        assert!(matches!(classify("{\"a\":1"), CBang { .. }));
        assert!(matches!(classify("[\"a\" \"b\"]"), CBang { .. }));
        assert!(matches!(classify("[1] x"), CBang { .. }));
        assert_eq!(classify("[1 + x]"), CBang { line: 1, col: 6 });
        assert!(matches!(classify("[%{ if x }y%{ endif }]"), CBang { .. }));
        assert!(matches!(classify("[\"%{ if x }y%{ endif }\"]"), CBang { .. }));
        assert!(matches!(classify("{not json"), CBang { .. }));
        assert_eq!(classify("[true ? x : 1]"), CBang { line: 1, col: 9 });
        assert_eq!(classify("{\"a\" = 1}.b"), CBang { line: 1, col: 1 });
        // JSON escapes HCL does not know (spec §1).
        for bad in ["[\"a\\bb\"]", "[\"a\\fb\"]", "[\"a\\/b\"]", "[\"\\ud800\"]"] {
            assert!(matches!(classify(bad), CBang { .. }), "{bad:?}");
        }
        assert_eq!(StoredClass::CBang { line: 1, col: 1 }.as_str(), "C!");
    }

    #[test]
    fn hcl_string_literal_cases() {
        assert_eq!(hcl_string_literal("plain"), "\"plain\"");
        assert_eq!(hcl_string_literal(""), "\"\"");
        assert_eq!(hcl_string_literal("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(hcl_string_literal("l1\nl2\r\t"), r#""l1\nl2\r\t""#);
        assert_eq!(hcl_string_literal("\u{1}\u{8}\u{c}\u{1f}\u{7f}"), r#""\u0001\u0008\u000c\u001f\u007f""#);
        assert_eq!(hcl_string_literal("é\u{2028}😀/"), "\"é\u{2028}😀/\"");
        assert_eq!(hcl_string_literal("${x}"), "\"$${x}\"");
        assert_eq!(hcl_string_literal("%{x}"), "\"%%{x}\"");
        assert_eq!(hcl_string_literal("$${x}"), "\"$$${x}\"");
        assert_eq!(hcl_string_literal("%%{x}"), "\"%%%{x}\"");
        assert_eq!(hcl_string_literal("$%{"), "\"$%%{\"");
        assert_eq!(hcl_string_literal("a$b{c"), "\"a$b{c\"");
        assert_eq!(hcl_string_literal("\\${"), "\"\\\\$${\"");
        assert_eq!(hcl_string_literal("{"), "\"{\"");
        assert_eq!(hcl_string_literal("$"), "\"$\"");
    }

    /// Reference implementation: escape everything, then replace left to right (the spec's wording).
    fn two_pass(s: &str) -> String {
        let mut esc = String::from("\"");
        for c in s.chars() {
            match c {
                '\\' => esc.push_str("\\\\"),
                '"' => esc.push_str("\\\""),
                '\n' => esc.push_str("\\n"),
                '\r' => esc.push_str("\\r"),
                '\t' => esc.push_str("\\t"),
                '\u{0}'..='\u{1f}' | '\u{7f}' => esc.push_str(&format!("\\u{:04X}", c as u32)),
                _ => esc.push(c),
            }
        }
        esc.push('"');
        esc.replace("${", "$${").replace("%{", "%%{")
    }

    #[test]
    fn hcl_string_literal_matches_two_pass_definition() {
        let alphabet = ['$', '%', '{', '}', '\\', '"', 'a', '\n', '\u{1}'];
        // Every string of length <= 4 over the alphabet.
        let mut stack = vec![String::new()];
        while let Some(s) = stack.pop() {
            assert_eq!(hcl_string_literal(&s), two_pass(&s), "{s:?}");
            if s.chars().count() < 4 {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    stack.push(t);
                }
            }
        }
    }

    #[test]
    fn hcl_string_literal_round_trips_through_hcl() {
        for s in ["${x}", "$${x}", "%{ if }", "a\"b\\c\n\t\r", "\u{1}\u{7f}", "😀 é", "{\"k\":1}", "42", "true"] {
            let lit = hcl_string_literal(s);
            let expr: hcl::Expression = lit.parse().expect("literal parses");
            let value = expr.evaluate(&Context::new()).expect("literal evaluates");
            assert_eq!(value, hcl::Value::String(s.to_owned()), "{s:?}");
        }
    }

    fn decl(class: TypeClass, type_text: Option<&str>) -> Declaration {
        Declaration {
            name: "v".into(),
            class,
            type_text: type_text.map(str::to_owned),
            sensitive: true,
            file: "main.tf".into(),
            line: 7,
            overrides: vec![],
        }
    }

    #[derive(Debug, PartialEq)]
    enum Out {
        Verbatim,
        Literal,
        Warn(&'static str),
        Error(&'static str),
    }

    fn run(stored: &str, d: Option<&Declaration>) -> Out {
        let secret = Secret::from_str_copy(stored);
        match encode("v", &secret, d) {
            Ok((Encoded::Value(s), w)) => {
                assert_eq!(s.expose(), stored);
                match w.as_slice() {
                    [] => Out::Verbatim,
                    [one] => Out::Warn(one.id),
                    more => panic!("{more:?}"),
                }
            }
            Ok((Encoded::HclString(s), w)) => {
                assert!(w.is_empty());
                assert_eq!(s.expose(), hcl_string_literal(stored));
                Out::Literal
            }
            Err(e) => {
                assert!(!e.message.contains(stored), "value leaked: {}", e.message);
                Out::Error(e.id)
            }
        }
    }

    /// Every cell of the spec §8 table. Columns: S, N, B, C, C!.
    #[test]
    fn spec_table_every_cell() {
        use Out::*;
        let samples = ["p@ss word", "42", "true", "{\"a\":[1,2]}", "[\"a${x}\"]"];
        assert_eq!(samples.map(|s| classify(s).as_str()), ["S", "N", "B", "C", "C!"]);
        let untyped = decl(TypeClass::Untyped, None);
        let string = decl(TypeClass::String, Some("string"));
        let number = decl(TypeClass::Number, Some("number"));
        let boolean = decl(TypeClass::Bool, Some("bool"));
        let coll = decl(TypeClass::Collection, Some("map(list(number))"));
        let any = decl(TypeClass::Any, Some("any"));
        let rows: [(Option<&Declaration>, [Out; 5]); 7] = [
            (None, [Verbatim, Verbatim, Verbatim, Verbatim, Verbatim]),
            (Some(&untyped), [Verbatim, Verbatim, Verbatim, Warn("W4"), Verbatim]),
            (Some(&string), [Verbatim, Verbatim, Verbatim, Verbatim, Verbatim]),
            (Some(&number), [Error("W5"), Verbatim, Error("W5"), Error("W5"), Error("W5")]),
            (Some(&boolean), [Error("W5"), Error("W5"), Verbatim, Error("W5"), Error("W5")]),
            (Some(&coll), [Error("W5"), Error("W5"), Error("W5"), Verbatim, Error("W6")]),
            (Some(&any), [Literal, Verbatim, Verbatim, Verbatim, Error("W6")]),
        ];
        for (d, expected) in rows {
            for (sample, want) in samples.iter().zip(expected) {
                assert_eq!(run(sample, d), want, "{:?} × {sample:?}", d.map(|d| d.class));
            }
        }
        // Row "module not readable": Module::encode passes everything verbatim.
        let m = super::super::Module {
            dir: "/m".into(),
            declarations: [("v".to_string(), number.clone())].into_iter().collect(),
            notes: vec![],
            var_files: vec![],
            aws_profile_refs: vec![],
            readable: false,
        };
        for sample in samples {
            let (e, w) = m.encode("v", &Secret::from_str_copy(sample)).expect("verbatim");
            assert_eq!((e.secret().expose(), e.describe(), w.len()), (sample, "verbatim", 0));
        }
        let m = super::super::Module { readable: true, ..m };
        assert!(m.encode("v", &Secret::from_str_copy("x")).is_err());
    }

    #[test]
    fn messages_name_key_type_and_location_never_value() {
        let mut coll = decl(TypeClass::Collection, Some("map(string)"));
        coll.name = "tags".into();
        coll.line = 14;
        let secret = Secret::from_str_copy("{\"tags\":\"a${b}\"}");
        let err = encode_for("tags", &secret, Some(&coll)).expect_err("W6");
        assert_eq!(err.id, "W6");
        assert_eq!(
            err.message,
            "stored value for \"tags\" is not a valid HCL expression (line 1, column 13 of the value; declared \
             type = map(string) at main.tf:14); literal ${ and %{ must be written $${ and %%{"
        );
        let mut port = decl(TypeClass::Number, Some("number"));
        port.overrides.push("override.tf:2".into());
        let err = encode_for("port", &Secret::from_str_copy("eighty"), Some(&port)).expect_err("W5");
        assert_eq!(
            err.message,
            "stored value for \"port\" does not look like a number (declared type = number at main.tf:7, \
             overridden at override.tf:2)"
        );
        assert!(!format!("{err:?}").contains("eighty"));
        let err = encode_for("flag", &Secret::from_str_copy("yes"), Some(&decl(TypeClass::Bool, Some("bool"))))
            .expect_err("W5");
        assert!(err.message.contains("does not look like a bool"));
        let err =
            encode_for("l", &Secret::from_str_copy("a,b"), Some(&decl(TypeClass::Collection, Some("list(string)"))))
                .expect_err("W5");
        assert!(err.message.contains("declared type = list(string) at main.tf:7"), "{}", err.message);

        let mut tags = decl(TypeClass::Untyped, None);
        tags.name = "tags".into();
        let (out, w) = encode_for("tags", &Secret::from_str_copy("{\"a\":\"secretvalue\"}"), Some(&tags)).expect("ok");
        assert_eq!(out.expose(), "{\"a\":\"secretvalue\"}");
        assert_eq!(
            w[0].message,
            "variable \"tags\" (main.tf:7) has no type; terraform receives the stored JSON as a string. \
             Declare e.g. type = map(string)"
        );
        let (_, w) = encode_for("tags", &Secret::from_str_copy(" [1]"), Some(&tags)).expect("ok");
        assert!(w[0].message.ends_with("type = list(string)"));
    }

    #[test]
    fn any_typed_values() {
        let any = decl(TypeClass::Any, Some("any"));
        let enc = |s: &str| encode_for("v", &Secret::from_str_copy(s), Some(&any)).expect("ok").0;
        assert_eq!(enc("hello").expose(), "\"hello\"");
        assert_eq!(enc("a${b}").expose(), "\"a$${b}\"");
        assert_eq!(enc("null").expose(), "\"null\"");
        assert_eq!(enc("1e3").expose(), "1e3");
        assert_eq!(enc("false").expose(), "false");
        assert_eq!(enc("[1]").expose(), "[1]");
        let (e, _) = encode("v", &Secret::from_str_copy("x"), Some(&any)).expect("ok");
        assert_eq!(e.describe(), "HCL string literal");
    }
}
