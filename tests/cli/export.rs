//! `export` end to end against moto: chamber's json and dotenv bytes, valid-HCL tfvars, merging, `-o` (docs/chamber-compat.md §6).

use crate::support as common;
use crate::support::cli as support;

use common::stdout_of;
use common::transcript::Transcript;
use serde_json::json;
use snapbox::str;
use support::*;

/// (key, stored value) pairs covering every escaping rule of docs/chamber-compat.md §6; keys are listed in byte order.
const TRICKY: &[(&str, &str)] = &[
    ("DOLLAR", "$HOME and ${var} and $$"),
    ("Html", "<script>a && b</script>"),
    ("backslash", r"C:\path\n"),
    ("backtick", "`uname -a`"),
    ("bang", "hi!"),
    ("control", "a\u{1}b\u{7f}c\u{8}d\u{c}e\re"),
    ("newline", "line1\nline2\n"),
    ("nonascii", "héllo 日本 😀 ü"),
    ("quotes", r#"say "hi" 'there'"#),
    ("tab", "a\tb"),
    ("u2028", "x\u{2028}y\u{2029}z"),
];

fn seed_tricky(env: &common::Env, svc: &str) {
    for (k, v) in TRICKY {
        write_stdin(env, svc, k, v);
    }
}

#[test]
fn export_json_is_chamber_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("xjson");
    seed_tricky(&env, &svc);
    let want = concat!(
        r#"{"DOLLAR":"$HOME and ${var} and $$","#,
        r#""Html":"\u003cscript\u003ea \u0026\u0026 b\u003c/script\u003e","#,
        r#""backslash":"C:\\path\\n","#,
        r#""backtick":"`uname -a`","#,
        r#""bang":"hi!","#,
        r#""control":"a\u0001b"#,
        "\u{7f}",
        r#"c\bd\fe\re","#,
        r#""newline":"line1\nline2\n","#,
        r#""nonascii":"héllo 日本 😀 ü","#,
        r#""quotes":"say \"hi\" 'there'","#,
        r#""tab":"a\tb","#,
        r#""u2028":"x\u2028y\u2029z"}"#,
        "\n"
    );
    let a = env.cmd().args(["export", &svc]).assert().success();
    assert_eq!(stdout_of(&a), want, "default format is json");
    let a = env.cmd().args(["export", "-f", "json", &svc]).assert().success();
    assert_eq!(stdout_of(&a), want);
    let a = env.cmd().args(["export", "--format", "JSON", &svc]).assert().success();
    assert_eq!(stdout_of(&a), want, "format names are case-insensitive");
    // And it is JSON that decodes back to the stored values.
    let back: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&stdout_of(&a)).unwrap();
    for (k, v) in TRICKY {
        assert_eq!(back[*k], *v, "{k}");
    }
}

#[test]
fn export_dotenv_is_chamber_byte_exact() {
    let env = moto_or_skip!();
    let svc = env.service("xdotenv");
    seed_tricky(&env, &svc);
    write(&env, &svc, "db.host-name", "h");
    let want = concat!(
        "DOLLAR=\"\\$HOME and \\${var} and \\$\\$\"\n",
        "HTML=\"<script>a && b</script>\"\n",
        "BACKSLASH=\"C:\\\\path\\\\n\"\n",
        "BACKTICK=\"\\`uname -a\\`\"\n",
        "BANG=\"hi!\"\n",
        "CONTROL=\"a\u{1}b\u{7f}c\u{8}d\u{c}e\\re\"\n",
        "DB_HOST_NAME=\"h\"\n",
        "NEWLINE=\"line1\\nline2\\n\"\n",
        "NONASCII=\"héllo 日本 😀 ü\"\n",
        "QUOTES=\"say \\\"hi\\\" 'there'\"\n",
        "TAB=\"a\tb\"\n",
        "U2028=\"x\u{2028}y\u{2029}z\"\n",
    );
    let a = env.cmd().args(["export", "-f", "dotenv", &svc]).assert().success();
    assert_eq!(stdout_of(&a), want);
}

