//! HCL native syntax (`.tfvars`, docs/terraform-vars.md §3): parse with hcl-edit and evaluate every attribute
//! once (literals exactly from their source text, anything computed through hcl-rs behind the panic guard),
//! keeping where each attribute sits for the scrub (see `scrub.rs`).

use super::encode::{Val, ZKey, canonical_hcl_number, canonical_number};
use super::scrub::NativeAttr;
use super::{Pos, TfvarsError, TfvarsErrorKind as K, Variable};
use crate::secret::Secret;
use crate::text::Lines;
use crate::text::hcl::{self as text_hcl, ErrorKind as ParseKind, EvalError};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::{Decorate, Span};
use std::collections::BTreeMap;

/// Parses `source` into a body behind the depth guard, wording parser errors (never echoing the input).
fn parse_body(source: &str, file: &str) -> Result<Body, TfvarsError> {
    text_hcl::parse_body(source).map_err(|e| {
        let pos = Some(e.pos);
        match e.kind {
            ParseKind::TooDeep => TfvarsError::too_deep(file, e.pos, e.message),
            ParseKind::ParserLimit => {
                TfvarsError::too_deep(file, e.pos, format!("expression too deeply nested ({})", e.message))
            }
            ParseKind::DuplicateAttribute => TfvarsError::new(
                K::DuplicateAttribute,
                file,
                pos,
                "attribute defined twice",
                "each variable may be set only once per file; remove one of the assignments",
            ),
            ParseKind::DuplicateObjectKey => TfvarsError::new(
                K::DuplicateAttribute,
                file,
                pos,
                "object key defined twice",
                "each key may appear only once per object; remove one of them",
            ),
            ParseKind::Syntax => TfvarsError::new(
                K::Syntax,
                file,
                pos,
                format!("HCL syntax error: {}", e.message),
                "fix the file so that `terraform plan -var-file=...` accepts it",
            ),
        }
    })
}

fn pos_of(source: &str, span: Option<std::ops::Range<usize>>) -> Option<Pos> {
    span.map(|s| Pos::at_offset(source, s.start))
}

/// Parses and evaluates every top-level attribute; returns them with where each sits in `source`.
pub(crate) fn parse(source: &str, file: &str) -> Result<(Vec<Variable>, Vec<NativeAttr>), TfvarsError> {
    let body = parse_body(source, file)?;
    if body.is_empty() {
        return Err(TfvarsError::empty(file));
    }
    let lines = Lines::new(source);
    let mut vars = Vec::with_capacity(body.len());
    let mut placed = Vec::with_capacity(body.len());
    // End of the previous attribute with its same-line suffix: the scrub never takes comments above it.
    let mut prev_end = 0usize;
    for structure in body.iter() {
        let attr = match structure {
            Structure::Attribute(attr) => attr,
            Structure::Block(block) => {
                let pos = pos_of(source, block.span());
                return Err(if block.ident.as_str() == "variable" {
                    TfvarsError::new(
                        K::VariableBlock,
                        file,
                        pos,
                        "Variable declaration in .tfvars file",
                        "a .tfvars file only assigns values (name = value); move the variable block to a .tf file",
                    )
                } else {
                    TfvarsError::new(
                        K::Block,
                        file,
                        pos,
                        format!("unexpected block {:?} in .tfvars file", block.ident.as_str()),
                        "a .tfvars file may only hold name = value assignments; remove the block",
                    )
                });
            }
        };
        let span = attr.span();
        let pos = span.as_ref().map_or(Pos::START, |s| lines.pos(s.start));
        let mut scope = Vec::new();
        check_literal(&attr.value, &mut scope, source, file)?;
        let val = to_val(&attr.value, source, file)?;
        let (kind, value) = val.into_stored();
        let name = attr.key.as_str().to_owned();
        // The decor suffix is the rest of the line after the value: blanks, inline comments and a trailing
        // `#` / `//` comment, without the line ending.
        let suffix_len = attr.decor().suffix().map_or(0, |s| s.len());
        let attr_place = NativeAttr {
            name: name.clone(),
            span: span.clone(),
            end: span.as_ref().map_or(prev_end, |s| s.end + suffix_len),
            floor: prev_end,
        };
        prev_end = attr_place.end;
        placed.push(attr_place);
        vars.push(Variable { name, value, kind, pos, span: span.unwrap_or(0..0) });
    }
    Ok((vars, placed))
}

