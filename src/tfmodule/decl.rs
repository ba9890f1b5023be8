//! One configuration file's `variable` blocks (type, `sensitive`, line) and the AWS provider or s3 backend
//! settings that name a profile (docs/terraform-vars.md §6), in native (`*.tf`) and JSON (`*.tf.json`) syntax.

use super::TypeClass;
use crate::text::Lines;
use crate::text::hcl as text_hcl;
use crate::text::json::{self, DuplicateKeys, Kind, Member, Root, Value};
use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use std::fs;
use std::path::Path;

/// The syntax of a configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `*.tf`.
    Native,
    /// `*.tf.json`.
    Json,
}

/// A `type` attribute as found: the class and source text, or why terraform will reject it.
pub(crate) type TypeSpec = Result<(TypeClass, String), String>;

/// One `variable` block as written in one file.
pub(crate) struct RawVar {
    /// The label: the variable's name.
    pub(crate) name: String,
    /// 1-based line of the `variable` keyword (or of the JSON name key).
    pub(crate) line: usize,
    /// The `type` attribute, if any.
    pub(crate) ty: Option<TypeSpec>,
    /// A literal `sensitive` (a non-literal one counts as `false`, with a note).
    pub(crate) sensitive: Option<bool>,
    /// A literal `ephemeral` (terraform >= 1.10; a non-literal one counts as `false`, with a note).
    pub(crate) ephemeral: Option<bool>,
}

/// What one file declares.
#[derive(Default)]
pub(crate) struct FileScan {
    /// `variable` blocks in file order.
    pub(crate) vars: Vec<RawVar>,
    /// `main.tf:3: provider "aws" sets profile` lines.
    pub(crate) profile_refs: Vec<String>,
    /// Notes for stderr.
    pub(crate) notes: Vec<String>,
}

/// Classifies a type expression (docs/terraform-vars.md §6): keywords are primitive/any; constructors and
/// bare list/map are collections.
fn type_class_of(expr: &Expression) -> Result<TypeClass, String> {
    match expr {
        Expression::Parenthesis(p) => type_class_of(p.inner()),
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(TypeClass::String),
            "number" => Ok(TypeClass::Number),
            "bool" => Ok(TypeClass::Bool),
            "any" => Ok(TypeClass::Any),
            "list" | "map" => Ok(TypeClass::Collection),
            other => Err(format!("\"{other}\" is not a valid type keyword")),
        },
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            match name {
                "list" | "map" | "set" | "object" | "tuple" if !call.name.is_namespaced() => Ok(TypeClass::Collection),
                _ => Err(format!("\"{name}\" is not a type constructor")),
            }
        }
        Expression::String(_) | Expression::StringTemplate(_) => {
            Err("quoted type constraints are not allowed".to_owned())
        }
        _ => Err("not a type expression".to_owned()),
    }
}

/// Type of a native `type = ...` attribute, with its source text.
fn native_type(expr: &Expression, text: &str) -> TypeSpec {
    let src = expr
        .span()
        .and_then(|r| text.get(r))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| expr.to_string().trim().to_owned());
    type_class_of(expr).map(|c| (c, src))
}

/// Type of a JSON `"type": "..."` member: the string holds the type expression.
fn json_type(value: &Value) -> TypeSpec {
    let Some(s) = value.as_str() else {
        return Err("the JSON type must be a string holding a type expression".to_owned());
    };
    let expr = text_hcl::parse_expr(s).map_err(|_| "the JSON type string is not a valid type expression".to_owned())?;
    type_class_of(&expr).map(|c| (c, s.trim().to_owned()))
}

