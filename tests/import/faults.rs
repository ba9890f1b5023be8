//! `tfsecrets import` under faults (issue 3 "A failure half-way ... leaves the file as it was and reports
//! which keys were already written; re-running converges"; "a run through a loopback proxy that
//! throttles every 4th request"; docs/chamber-compat.md §4 call plan). All traffic goes
//! through tests/fixtures/fault_proxy.py, which also counts requests per API.

use crate::support as common;
use crate::support::import as isupport;

use isupport::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn six() -> (String, BTreeMap<String, String>) {
    let want: BTreeMap<String, String> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), format!("v{i}-SECRET")))
        .collect();
    let mut src = String::from("# six secrets\n\n");
    for (k, v) in &want {
        src.push_str(&format!("{k} = \"{v}\"\n"));
    }
    src.push_str("keep = null\n");
    (src, want)
}

fn line_list(stderr: &str, prefix: &str) -> Vec<String> {
    let line =
        stderr.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix:?} line in: {stderr}"));
    line[prefix.len()..].split(", ").filter(|s| *s != "none").map(str::to_owned).collect()
}

#[test]
fn failure_half_way_reports_keys_leaves_file_and_rerun_converges() {
    let env = moto_or_skip!();
    let svc = env.service("half");
    let dir = tmp();
    let (src, want) = six();
    let path = put(dir.path(), "h.tfvars", &src);
    let proxy =
        common::FaultProxy::start(&env.moto_url, &["--every", "3", "--kind", "500", "--target", "PutParameter"]);
    let penv = env.via(&proxy.url);

    // Default concurrency: which writes fail depends on arrival order; the report must match SSM.
    let a = import(&penv, dir.path(), &svc, "h.tfvars", &["--retries", "1"]).failure();
    let e = err(&a);
    assert_eq!(code(&a), 75, "{e}");
    assert!(e.contains("tfsecrets: error: import stopped: 2 of 6 writes failed ("), "{e}");
    assert!(e.contains("InternalServerError"), "{e}");
    assert!(e.contains("\n  h.tfvars was not changed\n"), "{e}");
    assert!(e.contains("hint: re-run the same command: values already stored are skipped"), "{e}");
    assert!(!e.contains("SECRET") && out(&a).is_empty(), "no values in messages: {e}");
    let written = line_list(&e, "  written: ");
    let not_written = line_list(&e, "  not written: ");
    assert_eq!(written.len(), 4, "{e}");
    assert_eq!(not_written.len(), 2, "{e}");
    let stored = values(&env, &svc);
    let stored_names: Vec<String> = stored.keys().map(|k| format!("/{svc}/{k}")).collect();
    let mut w = written.clone();
    w.sort();
    assert_eq!(stored_names, w, "the report names exactly what SSM holds");
    for n in &not_written {
        assert!(!stored_names.contains(n), "{n} reported not written but stored");
    }
    for (k, v) in &stored {
        assert_eq!(&want[k], v);
    }
    assert_bytes(&path, src.as_bytes());
    assert_eq!(listing(dir.path()), ["h.tfvars"]);

    // Re-run without faults: converges, writes only the missing two.
    let a = import(&env, dir.path(), &svc, "h.tfvars", &[]).success();
    assert_eq!(out(&a), "2 new, 0 changed, 4 unchanged; h.tfvars scrubbed\n");
    assert_eq!(values(&env, &svc), want);
    for (k, p) in dump(&env, &svc) {
        assert_eq!(p["Description"], "1", "{k}: each key written once");
    }
    let mut scrubbed = String::from("# six secrets\n\n");
    for k in want.keys() {
        scrubbed.push_str(&marker(&svc, k));
        scrubbed.push('\n');
    }
    scrubbed.push_str("keep = null\n");
    assert_bytes(&path, scrubbed.as_bytes());
}

