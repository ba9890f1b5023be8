//! `tfsecrets --help` and `tfsecrets <command> --help`, whole, as transcripts (tests/cli/help/*.txt): the help is
//! the command line's documentation, so any change to it shows up here as a diff to review.

use crate::support::Env;
use crate::support::transcript::Transcript;

/// Every subcommand (and its transcript file under tests/cli/help/).
const COMMANDS: &[&str] = &[
    "write",
    "read",
    "list",
    "history",
    "delete",
    "export",
    "list-services",
    "completions",
    "exec",
    "import",
    "session",
    "policy",
    "man",
    "doctor",
    "diff",
    "scan",
];

/// The transcript of `tfsecrets <args>` (no AWS call is made: the endpoint is never contacted).
fn transcript(args: &[&str]) -> Transcript {
    let env = Env::on("http://127.0.0.1:9");
    let mut t = Transcript::of(&env);
    let mut c = env.std_cmd();
    c.args(args);
    let out = t.run(c);
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    t
}

#[test]
fn main_help() {
    transcript(&["--help"]).assert(snapbox::file!["help/tfsecrets.txt"]);
}

#[test]
fn every_subcommand_has_its_help() {
    for cmd in COMMANDS {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/cli/help/{cmd}.txt"));
        transcript(&[cmd, "--help"]).assert(snapbox::Data::read_from(&path, None));
    }
}

#[test]
fn the_help_lists_exactly_these_subcommands() {
    let text = transcript(&["--help"]).text();
    let listed: Vec<&str> = text
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(listed, COMMANDS);
}
