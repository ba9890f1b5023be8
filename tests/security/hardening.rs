//! Process hardening (issue 6, "Secrets stay secret"), observed from outside the process:
//! - while tfsecrets runs (an import or an exec whose AWS requests crawl through a slow proxy), its soft
//!   `RLIMIT_CORE` is 0 with the hard limit left alone (`/proc/<pid>/limits`), and it is not dumpable. Root can
//!   read any process, so the dumpable flag is observed on a tfsecrets run as an unprivileged user (`nobody`
//!   when the suite runs as root): the kernel then owns its `/proc/<pid>` files as root and refuses the same
//!   user `/proc/<pid>/environ` (a ptrace read check); a control process of that user shows the opposite;
//! - end to end: with `ulimit -c unlimited` and a file `core_pattern`, SIGQUIT leaves a core file for a control
//!   process but none for tfsecrets, and the kernel reports no core dump;
//! - the exec'd child gets the user's own core limits back (soft and hard), and is dumpable again;
//! - files tfsecrets creates (export -o, the session cache, --write-profile) are 0600 in directories it
//!   creates 0700, whatever the umask; looser existing files and directories draw a warning.

use crate::support::session::{ADMIN_CONFIG, ADMIN_KEY, BASE_CREDENTIALS};
use crate::support::{self as common, chmod, mode};

use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOBODY: u32 = 65534;

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// The uid to run the dumpable checks as: `nobody` when we are root, else ourselves.
fn observed_uid() -> u32 {
    if is_root() { NOBODY } else { unsafe { libc::geteuid() } }
}

/// The tfsecrets binary as `uid` can run it: when we are root and run it as `nobody`, a hard link (or copy)
/// inside `dir`, since the build directory may not be reachable by other users.
fn bin_for(uid: u32, dir: &Path) -> PathBuf {
    if !is_root() || uid == 0 {
        return common::bin();
    }
    let target = dir.join("tfsecrets");
    if !target.exists() && std::fs::hard_link(common::bin(), &target).is_err() {
        std::fs::copy(common::bin(), &target).unwrap();
    }
    target
}

/// A directory the observed user owns (HOME and cwd of its runs).
fn user_dir() -> tempfile::TempDir {
    let d = tempfile::Builder::new().prefix("tfs-hard-").tempdir().unwrap();
    if is_root() {
        chown_r(d.path(), NOBODY);
    }
    d
}

fn chown_r(p: &Path, uid: u32) {
    if p.file_name().is_some_and(|n| n == "tfsecrets") {
        return; // the hard link to the build's binary (see bin_for) stays root's
    }
    std::os::unix::fs::lchown(p, Some(uid), Some(uid)).unwrap();
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap().flatten() {
            chown_r(&e.path(), uid);
        }
    }
}

/// A std Command for `program`, hermetic AWS environment (on an empty one) pointing at `url`, HOME and cwd `home`.
fn hermetic(program: &Path, url: &str, home: &Path) -> Command {
    let mut c = Command::new(program);
    common::hermetic_clear(&mut c, url, home);
    c.current_dir(home).stdin(Stdio::null());
    c
}

fn as_user(c: &mut Command, uid: u32) {
    if is_root() && uid != 0 {
        c.uid(uid).gid(uid);
    }
}

/// `(soft, hard)` of "Max core file size" in /proc/<pid>/limits, as printed ("0", "unlimited", "1234").
fn core_limits(pid: u32) -> Option<(String, String)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/limits")).ok()?;
    let line = text.lines().find(|l| l.starts_with("Max core file size"))?;
    let mut f = line["Max core file size".len()..].split_whitespace();
    Some((f.next()?.to_owned(), f.next()?.to_owned()))
}

fn own_core_limits() -> (String, String) {
    core_limits(std::process::id()).unwrap()
}

/// The process's argv as text, or None once it is gone (or a zombie).
fn cmdline(pid: u32) -> Option<String> {
    let b = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    (!b.is_empty()).then(|| String::from_utf8_lossy(&b).replace('\0', " "))
}

