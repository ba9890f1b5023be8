//! The var files terraform loads by itself, and the names a var file sets, for `exec`'s W7 check
//! (docs/terraform-vars.md §2, §8): tfmodule learns both here, next to the rest of the tfvars rules.

use super::Syntax;
use crate::text::{self, Lines};
use std::fs;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The var files terraform loads from its working directory `dir` without being asked, in load order:
/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` by file name.
/// Only regular files (after following symlinks) count.
pub fn auto_loaded_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = ["terraform.tfvars", "terraform.tfvars.json"]
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(String::from)
        .collect();
    if let Ok(entries) = fs::read_dir(dir) {
        let mut auto: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
            .filter(|n| dir.join(n).is_file())
            .collect();
        auto.sort();
        out.extend(auto);
    }
    out
}

/// The top-level attribute names a var file sets, with the line of each, in file order; `None` when the file
/// cannot be read or parsed (terraform reports that itself). Values are not evaluated; the file's bytes are
/// wiped after reading.
pub fn names_in_file(path: &Path) -> Option<Vec<(String, usize)>> {
    let mut bytes = Zeroizing::new(Vec::new());
    fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).ok()?;
    let source = std::str::from_utf8(&bytes).ok()?;
    let lines = Lines::new(source);
    match Syntax::from_file_name(&path.to_string_lossy()) {
        Syntax::Json => {
            let root = text::json::parse(source, text::json::Root::Object, text::json::DuplicateKeys::Keep).ok()?;
            Some(root.members()?.iter().map(|m| (m.key().to_owned(), lines.line(m.key_offset))).collect())
        }
        Syntax::Native => {
            let body = text::hcl::parse_body(source).ok()?;
            let names = body.attributes().map(|a| {
                use hcl_edit::Span;
                let line = a.key.span().or_else(|| a.span()).map_or(1, |r| lines.line(r.start));
                (a.key.as_str().to_owned(), line)
            });
            Some(names.collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::write(dir.join(name), text).expect("write test file");
    }

    #[test]
    fn auto_loaded_files_in_terraform_order() {
        let d = tempfile::tempdir().expect("tempdir");
        assert!(auto_loaded_files(d.path()).is_empty());
        for name in ["b.auto.tfvars", "terraform.tfvars.json", "a.auto.tfvars.json", "terraform.tfvars", "x.tfvars"] {
            write(d.path(), name, "");
        }
        fs::create_dir(d.path().join("dir.auto.tfvars")).expect("mkdir");
        let want = ["terraform.tfvars", "terraform.tfvars.json", "a.auto.tfvars.json", "b.auto.tfvars"];
        assert_eq!(auto_loaded_files(d.path()), want);
        assert!(auto_loaded_files(&d.path().join("missing")).is_empty());
    }

    #[test]
    fn names_with_lines() {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "a.tfvars", "# c\nregion = \"x\"\n\n  db_password = \"\"\nf = upper(\"y\")\n");
        write(d.path(), "a.tfvars.json", "{\n  \"tags\": {},\n\"tags\": 1}");
        write(d.path(), "broken.tfvars", "x = \n");
        write(d.path(), "top.tfvars.json", "[1]");
        let names = |n: &str| names_in_file(&d.path().join(n));
        let own = |v: &[(&str, usize)]| v.iter().map(|(n, l)| (n.to_string(), *l)).collect::<Vec<_>>();
        assert_eq!(names("a.tfvars"), Some(own(&[("region", 2), ("db_password", 4), ("f", 5)])));
        assert_eq!(names("a.tfvars.json"), Some(own(&[("tags", 2), ("tags", 3)])));
        assert_eq!(names("broken.tfvars"), None);
        assert_eq!(names("top.tfvars.json"), None);
        assert_eq!(names("missing.tfvars"), None);
    }
}
