//! `exec` without terraform: the child's environment, argv, exit status, pid and signals, and every way exec
//! refuses to run (issue 4 "Tests"; docs/chamber-compat.md §7; docs/terraform-vars.md §6 for the no-`*.tf` case).
//! Every run happens in an empty directory, so no module is scanned and whole services are fetched.

use crate::support as common;
use crate::support::exec as support;

use common::transcript::Transcript;
use common::{stderr_of, stdout_of};
use snapbox::str;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

/// `env -0` as the child: the exact environment it received.
fn run_env(env: &common::Env, dir: &Path, args: &[&str]) -> (Vec<(String, String)>, String) {
    let a = cmd_in(env, dir).arg("exec").args(args).args(["--", "env", "-0"]).assert().success();
    (parse_env0(&a.get_output().stdout), stderr_of(&a))
}

fn tf_vars(vars: &[(String, String)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vars.iter().filter(|(k, _)| k.starts_with("TF_VAR_")).cloned().collect();
    v.sort();
    v
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn later_service_overrides_earlier_with_a_warning_naming_key_and_services() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let first = env.service("first");
    let second = env.service("second");
    put(&env, &first, "shared", "value-of-FIRST-service");
    put(&env, &first, "only_first", "1st");
    put(&env, &second, "shared", "value-of-SECOND-service");
    put(&env, &second, "only_second", "2nd");

    let (vars, err) = run_env(&env, &dir, &[&first, &second]);
    assert_eq!(
        tf_vars(&vars),
        pairs(&[
            ("TF_VAR_only_first", "1st"),
            ("TF_VAR_only_second", "2nd"),
            ("TF_VAR_shared", "value-of-SECOND-service")
        ])
    );
    assert_eq!(
        diag_lines(&err),
        vec![format!("tfsecrets: warning: key \"shared\" of service {second} overrides the one of service {first}")]
    );
    assert!(!err.contains("value-of-"), "a value leaked into stderr: {err}");

    // The other order: the other one wins.
    let (vars, err) = run_env(&env, &dir, &[&second, &first]);
    assert_eq!(env_value(&vars, "TF_VAR_shared"), Some("value-of-FIRST-service"));
    assert_eq!(
        diag_lines(&err),
        vec![format!("tfsecrets: warning: key \"shared\" of service {first} overrides the one of service {second}")]
    );
}

#[test]
fn pristine_passes_only_the_basics_and_the_secrets() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("pristine");
    put(&env, &svc, "db_password", "pw-pristine");
    let a = cmd_in(&env, &dir)
        .env("TERM", "xterm-test")
        .env("USER", "tester")
        .env("LANG", "C.UTF-8")
        .env("EXTRA_PARENT_VAR", "must-not-pass")
        .args(["exec", "--pristine", &svc, "--", "env", "-0"])
        .assert()
        .success();
    let vars = parse_env0(&a.get_output().stdout);
    let mut names: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
    // docs/sessions.md §8 lets --pristine also keep the row-1 AWS credential variables; today none are kept.
    let aws_row1 = [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ];
    names.retain(|n| !aws_row1.contains(n));
    names.sort();
    assert_eq!(names, vec!["HOME", "LANG", "PATH", "TERM", "TF_VAR_db_password", "USER"]);
    assert_eq!(env_value(&vars, "TF_VAR_db_password"), Some("pw-pristine"));
    assert_eq!(env_value(&vars, "TERM"), Some("xterm-test"));
    assert_eq!(env_value(&vars, "USER"), Some("tester"));
    assert_eq!(env_value(&vars, "LANG"), Some("C.UTF-8"));
    assert_eq!(env_value(&vars, "HOME"), Some(env.home.path().to_str().unwrap()));
    assert_eq!(env_value(&vars, "PATH").map(str::to_owned), std::env::var("PATH").ok());
    assert_eq!(diag_lines(&stderr_of(&a)), Vec::<String>::new());

    // Without --pristine the parent's environment is inherited.
    let (vars, _) = run_env(&env, &dir, &[&svc]);
    assert_eq!(env_value(&vars, "AWS_REGION"), Some("us-east-1"));
    assert_eq!(env_value(&vars, "TZ"), Some("UTC"));
}

