//! A reader that goes away (`tfsecrets list prod | head -1`, `| true`) ends tfsecrets quietly: exit 0, nothing on
//! stderr, no panic (src/output.rs). Real pipes: one whose read end is closed before tfsecrets writes (so the
//! first write fails with EPIPE), and one whose reader takes a byte of a large output and closes.

use crate::support::{self as common, Env};
use std::io::Read;
use std::process::{Command, Output, Stdio};

/// Runs `cmd` with stdout on a pipe that nobody reads from (its read end closed before the start).
fn into_closed_pipe(mut cmd: Command) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    cmd.stdin(Stdio::null()).stdout(writer).stderr(Stdio::piped());
    cmd.output().expect("run tfsecrets")
}

/// Runs `cmd` with stdout on a pipe whose reader takes one byte, then closes its end (`| head -c1`).
fn into_head_c1(mut cmd: Command) -> (Output, Vec<u8>) {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    cmd.stdin(Stdio::null()).stdout(writer).stderr(Stdio::piped());
    let child = cmd.spawn().expect("spawn tfsecrets");
    drop(cmd); // the parent's copy of the write end
    let mut first = [0u8; 1];
    reader.read_exact(&mut first).expect("one byte");
    drop(reader);
    (child.wait_with_output().expect("wait"), first.to_vec())
}

#[track_caller]
fn quiet(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", common::text(&out.stderr));
    assert_eq!(common::text(&out.stderr), "", "{what}: nothing on stderr");
}

#[test]
fn completions_and_help_into_a_closed_pipe() {
    let env = Env::on(&format!("http://127.0.0.1:{}", common::free_port()));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let mut c = env.std_cmd();
        c.args(["completions", shell]);
        quiet(&into_closed_pipe(c), shell);
    }
    for args in [&["--help"][..], &["exec", "--help"], &["--version"]] {
        let mut c = env.std_cmd();
        c.args(args);
        quiet(&into_closed_pipe(c), &format!("{args:?}"));
    }
}

#[test]
fn store_commands_into_a_closed_pipe() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let svc = env.service("pipe");
    for (k, v) in [("a", "1"), ("b", "2")] {
        env.cmd().args(["write", &svc, k, v]).assert().success();
    }
    for args in [
        vec!["list", svc.as_str()],
        vec!["list", "-e", svc.as_str()],
        vec!["list", "--json", svc.as_str()],
        vec!["export", svc.as_str()],
        vec!["export", "-f", "dotenv", svc.as_str()],
        vec!["history", svc.as_str(), "a"],
        vec!["read", "-q", svc.as_str(), "a"],
        vec!["list-services", svc.as_str()],
        vec!["exec", "--dry-run", svc.as_str(), "--", "true"],
    ] {
        let mut c = env.std_cmd();
        c.args(&args);
        quiet(&into_closed_pipe(c), &format!("{args:?}"));
    }
}

#[test]
fn a_reader_that_stops_after_one_byte_of_a_large_export() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let svc = env.service("head");
    // 24 values of 4000 bytes: ~96 KB of JSON, more than a pipe holds, so writing blocks until the reader has
    // gone and then fails with EPIPE.
    let value = "v".repeat(4000);
    for i in 0..24 {
        env.cmd().args(["write", &svc, &format!("k{i:02}"), "-"]).write_stdin(value.clone()).assert().success();
    }
    let mut c = env.std_cmd();
    c.args(["export", &svc]);
    let (out, first) = into_head_c1(c);
    assert_eq!(first, b"{");
    quiet(&out, "export | head -c1");
}

#[test]
fn a_closed_stderr_does_not_panic_either() {
    let Some(moto) = common::Moto::shared() else { return };
    let env = Env::on(&moto.url);
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut c = env.std_cmd();
    c.args(["read", &env.service("gone"), "absent"]).stdout(Stdio::null()).stderr(writer);
    let status = c.status().expect("run");
    assert_eq!(status.code(), Some(66), "the error's own code, not a panic (101)");
}
