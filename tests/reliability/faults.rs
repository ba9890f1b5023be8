//! Reliability under faults on the wire (issue 6, "Faults on the wire"): a 200-variable `import` and an `exec`
//! of a 200-secret service, each through tests/fixtures/fault_proxy.py with 30 % of requests faulted (seeded),
//! once per fault kind (throttle, 500, 503, reset, slow) and then mixed. Every value must end up right, the file
//! must be scrubbed byte for byte as a fault-free run scrubs it, the exit code must be 0, and the number of
//! requests must stay within the bound of [`request_bound`]. Then over budget (`--retries 2`, 90 % faults): a
//! clear error naming the keys already written, exit 75 (temporary: re-running converges; 69 or 75 when it stopped
//! before the first write), the file byte-identical, no temp file, and a fault-free re-run converges.
//!
//! A last test garbles a response on the wire (a truncated GetParameters body) and checks that the error never
//! echoes a secret value.
//!
//! The observed figures are printed on stderr as `RELIABILITY ...` lines (run with `--nocapture` to see them)
//! for SECURITY.md. Every heavy moto-backed test here is `#[ignore]`d (slow): scripts/test runs them with
//! `cargo test -- --include-ignored`. They share a moto server of their own ([`moto`]), so the rest of the suite
//! adds no traffic to the figures; the request counts do not depend on what else runs at the time.
//!
//! # The request bound (quoted in SECURITY.md)
//!
//! With a fault rate `p` per request (each attempt, retries included, is faulted independently with probability
//! `p`), a command that makes `R` requests on a fault-free wire makes at most
//!
//! ```text
//! B(R, p) = ⌈ S · R / (1 − p) ⌉      with the safety factor S = 1.5
//! ```
//!
//! requests, retries included. `R` is measured, not assumed: each test first runs the same command through a
//! fault-free counting proxy. For the 200-variable import into an empty service `R = 223` (1
//! DescribeParameters listing + 1 GetParameters for the chamber store config + 1 kms:DescribeKey + 200
//! PutParameter + 20 GetParameters read-back, 10 names each), so `B = ⌈1.5 · 223 / 0.7⌉ = 478` at 30 %; for the
//! exec of 200 secrets `R = 41` (21 DescribeParameters pages, as moto pages by 10 and ends with an empty page,
//! + 20 GetParameters), so `B = 88`.
//!
//! Derivation: an injected fault (throttle, 500, 503, reset) costs exactly one more attempt of the same request
//! and nothing else, so one logical request takes a geometric number of attempts, mean
//! `(1 − p^k) / (1 − p) ≤ 1 / (1 − p)` for `k` max attempts (`--retries`, default 10). `R` independent requests
//! take `R / (1 − p)` attempts on average (318.6 for the import, 58.6 for the exec) with a standard deviation of
//! `√(R·p) / (1 − p)` (11.7 and 5.0). `S = 1.5` puts the bound more than 5 σ above the mean for every `R ≥ 40`
//! (13.6 σ for the import, 5.9 σ for the exec), so a run above it means tfsecrets made requests of its own
//! accord (re-listing, duplicate reads, a retry storm), not bad luck. A `slow` fault is not an error and
//! causes no retry: with kind `slow` the count must equal `R` exactly.

use crate::support::{self as common, listing, text};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The fault rate of the main suite.
const RATE: f64 = 0.3;
/// The safety factor `S` of [`request_bound`].
const SAFETY: f64 = 1.5;
/// Variables in the import file, secrets in the exec service.
const N: usize = 200;
/// The seed every faulting proxy of the main suite uses.
const SEED: &str = "7";
/// How long a `slow` fault stalls a request.
const SLOW_MS: &str = "100";
/// The file name every import test uses (its label appears in messages).
const FILE: &str = "big.tfvars";

/// `B(R, p) = ⌈S · R / (1 − p)⌉`: the most requests a command that makes `clean` requests on a fault-free wire
/// may make when a fraction `rate` of requests is faulted (see the module documentation for the derivation).
fn request_bound(clean: u64, rate: f64) -> u64 {
    (SAFETY * clean as f64 / (1.0 - rate)).ceil() as u64
}

