//! The policy tested against reality (docs/iam.md §4): every command runs through a recording proxy in front of
//! moto; each request it sent becomes the authorizations AWS would check (tests/support/iam.rs), and the policy
//! of the command's mode must allow every one of them, the read policy must allow none of the writes, and every
//! grant of a policy must be used by some command of its mode (nothing granted that no command needs).

use crate::support::iam::{self, Need, World};
use crate::support::{Env, Intercept, Reply, Request};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which policy a run must be covered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Read,
    Write,
    Delete,
}

/// One command of the suite: its mode, arguments, stdin, and the exit code it must end with.
struct Run {
    mode: Mode,
    args: Vec<String>,
    stdin: Option<&'static str>,
    code: i32,
    /// A subdirectory to run in (`module`: a terraform module declaring two of the variables).
    cwd: Option<&'static str>,
    /// The proxy answers every DescribeParameters with a throttle (whole-service reads switch to
    /// GetParametersByPath, docs/chamber-compat.md §4).
    throttle_listing: bool,
}

fn run(mode: Mode, args: &[&str]) -> Run {
    let args = args.iter().map(|s| (*s).to_owned()).collect();
    Run { mode, args, stdin: None, code: 0, cwd: None, throttle_listing: false }
}

/// Every command with the variants that change what it sends (labels, versions, case fallbacks, tags, tiers).
fn suite(svc: &str) -> Vec<Run> {
    use Mode::*;
    let mut runs = vec![
        run(Read, &["list", svc]),
        run(Read, &["list", svc, "-e", "--json"]),
        run(Read, &["read", svc, "db_password"]),
        run(Read, &["read", svc, "DB_PASSWORD"]),
        run(Read, &["read", svc, "db_password", "-v", "1"]),
        run(Read, &["history", svc, "db_password"]),
        run(Read, &["export", svc]),
        run(Read, &["export", svc, &format!("{svc}:blue"), "-f", "dotenv"]),
        run(Read, &["exec", svc, "--", "true"]),
        Run { throttle_listing: true, ..run(Read, &["exec", svc, "--", "true"]) },
        Run { throttle_listing: true, ..run(Read, &["export", svc]) },
        run(Read, &["exec", &format!("{svc}:blue"), "--allow-empty", "--", "true"]),
        Run { cwd: Some("module"), ..run(Read, &["exec", svc, "--", "true"]) },
        run(Read, &["list-services", svc]),
        run(Read, &["list-services", "-s", svc]),
        run(Read, &["session"]),
        Run { cwd: Some("module"), ..run(Read, &["doctor", svc]) },
        run(Read, &["doctor", "--json"]),
        Run { code: 1, ..run(Read, &["diff", svc, "vars.tfvars"]) },
        run(Write, &["write", svc, "new_key", "v1"]),
        run(Write, &["write", svc, "new_key", "v1", "--skip-unchanged"]),
        run(Write, &["write", svc, "tagged", "v", "--tag", "team=platform"]),
        run(Write, &["write", svc, "big", "advanced value", "--tier", "advanced"]),
        run(Write, &["import", svc, "vars.tfvars", "--dry-run"]),
        run(Write, &["import", svc, "vars.tfvars", "--tag", "team=platform"]),
        run(Delete, &["delete", svc, "new_key"]),
    ];
    let mut missing = run(Delete, &["delete", svc, "no_such_key"]);
    missing.code = 66;
    runs.push(missing);
    let mut stdin = run(Write, &["write", svc, "from_stdin", "-"]);
    stdin.stdin = Some("value from stdin");
    runs.push(stdin);
    let mut scan = run(Read, &["scan", svc, "--state", "-"]);
    scan.stdin = Some("{\"version\": 4, \"serial\": 1, \"lineage\": \"l\", \"outputs\": {}, \"resources\": []}");
    runs.push(scan);
    runs
}

