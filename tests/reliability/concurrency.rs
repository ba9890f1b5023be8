//! Concurrency (issue 6): two imports into the same service at once, the same file imported twice at once, and
//! exec runs during an import. No crash, no corrupted file (each file is byte-identical to the original or to
//! the correctly scrubbed result, no temp file left), last writer wins per key (the final value is one of the
//! two and equals the value of the last history entry), nothing lost (every key of both files is stored), and
//! an exec sees, per key, the old or the new value, never anything else.
//!
//! chamber's version counter (the parameter Description) is computed from the listing each import made before
//! writing, so two imports that planned before either wrote both store the same counter: it may repeat. SSM's
//! own version never does. The tests assert counters ≥ 1 and print what they saw.

use crate::support::{self as common, listing, text};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// tfsecrets on an empty environment plus the hermetic one of `env` (HOME), endpoint `url`, cwd `dir`.
fn cmd(env: &common::Env, url: &str, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(common::bin());
    common::hermetic_clear(&mut c, url, env.home.path());
    c.current_dir(dir).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn spawn(env: &common::Env, url: &str, dir: &Path, args: &[&str]) -> Child {
    cmd(env, url, dir, args).spawn().expect("spawn tfsecrets")
}

/// A tfvars file: a header comment, `name = "value"` per pair, and a `keep = null` line that stays.
fn tfvars(pairs: &[(String, String)]) -> String {
    let mut s = String::from("# concurrency fixture\n\n");
    for (k, v) in pairs {
        s.push_str(&format!("{k} = \"{v}\"\n"));
    }
    s.push_str("keep = null\n");
    s
}

/// What tfsecrets leaves after scrubbing every pair of `tfvars(pairs)` into `svc` (docs/terraform-vars.md §4).
fn scrubbed(svc: &str, pairs: &[(String, String)]) -> String {
    let mut s = String::from("# concurrency fixture\n\n");
    for (k, _) in pairs {
        s.push_str(&format!("# {k}: stored in SSM at /{svc}/{k} (tfsecrets)\n"));
    }
    s.push_str("keep = null\n");
    s
}

fn pairs(keys: std::ops::Range<usize>, tag: &str) -> Vec<(String, String)> {
    keys.map(|i| (format!("k{i:02}"), format!("{tag}-k{i:02}-value"))).collect()
}

/// Every value under /<svc>, through tfsecrets `export` (JSON, one object).
fn export(env: &common::Env, dir: &Path, svc: &str) -> BTreeMap<String, String> {
    let out = cmd(env, &env.url, dir, &["export", svc]).output().unwrap();
    assert!(out.status.success(), "export: {}", text(&out.stderr));
    let v: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).expect("export JSON");
    v
}

/// One entry of SSM's parameter history.
#[derive(Debug)]
struct Entry {
    /// chamber's counter (the Description).
    counter: i64,
    /// SSM's own version.
    ssm: i64,
    value: String,
}

/// SSM's history of every parameter under /<svc>, oldest first, read with boto3 straight from moto.
fn ssm_history(env: &common::Env, svc: &str) -> BTreeMap<String, Vec<Entry>> {
    const PY: &str = "import boto3, json, sys\n\
        url, svc = sys.argv[1], sys.argv[2]\n\
        ssm = boto3.client('ssm', region_name='us-east-1', endpoint_url=url, aws_access_key_id='testing', aws_secret_access_key='testing')\n\
        out = {}\n\
        for page in ssm.get_paginator('describe_parameters').paginate(ParameterFilters=[{'Key': 'Path', 'Option': 'OneLevel', 'Values': ['/' + svc]}]):\n\
        \x20   for p in page['Parameters']:\n\
        \x20       h = []\n\
        \x20       for hp in ssm.get_paginator('get_parameter_history').paginate(Name=p['Name'], WithDecryption=True):\n\
        \x20           h += [[int(e.get('Description') or 0), e['Version'], e['Value']] for e in hp['Parameters']]\n\
        \x20       out[p['Name'].rsplit('/', 1)[1]] = h\n\
        print(json.dumps(out))\n";
    let o = Command::new(common::venv_bin().join("python")).args(["-c", PY, &env.moto_url, svc]).output().unwrap();
    assert!(o.status.success(), "history dump: {}", text(&o.stderr));
    let v: BTreeMap<String, Vec<(i64, i64, String)>> = serde_json::from_slice(&o.stdout).unwrap();
    v.into_iter()
        .map(|(k, h)| (k, h.into_iter().map(|(counter, ssm, value)| Entry { counter, ssm, value }).collect()))
        .collect()
}