/// `sensitive` and `ephemeral` must be literal bools (a literal `"true"`/`"false"` string converts the same way in
/// terraform).
fn literal_bool_native(expr: &Expression) -> Option<bool> {
    match expr {
        Expression::Bool(b) => Some(**b),
        Expression::String(s) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn literal_bool_json(value: &Value) -> Option<bool> {
    match (&value.kind, value.as_str()) {
        (Kind::Bool(b), _) => Some(*b),
        (_, Some("true")) => Some(true),
        (_, Some("false")) => Some(false),
        _ => None,
    }
}

/// The note for a `sensitive` or `ephemeral` that is not a literal bool.
fn not_literal_note(file: &str, line: usize, name: &str, attr: &str) -> String {
    format!("{file}:{line}: variable \"{name}\": {attr} is not a literal bool; treated as false")
}

fn attr_line(body: &Body, key: &str, lines: &Lines, fallback: usize) -> usize {
    body.get_attribute(key).and_then(|a| a.span()).map_or(fallback, |r| lines.line(r.start))
}

fn block_line(block: &Block, lines: &Lines) -> usize {
    block.ident.span().or_else(|| block.span()).map_or(1, |r| lines.line(r.start))
}

fn scan_native(text: &str, file: &str) -> Result<FileScan, String> {
    let body = text_hcl::parse_body(text)
        .map_err(|e| format!("{file}:{}: cannot be parsed (terraform will report it)", e.pos))?;
    let lines = Lines::new(text);
    let mut out = FileScan::default();
    for block in body.blocks() {
        let line = block_line(block, &lines);
        match (block.ident.as_str(), block.labels.as_slice()) {
            ("variable", [label]) => {
                let name = label.as_str().to_owned();
                let ty = block.body.get_attribute("type").map(|a| native_type(&a.value, text));
                let mut flag = |attr: &str| {
                    let b = literal_bool_native(&block.body.get_attribute(attr)?.value);
                    if b.is_none() {
                        out.notes.push(not_literal_note(file, line, &name, attr));
                    }
                    Some(b.unwrap_or(false))
                };
                let (sensitive, ephemeral) = (flag("sensitive"), flag("ephemeral"));
                out.vars.push(RawVar { name, line, ty, sensitive, ephemeral });
            }
            ("provider", [label]) if label.as_str() == "aws" && block.body.has_attribute("profile") => {
                let l = attr_line(&block.body, "profile", &lines, line);
                out.profile_refs.push(format!("{file}:{l}: provider \"aws\" sets profile"));
            }
            ("terraform", []) => {
                for inner in block.body.blocks() {
                    if inner.ident.as_str() == "backend"
                        && matches!(inner.labels.as_slice(), [l] if l.as_str() == "s3")
                        && inner.body.has_attribute("profile")
                    {
                        let l = attr_line(&inner.body, "profile", &lines, block_line(inner, &lines));
                        out.profile_refs.push(format!("{file}:{l}: backend \"s3\" sets profile"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn member<'a>(members: &'a [Member], key: &str) -> Option<&'a Member> {
    members.iter().find(|m| m.key() == key)
}

/// HCL JSON block bodies: an object is one body, an array of objects is several.
fn bodies(value: &Value) -> Vec<&[Member]> {
    match &value.kind {
        Kind::Object(m) => vec![m.as_slice()],
        Kind::Array(items) => items.iter().filter_map(Value::members).collect(),
        _ => Vec::new(),
    }
}

fn scan_json(text: &str, file: &str) -> Result<FileScan, String> {
    let root = json::parse(text, Root::Any, DuplicateKeys::Keep)
        .map_err(|e| format!("{file}:{}: cannot be parsed (terraform will report it)", e.pos))?;
    let lines = Lines::new(text);
    let Some(top) = root.members() else {
        let line = lines.line(root.span.start);
        return Err(format!("{file}:{line}: the root must be a JSON object (terraform will report it)"));
    };
    let mut out = FileScan::default();
    for section in top {
        match section.key() {
            "variable" => {
                for vars in bodies(&section.value) {
                    for var in vars.iter().filter(|m| m.key() != "//") {
                        for body in bodies(&var.value) {
                            let ty = member(body, "type").map(|m| json_type(&m.value));
                            let mut flag = |attr: &str| {
                                let m = member(body, attr)?;
                                let b = literal_bool_json(&m.value);
                                if b.is_none() {
                                    out.notes.push(not_literal_note(file, lines.line(m.key_offset), var.key(), attr));
                                }
                                Some(b.unwrap_or(false))
                            };
                            let (sensitive, ephemeral) = (flag("sensitive"), flag("ephemeral"));
                            let (name, line) = (var.key().to_owned(), lines.line(var.key_offset));
                            out.vars.push(RawVar { name, line, ty, sensitive, ephemeral });
                        }
                    }
                }
            }
            "provider" => {
                for providers in bodies(&section.value) {
                    for p in providers.iter().filter(|m| m.key() == "aws") {
                        for body in bodies(&p.value) {
                            if let Some(m) = member(body, "profile") {
                                let line = lines.line(m.key_offset);
                                out.profile_refs.push(format!("{file}:{line}: provider \"aws\" sets profile"));
                            }
                        }
                    }
                }
            }
            "terraform" => {
                for tf in bodies(&section.value) {
                    for backend in tf.iter().filter(|m| m.key() == "backend") {
                        for backends in bodies(&backend.value) {
                            for s3 in backends.iter().filter(|m| m.key() == "s3") {
                                for body in bodies(&s3.value) {
                                    if let Some(m) = member(body, "profile") {
                                        let line = lines.line(m.key_offset);
                                        out.profile_refs.push(format!("{file}:{line}: backend \"s3\" sets profile"));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Reads one configuration file; the error is a note for stderr (terraform reports the problem itself).
pub(crate) fn scan_file(dir: &Path, name: &str, syntax: Syntax) -> Result<FileScan, String> {
    let text = fs::read_to_string(dir.join(name))
        .map_err(|e| format!("{name}: cannot be read ({}); terraform will report it", e.kind()))?;
    match syntax {
        Syntax::Native => scan_native(&text, name),
        Syntax::Json => scan_json(&text, name),
    }
}
