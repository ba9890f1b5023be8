//! Canary suite (issue 6, "Secrets stay secret"): one unique secret value goes through every command and flag
//! and every error path we can trigger with it present. After each case:
//! - tfsecrets' own stderr never holds it (for `exec`, stderr is the child's, and the child writes nothing there);
//! - stdout holds it only where the user asked for the value (read, list -e, export, the exec child's output);
//! - no file under the test's temp dirs (HOME, the work dir, TMPDIR inside it) holds it, except the `export -o`
//!   file and a tfvars file that was not scrubbed (--keep, --dry-run, stdin, a refused file);
//! - no process argv holds it: a watcher thread samples every `/proc/<pid>/cmdline` during the whole run, the exec
//!   child prints its own `/proc/$$/cmdline`, the test reads `/proc/<child pid>/cmdline` while the child sleeps,
//!   and `/proc/<tfsecrets pid>/cmdline` while an import crawls through a slow proxy. The one exception is
//!   `write <svc> <key> <value>`, where the user typed the value into argv themselves.
//!
//! Every case runs twice: as is and with `--verbose`. The `session` cases use the MFA session's secret key and
//! token (from moto) as the canary: they may appear only in `--export`'s stdout, the exec child's environment,
//! the AWS CLI-compatible cache entry and the credentials file `--write-profile` writes.
//!
//! Each area test asserts it ran exactly the cases of its table below; `coverage_count` prints the total
//! (the figure SECURITY.md quotes).

use crate::support::session::{ADMIN_CONFIG, ADMIN_KEY, BASE_CREDENTIALS};
use crate::support::{self as common, Out};

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------------------
// The case tables: (command, flag) pairs covered. Each area test must run exactly its table.

const IMPORT_CASES: &[&str] = &[
    "import <file>",
    "import <file> (all unchanged)",
    "import <file> (changed value)",
    "import <file>.tfvars.json",
    "import --dry-run",
    "import --dry-run --json",
    "import --json",
    "import --keep",
    "import - (stdin)",
    "import --only",
    "import --except",
    "import --tag",
    "import (slow proxy: /proc/<tfsecrets pid>/cmdline)",
];
const EXEC_CASES: &[&str] = &[
    "exec -- env",
    "exec --dry-run",
    "exec --pristine",
    "exec --env-style chamber",
    "exec --env-style exact",
    "exec --no-var-check (module present)",
    "exec (module declares the variable)",
    "exec --no-clobber",
    "exec (later service overrides)",
    "exec (child exits 3)",
    "exec (command not found)",
    "exec --all (undeclared secret warned)",
    "exec (child sleeping: /proc/<child pid>/cmdline)",
];
const STORE_CASES: &[&str] = &[
    "write <value>",
    "write - (stdin)",
    "write -s - (stdin)",
    "write --json",
    "write --skip-unchanged",
    "read",
    "read -q",
    "read --json",
    "read --version",
    "list",
    "list -e",
    "list --json",
    "list -e --json",
    "list -e -t",
    "history",
    "history --json",
    "list-services -s",
    "export",
    "export -f dotenv",
    "export -f tfvars",
    "export -o",
    "export -f dotenv -o",
    "export -f tfvars -o",
    "delete",
];
const ERROR_CASES: &[&str] = &[
    "import error: function call upper(\"CANARY\")",
    "import error: bare word CANARY",
    "import error: unterminated string",
    "import error: unterminated heredoc",
    "import error: template interpolation",
    "import error: duplicate attribute",
    "import error: invalid escape",
    "import error: trailing garbage",
    "import error: 4097-byte value",
    "import error: invalid JSON",
    "import error: not UTF-8",
    "import error: NUL byte",
    "import error: read-only file",
    "import error: --only names a missing variable",
    "import error: PutParameter 500 --retries 1",
    "import error: PutParameter ValidationException echoing the value",
    "import error: KMS alias missing",
    "write error: 4097-byte value (stdin)",
    "write error: not UTF-8 (stdin)",
    "write error: PutParameter 500 --retries 1",
    "write error: PutParameter ValidationException echoing the value",
    "write error: KMS alias missing",
    "read error: GetParameters 500 --retries 1",
    "list -e error: GetParameters 500 --retries 1",
    "export error: GetParameters 500 --retries 1",
    "export error: -o into a missing directory",
    "exec error: GetParameters 500 --retries 1",
    "exec error: declared number, stored text (W5)",
    "exec error: declared list, stored invalid HCL (W6)",
    "exec error: --strict-vars undeclared secret (W1)",
    "exec error: value with a NUL byte cannot be passed",
    "exec error: execve fails (ENOEXEC)",
];
const SESSION_CASES: &[&str] = &[
    "session (new MFA session)",
    "session (from cache)",
    "session --json",
    "session --export",
    "session --write-profile",
    "session --fresh",
    "exec --profile <mfa> -- env",
    "exec --profile <mfa> --no-aws-env -- env",
    "session --clear",
];

#[test]
fn coverage_count() {
    let all: Vec<&str> = [IMPORT_CASES, EXEC_CASES, STORE_CASES, ERROR_CASES, SESSION_CASES].concat();
    let unique: BTreeSet<&str> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "duplicate case names");
    println!(
        "canary coverage: {} (command, flag) cases, each run plain and with --verbose = {} runs \
         (import {}, exec {}, write/read/list/history/export/delete {}, error paths {}, session {})",
        all.len(),
        2 * all.len(),
        IMPORT_CASES.len(),
        EXEC_CASES.len(),
        STORE_CASES.len(),
        ERROR_CASES.len(),
        SESSION_CASES.len()
    );
}

/// The checker itself catches each kind of leak (so a green run means something).
#[test]
fn the_checker_catches_leaks() {
    let c = canary();
    let ctx = Ctx::new(common::Env::on("http://127.0.0.1:9"), vec![c.hex.clone()]);
    let out = |stdout: &str, stderr: &str| Out {
        code: Some(0),
        stdout: stdout.into(),
        stderr: stderr.into(),
        elapsed: Duration::ZERO,
    };
    let fails = |f: &dyn Fn()| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err();
    assert!(fails(&|| ctx.check("t", false, &out("", &format!("error: {}", c.value)), false, &[])), "stderr leak");
    assert!(fails(&|| ctx.check("t", false, &out(&c.value, ""), false, &[])), "unasked stdout");
    assert!(fails(&|| ctx.check("t", false, &out("nothing", ""), true, &[])), "asked-for value missing");
    assert!(
        fails(&|| ctx.check("t", true, &out("", "tfsecrets: error: x"), false, &[])),
        "--verbose without diagnostics"
    );
    let stray = ctx.home().join(".aws/cli/cache/x.tmp");
    std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
    std::fs::write(&stray, format!("junk {} junk", c.value)).unwrap();
    assert!(fails(&|| ctx.check("t", false, &out("", ""), false, &[])), "a file in HOME");
    ctx.check("t", false, &out("", ""), false, &[&stray]); // allowed (and removed)
    assert!(!stray.exists());
    let stray = ctx.dir().join("tmp/stray");
    std::fs::write(&stray, c.value.as_bytes()).unwrap();
    assert!(fails(&|| ctx.check("t", false, &out("", ""), false, &[])), "a file in TMPDIR");
    std::fs::remove_file(&stray).unwrap();
    ctx.check("t", false, &out("", ""), false, &[]);
}