#[test]
fn failure_half_way_exact_report_with_sequential_writes() {
    // --concurrency 1: writes go in file order, so the 3rd and 6th PutParameter (c, f) fail.
    let env = moto_or_skip!();
    let svc = env.service("halfseq");
    let dir = tmp();
    let (src, _) = six();
    let path = put(dir.path(), "h.tfvars", &src);
    let proxy =
        common::FaultProxy::start(&env.moto_url, &["--every", "3", "--kind", "500", "--target", "PutParameter"]);
    let penv = env.via(&proxy.url);
    let a = import(&penv, dir.path(), &svc, "h.tfvars", &["--retries", "1", "--concurrency", "1"]).failure();
    assert_eq!(code(&a), 75);
    let s = &svc;
    let want = format!(
        "tfsecrets: error: import stopped: 2 of 6 writes failed (/{s}/c: PutParameter failed: InternalServerError: injected fault)\n  written: /{s}/a, /{s}/b, /{s}/d, /{s}/e\n  not written: /{s}/c, /{s}/f\n  h.tfvars was not changed\n  hint: re-run the same command: values already stored are skipped\n"
    );
    let e = err(&a);
    let tail = &e[e.find("tfsecrets: error:").expect("an error line")..];
    assert_eq!(tail, want, "the failing key is named once");
    assert_eq!(proxy.count("PutParameter"), 6, "no retry with --retries 1, and every key attempted");
    assert_eq!(count(&env, &svc), 4);
    assert_bytes(&path, src.as_bytes());
}

