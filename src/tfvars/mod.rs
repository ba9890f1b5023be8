//! Reading Terraform `.tfvars` / `.tfvars.json` files, encoding their values for SSM and `TF_VAR_`, and
//! scrubbing imported attributes out of the file (docs/terraform-vars.md §3, §4, §5).
//!
//! One parse per file: [`parse`] evaluates every attribute once and keeps, next to the values, where each
//! attribute sits in the text (a [`Parsed`] owns a wiped copy of its source), so [`Parsed::scrub`] computes
//! the scrubbed text without parsing or evaluating the file again. Writing that text to disk is the caller's.
//!
//! Nothing in this module prints, formats or panics with a value from the file: errors carry positions,
//! attribute names and fixed texts only.

mod encode;
mod json;
mod native;
mod scrub;
mod varfiles;

use crate::secret::Secret;
use std::fmt;
use std::ops::Range;

pub use crate::text::Pos;
pub use encode::{canonical_number, hcl_string_literal};
pub use varfiles::{auto_loaded_files, names_in_file};

/// Which HCL syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// HCL native syntax (`*.tfvars`).
    Native,
    /// HCL JSON syntax (`*.tfvars.json`).
    Json,
}

impl Syntax {
    /// Chooses the syntax from a file name as terraform does: a name ending in `.json` is JSON.
    pub fn from_file_name(name: &str) -> Syntax {
        if name.ends_with(".json") { Syntax::Json } else { Syntax::Native }
    }
}

/// The type of an evaluated top-level value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-empty string, stored raw.
    String,
    /// A number, stored as a canonical decimal.
    Number,
    /// A bool, stored as `true` / `false`.
    Bool,
    /// A list, tuple or set, stored as compact HCL-safe JSON.
    List,
    /// A map or object, stored as compact HCL-safe JSON.
    Map,
    /// `null`: cannot be stored, stays in the file.
    Null,
    /// `""`: cannot be stored (SSM refuses empty values), stays in the file.
    EmptyString,
}

impl ValueKind {
    /// Whether a value of this kind can be stored in SSM.
    pub fn is_storable(self) -> bool {
        !matches!(self, ValueKind::Null | ValueKind::EmptyString)
    }
}

/// One top-level attribute of a tfvars file.
#[derive(Debug, Clone)]
pub struct Variable {
    /// The attribute name exactly as written.
    pub name: String,
    /// The stored text (docs/terraform-vars.md §4); `None` for `null` and `""`.
    pub value: Option<Secret>,
    /// The type of the evaluated value.
    pub kind: ValueKind,
    /// Where the attribute starts.
    pub pos: Pos,
    /// Byte range of the attribute in the source: `name = value` (native), `"name": value` (JSON).
    pub span: Range<usize>,
}

/// The result of [`parse`]: every top-level attribute in file order, and what [`Parsed::scrub`] needs.
///
/// `vars` may be taken out (`std::mem::take`) and the scrub still works: it uses only the layout.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The syntax the file was parsed with.
    pub syntax: Syntax,
    /// The attributes in file order.
    pub vars: Vec<Variable>,
    /// The source and where each attribute sits in it.
    layout: scrub::Layout,
}

impl Parsed {
    /// The text of the file without the named attributes (docs/terraform-vars.md §4 "Scrub"), computed from
    /// this parse: the file is neither parsed nor evaluated again. Errors use the parse's file label.
    pub fn scrub(&self, remove: &[&str], service: &str) -> Result<ScrubOutcome, TfvarsError> {
        self.layout.scrub(remove, service)
    }
}

/// The result of a scrub. Its `Debug` output shows only the content's length (the remaining file may still
/// hold values that were not imported); the content is a [`Secret`] for the same reason.
#[derive(Clone, PartialEq, Eq)]
pub enum ScrubOutcome {
    /// The new file content.
    Rewritten(Secret),
    /// Nothing but whitespace, comments and markers would remain: the caller removes the file.
    Empty,
}

impl fmt::Debug for ScrubOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScrubOutcome::Rewritten(s) => write!(f, "Rewritten(<{} bytes>)", s.len()),
            ScrubOutcome::Empty => f.write_str("Empty"),
        }
    }
}