// ---------------------------------------------------------------------------------------------------------------
// The canary.

struct Canary {
    /// The unique part; what every scan looks for (it survives any quoting or escaping of the value).
    hex: String,
    /// The stored value: `CANARY-<hex>-ü${x}`.
    value: String,
    /// The value as a native tfvars string literal (`$${` keeps the `${` literal).
    literal: String,
}

fn canary() -> &'static Canary {
    static C: OnceLock<Canary> = OnceLock::new();
    C.get_or_init(|| {
        let hex = format!("{:032x}", rand::random::<u128>());
        Canary { value: format!("CANARY-{hex}-ü${{x}}"), literal: format!("\"CANARY-{hex}-ü$${{x}}\""), hex }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The argv watcher: samples every process's cmdline while the tests run.

static NEEDLES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static HITS: Mutex<Vec<(u32, String)>> = Mutex::new(Vec::new());
static SAMPLES: Mutex<u64> = Mutex::new(0);
/// The HOME and work dirs of this binary's areas (checked case by case, so skipped by the system temp scan).
static OWN_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn started() -> std::time::SystemTime {
    static T: OnceLock<std::time::SystemTime> = OnceLock::new();
    *T.get_or_init(|| std::time::SystemTime::now() - Duration::from_secs(2))
}

/// Live areas (`Ctx`) and whether the watcher thread runs: it runs while any area is alive, so it costs the rest
/// of the test binary nothing.
static WATCHER: Mutex<(usize, bool)> = Mutex::new((0, false));

fn watch(needle: &str) {
    let mut n = NEEDLES.lock().unwrap();
    if !n.iter().any(|x| x == needle) {
        n.push(needle.to_owned());
    }
}

/// An area starts: the watcher runs (started if it was not).
fn watcher_up() {
    let mut w = WATCHER.lock().unwrap();
    w.0 += 1;
    if w.1 {
        return;
    }
    w.1 = true;
    let me = std::process::id();
    std::thread::spawn(move || {
        loop {
            {
                let mut w = WATCHER.lock().unwrap();
                if w.0 == 0 {
                    w.1 = false;
                    return;
                }
            }
            let needles = NEEDLES.lock().unwrap().clone();
            if let Ok(rd) = std::fs::read_dir("/proc") {
                for e in rd.flatten() {
                    let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
                    if pid == me {
                        continue;
                    }
                    let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) else { continue };
                    let text = String::from_utf8_lossy(&cmdline);
                    if needles.iter().any(|n| text.contains(n.as_str())) {
                        HITS.lock().unwrap().push((pid, text.replace('\0', " ")));
                    }
                }
            }
            *SAMPLES.lock().unwrap() += 1;
            std::thread::sleep(Duration::from_millis(5));
        }
    });
}

/// Processes whose argv held a canary, except `tfsecrets ... write <svc> <key> <value>` (the user put it there).
fn argv_leaks() -> Vec<String> {
    let needles = NEEDLES.lock().unwrap().clone();
    HITS.lock()
        .unwrap()
        .iter()
        .filter(|(_, line)| {
            let args: Vec<&str> = line.trim_end().split(' ').collect();
            let typed_by_user = args.contains(&"write")
                && args.last().is_some_and(|last| needles.iter().any(|n| last.contains(n.as_str())))
                && args[..args.len() - 1].iter().all(|a| !needles.iter().any(|n| a.contains(n.as_str())));
            !typed_by_user
        })
        .map(|(pid, line)| format!("pid {pid}: {line}"))
        .collect()
}

fn assert_no_argv_leak() {
    assert!(*SAMPLES.lock().unwrap() > 0, "the argv watcher never ran");
    watcher_self_test();
    let leaks = argv_leaks();
    assert!(leaks.is_empty(), "a canary appeared in a process's argv: {leaks:#?}");
}

/// Proves the watcher sees a canary in argv: a short `sleep` whose argv ends in `write <canary>` (the allowed
/// shape) must be reported within 3 s.
fn watcher_self_test() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let needle = canary().hex.clone();
        watch(&needle);
        let mut probe = Command::new("sh")
            .args(["-c", "sleep 0.5", "write", &format!("probe-{needle}")])
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let pid = probe.id();
        let start = Instant::now();
        let seen = loop {
            if HITS.lock().unwrap().iter().any(|(p, _)| *p == pid) {
                break true;
            }
            if start.elapsed() > Duration::from_secs(3) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let _ = probe.wait();
        assert!(seen, "the argv watcher did not see a canary in a live process's argv");
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Running tfsecrets and checking one case.

/// One area's world: moto (or a proxy) endpoint, a private HOME, a work dir (cwd and TMPDIR of every run).
struct Ctx {
    env: common::Env,
    work: tempfile::TempDir,
    needles: Mutex<Vec<String>>,
    ran: Mutex<Vec<String>>,
    serial: Mutex<u32>,
    /// Files that may hold a canary for the rest of the area (session cache entries, the credentials file).
    standing: Mutex<Vec<PathBuf>>,
    /// Runs get no AWS keys in the environment (the session area uses profiles only).
    without_env_keys: bool,
}

impl Drop for Ctx {
    fn drop(&mut self) {
        WATCHER.lock().unwrap().0 -= 1;
    }
}

impl Ctx {
    fn new(env: common::Env, needles: Vec<String>) -> Ctx {
        let _ = started();
        let work = tempfile::Builder::new().prefix("tfs-canary-").tempdir().expect("tempdir");
        std::fs::create_dir_all(work.path().join("tmp")).unwrap();
        OWN_DIRS.lock().unwrap().extend([work.path().to_path_buf(), env.home.path().to_path_buf()]);
        watcher_up();
        for n in &needles {
            watch(n);
        }
        Ctx {
            env,
            work,
            needles: Mutex::new(needles),
            ran: Mutex::default(),
            serial: Mutex::new(0),
            standing: Mutex::default(),
            without_env_keys: false,
        }
    }

    /// Adds a canary (also to the argv watcher).
    fn add_needle(&self, n: &str) {
        watch(n);
        let mut v = self.needles.lock().unwrap();
        if !v.iter().any(|x| x == n) {
            v.push(n.to_owned());
        }
    }

    fn dir(&self) -> &Path {
        self.work.path()
    }

    fn home(&self) -> &Path {
        self.env.home.path()
    }

    /// A fresh file name in the work dir.
    fn fresh(&self, suffix: &str) -> String {
        let mut n = self.serial.lock().unwrap();
        *n += 1;
        format!("in{n:03}{suffix}")
    }

    /// Writes a file into the work dir, returns its name (relative to the work dir) and path.
    fn file(&self, suffix: &str, bytes: impl AsRef<[u8]>) -> (String, PathBuf) {
        let name = self.fresh(suffix);
        let path = self.dir().join(&name);
        std::fs::write(&path, bytes).unwrap();
        (name, path)
    }

    /// tfsecrets with an empty environment plus the hermetic AWS settings, cwd and TMPDIR in the work dir.
    fn command(&self, url: &str, verbose: bool, args: &[&str]) -> Command {
        let mut c = Command::new(common::bin());
        common::hermetic_clear(&mut c, url, self.home());
        c.env("TMPDIR", self.dir().join("tmp")).current_dir(self.dir());
        if self.without_env_keys {
            c.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
        }
        if verbose {
            c.arg("--verbose");
        }
        c.args(args);
        c
    }

    /// Runs a command with no controlling terminal (nothing may prompt).
    fn run_cmd(&self, c: Command, stdin: Option<&[u8]>) -> Out {
        common::detached(c, stdin)
    }

    /// Runs tfsecrets against moto.
    fn run(&self, verbose: bool, args: &[&str]) -> Out {
        self.run_cmd(self.command(&self.env.url, verbose, args), None)
    }

    fn run_in(&self, verbose: bool, args: &[&str], stdin: &[u8]) -> Out {
        self.run_cmd(self.command(&self.env.url, verbose, args), Some(stdin))
    }

    fn run_at(&self, url: &str, verbose: bool, args: &[&str]) -> Out {
        self.run_cmd(self.command(url, verbose, args), None)
    }

    fn run_env(&self, verbose: bool, args: &[&str], extra: &[(&str, &str)]) -> Out {
        let mut c = self.command(&self.env.url, verbose, args);
        for (k, v) in extra {
            c.env(k, v);
        }
        self.run_cmd(c, None)
    }

    /// Checks one run of case `id`: stderr clean, stdout holds a canary iff `want_stdout`, no file outside
    /// `allowed` (and the standing list) holds one. Then removes the `allowed` files so later scans start clean.
    #[track_caller]
    fn check(&self, id: &str, verbose: bool, out: &Out, want_stdout: bool, allowed: &[&Path]) {
        let label = if verbose { format!("{id} [--verbose]") } else { id.to_owned() };
        let needles = self.needles.lock().unwrap().clone();
        for n in &needles {
            assert!(!out.stderr.contains(n.as_str()), "{label}: the canary is in tfsecrets' stderr:\n{}", out.stderr);
            assert_eq!(
                out.stdout.contains(n.as_str()),
                want_stdout,
                "{label}: canary {} stdout, expected {}:\n{}\nstderr:\n{}",
                if out.stdout.contains(n.as_str()) { "in" } else { "not in" },
                if want_stdout { "in" } else { "not in" },
                out.stdout,
                out.stderr
            );
        }
        if verbose && id != "session --clear" {
            // --verbose adds diagnostic lines (credentials source, region, ...): the flag really was on.
            // (`session --clear` only deletes a file: nothing to diagnose.)
            let diag = out.stderr.lines().any(|l| {
                l.starts_with("tfsecrets: ")
                    && !["error:", "warning:", "note:"].iter().any(|p| l["tfsecrets: ".len()..].starts_with(p))
            });
            assert!(diag, "{label}: --verbose printed no diagnostics:\n{}", out.stderr);
        }
        let standing = self.standing.lock().unwrap().clone();
        let allowed: Vec<PathBuf> = allowed.iter().map(|p| p.to_path_buf()).chain(standing).collect();
        for root in [self.home(), self.dir()] {
            for f in files_under(root) {
                if allowed.iter().any(|a| a == &f) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(&f) else { continue };
                for n in &needles {
                    assert!(
                        !contains(&bytes, n.as_bytes()),
                        "{label}: the canary is in {} (not a file the user asked for)",
                        f.display()
                    );
                }
            }
        }
        for a in allowed.iter().filter(|a| !self.standing.lock().unwrap().contains(a)) {
            let _ = std::fs::remove_file(a);
        }
        let mut ran = self.ran.lock().unwrap();
        if !ran.iter().any(|r| r == id) {
            ran.push(id.to_owned());
        }
    }

    /// Runs `f` plain and with `--verbose`.
    fn both(&self, f: impl Fn(bool)) {
        f(false);
        f(true);
    }

    /// Asserts this area ran exactly `table`, and that no argv held a canary.
    fn finish(&self, table: &[&str]) {
        let ran: BTreeSet<String> = self.ran.lock().unwrap().iter().cloned().collect();
        let want: BTreeSet<String> = table.iter().map(|s| s.to_string()).collect();
        assert_eq!(ran, want, "cases run vs. the table");
        assert_no_argv_leak();
        self.scan_system_tmp();
        let typed =
            HITS.lock().unwrap().iter().filter(|(_, l)| l.contains("tfsecrets") && l.contains(" write ")).count();
        println!(
            "canary: {} cases of this area passed, each plain and with --verbose ({} /proc scans so far; argv samples of `write <svc> <key> <value>`, where the user typed the value, so far: {typed})",
            table.len(),
            SAMPLES.lock().unwrap()
        );
    }

    /// Files written under the system temp dir since this binary started, outside the test's own dirs (checked
    /// case by case), must not hold a canary either: tfsecrets might ignore TMPDIR.
    fn scan_system_tmp(&self) {
        let needles = self.needles.lock().unwrap().clone();
        let own = OWN_DIRS.lock().unwrap().clone();
        let since = started();
        let mut stack =
            vec![std::env::temp_dir(), PathBuf::from("/tmp"), PathBuf::from("/var/tmp"), PathBuf::from("/dev/shm")];
        let mut seen = 0;
        while let Some(d) = stack.pop() {
            if own.iter().any(|o| d.starts_with(o)) {
                continue;
            }
            let Ok(rd) = std::fs::read_dir(&d) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                let Ok(meta) = e.metadata() else { continue };
                if meta.is_dir() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name != "target" && !name.ends_with("-target") {
                        stack.push(p);
                    }
                    continue;
                }
                if !meta.is_file() || meta.len() > 8 << 20 || meta.modified().map_or(true, |m| m < since) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(&p) else { continue };
                seen += 1;
                for n in &needles {
                    assert!(
                        !contains(&bytes, n.as_bytes()),
                        "the canary is in {} (outside the test's dirs)",
                        p.display()
                    );
                }
            }
        }
        println!("canary: scanned {seen} file(s) written under the system temp dirs during the run");
    }

    /// Stores the canary under `/<svc>/<key>` through stdin (never argv).
    fn seed(&self, svc: &str, key: &str, value: &str) {
        self.run_in(false, &["write", svc, key, "-"], value.as_bytes()).exits(0);
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                out.push(e.path());
            }
        }
    }
    out
}