/// `read -q [--version N]` of a key.
fn read(env: &common::Env, dir: &Path, svc: &str, key: &str, version: Option<i64>) -> String {
    let mut args = vec!["read".to_owned(), "-q".to_owned(), svc.to_owned(), key.to_owned()];
    if let Some(v) = version {
        args.extend(["--version".to_owned(), v.to_string()]);
    }
    let out = cmd(env, &env.url, dir, &args.iter().map(String::as_str).collect::<Vec<_>>()).output().unwrap();
    assert!(out.status.success(), "read: {}", text(&out.stderr));
    text(&out.stdout).trim_end_matches('\n').to_owned()
}

/// An import's result: success, or a refusal that leaves the file untouched by design.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok,
    /// Another writer changed a key between this import's write and its read-back.
    ReadBackRaced,
    /// The file changed (scrubbed by the other import) between parse and scrub.
    FileChanged,
}

#[track_caller]
fn outcome(o: &Output, label: &str) -> Outcome {
    let err = text(&o.stderr);
    if o.status.success() {
        return Outcome::Ok;
    }
    assert!(o.status.code().is_some(), "{label} crashed (signal): {:?} {err}", o.status);
    if err.contains("read-back check failed") {
        Outcome::ReadBackRaced
    } else if err.contains("changed while importing") {
        Outcome::FileChanged
    } else {
        panic!("{label} failed unexpectedly ({:?}): {err}", o.status.code());
    }
}

/// The file is byte-identical to the original or to the scrubbed result; says which.
#[track_caller]
fn file_state(path: &Path, original: &str, scrubbed: &str) -> &'static str {
    let now = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if now == original {
        "original"
    } else if now == scrubbed {
        "scrubbed"
    } else {
        panic!("{} is corrupted:\n{now}", path.display());
    }
}

