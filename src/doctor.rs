//! `tfsecrets doctor`'s checks that need no AWS call, and how a report is shown: the tools on PATH, the module
//! in the current directory against the stored keys (names only), tfvars files that still hold stored keys, and
//! tfvars files tracked by git. The AWS checks are in commands/doctor.rs.

use crate::tfmodule;
use crate::tfvars;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine.
    Ok,
    /// Works, but worth fixing.
    Warn,
    /// Broken: doctor exits non-zero.
    Fail,
    /// Not checked (nothing to check, or an earlier check failed).
    Skip,
}

impl Status {
    fn symbol(self) -> &'static str {
        match self {
            Status::Ok => "✔",
            Status::Warn => "!",
            Status::Fail => "✘",
            Status::Skip => "-",
        }
    }
}

/// One line of the report, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// Short name (`credentials`, `kms key`...).
    pub name: &'static str,
    /// The outcome.
    pub status: Status,
    /// What was found (names, versions, counts; never a value).
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
}

impl Check {
    /// A check with this outcome.
    pub fn new(name: &'static str, status: Status, message: impl Into<String>) -> Check {
        Check { name, status, message: message.into(), hint: None }
    }

    /// Adds the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Check {
        self.hint = Some(hint.into());
        self
    }
}

/// The report as a screen: `✔ name  message`, hints indented under their check, then a summary line.
pub fn render(checks: &[Check]) -> String {
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        out.push_str(&format!("{} {:<width$}  {}\n", c.status.symbol(), c.name, c.message));
        if let Some(h) = &c.hint {
            out.push_str(&format!("  {:<width$}  hint: {h}\n", ""));
        }
    }
    let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
    let (failed, warned) = (count(Status::Fail), count(Status::Warn));
    out.push_str(&match (failed, warned) {
        (0, 0) => format!("{} checks passed\n", count(Status::Ok)),
        (0, w) => format!("no check failed, {w} warning(s)\n"),
        (f, w) => format!("{f} check(s) failed, {w} warning(s)\n"),
    });
    out
}

/// A program found on PATH and the first line of its version output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// Where it is.
    pub path: PathBuf,
    /// `Terraform v1.11.4`, or `None` when it printed nothing usable within 5 s.
    pub version: Option<String>,
}

/// Looks `name` up in PATH and asks it for its version (`version_flag`), with a 5 s limit and no network
/// version check (`CHECKPOINT_DISABLE`).
pub fn probe(name: &str, version_flag: &str) -> Option<Tool> {
    let path = crate::child::resolve_command(name).ok()?;
    let mut child = Command::new(&path)
        .arg(version_flag)
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok();
    let version = child.as_mut().and_then(|c| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            match c.try_wait() {
                Ok(Some(_)) => {
                    let mut text = String::new();
                    c.stdout.take()?.take(64 * 1024).read_to_string(&mut text).ok()?;
                    return text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(_) => return None,
            }
        }
        let _ = c.kill();
        let _ = c.wait();
        None
    });
    Some(Tool { path, version })
}

fn shown(name: &str, tool: &Tool) -> String {
    format!("{} ({})", tool.version.as_deref().unwrap_or(name), tool.path.display())
}

/// terraform or tofu must be there; terragrunt is optional.
pub fn tool_checks(terraform: Option<Tool>, tofu: Option<Tool>, terragrunt: Option<Tool>) -> Vec<Check> {
    let found: Vec<String> = [("terraform", &terraform), ("tofu", &tofu)]
        .iter()
        .filter_map(|(n, t)| t.as_ref().map(|t| shown(n, t)))
        .collect();
    let tf = if found.is_empty() {
        Check::new("terraform", Status::Fail, "neither terraform nor tofu is on PATH")
            .hint("install terraform (or OpenTofu), or add its directory to PATH")
    } else {
        Check::new("terraform", Status::Ok, found.join("; "))
    };
    let tg = match terragrunt {
        Some(t) => Check::new("terragrunt", Status::Ok, shown("terragrunt", &t)),
        None => Check::new("terragrunt", Status::Skip, "not on PATH (needed only for terragrunt projects)"),
    };
    vec![tf, tg]
}