#[test]
fn request_bound_matches_the_documented_figures() {
    assert_eq!(request_bound(223, 0.3), 478);
    assert_eq!(request_bound(41, 0.3), 88);
    assert_eq!(request_bound(100, 0.0), 150);
    // The bound sits at least 5 standard deviations above the expected count for every R >= 40 at p = 0.3.
    for r in [40u64, 41, 100, 223, 1000] {
        let mean = r as f64 / 0.7;
        let sd = (r as f64 * 0.3).sqrt() / 0.7;
        assert!((request_bound(r, 0.3) as f64 - mean) / sd >= 5.0, "R = {r}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/// The moto server of this suite (started on first use, stopped when the test binary exits).
fn moto() -> Option<&'static common::Moto> {
    static M: OnceLock<Option<common::Moto>> = OnceLock::new();
    M.get_or_init(common::Moto::dedicated).as_ref()
}

/// The 200-variable tfvars file (every value class of terraform-vars.md: strings with escapes and emoji,
/// numbers, lists/maps, heredocs) and the values SSM must hold afterwards.
fn two_hundred() -> (String, BTreeMap<String, String>) {
    let mut src = String::from("# 200 variables for the reliability suite\n\nregion_note = null # kept\n\n");
    let mut want = BTreeMap::new();
    for i in 0..N {
        let (text, stored) = match i % 4 {
            0 => (format!("\"value-{i}-😀 $${{x}} \\\"q\\\"\""), format!("value-{i}-😀 ${{x}} \"q\"")),
            1 => (format!("{i}.50"), format!("{i}.5")),
            2 => (format!("[\"a{i}\", {{ k = \"%%{{v}}\" }}]"), format!("[\"a{i}\",{{\"k\":\"%%{{v}}\"}}]")),
            _ => (format!("<<EOT\nmulti {i}\nline\nEOT"), format!("multi {i}\nline\n")),
        };
        src.push_str(&format!("var_{i:03} = {text}\n"));
        if i == 99 {
            src.push_str("\n# half way\n\n");
        }
        want.insert(format!("var_{i:03}"), stored);
    }
    src.push_str("left = null\n");
    (src, want)
}

/// Values that must never show up in tfsecrets' own output or in a stray file.
fn leaks<'a>(text: &str, want: &'a BTreeMap<String, String>) -> Vec<&'a str> {
    want.iter()
        .filter(|(k, _)| k.ends_with('0'))
        .map(|(_, v)| v.as_str())
        .filter(|v| v.len() > 6 && text.contains(*v))
        .collect()
}

/// An Env whose AWS traffic goes to `url` (a proxy) while boto3 checks still talk to moto directly.
fn env_via(moto_url: &str, url: &str) -> common::Env {
    common::Env::on(moto_url).via(url)
}

/// Runs tfsecrets (hermetic, as `Env::cmd`) in `dir`.
fn run(env: &common::Env, dir: &Path, args: &[&str]) -> (Output, Duration) {
    run_with(env, dir, args, &[])
}