fn not_literal(what: &str, source: &str, span: Option<std::ops::Range<usize>>, file: &str) -> TfvarsError {
    TfvarsError::new(
        K::NotLiteral,
        file,
        pos_of(source, span),
        what,
        "values in a .tfvars file must be literals; put the final value in the file (quote plain text: \"...\")",
    )
}

/// Rejects references and function calls the way terraform does with an empty context.
/// `scope` holds the names bound by enclosing `for` expressions and directives.
fn check_literal<'a>(
    expr: &'a Expression,
    scope: &mut Vec<&'a str>,
    source: &str,
    file: &str,
) -> Result<(), TfvarsError> {
    match expr {
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => Ok(()),
        Expression::Variable(v) => {
            if scope.contains(&v.as_str()) {
                Ok(())
            } else {
                Err(not_literal("Variables not allowed", source, expr.span(), file))
            }
        }
        Expression::FuncCall(_) => Err(not_literal("Function calls not allowed", source, expr.span(), file)),
        Expression::Array(a) => a.iter().try_for_each(|e| check_literal(e, scope, source, file)),
        Expression::Object(o) => o.iter().try_for_each(|(k, v)| {
            if let ObjectKey::Expression(k) = k {
                check_literal(k, scope, source, file)?;
            }
            check_literal(v.expr(), scope, source, file)
        }),
        Expression::StringTemplate(t) => check_template(t, scope, source, file),
        Expression::HeredocTemplate(h) => check_template(&h.template, scope, source, file),
        Expression::Parenthesis(p) => check_literal(p.inner(), scope, source, file),
        Expression::Conditional(c) => {
            check_literal(&c.cond_expr, scope, source, file)?;
            check_literal(&c.true_expr, scope, source, file)?;
            check_literal(&c.false_expr, scope, source, file)
        }
        Expression::Traversal(t) => {
            check_literal(&t.expr, scope, source, file)?;
            t.operators.iter().try_for_each(|op| match op.value() {
                TraversalOperator::Index(e) => check_literal(e, scope, source, file),
                _ => Ok(()),
            })
        }
        Expression::UnaryOp(u) => check_literal(&u.expr, scope, source, file),
        Expression::BinaryOp(b) => {
            check_literal(&b.lhs_expr, scope, source, file)?;
            check_literal(&b.rhs_expr, scope, source, file)
        }
        Expression::ForExpr(f) => {
            check_literal(&f.intro.collection_expr, scope, source, file)?;
            let mark = scope.len();
            if let Some(k) = &f.intro.key_var {
                scope.push(k.as_str());
            }
            scope.push(f.intro.value_var.as_str());
            let r = (|| {
                if let Some(k) = &f.key_expr {
                    check_literal(k, scope, source, file)?;
                }
                check_literal(&f.value_expr, scope, source, file)?;
                if let Some(c) = &f.cond {
                    check_literal(&c.expr, scope, source, file)?;
                }
                Ok(())
            })();
            scope.truncate(mark);
            r
        }
    }
}

fn check_template<'a>(t: &'a Template, scope: &mut Vec<&'a str>, source: &str, file: &str) -> Result<(), TfvarsError> {
    for el in t.iter() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => check_literal(&i.expr, scope, source, file)?,
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    check_literal(&d.if_expr.cond_expr, scope, source, file)?;
                    check_template(&d.if_expr.template, scope, source, file)?;
                    if let Some(e) = &d.else_expr {
                        check_template(&e.template, scope, source, file)?;
                    }
                }
                Directive::For(d) => {
                    let f = &d.for_expr;
                    check_literal(&f.collection_expr, scope, source, file)?;
                    let mark = scope.len();
                    if let Some(k) = &f.key_var {
                        scope.push(k.as_str());
                    }
                    scope.push(f.value_var.as_str());
                    let r = check_template(&f.template, scope, source, file);
                    scope.truncate(mark);
                    r?;
                }
            },
        }
    }
    Ok(())
}

