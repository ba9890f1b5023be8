//! `tfsecrets exec ... -- terragrunt <args>`: which terraform module terragrunt will run, read from
//! `terragrunt.hcl` without evaluating it, so that exec can treat it as it treats a terraform root module
//! (declared names fetched by name, types enforced, warnings).
//!
//! - The working directory is `--working-dir DIR` (or the older `--terragrunt-working-dir DIR`), else the current
//!   directory; the file is `terragrunt.hcl` there, or `--config FILE` (`--terragrunt-config FILE`). Flags are
//!   read at any position of terragrunt's argv, up to a `--`.
//! - `terraform { source = "<local path>" }` names the module: a path relative to the file's directory (or
//!   absolute), with go-getter's `//subdir` form (`../modules//vpc` is `../modules/vpc`). Without a `source`,
//!   terragrunt runs terraform in the working directory itself.
//! - Everything tfsecrets cannot follow without evaluating terragrunt's language falls back to fetching the
//!   whole service, with a note saying why: a remote source (git, registry, any URL), a computed source, an
//!   `include` or `dependency`/`dependencies` block (they can change the source and the inputs), several units
//!   at once (`run-all`, `--all`, `stack`), a `terragrunt.hcl.json`, a file that does not parse.
//! - The top-level keys of the `inputs` object are reported: terragrunt sets `TF_VAR_<key>` for each only when it
//!   is not already set, so a secret with the same name silently wins over the `inputs` value.
//!
//! Parsing is syntax only (hcl-edit): functions such as `find_in_parent_folders()` anywhere in the file are
//! never called and do not stop the parse.

use crate::text::Lines;
use crate::text::hcl as text_hcl;
use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Body;
use std::path::{Path, PathBuf};

/// What exec learned from terragrunt's argv and configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terragrunt {
    /// The configuration file read (or looked for).
    pub config: PathBuf,
    /// The module directory whose `variable` blocks drive exec, or why the whole service is fetched instead.
    pub module: Result<PathBuf, String>,
    /// Top-level keys of the `inputs` object with their line in `config`.
    pub inputs: Vec<(String, usize)>,
}

impl Terragrunt {
    /// The warning for a secret named like an `inputs` key: the secret wins (module docs).
    pub fn input_collision(&self, key: &str, source: &str) -> Option<String> {
        let (_, line) = self.inputs.iter().find(|(k, _)| k == key)?;
        Some(format!(
            "{}:{line}: inputs sets \"{key}\", but the secret {source} wins: terragrunt does not override TF_VAR_{key}, \
             which tfsecrets sets; remove one of the two",
            self.config.display()
        ))
    }
}

/// Whether a command basename is terragrunt (with an optional `.exe`).
pub fn is_terragrunt_command(argv0: &str) -> bool {
    let base = Path::new(argv0).file_name().and_then(|s| s.to_str()).unwrap_or("");
    base.strip_suffix(".exe").unwrap_or(base) == "terragrunt"
}

/// The flags of terragrunt's argv that matter here.
#[derive(Debug, Default, PartialEq, Eq)]
struct Flags<'a> {
    working_dir: Option<&'a str>,
    config: Option<&'a str>,
    /// Why several units run at once (`run-all`, `--all`, `stack`), if they do.
    many: Option<&'a str>,
}

/// Reads terragrunt's flags at any position, up to `--` (argv without argv[0]).
fn flags(args: &[String]) -> Flags<'_> {
    let mut f = Flags::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let arg = arg.as_str();
        if arg == "--" {
            break;
        }
        if arg == "run-all" || arg == "stack" || arg == "--all" || arg == "--terragrunt-run-all" {
            f.many.get_or_insert(arg);
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (arg, None),
        };
        let slot = match name {
            "--working-dir" | "--terragrunt-working-dir" => &mut f.working_dir,
            "--config" | "--terragrunt-config" => &mut f.config,
            _ => continue,
        };
        let value = match inline {
            Some(v) => Some(v),
            None => it.next().map(String::as_str),
        };
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            *slot = Some(v);
        }
    }
    f
}

