//! `tfsecrets import` end to end against moto: what is stored (docs/terraform-vars.md §4 table and §5 encoding,
//! checked through boto3), how the file is scrubbed (docs/terraform-vars.md §4, issue 3 "Scrubbing"), the plan,
//! re-imports, selection flags, --keep, stdin, --json, symlinks, git exposure, tags and case notes.

use crate::support as common;
use crate::support::import as isupport;

use common::transcript::Transcript;
use isupport::*;
use serde_json::json;
use snapbox::str;
use std::collections::BTreeMap;
use std::path::Path;

/// A native tfvars file exercising every value type of the docs/terraform-vars.md §4 table. `<TAB>` is a raw TAB byte.
const NATIVE: &str = r#"# Production variables for the demo stack
# (edit with care)

# The database password, rotated quarterly
db_password = "p\"w\\d$${x}%%{y}\ttab-SECRET1" # trailing comment goes too
greeting    = "raw<TAB>tab and \"quotes\" SECRET2"
heredoc = <<EOT
line1 SECRET3
  $${z} %%{w} "q" \n
EOT
indented = <<-EOT
    a
      b SECRET4
    EOT
n_dec = 1.50
n_neg = -3
n_exp = 2.5e-3
n_big = 12345678901234567890123
on    = true
off   = false
unicode = "héllo wörld 😀 SECRET5"
lst = ["a", "$${b}", 1.50, true, null, ["nested", "%%{c}", "ctl\u0001\u007f\t\n\\\" SECRET6"]]
obj = {
  "$${k}" = "a$${v}b SECRET7"
  b       = [1.0, { c = "%%{d}" }]
  "x y"   = { q = "\u00e9😀" }
}
nothing = null
empty   = ""

/* kept block comment */
keepme = "stays" # kept trailing
"#;

/// The same values in `.tfvars.json` form (JSON strings are literal: `${` needs no escaping).
const JSON_FILE: &str = r#"{
  "db_password": "p\"w\\d${x}%{y}\ttab-SECRET1",
  "greeting": "raw\ttab and \"quotes\" SECRET2",
  "heredoc": "line1 SECRET3\n  ${z} %{w} \"q\" \\n\n",
  "indented": "a\n  b SECRET4\n",
  "n_dec": 1.50, "n_neg": -3, "n_exp": 2.5e-3, "n_big": 12345678901234567890123,
  "on": true, "off": false,
  "unicode": "h\u00e9llo wörld \ud83d\ude00 SECRET5",
  "lst": ["a", "${b}", 1.50, true, null, ["nested", "%{c}", "ctl\u0001\u007f\t\n\\\" SECRET6"]],
  "obj": {"${k}": "a${v}b SECRET7", "b": [1.0, {"c": "%{d}"}], "x y": {"q": "\u00e9😀"}},
  "nothing": null,
  "empty": "",
  "keepme": {"z": 1.50, "a": "é"}
}
"#;

