//! `scan`: where stored secrets sit in plaintext in a terraform state or saved plan (docs/scan.md).
//!
//! - [`patterns`]: each secret expanded into the texts it can take, short ones skipped, one Aho-Corasick
//!   matcher over them all.
//! - One streaming pass over the document (`text::json::walk`): every key, string and number is matched; only
//!   the paths of matches are kept, so memory is the document plus the findings.
//! - [`locate`]: a match's path in terraform's words (address, attribute path, sensitive or not).
//! - [`hints`]: what to do about it (write-only arguments, ephemeral variables, outputs).
//!
//! Nothing here puts a value, or a text that contains one, into a finding, a message or an error.

pub mod hints;
pub mod locate;
pub mod patterns;

use crate::secret::Secret;
use crate::store::SecretRef;
use crate::text::json::walk::{self, Frame, Leaf, Step, Visitor};
use crate::tfmodule::Module;
use crate::tfmodule::binary::Version;
use hints::Hint;
use locate::{Document, Location, Locator, Section};
use patterns::{Form, Hit, Matcher, Skipped};
use std::collections::HashMap;
use std::ops::Range;

/// One stored secret to look for.
pub struct Wanted {
    /// Which secret (service, key, label).
    pub source: SecretRef,
    /// Its value.
    pub value: Secret,
}

/// One place a secret is stored.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Where.
    pub location: Location,
    /// Which secret (index into the `wanted` list).
    pub secret: usize,
    /// The whole string is the secret (else it is embedded in a longer one).
    pub whole: bool,
    /// Which text of the secret matched.
    pub form: Form,
    /// Found in an object key (a map key), not in a value.
    pub in_key: bool,
    /// Every part of the document it is in (a plan repeats a value in several), in document order.
    pub sections: Vec<Section>,
    /// What to do about it.
    pub hint: Hint,
}

/// What a scan found.
#[derive(Debug)]
pub struct Report {
    /// The kind of document.
    pub document: Document,
    /// The terraform version that wrote it, when the document says (and it reads as a version).
    pub terraform_version: Option<Version>,
    /// Every finding, in document order.
    pub findings: Vec<Finding>,
    /// Secrets too short or blank to search for.
    pub skipped: Vec<Skipped>,
    /// How many secrets were searched for.
    pub searched: usize,
    /// The document holds no resources and no outputs (no state yet, or an empty one).
    pub empty: bool,
}

/// Why a document cannot be scanned; never holds any of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// Not JSON (or nested too deep, or empty).
    Json(crate::text::json::Error),
    /// JSON, but not an object with the members of a state or a plan.
    Unknown,
    /// A raw state of a format version other than 4 (the version, when it is a small number).
    StateVersion(Option<u64>),
    /// A `show -json` document whose `format_version` has a major version this reader does not know.
    FormatVersion(Option<String>),
}

impl DocError {
    /// The message for people (positions and fixed texts only).
    pub fn message(&self) -> String {
        match self {
            DocError::Json(e) => match e.kind {
                crate::text::json::ErrorKind::Empty => "empty: no JSON at all".to_owned(),
                crate::text::json::ErrorKind::TooDeep => {
                    format!("{}: {}", e.pos, crate::text::depth::TooDeep::message())
                }
                _ => format!("{}: not valid JSON: {}", e.pos, e.message),
            },
            DocError::Unknown => "JSON, but neither a terraform state (\"version\": 4) nor the output of \
                                  `terraform show -json` (\"format_version\")"
                .to_owned(),
            DocError::StateVersion(Some(v)) if *v < 4 => format!(
                "a state in format version {v}, written by terraform 0.11 or older: scan reads format version 4 \
                 (terraform 0.12 and later)"
            ),
            DocError::StateVersion(Some(v)) => {
                format!("a state in format version {v}, newer than the format this tfsecrets reads (4)")
            }
            DocError::StateVersion(None) => "a state whose \"version\" is not a format version number".to_owned(),
            DocError::FormatVersion(Some(v)) => format!(
                "`terraform show -json` output in format version {v}, newer than the formats this tfsecrets reads \
                 (0.x and 1.x)"
            ),
            DocError::FormatVersion(None) => {
                "`terraform show -json` output with an unreadable format_version".to_owned()
            }
        }
    }
}

/// Top-level members that tell the kind of document.
#[derive(Default)]
struct TopLevel {
    version: Option<String>,
    format_version: Option<String>,
    terraform_version: Option<String>,
    plan_members: bool,
}

/// A match as the walk sees it.
struct RawHit {
    frames: Vec<Frame>,
    hit: Hit,
    in_key: bool,
}

/// The walk's visitor: matches every token, keeps the paths of matches and the top-level facts.
struct Collector<'a> {
    doc: &'a str,
    matcher: &'a Matcher,
    hits: Vec<RawHit>,
    top: TopLevel,
    buf: Vec<Hit>,
    /// Some resource or output was seen ([`is_content`]).
    content: bool,
}

/// Top-level members of a plan (`terraform show -json PLAN`) that a state does not have.
const PLAN_MEMBERS: &[&str] =
    &["planned_values", "resource_changes", "resource_drift", "output_changes", "prior_state", "variables"];