/// [`run`] with extra environment variables.
fn run_with(env: &common::Env, dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> (Output, Duration) {
    let mut c = env.cmd();
    c.current_dir(dir).args(args).timeout(Duration::from_secs(170)).env("LC_ALL", "C").envs(vars.iter().copied());
    let start = Instant::now();
    let out = c.output().expect("run tfsecrets");
    (out, start.elapsed())
}

/// `{key: value}` of `/<svc>/*` per boto3 straight to moto.
fn ssm_values(moto_url: &str, svc: &str) -> BTreeMap<String, String> {
    let o = common::boto_raw(moto_url, &["values", svc]);
    if !o.status.success() {
        let err = text(&o.stderr);
        let last = err.lines().last().unwrap_or_default().to_owned();
        let state = moto().map_or("no moto".into(), common::Moto::state);
        panic!("moto_admin values {svc} against {moto_url} failed ({state}): {last}");
    }
    serde_json::from_slice(&o.stdout).expect("moto_admin prints JSON")
}

#[track_caller]
fn assert_file(p: &Path, want: &[u8], what: &str) {
    let got = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    if got != want {
        let at = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
        panic!(
            "{what}: {} differs from the expected bytes at offset {at} (got {} bytes, want {}):\n--- got ---\n{}\n--- want ---\n{}",
            p.display(),
            got.len(),
            want.len(),
            text(&got[at.saturating_sub(80)..(at + 200).min(got.len())]),
            text(&want[at.saturating_sub(80)..(at + 200).min(want.len())]),
        );
    }
}

/// The proxy's counts: (total, faults, by_target).
fn counts(proxy: &common::FaultProxy) -> (u64, u64, serde_json::Value) {
    let s = proxy.stats();
    (s["total"].as_u64().expect("total"), s["faults"].as_u64().expect("faults"), s["by_target"].clone())
}

/// The `  written: a, b` line of an "import stopped" error, as a sorted list (empty for "none").
fn written_line(stderr: &str) -> Option<Vec<String>> {
    let line = stderr.lines().find_map(|l| l.strip_prefix("  written: "))?;
    let mut v: Vec<String> = line.split(", ").filter(|s| *s != "none").map(str::to_owned).collect();
    v.sort();
    Some(v)
}

// ---------------------------------------------------------------------------------------------------------
// Fault-free baselines (one per test binary): request counts and the scrubbed bytes to compare against.

struct ImportBaseline {
    /// The service the clean import went to (appears in the scrubbed file's markers).
    svc: String,
    /// Requests of the clean run, and per API.
    total: u64,
    by_target: serde_json::Value,
    /// The file as the clean run scrubbed it.
    scrubbed: Vec<u8>,
    secs: f64,
}

impl ImportBaseline {
    /// What the file must look like after an import into `svc`: the clean run's bytes with its service name
    /// (which the markers quote) swapped for `svc`.
    fn scrubbed_for(&self, svc: &str) -> Vec<u8> {
        let s = String::from_utf8(self.scrubbed.clone()).expect("scrubbed file is UTF-8");
        s.replace(&format!("/{}/", self.svc), &format!("/{svc}/")).into_bytes()
    }
}

fn import_baseline(moto_url: &str) -> &'static ImportBaseline {
    static B: OnceLock<ImportBaseline> = OnceLock::new();
    B.get_or_init(|| {
        let env = common::Env::on(moto_url);
        let svc = env.service("-base");
        let dir = tempfile::tempdir().expect("tempdir");
        let (src, want) = two_hundred();
        let path = dir.path().join(FILE);
        std::fs::write(&path, &src).expect("write");
        let proxy = common::FaultProxy::start(moto_url, &[]);
        let (out, took) = run(&env_via(moto_url, &proxy.url), dir.path(), &["import", &svc, FILE]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "clean import failed (moto {moto_url}, proxy {}): {}",
            proxy.url,
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), format!("{N} new, 0 changed, 0 unchanged; {FILE} scrubbed\n"));
        let (total, faults, by_target) = counts(&proxy);
        assert_eq!(faults, 0);
        assert_eq!(ssm_values(moto_url, &svc), want, "clean import stored every value");
        let scrubbed = std::fs::read(&path).expect("read scrubbed");
        let s = text(&scrubbed);
        assert_eq!(s.matches(" (tfsecrets)\n").count(), N, "{s}");
        assert!(s.starts_with("# 200 variables for the reliability suite\n\nregion_note = null # kept\n\n"), "{s}");
        assert!(s.contains("\n# half way\n\n") && s.ends_with("left = null\n"), "{s}");
        assert!(leaks(&s, &want).is_empty() && !s.contains("multi "), "values left in the scrubbed file: {s}");
        assert_eq!(listing(dir.path()), [FILE]);
        eprintln!(
            "RELIABILITY baseline import: {N} new keys, {total} requests {by_target}, {:.2} s",
            took.as_secs_f64()
        );
        ImportBaseline { svc, total, by_target, scrubbed, secs: took.as_secs_f64() }
    })
}

struct ExecBaseline {
    svc: String,
    total: u64,
    by_target: serde_json::Value,
    /// `TF_VAR_key0000=value-0` ... sorted.
    lines: Vec<String>,
}

const EXEC_SCRIPT: &str = "env | grep ^TF_VAR_ | sort";

