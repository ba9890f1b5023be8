//! Reliability under SIGKILL (issue 6, "Kills"): `import`, `session` cache writes and `session --write-profile`
//! are killed at random moments (seeded xorshift; `TFSECRETS_KILL_SEED` overrides the seed to replay a run).
//!
//! Each loop first measures a clean run of the same command (through a loopback proxy that delays every request,
//! so the run takes long enough to be hit in every phase), then kills:
//! - `uniform` runs: after a delay drawn uniformly from [0, 1.15 × the clean run's duration] (0.9 × for the short session loops), which covers start-up
//!   and parsing, the AWS calls, the writes and the scrub (and lets some runs finish first, which is counted);
//! - `aimed` runs: the moment a `*.tmp` file appears beside the target (the atomic-replace window that a uniform
//!   delay almost never hits), plus a random 0–3 ms, to sample the temp-write / fsync / rename / wipe steps.
//!
//! After every kill: the target is byte-identical to the old content or to the complete new content (for
//! `import`: the scrubbed bytes a clean run on a copy produced), never truncated or mixed; no file holding a
//! secret appears beside it; and a re-run finishes the job. Per-phase counts are printed as `RELIABILITY ...`
//! lines (run with `--nocapture`) for SECURITY.md.
//!
//! All tests are `#[ignore]`d (slow, about 1.5 minutes in all, the three loops in parallel): scripts/test runs them with `--include-ignored`.

use crate::support::session::{self as sess, ADMIN_KEY};
use crate::support::{self as common, listing, text};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Uniform-delay runs that must really be killed per loop (the issue asks for at least 50).
const UNIFORM_RUNS: usize = 50;
/// Kills aimed at the atomic-replace window per loop.
const AIMED_RUNS: usize = 20;
/// The default seed of every loop (each loop mixes in its own constant).
const DEFAULT_SEED: u64 = 0x7f5e_c3e7_2024_0006;

/// A tiny xorshift64 generator (Marsaglia 2003, shifts 13/7/17): deterministic, no dependencies.
struct XorShift(u64);

