use super::*;
use std::path::PathBuf;

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write test file");
}

fn scan_ok(dir: &Path) -> Module {
    scan(dir).expect("io ok").expect("has tf files")
}

#[test]
fn no_tf_files_is_none() {
    let d = tempfile::tempdir().expect("tempdir");
    assert!(scan(d.path()).expect("io").is_none());
    write(d.path(), "terragrunt.hcl", "inputs = {}\n");
    write(d.path(), "notes.tf.bak", "");
    assert!(scan(d.path()).expect("io").is_none());
    assert!(scan(&d.path().join("missing")).expect("io").is_none());
    assert!(no_tf_files_note(Path::new("/x")).contains("/x"));
}

#[test]
fn scans_native_declarations() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "main.tf",
        r#"# header
variable "plain" {}

variable "s" {
  type      = string
  sensitive = true
}
variable "n" { type = number }
variable "b" { type = bool }
variable "a" { type = any }
variable "l" {
  type = list(string)
}
variable "m" { type = map(any) }
variable "bare" { type = list }
variable "o" {
  type = object({
a = string
b = optional(number)
  })
}
variable "t" { type = tuple([string, number]) }
variable "st" { type = set(string) }
variable "paren" { type = (number) }
provider "aws" {
  region  = "eu-west-1"
  profile = "dev"
}
provider "google" { profile = "x" }
terraform {
  backend "s3" {
bucket  = "b"
profile = "p"
  }
}
"#,
    );
    let m = scan_ok(d.path());
    assert!(m.readable, "{:?}", m.notes);
    assert!(m.notes.is_empty(), "{:?}", m.notes);
    let get = |n: &str| m.declarations.get(n).expect(n);
    assert_eq!(get("plain").class, TypeClass::Untyped);
    assert_eq!(get("plain").type_text, None);
    assert_eq!(get("plain").line, 2);
    assert_eq!(get("plain").file, "main.tf");
    let s = get("s");
    assert_eq!((s.class, s.sensitive, s.line), (TypeClass::String, true, 4));
    assert_eq!(s.type_text.as_deref(), Some("string"));
    assert_eq!(get("n").class, TypeClass::Number);
    assert!(!get("n").sensitive);
    assert_eq!(get("b").class, TypeClass::Bool);
    assert_eq!(get("a").class, TypeClass::Any);
    assert_eq!(get("l").class, TypeClass::Collection);
    assert_eq!(get("l").type_text.as_deref(), Some("list(string)"));
    assert_eq!(get("m").class, TypeClass::Collection);
    assert_eq!(get("bare").class, TypeClass::Collection);
    assert_eq!(get("o").class, TypeClass::Collection);
    assert!(get("o").type_text.as_deref().expect("text").starts_with("object({"));
    assert_eq!(get("t").class, TypeClass::Collection);
    assert_eq!(get("st").class, TypeClass::Collection);
    assert_eq!(get("paren").class, TypeClass::Number);
    assert_eq!(
        m.aws_profile_refs,
        vec!["main.tf:27: provider \"aws\" sets profile", "main.tf:33: backend \"s3\" sets profile"]
    );
}

#[test]
fn scans_json_declarations() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "vars.tf.json",
        r#"{
  "//": "comment",
  "variable": {
"tags": {"type": "map(string)", "sensitive": true},
"port": {
  "type": "number"
},
"free": {},
"any_v": {"type": "any", "sensitive": false}
  },
  "provider": {"aws": [{"region": "x"}, {"alias": "b",
 "profile": "p"}]}
}
"#,
    );
    write(d.path(), "more.tf.json", r#"{"variable": [{"x": {"type": "bool"}}]}"#);
    let m = scan_ok(d.path());
    assert!(m.readable, "{:?}", m.notes);
    let tags = &m.declarations["tags"];
    assert_eq!((tags.class, tags.sensitive, tags.line), (TypeClass::Collection, true, 4));
    assert_eq!(tags.type_text.as_deref(), Some("map(string)"));
    assert_eq!(tags.file, "vars.tf.json");
    assert_eq!((m.declarations["port"].class, m.declarations["port"].line), (TypeClass::Number, 5));
    assert_eq!(m.declarations["free"].class, TypeClass::Untyped);
    assert_eq!(m.declarations["any_v"].class, TypeClass::Any);
    assert_eq!(m.declarations["x"].class, TypeClass::Bool);
    assert_eq!(m.declarations["x"].file, "more.tf.json");
    assert_eq!(m.aws_profile_refs, vec!["vars.tf.json:12: provider \"aws\" sets profile"]);
}