fn ctx_or_skip() -> Option<Ctx> {
    let env = common::Env::new()?;
    Some(Ctx::new(env, vec![canary().hex.clone()]))
}

macro_rules! ctx_or_skip {
    () => {
        match ctx_or_skip() {
            Some(c) => c,
            None => return,
        }
    };
}

fn boto_value(ctx: &Ctx, name: &str) -> String {
    ctx.env.boto(&["get", name])["Value"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------------------------------------------------------
// import

#[test]
fn import_never_leaks_the_canary() {
    let ctx = ctx_or_skip!();
    let c = canary();
    let svc = ctx.env.service("imp");
    let tfvars = |extra: &str| format!("# header\ndb_password = {}\n{extra}keep = null\n", c.literal);

    ctx.both(|v| {
        let id = "import <file>";
        let s = format!("{svc}-{v}");
        let (name, path) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &s, &name]);
        out.exits(0);
        assert!(out.stdout.contains("1 new, 0 changed, 0 unchanged"), "{}", out.stdout);
        assert!(!std::fs::read_to_string(&path).unwrap().contains(&c.hex), "scrubbed");
        assert_eq!(boto_value(&ctx, &format!("/{s}/db_password")), c.value, "stored exactly");
        ctx.check(id, v, &out, false, &[]);

        let id = "import <file> (all unchanged)";
        let (name, _) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &s, &name]);
        out.exits(0);
        assert!(out.stdout.contains("0 new, 0 changed, 1 unchanged"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        let id = "import <file> (changed value)";
        let (name, _) = ctx.file(".tfvars", format!("db_password = \"CANARY-{}-changed\"\n", c.hex));
        let out = ctx.run(v, &["import", &s, &name]);
        out.exits(0);
        assert!(out.stdout.contains("0 new, 1 changed, 0 unchanged"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);
    });

    ctx.both(|v| {
        let id = "import <file>.tfvars.json";
        let s = format!("{svc}-json-{v}");
        let body = serde_json::json!({"db_password": format!("CANARY-{}-ü", c.hex), "obj": {"k": format!("CANARY-{}", c.hex)}, "keep": null});
        let (name, _) = ctx.file(".tfvars.json", body.to_string());
        let out = ctx.run(v, &["import", &s, &name]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);
    });

    ctx.both(|v| {
        let s = format!("{svc}-dry-{v}");
        let id = "import --dry-run";
        let (name, path) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &s, &name, "--dry-run"]);
        out.exits(0);
        assert!(out.stdout.contains("nothing written"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "import --dry-run --json";
        let (name, path) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &s, &name, "--dry-run", "--json"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "import --json";
        let (name, _) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &s, &name, "--json"]);
        out.exits(0);
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(j["written"], serde_json::json!(["db_password"]));
        ctx.check(id, v, &out, false, &[]);

        let id = "import --keep";
        let (name, path) = ctx.file(".tfvars", tfvars("other = \"x\"\n"));
        let out = ctx.run(v, &["import", &s, &name, "--keep"]);
        out.exits(0);
        assert!(std::fs::read_to_string(&path).unwrap().contains(&c.hex), "kept");
        ctx.check(id, v, &out, false, &[&path]);

        let id = "import - (stdin)";
        let out = ctx.run_in(v, &["import", &format!("{s}-stdin"), "-"], tfvars("").as_bytes());
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "import --only";
        let (name, path) = ctx.file(".tfvars", tfvars("other = \"x\"\n"));
        let out = ctx.run(v, &["import", &format!("{s}-only"), &name, "--only", "other"]);
        out.exits(0);
        assert!(std::fs::read_to_string(&path).unwrap().contains(&c.hex), "db_password stays in the file");
        ctx.check(id, v, &out, false, &[&path]);

        let id = "import --except";
        let (name, _) = ctx.file(".tfvars", tfvars("other = \"x\"\n"));
        let out = ctx.run(v, &["import", &format!("{s}-except"), &name, "--except", "other"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "import --tag";
        let (name, _) = ctx.file(".tfvars", tfvars(""));
        let out = ctx.run(v, &["import", &format!("{s}-tag"), &name, "--tag", "team=platform"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);
    });

    // A long-running import (every request delayed 250 ms): its argv, read while it runs, holds a file name only.
    let proxy = common::FaultProxy::start(&ctx.env.moto_url, &["--delay-ms", "250"]);
    ctx.both(|v| {
        let id = "import (slow proxy: /proc/<tfsecrets pid>/cmdline)";
        let (name, _) = ctx.file(".tfvars", tfvars(""));
        let mut cmd = ctx.command(&proxy.url, v, &["import", &format!("{svc}-slow-{v}"), &name]);
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let child = cmd.spawn().unwrap();
        let pid = child.id();
        let mut reads = 0;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            // Gone or a zombie (empty cmdline): done.
            let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else { break };
            let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            assert!(!text.contains(&c.hex), "the canary is in tfsecrets' argv: {text}");
            if text.contains(&name) {
                reads += 1; // tfsecrets itself (before its execve the fork shows the test's argv)
            } else if reads > 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(40));
        }
        let o = child.wait_with_output().unwrap();
        let out = Out {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
            elapsed: Duration::ZERO,
        };
        out.exits(0);
        assert!(reads >= 5, "the import was too quick to watch ({reads} reads)");
        ctx.check(id, v, &out, false, &[]);
    });

    ctx.finish(IMPORT_CASES);
}