/// What went wrong in a tfvars file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TfvarsErrorKind {
    /// Malformed HCL or JSON, or a NUL byte.
    Syntax,
    /// A `variable` block.
    VariableBlock,
    /// Any other block.
    Block,
    /// A function call, a reference or an interpolation that references something.
    NotLiteral,
    /// The same attribute (or JSON object key) twice.
    DuplicateAttribute,
    /// A name that is not a terraform identifier, names that differ only in case, or a bad service.
    InvalidName,
    /// The bytes are not UTF-8.
    NotUtf8,
    /// The file holds no attribute.
    Empty,
    /// Nesting deeper than [`MAX_DEPTH`](crate::text::MAX_DEPTH) (or the HCL parser's own limit).
    TooDeep,
    /// An expression without references that still cannot be evaluated (e.g. `"a" + 1`).
    Eval,
    /// [`Parsed::scrub`] was asked to remove an attribute the file does not have.
    NotFound,
}

/// An error in a tfvars file; it never contains a value from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfvarsError {
    /// What went wrong.
    pub kind: TfvarsErrorKind,
    /// The file label given by the caller.
    pub file: String,
    /// Where, when known.
    pub pos: Option<Pos>,
    /// What is wrong (no value text).
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl TfvarsError {
    /// Builds an error.
    pub(crate) fn new(
        kind: TfvarsErrorKind,
        file: &str,
        pos: Option<Pos>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> TfvarsError {
        TfvarsError { kind, file: file.to_owned(), pos, message: message.into(), hint: hint.into() }
    }

    /// The error for a text nested deeper than [`MAX_DEPTH`](crate::text::MAX_DEPTH) (or than the HCL parser's
    /// own limit).
    fn too_deep(file: &str, pos: Pos, message: String) -> TfvarsError {
        let hint = "flatten the value; terraform variables this deep are not supported";
        TfvarsError::new(TfvarsErrorKind::TooDeep, file, Some(pos), message, hint)
    }

    /// The error for a file without attributes.
    fn empty(file: &str) -> TfvarsError {
        let hint = "nothing to import; check the file name";
        TfvarsError::new(TfvarsErrorKind::Empty, file, None, "the file holds no variables", hint)
    }
}

impl fmt::Display for TfvarsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.col, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if !self.hint.is_empty() {
            write!(f, ". {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for TfvarsError {}

/// Checks that `bytes` are UTF-8; otherwise reports the line:col of the first invalid byte.
pub fn decode_utf8<'a>(bytes: &'a [u8], file_label: &str) -> Result<&'a str, TfvarsError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.valid_up_to();
            // The prefix is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            Err(TfvarsError::new(
                TfvarsErrorKind::NotUtf8,
                file_label,
                Some(Pos::at_offset(prefix, valid)),
                "the file is not valid UTF-8",
                "terraform reads .tfvars files as UTF-8; convert the file (e.g. with iconv) and try again",
            ))
        }
    }
}

/// Parses and evaluates a tfvars file: every top-level attribute with its stored text (docs/terraform-vars.md
/// §3, §4), and the layout [`Parsed::scrub`] works from.
pub fn parse(source: &str, syntax: Syntax, file_label: &str) -> Result<Parsed, TfvarsError> {
    if let Some(off) = source.find('\0') {
        return Err(TfvarsError::new(
            TfvarsErrorKind::Syntax,
            file_label,
            Some(Pos::at_offset(source, off)),
            "NUL byte in the file",
            "a .tfvars file is text; remove the NUL byte or check that this is the right file",
        ));
    }
    let (vars, placed) = match syntax {
        Syntax::Native => {
            let (vars, placed) = native::parse(source, file_label)?;
            (vars, scrub::Placed::Native(placed))
        }
        Syntax::Json => {
            let (vars, members) = json::parse(source, file_label)?;
            (vars, scrub::Placed::Json(members))
        }
    };
    check_names(&vars, file_label)?;
    Ok(Parsed { syntax, vars, layout: scrub::Layout::new(source, file_label, placed) })
}

/// Parses `source` and scrubs the named attributes from it (see [`Parsed::scrub`]); errors use the label
/// `<input>`. For callers that have not parsed the text already.
pub fn scrub(source: &str, syntax: Syntax, remove: &[&str], service: &str) -> Result<ScrubOutcome, TfvarsError> {
    parse(source, syntax, "<input>")?.scrub(remove, service)
}