#[test]
fn overrides_apply_last() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "main.tf",
        "variable \"a\" {\n  type = string\n}\nvariable \"b\" {\n  type = number\n  sensitive = true\n}\nvariable \"c\" {}\n",
    );
    // Sorted before main.tf, but applied after it.
    write(d.path(), "a_override.tf", "variable \"a\" {\n  type = list(string)\n}\n");
    write(d.path(), "override.tf.json", r#"{"variable": {"b": {"sensitive": false}}}"#);
    write(d.path(), "z_override.tf", "variable \"c\" {\n  sensitive = true\n}\nvariable \"ghost\" {}\n");
    let m = scan_ok(d.path());
    assert!(m.readable);
    let a = &m.declarations["a"];
    assert_eq!(a.class, TypeClass::Collection);
    assert_eq!(a.type_text.as_deref(), Some("list(string)"));
    assert_eq!((a.file.as_str(), a.line), ("main.tf", 1));
    assert_eq!(a.overrides, vec!["a_override.tf:1"]);
    assert_eq!(a.location(), "main.tf:1, overridden at a_override.tf:1");
    let b = &m.declarations["b"];
    assert_eq!((b.class, b.sensitive), (TypeClass::Number, false));
    assert_eq!(b.overrides, vec!["override.tf.json:1"]);
    let c = &m.declarations["c"];
    assert_eq!((c.class, c.sensitive), (TypeClass::Untyped, true));
    assert!(!m.declarations.contains_key("ghost"));
    assert_eq!(m.notes.len(), 1);
    assert!(m.notes[0].contains("override for undeclared variable \"ghost\""));
}

#[test]
fn parse_failure_makes_module_unreadable() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "main.tf", "variable \"a\" { type = string }\n");
    write(d.path(), "broken.tf", "variable \"b\" {\n  type = \n");
    let m = scan_ok(d.path());
    assert!(!m.readable);
    assert!(m.declarations.is_empty());
    assert!(m.notes.iter().any(|n| n.starts_with("broken.tf:") && n.contains("cannot be parsed")), "{:?}", m.notes);
    assert!(m.declaration("a").is_none());

    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "main.tf.json", "{\"variable\": {\"a\": {\"type\": \"string\"}},}");
    let m = scan_ok(d.path());
    assert!(!m.readable);
    assert!(m.notes[0].starts_with("main.tf.json:1:"), "{:?}", m.notes);
}

#[test]
fn invalid_types_make_module_unreadable() {
    for ty in ["\"string\"", "strng", "lst(string)", "1"] {
        let d = tempfile::tempdir().expect("tempdir");
        write(d.path(), "main.tf", &format!("variable \"a\" {{\n  type = {ty}\n}}\n"));
        let m = scan_ok(d.path());
        assert!(!m.readable, "{ty}");
        assert!(m.notes[0].contains("invalid type"), "{:?}", m.notes);
    }
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "main.tf.json", r#"{"variable": {"a": {"type": 5}}}"#);
    assert!(!scan_ok(d.path()).readable);
}

#[test]
fn duplicates_ignored_files_and_not_recursive() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "a.tf", "variable \"x\" { type = number }\n");
    write(d.path(), "b.tf", "\n\nvariable \"x\" { type = string }\n");
    write(d.path(), ".hidden.tf", "variable \"h\" {}\n");
    write(d.path(), "#tmp.tf#", "variable \"h2\" {}\n");
    write(d.path(), "c.tf~", "variable \"h3\" {}\n");
    fs::create_dir(d.path().join("modules")).expect("mkdir");
    write(&d.path().join("modules"), "m.tf", "variable \"sub\" {}\n");
    fs::create_dir(d.path().join("dir.tf")).expect("mkdir");
    let m = scan_ok(d.path());
    assert!(m.readable);
    assert_eq!(m.declarations.keys().collect::<Vec<_>>(), vec!["x"]);
    assert_eq!(m.declarations["x"].class, TypeClass::Number);
    assert_eq!(
        m.notes,
        vec!["b.tf:3: duplicate declaration of variable \"x\" (first at a.tf:1); terraform will report it"]
    );
    assert_eq!(m.dir, PathBuf::from(d.path()));
}

#[test]
fn sensitive_must_be_literal() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "main.tf",
        "variable \"a\" {\n  sensitive = local.x\n}\nvariable \"b\" {\n  sensitive = \"true\"\n}\n",
    );
    let m = scan_ok(d.path());
    assert!(!m.declarations["a"].sensitive);
    assert!(m.declarations["b"].sensitive);
    assert_eq!(m.notes.len(), 1);
}

#[test]
fn ephemeral_is_read_like_sensitive() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "main.tf",
        "variable \"key\" {\n  type      = string\n  ephemeral = true\n}\nvariable \"pw\" {\n  sensitive = true\n}\n\
         variable \"odd\" {\n  ephemeral = var.x\n}\nvariable \"later\" {}\n",
    );
    write(d.path(), "j.tf.json", r#"{"variable": {"token": {"ephemeral": "true"}}}"#);
    write(
        d.path(),
        "x_override.tf",
        "variable \"later\" {\n  ephemeral = true\n}\nvariable \"key\" {\n  type = string\n}\n",
    );
    let m = scan_ok(d.path());
    assert!(m.readable, "{:?}", m.notes);
    let flags = |n: &str| (m.declarations[n].ephemeral, m.declarations[n].sensitive);
    assert_eq!(flags("key"), (true, false), "an override without ephemeral keeps it");
    assert_eq!(flags("pw"), (false, true));
    assert_eq!(flags("odd"), (false, false));
    assert_eq!(flags("token"), (true, false));
    assert_eq!(flags("later"), (true, false));
    assert_eq!(m.notes, vec!["main.tf:8: variable \"odd\": ephemeral is not a literal bool; treated as false"]);
}