/// Converts an expression to a value: literals exactly from the source (numbers from their
/// digits), everything computed through hcl-rs with an empty context.
fn to_val(expr: &Expression, source: &str, file: &str) -> Result<Val, TfvarsError> {
    Ok(match expr {
        Expression::Null(_) => Val::Null,
        Expression::Bool(b) => Val::Bool(*b.value()),
        Expression::Number(n) => {
            let canonical = n.as_repr().and_then(|r| number_literal_canonical(r));
            match canonical {
                Some(c) => Val::Num(c),
                None => Val::Num(canonical_hcl_number(n.value()).ok_or_else(|| number_error(source, expr, file))?),
            }
        }
        Expression::String(s) => {
            reject_multiline_quoted(expr, source, file)?;
            Val::Str(Secret::from_str_copy(s.value()))
        }
        Expression::Array(a) => Val::List(a.iter().map(|e| to_val(e, source, file)).collect::<Result<_, _>>()?),
        Expression::Object(o) => {
            let mut map = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(id) => id.as_str().to_owned(),
                    ObjectKey::Expression(e) => key_string(to_val(e, source, file)?)
                        .ok_or_else(|| eval_error("object key is not a string", source, e.span(), file))?,
                };
                // Later items win, as in terraform's object constructor.
                map.insert(ZKey(key), to_val(v.expr(), source, file)?);
            }
            Val::Map(map)
        }
        Expression::Parenthesis(p) => to_val(p.inner(), source, file)?,
        Expression::StringTemplate(t) if t.iter().all(|e| e.as_directive().is_none()) => {
            reject_multiline_quoted(expr, source, file)?;
            Val::Str(template_text(t, source, file)?)
        }
        Expression::HeredocTemplate(h) if h.template.iter().all(|e| e.as_directive().is_none()) => {
            Val::Str(template_text(&h.template, source, file)?)
        }
        Expression::Variable(_) => return Err(not_literal("Variables not allowed", source, expr.span(), file)),
        Expression::FuncCall(_) => return Err(not_literal("Function calls not allowed", source, expr.span(), file)),
        _ => {
            let v = match text_hcl::evaluate(expr.clone()) {
                Ok(v) => v,
                Err(EvalError::Failed(err)) => {
                    return Err(eval_error_from(Some(err.kind()), source, expr.span(), file));
                }
                // hcl-rs integer arithmetic panics on overflow and division by zero.
                Err(EvalError::Panicked) => {
                    return Err(eval_error("arithmetic overflow or division by zero", source, expr.span(), file));
                }
            };
            if inexact_number(&v) {
                return Err(eval_error(
                    "the result is too large to compute exactly (hcl arithmetic is 64-bit); write the resulting number",
                    source,
                    expr.span(),
                    file,
                ));
            }
            from_hcl_value(v).ok_or_else(|| number_error(source, expr, file))?
        }
    })
}

/// terraform refuses a quoted string that spans lines ("Invalid multi-line string"); so does tfsecrets.
fn reject_multiline_quoted(expr: &Expression, source: &str, file: &str) -> Result<(), TfvarsError> {
    let Some(span) = expr.span() else { return Ok(()) };
    match source.get(span.clone()) {
        Some(text) if text.contains('\n') => Err(TfvarsError::new(
            K::Syntax,
            file,
            pos_of(source, Some(span)),
            "Invalid multi-line string: a quoted string cannot span lines",
            "write the line breaks as \\n, or use a heredoc (<<EOT ... EOT)",
        )),
        _ => Ok(()),
    }
}

/// Whether a computed value holds a number beyond 2^53 (or non-finite), where hcl-rs's 64-bit arithmetic stops being exact.
fn inexact_number(v: &hcl::Value) -> bool {
    match v {
        // hcl-rs falls back to f64 when 64-bit integers overflow and may show the rounded result as an integer.
        hcl::Value::Number(n) => n.as_f64().is_none_or(|f| !f.is_finite() || f.abs() > 9_007_199_254_740_992.0),
        hcl::Value::Array(a) => a.iter().any(inexact_number),
        hcl::Value::Object(o) => o.values().any(inexact_number),
        _ => false,
    }
}