// ---------------------------------------------------------------------------------------------------------------
// exec

/// A child script printing its own argv and the secret, then the marker `END`.
fn child_script(var: &str) -> String {
    format!("printf 'ARGV:'; tr '\\0' ' ' < /proc/$$/cmdline; echo; echo \"VALUE:${var}\"; echo END")
}

#[track_caller]
fn assert_child_output(out: &Out, var: &str, value: &str) {
    let argv =
        out.stdout.lines().find(|l| l.starts_with("ARGV:")).unwrap_or_else(|| panic!("no ARGV line: {}", out.stdout));
    assert!(argv.contains("sh -c"), "{argv}");
    assert!(!argv.contains(&canary().hex), "the canary is in the child's argv: {argv}");
    assert!(out.stdout.contains(&format!("VALUE:{value}\n")), "{var} reaches the child: {}", out.stdout);
}

#[test]
fn exec_never_leaks_the_canary() {
    let ctx = ctx_or_skip!();
    let c = canary();
    let svc = ctx.env.service("exec");
    let svc2 = ctx.env.service("exec2");
    ctx.seed(&svc, "db_password", &c.value);
    ctx.seed(&svc, "db-user", &format!("user-{}", c.hex));
    ctx.seed(&svc2, "db_password", &format!("{}-second", c.value));
    // A module that declares db_password (string), in its own directory.
    let module = ctx.dir().join("module");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("variables.tf"), "variable \"db_password\" {\n  type = string\n}\n").unwrap();

    ctx.both(|v| {
        let script = child_script("TF_VAR_db_password");
        let sh = |args: &[&str]| -> Vec<String> {
            let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            a.extend(["--".into(), "sh".into(), "-c".into(), script.clone()]);
            a
        };
        let run = |a: Vec<String>| ctx.run(v, &a.iter().map(String::as_str).collect::<Vec<_>>());

        let id = "exec -- env";
        let out = ctx.run(v, &["exec", &svc, "--", "env"]);
        out.exits(0);
        assert!(out.stdout.contains(&format!("TF_VAR_db_password={}\n", c.value)), "{}", out.stdout);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec --dry-run";
        let out = ctx.run(v, &["exec", "--dry-run", &svc, "--", "env"]);
        out.exits(0);
        assert!(out.stdout.contains("TF_VAR_db_password"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec --pristine";
        let out = run(sh(&["exec", "--pristine", &svc]));
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec --env-style chamber";
        let out = ctx.run(v, &["exec", "--env-style", "chamber", &svc, "--", "env"]);
        out.exits(0);
        assert!(out.stdout.contains(&format!("DB_PASSWORD={}\n", c.value)), "{}", out.stdout);
        assert!(out.stdout.contains(&format!("DB_USER=user-{}\n", c.hex)), "{}", out.stdout);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec --env-style exact";
        let out = ctx.run(v, &["exec", "--env-style", "exact", &svc, "--", "env"]);
        out.exits(0);
        assert!(out.stdout.contains(&format!("db_password={}\n", c.value)), "{}", out.stdout);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec --no-var-check (module present)";
        let mut cmd = ctx.command(&ctx.env.url, v, &["exec", "--no-var-check", &svc, "--", "sh", "-c", &script]);
        cmd.current_dir(&module);
        let out = ctx.run_cmd(cmd, None);
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec (module declares the variable)";
        let mut cmd = ctx.command(&ctx.env.url, v, &["exec", &svc, "--", "sh", "-c", &script]);
        cmd.current_dir(&module);
        let out = ctx.run_cmd(cmd, None);
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec --no-clobber";
        let out =
            ctx.run_env(v, &["exec", "--no-clobber", &svc, "--", "env"], &[("TF_VAR_db_password", "from-parent")]);
        out.exits(0);
        assert!(out.stdout.contains("TF_VAR_db_password=from-parent\n"), "{}", out.stdout);
        assert!(out.stderr.contains("--no-clobber"), "{}", out.stderr);
        ctx.check(id, v, &out, true, &[]); // TF_VAR_db-user is still injected

        let id = "exec (later service overrides)";
        let out = run(sh(&["exec", &svc, &svc2]));
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &format!("{}-second", c.value));
        assert!(out.stderr.contains("overrides"), "{}", out.stderr);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec (child exits 3)";
        let out = ctx.run(v, &["exec", &svc, "--", "sh", "-c", &format!("{script}; exit 3")]);
        out.exits(3);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);

        let id = "exec (command not found)";
        let out = ctx.run(v, &["exec", &svc, "--", "no-such-command-tfsecrets-canary"]);
        out.exits(127);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec --all (undeclared secret warned)";
        let mut cmd = ctx.command(&ctx.env.url, v, &["exec", "--all", &svc, "--", "sh", "-c", &script]);
        cmd.current_dir(&module);
        let out = ctx.run_cmd(cmd, None);
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);
    });

    // The child sleeps while the test reads its /proc entry: argv clean, environ holds the value (by design).
    ctx.both(|v| {
        let id = "exec (child sleeping: /proc/<child pid>/cmdline)";
        let script = format!("{}; sleep 1; echo bye", child_script("TF_VAR_db_password"));
        let mut cmd = ctx.command(&ctx.env.url, v, &["exec", &svc, "--", "sh", "-c", &script]);
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let pid = child.id();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut stdout = String::new();
        loop {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).unwrap() > 0, "child ended early: {stdout}");
            stdout.push_str(&line);
            if line == "END\n" {
                break;
            }
        }
        // The child (same pid: exec replaced tfsecrets) is in `sleep 1` now.
        let cmdline =
            String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap()).replace('\0', " ");
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
        assert!(cmdline.starts_with("sh -c "), "{cmdline}");
        assert!(!cmdline.contains(&c.hex), "the canary is in the child's argv: {cmdline}");
        assert!(
            contains(&environ, format!("TF_VAR_db_password={}\0", c.value).as_bytes()),
            "the child holds the value in its environment"
        );
        let mut rest = String::new();
        reader.read_to_string(&mut rest).unwrap();
        stdout.push_str(&rest);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        let out = Out { code: status.code(), stdout, stderr, elapsed: Duration::ZERO };
        out.exits(0);
        assert_child_output(&out, "TF_VAR_db_password", &c.value);
        ctx.check(id, v, &out, true, &[]);
    });

    ctx.finish(EXEC_CASES);
}

