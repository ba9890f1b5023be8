//! Where a match sits, in terraform's words: the resource address (or `output.NAME`, `var.NAME`), the attribute
//! path inside it, the part of the document, and whether terraform marks the value sensitive (docs/scan.md §3).
//!
//! The walk keeps only the path of each match (offsets into the document); this module reads the few objects
//! around those paths again: a resource's `address` or `module`/`mode`/`type`/`name`, an instance's
//! `index_key` and `sensitive_attributes`, the `sensitive_values` (or `after_sensitive`...) trees that mirror the
//! values. Each is read once per object and cached. Anything shown that comes from the document (an index key,
//! a map key) is redacted where it contains a searched text.
//!
//! Over 500 lines on purpose: it is the one place that knows the three document shapes (raw state v4, `show -json`
//! state, saved plan); split by shape, each file would repeat the object-reading and caching around it.

use super::patterns::Matcher;
use crate::secret::Secret;
use crate::text::json::walk::{self, Frame, Step};
use crate::text::json::{self, DuplicateKeys, Kind, Root, Value};
use std::collections::HashMap;
use std::ops::Range;

/// What kind of document is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A raw state (format version 4: `terraform.tfstate`, `terraform state pull`).
    State,
    /// `terraform show -json` of a state.
    ShowState,
    /// `terraform show -json PLANFILE`.
    Plan,
}

impl Document {
    /// How reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Document::State => "state",
            Document::ShowState => "state (terraform show -json)",
            Document::Plan => "saved plan (terraform show -json)",
        }
    }
}

/// The part of the document a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The state's resources and outputs.
    State,
    /// A plan's `variables`: every non-ephemeral variable's value.
    Variables,
    /// A plan's `planned_values`.
    PlannedValues,
    /// A plan's `resource_changes[].change.before`.
    ChangeBefore,
    /// A plan's `resource_changes[].change.after`.
    ChangeAfter,
    /// A plan's `resource_drift`.
    Drift,
    /// A plan's `output_changes`.
    OutputChanges,
    /// A plan's `prior_state`.
    PriorState,
    /// A plan's `configuration`: a literal in the configuration.
    Configuration,
    /// Anywhere else (`checks`, unknown members).
    Other,
}

impl Section {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::State => "state",
            Section::Variables => "variables",
            Section::PlannedValues => "planned_values",
            Section::ChangeBefore => "resource_changes.before",
            Section::ChangeAfter => "resource_changes.after",
            Section::Drift => "resource_drift",
            Section::OutputChanges => "output_changes",
            Section::PriorState => "prior_state",
            Section::Configuration => "configuration",
            Section::Other => "other",
        }
    }
}

/// What holds the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A resource (managed or data) of this type; `attribute` is the top-level attribute, if the match is in one.
    Resource {
        /// A data source.
        data: bool,
        /// The resource type (`aws_db_instance`).
        rtype: String,
        /// The top-level attribute.
        attribute: Option<String>,
    },
    /// A root module output.
    Output,
    /// An input variable's value (a plan's `variables`) or default.
    Variable,
    /// A literal in the configuration (resource arguments, provider settings).
    Configuration,
    /// Somewhere else in the document.
    Other,
}

/// Where one match is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `aws_db_instance.main`, `module.db.aws_db_instance.x["a"]`, `output.pw`, `var.db_password`; empty for a
    /// place that has none.
    pub address: String,
    /// The attribute path inside it (`input.pw`, `tags["k"]`), or the JSON path for `Other`.
    pub path: String,
    /// The part of the document.
    pub section: Section,
    /// Whether terraform marks the value sensitive there (the value is in plaintext either way).
    pub sensitive: bool,
    /// What holds it.
    pub target: Target,
}

/// One decoded step of a match's path, with the start of the container it is taken in.
#[derive(Debug)]
struct Seg {
    start: usize,
    step: Decoded,
}

#[derive(Debug, PartialEq, Eq)]
enum Decoded {
    Key(Secret),
    Index(usize),
}