#[test]
fn killed_mid_import_leaves_file_and_rerun_converges() {
    let env = moto_or_skip!();
    let svc = env.service("killed");
    let dir = tmp();
    let mut src = String::new();
    let mut want = BTreeMap::new();
    for i in 0..12 {
        src.push_str(&format!("k{i:02} = \"value-{i}\"\n"));
        want.insert(format!("k{i:02}"), format!("value-{i}"));
    }
    src.push_str("keep = null\n");
    let path = put(dir.path(), "k.tfvars", &src);
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "250"]);
    let penv = env.via(&proxy.url);
    let mut cmd = penv.std_cmd();
    cmd.current_dir(dir.path()).args(["import", &svc, "k.tfvars", "--concurrency", "1"]);
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    let mut child = cmd.spawn().expect("spawn tfsecrets");
    let start = Instant::now();
    while proxy.count("PutParameter") < 3 {
        assert!(start.elapsed() < Duration::from_secs(60), "writes never started: {}", proxy.stats());
        if let Some(st) = child.try_wait().unwrap() {
            panic!("import finished before it could be killed: {st}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGKILL).unwrap();
    child.wait().unwrap();
    // A write the proxy received before the kill still reaches moto after the proxy's 250 ms delay: count after it.
    proxy.settle();
    let n = count(&env, &svc);
    assert!((1..12).contains(&n), "killed half-way: {n} written");
    assert_bytes(&path, src.as_bytes());
    assert_eq!(listing(dir.path()), ["k.tfvars"], "no temp file left");

    let a = import(&env, dir.path(), &svc, "k.tfvars", &[]).success();
    let o = out(&a);
    let (new, rest) = o.split_once(" new, 0 changed, ").unwrap_or_else(|| panic!("{o}"));
    let unchanged = rest.strip_suffix(" unchanged; k.tfvars scrubbed\n").unwrap_or_else(|| panic!("{o}"));
    let (new, unchanged): (u64, u64) = (new.parse().unwrap(), unchanged.parse().unwrap());
    assert_eq!((new + unchanged, unchanged), (12, n), "the re-run writes only what is missing: {o}");
    assert_eq!(values(&env, &svc), want);
    assert!(!std::fs::read_to_string(&path).unwrap().contains("value-"));
}

fn two_hundred() -> (String, BTreeMap<String, String>) {
    let mut src = String::from("# 200 variables\n\n");
    let mut want = BTreeMap::new();
    for i in 0..200 {
        let v = match i % 4 {
            0 => (format!("\"value-{i}-😀 $${{x}}\""), format!("value-{i}-😀 ${{x}}")),
            1 => (format!("{i}.50"), format!("{i}.5")),
            2 => (format!("[\"a{i}\", {{ k = \"%%{{v}}\" }}]"), format!("[\"a{i}\",{{\"k\":\"%%{{v}}\"}}]")),
            _ => ("<<EOT\nmulti\nline\nEOT".to_owned(), "multi\nline\n".to_owned()),
        };
        src.push_str(&format!("var_{i:03} = {}\n", v.0));
        want.insert(format!("var_{i:03}"), v.1);
    }
    src.push_str("left = null\n");
    (src, want)
}

#[test]
fn two_hundred_variables_through_a_throttling_proxy() {
    let env = moto_or_skip!();
    let svc = env.service("thr");
    let dir = tmp();
    let (src, want) = two_hundred();
    let path = put(dir.path(), "big.tfvars", &src);
    let proxy = common::FaultProxy::start(&env.moto_url, &["--every", "4", "--kind", "throttle"]);
    let penv = env.via(&proxy.url);

    let a = import(&penv, dir.path(), &svc, "big.tfvars", &[]).success();
    assert_eq!(out(&a), "200 new, 0 changed, 0 unchanged; big.tfvars scrubbed\n");
    assert_eq!(count(&env, &svc), 200);
    assert_eq!(values(&env, &svc), want, "all 200 values right");
    let mut scrubbed = String::from("# 200 variables\n\n");
    for k in want.keys() {
        scrubbed.push_str(&marker(&svc, k));
        scrubbed.push('\n');
    }
    scrubbed.push_str("left = null\n");
    assert_bytes(&path, scrubbed.as_bytes());

    // Call plan (docs/chamber-compat.md §4): the plan reads the 200 names (10 a GetParameters call), the keys are new so
    // the (empty) service is listed once (case variants), the store config (1 GetParameters), 200 writes, a
    // read-back of 10 names per GetParameters; plus whatever the throttling forced.
    let stats = proxy.stats();
    let faults = stats["faults"].as_u64().unwrap();
    let (describe, get, put_n) =
        (proxy.count("DescribeParameters"), proxy.count("GetParameters"), proxy.count("PutParameter"));
    assert!(faults >= 50, "the proxy really throttled every 4th request: {stats}");
    assert!(put_n >= 200, "{stats}");
    assert!(put_n <= 200 + faults, "only throttled writes are repeated: {stats}");
    assert!(describe <= 200 / 10 + 2, "{stats}");
    assert!(describe <= 1 + faults, "{stats}");
    let plan_config_readback = 2 * (200 / 10) + 1;
    assert!((plan_config_readback..=plan_config_readback + faults).contains(&get), "{stats}");
    assert!(proxy.count("DescribeKey") <= 1 + faults.min(2), "KMS checked once: {stats}");
    eprintln!("call counts (200 new keys, every 4th request throttled): {stats}");
    let total = stats["total"].as_u64().unwrap();
    assert!(
        total <= 200 + 2 * 20 + 1 + 1 + 1 + faults,
        "requests = N + 2·N/10 + listing + config + KMS, plus retries: {stats}"
    );
}

#[test]
fn reimport_of_200_unchanged_variables_reads_in_pages_and_writes_nothing() {
    let env = moto_or_skip!();
    let svc = env.service("thr2");
    let dir = tmp();
    let (src, want) = two_hundred();
    put(dir.path(), "big.tfvars", &src);
    import(&env, dir.path(), &svc, "big.tfvars", &["--keep"]).success();
    assert_eq!(values(&env, &svc), want);

    // Clean counting proxy: exact call plan for an unchanged re-import of 200 keys.
    let clean = common::FaultProxy::start(&env.moto_url, &[]);
    let a = import(&env.via(&clean.url), dir.path(), &svc, "big.tfvars", &["--keep"]).success();
    assert_eq!(out(&a), "0 new, 0 changed, 200 unchanged; big.tfvars kept (--keep)\n");
    let stats = clean.stats();
    assert_eq!(clean.count("PutParameter"), 0, "{stats}");
    // The plan reads the file's names, 10 a call, in one parallel wave: no listing, nothing else (≤ 21 requests).
    assert_eq!(clean.count("DescribeParameters"), 0, "no listing for an unchanged file: {stats}");
    assert_eq!(clean.count("GetParameters"), 200 / 10, "10 names a call: {stats}");
    assert_eq!(stats["total"].as_u64(), Some(200 / 10), "{stats}");
    assert_eq!(
        clean.count("GetParametersByPath") + clean.count("GetParameter") + clean.count("GetParameterHistory"),
        0,
        "{stats}"
    );

    // And through the throttling proxy: same answer, same plan plus retries.
    let thr = common::FaultProxy::start(&env.moto_url, &["--every", "4", "--kind", "throttle"]);
    let a = import(&env.via(&thr.url), dir.path(), &svc, "big.tfvars", &[]).success();
    assert_eq!(out(&a), "0 new, 0 changed, 200 unchanged; big.tfvars scrubbed\n");
    let stats = thr.stats();
    let faults = stats["faults"].as_u64().unwrap();
    assert!(faults >= 5, "{stats}");
    assert_eq!(thr.count("PutParameter"), 0, "{stats}");
    // + 5: moto 5.2.5 sometimes answers 500 when another test writes to the shared server during a listing
    // (it iterates a dict being modified); the SDK retries those too, and the proxy does not count them as faults.
    assert!(thr.count("DescribeParameters") + thr.count("GetParameters") <= 20 + faults + 5, "{stats}");
    for (k, p) in dump(&env, &svc) {
        assert_eq!(p["Description"], "1", "{k} never rewritten");
    }
}

#[test]
fn mixed_faults_with_default_retries_still_converge_in_one_run() {
    let env = moto_or_skip!();
    let svc = env.service("mixed");
    let dir = tmp();
    let mut src = String::new();
    let mut want = BTreeMap::new();
    for i in 0..30 {
        src.push_str(&format!("m{i:02} = \"v{i}\"\n"));
        want.insert(format!("m{i:02}"), format!("v{i}"));
    }
    let path = put(dir.path(), "m.tfvars", &src);
    let proxy = common::FaultProxy::start(
        &env.moto_url,
        &["--rate", "0.25", "--kind", "mixed", "--slow-ms", "100", "--seed", "7"],
    );
    let a = import(&env.via(&proxy.url), dir.path(), &svc, "m.tfvars", &[]).success();
    assert_eq!(out(&a), "30 new, 0 changed, 0 unchanged; m.tfvars removed (nothing else was in it)\n");
    assert!(proxy.stats()["faults"].as_u64().unwrap() >= 3, "{}", proxy.stats());
    assert_eq!(values(&env, &svc), want);
    assert!(!path.exists());
}

#[test]
fn file_edited_during_import_is_not_scrubbed() {
    // Issue 3: "The file is re-read and hashed just before scrubbing; if it changed since it was parsed,
    // nothing is scrubbed and the user is told." A slow proxy gives the test time to edit the file
    // (in place, same inode) while the writes are in flight.
    let env = moto_or_skip!();
    let svc = env.service("edited");
    let dir = tmp();
    let src = "a = \"1\"\nb = \"2\"\nc = \"3\"\nd = \"4\"\n";
    let path = put(dir.path(), "e.tfvars", src);
    let proxy = common::FaultProxy::start(&env.moto_url, &["--delay-ms", "300"]);
    let penv = env.via(&proxy.url);
    let mut cmd = penv.std_cmd();
    cmd.current_dir(dir.path()).args(["import", &svc, "e.tfvars", "--concurrency", "1"]);
    cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("spawn tfsecrets");
    let start = Instant::now();
    while proxy.count("PutParameter") < 1 {
        assert!(start.elapsed() < Duration::from_secs(60), "writes never started: {}", proxy.stats());
        std::thread::sleep(Duration::from_millis(10));
    }
    let edited = format!("{src}e = \"added while importing\"\n");
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"e = \"added while importing\"\n").unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(75), "{stderr}");
    assert!(
        stderr.contains("tfsecrets: error: e.tfvars changed while importing; it was not scrubbed (4 new, 0 changed, 0 unchanged: the secrets are in SSM)"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: re-run the import to scrub the file"), "{stderr}");
    assert_bytes(&path, edited.as_bytes());
    assert_eq!(listing(dir.path()), ["e.tfvars"], "no temp file left");
    assert_eq!(count(&env, &svc), 4);

    // Re-run: the four are unchanged, the new one is written, and the file is scrubbed.
    let a = import(&env, dir.path(), &svc, "e.tfvars", &[]).success();
    assert_eq!(out(&a), "1 new, 0 changed, 4 unchanged; e.tfvars removed (nothing else was in it)\n");
    assert!(!path.exists());
}