/// Waits until `pid` runs tfsecrets (past its own execve), then a little more so `main` has started.
fn wait_for_tfsecrets(pid: u32, word: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if cmdline(pid).is_some_and(|c| c.contains("tfsecrets") && c.contains(word)) {
            std::thread::sleep(Duration::from_millis(150));
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("pid {pid} never ran tfsecrets {word}");
}

/// Reads `path` as user `uid` (with `cat`): Ok(bytes) or Err(stderr).
fn read_as(uid: u32, path: &str) -> Result<Vec<u8>, String> {
    let mut c = Command::new("cat");
    c.arg(path).stdin(Stdio::null());
    as_user(&mut c, uid);
    let out = c.output().unwrap();
    if out.status.success() { Ok(out.stdout) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

struct Sample {
    core: (String, String),
    environ_owner: u32,
    status_uid: u32,
    environ_readable: bool,
}

fn sample(pid: u32, uid: u32) -> Option<Sample> {
    let core = core_limits(pid)?;
    let environ_owner = std::fs::metadata(format!("/proc/{pid}/environ")).ok()?.uid();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let status_uid = status.lines().find(|l| l.starts_with("Uid:"))?.split_whitespace().nth(1)?.parse().ok()?;
    let environ_readable = read_as(uid, &format!("/proc/{pid}/environ")).is_ok();
    // Only a sample taken while the process still runs tfsecrets counts.
    cmdline(pid).filter(|c| c.contains("tfsecrets"))?;
    Some(Sample { core, environ_owner, status_uid, environ_readable })
}

/// Spawns `import --keep` of a one-variable file as `uid` through a proxy delaying every request 400 ms.
fn slow_import(env: &common::Env, proxy: &common::FaultProxy, dir: &Path, uid: u32, wrap_core: Option<&str>) -> Child {
    std::fs::write(dir.join("slow.tfvars"), "db_password = \"hunter2-hardening\"\n").unwrap();
    if is_root() && uid != 0 {
        chown_r(dir, uid);
    }
    let svc = env.service("slow");
    let mut c = match wrap_core {
        // `sh -c 'ulimit ...; exec tfsecrets ...'`: the same pid ends up running tfsecrets.
        Some(ulimit) => {
            let mut c = hermetic(Path::new("/bin/sh"), &proxy.url, dir);
            c.arg("-c").arg(format!("{ulimit}; exec \"$0\" \"$@\"")).arg(bin_for(uid, dir));
            c
        }
        None => hermetic(&bin_for(uid, dir), &proxy.url, dir),
    };
    c.args(["import", &svc, "slow.tfvars", "--keep"]).stdout(Stdio::null()).stderr(Stdio::piped());
    as_user(&mut c, uid);
    c.spawn().unwrap()
}

// ---------------------------------------------------------------------------------------------------------------

#[test]
fn no_core_dumps_and_not_dumpable_while_secrets_are_in_memory() {
    let Some(env) = common::Env::new() else { return };
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "400"]);
    let uid = observed_uid();
    let dir = user_dir();
    let (_, hard_before) = own_core_limits();

    // Control: an ordinary process of the same user is dumpable: its /proc files are its own, environ readable.
    let mut control = Command::new("sleep");
    control.arg("5").stdin(Stdio::null());
    as_user(&mut control, uid);
    let mut control = control.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let cpid = control.id();
    let owner = std::fs::metadata(format!("/proc/{cpid}/environ")).unwrap().uid();
    let readable = read_as(uid, &format!("/proc/{cpid}/environ"));
    let _ = control.kill();
    let _ = control.wait();
    assert_eq!(owner, uid, "control: a dumpable process owns its /proc files");
    assert!(readable.is_ok(), "control: the same user reads a dumpable process's environ: {readable:?}");

    let mut child = slow_import(&env, &proxy, dir.path(), uid, None);
    let pid = child.id();
    wait_for_tfsecrets(pid, "import");
    let mut samples = Vec::new();
    while let Some(s) = sample(pid, uid) {
        samples.push(s);
        std::thread::sleep(Duration::from_millis(60));
    }
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "import failed: {stderr}");
    assert!(samples.len() >= 5, "only {} samples while tfsecrets ran", samples.len());
    for s in &samples {
        assert_eq!(s.status_uid, uid, "sampled the process of the observed user");
        assert_eq!(s.core.0, "0", "soft RLIMIT_CORE while secrets are in memory");
        assert_eq!(s.core.1, hard_before, "the hard core limit is left as inherited (so it can be restored)");
        if uid != 0 {
            assert_eq!(s.environ_owner, 0, "not dumpable: the kernel owns /proc/<pid> files as root");
            assert!(!s.environ_readable, "not dumpable: the same user cannot read /proc/<pid>/environ");
        }
    }
    println!(
        "hardening: {} samples of a running import as uid {uid}: RLIMIT_CORE 0 (hard {hard_before}), /proc owned by root, environ unreadable",
        samples.len()
    );
}

