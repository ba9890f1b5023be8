//! Reading the root module `exec` runs terraform in: its `variable` blocks from `*.tf` / `*.tf.json`, with
//! override files applied last (docs/terraform-vars.md §6).

use super::decl::{RawVar, Syntax, scan_file};
use super::{Declaration, Module, TypeClass, var_file_settings};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// The note for a directory without `*.tf` / `*.tf.json` files (docs/terraform-vars.md §6: values pass
/// verbatim).
pub fn no_tf_files_note(dir: &Path) -> String {
    format!("no *.tf or *.tf.json files in {}: values pass verbatim, no variable checks", dir.display())
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

/// Reads one file into `module` (notes, profile references) and returns its `variable` blocks; a file that
/// cannot be read or parsed goes to `broken` instead.
fn read_file(
    dir: &Path,
    name: &str,
    syntax: Syntax,
    module: &mut Module,
    broken: &mut Vec<String>,
) -> Option<Vec<RawVar>> {
    match scan_file(dir, name, syntax) {
        Ok(scanned) => {
            module.notes.extend(scanned.notes);
            module.aws_profile_refs.extend(scanned.profile_refs);
            Some(scanned.vars)
        }
        Err(note) => {
            broken.push(note);
            None
        }
    }
}

/// Reads `*.tf` / `*.tf.json` in `dir` (not recursive), applying override files last (docs/terraform-vars.md §6).
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
        let Some(vars) = read_file(dir, name, *syntax, &mut module, &mut broken) else { continue };
        for var in vars {
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
                    ephemeral: var.ephemeral.unwrap_or(false),
                    file: name.clone(),
                    line: var.line,
                    overrides: Vec::new(),
                },
            );
        }
    }

    for (name, syntax) in &overrides {
        let Some(vars) = read_file(dir, name, *syntax, &mut module, &mut broken) else { continue };
        for var in vars {
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
            if let Some(e) = var.ephemeral {
                decl.ephemeral = e;
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

#[cfg(test)]
mod tests;