#[test]
fn inherited_variable_is_overridden_with_a_warning_or_kept_with_no_clobber() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("clobber");
    put(&env, &svc, "token", "from-the-SECRET");
    put(&env, &svc, "other", "o");

    let a = cmd_in(&env, &dir)
        .env("TF_VAR_token", "from-the-PARENT")
        .args(["exec", &svc, "--", "env", "-0"])
        .assert()
        .success();
    let vars = parse_env0(&a.get_output().stdout);
    assert_eq!(env_value(&vars, "TF_VAR_token"), Some("from-the-SECRET"));
    assert_eq!(vars.iter().filter(|(k, _)| k == "TF_VAR_token").count(), 1, "one entry per name");
    let err = stderr_of(&a);
    assert_eq!(
        diag_lines(&err),
        vec![format!(
            "tfsecrets: warning: TF_VAR_token was set in the environment; the secret from service {svc} overrides it"
        )]
    );

    let a = cmd_in(&env, &dir)
        .env("TF_VAR_token", "from-the-PARENT")
        .args(["exec", "--no-clobber", &svc, "--", "env", "-0"])
        .assert()
        .success();
    let vars = parse_env0(&a.get_output().stdout);
    assert_eq!(env_value(&vars, "TF_VAR_token"), Some("from-the-PARENT"));
    assert_eq!(env_value(&vars, "TF_VAR_other"), Some("o"));
    let err = stderr_of(&a);
    assert_eq!(
        diag_lines(&err),
        vec![format!(
            "tfsecrets: warning: TF_VAR_token is already set in the environment; keeping it (--no-clobber), the secret from {svc} is not used"
        )]
    );
    assert!(!err.contains("from-the-"), "a value leaked into stderr: {err}");
}

#[test]
fn env_styles_tf_chamber_and_exact() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("styles");
    for (k, v) in
        [("db-password", "dash"), ("Api.Key", "dot"), ("Foo", "upper-foo"), ("foo", "lower-foo"), ("plain_key", "p")]
    {
        put(&env, &svc, k, v);
    }
    // Default: TF_VAR_ + the exact key.
    let (vars, err) = run_env(&env, &dir, &[&svc]);
    assert_eq!(
        tf_vars(&vars),
        pairs(&[
            ("TF_VAR_Api.Key", "dot"),
            ("TF_VAR_Foo", "upper-foo"),
            ("TF_VAR_db-password", "dash"),
            ("TF_VAR_foo", "lower-foo"),
            ("TF_VAR_plain_key", "p"),
        ])
    );
    assert_eq!(diag_lines(&err), Vec::<String>::new());

    // chamber: upper-case, `-` → `_`, nothing else; `Foo` and `foo` collide, applied in byte order (foo wins).
    let (vars, err) = run_env(&env, &dir, &["--env-style", "chamber", &svc]);
    assert!(tf_vars(&vars).is_empty(), "{vars:?}");
    for (name, value) in [("DB_PASSWORD", "dash"), ("API.KEY", "dot"), ("FOO", "lower-foo"), ("PLAIN_KEY", "p")] {
        assert_eq!(env_value(&vars, name), Some(value), "{name}");
    }
    for absent in ["db-password", "Api.Key", "Foo", "foo", "plain_key", "DB-PASSWORD"] {
        assert_eq!(env_value(&vars, absent), None, "{absent}");
    }
    assert_eq!(
        diag_lines(&err),
        vec![format!("tfsecrets: warning: service {svc} overwriting environment variable FOO")]
    );

    // exact: the key as is.
    let (vars, err) = run_env(&env, &dir, &["--env-style", "exact", &svc]);
    for (name, value) in
        [("db-password", "dash"), ("Api.Key", "dot"), ("Foo", "upper-foo"), ("foo", "lower-foo"), ("plain_key", "p")]
    {
        assert_eq!(env_value(&vars, name), Some(value), "{name}");
    }
    assert!(tf_vars(&vars).is_empty());
    assert_eq!(diag_lines(&err), Vec::<String>::new());
}

#[test]
fn exit_codes_pass_through() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("exit");
    put(&env, &svc, "k", "v");
    for (script, want) in [("exit 7", 7), ("exit 2", 2), ("exit 0", 0), ("exit 1", 1), ("exit 255", 255)] {
        let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "sh", "-c", script]).assert();
        assert_eq!(code(&a), want, "{script}");
        assert_eq!(diag_lines(&stderr_of(&a)), Vec::<String>::new(), "{script}");
    }
}

