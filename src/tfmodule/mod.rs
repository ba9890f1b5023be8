//! Terraform root-module awareness for `tfsecrets exec` (docs/terraform-vars.md §1, §6, §7, §8).
//!
//! - [`module_dir`] finds the root module directory from the child's argv (`-chdir=DIR`).
//! - [`scan`] reads the `variable` blocks of that directory (`*.tf`, `*.tf.json`, overrides last).
//! - [`classify`] / [`encode_for`] turn one stored secret into its `TF_VAR_` text for the declared type.
//! - [`check`] gives the module-level warnings (W1, W2, W3, W7); [`encode_for`] gives W4 and the W5/W6 errors.
//! - [`terragrunt`] finds the module a `terragrunt.hcl` runs, and its `inputs` keys.
//! - [`saved_plan`] and the `ephemeral` notes: what `exec` does with ephemeral variables (§9); [`binary`] runs the
//!   terraform binary itself (its version; `show -json` for `scan`).
//!
//! HCL and JSON are read through the shared text layer (`crate::text`); which var files terraform loads comes
//! from `crate::tfvars`. Nothing here ever puts a secret value into a message, a note or a `Debug` output.

pub mod binary;
mod classify;
mod decl;
mod encode;
mod ephemeral;
mod scan;
pub mod terragrunt;
mod varfiles;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use classify::{StoredClass, classify};
pub use encode::{Encoded, encode, encode_for};
pub use ephemeral::{ephemeral_note, not_ephemeral, saved_plan, saved_plan_note, supports_ephemeral};
pub use scan::{no_tf_files_note, scan};
pub use varfiles::var_file_settings;

/// How terraform interprets `TF_VAR_` text for a declared variable (docs/terraform-vars.md §6, "type class").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeClass {
    /// No `type` attribute: the text arrives as a string.
    Untyped,
    /// `type = string`: literal mode.
    String,
    /// `type = number`: literal mode, converted to a number.
    Number,
    /// `type = bool`: literal mode, converted to a bool.
    Bool,
    /// Any constructor or bare `list`/`map`: the text is one HCL expression.
    Collection,
    /// `type = any`: the text is one HCL expression of any type.
    Any,
}

impl TypeClass {
    /// Short human name of the class, for messages and `--dry-run`.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeClass::Untyped => "untyped",
            TypeClass::String => "string",
            TypeClass::Number => "number",
            TypeClass::Bool => "bool",
            TypeClass::Collection => "collection",
            TypeClass::Any => "any",
        }
    }
}

/// One `variable "NAME"` block of the root module (after overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The variable name, exactly as declared.
    pub name: String,
    /// The type class that decides the encoding.
    pub class: TypeClass,
    /// Source text of the type expression (`map(string)`), `None` when untyped.
    pub type_text: Option<String>,
    /// Whether the block has a literal `sensitive = true`.
    pub sensitive: bool,
    /// Whether the block has a literal `ephemeral = true` (terraform >= 1.10: never stored in state or plan files).
    pub ephemeral: bool,
    /// File name of the base declaration, relative to the module directory.
    pub file: String,
    /// 1-based line of the base declaration's `variable` keyword (or JSON name key).
    pub line: usize,
    /// `file:line` of every override block that changed this declaration, in the order applied.
    pub overrides: Vec<String>,
}

impl Declaration {
    /// `main.tf:7`, or `main.tf:7, overridden at override.tf:2` when an override file touched it.
    pub fn location(&self) -> String {
        let base = format!("{}:{}", self.file, self.line);
        if self.overrides.is_empty() { base } else { format!("{base}, overridden at {}", self.overrides.join(", ")) }
    }

    /// `type = map(string)` or `no type`, for messages.
    pub fn type_phrase(&self) -> String {
        match &self.type_text {
            Some(t) => format!("type = {t}"),
            None => "no type".to_owned(),
        }
    }
}

/// A name set by a `.tfvars` file in the module directory or by a `-var`/`-var-file` argument (for W7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarFileSetting {
    /// Where it is set: `terraform.tfvars:3`, `prod.tfvars:1` (a `-var-file` as given), or `-var`.
    pub source: String,
    /// The variable name that is set.
    pub name: String,
}

/// What [`scan`] learned about a root module directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The directory that was scanned.
    pub dir: PathBuf,
    /// Declared variables by exact name (empty when `readable` is false).
    pub declarations: BTreeMap<String, Declaration>,
    /// Human-readable notes for stderr (parse failures, duplicate or invalid declarations).
    pub notes: Vec<String>,
    /// Names set by `terraform.tfvars[.json]` and `*.auto.tfvars[.json]` in `dir` (W7).
    pub var_files: Vec<VarFileSetting>,
    /// `main.tf:3: provider "aws" sets profile` for each AWS provider / s3 backend that sets `profile`.
    pub aws_profile_refs: Vec<String>,
    /// False when some file could not be parsed or declares an invalid type: pass every value verbatim.
    pub readable: bool,
}

impl Module {
    /// The declaration for `key` (exact, case-sensitive), if the module is readable and declares it.
    pub fn declaration(&self, key: &str) -> Option<&Declaration> {
        if self.readable { self.declarations.get(key) } else { None }
    }