/// Runs the suite through a recording proxy; returns each run's mode, arguments and the requests it sent.
fn record(env: &Env, dir: &Path) -> Vec<(Mode, String, Vec<Request>)> {
    let throttle = Arc::new(AtomicBool::new(false));
    let on = throttle.clone();
    let proxy = Intercept::start(&env.moto_url, move |req| {
        if on.load(Ordering::SeqCst) && req.action().as_deref() == Some("DescribeParameters") {
            let body = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_owned();
            let head = "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ThrottlingException";
            return Reply::Answer("400 Bad Request", head, body);
        }
        Reply::Forward
    });
    let via = env.via(&proxy.url);
    let mut out = Vec::new();
    for r in suite(&env.service) {
        proxy.clear();
        throttle.store(r.throttle_listing, Ordering::SeqCst);
        let mut c = via.cmd();
        c.current_dir(r.cwd.map_or(dir.to_owned(), |d| dir.join(d))).args(&r.args);
        if let Some(s) = r.stdin {
            c.write_stdin(s);
        }
        let o = c.output().expect("run tfsecrets");
        assert_eq!(o.status.code(), Some(r.code), "{:?}: {}", r.args, String::from_utf8_lossy(&o.stderr));
        let seen = proxy.seen();
        assert!(!seen.is_empty() || r.args[0] == "session", "{:?} sent no request: is the proxy in the way?", r.args);
        out.push((r.mode, r.args.join(" "), seen));
    }
    out
}