#[test]
fn two_imports_into_one_service_last_writer_wins_nothing_lost() {
    let Some(env) = common::Env::new() else { return };
    // A small delay per request so the two imports' plans, writes and read-backs interleave.
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "15"]);
    let mut repeated_counters = 0;
    let mut read_picks: BTreeMap<&str, usize> = BTreeMap::new();
    let mut overlapping_total = 0;
    let mut outcomes = Vec::new();
    for round in 0..3 {
        let svc = env.service(&format!("two{round}"));
        let dir = tempfile::tempdir().unwrap();
        let a = pairs(0..30, "A");
        let mut b = pairs(15..45, "B");
        if round > 0 {
            // B's file lists its keys backwards: both imports then reach the overlap late, and interleave there.
            b.reverse();
        }
        let (a_text, b_text) = (tfvars(&a), tfvars(&b));
        std::fs::write(dir.path().join("a.tfvars"), &a_text).unwrap();
        std::fs::write(dir.path().join("b.tfvars"), &b_text).unwrap();
        // Alternate which one starts first.
        let (pa, pb) = if round % 2 == 0 {
            let pa = spawn(&env, &proxy.url, dir.path(), &["import", &svc, "a.tfvars"]);
            (pa, spawn(&env, &proxy.url, dir.path(), &["import", &svc, "b.tfvars"]))
        } else {
            let pb = spawn(&env, &proxy.url, dir.path(), &["import", &svc, "b.tfvars"]);
            (spawn(&env, &proxy.url, dir.path(), &["import", &svc, "a.tfvars"]), pb)
        };
        let (oa, ob) = (pa.wait_with_output().unwrap(), pb.wait_with_output().unwrap());
        let (ra, rb) = (outcome(&oa, "import a"), outcome(&ob, "import b"));
        assert_ne!(ra, Outcome::FileChanged, "a.tfvars is only this import's");
        assert_ne!(rb, Outcome::FileChanged, "b.tfvars is only this import's");

        // Files: scrubbed exactly when the import succeeded, original otherwise; no temp file left.
        let sa = file_state(&dir.path().join("a.tfvars"), &a_text, &scrubbed(&svc, &a));
        let sb = file_state(&dir.path().join("b.tfvars"), &b_text, &scrubbed(&svc, &b));
        assert_eq!(sa == "scrubbed", ra == Outcome::Ok, "a.tfvars {sa} after {ra:?}: {}", text(&oa.stderr));
        assert_eq!(sb == "scrubbed", rb == Outcome::Ok, "b.tfvars {sb} after {rb:?}: {}", text(&ob.stderr));
        assert_eq!(listing(dir.path()), ["a.tfvars", "b.tfvars"], "no temp file left");

        // Nothing lost; each key holds one of the values written to it; the latest value is the last history entry's.
        let stored = export(&env, dir.path(), &svc);
        let a_map: BTreeMap<_, _> = a.iter().cloned().collect();
        let b_map: BTreeMap<_, _> = b.iter().cloned().collect();
        let mut keys: Vec<&String> = a_map.keys().chain(b_map.keys()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(stored.keys().collect::<Vec<_>>(), keys, "every key of both files is stored, nothing else");
        let mut overlap_winners = BTreeMap::new();
        let history = ssm_history(&env, &svc);
        for k in &keys {
            let got = &stored[*k];
            let candidates: Vec<&String> = [a_map.get(*k), b_map.get(*k)].into_iter().flatten().collect();
            assert!(candidates.contains(&got), "{k} = {got:?}, not one of {candidates:?}");
            let h = &history[*k];
            assert_eq!(h.len(), candidates.len(), "{k}: one SSM version per write: {h:?}");
            for w in h.windows(2) {
                assert!(w[1].ssm > w[0].ssm, "{k}: SSM versions increase: {h:?}");
            }
            assert!(h.iter().all(|e| e.counter >= 1), "{k}: chamber counter ≥ 1: {h:?}");
            let mut written: Vec<&String> = h.iter().map(|e| &e.value).collect();
            written.sort();
            let mut want = candidates.clone();
            want.sort();
            assert_eq!(written, want, "{k}: the history holds every value written, once");
            assert_eq!(
                &h.last().unwrap().value,
                got,
                "{k}: last writer wins: the latest value is the last history entry's"
            );
            if candidates.len() == 2 {
                overlapping_total += 1;
                if h[0].counter == h[1].counter {
                    repeated_counters += 1;
                    // What `read --version N` picks when N is on two entries (chamber takes the first it meets).
                    let picked = read(&env, dir.path(), &svc, k, Some(h[0].counter));
                    let which = if &picked == got {
                        "newest"
                    } else if picked == h[0].value {
                        "oldest"
                    } else {
                        "neither"
                    };
                    *read_picks.entry(which).or_insert(0) += 1;
                }
                *overlap_winners.entry(if got.starts_with("A-") { "A" } else { "B" }).or_insert(0) += 1;
            }
        }
        // Re-running a refused import converges: it stores its values and scrubs its file.
        for (name, text_, list, r) in [("a.tfvars", &a_text, &a, &ra), ("b.tfvars", &b_text, &b, &rb)] {
            if *r != Outcome::Ok {
                let o = cmd(&env, &env.url, dir.path(), &["import", &svc, name]).output().unwrap();
                assert!(o.status.success(), "re-run of {name}: {}", String::from_utf8_lossy(&o.stderr));
                assert_eq!(file_state(&dir.path().join(name), text_, &scrubbed(&svc, list)), "scrubbed");
                let stored = export(&env, dir.path(), &svc);
                assert!(list.iter().all(|(k, v)| &stored[k] == v), "re-run of {name}: its values are stored");
            }
        }
        outcomes.push(format!("round {round}: a {ra:?}, b {rb:?}, overlapping keys won {overlap_winners:?}"));
    }
    println!("concurrency: two imports x3: {}", outcomes.join("; "));
    println!(
        "concurrency: chamber's version counter repeated on {repeated_counters} of {overlapping_total} keys written by both imports \
         (SSM's own version: always distinct); `read --version <repeated counter>` returned the {read_picks:?} entry"
    );
}