/// The marker line body written in place of a scrubbed native attribute.
pub fn marker(name: &str, service: &str) -> String {
    format!("# {name}: stored in SSM at /{service}/{name} (tfsecrets)")
}

/// Validates names: terraform identifiers (which chamber's key rule also accepts) and no two names equal
/// ignoring ASCII case (docs/terraform-vars.md §4).
fn check_names(vars: &[Variable], file: &str) -> Result<(), TfvarsError> {
    let mut seen: std::collections::HashMap<String, (&str, Pos)> = std::collections::HashMap::new();
    for v in vars {
        if !crate::naming::is_terraform_identifier(&v.name) {
            return Err(TfvarsError::new(
                TfvarsErrorKind::InvalidName,
                file,
                Some(v.pos),
                format!("{:?} is not a valid variable name for tfsecrets", v.name),
                "names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable",
            ));
        }
        let lower = v.name.to_ascii_lowercase();
        if let Some((other, pos)) = seen.get(&lower) {
            return Err(TfvarsError::new(
                TfvarsErrorKind::InvalidName,
                file,
                Some(v.pos),
                format!("{:?} differs only in case from {:?} (line {})", v.name, other, pos.line),
                "chamber lowercases keys, so both would be the same secret for chamber users; rename one of them",
            ));
        }
        seen.insert(lower, (&v.name, v.pos));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_from_file_name() {
        assert_eq!(Syntax::from_file_name("a.tfvars.json"), Syntax::Json);
        assert_eq!(Syntax::from_file_name("x.json"), Syntax::Json);
        assert_eq!(Syntax::from_file_name("a.tfvars"), Syntax::Native);
        assert_eq!(Syntax::from_file_name("a.auto.tfvars"), Syntax::Native);
    }

    #[test]
    fn pos_at_offset_counts_chars() {
        let s = "ab\n😀x\r\ny";
        assert_eq!(Pos::at_offset(s, 0), Pos { line: 1, col: 1 });
        assert_eq!(Pos::at_offset(s, 3), Pos { line: 2, col: 1 });
        assert_eq!(Pos::at_offset(s, 7), Pos { line: 2, col: 2 });
        assert_eq!(Pos::at_offset(s, 10), Pos { line: 3, col: 1 });
        assert_eq!(Pos::at_offset(s, 999), Pos { line: 3, col: 2 });
    }

    #[test]
    fn decode_utf8_reports_first_invalid_byte() {
        assert_eq!(decode_utf8(b"a = 1\n", "f").ok(), Some("a = 1\n"));
        let e = decode_utf8(b"a = 1\nb = \"\xc3\xa9\xff\"\n", "f.tfvars").err();
        let e = e.as_ref().map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::NotUtf8, Some(Pos { line: 2, col: 7 }))));
        let e = decode_utf8(b"\x80", "f").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "f:1:1: the file is not valid UTF-8. terraform reads .tfvars files as UTF-8; convert the file (e.g. with iconv) and try again"
            )
        );
    }

    #[test]
    fn nul_byte_is_a_syntax_error_with_position() {
        let e = parse("a = 1\nb = \"x\0\"\n", Syntax::Native, "f").err();
        let e = e.map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::Syntax, Some(Pos { line: 2, col: 7 }))));
        let e = parse("{\"a\": \"\0\"}", Syntax::Json, "f").err().map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::Syntax, Some(Pos { line: 1, col: 8 }))));
    }

    #[test]
    fn names_differing_only_in_case_are_rejected() {
        let e = parse("db_pass = \"a\"\n\nDB_Pass = \"b\"\n", Syntax::Native, "v.tfvars").err();
        let e = e.as_ref().map(|e| (e.kind, e.pos, e.to_string()));
        assert_eq!(
            e,
            Some((
                TfvarsErrorKind::InvalidName,
                Some(Pos { line: 3, col: 1 }),
                "v.tfvars:3:1: \"DB_Pass\" differs only in case from \"db_pass\" (line 1). chamber lowercases keys, so both would be the same secret for chamber users; rename one of them".to_owned()
            ))
        );
        let e = parse("{\"a\": 1,\n \"A\": 2}", Syntax::Json, "v.json").err().map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::InvalidName, Some(Pos { line: 2, col: 2 }))));
    }

    #[test]
    fn invalid_names_are_rejected() {
        let e = parse("ok = 1\n  pässwort = \"x\"\n", Syntax::Native, "f").err().map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::InvalidName, Some(Pos { line: 2, col: 3 }))));
        for bad in ["1abc", "a.b", "a b", "", "a/b"] {
            let src = format!("{{\"{bad}\": \"x\"}}");
            let e = parse(&src, Syntax::Json, "f").err().map(|e| (e.kind, e.pos));
            assert_eq!(e, Some((TfvarsErrorKind::InvalidName, Some(Pos { line: 1, col: 2 }))), "{bad}");
        }
        assert!(parse("_a-b_C9 = 1\n", Syntax::Native, "f").is_ok());
    }

    #[test]
    fn scrub_checks_service_and_names() {
        let e = scrub("a = \"x\"\n", Syntax::Native, &["a"], "bad\nsvc").err().map(|e| e.kind);
        assert_eq!(e, Some(TfvarsErrorKind::InvalidName));
        let e = scrub("a = \"x\"\n", Syntax::Native, &["b"], "svc").err().map(|e| e.kind);
        assert_eq!(e, Some(TfvarsErrorKind::NotFound));
        let e = scrub("{\"a\": 1}", Syntax::Json, &["b"], "svc").err().map(|e| e.kind);
        assert_eq!(e, Some(TfvarsErrorKind::NotFound));
    }

    #[test]
    fn scrub_works_from_the_parse_alone() {
        for (src, syntax) in [
            ("# c\npw = \"hunter2\" # t\nkeep = 1\n", Syntax::Native),
            ("{\"pw\": \"hunter2\", \"keep\": [1, {\"a\": \"b\"}]}", Syntax::Json),
        ] {
            let mut parsed = parse(src, syntax, "f.tfvars").unwrap_or_else(|e| panic!("{e}"));
            // The import takes the variables out; the scrub needs only what the parse kept.
            let vars = std::mem::take(&mut parsed.vars);
            assert_eq!(vars.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["pw", "keep"]);
            let out = parsed.scrub(&["pw"], "svc");
            assert_eq!(out, scrub(src, syntax, &["pw"], "svc"));
            let text = match &out {
                Ok(ScrubOutcome::Rewritten(s)) => s.expose(),
                other => panic!("{other:?}"),
            };
            assert!(!text.contains("hunter2") && text.contains("keep"), "{text}");
            assert_eq!(parsed.scrub(&["pw", "keep"], "svc"), Ok(ScrubOutcome::Empty));
            // Errors carry the parse's file label.
            let e = parsed.scrub(&["nope"], "svc").err().map(|e| (e.kind, e.file));
            assert_eq!(e, Some((TfvarsErrorKind::NotFound, "f.tfvars".to_owned())));
        }
    }

    #[test]
    fn debug_output_never_shows_values() {
        let p = parse("pw = \"hunter2\"\nn = [\"hunter3\"]\n", Syntax::Native, "f");
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("hunter"), "{dbg}");
        assert!(dbg.contains("<redacted>"));
        let s = scrub("pw = \"hunter2\"\nother = \"hunter3\"\n", Syntax::Native, &["pw"], "svc");
        assert_eq!(format!("{s:?}"), "Ok(Rewritten(<61 bytes>))");
    }

    #[test]
    fn errors_never_show_values() {
        let cases = [
            "pw = hunter2\n",
            "pw = \"hunter2\" + 1\n",
            "pw = hunter2(1)\n",
            "pw = \"${hunter2}\"\n",
            "pw = [\"a\"][hunter2]\n",
            "pw = !\"hunter2\"\n",
            "pw = {a = 1}[\"hunter2\"]\n",
            "pw = [1][5]\n",
            "pw = \"hunter2\n",
            "pw = \"hunter2\" \"x\"\n",
        ];
        for c in cases {
            let e = parse(c, Syntax::Native, "f").err();
            let text = format!("{e:?} {}", e.as_ref().map(|e| e.to_string()).unwrap_or_default());
            assert!(e.is_some(), "{c}");
            assert!(!text.contains("hunter"), "{text}");
        }
    }
}
