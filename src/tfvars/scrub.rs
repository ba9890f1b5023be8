//! The scrub (docs/terraform-vars.md §4 "Scrub"): the text of a tfvars file without the imported attributes,
//! computed from the [`Layout`] the parse kept, never by parsing or evaluating the file again. What is done
//! with that text (the atomic replace and wipe) is the caller's.

use super::{ScrubOutcome, TfvarsError, TfvarsErrorKind as K, marker};
use crate::secret::Secret;
use crate::text::json::{self, Member};
use std::ops::Range;

/// Where one attribute of a native file sits in the source.
#[derive(Debug, Clone)]
pub(crate) struct NativeAttr {
    /// The attribute name.
    pub(crate) name: String,
    /// `name = value` (hcl-edit's span; always present for a parsed attribute).
    pub(crate) span: Option<Range<usize>>,
    /// End of the attribute with the rest of its line (blanks and a trailing comment), before the line break.
    pub(crate) end: usize,
    /// End of the previous attribute's line (0 for the first): comments above this attribute start after it.
    pub(crate) floor: usize,
}

/// What the parse kept for the scrub, by syntax.
#[derive(Debug, Clone)]
pub(crate) enum Placed {
    /// Every attribute's place in the source.
    Native(Vec<NativeAttr>),
    /// The top-level members of the document (a JSON scrub rewrites the object from them).
    Json(Vec<Member>),
}

/// A wiped copy of the parsed source, its label, and where each attribute sits in it.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    source: Secret,
    file: String,
    placed: Placed,
}

impl Layout {
    /// Keeps a copy of `source` (wiped on drop) with the places the parse found.
    pub(crate) fn new(source: &str, file: &str, placed: Placed) -> Layout {
        Layout { source: Secret::from_str_copy(source), file: file.to_owned(), placed }
    }

    /// The scrubbed text: see [`super::Parsed::scrub`].
    pub(crate) fn scrub(&self, remove: &[&str], service: &str) -> Result<ScrubOutcome, TfvarsError> {
        let file = self.file.as_str();
        if !crate::naming::is_valid_service(service) {
            return Err(TfvarsError::new(
                K::InvalidName,
                file,
                None,
                format!("invalid service name {service:?}"),
                "a service is one or more path segments of letters, digits, '_', '-' and '.' separated by '/'",
            ));
        }
        for name in remove {
            let found = match &self.placed {
                Placed::Native(attrs) => attrs.iter().any(|a| a.name == *name),
                Placed::Json(members) => members.iter().any(|m| m.key() == *name),
            };
            if !found {
                return Err(TfvarsError::new(
                    K::NotFound,
                    file,
                    None,
                    format!("the file has no attribute {name:?} to remove"),
                    "the file changed since it was read; re-run the import",
                ));
            }
        }
        match &self.placed {
            Placed::Native(attrs) => scrub_native(self.source.expose(), attrs, remove, service, file),
            Placed::Json(members) => Ok(scrub_json(members, remove)),
        }
    }
}

/// Removes the named attributes, each with its trailing comment and the comment lines directly above it,
/// putting a marker comment in its place; every other byte is kept.
fn scrub_native(
    source: &str,
    attrs: &[NativeAttr],
    remove: &[&str],
    service: &str,
    file: &str,
) -> Result<ScrubOutcome, TfvarsError> {
    let mut cuts: Vec<(Range<usize>, String)> = Vec::new();
    for attr in attrs.iter().filter(|a| remove.contains(&a.name.as_str())) {
        let span = attr.span.clone().ok_or_else(|| internal(file, "attribute without position"))?;
        let end = attr.end;
        let rest = source.get(end..).ok_or_else(|| internal(file, "span outside the file"))?;
        if !(rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")) {
            return Err(internal(file, "attribute does not end a line"));
        }
        // Comment lines directly above the attribute (no blank line between) belong to it and go too: they
        // often describe the secret. The marker keeps the attribute's indentation.
        let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &source[line_start..span.start];
        let floor = cuts.last().map_or(0, |(r, _)| r.end).max(attr.floor);
        let start =
            if indent.trim().is_empty() { attached_comments_start(source, line_start, floor) } else { span.start };
        let mark = marker(&attr.name, service);
        let replacement = if start == span.start { mark } else { format!("{indent}{mark}") };
        cuts.push((start..end, replacement));
    }
    let mut out = Secret::with_capacity(source.len());
    let mut last = 0;
    for (range, text) in &cuts {
        out.push_str(&source[last..range.start]);
        out.push_str(text);
        last = range.end;
    }
    out.push_str(&source[last..]);
    // A safety net, not a second reading of the secrets: the result holds only what was not imported, and
    // must still be a valid tfvars file. If it holds no attribute, the file goes.
    let new_body =
        crate::text::hcl::parse_body(out.expose()).map_err(|_| internal(file, "the scrubbed file does not parse"))?;
    if new_body.is_empty() {
        return Ok(ScrubOutcome::Empty);
    }
    Ok(ScrubOutcome::Rewritten(out))
}

/// Rewrites the top-level object without the named members: the others in their order, serde_json's pretty
/// layout (2-space indent), a trailing newline.
fn scrub_json(members: &[Member], remove: &[&str]) -> ScrubOutcome {
    let mut kept = members.iter().filter(|m| !remove.contains(&m.key())).peekable();
    if kept.peek().is_none() {
        return ScrubOutcome::Empty;
    }
    let mut out = Secret::with_capacity(0);
    json::write_pretty_object(kept, 0, &mut out);
    out.push('\n');
    ScrubOutcome::Rewritten(out)
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
