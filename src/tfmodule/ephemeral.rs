//! Ephemeral variables in `exec` (docs/terraform-vars.md §9): applying a saved plan, and the note that suggests
//! `ephemeral = true` when the terraform in use supports it.

use super::binary::Version;
use super::{Module, is_terraform_command};
use std::path::Path;

/// Options of `terraform apply` that take a value (`-state path` as well as `-state=path`, Go flag syntax);
/// every other option is a switch. Knowing them tells a plan file from an option's value.
const APPLY_VALUE_OPTIONS: &[&str] =
    &["backup", "exclude", "lock-timeout", "parallelism", "replace", "state", "state-out", "target", "var", "var-file"];

/// The plan file of `terraform apply [options] PLAN` (also `tofu`, after global options such as `-chdir=DIR`),
/// as given; `None` for any other command, and for an apply that plans itself.
pub fn saved_plan(argv: &[String]) -> Option<&str> {
    let (argv0, rest) = argv.split_first()?;
    if !is_terraform_command(argv0) {
        return None;
    }
    let mut args = rest.iter().skip_while(|a| a.starts_with('-'));
    if args.next()? != "apply" {
        return None;
    }
    while let Some(arg) = args.next() {
        if arg == "--" {
            return args.next().map(String::as_str);
        }
        let Some(option) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')).filter(|o| !o.is_empty()) else {
            return Some(arg);
        };
        if !option.contains('=') && APPLY_VALUE_OPTIONS.contains(&option) {
            args.next();
        }
    }
    None
}

/// Whether this terraform (or, by its name, OpenTofu) has ephemeral input variables: terraform 1.10, OpenTofu 1.11.
pub fn supports_ephemeral(program: &Path, version: Version) -> bool {
    let base = program.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let since = if base.strip_suffix(".exe").unwrap_or(base) == "tofu" { (1, 11) } else { (1, 10) };
    (version.major, version.minor) >= since
}

/// Declared variables among `keys` that receive a secret without `ephemeral = true`, in key order.
pub fn not_ephemeral<'a>(module: &Module, keys: &[&'a str]) -> Vec<&'a str> {
    keys.iter().copied().filter(|k| module.declaration(k).is_some_and(|d| !d.ephemeral)).collect()
}

/// The one note `exec` gives when the terraform in use supports ephemeral variables and secrets feed variables
/// without it (never a value).
pub fn ephemeral_note(version: Version, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    format!(
        "terraform {version} can keep secrets out of state and plan files: variable(s) {} receive secrets without \
         ephemeral = true; add it where a value only reaches a provider, a provisioner or a write-only argument \
         (`tfsecrets scan` shows where secrets are stored)",
        quoted.join(", ")
    )
}

/// The note `exec` gives when it applies a saved plan: the plan holds every other variable's value, so only the
/// declared ephemeral variables are passed (`passed`, possibly none).
pub fn saved_plan_note(plan: &str, passed: &[&str]) -> String {
    let which = if passed.is_empty() { "none is declared".to_owned() } else { passed.join(", ") };
    format!(
        "applying the saved plan {plan}: it holds the values of the variables it was made with, so only \
         ephemeral variables are passed: {which}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_the_plan_file_of_an_apply() {
        let plan = |a: &[&str]| saved_plan(&argv(a)).map(str::to_owned);
        assert_eq!(plan(&["terraform", "apply", "plan.out"]).as_deref(), Some("plan.out"));
        assert_eq!(plan(&["terraform", "-chdir=m", "apply", "-auto-approve", "p"]).as_deref(), Some("p"));
        assert_eq!(plan(&["/usr/bin/tofu", "apply", "-input=false", "-no-color", "p"]).as_deref(), Some("p"));
        assert_eq!(plan(&["terraform", "apply", "-state", "s.tfstate", "p"]).as_deref(), Some("p"));
        assert_eq!(plan(&["terraform", "apply", "--lock-timeout", "5s", "p"]).as_deref(), Some("p"));
        assert_eq!(plan(&["terraform", "apply", "-state=s", "p"]).as_deref(), Some("p"));
        assert_eq!(plan(&["terraform", "apply", "--", "-odd-name"]).as_deref(), Some("-odd-name"));
        // Applies that plan themselves, other commands, other programs.
        assert_eq!(plan(&["terraform", "apply"]), None);
        assert_eq!(plan(&["terraform", "apply", "-auto-approve", "-var", "a=b"]), None);
        assert_eq!(plan(&["terraform", "apply", "-var-file", "x.tfvars"]), None);
        assert_eq!(plan(&["terraform", "plan", "-out", "p"]), None);
        assert_eq!(plan(&["terraform", "show", "p"]), None);
        assert_eq!(plan(&["terragrunt", "apply", "p"]), None);
        assert_eq!(plan(&["terraform"]), None);
        assert_eq!(plan(&[]), None);
    }

    #[test]
    fn ephemeral_support_by_program_and_version() {
        let v = |s| Version::parse(s).unwrap();
        assert!(supports_ephemeral(Path::new("/usr/local/bin/terraform"), v("1.10.0")));
        assert!(!supports_ephemeral(Path::new("terraform"), v("1.9.8")));
        assert!(!supports_ephemeral(Path::new("terraform"), v("1.0.3")));
        assert!(!supports_ephemeral(Path::new("/opt/tofu"), v("1.10.5")));
        assert!(supports_ephemeral(Path::new("/opt/tofu"), v("1.11.0")));
        assert!(supports_ephemeral(Path::new("terraform"), v("2.0.0")));
    }

    #[test]
    fn notes_name_variables_never_values() {
        let n = ephemeral_note(Version::parse("1.11.4").unwrap(), &["db_password", "tags"]);
        assert!(n.starts_with("terraform 1.11.4 can keep secrets out of state"), "{n}");
        assert!(n.contains("variable(s) \"db_password\", \"tags\" receive secrets"), "{n}");
        let n = saved_plan_note("plan.out", &["api_key"]);
        assert!(n.ends_with("only ephemeral variables are passed: api_key"), "{n}");
        assert!(saved_plan_note("p", &[]).ends_with("passed: none is declared"));
    }
}