    /// Encodes one secret for this module: verbatim when unreadable, else the table of docs/terraform-vars.md §7
    /// via [`encode`].
    pub fn encode(&self, key: &str, stored: &crate::secret::Secret) -> Result<(Encoded, Vec<Warning>), VarError> {
        if !self.readable {
            return Ok((Encoded::Value(stored.clone()), Vec::new()));
        }
        encode(key, stored, self.declarations.get(key))
    }
}

/// A warning for stderr (`tfsecrets: warning: <message>`); never contains a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The warning's id in docs/terraform-vars.md §8: `W1`, `W2`, `W3`, `W4` or `W7`.
    pub id: &'static str,
    /// The message text, without the `tfsecrets: warning:` prefix.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A value terraform would reject (W5, W6): stop before exec; never contains a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarError {
    /// The error's id in docs/terraform-vars.md §8: `W5` or `W6`.
    pub id: &'static str,
    /// The message text, without the `tfsecrets: error:` prefix.
    pub message: String,
}

impl fmt::Display for VarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VarError {}

/// Whether a command basename is terraform or OpenTofu (`terraform`, `tofu`, with an optional `.exe`).
pub fn is_terraform_command(argv0: &str) -> bool {
    let base = Path::new(argv0).file_name().and_then(|s| s.to_str()).unwrap_or("");
    let base = base.strip_suffix(".exe").unwrap_or(base);
    base == "terraform" || base == "tofu"
}

/// Finds the root module dir from the child argv (docs/terraform-vars.md §6: `-chdir=DIR` before the
/// subcommand, last wins).
pub fn module_dir(argv: &[String], cwd: &Path) -> PathBuf {
    let Some((argv0, rest)) = argv.split_first() else {
        return cwd.to_path_buf();
    };
    if !is_terraform_command(argv0) {
        return cwd.to_path_buf();
    }
    let mut dir: Option<&str> = None;
    for arg in rest {
        if !arg.starts_with('-') {
            break;
        }
        if let Some(d) = arg.strip_prefix("-chdir=") {
            dir = if d.is_empty() { None } else { Some(d) };
        }
    }
    match dir {
        Some(d) => cwd.join(d),
        None => cwd.to_path_buf(),
    }
}

/// Module-level warnings: W1/W2 (no declaration, case-insensitive did-you-mean), W3 (neither sensitive nor
/// ephemeral), W7.
///
/// `param_path` maps a key to the SSM path shown in W1/W2 (e.g. `DB_Password` → `/prod/DB_Password`).
/// W4 needs the value and comes from [`encode_for`]. An unreadable module gives only W7.
pub fn check(
    module: &Module,
    secret_keys: &[&str],
    var_settings: &[VarFileSetting],
    param_path: &dyn Fn(&str) -> String,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if module.readable {
        for &key in secret_keys {
            match module.declarations.get(key) {
                Some(decl) => {
                    if !decl.sensitive && !decl.ephemeral {
                        out.push(Warning {
                            id: "W3",
                            message: format!(
                                "variable \"{}\" ({}) receives a secret but is marked neither sensitive = true nor \
                                 ephemeral = true; its value may appear in plan output",
                                decl.name,
                                decl.location()
                            ),
                        });
                    }
                }
                None => out.push(no_declaration_warning(module, key, param_path)),
            }
        }
    }
    for setting in var_settings {
        if secret_keys.contains(&setting.name.as_str()) {
            out.push(Warning {
                id: "W7",
                message: format!(
                    "{} sets \"{}\", which overrides TF_VAR_{}",
                    setting.source, setting.name, setting.name
                ),
            });
        }
    }
    out
}

