//! The names terraform will set from var files and `-var` arguments, which override `TF_VAR_` (W7). Which files
//! terraform loads and what a var file sets are tfvars rules (`crate::tfvars`); the command line is read here.

use super::{VarFileSetting, is_terraform_command};
use crate::tfvars;
use std::path::Path;

/// Adds a `VarFileSetting` for each name the var file at `path` (shown as `shown`) sets.
fn push_file_settings(out: &mut Vec<VarFileSetting>, path: &Path, shown: &str) {
    for (name, line) in tfvars::names_in_file(path).unwrap_or_default() {
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

/// Names set in terraform's auto-loaded var files in `dir` and by `-var NAME=..` / `-var-file=F` in `argv` (W7,
/// docs/terraform-vars.md §2, §8).
///
/// Files in terraform's load order (see [`tfvars::auto_loaded_files`]). Arguments are read only when argv[0] is
/// terraform/tofu; `-var-file` paths are relative to `dir` (terraform changes into the `-chdir` directory
/// first). Unparsable files contribute nothing (terraform reports them).
pub fn var_file_settings(dir: &Path, argv: &[String]) -> Vec<VarFileSetting> {
    let mut out = Vec::new();
    for name in tfvars::auto_loaded_files(dir) {
        push_file_settings(&mut out, &dir.join(&name), &name);
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
    use std::fs;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::write(dir.join(name), text).expect("write test file");
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
        let module = super::super::scan(d.path()).expect("io").expect("has tf files");
        assert_eq!(module.var_files.len(), 5);
    }
}
