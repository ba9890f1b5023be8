//! `tfsecrets import` on bad input (issue 3 "Bad input: a clear error, nothing written, file untouched";
//! docs/terraform-vars.md §3, §4; docs/chamber-compat.md §1, §3): every case checks the exit code, the message
//! (with file:line:col where the input has a position), zero parameters in the service (boto3) and a
//! byte-identical file. Every bad file has a valid attribute first, so "validate everything before the
//! first write" is exercised too.

use crate::support as common;
use crate::support::import as isupport;

use common::transcript::Transcript;
use isupport::*;
use snapbox::str;
use std::path::Path;
use std::time::{Duration, Instant};

/// Imports `name` holding `bytes` into a fresh service, recording the run in `t`, and expects failure with
/// `code_want` and nothing on stdout; checks nothing was written and the file is byte-identical. Returns the whole
/// stderr.
#[track_caller]
fn refused(
    t: &mut Transcript,
    env: &common::Env,
    dir: &Path,
    name: &str,
    bytes: &[u8],
    extra: &[&str],
    code_want: i32,
) -> String {
    let svc = env.service("bad");
    let path = put(dir, name, bytes);
    let o = t.run(import_cmd(env, dir, &svc, name, extra));
    let e = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(code_want), "{name}: {e}");
    assert!(o.stdout.is_empty(), "nothing on stdout");
    assert_eq!(count(env, &svc), 0, "{name}: nothing written");
    assert_bytes(&path, bytes);
    assert_eq!(listing(dir).iter().filter(|n| n.contains("tfsecrets")).count(), 0, "no temp file left");
    e
}

#[test]
fn malformed_hcl_and_unterminated_heredoc() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    refused(&mut t, &env, dir.path(), "m.tfvars", b"a = \"x\"\nb = = 1\n", &[], 65);
    refused(&mut t, &env, dir.path(), "h.tfvars", b"a = \"x\"\nb = <<EOT\nsecret line\n", &[], 65);
    let e = refused(&mut t, &env, dir.path(), "q.tfvars", b"a = \"x\"\nb = \"unterminated SECRET\nc = 1\n", &[], 65);
    assert!(!e.contains("SECRET"), "errors never echo the input: {e}");
    refused(&mut t, &env, dir.path(), "j.tfvars.json", b"{\"a\": \"x\",\n \"b\": [1,}\n", &[], 65);
    refused(&mut t, &env, dir.path(), "top.tfvars.json", b"[\"a\"]", &[], 65);
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad m.tfvars
--- stderr
tfsecrets: error: m.tfvars:2:5: HCL syntax error: invalid expression; expected `"`, `[`, `{`, `-`, `!`, `(`, `_`, `<`, letter or digit
  hint: fix the file so that `terraform plan -var-file=...` accepts it
--- exit 65

$ tfsecrets import [SVC]bad h.tfvars
--- stderr
tfsecrets: error: h.tfvars:3:1: HCL syntax error: expected heredoc end delimiter
  hint: fix the file so that `terraform plan -var-file=...` accepts it
--- exit 65

$ tfsecrets import [SVC]bad q.tfvars
--- stderr
tfsecrets: error: q.tfvars:2:1: HCL syntax error: unexpected token
  hint: fix the file so that `terraform plan -var-file=...` accepts it
--- exit 65

$ tfsecrets import [SVC]bad j.tfvars.json
--- stderr
tfsecrets: error: j.tfvars.json:2:10: JSON syntax error: expected a value
  hint: fix the file so that `terraform plan -var-file=...` accepts it
--- exit 65

$ tfsecrets import [SVC]bad top.tfvars.json
--- stderr
tfsecrets: error: top.tfvars.json:1:1: JSON syntax error: the top-level value must be an object
  hint: fix the file so that `terraform plan -var-file=...` accepts it
--- exit 65

"#]]);
}