fn exec_baseline(moto_url: &str) -> &'static ExecBaseline {
    static B: OnceLock<ExecBaseline> = OnceLock::new();
    B.get_or_init(|| {
        let env = common::Env::on(moto_url);
        let svc = env.service("-exec200");
        assert_eq!(env.boto(&["bulk-put", &svc, &N.to_string()])["written"], N);
        let mut lines: Vec<String> = (0..N).map(|i| format!("TF_VAR_key{i:04}=value-{i}")).collect();
        lines.sort();
        let dir = tempfile::tempdir().expect("tempdir");
        let proxy = common::FaultProxy::start(moto_url, &[]);
        let (out, took) =
            run(&env_via(moto_url, &proxy.url), dir.path(), &["exec", &svc, "--", "sh", "-c", EXEC_SCRIPT]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "clean exec failed (moto {moto_url}, proxy {}): {}",
            proxy.url,
            text(&out.stderr)
        );
        let got: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
        assert_eq!(got, lines);
        let (total, _, by_target) = counts(&proxy);
        eprintln!("RELIABILITY baseline exec: {N} secrets, {total} requests {by_target}, {:.2} s", took.as_secs_f64());
        ExecBaseline { svc, total, by_target, lines }
    })
}

fn fault_args(kind: &str, rate: f64) -> Vec<String> {
    ["--rate", &rate.to_string(), "--kind", kind, "--seed", SEED, "--slow-ms", SLOW_MS]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Checks the request counts of a faulted run against the clean run and prints the figures.
fn check_counts(
    what: &str,
    kind: &str,
    clean: u64,
    clean_by_target: &serde_json::Value,
    proxy: &common::FaultProxy,
    secs: f64,
) {
    let (total, faults, by_target) = counts(proxy);
    let bound = request_bound(clean, RATE);
    let kinds = proxy.stats()["faults_by_kind"].clone();
    eprintln!(
        "RELIABILITY {what} kind={kind} rate={RATE} seed={SEED}: clean={clean} requests={total} faults={faults} \
         ({:.1} % of requests) bound={bound} ratio={:.3} time={secs:.2}s by_api={by_target} fault_kinds={kinds} clean_by_api={clean_by_target}",
        100.0 * faults as f64 / total as f64,
        total as f64 / clean as f64,
    );
    assert!(
        total <= bound,
        "{what} ({kind}): {total} requests is above the bound {bound} = ⌈{SAFETY}·{clean}/(1−{RATE})⌉"
    );
    assert!(total >= clean, "{what} ({kind}): fewer requests ({total}) than a clean run ({clean})");
    let share = faults as f64 / total as f64;
    assert!(
        faults >= 5 && (0.1..=0.5).contains(&share),
        "{what} ({kind}): the proxy faulted {faults} of {total}: not ~{RATE}"
    );
    if kind == "slow" {
        // Slow answers are not errors: nothing is retried, so the call plan is exactly the clean one.
        assert_eq!(total, clean, "{what}: slow responses caused retries: {by_target} vs clean {clean_by_target}");
        assert_eq!(&by_target, clean_by_target);
    } else {
        // Every extra request is the retry of a faulted one.
        assert!(
            total <= clean + faults,
            "{what} ({kind}): {total} requests > clean {clean} + {faults} faults: {by_target}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// (a) 200-variable import under 30 % faults

fn import_under(kind: &str) {
    let Some(moto) = moto() else { return };
    let base = import_baseline(&moto.url);
    let env = common::Env::on(&moto.url);
    let svc = env.service(&format!("-imp-{kind}"));
    let dir = tempfile::tempdir().expect("tempdir");
    let (src, want) = two_hundred();
    let path = dir.path().join(FILE);
    std::fs::write(&path, &src).expect("write");
    let proxy =
        common::FaultProxy::start(&moto.url, &fault_args(kind, RATE).iter().map(String::as_str).collect::<Vec<_>>());
    let (out, took) = run(&env_via(&moto.url, &proxy.url), dir.path(), &["import", &svc, FILE]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "import under {kind} faults failed: {stderr}\nproxy: {}", proxy.stats());
    assert_eq!(stdout, format!("{N} new, 0 changed, 0 unchanged; {FILE} scrubbed\n"));
    assert!(leaks(&stderr, &want).is_empty(), "values on stderr: {stderr}");
    let stored = ssm_values(&moto.url, &svc);
    let wrong: Vec<&String> = want.keys().filter(|k| stored.get(*k) != want.get(*k)).collect();
    assert!(wrong.is_empty() && stored.len() == N, "{} wrong or missing values under {kind}: {wrong:?}", wrong.len());
    assert_file(&path, &base.scrubbed_for(&svc), &format!("scrubbed under {kind} faults"));
    assert_eq!(listing(dir.path()), [FILE], "no temp file left");
    check_counts("import", kind, base.total, &base.by_target, &proxy, took.as_secs_f64());
    assert!(proxy.count("PutParameter") >= N as u64);
    eprintln!("RELIABILITY import kind={kind}: clean run took {:.2}s", base.secs);
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_throttling() {
    import_under("throttle");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_500() {
    import_under("500");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_503() {
    import_under("503");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_resets() {
    import_under("reset");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_slow() {
    import_under("slow");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn import_200_with_30pct_mixed() {
    import_under("mixed");
}

// ---------------------------------------------------------------------------------------------------------
// (b) exec of a 200-secret service under 30 % faults

fn exec_under(kind: &str) {
    let Some(moto) = moto() else { return };
    let base = exec_baseline(&moto.url);
    let dir = tempfile::tempdir().expect("tempdir");
    let proxy =
        common::FaultProxy::start(&moto.url, &fault_args(kind, RATE).iter().map(String::as_str).collect::<Vec<_>>());
    let env = env_via(&moto.url, &proxy.url);
    let (out, took) = run(&env, dir.path(), &["exec", &base.svc, "--", "sh", "-c", EXEC_SCRIPT]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "exec under {kind} faults failed: {stderr}\nproxy: {}", proxy.stats());
    let got: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    let missing: Vec<&String> = base.lines.iter().filter(|l| !got.contains(l)).collect();
    assert!(missing.is_empty(), "under {kind}: {} of {N} variables missing or wrong: {missing:?}", missing.len());
    assert_eq!(got, base.lines, "under {kind}: exactly the 200 variables, nothing else");
    assert!(!stderr.contains("value-1"), "values on stderr: {stderr}");
    let by_path = proxy.count("GetParametersByPath");
    if by_path == 0 {
        return check_counts("exec", kind, base.total, &base.by_target, &proxy, took.as_secs_f64());
    }
    // A listing page was throttled at its first attempt: the values came from GetParametersByPath pages
    // (docs/chamber-compat.md §4), 10 a page on moto, each page retried only when it was faulted itself. The
    // whole run stays under the bound of the listing plan.
    let (total, faults, by_target) = counts(&proxy);
    eprintln!(
        "RELIABILITY exec kind={kind} rate={RATE} seed={SEED}: by path, requests={total} faults={faults} by_api={by_target}"
    );
    let pages = (N / 10) as u64;
    assert!((pages..=pages + faults).contains(&by_path), "under {kind}: {by_path} pages by path: {by_target}");
    let bound = request_bound(base.total, RATE);
    assert!(total <= bound, "under {kind}: {total} requests is above the bound {bound}: {by_target}");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_throttling() {
    exec_under("throttle");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_500() {
    exec_under("500");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_503() {
    exec_under("503");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_resets() {
    exec_under("reset");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_slow() {
    exec_under("slow");
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn exec_200_with_30pct_mixed() {
    exec_under("mixed");
}

// ---------------------------------------------------------------------------------------------------------
// Over budget: --retries 2 with 90 % faults

/// A failed import over budget: exit 75 (temporary: re-running converges), every key SSM now holds named in the error, the file byte-identical,
/// no temp file; then a fault-free re-run converges. Returns how many keys the failed run had written.
fn over_budget(tag: &str, proxy_args: &[&str], expect: impl Fn(&str, &BTreeMap<String, String>, &str)) -> usize {
    let Some(moto) = moto() else { return 0 };
    let base = import_baseline(&moto.url);
    let env = common::Env::on(&moto.url);
    let svc = env.service(&format!("-over-{tag}"));
    let dir = tempfile::tempdir().expect("tempdir");
    let (src, want) = two_hundred();
    let path = dir.path().join(FILE);
    std::fs::write(&path, &src).expect("write");
    let proxy = common::FaultProxy::start(&moto.url, proxy_args);
    // The proxy throttles 90 % of requests whatever their rate: pacing (for AWS's token buckets) would spread the
    // failing run over many minutes (docs/sessions.md §7).
    let failing = env_via(&moto.url, &proxy.url);
    let (out, took) =
        run_with(&failing, dir.path(), &["import", &svc, FILE, "--retries", "2"], &[("TFSECRETS_PACING", "off")]);
    let stderr = text(&out.stderr);
    assert!(out.stdout.is_empty(), "no summary on failure: {}", text(&out.stdout));
    assert!(stderr.contains("tfsecrets: error: "), "{stderr}");
    assert!(leaks(&stderr, &want).is_empty(), "values on stderr: {stderr}");
    assert_file(&path, src.as_bytes(), &format!("over budget ({tag}): the file must be untouched"));
    assert_eq!(listing(dir.path()), [FILE], "over budget ({tag}): no temp file left");
    let stored = ssm_values(&moto.url, &svc);
    // Stopped half-way: 75 (re-running converges). Stopped before the first write: the cause's own code, 75 when
    // throttled, 69 when AWS kept failing.
    let codes: &[i32] = if stored.is_empty() { &[69, 75] } else { &[75] };
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "over budget ({tag}) must fail with exit {codes:?}, not {:?}: {stderr}\nstdout: {}",
        out.status.code(),
        text(&out.stdout)
    );
    for (k, v) in &stored {
        assert_eq!(Some(v), want.get(k), "{k}: a stored value is wrong");
    }
    // Every key SSM holds now must be named in the error itself (not just in the plan or progress lines).
    let error = &stderr[stderr.find("tfsecrets: error: ").unwrap_or(0)..];
    let unnamed: Vec<String> = stored
        .keys()
        .map(|k| format!("/{svc}/{k}"))
        .filter(|n| !error.contains(&format!("{n},")) && !error.contains(&format!("{n}\n")))
        .collect();
    assert!(
        unnamed.is_empty(),
        "over budget ({tag}): {} of the {} keys SSM now holds are not named in the error: {:?}\nerror: {error}",
        unnamed.len(),
        stored.len(),
        &unnamed[..unnamed.len().min(5)]
    );
    expect(error, &stored, &svc);
    let (total, faults, by_target) = counts(&proxy);
    eprintln!(
        "RELIABILITY over-budget {tag} (--retries 2, {proxy_args:?}): exit {:?} after {:.2}s, {} of {N} keys written before the stop, \
         requests={total} faults={faults} by_api={by_target}",
        out.status.code(),
        took.as_secs_f64(),
        stored.len()
    );
    // --retries 2: no request is attempted more than twice.
    let puts = proxy.count("PutParameter");
    assert!(puts <= 2 * N as u64, "{puts} PutParameter attempts for {N} keys with --retries 2");

    // A fault-free re-run converges: writes only what is missing, scrubs exactly as a clean run.
    let (out, _) = run(&env, dir.path(), &["import", &svc, FILE]);
    assert_eq!(out.status.code(), Some(0), "re-run after over budget ({tag}): {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{} new, 0 changed, {} unchanged; {FILE} scrubbed\n", N - stored.len(), stored.len()),
        "the re-run skips what the failed run stored"
    );
    assert_eq!(ssm_values(&moto.url, &svc), want, "after the re-run every value is right");
    assert_file(&path, &base.scrubbed_for(&svc), &format!("re-run after over budget ({tag})"));
    assert_eq!(listing(dir.path()), [FILE]);
    stored.len()
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn over_budget_writes_name_the_written_keys_and_rerun_converges() {
    let proxy = ["--rate", "0.9", "--kind", "throttle", "--seed", SEED, "--target", "PutParameter"];
    over_budget("puts", &proxy, |stderr, stored, svc| {
        let line = stderr
            .lines()
            .find(|l| l.contains("import stopped: "))
            .unwrap_or_else(|| panic!("no 'import stopped' line: {stderr}"));
        assert!(line.contains(&format!(" of {N} writes failed (")) && line.contains("ThrottlingException"), "{line}");
        let named = written_line(stderr).unwrap_or_else(|| panic!("no written: line: {stderr}"));
        let held: Vec<String> = stored.keys().map(|k| format!("/{svc}/{k}")).collect();
        assert_eq!(named, held, "the written: line names exactly what SSM holds");
        let not_written =
            stderr.lines().find_map(|l| l.strip_prefix("  not written: ")).unwrap_or_else(|| panic!("{stderr}"));
        assert_eq!(not_written.split(", ").count() + held.len(), N, "{not_written}");
        assert!(stderr.contains(&format!("\n  {FILE} was not changed\n")), "{stderr}");
        assert!(stderr.contains("hint: re-run the same command"), "{stderr}");
        assert!(
            !held.is_empty() && held.len() < N,
            "90 % faults with 2 attempts: some but not all writes succeed ({})",
            held.len()
        );
    });
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn over_budget_read_back_names_the_written_keys_and_rerun_converges() {
    // The first 21 GetParameters (the plan's 20 reads by name and the store-config read, before any write) are
    // never faulted, so the import reaches its writes; the 20 read-back calls then fail at 90 % with 2 attempts.
    let proxy = ["--rate", "0.9", "--kind", "throttle", "--seed", "2", "--target", "GetParameters", "--skip", "21"];
    let written = over_budget("readback", &proxy, |stderr, stored, _| {
        assert_eq!(stored.len(), N, "precondition: the failure hit the read-back after all writes: {stderr}");
        assert!(
            stderr.contains(&format!("{FILE} was not changed")),
            "the error says the file was left alone: {stderr}"
        );
    });
    assert!(written == N || moto().is_none());
}

#[test]
#[ignore = "slow: reliability suite, run by scripts/test"]
fn over_budget_everywhere_fails_cleanly_and_rerun_converges() {
    // 90 % of every request faulted, all kinds mixed: wherever the import stops (the plan's reads, the listing,
    // the KMS check, a write, the read-back), it exits 69 or 75, leaves the file alone and names whatever it
    // wrote. Seed 7 stops it in the plan; with seeds 3 and 11 the first 23 requests (the plan's 20 reads, the
    // listing, the store-config read and the KMS check) are spared, so it stops among the writes.
    let mut stops = Vec::new();
    for (seed, skip) in [("7", "0"), ("3", "23"), ("11", "23")] {
        let proxy = ["--rate", "0.9", "--kind", "mixed", "--seed", seed, "--slow-ms", "50", "--skip", skip];
        let n = over_budget(&format!("mixed-seed{seed}"), &proxy, |error, stored, _| {
            assert!(error.contains(" failed"), "the error names the failed call: {error}");
            if !stored.is_empty() {
                assert!(error.contains("was not changed"), "the error says the file was left alone: {error}");
            }
        });
        stops.push(n);
    }
    if moto().is_some() {
        assert_eq!(stops[0], 0, "seed 7 stops before any write");
        assert!(stops[1..].iter().any(|n| *n > 0), "seeds 3 and 11 reach the writes: {stops:?}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// A garbled response: the body of GetParameters cut short (after a secret value) on its way back

/// A loopback proxy in front of moto that forwards every request and, for GetParameters, cuts the response body
/// right after `cut_after` (adjusting Content-Length), as a broken middlebox or a cut connection would.
fn garbling_proxy(upstream: &str, cut_after: &'static str) -> common::Intercept {
    common::Intercept::start(upstream, move |req| {
        if req.action().as_deref() != Some("GetParameters") {
            return common::Reply::Forward;
        }
        common::Reply::Rewrite(Box::new(move |body: Vec<u8>| {
            match body.windows(cut_after.len()).position(|w| w == cut_after.as_bytes()) {
                Some(p) => body[..p + cut_after.len() + 1].to_vec(),
                None => body,
            }
        }))
    })
}

#[test]
fn garbled_get_parameters_response_never_echoes_the_secret() {
    const CANARY: &str = "GARBLE-CANARY-7c1e";
    let Some(moto) = moto() else { return };
    let env = common::Env::on(&moto.url);
    let svc = env.service("-garble");
    env.boto(&["put-raw", &format!("/{svc}/db_password"), CANARY, "1"]);
    let proxy = garbling_proxy(&moto.url, CANARY);
    let penv = env.via(&proxy.url);
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        vec!["--retries", "1", "read", svc.as_str(), "db_password"],
        vec!["--retries", "1", "exec", svc.as_str(), "--", "true"],
        vec!["--retries", "1", "export", svc.as_str()],
    ] {
        let (out, _) = run(&penv, dir.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(69), "{args:?} on a truncated response: {stderr}");
        assert!(stderr.contains("GetParameters failed"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains(CANARY) && !text(&out.stdout).contains(CANARY),
            "{args:?}: the error dumps the raw response body, secret value included:\n{stderr}"
        );
    }
}