#[test]
fn sigquit_leaves_no_core_file() {
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap_or_default();
    if pattern.starts_with('|') || pattern.contains('/') {
        eprintln!(
            "*** core_pattern is {pattern:?} (a pipe or an absolute path): the end-to-end core check needs a file in the cwd; skipped ***"
        );
        return;
    }
    let Some(env) = common::Env::new() else { return };
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "400"]);
    let cores = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("core"))
            .collect()
    };

    // Control: the same shell wrapper around `sleep` dumps core here.
    let cdir = tempfile::tempdir().unwrap();
    let mut control = Command::new("/bin/sh")
        .args(["-c", "ulimit -c unlimited; exec sleep 5"])
        .current_dir(cdir.path())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    unsafe { libc::kill(control.id() as i32, libc::SIGQUIT) };
    let st = control.wait().unwrap();
    if !st.core_dumped() || cores(cdir.path()).is_empty() {
        eprintln!("*** this machine does not write core files (control: {st:?}, pattern {pattern:?}); skipped ***");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let mut child = slow_import(&env, &proxy, dir.path(), 0, Some("ulimit -c unlimited"));
    let pid = child.id();
    wait_for_tfsecrets(pid, "import");
    assert_eq!(core_limits(pid).unwrap().0, "0");
    unsafe { libc::kill(pid as i32, libc::SIGQUIT) };
    let st = child.wait().unwrap();
    assert_eq!(st.signal(), Some(libc::SIGQUIT), "killed by SIGQUIT: {st:?}");
    assert!(!st.core_dumped(), "the kernel dumped tfsecrets' core");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(cores(dir.path()), Vec::<String>::new(), "a core file was written");
    println!("hardening: SIGQUIT with ulimit -c unlimited: control dumped core, tfsecrets did not");
}

/// Runs `sh -c '<ulimit>; exec tfsecrets exec <svc> -- sh -c <script>'` as `uid`; returns the child's output.
fn exec_with_limits(env: &common::Env, svc: &str, dir: &Path, uid: u32, ulimit: &str, script: &str) -> Child {
    let mut c = hermetic(Path::new("/bin/sh"), &env.url, dir);
    c.arg("-c")
        .arg(format!("{ulimit}; exec \"$0\" \"$@\""))
        .arg(bin_for(uid, dir))
        .args(["exec", "--no-var-check", svc, "--", "sh", "-c", script])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    as_user(&mut c, uid);
    c.spawn().unwrap()
}

#[test]
fn the_exec_child_gets_the_users_core_limits_back_and_is_dumpable() {
    let Some(env) = common::Env::new() else { return };
    let svc = env.service("child");
    env.cmd().args(["write", &svc, "k", "-"]).write_stdin("v").assert().success();
    let dir = user_dir();
    let uid = observed_uid();
    let script = "echo \"soft=$(ulimit -S -c) hard=$(ulimit -H -c)\"; grep '^Max core file size' /proc/$$/limits; echo READY; sleep 1; echo done";
    // (soft, hard) the child must see, for each way the user may have set them; `ulimit -c` is in 512-byte
    // blocks for dash/bash's -c, /proc/limits in bytes.
    let (_, hard) = own_core_limits();
    let mut cases = vec![
        (
            "ulimit -S -c 1234",
            "1234".to_owned(),
            if hard == "unlimited" { "unlimited".to_owned() } else { String::new() },
        ),
        ("ulimit -c 4321", "4321".to_owned(), "4321".to_owned()),
        ("ulimit -S -c 0", "0".to_owned(), String::new()),
    ];
    if hard == "unlimited" {
        cases.push(("ulimit -S -c unlimited", "unlimited".to_owned(), "unlimited".to_owned()));
    }
    for (ulimit, soft_want, hard_want) in cases {
        let mut child = exec_with_limits(&env, &svc, dir.path(), uid, ulimit, script);
        let pid = child.id();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut text = String::new();
        loop {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                panic!("{ulimit}: the child ended early: {text} {err}");
            }
            text.push_str(&line);
            if line == "READY\n" {
                break;
            }
        }
        // The child (the same pid: sh → tfsecrets → sh) sleeps now.
        let owner = std::fs::metadata(format!("/proc/{pid}/environ")).unwrap().uid();
        let readable = read_as(uid, &format!("/proc/{pid}/environ"));
        let limits = core_limits(pid).unwrap();
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        assert!(child.wait().unwrap().success(), "{ulimit}: {text}{rest}");
        let first = text.lines().next().unwrap();
        assert!(first.starts_with(&format!("soft={soft_want} ")), "{ulimit}: the child's soft core limit: {text}");
        if !hard_want.is_empty() {
            assert_eq!(
                first,
                format!("soft={soft_want} hard={hard_want}"),
                "{ulimit}: the child's core limits: {text}"
            );
        }
        let shown = text.lines().find(|l| l.starts_with("Max core file size")).unwrap();
        assert!(shown.contains(&limits.0), "{shown} vs {limits:?}");
        if soft_want != "0" {
            assert_ne!(limits.0, "0", "{ulimit}: the child still has tfsecrets' core limit 0");
        }
        if uid != 0 {
            assert_eq!(owner, uid, "{ulimit}: the child is dumpable again (owns its /proc files)");
            assert!(readable.is_ok(), "{ulimit}: the child is dumpable again (its user reads its environ)");
        }
    }
    println!("hardening: the exec'd child got the user's soft/hard core limits back and is dumpable (uid {uid})");
}