#[test]
fn export_dotenv_invalid_name_aborts_without_printing_values() {
    let env = moto_or_skip!();
    let svc = env.service("xdotbad");
    write(&env, &svc, "ok", "fine-value");
    write(&env, &svc, "9lives", "cat-secret");
    let mut t = Transcript::of(&env);
    let out = t.run(env.command(&["export", "-f", "dotenv", &svc]));
    assert_eq!(out.status.code(), Some(65));
    let err = common::text(&out.stderr);
    assert!(!err.contains("cat-secret") && !err.contains("fine-value"), "{err}");
    // The first invalid name aborts the whole export: nothing on stdout, the name in the error.
    t.assert(str![[r#"
$ tfsecrets export -f dotenv [SVC]xdotbad
--- stderr
tfsecrets: error: key "9lives": shell variable name "9LIVES" must start with a letter or underscore
--- exit 65

"#]]);
}

#[test]
fn export_tfvars_is_valid_hcl() {
    let env = moto_or_skip!();
    let svc = env.service("xtfvars");
    seed_tricky(&env, &svc);
    write(&env, &svc, "tf_var_region", "eu-west-1");
    write(&env, &svc, "cidrs", r#"["10.0.0.0/16","10.1.0.0/16"]"#);
    write(&env, &svc, "template", "%{ if x }${y}%{ endif }");
    let a = env.cmd().args(["export", "-f", "tfvars", &svc]).assert().success();
    let text = stdout_of(&a);
    let parsed: serde_json::Value = hcl::eval::from_str(&text, &hcl::eval::Context::new())
        .unwrap_or_else(|e| panic!("export -f tfvars must be valid HCL ({e}):\n{text}"));
    for (k, v) in TRICKY {
        assert_eq!(parsed[*k], *v, "{k} round-trips through HCL");
    }
    assert_eq!(parsed["region"], "eu-west-1", "leading tf_var_ is stripped");
    assert!(parsed.get("tf_var_region").is_none());
    assert_eq!(parsed["cidrs"], json!(["10.0.0.0/16", "10.1.0.0/16"]), "collections stay typed");
    assert_eq!(parsed["template"], "%{ if x }${y}%{ endif }", "template sequences are escaped");
    assert_eq!(parsed.as_object().unwrap().len(), TRICKY.len() + 3);
    // One `name = value` line per key, in raw-key byte order.
    let names: Vec<&str> = text.lines().filter(|l| l.contains(" = ")).map(|l| l.split(" = ").next().unwrap()).collect();
    assert!(names.contains(&"region") && names.contains(&"Html"), "{names:?}");
}

#[test]
fn export_merges_services_with_chamber_warning() {
    let env = moto_or_skip!();
    let (a_svc, b_svc) = (env.service("xa"), env.service("xb/nested"));
    write(&env, &a_svc, "only_a", "1");
    write(&env, &a_svc, "shared", "from-a");
    write(&env, &a_svc, "also", "a");
    write(&env, &b_svc, "shared", "from-b");
    write(&env, &b_svc, "also", "b");
    write(&env, &b_svc, "only_b", "2");
    // The later service wins, with chamber's warning per key; reversed order: a wins.
    let mut t = Transcript::of(&env);
    assert_eq!(t.run(env.command(&["export", &a_svc, &b_svc])).status.code(), Some(0));
    assert_eq!(t.run(env.command(&["export", "-f", "dotenv", &b_svc, &a_svc])).status.code(), Some(0));
    t.assert(str![[r#"
$ tfsecrets export [SVC]xa [SVC]xb/nested
{"also":"b","only_a":"1","only_b":"2","shared":"from-b"}
--- stderr
warning: parameter also specified more than once (overridden by service [SVC]xb/nested)
warning: parameter shared specified more than once (overridden by service [SVC]xb/nested)

$ tfsecrets export -f dotenv [SVC]xb/nested [SVC]xa
ALSO="a"
ONLY_A="1"
ONLY_B="2"
SHARED="from-a"
--- stderr
warning: parameter also specified more than once (overridden by service [SVC]xa)
warning: parameter shared specified more than once (overridden by service [SVC]xa)

"#]]);
}

#[test]
fn export_to_file_is_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let env = moto_or_skip!();
    let svc = env.service("xfile");
    write(&env, &svc, "k", "v<1>");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let a = env.cmd().args(["export", "-o"]).arg(&path).arg(&svc).assert().success();
    assert_eq!(stdout_of(&a), "", "nothing on stdout with -o");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"k\":\"v\\u003c1\\u003e\"}\n");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    // An existing world-readable file is truncated and tightened to 0600.
    let path2 = dir.path().join("existing.env");
    std::fs::write(&path2, "OLD CONTENT THAT IS LONGER THAN THE NEW ONE\n").unwrap();
    std::fs::set_permissions(&path2, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.cmd().args(["export", "-f", "dotenv", "--output-file"]).arg(&path2).arg(&svc).assert().success();
    assert_eq!(std::fs::read_to_string(&path2).unwrap(), "K=\"v<1>\"\n");
    assert_eq!(std::fs::metadata(&path2).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn export_empty_service() {
    let env = moto_or_skip!();
    let svc = env.service("xempty");
    let a = env.cmd().args(["export", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "{}\n");
    let a = env.cmd().args(["export", "-f", "dotenv", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "");
}

#[test]
fn export_excludes_grandchildren() {
    let env = moto_or_skip!();
    let svc = env.service("xnest");
    write(&env, &svc, "child", "c");
    write(&env, &format!("{svc}/sub"), "grandchild", "g");
    let a = env.cmd().args(["export", &svc]).assert().success();
    assert_eq!(stdout_of(&a), "{\"child\":\"c\"}\n");
}

#[test]
fn export_120_keys_as_json() {
    let env = moto_or_skip!();
    let svc = env.service("xbig");
    env.boto(&["bulk-put", &svc, "120"]);
    let body: Vec<String> = (0..120).map(|i| format!("\"key{i:04}\":\"value-{i}\"")).collect();
    let want = format!("{{{}}}\n", body.join(","));
    let a = env.cmd().args(["export", "-f", "json", &svc]).assert().success();
    assert_eq!(stdout_of(&a), want);
}