impl Seg {
    fn is(&self, key: &str) -> bool {
        matches!(&self.step, Decoded::Key(k) if k.expose() == key)
    }

    fn key(&self) -> Option<&str> {
        match &self.step {
            Decoded::Key(k) => Some(k.expose()),
            Decoded::Index(_) => None,
        }
    }
}

/// Reads the context of matches in one document (cached per object).
pub struct Locator<'a> {
    doc: &'a str,
    kind: Document,
    matcher: &'a Matcher,
    /// Parsed small members (`sensitive_values`, `sensitive_attributes`...) by value offset.
    trees: HashMap<usize, Option<Value>>,
    /// Objects by start: `(member name, value range)` of each member.
    objects: HashMap<usize, Vec<(Secret, Range<usize>)>>,
}

impl<'a> Locator<'a> {
    /// A locator for `doc`, a document of `kind` that the walk accepted.
    pub fn new(doc: &'a str, kind: Document, matcher: &'a Matcher) -> Self {
        Locator { doc, kind, matcher, trees: HashMap::new(), objects: HashMap::new() }
    }

    /// Where the token at the end of `frames` is.
    pub fn locate(&mut self, frames: &[Frame]) -> Location {
        let segs: Vec<Seg> = frames
            .iter()
            .map(|f| Seg {
                start: f.start,
                step: match f.step {
                    Step::Key { start, end } => Decoded::Key(walk::key_text(self.doc, start, end)),
                    Step::Index(n) => Decoded::Index(n),
                },
            })
            .collect();
        let found = match self.kind {
            Document::State => self.raw_state(&segs),
            Document::ShowState => match segs.first() {
                Some(s) if s.is("values") => self.values(&segs[1..], Section::State),
                _ => None,
            },
            Document::Plan => self.plan(&segs),
        };
        found.unwrap_or_else(|| Location {
            address: String::new(),
            path: self.render(&segs),
            section: if segs.first().is_some_and(|s| s.is("configuration")) {
                Section::Configuration
            } else {
                Section::Other
            },
            sensitive: false,
            target: Target::Other,
        })
    }

    /// Raw state v4: `outputs.NAME.value...`, `resources[i].instances[j].attributes...`.
    fn raw_state(&mut self, s: &[Seg]) -> Option<Location> {
        if s.first()?.is("outputs") {
            return self.output(s.get(1)?, s.get(2)?, &s[3..], Section::State);
        }
        if !s.first()?.is("resources") || !matches!(s.get(1)?.step, Decoded::Index(_)) {
            return None;
        }
        let resource = s.get(2)?.start;
        let mut address = self.raw_resource_address(resource)?;
        let target = self.resource_target(resource, None);
        if !s[2].is("instances") || !matches!(s.get(3)?.step, Decoded::Index(_)) {
            let what = s[2].key().map(|k| format!("({k})")).unwrap_or_default();
            return Some(self.location(address, what, Section::State, false, target));
        }
        let instance = s.get(4)?.start;
        if let Some(key) = self.member(instance, "index_key") {
            address.push('[');
            address.push_str(&self.doc[key]);
            address.push(']');
        }
        let (rest, sensitive) = if s[4].is("attributes") || s[4].is("attributes_flat") {
            let rest = self.unwrap_dynamic(&s[5..]);
            let sensitive = self.raw_sensitive(instance, &rest);
            (rest, sensitive)
        } else {
            let what = s[4].key().map(|k| format!("({k})")).unwrap_or_default();
            return Some(self.location(address, what, Section::State, false, target));
        };
        let target = self.resource_target(resource, rest.first().and_then(|r| r.key()));
        let path = self.render(&rest);
        Some(self.location(address, path, Section::State, sensitive, target))
    }

    /// `[module.]TYPE.NAME` or `[module.]data.TYPE.NAME` of a raw state resource.
    fn raw_resource_address(&mut self, resource: usize) -> Option<String> {
        let module = self.member_str(resource, "module");
        let mode = self.member_str(resource, "mode")?;
        let (rtype, name) = (self.member_str(resource, "type")?, self.member_str(resource, "name")?);
        let mut a = module.map(|m| format!("{}.", m.expose())).unwrap_or_default();
        if mode.expose() == "data" {
            a.push_str("data.");
        }
        a.push_str(&format!("{}.{}", rtype.expose(), name.expose()));
        Some(a)
    }

