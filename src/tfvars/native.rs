//! HCL native syntax: parse/evaluate with hcl-edit + hcl-rs, scrub by splicing the original text.

use super::encode::{Val, ZKey, canonical_hcl_number, canonical_number};
use super::{Pos, ScrubOutcome, TfvarsError, TfvarsErrorKind as K, Variable, depth, marker};
use hcl::eval::{Context, Evaluate};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::{Decorate, Span};
use std::collections::BTreeMap;

/// Parses `source` into a body, mapping parser errors (never echoing the input line).
fn parse_body(source: &str, file: &str) -> Result<Body, TfvarsError> {
    depth::check_native(source, file)?;
    hcl_edit::parser::parse_body(source).map_err(|e| {
        let pos = Some(Pos { line: e.location().line(), col: e.location().column() });
        let msg = e.message();
        if msg.contains("redefined attribute") {
            TfvarsError::new(
                K::DuplicateAttribute,
                file,
                pos,
                "attribute defined twice",
                "each variable may be set only once per file; remove one of the assignments",
            )
        } else if msg.contains("redefined object key") {
            TfvarsError::new(
                K::DuplicateAttribute,
                file,
                pos,
                "object key defined twice",
                "each key may appear only once per object; remove one of them",
            )
        } else if msg.contains("nesting depth") || msg.contains("chained binary operators") {
            TfvarsError::new(
                K::TooDeep,
                file,
                pos,
                format!("expression too deeply nested ({msg})"),
                "flatten the value; terraform variables this deep are not supported",
            )
        } else {
            TfvarsError::new(
                K::Syntax,
                file,
                pos,
                format!("HCL syntax error: {msg}"),
                "fix the file so that `terraform plan -var-file=...` accepts it",
            )
        }
    })
}

fn pos_of(source: &str, span: Option<std::ops::Range<usize>>) -> Option<Pos> {
    span.map(|s| Pos::at_offset(source, s.start))
}

/// Parses and evaluates every top-level attribute.
pub(crate) fn parse(source: &str, file: &str) -> Result<Vec<Variable>, TfvarsError> {
    let body = parse_body(source, file)?;
    if body.is_empty() {
        return Err(empty_error(file));
    }
    let mut vars = Vec::with_capacity(body.len());
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
        let span = pos_of(source, attr.span()).unwrap_or(Pos { line: 1, col: 1 });
        let mut scope = Vec::new();
        check_literal(&attr.value, &mut scope, source, file)?;
        let val = to_val(&attr.value, source, file)?;
        let (kind, value) = val.into_stored();
        vars.push(Variable { name: attr.key.as_str().to_owned(), value, kind, span });
    }
    Ok(vars)
}