fn no_declaration_warning(module: &Module, key: &str, param_path: &dyn Fn(&str) -> String) -> Warning {
    let mut message = format!(
        "{} → TF_VAR_{} matches no variable in {}; terraform ignores it",
        param_path(key),
        key,
        module.dir.display()
    );
    if !crate::naming::is_terraform_identifier(key) {
        message.push_str(&format!(" (\"{key}\" is not a valid terraform variable name)"));
    }
    let similar: Vec<&Declaration> =
        module.declarations.values().filter(|d| d.name.eq_ignore_ascii_case(key)).collect();
    if similar.is_empty() {
        return Warning { id: "W1", message };
    }
    let names: Vec<String> = similar.iter().map(|d| format!("\"{}\" ({})", d.name, d.location())).collect();
    message.push_str(&format!(
        "; did you mean {}? Names are case-sensitive; store the secret under the declared name",
        names.join(" or ")
    ));
    Warning { id: "W2", message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn module_dir_cases() {
        let cwd = Path::new("/work/proj");
        let md = |a: &[&str]| module_dir(&argv(a), cwd);
        assert_eq!(md(&["terraform", "-chdir=x", "apply"]), PathBuf::from("/work/proj/x"));
        assert_eq!(md(&["terraform", "-chdir", "x", "apply"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform", "-chdir=a", "-chdir=b", "plan"]), PathBuf::from("/work/proj/b"));
        assert_eq!(md(&["terraform", "apply", "-chdir=x"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform", "-no-color", "-chdir=x", "plan"]), PathBuf::from("/work/proj/x"));
        assert_eq!(md(&["terraform", "-chdir=/abs/dir"]), PathBuf::from("/abs/dir"));
        assert_eq!(md(&["/usr/local/bin/terraform", "-chdir=../m"]), PathBuf::from("/work/proj/../m"));
        assert_eq!(md(&["tofu", "-chdir=infra", "apply"]), PathBuf::from("/work/proj/infra"));
        assert_eq!(md(&["terragrunt", "-chdir=x", "apply"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["sh", "-chdir=x"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform-old", "-chdir=x"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&[]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform", "--chdir=x"]), PathBuf::from("/work/proj"));
        assert_eq!(md(&["terraform", "-chdir=x", "-chdir="]), PathBuf::from("/work/proj"));
    }

    fn decl(name: &str, sensitive: bool, line: usize) -> Declaration {
        Declaration {
            name: name.into(),
            class: TypeClass::String,
            type_text: Some("string".into()),
            sensitive,
            ephemeral: false,
            file: "main.tf".into(),
            line,
            overrides: vec![],
        }
    }

    fn module(decls: Vec<Declaration>) -> Module {
        Module {
            dir: PathBuf::from("/m"),
            declarations: decls.into_iter().map(|d| (d.name.clone(), d)).collect(),
            notes: vec![],
            var_files: vec![],
            aws_profile_refs: vec![],
            readable: true,
        }
    }

    fn path(k: &str) -> String {
        format!("/prod/{k}")
    }

    #[test]
    fn check_w1_w2_w3() {
        let m = module(vec![decl("db_password", false, 12), decl("api_key", true, 3)]);
        let w = check(&m, &["DB_Password", "api_key", "other", "db_password", "a.b"], &[], &path);
        let got: Vec<(&str, &str)> = w.iter().map(|w| (w.id, w.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (
                    "W2",
                    "/prod/DB_Password → TF_VAR_DB_Password matches no variable in /m; terraform ignores it; \
                     did you mean \"db_password\" (main.tf:12)? Names are case-sensitive; store the secret \
                     under the declared name"
                ),
                ("W1", "/prod/other → TF_VAR_other matches no variable in /m; terraform ignores it"),
                (
                    "W3",
                    "variable \"db_password\" (main.tf:12) receives a secret but is marked neither \
                     sensitive = true nor ephemeral = true; its value may appear in plan output"
                ),
                (
                    "W1",
                    "/prod/a.b → TF_VAR_a.b matches no variable in /m; terraform ignores it \
                     (\"a.b\" is not a valid terraform variable name)"
                ),
            ]
        );
    }

    #[test]
    fn check_did_you_mean_lists_all_case_variants() {
        let m = module(vec![decl("s", true, 1), decl("S_", true, 2), decl("x", true, 5)]);
        let w = check(&m, &["X"], &[], &path);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].id, "W2");
        assert!(w[0].message.contains("did you mean \"x\" (main.tf:5)?"), "{}", w[0].message);
        let m = module(vec![decl("ab", true, 1), decl("AB", true, 2)]);
        let w = check(&m, &["Ab"], &[], &path);
        assert!(w[0].message.contains("did you mean \"AB\" (main.tf:2) or \"ab\" (main.tf:1)?"), "{}", w[0].message);
    }

    #[test]
    fn an_ephemeral_variable_needs_no_sensitive() {
        let mut d = decl("pw", false, 4);
        d.ephemeral = true;
        assert!(check(&module(vec![d]), &["pw"], &[], &path).is_empty());
    }

    #[test]
    fn check_w3_mentions_override() {
        let mut d = decl("pw", false, 4);
        d.overrides.push("override.tf:1".into());
        let m = module(vec![d]);
        let w = check(&m, &["pw"], &[], &path);
        assert_eq!(w[0].id, "W3");
        assert!(w[0].message.starts_with("variable \"pw\" (main.tf:4, overridden at override.tf:1) receives"));
    }

    #[test]
    fn check_w7_and_unreadable() {
        let mut m = module(vec![decl("pw", true, 1)]);
        let settings = vec![
            VarFileSetting { source: "terraform.tfvars:3".into(), name: "pw".into() },
            VarFileSetting { source: "-var".into(), name: "pw".into() },
            VarFileSetting { source: "x.auto.tfvars:1".into(), name: "unrelated".into() },
            VarFileSetting { source: "y.auto.tfvars:1".into(), name: "PW".into() },
        ];
        let w = check(&m, &["pw"], &settings, &path);
        let got: Vec<(&str, &str)> = w.iter().map(|w| (w.id, w.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("W7", "terraform.tfvars:3 sets \"pw\", which overrides TF_VAR_pw"),
                ("W7", "-var sets \"pw\", which overrides TF_VAR_pw"),
            ]
        );
        m.readable = false;
        m.declarations.clear();
        let w = check(&m, &["pw", "nope"], &settings, &path);
        assert_eq!(w.iter().map(|w| w.id).collect::<Vec<_>>(), vec!["W7", "W7"]);
    }
}