#[test]
fn blocks_calls_references_and_interpolations() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    refused(&mut t, &env, dir.path(), "v.tfvars", b"a = \"x\"\nvariable \"b\" {\n  type = string\n}\n", &[], 65);
    refused(&mut t, &env, dir.path(), "k.tfvars", b"a = \"x\"\nlocals {\n  b = 1\n}\n", &[], 65);
    refused(&mut t, &env, dir.path(), "f.tfvars", b"a = \"x\"\nb = upper(\"SECRET\")\n", &[], 65);
    refused(&mut t, &env, dir.path(), "r.tfvars", b"a = \"x\"\nb = var.x\n", &[], 65);
    // An unquoted secret is a reference; its text must not appear in the error.
    let e = refused(&mut t, &env, dir.path(), "w.tfvars", b"a = \"x\"\nb = hunter2SECRET\n", &[], 65);
    assert!(!e.contains("SECRET"), "{e}");
    refused(&mut t, &env, dir.path(), "i.tfvars", b"a = \"x\"\nb = \"pre-${var.x}\"\n", &[], 65);
    refused(&mut t, &env, dir.path(), "n.tfvars", b"a = \"x\"\nb = { c = [local.x] }\n", &[], 65);
    refused(&mut t, &env, dir.path(), "fe.tfvars", b"a = \"x\"\nb = [for s in [\"a\"] : upper(s)]\n", &[], 65);
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad v.tfvars
--- stderr
tfsecrets: error: v.tfvars:2:1: Variable declaration in .tfvars file
  hint: a .tfvars file only assigns values (name = value); move the variable block to a .tf file
--- exit 65

$ tfsecrets import [SVC]bad k.tfvars
--- stderr
tfsecrets: error: k.tfvars:2:1: unexpected block "locals" in .tfvars file
  hint: a .tfvars file may only hold name = value assignments; remove the block
--- exit 65

$ tfsecrets import [SVC]bad f.tfvars
--- stderr
tfsecrets: error: f.tfvars:2:5: Function calls not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

$ tfsecrets import [SVC]bad r.tfvars
--- stderr
tfsecrets: error: r.tfvars:2:5: Variables not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

$ tfsecrets import [SVC]bad w.tfvars
--- stderr
tfsecrets: error: w.tfvars:2:5: Variables not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

$ tfsecrets import [SVC]bad i.tfvars
--- stderr
tfsecrets: error: i.tfvars:2:12: Variables not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars
--- stderr
tfsecrets: error: n.tfvars:2:12: Variables not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

$ tfsecrets import [SVC]bad fe.tfvars
--- stderr
tfsecrets: error: fe.tfvars:2:23: Function calls not allowed
  hint: values in a .tfvars file must be literals; put the final value in the file (quote plain text: "...")
--- exit 65

"#]]);
}

#[test]
fn duplicates_and_invalid_names() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    refused(&mut t, &env, dir.path(), "d.tfvars", b"a = \"x\"\nb = 1\nb = 2\n", &[], 65);
    refused(&mut t, &env, dir.path(), "d.tfvars.json", b"{\"a\": \"x\",\n  \"b\": 1,\n  \"b\": 2}", &[], 65);
    refused(&mut t, &env, dir.path(), "u.tfvars", "a = \"x\"\npässwort = \"x\"\n".as_bytes(), &[], 65);
    for bad in ["a.b", "1abc", "a b", "a/b", ""] {
        let src = format!("{{\"ok\": 1, \"{bad}\": \"x\"}}");
        refused(&mut t, &env, dir.path(), "n.tfvars.json", src.as_bytes(), &[], 65);
    }
    refused(&mut t, &env, dir.path(), "c.tfvars", b"db_pass = \"x\"\n\nDB_Pass = \"y\"\n", &[], 65);
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad d.tfvars
--- stderr
tfsecrets: error: d.tfvars:3:1: attribute defined twice
  hint: each variable may be set only once per file; remove one of the assignments
--- exit 65

$ tfsecrets import [SVC]bad d.tfvars.json
--- stderr
tfsecrets: error: d.tfvars.json:3:3: key defined twice in the same object
  hint: each key may appear only once per object; remove one of them
--- exit 65

$ tfsecrets import [SVC]bad u.tfvars
--- stderr
tfsecrets: error: u.tfvars:2:1: "pässwort" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars.json
--- stderr
tfsecrets: error: n.tfvars.json:1:11: "a.b" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars.json
--- stderr
tfsecrets: error: n.tfvars.json:1:11: "1abc" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars.json
--- stderr
tfsecrets: error: n.tfvars.json:1:11: "a b" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars.json
--- stderr
tfsecrets: error: n.tfvars.json:1:11: "a/b" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad n.tfvars.json
--- stderr
tfsecrets: error: n.tfvars.json:1:11: "" is not a valid variable name for tfsecrets
  hint: names must match ^[A-Za-z_][A-Za-z0-9_-]*$ (a terraform identifier that is also a valid chamber key); rename the variable