fn empty_error(file: &str) -> TfvarsError {
    TfvarsError::new(K::Empty, file, None, "the file holds no variables", "nothing to import; check the file name")
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
            Val::string(s.value().clone())
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
        Expression::StringTemplate(t) if literal_template(t).is_some() => {
            reject_multiline_quoted(expr, source, file)?;
            Val::string(literal_template(t).unwrap_or_default())
        }
        Expression::HeredocTemplate(h) if literal_template(&h.template).is_some() => {
            Val::string(literal_template(&h.template).unwrap_or_default())
        }
        Expression::StringTemplate(t) if t.iter().all(|e| e.as_directive().is_none()) => {
            reject_multiline_quoted(expr, source, file)?;
            Val::string(interpolated_template(t, source, file)?)
        }
        Expression::HeredocTemplate(h) if h.template.iter().all(|e| e.as_directive().is_none()) => {
            Val::string(interpolated_template(&h.template, source, file)?)
        }
        Expression::Variable(_) => return Err(not_literal("Variables not allowed", source, expr.span(), file)),
        Expression::FuncCall(_) => return Err(not_literal("Function calls not allowed", source, expr.span(), file)),
        _ => {
            let e: hcl::Expression = expr.clone().into();
            // hcl-rs integer arithmetic panics on overflow and division by zero: turn that into an error.
            let hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| e.evaluate(&Context::new())));
            std::panic::set_hook(hook);
            let v = match evaluated {
                Ok(r) => r.map_err(|err| eval_error_from(Some(err.kind()), source, expr.span(), file))?,
                Err(_) => {
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

/// The text of a template made of literal parts only (hcl-edit has already unescaped it and,
/// for `<<-`, removed the indentation).
fn literal_template(t: &Template) -> Option<String> {
    let mut out = String::new();
    for el in t.iter() {
        out.push_str(el.as_literal()?.value());
    }
    Some(out)
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

/// Evaluates a template of literals and interpolations (no directives) element by element, so the
/// literal parts keep hcl-edit's exact unescaping (`$${` → `${`); `~` strip markers trim the
/// neighbouring literals' white space as terraform does. Interpolated values must be primitives.
fn interpolated_template(t: &Template, source: &str, file: &str) -> Result<String, TfvarsError> {
    let elements: Vec<&hcl_edit::template::Element> = t.iter().collect();
    let mut out = String::new();
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
                Val::Str(v) => out.push_str(&v),
                Val::Num(n) => out.push_str(&n),
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
fn number_literal_canonical(repr: &str) -> Option<String> {
    let (neg, rest) = match repr.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, repr),
    };
    let token = rest.rsplit(|c: char| c.is_whitespace() || c == '/').next()?;
    let c = canonical_number(token)?;
    Some(if neg && c != "0" { format!("-{c}") } else { c })
}

fn key_string(v: Val) -> Option<String> {
    match v {
        Val::Str(mut s) => Some(std::mem::take(&mut *s)),
        Val::Num(n) => Some(n),
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

/// Removes the named attributes, each with its trailing comment, putting a marker comment in its
/// place; every other byte is kept.
pub(crate) fn scrub(source: &str, remove: &[&str], service: &str, file: &str) -> Result<ScrubOutcome, TfvarsError> {
    let body = parse_body(source, file)?;
    let mut cuts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    // End of the previous structure (with its same-line suffix): leading comments never reach above it.
    let mut prev_end = 0usize;
    for structure in body.iter() {
        let this_prev_end = prev_end;
        if let Some(sp) = structure.span() {
            let suffix = match structure {
                Structure::Attribute(a) => a.decor().suffix().map_or(0, |s| s.len()),
                Structure::Block(_) => 0,
            };
            prev_end = sp.end + suffix;
        }
        let Structure::Attribute(attr) = structure else { continue };
        let name = attr.key.as_str();
        if !remove.contains(&name) {
            continue;
        }
        let span = attr.span().ok_or_else(|| internal(file, "attribute without position"))?;
        // The decor suffix is the rest of the line after the value: blanks, inline comments and
        // a trailing `#` / `//` comment, without the line ending.
        let suffix_len = attr.decor().suffix().map_or(0, |s| s.len());
        let end = span.end + suffix_len;
        let rest = source.get(end..).ok_or_else(|| internal(file, "span outside the file"))?;
        if !(rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")) {
            return Err(internal(file, "attribute does not end a line"));
        }
        // Comment lines directly above the attribute (no blank line between) belong to it and go
        // too: they often describe the secret. The marker keeps the attribute's indentation.
        let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &source[line_start..span.start];
        let floor = cuts.last().map_or(0, |(r, _)| r.end).max(this_prev_end);
        let start =
            if indent.trim().is_empty() { attached_comments_start(source, line_start, floor) } else { span.start };
        let replacement =
            if start == span.start { marker(name, service) } else { format!("{indent}{}", marker(name, service)) };
        cuts.push((start..end, replacement));
    }
    let mut out = String::with_capacity(source.len());
    let mut last = 0;
    for (range, text) in &cuts {
        out.push_str(&source[last..range.start]);
        out.push_str(text);
        last = range.end;
    }
    out.push_str(&source[last..]);
    // The result must still be a valid tfvars file; if it holds no attribute, the file goes.
    let new_body =
        hcl_edit::parser::parse_body(&out).map_err(|_| internal(file, "the scrubbed file does not parse"))?;
    if new_body.is_empty() {
        return Ok(ScrubOutcome::Empty);
    }
    Ok(ScrubOutcome::Rewritten(out))
}

/// Where the run of whole-line comments directly above `line_start` begins (`line_start` if none).
///
/// The gap between `floor` (the end of the previous structure, never inside a comment) and `line_start`
/// holds only comments and white space; it is scanned from the top so that lines inside a multi-line
/// `/* ... */` are never taken for comments of their own. A line counts when it is one whole comment:
/// `# ...`, `// ...`, or `/* ... */` opened and closed on that line.
fn attached_comments_start(source: &str, line_start: usize, floor: usize) -> usize {
    let Some(gap) = source.get(floor.min(line_start)..line_start) else { return line_start };
    let base = floor.min(line_start);
    let mut in_block = false;
    let mut lines: Vec<(usize, bool)> = Vec::new();
    let mut offset = 0;
    for line in gap.split_inclusive('\n') {
        let started_in_block = in_block;
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if in_block {
                if bytes[i..].starts_with(b"*/") {
                    in_block = false;
                    i += 2;
                } else {
                    i += 1;
                }
            } else if bytes[i..].starts_with(b"/*") {
                in_block = true;
                i += 2;
            } else if bytes[i] == b'#' || bytes[i..].starts_with(b"//") {
                break; // the rest of the line is a line comment
            } else {
                i += 1;
            }
        }
        let t = line.trim();
        // A marker left by an earlier import belongs to its own (removed) attribute.
        let marker = t.starts_with("# ") && t.ends_with(" (tfsecrets)") && t.contains(": stored in SSM at /");
        let whole = !started_in_block && !in_block && !t.is_empty() && !marker;
        lines.push((base + offset, whole));
        offset += line.len();
    }
    let mut start = line_start;
    for (line_off, whole) in lines.iter().rev() {
        if !whole {
            break;
        }
        start = *line_off;
    }
    start
}

fn internal(file: &str, what: &str) -> TfvarsError {
    TfvarsError::new(
        K::Syntax,
        file,
        None,
        format!("cannot scrub the file: {what}"),
        "the file was left unchanged; please report this, and remove the values by hand",
    )
}

#[cfg(test)]
mod tests;