/// The module in `dir`: declared variables against the stored keys (`None`: no service named).
pub fn module_check(dir: &Path, stored: Option<&BTreeSet<String>>) -> Check {
    let module = match tfmodule::scan(dir) {
        Ok(Some(m)) => m,
        Ok(None) => return Check::new("module", Status::Skip, tfmodule::no_tf_files_note(dir)),
        Err(e) => return Check::new("module", Status::Warn, format!("cannot read {}: {e}", dir.display())),
    };
    if !module.readable {
        return Check::new(
            "module",
            Status::Warn,
            format!("cannot read the variable blocks: {}", module.notes.join("; ")),
        )
        .hint("exec passes every value verbatim until terraform can parse the module (run terraform validate)");
    }
    let declared: BTreeSet<String> = module.declarations.keys().cloned().collect();
    let Some(stored) = stored else {
        return Check::new("module", Status::Ok, format!("{} variable(s) declared", declared.len()))
            .hint("name a service to compare them with its keys: tfsecrets doctor <service>");
    };
    let matched = declared.intersection(stored).count();
    let unused: Vec<&str> = stored.difference(&declared).map(String::as_str).collect();
    let unset: Vec<&str> = declared.difference(stored).map(String::as_str).collect();
    let mut message = format!("{} declared, {} stored, {matched} match", declared.len(), stored.len());
    if !unset.is_empty() {
        message.push_str(&format!("; declared, not stored: {}", unset.join(", ")));
    }
    if unused.is_empty() {
        return Check::new("module", Status::Ok, message);
    }
    message.push_str(&format!("; stored, not declared: {}", unused.join(", ")));
    Check::new("module", Status::Warn, message)
        .hint("exec fetches only declared names: declare these variables, or delete the secrets nobody uses")
}

/// The tfvars files in `dir` (`*.tfvars`, `*.tfvars.json`), sorted.
fn tfvars_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".tfvars") || n.ends_with(".tfvars.json"))
                .filter(|n| dir.join(n).is_file())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// tfvars files in `dir` that still set a stored key: a plaintext copy, and for terraform.tfvars and
/// `*.auto.tfvars` a value that overrides `TF_VAR_` (docs/terraform-vars.md §2).
pub fn tfvars_check(dir: &Path, service: &str, stored: &BTreeSet<String>) -> Check {
    let files = tfvars_files(dir);
    if files.is_empty() {
        return Check::new("tfvars", Status::Ok, "no tfvars files here");
    }
    let mut holding = Vec::new();
    let mut unreadable = Vec::new();
    for name in &files {
        match tfvars::names_in_file(&dir.join(name)) {
            Some(names) => {
                let hits: Vec<String> = names
                    .into_iter()
                    .filter(|(n, _)| stored.contains(n))
                    .map(|(n, l)| format!("{n} (line {l})"))
                    .collect();
                if !hits.is_empty() {
                    holding.push(format!("{name}: {}", hits.join(", ")));
                }
            }
            None => unreadable.push(name.as_str()),
        }
    }
    if !holding.is_empty() {
        return Check::new("tfvars", Status::Fail, format!("still hold keys stored in /{service}: {}", holding.join("; ")))
            .hint(format!(
                "tfsecrets import {service} <file> stores and scrubs them; until then the file's value is on disk, and terraform.tfvars or *.auto.tfvars override TF_VAR_"
            ));
    }
    if !unreadable.is_empty() {
        return Check::new("tfvars", Status::Warn, format!("cannot parse {}", unreadable.join(", ")))
            .hint("tfsecrets import --dry-run <file> shows where");
    }
    Check::new("tfvars", Status::Ok, format!("{} file(s), none holds a stored key", files.len()))
}

