//! Reading the root module's `variable` blocks (spec §7) and the names set by var files / `-var` (W7).

use super::json::{self, JKind, JMember, JVal};
use super::{Declaration, Module, TypeClass, VarFileSetting, is_terraform_command};
use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// The note for a directory without `*.tf` / `*.tf.json` files (spec §7: values pass verbatim).
pub fn no_tf_files_note(dir: &Path) -> String {
    format!("no *.tf or *.tf.json files in {}: values pass verbatim, no variable checks", dir.display())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Native,
    Json,
}

/// Terraform ignores editor droppings: names starting with `.`, ending with `~`, or `#...#`.
fn is_ignored_file(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// `(syntax, is_override)` for a configuration file name, `None` for anything else.
fn config_file_kind(name: &str) -> Option<(Syntax, bool)> {
    let (stem, syntax) = if let Some(stem) = name.strip_suffix(".tf.json") {
        (stem, Syntax::Json)
    } else if let Some(stem) = name.strip_suffix(".tf") {
        (stem, Syntax::Native)
    } else {
        return None;
    };
    Some((syntax, stem == "override" || stem.ends_with("_override")))
}

/// Line (1-based) of byte offset `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A `type` attribute as found: the class and source text, or why terraform will reject it.
type TypeSpec = Result<(TypeClass, String), String>;

/// One `variable` block as written in one file.
struct RawVar {
    name: String,
    line: usize,
    ty: Option<TypeSpec>,
    sensitive: Option<bool>,
}

#[derive(Default)]
struct FileScan {
    vars: Vec<RawVar>,
    profile_refs: Vec<String>,
    notes: Vec<String>,
}

/// Classifies a type expression (spec §7): keywords are primitive/any; constructors and bare list/map collection.
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
fn json_type(value: &JVal) -> TypeSpec {
    let JKind::Str(s) = &value.kind else {
        return Err("the JSON type must be a string holding a type expression".to_owned());
    };
    let expr = hcl_edit::parser::parse_expr(s)
        .map_err(|_| "the JSON type string is not a valid type expression".to_owned())?;
    type_class_of(&expr).map(|c| (c, s.trim().to_owned()))
}

/// `sensitive` must be a literal bool (a literal `"true"`/`"false"` string converts the same way in terraform).
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

fn literal_bool_json(value: &JVal) -> Option<bool> {
    match &value.kind {
        JKind::Bool(b) => Some(*b),
        JKind::Str(s) if s == "true" => Some(true),
        JKind::Str(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn attr_line(body: &Body, key: &str, text: &str, fallback: usize) -> usize {
    body.get_attribute(key).and_then(|a| a.span()).map(|r| line_of(text, r.start)).unwrap_or(fallback)
}

fn block_line(block: &Block, text: &str) -> usize {
    block.ident.span().or_else(|| block.span()).map(|r| line_of(text, r.start)).unwrap_or(1)
}

fn scan_native(text: &str, file: &str) -> Result<FileScan, String> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        format!("{file}:{}:{}: cannot be parsed (terraform will report it)", e.location().line(), e.location().column())
    })?;
    let mut out = FileScan::default();
    for block in body.blocks() {
        let line = block_line(block, text);
        match (block.ident.as_str(), block.labels.as_slice()) {
            ("variable", [label]) => {
                let name = label.as_str().to_owned();
                let ty = block.body.get_attribute("type").map(|a| native_type(&a.value, text));
                let sensitive = match block.body.get_attribute("sensitive") {
                    None => None,
                    Some(a) => {
                        let b = literal_bool_native(&a.value);
                        if b.is_none() {
                            out.notes.push(format!(
                                "{file}:{line}: variable \"{name}\": sensitive is not a literal bool; treated as false"
                            ));
                        }
                        b.or(Some(false))
                    }
                };
                out.vars.push(RawVar { name, line, ty, sensitive });
            }
            ("provider", [label]) if label.as_str() == "aws" && block.body.has_attribute("profile") => {
                let l = attr_line(&block.body, "profile", text, line);
                out.profile_refs.push(format!("{file}:{l}: provider \"aws\" sets profile"));
            }
            ("terraform", []) => {
                for inner in block.body.blocks() {
                    if inner.ident.as_str() == "backend"
                        && matches!(inner.labels.as_slice(), [l] if l.as_str() == "s3")
                        && inner.body.has_attribute("profile")
                    {
                        let l = attr_line(&inner.body, "profile", text, block_line(inner, text));
                        out.profile_refs.push(format!("{file}:{l}: backend \"s3\" sets profile"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn member<'a>(members: &'a [JMember], key: &str) -> Option<&'a JMember> {
    members.iter().find(|m| m.key == key)
}

fn scan_json(text: &str, file: &str) -> Result<FileScan, String> {
    let root = json::parse(text)
        .map_err(|e| format!("{file}:{}:{}: cannot be parsed (terraform will report it)", e.line, e.col))?;
    let Some(top) = root.members() else {
        return Err(format!("{file}:{}: the root must be a JSON object (terraform will report it)", root.line));
    };
    let mut out = FileScan::default();
    for section in top {
        match section.key.as_str() {
            "variable" => {
                for vars in section.value.bodies() {
                    for var in vars.iter().filter(|m| m.key != "//") {
                        for body in var.value.bodies() {
                            let ty = member(body, "type").map(|m| json_type(&m.value));
                            let sensitive = member(body, "sensitive").map(|m| {
                                let b = literal_bool_json(&m.value);
                                if b.is_none() {
                                    out.notes.push(format!(
                                        "{file}:{}: variable \"{}\": sensitive is not a literal bool; treated as false",
                                        m.line, var.key
                                    ));
                                }
                                b.unwrap_or(false)
                            });
                            out.vars.push(RawVar { name: var.key.clone(), line: var.line, ty, sensitive });
                        }
                    }
                }
            }
            "provider" => {
                for providers in section.value.bodies() {
                    for p in providers.iter().filter(|m| m.key == "aws") {
                        for body in p.value.bodies() {
                            if let Some(m) = member(body, "profile") {
                                out.profile_refs.push(format!("{file}:{}: provider \"aws\" sets profile", m.line));
                            }
                        }
                    }
                }
            }
            "terraform" => {
                for tf in section.value.bodies() {
                    for backend in tf.iter().filter(|m| m.key == "backend") {
                        for backends in backend.value.bodies() {
                            for s3 in backends.iter().filter(|m| m.key == "s3") {
                                for body in s3.value.bodies() {
                                    if let Some(m) = member(body, "profile") {
                                        out.profile_refs
                                            .push(format!("{file}:{}: backend \"s3\" sets profile", m.line));
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

fn scan_file(dir: &Path, name: &str, syntax: Syntax) -> Result<FileScan, String> {
    let text = fs::read_to_string(dir.join(name))
        .map_err(|e| format!("{name}: cannot be read ({}); terraform will report it", e.kind()))?;
    match syntax {
        Syntax::Native => scan_native(&text, name),
        Syntax::Json => scan_json(&text, name),
    }
}

/// Reads `*.tf` / `*.tf.json` in `dir` (not recursive), applying override files last (spec §7).
///
/// `Ok(None)` when the directory has no configuration files (or does not exist). A file that cannot be read
/// or parsed, or a declaration with an invalid type, gives a module with `readable == false`, no declarations
/// and a note, so callers pass every value verbatim and let terraform report the problem.
pub fn scan(dir: &Path) -> io::Result<Option<Module>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut primary = Vec::new();
    let mut overrides = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if is_ignored_file(&name) {
            continue;
        }
        let Some((syntax, is_override)) = config_file_kind(&name) else {
            continue;
        };
        // Follow symlinks; skip directories named like files and dangling links.
        if !fs::metadata(entry.path()).map(|m| m.is_file()).unwrap_or(false) {
            continue;
        }
        if is_override {
            overrides.push((name, syntax));
        } else {
            primary.push((name, syntax));
        }
    }
    if primary.is_empty() && overrides.is_empty() {
        return Ok(None);
    }
    primary.sort_by(|a, b| a.0.cmp(&b.0));
    overrides.sort_by(|a, b| a.0.cmp(&b.0));

    let mut module = Module {
        dir: dir.to_path_buf(),
        declarations: BTreeMap::new(),
        notes: Vec::new(),
        var_files: var_file_settings(dir, &[]),
        aws_profile_refs: Vec::new(),
        readable: true,
    };
    let mut broken: Vec<String> = Vec::new();
    let mut decls: BTreeMap<String, Declaration> = BTreeMap::new();

    for (name, syntax) in &primary {
        let scanned = match scan_file(dir, name, *syntax) {
            Ok(s) => s,
            Err(note) => {
                broken.push(note);
                continue;
            }
        };
        module.notes.extend(scanned.notes);
        module.aws_profile_refs.extend(scanned.profile_refs);
        for var in scanned.vars {
            if let Some(existing) = decls.get(&var.name) {
                module.notes.push(format!(
                    "{name}:{}: duplicate declaration of variable \"{}\" (first at {}:{}); terraform will report it",
                    var.line, var.name, existing.file, existing.line
                ));
                continue;
            }
            let (class, type_text) = match var.ty {
                None => (TypeClass::Untyped, None),
                Some(Ok((class, text))) => (class, Some(text)),
                Some(Err(why)) => {
                    broken.push(format!(
                        "{name}:{}: variable \"{}\" has an invalid type: {why} (terraform will report it)",
                        var.line, var.name
                    ));
                    continue;
                }
            };
            decls.insert(
                var.name.clone(),
                Declaration {
                    name: var.name,
                    class,
                    type_text,
                    sensitive: var.sensitive.unwrap_or(false),
                    file: name.clone(),
                    line: var.line,
                    overrides: Vec::new(),
                },
            );
        }
    }

    for (name, syntax) in &overrides {
        let scanned = match scan_file(dir, name, *syntax) {
            Ok(s) => s,
            Err(note) => {
                broken.push(note);
                continue;
            }
        };
        module.notes.extend(scanned.notes);
        module.aws_profile_refs.extend(scanned.profile_refs);
        for var in scanned.vars {
            let Some(decl) = decls.get_mut(&var.name) else {
                module.notes.push(format!(
                    "{name}:{}: override for undeclared variable \"{}\"; terraform will report it",
                    var.line, var.name
                ));
                continue;
            };
            match var.ty {
                None => {}
                Some(Ok((class, text))) => {
                    decl.class = class;
                    decl.type_text = Some(text);
                }
                Some(Err(why)) => {
                    broken.push(format!(
                        "{name}:{}: variable \"{}\" has an invalid type: {why} (terraform will report it)",
                        var.line, var.name
                    ));
                    continue;
                }
            }
            if let Some(s) = var.sensitive {
                decl.sensitive = s;
            }
            decl.overrides.push(format!("{name}:{}", var.line));
        }
    }

    if broken.is_empty() {
        module.declarations = decls;
    } else {
        module.readable = false;
        module.notes.extend(broken);
        module.notes.push(format!(
            "variable declarations in {} not used: values pass verbatim, no variable checks",
            dir.display()
        ));
    }
    Ok(Some(module))
}

/// Top-level attribute names (with lines) of a `.tfvars` / `.tfvars.json` text; `None` when unparsable.
fn tfvars_names(text: &str, json_syntax: bool) -> Option<Vec<(String, usize)>> {
    if json_syntax {
        let root = json::parse(text).ok()?;
        let members = root.members()?;
        Some(members.iter().map(|m| (m.key.clone(), m.line)).collect())
    } else {
        let body = hcl_edit::parser::parse_body(text).ok()?;
        Some(
            body.attributes()
                .map(|a| {
                    let line = a.key.span().or_else(|| a.span()).map(|r| line_of(text, r.start)).unwrap_or(1);
                    (a.key.as_str().to_owned(), line)
                })
                .collect(),
        )
    }
}

fn push_file_settings(out: &mut Vec<VarFileSetting>, path: &Path, shown: &str) {
    let Ok(text) = fs::read_to_string(path) else {
        return;
    };
    let Some(names) = tfvars_names(&text, shown.ends_with(".json")) else {
        return;
    };
    for (name, line) in names {
        out.push(VarFileSetting { source: format!("{shown}:{line}"), name });
    }
}

/// Splits `-var`, `--var=X`, `-var-file X`... into (flag name, inline value).
fn split_flag(arg: &str) -> Option<(&str, Option<&str>)> {
    let body = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'))?;
    match body.split_once('=') {
        Some((flag, value)) => Some((flag, Some(value))),
        None => Some((body, None)),
    }
}

/// Names set in terraform's auto-loaded var files in `dir` and by `-var NAME=..` / `-var-file=F` in `argv` (W7).
///
/// Files in load order: `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars[.json]` by name.
/// Arguments are read only when argv[0] is terraform/tofu; `-var-file` paths are relative to `dir` (terraform
/// changes into the `-chdir` directory first). Unparsable files contribute nothing (terraform reports them).
pub fn var_file_settings(dir: &Path, argv: &[String]) -> Vec<VarFileSetting> {
    let mut out = Vec::new();
    for fixed in ["terraform.tfvars", "terraform.tfvars.json"] {
        let path = dir.join(fixed);
        if path.is_file() {
            push_file_settings(&mut out, &path, fixed);
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let mut auto: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
            .filter(|n| dir.join(n).is_file())
            .collect();
        auto.sort();
        for name in auto {
            push_file_settings(&mut out, &dir.join(&name), &name);
        }
    }

    let Some((argv0, rest)) = argv.split_first() else {
        return out;
    };
    if !is_terraform_command(argv0) {
        return out;
    }
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let Some((flag, inline)) = split_flag(arg) else {
            continue;
        };
        match flag {
            "var" => {
                let value = match inline {
                    Some(v) => Some(v),
                    None => args.next().map(String::as_str),
                };
                if let Some((name, _)) = value.and_then(|v| v.split_once('=')) {
                    out.push(VarFileSetting { source: "-var".to_owned(), name: name.trim().to_owned() });
                }
            }
            "var-file" => {
                let file = match inline {
                    Some(v) => Some(v),
                    None => args.next().map(String::as_str),
                };
                if let Some(file) = file.filter(|f| !f.is_empty()) {
                    push_file_settings(&mut out, &dir.join(file), file);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::write(dir.join(name), text).expect("write test file");
    }

    fn scan_ok(dir: &Path) -> Module {
        scan(dir).expect("io ok").expect("has tf files")
    }

    #[test]
    fn no_tf_files_is_none() {
        let d = tempfile::tempdir().expect("tempdir");
        assert!(scan(d.path()).expect("io").is_none());
        write(d.path(), "terragrunt.hcl", "inputs = {}\n");
        write(d.path(), "notes.tf.bak", "");
        assert!(scan(d.path()).expect("io").is_none());
        assert!(scan(&d.path().join("missing")).expect("io").is_none());
        assert!(no_tf_files_note(Path::new("/x")).contains("/x"));
    }

    #[test]
    fn scans_native_declarations() {
        let d = tempfile::tempdir().expect("tempdir");
        write(
            d.path(),
            "main.tf",
            r#"# header
variable "plain" {}

variable "s" {
  type      = string
  sensitive = true
}
variable "n" { type = number }
variable "b" { type = bool }
variable "a" { type = any }
variable "l" {
  type = list(string)
}
variable "m" { type = map(any) }
variable "bare" { type = list }
variable "o" {
  type = object({
    a = string
    b = optional(number)
  })
}
variable "t" { type = tuple([string, number]) }
variable "st" { type = set(string) }
variable "paren" { type = (number) }
provider "aws" {
  region  = "eu-west-1"
  profile = "dev"
}
provider "google" { profile = "x" }
terraform {
  backend "s3" {
    bucket  = "b"
    profile = "p"
  }
}
"#,
        );
        let m = scan_ok(d.path());
        assert!(m.readable, "{:?}", m.notes);
        assert!(m.notes.is_empty(), "{:?}", m.notes);
        let get = |n: &str| m.declarations.get(n).expect(n);
        assert_eq!(get("plain").class, TypeClass::Untyped);
        assert_eq!(get("plain").type_text, None);
        assert_eq!(get("plain").line, 2);
        assert_eq!(get("plain").file, "main.tf");
        let s = get("s");
        assert_eq!((s.class, s.sensitive, s.line), (TypeClass::String, true, 4));
        assert_eq!(s.type_text.as_deref(), Some("string"));
        assert_eq!(get("n").class, TypeClass::Number);
        assert!(!get("n").sensitive);
        assert_eq!(get("b").class, TypeClass::Bool);
        assert_eq!(get("a").class, TypeClass::Any);
        assert_eq!(get("l").class, TypeClass::Collection);
        assert_eq!(get("l").type_text.as_deref(), Some("list(string)"));
        assert_eq!(get("m").class, TypeClass::Collection);
        assert_eq!(get("bare").class, TypeClass::Collection);
        assert_eq!(get("o").class, TypeClass::Collection);
        assert!(get("o").type_text.as_deref().expect("text").starts_with("object({"));
        assert_eq!(get("t").class, TypeClass::Collection);
        assert_eq!(get("st").class, TypeClass::Collection);
        assert_eq!(get("paren").class, TypeClass::Number);
        assert_eq!(
            m.aws_profile_refs,
            vec!["main.tf:27: provider \"aws\" sets profile", "main.tf:33: backend \"s3\" sets profile"]
        );
    }

    #[test]
    fn scans_json_declarations() {
        let d = tempfile::tempdir().expect("tempdir");
        write(
            d.path(),
            "vars.tf.json",
            r#"{
  "//": "comment",
  "variable": {
    "tags": {"type": "map(string)", "sensitive": true},
    "port": {
      "type": "number"
    },
    "free": {},
    "any_v": {"type": "any", "sensitive": false}
  },
  "provider": {"aws": [{"region": "x"}, {"alias": "b",
     "profile": "p"}]}
}
"#,
        );
        write(d.path(), "more.tf.json", r#"{"variable": [{"x": {"type": "bool"}}]}"#);
        let m = scan_ok(d.path());
        assert!(m.readable, "{:?}", m.notes);
        let tags = &m.declarations["tags"];
        assert_eq!((tags.class, tags.sensitive, tags.line), (TypeClass::Collection, true, 4));
        assert_eq!(tags.type_text.as_deref(), Some("map(string)"));
        assert_eq!(tags.file, "vars.tf.json");
        assert_eq!((m.declarations["port"].class, m.declarations["port"].line), (TypeClass::Number, 5));
        assert_eq!(m.declarations["free"].class, TypeClass::Untyped);
        assert_eq!(m.declarations["any_v"].class, TypeClass::Any);
        assert_eq!(m.declarations["x"].class, TypeClass::Bool);
        assert_eq!(m.declarations["x"].file, "more.tf.json");
        assert_eq!(m.aws_profile_refs, vec!["vars.tf.json:12: provider \"aws\" sets profile"]);
    }

    #[test]
    fn overrides_apply_last() {
        let d = tempfile::tempdir().expect("tempdir");
        write(
            d.path(),
            "main.tf",
            "variable \"a\" {\n  type = string\n}\nvariable \"b\" {\n  type = number\n  sensitive = true\n}\nvariable \"c\" {}\n",
        );
        // Sorted before main.tf, but applied after it.
        write(d.path(), "a_override.tf", "variable \"a\" {\n  type = list(string)\n}\n");
        write(d.path(), "override.tf.json", r#"{"variable": {"b": {"sensitive": false}}}"#);
        write(d.path(), "z_override.tf", "variable \"c\" {\n  sensitive = true\n}\nvariable \"ghost\" {}\n");
        let m = scan_ok(d.path());
        assert!(m.readable);
        let a = &m.declarations["a"];
        assert_eq!(a.class, TypeClass::Collection);
        assert_eq!(a.type_text.as_deref(), Some("list(string)"));
        assert_eq!((a.file.as_str(), a.line), ("main.tf", 1));
        assert_eq!(a.overrides, vec!["a_override.tf:1"]);
        assert_eq!(a.location(), "main.tf:1, overridden at a_override.tf:1");
        let b = &m.declarations["b"];
        assert_eq!((b.class, b.sensitive), (TypeClass::Number, false));
        assert_eq!(b.overrides, vec!["override.tf.json:1"]);
        let c = &m.declarations["c"];
        assert_eq!((c.class, c.sensitive), (TypeClass::Untyped, true));
        assert!(!m.declarations.contains_key("ghost"));
        assert_eq!(m.notes.len(), 1);
        assert!(m.notes[0].contains("override for undeclared variable \"ghost\""));
    }

    #[test]
    fn parse_failure_makes_module_unreadable() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "main.tf", "variable \"a\" { type = string }\n");
        write(d.path(), "broken.tf", "variable \"b\" {\n  type = \n");
        let m = scan_ok(d.path());
        assert!(!m.readable);
        assert!(m.declarations.is_empty());
        assert!(m.notes.iter().any(|n| n.starts_with("broken.tf:") && n.contains("cannot be parsed")), "{:?}", m.notes);
        assert!(m.declaration("a").is_none());

        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "main.tf.json", "{\"variable\": {\"a\": {\"type\": \"string\"}},}");
        let m = scan_ok(d.path());
        assert!(!m.readable);
        assert!(m.notes[0].starts_with("main.tf.json:1:"), "{:?}", m.notes);
    }

    #[test]
    fn invalid_types_make_module_unreadable() {
        for ty in ["\"string\"", "strng", "lst(string)", "1"] {
            let d = tempfile::tempdir().expect("tempdir");
            write(d.path(), "main.tf", &format!("variable \"a\" {{\n  type = {ty}\n}}\n"));
            let m = scan_ok(d.path());
            assert!(!m.readable, "{ty}");
            assert!(m.notes[0].contains("invalid type"), "{:?}", m.notes);
        }
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "main.tf.json", r#"{"variable": {"a": {"type": 5}}}"#);
        assert!(!scan_ok(d.path()).readable);
    }

    #[test]
    fn duplicates_ignored_files_and_not_recursive() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "a.tf", "variable \"x\" { type = number }\n");
        write(d.path(), "b.tf", "\n\nvariable \"x\" { type = string }\n");
        write(d.path(), ".hidden.tf", "variable \"h\" {}\n");
        write(d.path(), "#tmp.tf#", "variable \"h2\" {}\n");
        write(d.path(), "c.tf~", "variable \"h3\" {}\n");
        fs::create_dir(d.path().join("modules")).expect("mkdir");
        write(&d.path().join("modules"), "m.tf", "variable \"sub\" {}\n");
        fs::create_dir(d.path().join("dir.tf")).expect("mkdir");
        let m = scan_ok(d.path());
        assert!(m.readable);
        assert_eq!(m.declarations.keys().collect::<Vec<_>>(), vec!["x"]);
        assert_eq!(m.declarations["x"].class, TypeClass::Number);
        assert_eq!(
            m.notes,
            vec!["b.tf:3: duplicate declaration of variable \"x\" (first at a.tf:1); terraform will report it"]
        );
        assert_eq!(m.dir, PathBuf::from(d.path()));
    }

    #[test]
    fn sensitive_must_be_literal() {
        let d = tempfile::tempdir().expect("tempdir");
        write(
            d.path(),
            "main.tf",
            "variable \"a\" {\n  sensitive = local.x\n}\nvariable \"b\" {\n  sensitive = \"true\"\n}\n",
        );
        let m = scan_ok(d.path());
        assert!(!m.declarations["a"].sensitive);
        assert!(m.declarations["b"].sensitive);
        assert_eq!(m.notes.len(), 1);
    }

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn var_files_and_args_for_w7() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "terraform.tfvars", "# c\nregion = \"x\"\n\ndb_password = \"\"\n");
        write(d.path(), "terraform.tfvars.json", "{\n  \"tags\": {}\n}\n");
        write(d.path(), "b.auto.tfvars", "b = 1\n");
        write(d.path(), "a.auto.tfvars.json", "{\"a\": 1}");
        write(d.path(), "other.tfvars", "ignored = 1\n");
        write(d.path(), "broken.auto.tfvars", "x = \n");
        write(d.path(), "prod.tfvars", "\npw = \"z\"\n");
        write(d.path(), "extra.tfvars.json", "{\"j\": 2}");
        let got: Vec<(String, String)> = var_file_settings(
            d.path(),
            &argv(&[
                "terraform",
                "-chdir=.",
                "apply",
                "-var",
                "k1=v",
                "-var=k2=v=w",
                "--var=k3=",
                "-var",
                "novalue",
                "-var-file=prod.tfvars",
                "-var-file",
                "extra.tfvars.json",
                "-var-file=missing.tfvars",
                "--",
                "-var=after=1",
            ]),
        )
        .into_iter()
        .map(|s| (s.source, s.name))
        .collect();
        let want: Vec<(String, String)> = [
            ("terraform.tfvars:2", "region"),
            ("terraform.tfvars:4", "db_password"),
            ("terraform.tfvars.json:2", "tags"),
            ("a.auto.tfvars.json:1", "a"),
            ("b.auto.tfvars:1", "b"),
            ("-var", "k1"),
            ("-var", "k2"),
            ("-var", "k3"),
            ("prod.tfvars:2", "pw"),
            ("extra.tfvars.json:1", "j"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);

        // Non-terraform commands: only the directory's files.
        assert_eq!(var_file_settings(d.path(), &argv(&["sh", "-var", "q=1"])).len(), 5);
        // scan() records the directory's files too.
        write(d.path(), "main.tf", "variable \"db_password\" {}\n");
        assert_eq!(scan_ok(d.path()).var_files.len(), 5);
    }
}