/// Reads terragrunt's argv (with argv[0]) and configuration; `cwd` is where terragrunt starts.
pub fn inspect(argv: &[String], cwd: &Path) -> Terragrunt {
    let f = flags(argv.get(1..).unwrap_or_default());
    let wd = f.working_dir.map_or_else(|| cwd.to_path_buf(), |d| cwd.join(d));
    let config = f.config.map_or_else(|| wd.join("terragrunt.hcl"), |c| cwd.join(c));
    let mut tg = Terragrunt { config, module: Err(String::new()), inputs: Vec::new() };
    if let Some(why) = f.many {
        tg.module = Err(format!("`{why}` runs several units"));
        return tg;
    }
    if !tg.config.exists() && tg.config.with_extension("hcl.json").exists() {
        tg.module =
            Err(format!("{} is not read (only terragrunt.hcl)", tg.config.with_extension("hcl.json").display()));
        return tg;
    }
    let text = match std::fs::read_to_string(&tg.config) {
        Ok(t) => t,
        Err(e) => {
            tg.module = Err(format!("cannot read {}: {e}", tg.config.display()));
            return tg;
        }
    };
    let body = match text_hcl::parse_body(&text) {
        Ok(b) => b,
        Err(e) => {
            tg.module = Err(format!("{}:{}: cannot be parsed", tg.config.display(), e.pos));
            return tg;
        }
    };
    let lines = Lines::new(&text);
    tg.inputs = inputs(&body, &lines);
    let config_dir = tg.config.parent().map_or_else(|| wd.clone(), Path::to_path_buf);
    tg.module = module_dir(&body, &config_dir, &tg.config, &lines);
    tg
}

/// The top-level keys of `inputs = { ... }` (none when `inputs` is computed, e.g. `merge(...)`).
fn inputs(body: &Body, lines: &Lines) -> Vec<(String, usize)> {
    let Some(Expression::Object(obj)) = body.get_attribute("inputs").map(|a| &a.value) else { return Vec::new() };
    obj.iter()
        .filter_map(|(key, _)| {
            let name = match key {
                ObjectKey::Ident(id) => id.as_str().to_owned(),
                ObjectKey::Expression(Expression::String(s)) => s.as_str().to_owned(),
                ObjectKey::Expression(_) => return None,
            };
            Some((name, key.span().map_or(1, |r| lines.line(r.start))))
        })
        .collect()
}