    /// Drops the `value` step of terraform's wrapper for attributes of dynamic type (`{"value": ..., "type": ...}`
    /// in a raw state), so paths read as in `show -json` and in `sensitive_attributes`.
    fn unwrap_dynamic<'s>(&mut self, rest: &'s [Seg]) -> Vec<&'s Seg> {
        rest.iter()
            .filter(|seg| {
                if !seg.is("value") {
                    return true;
                }
                let names: Vec<String> =
                    self.object(seg.start).iter().map(|(k, _)| k.expose().to_owned()).collect::<Vec<_>>();
                !(names.len() == 2 && names.iter().any(|n| n == "value") && names.iter().any(|n| n == "type"))
            })
            .collect()
    }

    /// Whether a raw state instance's `sensitive_attributes` has a path that is a prefix of `rest`.
    fn raw_sensitive(&mut self, instance: usize, rest: &[&Seg]) -> bool {
        let Some(range) = self.member(instance, "sensitive_attributes") else { return false };
        let Some(Kind::Array(paths)) = self.tree(range).map(|v| &v.kind) else { return false };
        paths.iter().any(|p| {
            let Kind::Array(steps) = &p.kind else { return false };
            steps.len() <= rest.len()
                && steps.iter().zip(rest).all(|(step, seg)| {
                    let Some(members) = step.members() else { return false };
                    let get = |k: &str| members.iter().find(|m| m.key() == k).map(|m| &m.value);
                    let value = match get("value") {
                        Some(v) => {
                            v.members().and_then(|m| m.iter().find(|m| m.key() == "value")).map_or(v, |m| &m.value)
                        }
                        None => return false,
                    };
                    match (&value.kind, &seg.step) {
                        (Kind::String(a), Decoded::Key(b)) => a == b,
                        (Kind::Number(n), Decoded::Index(i)) => n.expose() == i.to_string(),
                        _ => false,
                    }
                })
        })
    }

    /// A values object of `show -json` (`values`, `planned_values`, `prior_state.values`): `s` starts inside it.
    fn values(&mut self, s: &[Seg], section: Section) -> Option<Location> {
        if s.first()?.is("outputs") {
            return self.output(s.get(1)?, s.get(2)?, &s[3..], section);
        }
        if !s.first()?.is("root_module") {
            return None;
        }
        let mut j = 1;
        while s.get(j)?.is("child_modules") && matches!(s.get(j + 1)?.step, Decoded::Index(_)) {
            j += 2;
        }
        if !s.get(j)?.is("resources") || !matches!(s.get(j + 1)?.step, Decoded::Index(_)) {
            return None;
        }
        let resource = s.get(j + 2)?.start;
        let address = self.member_str(resource, "address").map(|a| a.expose().to_owned())?;
        if !s[j + 2].is("values") {
            let what = s[j + 2].key().map(|k| format!("({k})")).unwrap_or_default();
            let target = self.resource_target(resource, None);
            return Some(self.location(address, what, section, false, target));
        }
        let rest: Vec<&Seg> = s[j + 3..].iter().collect();
        let sensitive = self.mirror_sensitive(resource, "sensitive_values", &rest);
        let target = self.resource_target(resource, rest.first().and_then(|r| r.key()));
        let path = self.render(&rest);
        Some(self.location(address, path, section, sensitive, target))
    }

    /// `output.NAME`: `name` is the step to the output, `value` the step inside it (must be `value`).
    fn output(&mut self, name: &Seg, value: &Seg, rest: &[Seg], section: Section) -> Option<Location> {
        let name = name.key()?;
        if !value.is("value") {
            return None;
        }
        let sensitive = self.member(value.start, "sensitive").is_some_and(|r| &self.doc[r] == "true");
        let path = self.render(&rest.iter().collect::<Vec<_>>());
        Some(self.location(format!("output.{name}"), path, section, sensitive, Target::Output))
    }

    /// A plan's members.
    fn plan(&mut self, s: &[Seg]) -> Option<Location> {
        let first = s.first()?.key()?;
        match first {
            "variables" => {
                let name = s.get(1)?.key()?;
                if !s.get(2)?.is("value") {
                    return None;
                }
                let sensitive = self.variable_sensitive(name);
                let path = self.render(&s[3..].iter().collect::<Vec<_>>());
                Some(self.location(format!("var.{name}"), path, Section::Variables, sensitive, Target::Variable))
            }
            "planned_values" => self.values(&s[1..], Section::PlannedValues),
            "prior_state" if s.get(1)?.is("values") => self.values(&s[2..], Section::PriorState),
            "resource_changes" | "resource_drift" => {
                let record = s.get(2)?.start;
                let change = s.get(3)?;
                if !s[2].is("change") {
                    return None;
                }
                let side = s[3].key()?;
                let section = match (first, side) {
                    ("resource_drift", _) => Section::Drift,
                    (_, "before") => Section::ChangeBefore,
                    (_, "after") => Section::ChangeAfter,
                    _ => return None,
                };
                let address = self.member_str(record, "address")?.expose().to_owned();
                let rest: Vec<&Seg> = s[4..].iter().collect();
                let sensitive = self.mirror_sensitive(change.start, &format!("{side}_sensitive"), &rest);
                let target = self.resource_target(record, rest.first().and_then(|r| r.key()));
                let path = self.render(&rest);
                Some(self.location(address, path, section, sensitive, target))
            }
            "output_changes" => {
                let name = s.get(1)?.key()?;
                let side = s.get(2)?.key()?;
                if side != "before" && side != "after" {
                    return None;
                }
                let rest: Vec<&Seg> = s[3..].iter().collect();
                let sensitive = self.mirror_sensitive(s[2].start, &format!("{side}_sensitive"), &rest);
                let path = self.render(&rest);
                Some(self.location(format!("output.{name}"), path, Section::OutputChanges, sensitive, Target::Output))
            }
            "configuration" => self.configuration(&s[1..]),
            _ => None,
        }
    }

    /// A plan's `configuration`: literals in resource arguments, variable defaults, outputs, provider settings.
    fn configuration(&mut self, s: &[Seg]) -> Option<Location> {
        if s.first()?.is("provider_config") {
            let name = s.get(1)?.key()?.to_owned();
            let rest = constant(s.get(3..)?);
            let path = self.render(&rest);
            return Some(self.location(
                format!("provider.{name}"),
                path,
                Section::Configuration,
                false,
                Target::Configuration,
            ));
        }
        if !s.first()?.is("root_module") {
            return None;
        }
        let mut prefix = String::new();
        let mut j = 1;
        while s.get(j)?.is("module_calls") {
            prefix.push_str(&format!("module.{}.", s.get(j + 1)?.key()?));
            if !s.get(j + 2)?.is("module") {
                return None;
            }
            j += 3;
        }
        match s.get(j)?.key()? {
            "resources" => {
                let resource = s.get(j + 2)?.start;
                let address = format!("{prefix}{}", self.member_str(resource, "address")?.expose());
                let rest = constant(s.get(j + 3..)?);
                let path = self.render(&rest);
                Some(self.location(address, path, Section::Configuration, false, Target::Configuration))
            }
            "variables" | "outputs" => {
                let kind = if s[j].is("variables") { "var" } else { "output" };
                let address = format!("{prefix}{kind}.{}", s.get(j + 1)?.key()?);
                let rest = constant(s.get(j + 2..)?);
                let path = self.render(&rest);
                Some(self.location(address, path, Section::Configuration, false, Target::Configuration))
            }
            _ => None,
        }
    }
}

