//! Classes of stored text (docs/terraform-vars.md §7): what a stored value looks like to terraform — a
//! number, a bool, a collection that evaluates (C) or one that does not (C!), or a plain string.

use crate::secret::Secret;
use crate::text::Pos;
use crate::text::hcl::{self as text_hcl, EvalError};
use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression};
use hcl_edit::visit::{Visit, visit_expr};

/// Class of a stored value's text (docs/terraform-vars.md §7); never carries the value.
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
    /// Name of the class in docs/terraform-vars.md §7: `S`, `N`, `B`, `C` or `C!`.
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

/// Whether terraform converts `s` to a number: `^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`.
///
/// Wider than the N class of docs/terraform-vars.md §7, as terraform 1.0.3 is: `+5`, `.5` and `5.` are numbers to it.
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
/// `parse_expr` rejects them, so they are trimmed first). The error is the position within `text` of the
/// problem; it never contains the text.
///
/// An expression with arithmetic is only checked statically: it is accepted when it references no variable
/// and calls no function. hcl-rs computes with 64-bit numbers where terraform does not, and terraform reports
/// any arithmetic error itself (without echoing the value).
fn evaluate_expression(text: &str) -> Result<(), Pos> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let inner = text.trim_matches(is_ws);
    let lead = text.len() - text.trim_start_matches(is_ws).len();
    // Parsed as the value of an attribute so that trailing comments are allowed, as terraform allows them.
    const PREFIX: &str = "v = ";
    let mut wrapped = Secret::with_capacity(PREFIX.len() + inner.len() + 1);
    wrapped.push_str(PREFIX);
    wrapped.push_str(inner);
    wrapped.push('\n');
    let body = match text_hcl::parse_body(wrapped.expose()) {
        Ok(b) => b,
        Err(e) => return Err(Pos::at_offset(text, (lead + e.offset).saturating_sub(PREFIX.len()))),
    };
    let Some(expr) = body.into_attributes().find(|a| a.key.as_str() == "v").map(|a| a.value) else {
        return Err(Pos::at_offset(text, lead));
    };
    let shift = |facts_offset: usize| facts_offset.saturating_sub(PREFIX.len());
    let mut facts = ExprFacts::default();
    facts.visit_expr(&expr);
    let fail = |facts: &ExprFacts| Pos::at_offset(text, lead + shift(facts.first_reference.unwrap_or(PREFIX.len())));
    if facts.arithmetic {
        return if facts.first_reference.is_some() { Err(fail(&facts)) } else { Ok(()) };
    }
    match text_hcl::evaluate(expr) {
        Ok(_) => Ok(()),
        Err(EvalError::Failed(_) | EvalError::Panicked) => Err(fail(&facts)),
    }
}

/// Classifies stored text (docs/terraform-vars.md §7): C/C! by parsing and evaluating as HCL, N and B by their
/// exact forms, else S.
pub fn classify(stored: &str) -> StoredClass {
    let rest = stored.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if rest.starts_with('[') || rest.starts_with('{') {
        return match evaluate_expression(stored) {
            Ok(()) => StoredClass::C,
            Err(Pos { line, col }) => StoredClass::CBang { line, col },
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
        // JSON escapes HCL does not know (docs/terraform-vars.md §1).
        for bad in ["[\"a\\bb\"]", "[\"a\\fb\"]", "[\"a\\/b\"]", "[\"\\ud800\"]"] {
            assert!(matches!(classify(bad), CBang { .. }), "{bad:?}");
        }
        assert_eq!(StoredClass::CBang { line: 1, col: 1 }.as_str(), "C!");
    }
}