impl Visitor for Collector<'_> {
    fn leaf(&mut self, leaf: Leaf, text: &str, _span: Range<usize>, path: &[Frame]) {
        if let [Frame { step: Step::Key { start, end }, .. }] = path {
            let name = &self.doc[*start..*end];
            let small = || (text.len() <= 32).then(|| text.to_owned());
            match (leaf, name) {
                (Leaf::Key, _) => self.top.plan_members |= PLAN_MEMBERS.contains(&name),
                (Leaf::Number, "version") => self.top.version = small(),
                (Leaf::String, "format_version") => self.top.format_version = small(),
                (Leaf::String, "terraform_version") => self.top.terraform_version = small(),
                _ => {}
            }
        }
        if !self.content && is_content(self.doc, path) {
            self.content = true;
        }
        self.buf.clear();
        self.matcher.hits(text, &mut self.buf);
        for &hit in &self.buf {
            self.hits.push(RawHit { frames: path.to_vec(), hit, in_key: leaf == Leaf::Key });
        }
    }
}

/// What kind of document the top-level members say this is.
fn document_kind(doc: &str, top: &TopLevel) -> Result<Document, DocError> {
    if !doc.trim_start().starts_with('{') {
        return Err(DocError::Unknown);
    }
    if let Some(v) = &top.version {
        return match v.parse::<u64>() {
            Ok(4) => Ok(Document::State),
            Ok(n) => Err(DocError::StateVersion(Some(n))),
            Err(_) => Err(DocError::StateVersion(None)),
        };
    }
    let Some(fv) = &top.format_version else { return Err(DocError::Unknown) };
    let major = fv.split('.').next().and_then(|m| m.parse::<u64>().ok());
    let shown = (fv.len() <= 8 && fv.bytes().all(|b| b.is_ascii_digit() || b == b'.')).then(|| fv.clone());
    match major {
        Some(0 | 1) => Ok(if top.plan_members { Document::Plan } else { Document::ShowState }),
        _ => Err(DocError::FormatVersion(shown)),
    }
}

/// Whether the document has content below these two top-level steps: a resource or an output (raw state:
/// `resources[i]`, `outputs.NAME`; `show -json`: `values.root_module.*`, `values.outputs.*`). A state without
/// any is empty. Checked on the walk's paths, so the document is read once.
fn is_content(doc: &str, path: &[Frame]) -> bool {
    let key = |f: &Frame| match f.step {
        Step::Key { start, end } => &doc[start..end],
        Step::Index(_) => "",
    };
    match path {
        [top, _, ..] if matches!(key(top), "resources" | "outputs") => true,
        [top, second, _, ..] if key(top) == "values" => matches!(key(second), "root_module" | "outputs"),
        _ => false,
    }
}

/// Scans `doc` (a raw state, or `terraform show -json` of a state or a plan) for every secret in `wanted`.
/// `module` (the root module, when read) makes the hints name variable declarations.
pub fn scan(doc: &str, wanted: &[Wanted], module: Option<&Module>) -> Result<Report, DocError> {
    let values: Vec<&Secret> = wanted.iter().map(|w| &w.value).collect();
    let (matcher, skipped) = Matcher::build(&values);
    let mut collector = Collector {
        doc,
        matcher: &matcher,
        hits: Vec::new(),
        top: TopLevel::default(),
        buf: Vec::new(),
        content: false,
    };
    walk::walk(doc, &mut collector).map_err(DocError::Json)?;
    let Collector { hits, top, content, .. } = collector;
    let document = document_kind(doc, &top)?;
    let terraform_version = top.terraform_version.as_deref().and_then(Version::parse);

    let mut locator = Locator::new(doc, document, &matcher);
    let mut findings: Vec<Finding> = Vec::new();
    let mut index: HashMap<(String, String, usize, bool), usize> = HashMap::new();
    for raw in hits {
        let location = locator.locate(&raw.frames);
        for &(secret, form) in matcher.owners(raw.hit.pattern) {
            let id = (location.address.clone(), location.path.clone(), secret, raw.in_key);
            match index.get(&id) {
                Some(&i) => {
                    let f = &mut findings[i];
                    f.whole |= raw.hit.whole;
                    f.form = f.form.min(form);
                    f.location.sensitive |= location.sensitive;
                    if !f.sections.contains(&location.section) {
                        f.sections.push(location.section);
                    }
                }
                None => {
                    index.insert(id, findings.len());
                    let hint = hints::hint(&location, &wanted[secret].source.id.key, module);
                    findings.push(Finding {
                        sections: vec![location.section],
                        location: location.clone(),
                        secret,
                        whole: raw.hit.whole,
                        form,
                        in_key: raw.in_key,
                        hint,
                    });
                }
            }
        }
    }
    let searched = wanted.len() - skipped.len();
    let empty = !content && document != Document::Plan;
    Ok(Report { document, terraform_version, findings, skipped, searched, empty })
}

/// `text` with every searched text of `wanted` in it replaced by `<redacted>` (terraform's own messages).
pub fn redact(text: &str, wanted: &[Wanted]) -> String {
    let values: Vec<&Secret> = wanted.iter().map(|w| &w.value).collect();
    Matcher::build(&values).0.redact(text)
}

#[cfg(test)]
mod tests;