// ---------------------------------------------------------------------------------------------------------------
// write, read, list, history, list-services, export, delete

#[test]
fn store_commands_show_the_canary_only_where_asked() {
    let ctx = ctx_or_skip!();
    let c = canary();
    let svc = ctx.env.service("store");

    ctx.both(|v| {
        let id = "write <value>";
        let out = ctx.run(v, &["write", &svc, "argv_key", &c.value]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "write - (stdin)";
        let out = ctx.run_in(v, &["write", &svc, "db_password", "-"], c.value.as_bytes());
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "write -s - (stdin)";
        let out = ctx.run_in(
            v,
            &["write", "-s", &svc, "line_key", "-"],
            format!("{}\nsecond line {}\n", c.value, c.hex).as_bytes(),
        );
        out.exits(0);
        assert_eq!(boto_value(&ctx, &format!("/{svc}/line_key")), c.value);
        ctx.check(id, v, &out, false, &[]);

        let id = "write --json";
        let out = ctx.run_in(v, &["write", "--json", &svc, "db_password", "-"], c.value.as_bytes());
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "write --skip-unchanged";
        let out = ctx.run_in(v, &["write", "--skip-unchanged", &svc, "db_password", "-"], c.value.as_bytes());
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);
    });
    assert_eq!(boto_value(&ctx, &format!("/{svc}/db_password")), c.value);

    ctx.both(|v| {
        let id = "read";
        let out = ctx.run(v, &["read", &svc, "db_password"]);
        out.exits(0);
        ctx.check(id, v, &out, true, &[]);

        let id = "read -q";
        let out = ctx.run(v, &["read", "-q", &svc, "db_password"]);
        out.exits(0);
        assert_eq!(out.stdout, format!("{}\n", c.value));
        ctx.check(id, v, &out, true, &[]);

        let id = "read --json";
        let out = ctx.run(v, &["read", "--json", &svc, "db_password"]);
        out.exits(0);
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(j["value"], c.value.as_str());
        ctx.check(id, v, &out, true, &[]);

        let id = "read --version";
        let out = ctx.run(v, &["read", "--version", "1", &svc, "db_password"]);
        out.exits(0);
        ctx.check(id, v, &out, true, &[]);

        let id = "list";
        let out = ctx.run(v, &["list", &svc]);
        out.exits(0);
        assert!(out.stdout.contains("db_password"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        let id = "list -e";
        let out = ctx.run(v, &["list", "-e", &svc]);
        out.exits(0);
        ctx.check(id, v, &out, true, &[]);

        let id = "list --json";
        let out = ctx.run(v, &["list", "--json", &svc]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "list -e --json";
        let out = ctx.run(v, &["list", "-e", "--json", &svc]);
        out.exits(0);
        ctx.check(id, v, &out, true, &[]);

        let id = "list -e -t";
        let out = ctx.run(v, &["list", "-e", "-t", &svc]);
        out.exits(0);
        ctx.check(id, v, &out, true, &[]);

        let id = "history";
        let out = ctx.run(v, &["history", &svc, "db_password"]);
        out.exits(0);
        assert!(out.stdout.contains("Created"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        let id = "history --json";
        let out = ctx.run(v, &["history", "--json", &svc, "db_password"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "list-services -s";
        let out = ctx.run(v, &["list-services", "-s", &svc]);
        out.exits(0);
        assert!(out.stdout.contains("db_password"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        for (id, fmt) in [("export", "json"), ("export -f dotenv", "dotenv"), ("export -f tfvars", "tfvars")] {
            let out = ctx.run(v, &["export", "-f", fmt, &svc]);
            out.exits(0);
            ctx.check(id, v, &out, true, &[]);
        }
        for (id, fmt) in [("export -o", "json"), ("export -f dotenv -o", "dotenv"), ("export -f tfvars -o", "tfvars")] {
            let name = ctx.fresh(".export");
            let path = ctx.dir().join(&name);
            let out = ctx.run(v, &["export", "-f", fmt, "-o", &name, &svc]);
            out.exits(0);
            assert!(std::fs::read_to_string(&path).unwrap().contains(&c.hex), "{id}: the file holds the values");
            ctx.check(id, v, &out, false, &[&path]);
        }
    });

    ctx.both(|v| {
        let id = "delete";
        let out = ctx.run(v, &["delete", &svc, "argv_key"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);
        ctx.run(false, &["write", &svc, "argv_key", &c.value]).exits(0);
    });

    ctx.finish(STORE_CASES);
}

// ---------------------------------------------------------------------------------------------------------------
// Error paths

/// A loopback proxy in front of moto that answers every PutParameter with a 400 ValidationException whose
/// message quotes the request's Value (as SSM's validation errors do), and forwards everything else.
fn echo_proxy(upstream: &str) -> common::Intercept {
    common::Intercept::start(upstream, |req| {
        if req.action().as_deref() != Some("PutParameter") {
            return common::Reply::Forward;
        }
        let value = serde_json::from_str::<serde_json::Value>(&req.body)
            .ok()
            .and_then(|j| j["Value"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let msg = serde_json::json!({
            "__type": "ValidationException",
            "message": format!("1 validation error detected: Value '{value}' at 'value' failed to satisfy constraint: Member must satisfy the pattern")
        });
        common::Reply::Answer(
            "400 Bad Request",
            "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ValidationException",
            msg.to_string(),
        )
    })
}

#[test]
fn error_paths_never_leak_the_canary() {
    let ctx = ctx_or_skip!();
    let c = canary();
    let svc = ctx.env.service("err");
    ctx.seed(&svc, "db_password", &c.value);
    let big = format!("{}{}", c.value, "x".repeat(4097 - c.value.len()));
    assert_eq!(big.len(), 4097);

    // Files tfsecrets must refuse; each stays as it was (so it may hold the canary), nothing is written.
    let refused: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "import error: function call upper(\"CANARY\")",
            ".tfvars",
            format!("db_password = upper(\"CANARY-{}\")\n", c.hex).into_bytes(),
        ),
        ("import error: bare word CANARY", ".tfvars", format!("db_password = CANARY_{}\n", c.hex).into_bytes()),
        (
            "import error: unterminated string",
            ".tfvars",
            format!("db_password = \"CANARY-{}\nother = 1\n", c.hex).into_bytes(),
        ),
        (
            "import error: unterminated heredoc",
            ".tfvars",
            format!("db_password = <<EOT\nCANARY-{}\n", c.hex).into_bytes(),
        ),
        (
            "import error: template interpolation",
            ".tfvars",
            format!("db_password = \"CANARY-{}-${{var.x}}\"\n", c.hex).into_bytes(),
        ),
        (
            "import error: duplicate attribute",
            ".tfvars",
            format!("db_password = {0}\ndb_password = {0}\n", c.literal).into_bytes(),
        ),
        ("import error: invalid escape", ".tfvars", format!("db_password = \"\\qCANARY-{}\"\n", c.hex).into_bytes()),
        (
            "import error: trailing garbage",
            ".tfvars",
            format!("db_password = {} CANARY_{}\n", c.literal, c.hex).into_bytes(),
        ),
        (
            "import error: 4097-byte value",
            ".tfvars",
            format!("db_password = \"{}\"\n", big.replace("${", "$${")).into_bytes(),
        ),
        (
            "import error: invalid JSON",
            ".tfvars.json",
            format!("{{\"db_password\": \"CANARY-{}\",}}", c.hex).into_bytes(),
        ),
        (
            "import error: not UTF-8",
            ".tfvars",
            [format!("db_password = \"CANARY-{}", c.hex).as_bytes(), b"\xff\"\n"].concat(),
        ),
        (
            "import error: NUL byte",
            ".tfvars",
            [format!("db_password = \"CANARY-{}", c.hex).as_bytes(), b"\0\"\n"].concat(),
        ),
    ];
    ctx.both(|v| {
        for (id, suffix, bytes) in &refused {
            let (name, path) = ctx.file(suffix, bytes);
            let out = ctx.run(v, &["import", &format!("{svc}-refused"), &name]);
            out.exits(65);
            assert_eq!(std::fs::read(&path).unwrap(), *bytes, "{id}: file unchanged");
            ctx.check(id, v, &out, false, &[&path]);
        }
        assert_eq!(ctx.env.boto(&["count", &format!("{svc}-refused")])["count"], 0, "nothing written");

        let id = "import error: read-only file";
        let (name, path) = ctx.file(".tfvars", format!("db_password = {}\n", c.literal));
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
        let out = ctx.run(v, &["import", &format!("{svc}-refused"), &name]);
        out.exits(65);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "import error: --only names a missing variable";
        let (name, path) = ctx.file(".tfvars", format!("db_password = {}\n", c.literal));
        let out = ctx.run(v, &["import", &format!("{svc}-refused"), &name, "--only", "nope"]);
        out.exits(64);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "write error: 4097-byte value (stdin)";
        let out = ctx.run_in(v, &["write", &svc, "big", "-"], big.as_bytes());
        out.exits(65);
        ctx.check(id, v, &out, false, &[]);

        let id = "write error: not UTF-8 (stdin)";
        let out = ctx.run_in(v, &["write", &svc, "bad_utf8", "-"], &[c.value.as_bytes(), b"\xff"].concat());
        out.exits(65);
        ctx.check(id, v, &out, false, &[]);

        let id = "import error: KMS alias missing";
        let (name, path) = ctx.file(".tfvars", format!("db_password = {}\n", c.literal));
        let out =
            ctx.run_env(v, &["import", &format!("{svc}-nokms"), &name], &[("CHAMBER_KMS_KEY_ALIAS", "no-such-alias")]);
        assert_ne!(out.code, Some(0), "{}", out.stderr);
        assert!(out.stderr.contains("no-such-alias"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "write error: KMS alias missing";
        let out = ctx.run_cmd(
            {
                let mut cmd = ctx.command(&ctx.env.url, v, &["write", &format!("{svc}-nokms"), "db_password", "-"]);
                cmd.env("CHAMBER_KMS_KEY_ALIAS", "no-such-alias");
                cmd
            },
            Some(c.value.as_bytes()),
        );
        assert_ne!(out.code, Some(0), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[]);
    });

    // PutParameter fails with 500 every time, one attempt only.
    let put500 =
        common::FaultProxy::start(&ctx.env.moto_url, &["--every", "1", "--kind", "500", "--target", "PutParameter"]);
    let get500 =
        common::FaultProxy::start(&ctx.env.moto_url, &["--every", "1", "--kind", "500", "--target", "GetParameters"]);
    let echo = echo_proxy(&ctx.env.moto_url);
    ctx.both(|v| {
        let id = "import error: PutParameter 500 --retries 1";
        let (name, path) = ctx.file(".tfvars", format!("db_password = {}\nother = {}\n", c.literal, c.literal));
        let out = ctx.run_at(&put500.url, v, &["--retries", "1", "import", &format!("{svc}-put500"), &name]);
        out.exits(75);
        assert!(out.stderr.contains("InternalServerError"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "write error: PutParameter 500 --retries 1";
        let out = ctx.run_cmd(
            ctx.command(&put500.url, v, &["--retries", "1", "write", &svc, "db_password", "-"]),
            Some(c.value.as_bytes()),
        );
        out.exits(69);
        ctx.check(id, v, &out, false, &[]);

        let id = "import error: PutParameter ValidationException echoing the value";
        let (name, path) = ctx.file(".tfvars", format!("db_password = {}\n", c.literal));
        let out = ctx.run_at(&echo.url, v, &["--retries", "1", "import", &format!("{svc}-echo"), &name]);
        out.exits(65);
        assert!(out.stderr.contains("ValidationException"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[&path]);

        let id = "write error: PutParameter ValidationException echoing the value";
        let out = ctx.run_cmd(
            ctx.command(&echo.url, v, &["--retries", "1", "write", &svc, "db_password", "-"]),
            Some(c.value.as_bytes()),
        );
        out.exits(65);
        assert!(out.stderr.contains("ValidationException"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[]);

        let id = "read error: GetParameters 500 --retries 1";
        let out = ctx.run_at(&get500.url, v, &["--retries", "1", "read", &svc, "db_password"]);
        out.exits(69);
        ctx.check(id, v, &out, false, &[]);

        let id = "list -e error: GetParameters 500 --retries 1";
        let out = ctx.run_at(&get500.url, v, &["--retries", "1", "list", "-e", &svc]);
        out.exits(69);
        ctx.check(id, v, &out, false, &[]);

        let id = "export error: GetParameters 500 --retries 1";
        let name = ctx.fresh(".export");
        let out = ctx.run_at(&get500.url, v, &["--retries", "1", "export", "-o", &name, &svc]);
        out.exits(69);
        assert!(!ctx.dir().join(&name).exists(), "no export file on failure");
        ctx.check(id, v, &out, false, &[]);

        let id = "export error: -o into a missing directory";
        let out = ctx.run(v, &["export", "-o", "no-such-dir/out.json", &svc]);
        assert_ne!(out.code, Some(0));
        ctx.check(id, v, &out, false, &[]);

        let id = "exec error: GetParameters 500 --retries 1";
        let out = ctx.run_at(&get500.url, v, &["--retries", "1", "exec", &svc, "--", "env"]);
        out.exits(69);
        ctx.check(id, v, &out, false, &[]);
    });

    // exec refusing a stored value for its declared type.
    let typed = ctx.dir().join("typed");
    std::fs::create_dir_all(&typed).unwrap();
    std::fs::write(
        typed.join("variables.tf"),
        "variable \"db_password\" {\n  type = number\n}\nvariable \"tags\" {\n  type = list(string)\n}\n",
    )
    .unwrap();
    let tsvc = format!("{svc}-typed");
    ctx.seed(&tsvc, "db_password", &c.value);
    let wsvc = format!("{svc}-w6");
    ctx.seed(&wsvc, "tags", &format!("[\"CANARY-{}\", ${{oops", c.hex));
    let strict = ctx.dir().join("strict");
    std::fs::create_dir_all(&strict).unwrap();
    std::fs::write(strict.join("main.tf"), "variable \"other\" {\n  type = string\n}\n").unwrap();
    let bad = ctx.dir().join("not-a-program");
    std::fs::write(&bad, "no shebang, not ELF\n").unwrap();
    std::fs::set_permissions(&bad, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let nsvc = format!("{svc}-nul");
    ctx.seed(&nsvc, "nul_value", "a\u{0}b");
    ctx.seed(&nsvc, "db_password", &c.value);
    ctx.both(|v| {
        let in_dir = |dir: &Path, args: &[&str]| {
            let mut cmd = ctx.command(&ctx.env.url, v, args);
            cmd.current_dir(dir);
            ctx.run_cmd(cmd, None)
        };
        let id = "exec error: declared number, stored text (W5)";
        let out = in_dir(&typed, &["exec", &tsvc, "--", "env"]);
        out.exits(65);
        assert!(out.stderr.contains("does not look like"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec error: declared list, stored invalid HCL (W6)";
        let out = in_dir(&typed, &["exec", &wsvc, "--", "env"]);
        out.exits(65);
        assert!(out.stderr.contains("not a valid HCL expression"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec error: --strict-vars undeclared secret (W1)";
        let out = in_dir(&strict, &["exec", "--all", "--strict-vars", &svc, "--", "env"]);
        out.exits(65);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec error: execve fails (ENOEXEC)";
        let out = ctx.run(v, &["exec", &svc, "--", "./not-a-program"]);
        out.exits(126);
        assert!(out.stderr.contains("cannot run"), "{}", out.stderr);
        ctx.check(id, v, &out, false, &[]);

        let id = "exec error: value with a NUL byte cannot be passed";
        let out = ctx.run(v, &["exec", &nsvc, "--", "env"]);
        assert_ne!(out.code, Some(0), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);
    });

    ctx.finish(ERROR_CASES);
}

// ---------------------------------------------------------------------------------------------------------------
// session: the session's secret key and token are the canaries.

#[test]
fn session_secret_key_and_token_stay_secret() {
    let Some(env) = common::Env::new() else { return };
    std::fs::write(env.home.path().join(".aws/config"), ADMIN_CONFIG).unwrap();
    std::fs::write(env.home.path().join(".aws/credentials"), BASE_CREDENTIALS).unwrap();
    let mut ctx = Ctx::new(env, vec![]);
    ctx.without_env_keys = true;
    let ctx = ctx;
    let cache_entry = ctx.home().join(".aws/cli/cache").join(format!("{ADMIN_KEY}.json"));
    let creds_file = ctx.home().join(".aws/credentials");
    ctx.standing.lock().unwrap().push(cache_entry.clone());
    // The session's keys (from moto) become canaries as soon as they exist.
    let keys = || {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&cache_entry).unwrap()).unwrap();
        let s = v["Credentials"]["SecretAccessKey"].as_str().unwrap().to_owned();
        let t = v["Credentials"]["SessionToken"].as_str().unwrap().to_owned();
        assert!(s.len() >= 20 && t.len() >= 20, "moto's keys are long enough to be unique");
        ctx.add_needle(&s);
        ctx.add_needle(&t);
        (s, t)
    };
    let without = |out: &Out, s: &str, t: &str| Out {
        code: out.code,
        stdout: out.stdout.replace(s, "").replace(t, ""),
        stderr: out.stderr.clone(),
        elapsed: out.elapsed,
    };

    ctx.both(|v| {
        let id = "session (new MFA session)";
        let out = ctx.run(v, &["--profile", "admin", "--mfa-token", "123456", "--fresh", "session"]);
        out.exits(0);
        assert!(out.stdout.contains("MFA session, new"), "{}", out.stdout);
        keys();
        ctx.check(id, v, &out, false, &[]);
    });

    let svc = ctx.env.service("sess");
    ctx.run_in(false, &["--profile", "admin", "write", &svc, "k", "-"], b"plain-value").exits(0);

    ctx.both(|v| {
        let (s, t) = keys();
        let id = "session (from cache)";
        let out = ctx.run(v, &["--profile", "admin", "session"]);
        out.exits(0);
        assert!(out.stdout.contains("from the shared cache"), "{}", out.stdout);
        ctx.check(id, v, &out, false, &[]);

        let id = "session --json";
        let out = ctx.run(v, &["--profile", "admin", "session", "--json"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        // --export prints the current session's keys (and nothing of earlier sessions).
        let id = "session --export";
        let out = ctx.run(v, &["--profile", "admin", "session", "--export"]);
        out.exits(0);
        assert!(out.stdout.contains(&format!("export AWS_SECRET_ACCESS_KEY='{s}'")), "{}", out.stdout);
        assert!(out.stdout.contains(&format!("export AWS_SESSION_TOKEN='{t}'")), "{}", out.stdout);
        ctx.check(id, v, &without(&out, &s, &t), false, &[]);

        let id = "session --write-profile";
        let out = ctx.run(v, &["--profile", "admin", "session", "--write-profile", "admin-session"]);
        out.exits(0);
        let text = std::fs::read_to_string(&creds_file).unwrap();
        assert!(text.contains(&s) && text.contains(&t), "the profile holds the session keys");
        ctx.check(id, v, &out, false, &[&creds_file]);
        std::fs::write(&creds_file, BASE_CREDENTIALS).unwrap();

        // exec hands the session to the child (its environment, which it prints).
        let id = "exec --profile <mfa> -- env";
        let out = ctx.run(v, &["--profile", "admin", "exec", &svc, "--", "env"]);
        out.exits(0);
        assert!(
            out.stdout.contains(&format!("AWS_SECRET_ACCESS_KEY={s}\n")),
            "the child gets the session: {}",
            out.stdout
        );
        ctx.check(id, v, &without(&out, &s, &t), false, &[]);

        let id = "exec --profile <mfa> --no-aws-env -- env";
        let out = ctx.run(v, &["--profile", "admin", "exec", "--no-aws-env", &svc, "--", "env"]);
        out.exits(0);
        ctx.check(id, v, &out, false, &[]);

        let id = "session --fresh";
        let out = ctx.run(v, &["--profile", "admin", "--mfa-token", "123456", "--fresh", "session", "--json"]);
        out.exits(0);
        keys();
        ctx.check(id, v, &out, false, &[]);

        let id = "session --clear";
        let out = ctx.run(v, &["--profile", "admin", "session", "--clear"]);
        out.exits(0);
        assert!(!cache_entry.exists(), "cleared");
        ctx.check(id, v, &out, false, &[]);
        // A session again for the next round.
        ctx.run(false, &["--profile", "admin", "--mfa-token", "123456", "session"]).exits(0);
        keys();
    });

    ctx.finish(SESSION_CASES);
}