#[test]
fn command_not_found_is_127_and_not_executable_is_126() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("notfound");
    put(&env, &svc, "k", "v");

    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "definitely-not-a-command-xyz", "arg"]).assert();
    assert_eq!(code(&a), 127);
    assert_eq!(
        stderr_of(&a),
        "tfsecrets: error: definitely-not-a-command-xyz: command not found in PATH\n  hint: check the command name, or give its path\n"
    );
    assert_eq!(stdout_of(&a), "");

    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "/nonexistent/dir/cmd"]).assert();
    assert_eq!(code(&a), 127);
    assert_eq!(stderr_of(&a), "tfsecrets: error: /nonexistent/dir/cmd: command not found\n");

    // A file without any execute bit, by path and through PATH.
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let script = bin.join("noexec-tool");
    std::fs::write(&script, "#!/bin/sh\ntouch should-not-exist\n").unwrap();
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--"]).arg(&script).assert();
    assert_eq!(code(&a), 126);
    assert_eq!(
        stderr_of(&a),
        format!("tfsecrets: error: {}: permission denied (not an executable file)\n", script.display())
    );
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let a = cmd_in(&env, &dir).env("PATH", &path).args(["exec", &svc, "--", "noexec-tool"]).assert();
    assert_eq!(code(&a), 126);
    assert_eq!(stderr_of(&a), format!("tfsecrets: error: {}: permission denied (not executable)\n", script.display()));
    assert!(!dir.join("should-not-exist").exists());
}

#[test]
fn the_child_replaces_tfsecrets_same_pid_and_receives_signals_directly() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("signal");
    put(&env, &svc, "k", "v");
    let started = Instant::now();
    let mut child = std_cmd(&env, &dir)
        .args(["exec", &svc, "--", "sh", "-c", "echo $$ $PPID $(cat /proc/$$/comm) \"$TF_VAR_k\"; exec sleep 30"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn tfsecrets");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("child prints its pid");
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(fields.len(), 4, "{line:?}");
    // The shell runs in the very process we spawned (execve, not fork+exec), and its parent is this test.
    assert_eq!(fields[0].parse::<u32>().unwrap(), child.id(), "the child's pid is the pid tfsecrets had");
    assert_eq!(fields[1].parse::<u32>().unwrap(), std::process::id(), "no tfsecrets process in between");
    assert_eq!(fields[2], "sh");
    assert_eq!(fields[3], "v");
    // One SIGTERM to that pid ends the child itself, which dies by the signal: nothing forwards or re-raises it.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(25), "the child was not killed by the signal");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(err, "");
}

#[test]
fn secrets_reach_the_environment_never_argv() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("argv");
    put(&env, &svc, "canary", "argv-canary-S3cr3t-value");
    let a = cmd_in(&env, &dir)
        .args([
            "exec",
            &svc,
            "--",
            "sh",
            "-c",
            "tr '\\0' '\\n' < /proc/$$/cmdline; echo ---; tr '\\0' '\\n' < /proc/$$/environ",
        ])
        .assert()
        .success();
    let out = stdout_of(&a);
    let (cmdline, environ) = out.split_once("---\n").expect("separator");
    assert!(cmdline.starts_with("sh\n-c\n"), "{cmdline:?}");
    assert!(!cmdline.contains("argv-canary"), "secret in argv: {cmdline:?}");
    assert!(environ.lines().any(|l| l == "TF_VAR_canary=argv-canary-S3cr3t-value"), "{environ}");
    assert!(!stderr_of(&a).contains("argv-canary"));
}