/// tfvars files under `dir` that git tracks (their history keeps every value they ever held).
pub fn git_check(dir: &Path) -> Check {
    let out = match crate::files::git::run(dir, &["ls-files", "-z", "--", "*.tfvars", "*.tfvars.json"]) {
        Ok(o) if o.status.success() => o,
        Ok(_) => return Check::new("git", Status::Skip, "not a git work tree"),
        Err(_) => return Check::new("git", Status::Skip, "git is not on PATH"),
    };
    let tracked: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    if tracked.is_empty() {
        return Check::new("git", Status::Ok, "no tfvars file is tracked");
    }
    Check::new("git", Status::Warn, format!("tracked tfvars files: {}", tracked.join(", "))).hint(
        "values they ever held stay in the git history: rotate secrets that were committed, keep secrets in SSM, and ignore *.tfvars",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_report_shows_each_check_its_hint_and_a_summary() {
        let checks = vec![
            Check::new("credentials", Status::Ok, "environment"),
            Check::new("kms key", Status::Warn, "AWS managed").hint("create one"),
            Check::new("terraform", Status::Fail, "not on PATH").hint("install it"),
            Check::new("module", Status::Skip, "no .tf files"),
        ];
        assert_eq!(
            render(&checks),
            "✔ credentials  environment\n! kms key      AWS managed\n               hint: create one\n✘ terraform    not on PATH\n               hint: install it\n- module       no .tf files\n1 check(s) failed, 1 warning(s)\n"
        );
        assert_eq!(render(&checks[..1]), "✔ credentials  environment\n1 checks passed\n");
        let json = serde_json::to_string(&checks[1]).unwrap();
        assert_eq!(json, r#"{"name":"kms key","status":"warn","message":"AWS managed","hint":"create one"}"#);
    }

    #[test]
    fn terraform_or_tofu_is_required_terragrunt_is_not() {
        let t = || Some(Tool { path: "/bin/terraform".into(), version: Some("Terraform v1.11.4".into()) });
        let checks = tool_checks(t(), None, None);
        assert_eq!(checks[0].status, Status::Ok);
        assert_eq!(checks[0].message, "Terraform v1.11.4 (/bin/terraform)");
        assert_eq!(checks[1].status, Status::Skip);
        let none = tool_checks(None, None, None);
        assert_eq!(none[0].status, Status::Fail);
        assert_eq!(none[0].message, "neither terraform nor tofu is on PATH");
        let tofu = Some(Tool { path: "/bin/tofu".into(), version: None });
        assert_eq!(tool_checks(None, tofu, None)[0].message, "tofu (/bin/tofu)");
    }

    #[test]
    fn module_and_tfvars_against_stored_keys() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(module_check(d, None).status, Status::Skip);
        std::fs::write(d.join("main.tf"), "variable \"a\" {}\nvariable \"b\" {}\n").unwrap();
        let c = module_check(d, Some(&set(&["a", "z"])));
        assert_eq!(
            (c.status, c.message.as_str()),
            (Status::Warn, "2 declared, 2 stored, 1 match; declared, not stored: b; stored, not declared: z")
        );
        assert_eq!(module_check(d, Some(&set(&["a"]))).status, Status::Ok);

        assert_eq!(tfvars_check(d, "prod", &set(&["a"])).message, "no tfvars files here");
        std::fs::write(d.join("terraform.tfvars"), "b = 1\n\na = \"x\"\n").unwrap();
        std::fs::write(d.join("other.tfvars.json"), "{\"c\": 1}").unwrap();
        let c = tfvars_check(d, "prod", &set(&["a"]));
        assert_eq!(
            (c.status, c.message.as_str()),
            (Status::Fail, "still hold keys stored in /prod: terraform.tfvars: a (line 3)")
        );
        assert_eq!(tfvars_check(d, "prod", &set(&["q"])).message, "2 file(s), none holds a stored key");
        std::fs::write(d.join("bad.tfvars"), "a = \n").unwrap();
        assert_eq!(tfvars_check(d, "prod", &set(&["q"])).status, Status::Warn);
        assert_eq!(git_check(d).status, Status::Skip, "a temp dir is no git work tree");
    }
}