fn policy(env: &Env, args: &[&str]) -> Value {
    let o = env.cmd().args(["policy", "--json"]).args(args).output().expect("run policy");
    assert_eq!(o.status.code(), Some(0), "policy {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("policy prints JSON")
}

/// Every (statement, action) pair a policy grants.
fn grants(policy: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for s in policy["Statement"].as_array().expect("statements") {
        let actions = match &s["Action"] {
            Value::String(a) => vec![a.clone()],
            v => v.as_array().expect("actions").iter().map(|a| a.as_str().expect("action").to_owned()).collect(),
        };
        for a in actions {
            out.insert((s["Sid"].as_str().expect("Sid").to_owned(), a));
        }
    }
    out
}

/// Checks one policy against the runs of the modes it must cover; returns the (statement, action) grants used.
fn check(policy: &Value, name: &str, runs: &[(Mode, String, Vec<Need>)], modes: &[Mode]) -> BTreeSet<(String, String)> {
    let mut used = BTreeSet::new();
    let mut denied = Vec::new();
    for (mode, args, needs) in runs.iter().filter(|(m, _, _)| modes.contains(m)) {
        for need in needs {
            let sids = iam::allowed_by(policy, need);
            if sids.is_empty() {
                denied.push(format!("{args}: {} on {}", need.action, need.resource));
            }
            for sid in sids {
                used.insert((sid.to_owned(), need.action.clone()));
            }
            let _ = mode;
        }
    }
    assert!(denied.is_empty(), "the {name} policy denies calls its commands make:\n{}", denied.join("\n"));
    used
}

#[test]
fn each_mode_allows_exactly_what_its_commands_send() {
    let env = moto_or_skip!();
    let svc = env.service.clone();
    let (_tmp, dir) = crate::support::exec::tempdir();
    std::fs::write(dir.join("vars.tfvars"), "db_password = \"hunter2\"\nport = 5432\n").unwrap();
    let module = "variable \"db_password\" {\n  sensitive = true\n}\nvariable \"port\" {\n  type = number\n}\n";
    crate::support::exec::module(&dir, "module", &[("main.tf", module)]);
    // Seed the service directly (not recorded): two secrets, one with two versions.
    for (k, v) in [("db_password", "one"), ("db_password", "two"), ("port", "5432")] {
        env.cmd().args(["write", &svc, k, v]).assert().success();
    }
    let key = env.boto(&["key-arn", "alias/parameter_store_key"]);
    let world = World { alias: "alias/parameter_store_key".into(), key_arn: key["Arn"].as_str().unwrap().to_owned() };

    let recorded = record(&env, &dir);
    let runs: Vec<(Mode, String, Vec<Need>)> = recorded
        .iter()
        .map(|(m, a, reqs)| (*m, a.clone(), reqs.iter().flat_map(|r| world.needs(r)).collect()))
        .collect();

    // The policies as a user gets them through this session: account, region and key ARN asked from AWS (moto).
    let read = policy(&env, &[&svc]);
    let write = policy(&env, &[&svc, "--write"]);
    let delete = policy(&env, &[&svc, "--delete"]);
    assert!(read.to_string().contains(&world.key_arn), "the key ARN came from the session: {read}");
    assert!(read.to_string().contains(&format!("arn:aws:ssm:us-east-1:123456789012:parameter/{svc}/*")), "{read}");

    let used_read = check(&read, "read", &runs, &[Mode::Read]);
    let used_write = check(&write, "write", &runs, &[Mode::Read, Mode::Write]);
    let used_delete = check(&delete, "delete", &runs, &[Mode::Read, Mode::Delete]);

    // Nothing granted that no command of the mode needs.
    for (name, p, used) in
        [("read", &read, &used_read), ("write", &write, &used_write), ("delete", &delete, &used_delete)]
    {
        let unused: Vec<_> = grants(p).difference(used).cloned().collect();
        assert!(unused.is_empty(), "the {name} policy grants what no command of its mode sent: {unused:?}");
    }

    // The read policy allows nothing that writes: every write and delete need is denied by it.
    let mut writes = 0;
    for (mode, args, needs) in runs.iter().filter(|(m, _, _)| *m != Mode::Read) {
        for need in needs.iter().filter(|n| is_write(&n.action) || n.resource.ends_with("_chamber/store-config")) {
            writes += 1;
            let sids = iam::allowed_by(&read, need);
            assert!(
                sids.is_empty(),
                "{mode:?} `{args}`: the read policy allows {} on {} ({sids:?})",
                need.action,
                need.resource
            );
        }
    }
    assert!(writes >= 10, "the suite exercised writes ({writes})");
    let every_action: BTreeSet<&str> = runs.iter().flat_map(|(_, _, n)| n.iter().map(|n| n.action.as_str())).collect();
    for a in ["ssm:PutParameter", "ssm:AddTagsToResource", "ssm:DeleteParameter", "kms:Encrypt", "kms:GenerateDataKey"]
    {
        assert!(every_action.contains(a), "no command sent {a}: the suite lost coverage");
    }

    // The same checks hold for the policy scoped by the key alias instead of its ARN (no session to ask).
    let offline = Env::on("http://127.0.0.1:9");
    let alias_read = policy(&offline, &[&svc, "--account", iam::ACCOUNT, "--region", iam::REGION]);
    assert!(alias_read.to_string().contains("kms:ResourceAliases"), "{alias_read}");
    check(&alias_read, "alias-scoped read", &runs, &[Mode::Read]);

    // And the evaluator can say no: another service, another key, another region's SSM are denied.
    let other = Need {
        action: "ssm:GetParameters".into(),
        resource: format!("arn:aws:ssm:us-east-1:123456789012:parameter/{svc}x/k"),
        context: vec![],
    };
    assert!(iam::allowed_by(&read, &other).is_empty());
    let mut direct = world_need(&world, "kms:Decrypt");
    direct.context.retain(|(k, _)| k != "kms:ViaService");
    assert!(iam::allowed_by(&read, &direct).is_empty(), "Decrypt outside SSM must be denied");
}

fn world_need(world: &World, action: &str) -> Need {
    Need {
        action: action.into(),
        resource: world.key_arn.clone(),
        context: vec![
            ("kms:ResourceAliases".into(), vec![world.alias.clone()]),
            ("kms:ViaService".into(), vec!["ssm.us-east-1.amazonaws.com".into()]),
        ],
    }
}

/// Actions that change anything (SSM puts, tags, deletes; KMS encryption).
fn is_write(action: &str) -> bool {
    let name = action.split(':').nth(1).unwrap_or(action);
    ["Put", "Add", "Delete", "Remove", "Label", "Encrypt", "GenerateDataKey", "Create", "Update"]
        .iter()
        .any(|p| name.starts_with(p))
}