--- exit 65

$ tfsecrets import [SVC]bad c.tfvars
--- stderr
tfsecrets: error: c.tfvars:3:1: "DB_Pass" differs only in case from "db_pass" (line 1)
  hint: chamber lowercases keys, so both would be the same secret for chamber users; rename one of them
--- exit 65

"#]]);
}

#[test]
fn value_over_4096_bytes_unless_advanced_tier() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    // 4097 bytes of UTF-8 (2048 × "é" + "a"): the limit is in bytes, not characters.
    let big = format!("{}a", "é".repeat(2048));
    let src = format!("small = \"x\"\nbig = \"{big}\"\n");
    refused(&mut t, &env, dir.path(), "big.tfvars", src.as_bytes(), &[], 65);
    // A collection counts by its stored JSON: ["<4094 x>"] is 4098 bytes.
    let src = format!("small = \"x\"\nl = [\"{}\"]\n", "x".repeat(4094));
    refused(&mut t, &env, dir.path(), "l.tfvars", src.as_bytes(), &[], 65);

    // Exactly 4096 bytes: accepted on Standard.
    let svc = env.service("edge");
    let edge = "é".repeat(2048);
    put(dir.path(), "edge.tfvars", format!("edge = \"{edge}\"\n"));
    import(&env, dir.path(), &svc, "edge.tfvars", &[]).success();
    let d = dump(&env, &svc);
    assert_eq!(d["edge"]["Value"], edge.as_str());
    assert_eq!(d["edge"]["Tier"], "Standard");

    // --tier advanced stores 4097 bytes (and refuses 8193).
    let svc = env.service("adv");
    let path = put(dir.path(), "adv.tfvars", format!("small = \"x\"\nbig = \"{big}\"\n"));
    let a = import(&env, dir.path(), &svc, "adv.tfvars", &["--tier", "advanced"]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; adv.tfvars removed (nothing else was in it)\n");
    assert!(!path.exists());
    let d = dump(&env, &svc);
    assert_eq!(d["big"]["Value"], big.as_str());
    assert_eq!(d["big"]["Tier"], "Advanced");
    let huge = "y".repeat(8193);
    refused(
        &mut t,
        &env,
        dir.path(),
        "huge.tfvars",
        format!("small = \"x\"\nhuge = \"{huge}\"\n").as_bytes(),
        &["--tier", "advanced"],
        65,
    );
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad big.tfvars
--- stderr
tfsecrets: error: value too large for the Standard tier (max 4096 bytes): big (4097 bytes)
  hint: pass --tier advanced to store up to 8192 bytes (Advanced parameters are billed)
--- exit 65

$ tfsecrets import [SVC]bad l.tfvars
--- stderr
tfsecrets: error: value too large for the Standard tier (max 4096 bytes): l (4098 bytes)
  hint: pass --tier advanced to store up to 8192 bytes (Advanced parameters are billed)
--- exit 65

$ tfsecrets import [SVC]bad huge.tfvars --tier advanced
--- stderr
tfsecrets: error: value too large for the Advanced tier (max 8192 bytes): huge (8193 bytes)
--- exit 65

"#]]);
}