impl XorShift {
    fn new(loop_id: u64) -> XorShift {
        let seed =
            std::env::var("TFSECRETS_KILL_SEED").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(DEFAULT_SEED);
        // Never zero (xorshift's fixed point).
        XorShift((seed ^ loop_id.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in [0, n) (n > 0; modulo bias is irrelevant at these sizes).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn xorshift_is_deterministic_and_spreads() {
    let mut a = XorShift(1);
    let first: Vec<u64> = (0..3).map(|_| a.next()).collect();
    // Reference values of xorshift64 (13, 7, 17) from state 1.
    assert_eq!(first, [1082269761, 1152992998833853505, 11177516664432764457]);
    let mut r = XorShift::new(1);
    let mut buckets = [0u32; 10];
    for _ in 0..10_000 {
        buckets[r.below(10) as usize] += 1;
    }
    assert!(buckets.iter().all(|b| (800..1200).contains(b)), "{buckets:?}");
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers

fn has_tmp(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|d| d.filter_map(|e| e.ok()).any(|e| e.file_name().as_encoded_bytes().ends_with(b".tmp")))
}

/// How a kill attempt ended.
enum Kill {
    /// SIGKILL was delivered while the process ran, `after` its start.
    Killed { after: Duration },
    /// The process exited on its own first (with this code).
    Finished(Option<i32>),
    /// Aimed: the process exited without the trigger ever appearing.
    Missed(Option<i32>),
}

/// Spawns `cmd`, waits `delay`, and SIGKILLs it if it still runs.
fn kill_after(mut cmd: Command, delay: Duration) -> Kill {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn tfsecrets");
    let start = Instant::now();
    std::thread::sleep(delay);
    finish(&mut child, start)
}

/// Spawns `cmd`, polls `watch` until a `*.tmp` file appears in it, waits `extra`, and SIGKILLs the process.
fn kill_on_tmp(mut cmd: Command, watch: &Path, extra: Duration) -> Kill {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn tfsecrets");
    let start = Instant::now();
    loop {
        if has_tmp(watch) {
            spin(extra);
            return finish(&mut child, start);
        }
        if let Some(st) = child.try_wait().expect("try_wait") {
            return Kill::Missed(st.code());
        }
        assert!(start.elapsed() < Duration::from_secs(60), "run never finished");
    }
}

/// Busy-waits (sleep granularity is too coarse for a sub-millisecond window).
fn spin(d: Duration) {
    let t = Instant::now();
    while t.elapsed() < d {
        std::hint::spin_loop();
    }
}

fn finish(child: &mut Child, start: Instant) -> Kill {
    if let Some(st) = child.try_wait().expect("try_wait") {
        return Kill::Finished(st.code());
    }
    let after = start.elapsed();
    child.kill().expect("SIGKILL");
    let st = child.wait().expect("wait");
    match std::os::unix::process::ExitStatusExt::signal(&st) {
        Some(9) => Kill::Killed { after },
        // It exited between try_wait and kill.
        _ => Kill::Finished(st.code()),
    }
}

/// Per-phase tallies of one loop, printed for SECURITY.md.
#[derive(Default)]
struct Tally(BTreeMap<String, usize>);

impl Tally {
    fn add(&mut self, phase: impl Into<String>) {
        *self.0.entry(phase.into()).or_default() += 1;
    }
    fn get(&self, phase: &str) -> usize {
        self.0.get(phase).copied().unwrap_or(0)
    }
    fn show(&self) -> String {
        self.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
    }
}

/// The run plan of a loop: uniform-delay runs until `UNIFORM_RUNS` of them were really killed (at most 4 times
/// as many runs: some finish before their delay), then `AIMED_RUNS` aimed runs.
#[derive(Default)]
struct Schedule {
    uniform_runs: usize,
    uniform_kills: usize,
    aimed_runs: usize,
    aimed_kills: usize,
}

impl Schedule {
    /// The next run's number and whether it is aimed; `None` when the loop is done.
    fn next(&mut self) -> Option<(usize, bool)> {
        let i = self.uniform_runs + self.aimed_runs;
        if self.uniform_kills < UNIFORM_RUNS && self.uniform_runs < UNIFORM_RUNS * 4 {
            self.uniform_runs += 1;
            Some((i, false))
        } else if self.aimed_runs < AIMED_RUNS {
            self.aimed_runs += 1;
            Some((i, true))
        } else {
            None
        }
    }

    fn record(&mut self, aimed: bool, outcome: &Kill) {
        if matches!(outcome, Kill::Killed { .. }) {
            if aimed { self.aimed_kills += 1 } else { self.uniform_kills += 1 }
        }
    }

    fn show(&self) -> String {
        format!(
            "{} runs: {} uniform ({} killed), {} aimed ({} killed)",
            self.uniform_runs + self.aimed_runs,
            self.uniform_runs,
            self.uniform_kills,
            self.aimed_runs,
            self.aimed_kills
        )
    }

    #[track_caller]
    fn assert_enough(&self, tally: &Tally) {
        assert!(
            self.uniform_kills >= UNIFORM_RUNS,
            "fewer than {UNIFORM_RUNS} uniform kills: {}; {}",
            self.show(),
            tally.show()
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// import

/// Variables in the killed import file.
const KEYS: usize = 16;
/// Proxy delay per request for the killed import: 16 writes at --concurrency 2 take ~8 round trips.
const IMPORT_DELAY_MS: &str = "15";
const TFVARS: &str = "k.tfvars";

fn kill_file() -> (String, BTreeMap<String, String>) {
    let mut src = String::from("# killed import fixture\n\nkeep = null # stays\n\n");
    let mut want = BTreeMap::new();
    for i in 0..KEYS {
        let v = format!("KILLSECRET-{i:02}-{}", "x".repeat(i * 7));
        src.push_str(&format!("k{i:02} = \"{v}\"\n"));
        want.insert(format!("k{i:02}"), v);
    }
    src.push_str("\n# trailer\nregion = null\n");
    (src, want)
}

/// tfsecrets as a plain Command with the hermetic environment of `Env::cmd`, in `dir`.
fn tfs(env: &common::Env, dir: &Path, args: &[&str]) -> Command {
    let mut c = env.std_cmd();
    c.current_dir(dir).args(args);
    c
}

/// `{service: {key: value}}` for several services, per boto3 straight to moto (one Python process).
fn ssm_values_many(moto_url: &str, services: &[String]) -> BTreeMap<String, BTreeMap<String, String>> {
    let args: Vec<&str> = ["values-many"].into_iter().chain(services.iter().map(String::as_str)).collect();
    serde_json::from_value(common::boto(moto_url, &args)).expect("values-many is an object")
}

/// Checks the directory right after a kill: the file is the original or the scrubbed result, and anything
/// else beside it is a tfsecrets temp file holding a prefix of the scrubbed result (never a secret). Returns the
/// file's state and the names of the temp files.
fn check_import_dir(
    dir: &Path,
    original: &[u8],
    scrubbed: &[u8],
    want: &BTreeMap<String, String>,
    run: &str,
) -> (&'static str, Vec<String>) {
    let got = std::fs::read(dir.join(TFVARS)).unwrap_or_else(|e| panic!("{run}: {TFVARS} is gone after a kill: {e}"));
    let state = if got == original {
        "original"
    } else if got == scrubbed {
        "scrubbed"
    } else {
        panic!(
            "{run}: {TFVARS} is neither the original nor the scrubbed result ({} bytes; original {}, scrubbed {}):\n{}",
            got.len(),
            original.len(),
            scrubbed.len(),
            text(&got)
        );
    };
    let mut temps = Vec::new();
    for name in listing(dir) {
        if name == TFVARS {
            continue;
        }
        let bytes = std::fs::read(dir.join(&name)).unwrap_or_default();
        let body = text(&bytes);
        let leaked = want.values().filter(|v| body.contains(v.as_str())).count();
        assert_eq!(leaked, 0, "{run}: stray file {name} beside {TFVARS} holds {leaked} plaintext secrets");
        assert!(
            name.starts_with(&format!(".{TFVARS}.tfsecrets-"))
                && name.ends_with(".tmp")
                && scrubbed.starts_with(&bytes),
            "{run}: unexpected file {name} beside {TFVARS} ({} bytes): {body}",
            bytes.len()
        );
        temps.push(format!("{name} ({} of {} scrubbed bytes)", bytes.len(), scrubbed.len()));
    }
    (state, temps)
}

#[test]
#[ignore = "slow: reliability suite (SIGKILL loops), run by scripts/test"]
fn import_survives_sigkill_at_random_moments() {
    let env = moto_or_skip!();
    let base = env.service("-kill");
    let (src, want) = kill_file();
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", IMPORT_DELAY_MS]);
    let penv = env.via(&proxy.url);
    let args_for =
        |svc: &str| -> Vec<String> { ["import", svc, TFVARS, "--concurrency", "2"].map(String::from).to_vec() };

    // A clean run on a copy: the expected scrubbed bytes, and how long a run takes.
    let ref_svc = format!("{base}-ref");
    let reference = tempfile::tempdir().expect("tempdir");
    std::fs::write(reference.path().join(TFVARS), &src).expect("write");
    let t = Instant::now();
    let ref_args = args_for(&ref_svc);
    let out = tfs(&penv, reference.path(), &ref_args.iter().map(String::as_str).collect::<Vec<_>>())
        .output()
        .expect("clean run");
    let clean = t.elapsed();
    assert_eq!(out.status.code(), Some(0), "clean import: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{KEYS} new, 0 changed, 0 unchanged; {TFVARS} scrubbed\n"));
    let ref_scrubbed = text(&std::fs::read(reference.path().join(TFVARS)).expect("scrubbed"));
    assert!(!ref_scrubbed.contains("KILLSECRET") && ref_scrubbed.contains("keep = null # stays"), "{ref_scrubbed}");
    // Each run imports into its own service; the markers quote it.
    let scrubbed_for = |svc: &str| ref_scrubbed.replace(&format!("/{ref_svc}/"), &format!("/{svc}/")).into_bytes();
    let clean_ms = clean.as_millis() as u64;
    eprintln!(
        "RELIABILITY kills import: clean run {clean_ms} ms ({KEYS} keys, --concurrency 2, proxy delay {IMPORT_DELAY_MS} ms/request)"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(TFVARS);
    let mut rng = XorShift::new(1);
    let mut tally = Tally::default();
    let mut temps_after_kill = Vec::new();
    let mut temps_after_rerun = Vec::new();
    let mut killed_at = Vec::new();
    let mut services = vec![ref_svc.clone()];
    let mut sched = Schedule::default();
    while let Some((i, aimed)) = sched.next() {
        let svc = format!("{base}-r{i:03}");
        services.push(svc.clone());
        let args = args_for(&svc);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let scrubbed = scrubbed_for(&svc);
        for name in listing(dir.path()) {
            std::fs::remove_file(dir.path().join(name)).expect("clean the directory");
        }
        std::fs::write(&path, &src).expect("restore the original");
        let delay = Duration::from_millis(rng.below(clean_ms * 115 / 100));
        let extra = Duration::from_micros(rng.below(3000));
        let run = if aimed {
            format!("aimed run {i} (+{extra:?} after the temp file)")
        } else {
            format!("run {i} (kill at {delay:?})")
        };
        let cmd = tfs(&penv, dir.path(), &args);
        let outcome = if aimed { kill_on_tmp(cmd, dir.path(), extra) } else { kill_after(cmd, delay) };
        sched.record(aimed, &outcome);
        // Let writes the proxy still holds land before the re-run counts what is stored.
        std::thread::sleep(Duration::from_millis(60));
        let (state, temps) = check_import_dir(dir.path(), src.as_bytes(), &scrubbed, &want, &run);
        if !temps.is_empty() {
            temps_after_kill.push(format!("{run}: {}", temps.join(", ")));
        }

        // The re-run (no proxy) finishes the job; a temp file the kill left must not survive it.
        let out = tfs(&env, dir.path(), &args).output().expect("re-run");
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{run}: re-run failed: {}", text(&out.stderr));
        let now = std::fs::read(&path).expect("read");
        assert!(now == scrubbed, "{run}: after the re-run the file is not the scrubbed result:\n{}", text(&now));
        let left: Vec<String> = listing(dir.path()).into_iter().filter(|n| n != TFVARS).collect();
        if !left.is_empty() {
            temps_after_rerun.push(format!("{run}: {}", left.join(", ")));
        }

        let stored_before = if state == "scrubbed" {
            assert_eq!(
                stdout,
                format!("0 new, 0 changed, 0 unchanged; {TFVARS} unchanged (nothing stored)\n"),
                "{run}"
            );
            KEYS
        } else {
            let (new, rest) = stdout.split_once(" new, 0 changed, ").unwrap_or_else(|| panic!("{run}: {stdout}"));
            let unchanged = rest
                .strip_suffix(&format!(" unchanged; {TFVARS} scrubbed\n"))
                .unwrap_or_else(|| panic!("{run}: {stdout}"));
            let (new, unchanged): (usize, usize) = (new.parse().expect("n"), unchanged.parse().expect("n"));
            assert_eq!(new + unchanged, KEYS, "{run}: {stdout}");
            unchanged
        };
        let phase = match (&outcome, state, stored_before) {
            (Kill::Finished(code) | Kill::Missed(code), _, _) => {
                assert_eq!((*code, state), (Some(0), "scrubbed"), "{run}: a run that finished must have scrubbed");
                "finished-before-kill"
            }
            (Kill::Killed { .. }, "scrubbed", _) => "killed-after-rename:file=scrubbed",
            (Kill::Killed { .. }, _, 0) => "killed-before-writes:file=original",
            (Kill::Killed { .. }, _, n) if n < KEYS => "killed-during-writes:file=original",
            (Kill::Killed { .. }, _, _) => "killed-after-writes(read-back/scrub):file=original",
        };
        if let Kill::Killed { after } = outcome {
            killed_at.push(after.as_millis() as u64);
        }
        tally.add(format!("{}{phase}", if aimed { "aimed/" } else { "" }));
    }
    // Every value right in every service (one boto3 process for all of them).
    for (svc, values) in ssm_values_many(&env.moto_url, &services) {
        assert_eq!(values, want, "{svc}: after the re-run every value is right");
    }
    killed_at.sort();
    eprintln!(
        "RELIABILITY kills import: {}; {} killed (at {}..{} ms); {}; temp files left by a kill: {}; still there after \
         the re-run: {}",
        sched.show(),
        killed_at.len(),
        killed_at.first().unwrap_or(&0),
        killed_at.last().unwrap_or(&0),
        tally.show(),
        temps_after_kill.len(),
        temps_after_rerun.len(),
    );
    for t in &temps_after_kill {
        eprintln!("RELIABILITY kills import: temp file after {t}");
    }
    sched.assert_enough(&tally);
    assert!(tally.get("killed-during-writes:file=original") >= 5, "the loop reaches the writes: {}", tally.show());
    assert!(
        temps_after_rerun.is_empty(),
        "{} kill(s) left a temp file beside {TFVARS} that the re-run did not remove (no imported secret in it, but the \
         rest of the file, e.g. variables left out with --only/--except, in plaintext, forever): {:?}",
        temps_after_rerun.len(),
        temps_after_rerun
    );
}

// ---------------------------------------------------------------------------------------------------------
// session cache and --write-profile

/// Proxy delay per request (AssumeRole, GetCallerIdentity) for the session loops.
const SESSION_DELAY_MS: &str = "40";

/// A session world whose STS traffic goes through a delaying proxy.
fn session_world(moto_url: &str, proxy: &common::FaultProxy) -> sess::World {
    sess::World { env: common::Env::on(moto_url).via(&proxy.url), proxy: sess::mfa_proxy(moto_url) }
}

/// Checks a cache entry: a complete, valid entry with all four credential fields, mode 0600; returns its
/// (AccessKeyId, SecretAccessKey, SessionToken).
#[track_caller]
fn check_entry(bytes: &[u8], path: &Path, run: &str) -> (String, String, String) {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!("{run}: {} is not complete JSON ({e}; {} bytes): {}", path.display(), bytes.len(), text(bytes))
    });
    let c = &v["Credentials"];
    let field = |k: &str| {
        c[k].as_str().filter(|s| !s.is_empty()).unwrap_or_else(|| panic!("{run}: entry lacks {k}: {v}")).to_owned()
    };
    field("Expiration");
    assert_eq!(common::mode(path), 0o600, "{run}: cache entry mode");
    (field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken"))
}

/// Stray files in a directory other than `expected`, with their sizes and modes, after asserting that none
/// is readable by others.
fn strays(dir: &Path, expected: &[&str], run: &str) -> Vec<PathBuf> {
    listing(dir)
        .into_iter()
        .filter(|n| !expected.contains(&n.as_str()))
        .map(|n| {
            let p = dir.join(&n);
            assert!(n.ends_with(".tmp"), "{run}: unexpected file {}", p.display());
            assert_eq!(common::mode(&p) & 0o077, 0, "{run}: {} is readable by others", p.display());
            p
        })
        .collect()
}

#[test]
#[ignore = "slow: reliability suite (SIGKILL loops), run by scripts/test"]
fn session_cache_survives_sigkill_at_random_moments() {
    let env = moto_or_skip!();
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", SESSION_DELAY_MS]);
    let w = session_world(&env.moto_url, &proxy);
    w.admin();
    let entry = w.entry(ADMIN_KEY);
    let args = ["--profile", "admin", "--mfa-token", "123456", "--fresh", "session"];

    // The longest of three clean runs (they are short, so their spread matters).
    let mut clean = Duration::ZERO;
    for _ in 0..3 {
        let out = common::detached(w.std_cmd(&args), None);
        assert_eq!(out.code, Some(0), "clean session: {}", out.stderr);
        clean = clean.max(out.elapsed);
    }
    let first = std::fs::read(&entry).expect("the clean run wrote the cache entry");
    check_entry(&first, &entry, "clean run");
    let clean_ms = clean.as_millis() as u64;
    eprintln!(
        "RELIABILITY kills session-cache: longest of 3 clean runs {clean_ms} ms (AssumeRole + cache write + GetCallerIdentity, proxy delay {SESSION_DELAY_MS} ms)"
    );

    let mut rng = XorShift::new(2);
    let mut tally = Tally::default();
    let mut tmp_left = Vec::new();
    let mut survived = Vec::new();
    let mut sched = Schedule::default();
    while let Some((i, aimed)) = sched.next() {
        // Half the runs start without an entry (a create), half replace the previous one.
        let replace = rng.below(2) == 0;
        if !replace {
            let _ = std::fs::remove_file(&entry);
        }
        let before = std::fs::read(&entry).ok();
        let delay = Duration::from_millis(rng.below(clean_ms * 90 / 100));
        let extra = Duration::from_micros(rng.below(3000));
        let run = if aimed { format!("aimed run {i}") } else { format!("run {i} (kill at {delay:?})") };
        let cmd = w.std_cmd(&args);
        let outcome = if aimed { kill_on_tmp(cmd, &w.cache_dir(), extra) } else { kill_after(cmd, delay) };
        sched.record(aimed, &outcome);

        let key_file = format!("{ADMIN_KEY}.json");
        let state = match std::fs::read(&entry) {
            Err(_) => {
                assert!(before.is_none(), "{run}: the old entry vanished");
                "absent"
            }
            Ok(now) => {
                check_entry(&now, &entry, &run);
                if before.as_deref() == Some(&now[..]) { "old" } else { "new" }
            }
        };
        let stray = strays(&w.cache_dir(), &[&key_file], &run);
        for p in &stray {
            let bytes = std::fs::read(p).unwrap_or_default();
            let complete = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok();
            let what = if complete { "complete JSON with the session's secret key and token" } else { "partial" };
            tmp_left.push(format!(
                "{run}: {} ({} bytes, {what})",
                p.file_name().unwrap_or_default().to_string_lossy(),
                bytes.len()
            ));
        }

        // A fresh run afterwards works, leaves a complete entry, and must not leave the kill's temp file behind.
        let out = common::detached(w.std_cmd(&args), None);
        assert_eq!(out.code, Some(0), "{run}: the next session run failed: {}", out.stderr);
        check_entry(&std::fs::read(&entry).expect("entry"), &entry, &run);
        for p in strays(&w.cache_dir(), &[&key_file], &run) {
            survived.push(format!("{run}: {}", p.file_name().unwrap_or_default().to_string_lossy()));
            std::fs::remove_file(&p).expect("remove stray");
        }

        let phase = match outcome {
            Kill::Finished(code) | Kill::Missed(code) => {
                assert_eq!((code, state), (Some(0), "new"), "{run}: a run that finished must have written its entry");
                "finished-before-kill".to_owned()
            }
            Kill::Killed { .. } => format!("killed: entry={state}{}", if stray.is_empty() { "" } else { "+tmp" }),
        };
        tally.add(format!("{}{phase}", if aimed { "aimed/" } else { "" }));
    }
    eprintln!(
        "RELIABILITY kills session-cache: {}; {}; temp files left by a kill: {}, still there after the next run: {}",
        sched.show(),
        tally.show(),
        tmp_left.len(),
        survived.len()
    );
    for t in &tmp_left {
        eprintln!("RELIABILITY kills session-cache: temp file after {t}");
    }
    sched.assert_enough(&tally);
    assert!(
        survived.is_empty(),
        "{} kill(s) left a temp file holding live session credentials in the cache directory that the next run did \
         not remove: {survived:?}",
        survived.len()
    );
}

const OTHER_CREDENTIALS: &str = "# my keys\r\n[base]\r\naws_access_key_id = AKIABASEEXAMPLE\r\naws_secret_access_key = base-secret-example\r\n\r\n; a comment\n[other]\naws_access_key_id=AKIAOTHER   \naws_secret_access_key =  x # tail\n";

/// The credentials text without the `[admin-session]` section, from its header through the marker line that
/// ends it (everything else must never change).
fn without_section(s: &str) -> String {
    let Some(start) = s.find("[admin-session]\n") else { return s.to_owned() };
    let marker = s[start..].find("# written by tfsecrets session").map_or(s.len(), |i| start + i);
    let end = s[marker..].find('\n').map_or(s.len(), |i| marker + i + 1);
    format!("{}{}", &s[..start], &s[end..])
}

#[test]
#[ignore = "slow: reliability suite (SIGKILL loops), run by scripts/test"]
fn write_profile_survives_sigkill_at_random_moments() {
    let env = moto_or_skip!();
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", SESSION_DELAY_MS]);
    let w = session_world(&env.moto_url, &proxy);
    w.config(sess::ADMIN_CONFIG).credentials(OTHER_CREDENTIALS);
    let creds = w.home().join(".aws/credentials");
    let aws_dir = w.home().join(".aws");
    let args =
        ["--profile", "admin", "--mfa-token", "123456", "--fresh", "session", "--write-profile", "admin-session"];

    // The longest of three clean runs (they are short, so their spread matters).
    let mut clean = Duration::ZERO;
    for _ in 0..3 {
        let out = common::detached(w.std_cmd(&args), None);
        assert_eq!(out.code, Some(0), "clean --write-profile: {}", out.stderr);
        clean = clean.max(out.elapsed);
    }
    let first = std::fs::read_to_string(&creds).expect("credentials");
    assert!(first.starts_with(&format!("{OTHER_CREDENTIALS}\n[admin-session]\n")), "{first}");
    assert_eq!(without_section(&first), format!("{OTHER_CREDENTIALS}\n"));
    let clean_ms = clean.as_millis() as u64;
    eprintln!(
        "RELIABILITY kills write-profile: longest of 3 clean runs {clean_ms} ms (proxy delay {SESSION_DELAY_MS} ms)"
    );

    let mut rng = XorShift::new(3);
    let mut tally = Tally::default();
    let mut tmp_left = Vec::new();
    let mut survived = Vec::new();
    let mut sched = Schedule::default();
    while let Some((i, aimed)) = sched.next() {
        let before = std::fs::read(&creds).expect("credentials");
        let delay = Duration::from_millis(rng.below(clean_ms * 90 / 100));
        let extra = Duration::from_micros(rng.below(3000));
        let run = if aimed { format!("aimed run {i}") } else { format!("run {i} (kill at {delay:?})") };
        let cmd = w.std_cmd(&args);
        let outcome = if aimed { kill_on_tmp(cmd, &aws_dir, extra) } else { kill_after(cmd, delay) };
        sched.record(aimed, &outcome);

        let now = std::fs::read(&creds).unwrap_or_else(|e| panic!("{run}: the credentials file is gone: {e}"));
        let state = if now == before {
            "old"
        } else {
            let s = String::from_utf8(now.clone()).unwrap_or_else(|_| panic!("{run}: credentials not UTF-8"));
            assert_eq!(without_section(&s), format!("{OTHER_CREDENTIALS}\n"), "{run}: other sections changed:\n{s}");
            // The new section is complete and holds the session the cache now has.
            let cached: serde_json::Value =
                serde_json::from_slice(&std::fs::read(w.entry(ADMIN_KEY)).expect("cache")).expect("cache JSON");
            let c = &cached["Credentials"];
            let want_head = format!(
                "[admin-session]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n# written by tfsecrets session from profile admin; expires ",
                c["AccessKeyId"].as_str().unwrap_or("?"),
                c["SecretAccessKey"].as_str().unwrap_or("?"),
                c["SessionToken"].as_str().unwrap_or("?")
            );
            assert!(
                s[s.find("[admin-session]").unwrap_or(0)..].starts_with(&want_head),
                "{run}: section incomplete:\n{s}"
            );
            assert!(s.ends_with('\n'), "{run}: truncated:\n{s}");
            "new"
        };
        assert_eq!(common::mode(&creds), 0o600, "{run}: credentials mode");
        let stray = strays(&aws_dir, &["cli", "config", "credentials"], &run);
        for p in &stray {
            let bytes = std::fs::read(p).unwrap_or_default();
            let holds_keys = text(&bytes).contains("base-secret-example");
            tmp_left.push(format!(
                "{run}: {} ({} bytes{})",
                p.file_name().unwrap_or_default().to_string_lossy(),
                bytes.len(),
                if holds_keys { ", holds the long-term [base] secret key" } else { "" }
            ));
        }
        let cache_strays = strays(&w.cache_dir(), &[&format!("{ADMIN_KEY}.json")], &run);
        for p in &cache_strays {
            tmp_left.push(format!("{run}: cli/cache/{}", p.file_name().unwrap_or_default().to_string_lossy()));
        }

        // The next run works, keeps every other byte, and must not leave the kill's temp files behind.
        let out = common::detached(w.std_cmd(&args), None);
        assert_eq!(out.code, Some(0), "{run}: the next --write-profile failed: {}", out.stderr);
        let s = std::fs::read_to_string(&creds).expect("credentials");
        assert_eq!(without_section(&s), format!("{OTHER_CREDENTIALS}\n"), "{run}: after the next run:\n{s}");
        for p in strays(&aws_dir, &["cli", "config", "credentials"], &run).into_iter().chain(strays(
            &w.cache_dir(),
            &[&format!("{ADMIN_KEY}.json")],
            &run,
        )) {
            survived.push(format!("{run}: {}", p.display()));
            std::fs::remove_file(&p).expect("remove stray");
        }

        let phase = match outcome {
            Kill::Finished(code) | Kill::Missed(code) => {
                assert_eq!((code, state), (Some(0), "new"), "{run}: a run that finished must have written the profile");
                "finished-before-kill".to_owned()
            }
            Kill::Killed { .. } => format!(
                "killed: credentials={state}{}",
                if stray.is_empty() && cache_strays.is_empty() { "" } else { "+tmp" }
            ),
        };
        tally.add(format!("{}{phase}", if aimed { "aimed/" } else { "" }));
    }
    eprintln!(
        "RELIABILITY kills write-profile: {}; {}; temp files left by a kill: {}, still there after the next run: {}",
        sched.show(),
        tally.show(),
        tmp_left.len(),
        survived.len()
    );
    for t in &tmp_left {
        eprintln!("RELIABILITY kills write-profile: temp file after {t}");
    }
    sched.assert_enough(&tally);
    assert!(
        survived.is_empty(),
        "{} kill(s) left a temp file (a copy of the whole credentials file, long-term keys included, or of the cache \
         entry) that the next run did not remove: {survived:?}",
        survived.len()
    );
}