/// Evaluates a template of literals and interpolations (no directives) element by element, so the literal
/// parts keep hcl-edit's exact unescaping (`$${` → `${`; for `<<-`, the indentation already removed); `~`
/// strip markers trim the neighbouring literals' white space as terraform does. Interpolated values must be
/// primitives.
fn template_text(t: &Template, source: &str, file: &str) -> Result<Secret, TfvarsError> {
    let elements: Vec<&hcl_edit::template::Element> = t.iter().collect();
    let mut out = Secret::with_capacity(0);
    for (i, el) in elements.iter().enumerate() {
        if let Some(lit) = el.as_literal() {
            let mut text: &str = lit.value();
            let strip_prev = i > 0 && elements[i - 1].as_interpolation().is_some_and(|p| p.strip.strip_end());
            let strip_next =
                elements.get(i + 1).and_then(|n| n.as_interpolation()).is_some_and(|n| n.strip.strip_start());
            if strip_prev {
                text = text.trim_start();
            }
            if strip_next {
                text = text.trim_end();
            }
            out.push_str(text);
        } else if let Some(interp) = el.as_interpolation() {
            match to_val(&interp.expr, source, file)? {
                Val::Str(v) => out.push_str(v.expose()),
                Val::Num(n) => out.push_str(n.expose()),
                Val::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                _ => {
                    return Err(eval_error(
                        "only strings, numbers and bools can be interpolated",
                        source,
                        interp.expr.span(),
                        file,
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Canonical digits of a number literal's source text, which for `-N` may read `- /* c */ N`.
fn number_literal_canonical(repr: &str) -> Option<Secret> {
    let (neg, rest) = match repr.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, repr),
    };
    let token = rest.rsplit(|c: char| c.is_whitespace() || c == '/').next()?;
    let c = canonical_number(token)?;
    if !neg || c.expose() == "0" {
        return Some(c);
    }
    let mut negative = Secret::with_capacity(c.len() + 1);
    negative.push('-');
    negative.push_str(c.expose());
    Some(negative)
}

/// An object key from a key expression's value (a copy that is wiped with the key).
fn key_string(v: Val) -> Option<String> {
    match v {
        Val::Str(s) | Val::Num(s) => Some(s.expose().to_owned()),
        Val::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn from_hcl_value(v: hcl::Value) -> Option<Val> {
    Some(match v {
        hcl::Value::Null => Val::Null,
        hcl::Value::Bool(b) => Val::Bool(b),
        hcl::Value::Number(n) => Val::Num(canonical_hcl_number(&n)?),
        hcl::Value::String(s) => Val::string(s),
        hcl::Value::Array(a) => Val::List(a.into_iter().map(from_hcl_value).collect::<Option<_>>()?),
        hcl::Value::Object(o) => {
            Val::Map(o.into_iter().map(|(k, v)| Some((ZKey(k), from_hcl_value(v)?))).collect::<Option<_>>()?)
        }
    })
}

fn number_error(source: &str, expr: &Expression, file: &str) -> TfvarsError {
    eval_error("number cannot be represented", source, expr.span(), file)
}

fn eval_error(what: &str, source: &str, span: Option<std::ops::Range<usize>>, file: &str) -> TfvarsError {
    TfvarsError::new(
        K::Eval,
        file,
        pos_of(source, span),
        what.to_owned(),
        "terraform would reject this value too; fix the expression",
    )
}

/// Maps an hcl-rs evaluation error to a message that never contains a value or identifier
/// (an unquoted secret would otherwise show up as an "undefined variable").
fn eval_error_from(
    kind: Option<&hcl::eval::ErrorKind>,
    source: &str,
    span: Option<std::ops::Range<usize>>,
    file: &str,
) -> TfvarsError {
    use hcl::eval::ErrorKind as E;
    let what = match kind {
        Some(E::UndefinedVar(_)) => return not_literal("Variables not allowed", source, span, file),
        Some(E::UndefinedFunc(_)) | Some(E::FuncCall(..)) => {
            return not_literal("Function calls not allowed", source, span, file);
        }
        Some(E::Unexpected(_, expected)) => format!("expression cannot be evaluated: expected {expected}"),
        Some(E::Index(i)) => format!("expression cannot be evaluated: index {i} out of range"),
        Some(E::UnaryOp(op, _)) => {
            format!("expression cannot be evaluated: operator `{op}` does not apply to this value")
        }
        Some(E::BinaryOp(_, op, _)) => {
            format!("expression cannot be evaluated: operator `{op}` does not apply to these values")
        }
        Some(E::NoSuchKey(_)) => "expression cannot be evaluated: no such key".to_owned(),
        Some(E::KeyExists(_)) => {
            "expression cannot be evaluated: a for expression produced the same key twice".to_owned()
        }
        _ => "expression cannot be evaluated".to_owned(),
    };
    eval_error(&what, source, span, file)
}

#[cfg(test)]
mod tests;