/// The steps of a configuration expression without its `constant_value` wrappers.
fn constant(rest: &[Seg]) -> Vec<&Seg> {
    rest.iter().filter(|r| !r.is("constant_value")).collect()
}

impl Locator<'_> {
    /// Whether a plan's configuration declares root variable `name` sensitive.
    fn variable_sensitive(&mut self, name: &str) -> bool {
        let found = (|| {
            let root = json::walk::value_range(self.doc, 0)?.start;
            let config = self.member(root, "configuration")?;
            let module = self.member(config.start, "root_module")?;
            let vars = self.member(module.start, "variables")?;
            let var = self.member(vars.start, name)?;
            self.member(var.start, "sensitive")
        })();
        found.is_some_and(|r| &self.doc[r] == "true")
    }

    /// Whether the mirror tree in member `mirror` of the object at `object` (`sensitive_values`,
    /// `after_sensitive`...) is `true` at `rest` or at a prefix of it.
    fn mirror_sensitive(&mut self, object: usize, mirror: &str, rest: &[&Seg]) -> bool {
        let Some(range) = self.member(object, mirror) else { return false };
        let Some(mut node) = self.tree(range) else { return false };
        for seg in rest {
            if matches!(node.kind, Kind::Bool(true)) {
                return true;
            }
            let next = match (&node.kind, &seg.step) {
                (Kind::Object(members), Decoded::Key(k)) => members.iter().find(|m| &m.key == k).map(|m| &m.value),
                (Kind::Array(items), Decoded::Index(i)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return false,
            }
        }
        matches!(node.kind, Kind::Bool(true))
    }

    /// The type (and data-ness) of the resource object at `resource`.
    fn resource_target(&mut self, resource: usize, attribute: Option<&str>) -> Target {
        let data = self.member_str(resource, "mode").is_some_and(|m| m.expose() == "data");
        let rtype = self.member_str(resource, "type").map(|t| t.expose().to_owned()).unwrap_or_default();
        Target::Resource { data, rtype, attribute: attribute.map(str::to_owned) }
    }

    fn location(&self, address: String, path: String, section: Section, sensitive: bool, target: Target) -> Location {
        Location { address: self.matcher.redact(&address), path, section, sensitive, target }
    }

    /// `input.pw`, `tags["a b"]`, `rules[0].cidr`: keys that are identifiers after a dot, others quoted; redacted.
    fn render(&self, steps: &[impl std::borrow::Borrow<Seg>]) -> String {
        let mut out = String::new();
        for (i, seg) in steps.iter().enumerate() {
            match &seg.borrow().step {
                Decoded::Key(k) if i == 0 || crate::naming::is_terraform_identifier(k.expose()) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(&self.matcher.redact(k.expose()));
                }
                Decoded::Key(k) => {
                    let quoted = serde_json::to_string(k.expose()).unwrap_or_default();
                    out.push('[');
                    out.push_str(&self.matcher.redact(&quoted));
                    out.push(']');
                }
                Decoded::Index(n) => out.push_str(&format!("[{n}]")),
            }
        }
        out
    }

    /// The members of the object at `start` (cached).
    fn object(&mut self, start: usize) -> &[(Secret, Range<usize>)] {
        let doc = self.doc;
        self.objects.entry(start).or_insert_with(|| {
            walk::members(doc, start)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (walk::key_text(doc, k.start, k.end), v))
                .collect()
        })
    }

    /// The value range of member `key` of the object at `start`.
    fn member(&mut self, start: usize, key: &str) -> Option<Range<usize>> {
        self.object(start).iter().find(|(k, _)| k.expose() == key).map(|(_, v)| v.clone())
    }

    /// A string member's text.
    fn member_str(&mut self, start: usize, key: &str) -> Option<Secret> {
        let range = self.member(start, key)?;
        let v = self.tree(range)?;
        v.as_str().map(Secret::from_str_copy)
    }

    /// The value at `range`, parsed (cached).
    fn tree(&mut self, range: Range<usize>) -> Option<&Value> {
        let doc = self.doc;
        self.trees
            .entry(range.start)
            .or_insert_with(|| json::parse(&doc[range], Root::Any, DuplicateKeys::Keep).ok())
            .as_ref()
    }
}