#[test]
fn dry_run_prints_names_and_encoding_never_values_and_runs_nothing() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("dry");
    put(&env, &svc, "b_key", "dry-value-B");
    put(&env, &svc, "a-key", "dry-value-A");
    let mut t = Transcript::of(&env);
    let mut c = env.command(&["exec", "--dry-run", &svc, "--", "touch", "marker"]);
    c.current_dir(&dir);
    let o = t.run(c);
    assert_eq!(o.status.code(), Some(0));
    assert!(!common::text(&o.stderr).contains("dry-value"), "{}", common::text(&o.stderr));
    assert!(!dir.join("marker").exists(), "--dry-run ran the command");
    let mut c = env.command(&["exec", "--dry-run", "--env-style", "chamber", &svc, "--", "touch", "marker"]);
    c.current_dir(&dir);
    assert_eq!(t.run(c).status.code(), Some(0));
    assert!(!dir.join("marker").exists());
    // Names, the parameter each comes from and its encoding; never a value.
    t.assert(str![[r#"
$ tfsecrets exec --dry-run [SVC]dry -- touch marker
TF_VAR_a-key	/[SVC]dry/a-key	verbatim
TF_VAR_b_key	/[SVC]dry/b_key	verbatim

$ tfsecrets exec --dry-run --env-style chamber [SVC]dry -- touch marker
A_KEY	/[SVC]dry/a-key	verbatim
B_KEY	/[SVC]dry/b_key	verbatim

"#]]);
}

#[test]
fn missing_double_dash_is_a_usage_error() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("dash");
    put(&env, &svc, "k", "v");
    let mut t = Transcript::of(&env);
    for args in [&["exec", &svc, "touch", "marker"][..], &["exec", &svc, "--"]] {
        let mut c = env.command(args);
        c.current_dir(&dir);
        assert_eq!(t.run(c).status.code(), Some(64), "{args:?}");
    }
    // A flag-looking argument without `--` is rejected by the parser itself.
    let mut c = env.command(&["exec", &svc, "sh", "-c", "touch marker"]);
    c.current_dir(&dir);
    assert_eq!(t.run(c).status.code(), Some(64));
    t.assert(str![[r#"
$ tfsecrets exec [SVC]dash touch marker
--- stderr
tfsecrets: error: no command given: put it after `--`, e.g. `tfsecrets exec prod -- terraform plan`
--- exit 64

$ tfsecrets exec [SVC]dash --
--- stderr
tfsecrets: error: no command given: put it after `--`, e.g. `tfsecrets exec prod -- terraform plan`
--- exit 64

$ tfsecrets exec [SVC]dash sh -c 'touch marker'
--- stderr
error: unexpected argument '-c' found

  tip: to pass '-c' as a value, use '-- -c'

Usage: tfsecrets exec [OPTIONS] <SERVICE>... [-- <COMMAND>...]

For more information, try '--help'.
--- exit 64

"#]]);
    assert!(!dir.join("marker").exists());
}

#[test]
fn empty_service_is_an_error_unless_allow_empty() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("nothing-here");
    let a = cmd_in(&env, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 66);
    assert_eq!(
        stderr_of(&a),
        format!(
            "tfsecrets: error: no secrets found in service(s) {svc}\n  hint: check the service name (`tfsecrets list <service>`), or pass --allow-empty to run anyway\n"
        )
    );
    assert!(!dir.join("marker").exists(), "the command ran");

    let a = cmd_in(&env, &dir).args(["exec", "--allow-empty", &svc, "--", "touch", "marker"]).assert().success();
    assert_eq!(
        diag_lines(&stderr_of(&a)),
        vec![format!("tfsecrets: warning: no secrets found in service(s) {svc}; running anyway (--allow-empty)")]
    );
    assert!(dir.join("marker").exists(), "--allow-empty must run the command");
    std::fs::remove_file(dir.join("marker")).unwrap();

    // A name that cannot be a service is a usage error, even with --allow-empty.
    let a = cmd_in(&env, &dir).args(["exec", "--allow-empty", "bad//svc", "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 65);
    assert!(stderr_of(&a).starts_with("tfsecrets: error: invalid service name \"bad//svc\""), "{}", stderr_of(&a));
    assert!(!dir.join("marker").exists());
}

#[test]
fn empty_mixed_case_service_suggests_the_lowercase_one() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let lower = env.service("foo");
    let mixed = env.service("Foo");
    put(&env, &lower, "k", "v");
    let a = cmd_in(&env, &dir).args(["exec", &mixed, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 66);
    let err = stderr_of(&a);
    assert!(
        err.ends_with(&format!(
            "tfsecrets: error: service \"{mixed}\" has no secrets, but \"{lower}\" does\n  hint: service names are case-sensitive; did you mean \"{lower}\"?\n"
        )),
        "{err}"
    );
    assert!(!dir.join("marker").exists());
}

#[test]
fn network_failure_before_exec_runs_nothing() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    // Nothing listens there. The default retry budget (10 attempts) is not spent on a refused connection.
    let dead = common::Env::on(&format!("http://127.0.0.1:{}", common::free_port()));
    let svc = env.service("net");
    let refused = |op: &str| {
        format!(
            "tfsecrets: error: cannot reach [URL]: connection refused ({op})\n  hint: nothing listens at that address: \
             check the endpoint overrides (CHAMBER_AWS_SSM_ENDPOINT, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_KMS, \
             AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) and any proxy in between\n"
        )
    };
    let started = Instant::now();
    let a = cmd_in(&dead, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 69);
    assert_eq!(stderr_of(&a).replace(&dead.url, "[URL]"), refused("DescribeParameters"));
    assert!(!dir.join("marker").exists(), "the command ran");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());

    // With declared variables the single GetParameters round fails the same way.
    std::fs::write(dir.join("main.tf"), "variable \"k\" {\n  type      = string\n  sensitive = true\n}\n").unwrap();
    let a = cmd_in(&dead, &dir).args(["exec", &svc, "--", "touch", "marker"]).assert();
    assert_eq!(code(&a), 69);
    assert_eq!(stderr_of(&a).replace(&dead.url, "[URL]"), refused("GetParameters"));
    assert!(!dir.join("marker").exists(), "the command ran");
}

#[test]
fn missing_credentials_before_exec_runs_nothing() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("creds");
    put(&env, &svc, "k", "v");
    let a = cmd_in(&env, &dir)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["exec", &svc, "--", "touch", "marker"])
        .assert();
    assert_eq!(code(&a), 78);
    let err = stderr_of(&a);
    assert!(err.starts_with("tfsecrets: error: no usable AWS credentials"), "{err}");
    assert!(err.contains("hint: run `aws configure` or `aws sso login`"), "{err}");
    assert!(!dir.join("marker").exists(), "the command ran");
}

#[test]
fn verbose_names_variables_never_values() {
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("verbose");
    put(&env, &svc, "canary", "verbose-canary-value");
    let a = cmd_in(&env, &dir).args(["--verbose", "exec", &svc, "--", "true"]).assert().success();
    let err = stderr_of(&a);
    assert!(err.contains("with 1 secret variable(s): TF_VAR_canary"), "{err}");
    assert!(!err.contains("verbose-canary-value"), "value in verbose output: {err}");
}

#[test]
fn the_child_gets_the_parents_core_dump_limit_back() {
    // tfsecrets disables core dumps for itself (hardening.rs) and must restore the limit before execve.
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("core");
    put(&env, &svc, "k", "v");
    let mut hard = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    unsafe {
        libc::getrlimit(libc::RLIMIT_CORE, &mut hard);
    }
    let soft: libc::rlim_t =
        if hard.rlim_max == libc::RLIM_INFINITY { 4_096_000 } else { hard.rlim_max.min(4_096_000) };
    if soft == 0 {
        eprintln!("hard core limit is 0 here: nothing to restore");
        return;
    }
    let mut cmd = std_cmd(&env, &dir);
    cmd.args(["exec", &svc, "--", "sh", "-c", "grep '^Max core file size' /proc/$$/limits"]);
    let max = hard.rlim_max;
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(move || {
            let l = libc::rlimit { rlim_cur: soft, rlim_max: max };
            if libc::setrlimit(libc::RLIMIT_CORE, &l) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    // "Max core file size  <soft> <hard> bytes"
    assert_eq!(fields[4], soft.to_string(), "{line}");
}

#[test]
fn the_child_gets_the_default_sigpipe_action_back() {
    // Rust ignores SIGPIPE and an ignored signal survives execve; hardening.rs restores the default, so the
    // child's processes die quietly on a closed pipe as they would under a shell.
    let env = moto_or_skip!();
    let (_t, dir) = tempdir();
    let svc = env.service("sigpipe");
    put(&env, &svc, "k", "v");
    let a = cmd_in(&env, &dir)
        .args(["exec", &svc, "--", "sh", "-c", "grep '^SigIgn' /proc/$$/status; yes | head -n 1"])
        .assert();
    assert_eq!(code(&a), 0);
    // SigIgn is a hex mask; bit 12 (value 0x1000) is SIGPIPE (signal 13).
    let out = stdout_of(&a);
    let mask = out.lines().next().and_then(|l| l.split_whitespace().nth(1)).expect("SigIgn line");
    let mask = u64::from_str_radix(mask, 16).expect("hex mask");
    assert_eq!(mask & (1 << 12), 0, "SIGPIPE still ignored in the child: {out}");
    assert_eq!(out.lines().nth(1), Some("y"));
    let err = stderr_of(&a);
    assert!(!err.contains("Broken pipe"), "yes must die quietly, not report EPIPE: {err}");
}