/// What SSM must hold for both files (docs/terraform-vars.md §4 table, §5 HCL-safe JSON), byte for byte.
fn expected_values() -> BTreeMap<String, String> {
    [
        ("db_password", "p\"w\\d${x}%{y}\ttab-SECRET1"),
        ("greeting", "raw\ttab and \"quotes\" SECRET2"),
        // Heredocs keep their final newline and do not interpret backslash escapes.
        ("heredoc", "line1 SECRET3\n  ${z} %{w} \"q\" \\n\n"),
        ("indented", "a\n  b SECRET4\n"),
        ("n_dec", "1.5"),
        ("n_neg", "-3"),
        ("n_exp", "0.0025"),
        ("n_big", "12345678901234567890123"),
        ("on", "true"),
        ("off", "false"),
        ("unicode", "héllo wörld 😀 SECRET5"),
        ("lst", r#"["a","$${b}",1.5,true,null,["nested","%%{c}","ctl\u0001\u007f\t\n\\\" SECRET6"]]"#),
        ("obj", r#"{"$${k}":"a$${v}b SECRET7","b":[1,{"c":"%%{d}"}],"x y":{"q":"é😀"}}"#),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

const STORED_NAMES: [&str; 13] = [
    "db_password",
    "greeting",
    "heredoc",
    "indented",
    "n_dec",
    "n_neg",
    "n_exp",
    "n_big",
    "on",
    "off",
    "unicode",
    "lst",
    "obj",
];

/// `/<svc>/<name>` of [`STORED_NAMES`], sorted.
fn stored_params(svc: &str) -> Vec<String> {
    let mut v: Vec<String> = STORED_NAMES.iter().map(|n| format!("/{svc}/{n}")).collect();
    v.sort();
    v
}

/// Every stored parameter is a chamber-style SecureString, version 1, default KMS alias, Standard tier.
fn assert_chamber_metadata(env: &common::Env, svc: &str, version: &str) {
    for (k, p) in dump(env, svc) {
        assert_eq!(p["Type"], "SecureString", "{k}");
        assert_eq!(p["Description"], version, "{k}");
        assert_eq!(p["KeyId"], "alias/parameter_store_key", "{k}");
        assert_eq!(p["Tier"], "Standard", "{k}");
    }
}

#[test]
fn native_file_values_stored_exactly_and_file_scrubbed() {
    let env = moto_or_skip!();
    let svc = env.service("native");
    let dir = tmp();
    let src = NATIVE.replace("<TAB>", "\t");
    let path = put(dir.path(), "vars.tfvars", &src);
    chmod(&path, 0o640);

    let mut t = import_transcript(&env);
    let o = t.run(import_cmd(&env, dir.path(), &svc, "vars.tfvars", &["--except", "keepme"]));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(written(&o.stderr), stored_params(&svc), "a progress line per stored key");
    let e = common::text(&o.stderr);
    assert!(!e.contains("SECRET"), "no value on stderr: {e}");
    // The plan names every stored key; null and "" are named as left in the file.
    t.assert(str![[r#"
$ tfsecrets import [SVC]native vars.tfvars --except keepme
13 new, 0 changed, 0 unchanged; vars.tfvars scrubbed
--- stderr
  new       /[SVC]native/db_password
  new       /[SVC]native/greeting
  new       /[SVC]native/heredoc
  new       /[SVC]native/indented
  new       /[SVC]native/lst
  new       /[SVC]native/n_big
  new       /[SVC]native/n_dec
  new       /[SVC]native/n_exp
  new       /[SVC]native/n_neg
  new       /[SVC]native/obj
  new       /[SVC]native/off
  new       /[SVC]native/on
  new       /[SVC]native/unicode
tfsecrets: wrote [PARAM] (1/13)
tfsecrets: wrote [PARAM] (2/13)
tfsecrets: wrote [PARAM] (3/13)
tfsecrets: wrote [PARAM] (4/13)
tfsecrets: wrote [PARAM] (5/13)
tfsecrets: wrote [PARAM] (6/13)
tfsecrets: wrote [PARAM] (7/13)
tfsecrets: wrote [PARAM] (8/13)
tfsecrets: wrote [PARAM] (9/13)
tfsecrets: wrote [PARAM] (10/13)
tfsecrets: wrote [PARAM] (11/13)
tfsecrets: wrote [PARAM] (12/13)
tfsecrets: wrote [PARAM] (13/13)
tfsecrets: note: left in the file (null or empty; SSM cannot store them): nothing, empty

"#]]);

    assert_eq!(values(&env, &svc), expected_values());
    assert_chamber_metadata(&env, &svc, "1");

    // Scrub: stored attributes (with their trailing comment and the comment directly attached above)
    // replaced by markers; the header, blank lines, null/"" attributes, kept attribute and its comments
    // byte-identical.
    let mut want = String::from("# Production variables for the demo stack\n# (edit with care)\n\n");
    for n in STORED_NAMES {
        want.push_str(&marker(&svc, n));
        want.push('\n');
    }
    want.push_str("nothing = null\nempty   = \"\"\n\n/* kept block comment */\nkeepme = \"stays\" # kept trailing\n");
    assert_bytes(&path, want.as_bytes());
    assert_eq!(mode(&path), 0o640, "mode kept");
    assert_eq!(listing(dir.path()), ["vars.tfvars"], "no temp file or backup left");
}

#[test]
fn json_file_values_stored_exactly_and_file_rewritten() {
    let env = moto_or_skip!();
    let svc = env.service("json");
    let dir = tmp();
    let path = put(dir.path(), "vars.tfvars.json", JSON_FILE);
    chmod(&path, 0o600);

    let mut t = import_transcript(&env);
    let o = t.run(import_cmd(&env, dir.path(), &svc, "vars.tfvars.json", &["--except", "keepme"]));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(written(&o.stderr), stored_params(&svc), "a progress line per stored key");
    t.assert(str![[r#"
$ tfsecrets import [SVC]json vars.tfvars.json --except keepme
13 new, 0 changed, 0 unchanged; vars.tfvars.json scrubbed
--- stderr
  new       /[SVC]json/db_password
  new       /[SVC]json/greeting
  new       /[SVC]json/heredoc
  new       /[SVC]json/indented
  new       /[SVC]json/lst
  new       /[SVC]json/n_big
  new       /[SVC]json/n_dec
  new       /[SVC]json/n_exp
  new       /[SVC]json/n_neg
  new       /[SVC]json/obj
  new       /[SVC]json/off
  new       /[SVC]json/on
  new       /[SVC]json/unicode
tfsecrets: wrote [PARAM] (1/13)
tfsecrets: wrote [PARAM] (2/13)
tfsecrets: wrote [PARAM] (3/13)
tfsecrets: wrote [PARAM] (4/13)
tfsecrets: wrote [PARAM] (5/13)
tfsecrets: wrote [PARAM] (6/13)
tfsecrets: wrote [PARAM] (7/13)
tfsecrets: wrote [PARAM] (8/13)
tfsecrets: wrote [PARAM] (9/13)
tfsecrets: wrote [PARAM] (10/13)
tfsecrets: wrote [PARAM] (11/13)
tfsecrets: wrote [PARAM] (12/13)
tfsecrets: wrote [PARAM] (13/13)
tfsecrets: note: left in the file (null or empty; SSM cannot store them): nothing, empty

"#]]);
    assert_eq!(values(&env, &svc), expected_values());
    assert_chamber_metadata(&env, &svc, "1");

    // Remaining members in their original order, 2-space indent, trailing newline; number text kept.
    let want =
        "{\n  \"nothing\": null,\n  \"empty\": \"\",\n  \"keepme\": {\n    \"z\": 1.50,\n    \"a\": \"é\"\n  }\n}\n";
    assert_bytes(&path, want.as_bytes());
    assert_eq!(mode(&path), 0o600);
    assert_eq!(listing(dir.path()), ["vars.tfvars.json"]);
}

#[test]
fn dry_run_then_keep_then_noop_reimport_then_one_change() {
    let env = moto_or_skip!();
    let svc = env.service("plan");
    let dir = tmp();
    let v1 = "a = \"alpha-SECRET\"\nb = \"bravo-SECRET\"\nc = 3\nnothing = null\n";
    let path = put(dir.path(), "v.tfvars", v1);

    // --dry-run: the plan on stdout, names only, nothing written, file untouched.
    let mut t = Transcript::of(&env);
    let o = t.run(import_cmd(&env, dir.path(), &svc, "v.tfvars", &["--dry-run"]));
    assert_eq!(o.status.code(), Some(0));
    assert!(!common::text(&o.stdout).contains("SECRET") && !common::text(&o.stderr).contains("SECRET"));
    assert_eq!(count(&env, &svc), 0);
    assert_bytes(&path, v1.as_bytes());

    // --keep: stored, file untouched.
    let a = import(&env, dir.path(), &svc, "v.tfvars", &["--keep"]).success();
    assert_eq!(out(&a), "3 new, 0 changed, 0 unchanged; v.tfvars kept (--keep)\n");
    assert_bytes(&path, v1.as_bytes());
    assert_eq!(
        values(&env, &svc),
        BTreeMap::from([
            ("a".into(), "alpha-SECRET".into()),
            ("b".into(), "bravo-SECRET".into()),
            ("c".into(), "3".into())
        ])
    );

    // Same file again through a counting proxy: zero writes, the file is scrubbed (its values are in SSM).
    let proxy = common::FaultProxy::start(&env.moto_url, &[]);
    let mut penv = common::Env::on(&proxy.url);
    penv.moto_url = env.moto_url.clone();
    let a = import(&penv, dir.path(), &svc, "v.tfvars", &[]).success();
    assert_eq!(out(&a), "0 new, 0 changed, 3 unchanged; v.tfvars scrubbed\n");
    assert_eq!(proxy.count("PutParameter"), 0, "an unchanged re-import writes nothing: {}", proxy.stats());
    assert_eq!(proxy.count("DescribeKey"), 0, "no write, no KMS pre-flight needed: {}", proxy.stats());
    assert_bytes(
        &path,
        format!("{}\n{}\n{}\nnothing = null\n", marker(&svc, "a"), marker(&svc, "b"), marker(&svc, "c")).as_bytes(),
    );
    assert_chamber_metadata(&env, &svc, "1");

    // One value changed: dry run shows it, the import writes exactly it, chamber version 2.
    let v2 = "a = \"alpha-SECRET\"\nb = \"bravo-CHANGED\"\nc = 3.0\n";
    std::fs::write(&path, v2).unwrap();
    assert_eq!(t.run(import_cmd(&env, dir.path(), &svc, "v.tfvars", &["--dry-run"])).status.code(), Some(0));
    // The two dry runs: first all new, then one changed.
    t.assert(str![[r#"
$ tfsecrets import [SVC]plan v.tfvars --dry-run
  new       /[SVC]plan/a
  new       /[SVC]plan/b
  new       /[SVC]plan/c
dry run: 3 new, 0 changed, 0 unchanged; nothing written
--- stderr
tfsecrets: note: left in the file (null or empty; SSM cannot store them): nothing

$ tfsecrets import [SVC]plan v.tfvars --dry-run
  unchanged /[SVC]plan/a
  changed   /[SVC]plan/b
  unchanged /[SVC]plan/c
dry run: 0 new, 1 changed, 2 unchanged; nothing written

"#]]);
    assert_eq!(values(&env, &svc)["b"], "bravo-SECRET", "dry run wrote nothing");
    let before = proxy.count("PutParameter");
    let a = import(&penv, dir.path(), &svc, "v.tfvars", &[]).success();
    assert_eq!(out(&a), "0 new, 1 changed, 2 unchanged; v.tfvars removed (nothing else was in it)\n");
    assert_eq!(proxy.count("PutParameter") - before, 1);
    let d = dump(&env, &svc);
    assert_eq!(d["b"]["Value"], "bravo-CHANGED");
    assert_eq!(d["b"]["Description"], "2", "chamber version V+1");
    assert_eq!(d["a"]["Description"], "1");
    assert_eq!(d["c"]["Description"], "1");
    assert!(!path.exists(), "all attributes imported: file removed");
}

#[test]
fn only_and_except_select_variables_the_rest_stay_untouched() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = "a = \"1\"\n# about b\nb = \"2\"\n\nc = \"3\" # c stays\nd = [\"4\"]\n";

    let svc = env.service("only");
    let path = put(dir.path(), "o.tfvars", src);
    let a = import(&env, dir.path(), &svc, "o.tfvars", &["--only", "a,d"]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; o.tfvars scrubbed\n");
    assert_eq!(values(&env, &svc), BTreeMap::from([("a".into(), "1".into()), ("d".into(), r#"["4"]"#.into())]));
    let want = format!("{}\n# about b\nb = \"2\"\n\nc = \"3\" # c stays\n{}\n", marker(&svc, "a"), marker(&svc, "d"));
    assert_bytes(&path, want.as_bytes());

    let svc = env.service("except");
    let path = put(dir.path(), "e.tfvars", src);
    let a = import(&env, dir.path(), &svc, "e.tfvars", &["--except", "c"]).success();
    assert_eq!(out(&a), "3 new, 0 changed, 0 unchanged; e.tfvars scrubbed\n");
    assert_eq!(values(&env, &svc).keys().cloned().collect::<Vec<_>>(), ["a", "b", "d"]);
    let want = format!("{}\n{}\n\nc = \"3\" # c stays\n{}\n", marker(&svc, "a"), marker(&svc, "b"), marker(&svc, "d"));
    assert_bytes(&path, want.as_bytes());

    // Naming a variable the file does not have: usage error, nothing written, file untouched.
    let svc = env.service("onlymissing");
    let path = put(dir.path(), "m.tfvars", src);
    for flag in ["--only", "--except"] {
        let a = import(&env, dir.path(), &svc, "m.tfvars", &[flag, "a,zz"]).failure();
        assert_eq!(code(&a), 64, "{flag}");
        assert!(err(&a).contains("m.tfvars has no variable \"zz\""), "{flag}: {}", err(&a));
        assert_eq!(count(&env, &svc), 0);
        assert_bytes(&path, src.as_bytes());
    }
}

#[test]
fn keep_and_stdin_scrub_nothing() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = "pw = \"s3cret\"\nport = 5432\nnothing = null\n";

    let svc = env.service("keep");
    let path = put(dir.path(), "k.tfvars", src);
    let a = import(&env, dir.path(), &svc, "k.tfvars", &["--keep"]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; k.tfvars kept (--keep)\n");
    assert_bytes(&path, src.as_bytes());
    assert_eq!(values(&env, &svc), BTreeMap::from([("port".into(), "5432".into()), ("pw".into(), "s3cret".into())]));

    let svc = env.service("stdin");
    let a = env
        .cmd()
        .current_dir(dir.path())
        .args(["import", &svc, "-"])
        .write_stdin(src.as_bytes().to_vec())
        .assert()
        .success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; not scrubbed (stdin)\n");
    assert!(
        err(&a).contains("tfsecrets: note: left in the file (null or empty; SSM cannot store them): nothing\n"),
        "{}",
        err(&a)
    );
    assert_eq!(values(&env, &svc), BTreeMap::from([("port".into(), "5432".into()), ("pw".into(), "s3cret".into())]));
    assert_eq!(listing(dir.path()), ["k.tfvars"], "stdin import creates no file");
}

#[test]
fn json_output_fields() {
    let env = moto_or_skip!();
    let svc = env.service("jsonout");
    let dir = tmp();
    put(dir.path(), "j.tfvars", "a = \"1\"\nb = \"2\"\nz = null\n");
    env.cmd().args(["write", &svc, "b", "old"]).assert().success();
    env.cmd().args(["write", &svc, "a", "1"]).assert().success();
    let target = std::fs::canonicalize(dir.path().join("j.tfvars")).unwrap();

    let a = import(&env, dir.path(), &svc, "j.tfvars", &["--json", "--dry-run"]).success();
    assert_eq!(
        json_out(&a),
        json!({"service": svc, "file": "j.tfvars", "dry_run": true, "new": [], "changed": ["b"], "unchanged": ["a"], "kept": ["z"]})
    );
    let a = import(&env, dir.path(), &svc, "j.tfvars", &["--json"]).success();
    assert_eq!(
        json_out(&a),
        json!({
            "service": svc, "file": "j.tfvars", "target": target.display().to_string(), "dry_run": false,
            "new": [], "changed": ["b"], "unchanged": ["a"], "kept": ["z"],
            "written": ["b"], "scrub": "j.tfvars scrubbed", "git_exposure": null,
        })
    );
    // --json: no plan lines, no progress lines (stdout is one JSON line).
    assert_eq!(out(&a).lines().count(), 1);
    assert!(!err(&a).contains("changed   /"), "{}", err(&a));
    assert_eq!(values(&env, &svc)["b"], "2");
}

#[test]
fn symlink_target_is_scrubbed_link_stays() {
    let env = moto_or_skip!();
    let svc = env.service("symlink");
    let dir = tmp();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let real = put(&dir.path().join("real"), "t.tfvars", "pw = \"x\"\nkeep = null\n");
    chmod(&real, 0o604);
    std::os::unix::fs::symlink("real/t.tfvars", dir.path().join("link.tfvars")).unwrap();
    let target = std::fs::canonicalize(&real).unwrap();

    let a = import(&env, dir.path(), &svc, "link.tfvars", &[]).success();
    assert_eq!(out(&a), format!("1 new, 0 changed, 0 unchanged; link.tfvars -> {} scrubbed\n", target.display()));
    let link = dir.path().join("link.tfvars");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real/t.tfvars"));
    assert_bytes(&real, format!("{}\nkeep = null\n", marker(&svc, "pw")).as_bytes());
    assert_eq!(mode(&real), 0o604);
    assert_eq!(listing(&dir.path().join("real")), ["t.tfvars"]);
    assert_eq!(values(&env, &svc)["pw"], "x");
}

#[test]
fn git_tracked_or_historic_file_warns_and_names_keys_to_rotate() {
    let env = moto_or_skip!();
    let dir = tmp();
    git(dir.path(), &["init", "-q", "."]);

    // Tracked.
    let svc = env.service("gittracked");
    put(dir.path(), "s.tfvars", "pw = \"x\"\ntoken = \"y\"\nkeep = \"\"\n");
    git(dir.path(), &["add", "s.tfvars"]);
    git(dir.path(), &["commit", "-qm", "add secrets"]);
    let a = import(&env, dir.path(), &svc, "s.tfvars", &[]).success();
    assert!(
        err(&a).contains("tfsecrets: warning: s.tfvars is tracked by git: the imported values are still in the git history; rotate these secrets: pw, token\n"),
        "{}",
        err(&a)
    );

    // In history only (untracked now, e.g. after `git rm --cached`).
    let svc = env.service("githistory");
    git(dir.path(), &["rm", "-q", "--cached", "s.tfvars"]);
    git(dir.path(), &["commit", "-qm", "untrack"]);
    std::fs::write(dir.path().join("s.tfvars"), "pw = \"x2\"\nother = 1\n").unwrap();
    let a = import(&env, dir.path(), &svc, "s.tfvars", &["--json", "--only", "pw"]).success();
    let j = json_out(&a);
    assert_eq!(j["git_exposure"], "appears in git history");
    assert!(
        err(&a).contains("tfsecrets: warning: s.tfvars appears in git history: the imported values are still in the git history; rotate these secrets: pw\n"),
        "{}",
        err(&a)
    );

    // Never committed: no warning.
    let svc = env.service("gitnever");
    put(dir.path(), "fresh.tfvars", "pw = \"z\"\nother = 1\n");
    let a = import(&env, dir.path(), &svc, "fresh.tfvars", &["--json"]).success();
    assert!(!err(&a).contains("warning"), "{}", err(&a));
    assert_eq!(json_out(&a)["git_exposure"], json!(null));
}

#[test]
fn fully_imported_file_is_removed() {
    let env = moto_or_skip!();
    let svc = env.service("removed");
    let dir = tmp();
    let path = put(dir.path(), "all.tfvars", "# header\npw = \"x\" # c\n\n// more\ntoken = <<EOT\ny\nEOT\n");
    let a = import(&env, dir.path(), &svc, "all.tfvars", &[]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; all.tfvars removed (nothing else was in it)\n");
    assert!(!path.exists());
    assert!(listing(dir.path()).is_empty(), "no temp file left: {:?}", listing(dir.path()));
    assert_eq!(values(&env, &svc), BTreeMap::from([("pw".into(), "x".into()), ("token".into(), "y\n".into())]));

    let svc = env.service("removedjson");
    let path = put(dir.path(), "all.tfvars.json", "{\"pw\": \"x\", \"n\": 1}");
    let a = import(&env, dir.path(), &svc, "all.tfvars.json", &[]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; all.tfvars.json removed (nothing else was in it)\n");
    assert!(!path.exists());
}

#[test]
fn earlier_markers_survive_a_later_import_of_the_next_attribute() {
    // A file scrubbed in two steps (--only a, then --only b) must keep the marker of `a`: it is
    // tfsecrets' own note that the value lives in SSM, not a comment describing `b`.
    let env = moto_or_skip!();
    let svc = env.service("markers");
    let dir = tmp();
    let path = put(dir.path(), "m.tfvars", "a = \"1\"\nb = \"2\"\nkeep = null\n");
    import(&env, dir.path(), &svc, "m.tfvars", &["--only", "a"]).success();
    assert_bytes(&path, format!("{}\nb = \"2\"\nkeep = null\n", marker(&svc, "a")).as_bytes());
    import(&env, dir.path(), &svc, "m.tfvars", &["--only", "b"]).success();
    assert_bytes(&path, format!("{}\n{}\nkeep = null\n", marker(&svc, "a"), marker(&svc, "b")).as_bytes());
}

#[test]
fn tags_apply_to_new_keys_only() {
    let env = moto_or_skip!();
    let svc = env.service("tags");
    let dir = tmp();
    env.cmd().args(["write", &svc, "old", "v"]).assert().success();
    put(dir.path(), "t.tfvars", "old = \"v2\"\nfresh = \"n\"\n");
    import(&env, dir.path(), &svc, "t.tfvars", &["--keep", "--tag", "env=prod", "--tag", "team=core"]).success();
    assert_eq!(
        env.tags(&format!("/{svc}/fresh")),
        [("env".to_owned(), "prod".to_owned()), ("team".to_owned(), "core".to_owned())]
    );
    assert_eq!(env.boto(&["tags", &format!("/{svc}/old")]), json!([]));
    assert_eq!(values(&env, &svc)["old"], "v2");
}

#[test]
fn upper_case_keys_and_case_variants_are_noted() {
    let env = moto_or_skip!();
    let svc = env.service("case");
    let dir = tmp();
    env.boto(&["put-raw", &format!("/{svc}/db_pass"), "old", "1"]);
    put(dir.path(), "c.tfvars", "DB_Pass = \"x\"\nlower = 1\n");
    let a = import(&env, dir.path(), &svc, "c.tfvars", &["--keep"]).success();
    let e = err(&a);
    assert!(e.contains("tfsecrets: warning: keys with upper-case letters (DB_Pass)"), "{e}");
    assert!(e.contains("DB_Pass") && e.contains(&format!("/{svc}/db_pass")), "both names of the case variants: {e}");
    // Stored exactly as named; the lower-case one is not touched.
    let v = values(&env, &svc);
    assert_eq!(v["DB_Pass"], "x");
    assert_eq!(v["db_pass"], "old");
}