/// The same protection holds during exec's fetch, before the execve.
#[test]
fn exec_is_protected_while_it_fetches() {
    let Some(env) = common::Env::new() else { return };
    let svc = env.service("fetch");
    env.cmd().args(["write", &svc, "k", "-"]).write_stdin("v").assert().success();
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "700"]);
    let dir = user_dir();
    let uid = observed_uid();
    let mut c = hermetic(Path::new("/bin/sh"), &proxy.url, dir.path());
    c.arg("-c")
        .arg("ulimit -S -c 2048; exec \"$0\" \"$@\"")
        .arg(bin_for(uid, dir.path()))
        .args(["exec", "--no-var-check", &svc, "--", "sh", "-c", "ulimit -S -c"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    as_user(&mut c, uid);
    let child = c.spawn().unwrap();
    let pid = child.id();
    wait_for_tfsecrets(pid, "exec");
    let mut samples = Vec::new();
    while let Some(s) = sample(pid, uid) {
        samples.push(s);
        std::thread::sleep(Duration::from_millis(40));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2048\n", "the child's soft limit is the user's");
    assert!(samples.len() >= 3, "only {} samples during the fetch", samples.len());
    for s in &samples {
        assert_eq!(s.core.0, "0");
        if uid != 0 {
            assert_eq!(s.environ_owner, 0, "not dumpable during the fetch");
            assert!(!s.environ_readable);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// File and directory modes.

/// tfsecrets with umask 000 (so only its own modes protect what it creates).
fn run_umask0(c: &mut Command) -> (bool, String, String) {
    unsafe {
        c.pre_exec(|| {
            libc::umask(0);
            libc::setsid();
            Ok(())
        });
    }
    let out = c.stdin(Stdio::null()).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_file_is_0600_and_a_looser_existing_one_draws_a_warning() {
    let Some(env) = common::Env::new() else { return };
    let svc = env.service("exp");
    env.cmd().args(["write", &svc, "k", "-"]).write_stdin("v").assert().success();
    let home = env.home.path();
    let export = |file: &Path| {
        let mut c = hermetic(&common::bin(), &env.url, home);
        c.args(["export", "-o"]).arg(file).arg(&svc);
        run_umask0(&mut c)
    };

    let new = home.join("new.json");
    let (ok, _, err) = export(&new);
    assert!(ok, "{err}");
    assert_eq!(mode(&new), 0o600, "a new export file, umask 000");
    assert!(!err.contains("warning"), "{err}");

    let (ok, _, err) = export(&new);
    assert!(ok && !err.contains("warning"), "an existing 0600 file: no warning: {err}");

    let loose = home.join("loose.json");
    std::fs::write(&loose, "old").unwrap();
    chmod(&loose, 0o644);
    let (ok, _, err) = export(&loose);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning") && err.contains("644"),
        "an existing 0644 file draws a warning naming its mode: {err}"
    );
    assert_eq!(mode(&loose), 0o600, "and is tightened");
    assert_eq!(std::fs::read_to_string(&loose).unwrap(), "{\"k\":\"v\"}\n", "the content replaced");
}

/// A HOME with the `admin` MFA role profile; tfsecrets runs there without environment keys.
fn mfa_home(env: &common::Env) -> &Path {
    let home = env.home.path();
    std::fs::write(home.join(".aws/config"), ADMIN_CONFIG).unwrap();
    std::fs::write(home.join(".aws/credentials"), BASE_CREDENTIALS).unwrap();
    chmod(&home.join(".aws/credentials"), 0o600);
    home
}

fn mfa_cmd(env: &common::Env, args: &[&str]) -> Command {
    let mut c = hermetic(&common::bin(), &env.url, env.home.path());
    c.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["--profile", "admin", "--mfa-token", "123456"])
        .args(args);
    c
}

#[test]
fn session_cache_is_0600_in_0700_dirs_and_loose_ones_draw_a_warning() {
    let Some(env) = common::Env::new() else { return };
    let home = mfa_home(&env);
    let cli = home.join(".aws/cli");
    let cache = cli.join("cache");
    let entry = cache.join(format!("{ADMIN_KEY}.json"));

    let (ok, _, err) = run_umask0(&mut mfa_cmd(&env, &["session"]));
    assert!(ok, "{err}");
    assert_eq!(mode(&cli), 0o700, "~/.aws/cli created 0700 (umask 000)");
    assert_eq!(mode(&cache), 0o700, "~/.aws/cli/cache created 0700");
    assert_eq!(mode(&entry), 0o600, "the entry is 0600");
    assert!(!err.contains("warning"), "{err}");
    let names: Vec<String> =
        std::fs::read_dir(&cache).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, [format!("{ADMIN_KEY}.json")], "no temp file left");

    // A cache directory others can read: a warning naming it; the rewritten entry is still 0600.
    chmod(&cache, 0o755);
    let (ok, _, err) = run_umask0(&mut mfa_cmd(&env, &["--fresh", "session"]));
    assert!(ok, "{err}");
    assert!(
        err.contains("warning") && err.contains(cache.to_str().unwrap()) && err.contains("755"),
        "loose cache dir: {err}"
    );
    assert_eq!(mode(&entry), 0o600);

    // An entry others can read: a warning naming it.
    chmod(&cache, 0o700);
    chmod(&entry, 0o644);
    let (ok, _, err) = run_umask0(&mut mfa_cmd(&env, &["session"]));
    assert!(ok, "{err}");
    assert!(
        err.contains("warning") && err.contains(entry.to_str().unwrap()) && err.contains("644"),
        "loose cache entry: {err}"
    );
}

#[test]
fn write_profile_file_is_0600_in_0700_dirs() {
    let Some(env) = common::Env::new() else { return };
    let home = mfa_home(&env);
    // A session first (the base profile's keys are in ~/.aws/credentials); it is then served from the cache.
    let (ok, _, err) = run_umask0(&mut mfa_cmd(&env, &["session"]));
    assert!(ok, "{err}");

    // The credentials file named by AWS_SHARED_CREDENTIALS_FILE, in directories that do not exist yet (the
    // session comes from the cache, so the source keys are not needed).
    let nested = home.join("new/sub/credentials");
    let mut c = mfa_cmd(&env, &["session", "--write-profile", "admin-session"]);
    c.env("AWS_SHARED_CREDENTIALS_FILE", &nested);
    let (ok, _, err) = run_umask0(&mut c);
    assert!(ok, "{err}");
    assert_eq!(mode(&home.join("new")), 0o700, "created 0700 (umask 000)");
    assert_eq!(mode(&home.join("new/sub")), 0o700, "created 0700 (umask 000)");
    assert_eq!(mode(&nested), 0o600, "the credentials file is 0600");
    assert!(std::fs::read_to_string(&nested).unwrap().contains("[admin-session]"));
}

#[test]
fn write_profile_over_a_world_readable_credentials_file_warns() {
    let Some(env) = common::Env::new() else { return };
    let home = mfa_home(&env);
    let creds = home.join(".aws/credentials");
    chmod(&creds, 0o644);
    let (ok, _, err) = run_umask0(&mut mfa_cmd(&env, &["session", "--write-profile", "admin-session"]));
    assert!(ok, "{err}");
    assert_eq!(mode(&creds), 0o600, "the rewritten credentials file is 0600");
    // SECURITY.md: "looser existing permissions draw a warning". The file held long-term keys readable by others
    // until now; the user should hear about it (as `export -o` and the session cache say).
    assert!(
        err.contains("warning") && err.contains(creds.to_str().unwrap()) && err.contains("644"),
        "a 0644 credentials file is tightened silently, without a warning: {err:?}"
    );
}