#[test]
fn the_same_file_imported_twice_at_once() {
    let Some(env) = common::Env::new() else { return };
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "10"]);
    let mut seen = Vec::new();
    for round in 0..3 {
        let svc = env.service(&format!("same{round}"));
        let dir = tempfile::tempdir().unwrap();
        let p = pairs(0..20, "S");
        let original = tfvars(&p);
        let path = dir.path().join("s.tfvars");
        std::fs::write(&path, &original).unwrap();
        let c1 = spawn(&env, &proxy.url, dir.path(), &["import", &svc, "s.tfvars"]);
        let c2 = spawn(&env, &proxy.url, dir.path(), &["import", &svc, "s.tfvars"]);
        let (o1, o2) = (c1.wait_with_output().unwrap(), c2.wait_with_output().unwrap());
        let (r1, r2) = (outcome(&o1, "import 1"), outcome(&o2, "import 2"));
        // Same values from both: no read-back can disagree.
        assert_ne!(r1, Outcome::ReadBackRaced);
        assert_ne!(r2, Outcome::ReadBackRaced);
        assert!(r1 == Outcome::Ok || r2 == Outcome::Ok, "one of them scrubs: {r1:?} {r2:?}");
        assert_eq!(file_state(&path, &original, &scrubbed(&svc, &p)), "scrubbed");
        assert_eq!(listing(dir.path()), ["s.tfvars"], "no temp file left");
        let stored = export(&env, dir.path(), &svc);
        assert_eq!(stored, p.iter().cloned().collect::<BTreeMap<_, _>>());
        seen.push(format!("{r1:?}/{r2:?}"));
    }
    println!("concurrency: the same file imported twice at once, outcomes per round: {}", seen.join(", "));
}

fn parse_env0(b: &[u8]) -> BTreeMap<String, String> {
    b.split(|c| *c == 0)
        .filter(|e| !e.is_empty())
        .filter_map(|e| {
            let s = String::from_utf8_lossy(e);
            let (k, v) = s.split_once('=')?;
            Some((k.to_owned(), v.to_owned()))
        })
        .collect()
}

#[test]
fn exec_during_an_import_sees_old_or_new_per_key() {
    let Some(env) = common::Env::new() else { return };
    let svc = env.service("execimp");
    let dir = tempfile::tempdir().unwrap();
    let old = pairs(0..40, "old");
    let new = pairs(0..40, "new");
    // Seed the old values (one import, not timed).
    std::fs::write(dir.path().join("old.tfvars"), tfvars(&old)).unwrap();
    let o = cmd(&env, &env.url, dir.path(), &["import", &svc, "old.tfvars", "--keep"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));

    // The import crawls (40 ms per request, 2 writes in flight); execs talk to moto directly meanwhile.
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "40"]);
    let new_text = tfvars(&new);
    std::fs::write(dir.path().join("new.tfvars"), &new_text).unwrap();
    let mut import = spawn(&env, &proxy.url, dir.path(), &["import", &svc, "new.tfvars", "--concurrency", "2"]);
    let start = Instant::now();
    let (mut runs, mut mixed, mut all_old, mut all_new) = (0, 0, 0, 0);
    let status = loop {
        let o = cmd(&env, &env.url, dir.path(), &["exec", &svc, "--", "env", "-0"]).output().unwrap();
        assert!(o.status.success(), "exec during the import: {}", text(&o.stderr));
        let vars = parse_env0(&o.stdout);
        let mut n_new = 0;
        for ((k, ov), (_, nv)) in old.iter().zip(&new) {
            let got = vars.get(&format!("TF_VAR_{k}")).unwrap_or_else(|| panic!("TF_VAR_{k} missing"));
            assert!(got == ov || got == nv, "{k} = {got:?}: neither old nor new");
            n_new += usize::from(got == nv);
        }
        runs += 1;
        match n_new {
            0 => all_old += 1,
            n if n == new.len() => all_new += 1,
            _ => mixed += 1,
        }
        if let Some(st) = import.try_wait().unwrap() {
            break st;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the import takes too long");
    };
    let mut err = String::new();
    std::io::Read::read_to_string(import.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(status.success(), "import: {err}");
    assert_eq!(file_state(&dir.path().join("new.tfvars"), &new_text, &scrubbed(&svc, &new)), "scrubbed");
    assert_eq!(listing(dir.path()), ["new.tfvars", "old.tfvars"], "no temp file left");
    assert_eq!(export(&env, dir.path(), &svc), new.iter().cloned().collect::<BTreeMap<_, _>>());
    assert!(runs >= 3, "only {runs} exec runs during the import");
    assert!(mixed + all_old > 0, "no exec ran before the import finished writing ({runs} runs)");
    println!(
        "concurrency: {runs} exec runs during one import: {all_old} saw only old values, {mixed} a mix (old or new per key), {all_new} only new"
    );
}