/// The module directory the configuration names, or why it cannot be followed (module docs).
fn module_dir(body: &Body, config_dir: &Path, config: &Path, lines: &Lines) -> Result<PathBuf, String> {
    for kind in ["include", "dependency", "dependencies"] {
        if let Some(block) = body.get_blocks(kind).next() {
            let line = block.ident.span().map_or(1, |r| lines.line(r.start));
            return Err(format!(
                "{}:{line}: `{kind}` blocks can change the module and its inputs, which tfsecrets does not evaluate",
                config.display()
            ));
        }
    }
    let source = body.get_blocks("terraform").find_map(|b| b.body.get_attribute("source"));
    let Some(source) = source else { return Ok(config_dir.to_path_buf()) };
    let line = source.span().map_or(1, |r| lines.line(r.start));
    let Expression::String(s) = &source.value else {
        return Err(format!("{}:{line}: the terraform source is computed", config.display()));
    };
    let dir = local_source(s.as_str())
        .ok_or_else(|| format!("{}:{line}: the terraform source {:?} is remote", config.display(), s.as_str()))?;
    let dir = config_dir.join(dir);
    if !dir.is_dir() {
        return Err(format!("{}:{line}: the terraform source {} is not a directory", config.display(), dir.display()));
    }
    // `live/prod/../../modules/db` reads better as the directory it is.
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// A go-getter source that is a local path, as a path (`//subdir` joined), or `None` for anything remote.
fn local_source(source: &str) -> Option<PathBuf> {
    let path = source.strip_prefix("file://").unwrap_or(source);
    let remote = path.contains("::")
        || path.contains("://")
        || path.contains('?')
        || path.starts_with("git@")
        || ["github.com/", "bitbucket.org/", "gitlab.com/"].iter().any(|h| path.starts_with(h))
        || !(path.starts_with('/') || path.starts_with("./") || path.starts_with("../") || path == "." || path == "..");
    if remote || path.is_empty() {
        return None;
    }
    // `base//subdir`: the subdirectory of the downloaded (here: local) tree that holds the module.
    let (base, sub) = match path[1..].find("//") {
        Some(i) => (&path[..=i], Some(&path[i + 3..])),
        None => (path, None),
    };
    let mut dir = PathBuf::from(base);
    if let Some(sub) = sub.filter(|s| !s.is_empty()) {
        dir.push(sub);
    }
    Some(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn terragrunt_commands() {
        assert!(is_terragrunt_command("terragrunt"));
        assert!(is_terragrunt_command("/usr/local/bin/terragrunt"));
        assert!(is_terragrunt_command("terragrunt.exe"));
        assert!(!is_terragrunt_command("terragrunt-wrapper"));
        assert!(!is_terragrunt_command("terraform"));
    }

    #[test]
    fn flags_at_any_position() {
        let f = |a: &[&str]| {
            let v = argv(a);
            let f = flags(&v);
            (f.working_dir.map(str::to_owned), f.config.map(str::to_owned), f.many.map(str::to_owned))
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(f(&["plan", "--working-dir", "live/prod"]), (some("live/prod"), None, None));
        assert_eq!(f(&["--working-dir=live/prod", "plan"]), (some("live/prod"), None, None));
        assert_eq!(f(&["--terragrunt-working-dir", "a", "apply"]), (some("a"), None, None));
        assert_eq!(f(&["apply", "--terragrunt-working-dir=a", "--working-dir", "b"]), (some("b"), None, None));
        assert_eq!(f(&["plan", "--config", "x.hcl"]), (None, some("x.hcl"), None));
        assert_eq!(f(&["--terragrunt-config=x.hcl", "plan"]), (None, some("x.hcl"), None));
        assert_eq!(f(&["run-all", "plan"]), (None, None, some("run-all")));
        assert_eq!(f(&["run", "--all", "--", "plan"]), (None, None, some("--all")));
        assert_eq!(f(&["plan", "--all"]), (None, None, some("--all")));
        assert_eq!(f(&["stack", "run", "plan"]), (None, None, some("stack")));
        // After `--` the arguments are terraform's.
        assert_eq!(f(&["run", "--", "plan", "--working-dir", "x", "--all"]), (None, None, None));
        assert_eq!(f(&["plan", "--working-dir"]), (None, None, None));
    }

    #[test]
    fn local_sources_and_subdirs() {
        let l = |s: &str| local_source(s).map(|p| p.display().to_string());
        assert_eq!(l("../modules/x").as_deref(), Some("../modules/x"));
        assert_eq!(l("../modules//x").as_deref(), Some("../modules/x"));
        assert_eq!(l("./modules//nested/x").as_deref(), Some("./modules/nested/x"));
        assert_eq!(l("../modules//").as_deref(), Some("../modules"));
        assert_eq!(l("/abs/modules//x").as_deref(), Some("/abs/modules/x"));
        assert_eq!(l("file:///abs/m").as_deref(), Some("/abs/m"));
        assert_eq!(l(".").as_deref(), Some("."));
        for remote in [
            "git::https://github.com/acme/modules.git//vpc?ref=v1.2.0",
            "git::git@github.com:acme/modules.git//vpc",
            "github.com/acme/modules//vpc",
            "git@github.com:acme/modules.git",
            "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0",
            "terraform-aws-modules/vpc/aws",
            "https://example.com/m.zip",
            "s3::https://s3.amazonaws.com/b/m.zip",
            "",
        ] {
            assert_eq!(l(remote), None, "{remote}");
        }
    }

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_local_source_with_inputs_and_functions_elsewhere() {
        let d = project(&[
            (
                "live/prod/terragrunt.hcl",
                "locals {\n  common = read_terragrunt_config(find_in_parent_folders(\"common.hcl\"))\n}\n\
                 terraform {\n  source = \"../../modules//db\"\n}\n\
                 inputs = {\n  region = local.common.locals.region\n  \"db_password\" = \"x\"\n}\n",
            ),
            ("modules/db/main.tf", "variable \"db_password\" {}\n"),
        ]);
        let tg = inspect(&argv(&["terragrunt", "plan"]), &d.path().join("live/prod"));
        let db = d.path().join("modules/db").canonicalize().unwrap();
        assert_eq!(tg.module, Ok(db.clone()));
        assert_eq!(tg.inputs, [("region".to_owned(), 8), ("db_password".to_owned(), 9)]);
        let w = tg.input_collision("db_password", "/prod/db_password").unwrap();
        assert!(
            w.ends_with(
                "terragrunt.hcl:9: inputs sets \"db_password\", but the secret /prod/db_password wins: terragrunt does \
             not override TF_VAR_db_password, which tfsecrets sets; remove one of the two"
            ),
            "{w}"
        );
        assert_eq!(tg.input_collision("other", "/prod/other"), None);
        // --working-dir from elsewhere finds the same module.
        let tg = inspect(&argv(&["terragrunt", "--working-dir", "live/prod", "plan"]), d.path());
        assert_eq!(tg.module, Ok(db));
    }

    #[test]
    fn no_source_means_the_working_directory() {
        let d = project(&[("terragrunt.hcl", "inputs = merge({a = 1}, {b = 2})\n"), ("main.tf", "")]);
        let tg = inspect(&argv(&["terragrunt", "apply"]), d.path());
        assert_eq!(tg.module, Ok(d.path().to_path_buf()), "no source: the directory as given, not resolved");
        assert_eq!(tg.inputs, [], "computed inputs have no keys to report");
    }

    #[test]
    fn fallbacks_say_why() {
        let why = |files: &[(&str, &str)], args: &[&str]| {
            let d = project(files);
            let tg = inspect(&argv(args), d.path());
            let dir = d.path().display().to_string();
            tg.module.unwrap_err().replace(&dir, "[DIR]")
        };
        let remote = "terraform {\n  source = \"git::https://example.com/m.git//vpc?ref=v1\"\n}\n";
        assert_eq!(
            why(&[("terragrunt.hcl", remote)], &["terragrunt", "plan"]),
            "[DIR]/terragrunt.hcl:2: the terraform source \"git::https://example.com/m.git//vpc?ref=v1\" is remote"
        );
        let include = "include \"root\" {\n  path = find_in_parent_folders()\n}\n";
        assert_eq!(
            why(&[("terragrunt.hcl", include)], &["terragrunt", "plan"]),
            "[DIR]/terragrunt.hcl:1: `include` blocks can change the module and its inputs, which tfsecrets does \
             not evaluate"
        );
        let dep = "terraform {\n  source = \"./m\"\n}\n\ndependency \"vpc\" {\n  config_path = \"../vpc\"\n}\n";
        assert_eq!(
            why(&[("terragrunt.hcl", dep), ("m/main.tf", "")], &["terragrunt", "plan"]),
            "[DIR]/terragrunt.hcl:5: `dependency` blocks can change the module and its inputs, which tfsecrets \
             does not evaluate"
        );
        let computed = "terraform {\n  source = \"${get_repo_root()}/modules/x\"\n}\n";
        assert_eq!(
            why(&[("terragrunt.hcl", computed)], &["terragrunt", "plan"]),
            "[DIR]/terragrunt.hcl:2: the terraform source is computed"
        );
        assert_eq!(why(&[("terragrunt.hcl", "")], &["terragrunt", "run-all", "plan"]), "`run-all` runs several units");
        assert_eq!(
            why(&[("terragrunt.hcl", "terraform {\n  source = \"../nope\"\n}\n")], &["terragrunt", "plan"]),
            "[DIR]/terragrunt.hcl:2: the terraform source [DIR]/../nope is not a directory"
        );
        let broken = why(&[("terragrunt.hcl", "inputs = {\n")], &["terragrunt", "plan"]);
        assert!(broken.starts_with("[DIR]/terragrunt.hcl:") && broken.ends_with(": cannot be parsed"), "{broken}");
        assert!(why(&[], &["terragrunt", "plan"]).starts_with("cannot read [DIR]/terragrunt.hcl: "));
    }
}