#[test]
fn empty_missing_directory_fifo_loop_and_dangling() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    for (name, bytes) in [
        ("e.tfvars", &b""[..]),
        ("c.tfvars", b"# only a comment\n\n// and another\n"),
        ("w.tfvars", b"  \n\t\n"),
        ("e.tfvars.json", b"{ }\n"),
        ("z.tfvars.json", b""),
    ] {
        refused(&mut t, &env, dir.path(), name, bytes, &[], 65);
    }

    let svc = env.service("missing");
    let a = import(&env, dir.path(), &svc, "nope.tfvars", &[]).failure();
    assert_eq!(code(&a), 66);
    assert_eq!(err(&a), "tfsecrets: error: nope.tfvars: no such file\n");
    assert_eq!(count(&env, &svc), 0);

    std::fs::create_dir(dir.path().join("d.tfvars")).unwrap();
    let a = import(&env, dir.path(), &svc, "d.tfvars", &[]).failure();
    assert_eq!(code(&a), 65);
    assert_eq!(err(&a), "tfsecrets: error: d.tfvars: is a directory; give a .tfvars or .tfvars.json file\n");

    // A FIFO with no writer: refused at once, never opened (opening it would block forever).
    let fifo = dir.path().join("p.tfvars");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
    let start = Instant::now();
    let a = env
        .cmd()
        .current_dir(dir.path())
        .args(["import", &svc, "p.tfvars"])
        .timeout(Duration::from_secs(20))
        .assert()
        .failure();
    assert!(start.elapsed() < Duration::from_secs(15), "must not hang on a FIFO");
    assert_eq!(code(&a), 65, "{}", err(&a));
    assert_eq!(
        err(&a),
        "tfsecrets: error: p.tfvars: not a regular file (FIFO, socket or device); refusing to read it\n"
    );
    // The same through a symlink to the FIFO.
    std::os::unix::fs::symlink("p.tfvars", dir.path().join("lp.tfvars")).unwrap();
    let a = env
        .cmd()
        .current_dir(dir.path())
        .args(["import", &svc, "lp.tfvars"])
        .timeout(Duration::from_secs(20))
        .assert()
        .failure();
    assert_eq!(code(&a), 65, "{}", err(&a));

    std::os::unix::fs::symlink("loop2.tfvars", dir.path().join("loop1.tfvars")).unwrap();
    std::os::unix::fs::symlink("loop1.tfvars", dir.path().join("loop2.tfvars")).unwrap();
    let a = import(&env, dir.path(), &svc, "loop1.tfvars", &[]).failure();
    assert_eq!(code(&a), 65);
    assert_eq!(err(&a), "tfsecrets: error: loop1.tfvars: too many levels of symbolic links (a symlink loop)\n");

    std::os::unix::fs::symlink("gone.tfvars", dir.path().join("dangling.tfvars")).unwrap();
    let a = import(&env, dir.path(), &svc, "dangling.tfvars", &[]).failure();
    assert_eq!(code(&a), 66);
    assert_eq!(err(&a), "tfsecrets: error: dangling.tfvars: dangling symlink\n");
    assert_eq!(count(&env, &svc), 0);
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad e.tfvars
--- stderr
tfsecrets: error: e.tfvars: the file holds no variables
  hint: nothing to import; check the file name
--- exit 65

$ tfsecrets import [SVC]bad c.tfvars
--- stderr
tfsecrets: error: c.tfvars: the file holds no variables
  hint: nothing to import; check the file name
--- exit 65

$ tfsecrets import [SVC]bad w.tfvars
--- stderr
tfsecrets: error: w.tfvars: the file holds no variables
  hint: nothing to import; check the file name
--- exit 65

$ tfsecrets import [SVC]bad e.tfvars.json
--- stderr
tfsecrets: error: e.tfvars.json: the file holds no variables
  hint: nothing to import; check the file name
--- exit 65

$ tfsecrets import [SVC]bad z.tfvars.json
--- stderr
tfsecrets: error: z.tfvars.json: the file holds no variables
  hint: nothing to import; check the file name
--- exit 65

"#]]);
}

#[test]
fn non_utf8_and_nul_bytes() {
    let env = moto_or_skip!();
    let dir = tmp();
    let mut t = Transcript::of(&env);
    refused(&mut t, &env, dir.path(), "l1.tfvars", b"a = \"x\"\nb = \"caf\xe9\"\n", &[], 65);
    refused(&mut t, &env, dir.path(), "l1.tfvars.json", b"{\"a\": \"x\",\n\"b\": \"\xff\"}", &[], 65);
    // UTF-16 with a BOM (what some Windows editors write).
    let utf16: Vec<u8> =
        [0xFFu8, 0xFE].into_iter().chain("a = \"x\"\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    refused(&mut t, &env, dir.path(), "w.tfvars", &utf16, &[], 65);
    refused(&mut t, &env, dir.path(), "nul.tfvars", b"a = \"x\"\nb = \"x\0y\"\n", &[], 65);
    refused(&mut t, &env, dir.path(), "nul.tfvars.json", b"{\"a\": \"x\",\n\"b\": \"\0\"}", &[], 65);
    t.assert(str![[r#"
$ tfsecrets import [SVC]bad l1.tfvars
--- stderr
tfsecrets: error: l1.tfvars:2:9: the file is not valid UTF-8
  hint: terraform reads .tfvars files as UTF-8; convert the file (e.g. with iconv) and try again
--- exit 65

$ tfsecrets import [SVC]bad l1.tfvars.json
--- stderr
tfsecrets: error: l1.tfvars.json:2:7: the file is not valid UTF-8
  hint: terraform reads .tfvars files as UTF-8; convert the file (e.g. with iconv) and try again
--- exit 65

$ tfsecrets import [SVC]bad w.tfvars
--- stderr
tfsecrets: error: w.tfvars:1:1: the file is not valid UTF-8
  hint: terraform reads .tfvars files as UTF-8; convert the file (e.g. with iconv) and try again
--- exit 65

$ tfsecrets import [SVC]bad nul.tfvars
--- stderr
tfsecrets: error: nul.tfvars:2:7: NUL byte in the file
  hint: a .tfvars file is text; remove the NUL byte or check that this is the right file
--- exit 65

$ tfsecrets import [SVC]bad nul.tfvars.json
--- stderr
tfsecrets: error: nul.tfvars.json:2:7: NUL byte in the file
  hint: a .tfvars file is text; remove the NUL byte or check that this is the right file
--- exit 65

"#]]);
}

#[test]
fn read_only_file_refused_unless_keep() {
    // Refused before writing whoever runs it (also root, for whom access(W_OK) is always true): a file
    // the user made read-only must not be replaced behind their back.
    let env = moto_or_skip!();
    let dir = tmp();
    let src = b"pw = \"x\"\nport = 1\n";
    let path = put(dir.path(), "ro.tfvars", src);
    chmod(&path, 0o444);
    let svc = env.service("ro");
    let a = import(&env, dir.path(), &svc, "ro.tfvars", &[]).failure();
    assert_eq!(code(&a), 65, "{}", err(&a));
    assert_eq!(
        err(&a).lines().next().unwrap(),
        "tfsecrets: error: ro.tfvars: the file is read-only, so it could not be scrubbed after the import"
    );
    assert!(err(&a).contains("hint: pass --keep"), "{}", err(&a));
    assert_eq!(count(&env, &svc), 0);
    assert_bytes(&path, src);

    let a = import(&env, dir.path(), &svc, "ro.tfvars", &["--keep"]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 0 unchanged; ro.tfvars kept (--keep)\n");
    assert_bytes(&path, src);
    assert_eq!(mode(&path), 0o444);
    assert_eq!(count(&env, &svc), 2);
}

/// Runs tfsecrets as `nobody` (when we are root and setpriv exists), so permission checks are real.
fn as_nobody(env: &common::Env, dir: &Path, args: &[&str]) -> Option<assert_cmd::assert::Assert> {
    if !nix::unistd::Uid::effective().is_root() || !Path::new("/usr/bin/setpriv").exists() {
        return None;
    }
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    chmod(dir, 0o755);
    chmod(&home, 0o755);
    let mut c = std::process::Command::new("/usr/bin/setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(common::bin()).args(args).current_dir(dir);
    common::hermetic(&mut c, &env.url, &home);
    Some(assert_cmd::Command::from_std(c).timeout(Duration::from_secs(60)).assert())
}

#[test]
fn read_only_and_unreadable_file_as_unprivileged_user() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = b"pw = \"x\"\n";
    let path = put(dir.path(), "ro.tfvars", src);
    chmod(&path, 0o444);
    let svc = env.service("ronobody");
    let Some(a) = as_nobody(&env, dir.path(), &["import", &svc, "ro.tfvars"]) else {
        eprintln!("not root or no setpriv: covered by read_only_file_refused_unless_keep");
        return;
    };
    let a = a.failure();
    assert_eq!(code(&a), 65, "{}", err(&a));
    assert!(err(&a).starts_with("tfsecrets: error: ro.tfvars: the file is read-only"), "{}", err(&a));
    assert_eq!(count(&env, &svc), 0);
    let a = as_nobody(&env, dir.path(), &["import", &svc, "ro.tfvars", "--keep"]).unwrap().success();
    assert_eq!(out(&a), "1 new, 0 changed, 0 unchanged; ro.tfvars kept (--keep)\n");
    assert_bytes(&path, src);

    // Unreadable: refused (exit ≠ 0), nothing written, file untouched.
    let svc = env.service("unreadable");
    let path = put(dir.path(), "ur.tfvars", src);
    chmod(&path, 0o000);
    let a = as_nobody(&env, dir.path(), &["import", &svc, "ur.tfvars", "--keep"]).unwrap().failure();
    assert_eq!(code(&a), 66, "{}", err(&a));
    assert!(err(&a).starts_with("tfsecrets: error: ur.tfvars: permission denied"), "{}", err(&a));
    let a = as_nobody(&env, dir.path(), &["import", &svc, "ur.tfvars"]).unwrap().failure();
    assert_eq!(code(&a), 65, "{}", err(&a));
    assert_eq!(count(&env, &svc), 0);
    chmod(&path, 0o600);
    assert_bytes(&path, src);

    // A directory the user cannot write: the file could not be replaced atomically.
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    let p = put(&sub, "l.tfvars", src);
    chmod(&p, 0o666);
    chmod(&sub, 0o555);
    let svc = env.service("lockeddir");
    let a = as_nobody(&env, dir.path(), &["import", &svc, "locked/l.tfvars"]).unwrap().failure();
    assert_eq!(code(&a), 65, "{}", err(&a));
    assert!(err(&a).contains("the directory is not writable"), "{}", err(&a));
    assert_eq!(count(&env, &svc), 0);
    assert_bytes(&p, src);
    chmod(&sub, 0o755);
}

#[test]
fn hard_linked_file_refused_unless_keep() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = b"pw = \"x\"\nkeep = null\n";
    let path = put(dir.path(), "h.tfvars", src);
    std::fs::hard_link(&path, dir.path().join("other-name.tfvars")).unwrap();
    let svc = env.service("hardlink");
    let a = import(&env, dir.path(), &svc, "h.tfvars", &[]).failure();
    assert_eq!(code(&a), 65);
    assert_eq!(
        err(&a),
        "tfsecrets: error: h.tfvars: the file has 2 hard links; the other names would keep the secrets\n  hint: pass --keep to import without scrubbing the file\n"
    );
    assert_eq!(count(&env, &svc), 0);
    assert_bytes(&path, src);
    let a = import(&env, dir.path(), &svc, "h.tfvars", &["--keep"]).success();
    assert_eq!(out(&a), "1 new, 0 changed, 0 unchanged; h.tfvars kept (--keep)\n");
    assert_bytes(&path, src);
    assert_bytes(&dir.path().join("other-name.tfvars"), src);
}

#[test]
fn missing_kms_alias_names_the_fix_and_writes_nothing() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = b"pw = \"x\"\ntoken = \"y\"\n";
    let path = put(dir.path(), "k.tfvars", src);
    let svc = env.service("kms");
    let a = env
        .cmd()
        .current_dir(dir.path())
        .env("CHAMBER_KMS_KEY_ALIAS", "nope")
        .args(["import", &svc, "k.tfvars"])
        .assert()
        .failure();
    assert_eq!(code(&a), 78, "{}", err(&a));
    assert_eq!(
        err(&a).lines().filter(|l| l.starts_with("tfsecrets: error") || l.starts_with("  hint")).collect::<Vec<_>>(),
        [
            "tfsecrets: error: KMS key alias/nope does not exist in this account and region",
            "  hint: create the alias (aws kms create-alias --alias-name alias/nope --target-key-id <key id>) or set CHAMBER_KMS_KEY_ALIAS to an existing alias",
        ]
    );
    assert_eq!(count(&env, &svc), 0);
    assert_bytes(&path, src);
}

#[test]
fn reserved_chamber_service_refused() {
    let env = moto_or_skip!();
    let dir = tmp();
    let src = b"pw = \"x\"\n";
    let path = put(dir.path(), "c.tfvars", src);
    for svc in ["_chamber", "_chamber/sub"] {
        let a = import(&env, dir.path(), svc, "c.tfvars", &[]).failure();
        assert_eq!(code(&a), 65);
        assert_eq!(
            err(&a),
            format!(
                "tfsecrets: error: service {svc:?} is reserved for chamber's store configuration; tfsecrets does not write or delete there\n"
            )
        );
        assert_eq!(count(&env, svc), 0);
        assert_bytes(&path, src);
    }
}
