//! `tfsecrets completions <shell>`, and the committed scripts under `completions/` being up to date.
//!
//! Regenerate the committed scripts after changing the command line with:
//! `TFSECRETS_UPDATE_COMPLETIONS=1 cargo test --test main cli::completions`

use assert_cmd::Command;
use std::path::PathBuf;

/// Each shell and the committed file that holds its script.
const SHELLS: &[(&str, &str)] = &[
    ("bash", "completions/tfsecrets.bash"),
    ("zsh", "completions/_tfsecrets"),
    ("fish", "completions/tfsecrets.fish"),
    ("powershell", "completions/_tfsecrets.ps1"),
    ("elvish", "completions/tfsecrets.elv"),
];

/// Subcommands every script must offer.
const SUBCOMMANDS: &[&str] =
    &["write", "read", "list", "history", "delete", "export", "list-services", "completions", "scan"];

fn generate(shell: &str) -> Vec<u8> {
    let out = Command::cargo_bin("tfsecrets").unwrap().args(["completions", shell]).output().unwrap();
    assert!(out.status.success(), "completions {shell}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn every_shell_gets_a_script_with_the_subcommands() {
    for (shell, _) in SHELLS {
        let script = String::from_utf8(generate(shell)).unwrap();
        assert!(script.len() > 500, "{shell}: suspiciously short script");
        assert!(script.contains("tfsecrets"), "{shell}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} script lacks subcommand {sub}");
        }
        // Flags are completed too.
        for flag in ["skip-unchanged", "output-file", "singleline"] {
            assert!(script.contains(flag), "{shell} script lacks --{flag}");
        }
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("tfsecrets").unwrap().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(out.stdout.is_empty());
}

#[test]
fn committed_completion_scripts_are_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var("TFSECRETS_UPDATE_COMPLETIONS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let path = root.join(file);
        let fresh = generate(shell);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
            eprintln!("wrote {}", path.display());
            continue;
        }
        match std::fs::read(&path) {
            Ok(committed) if committed == fresh => {}
            Ok(_) => stale.push(format!("{file} is stale")),
            Err(e) => stale.push(format!("{file}: {e}")),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nregenerate with: TFSECRETS_UPDATE_COMPLETIONS=1 cargo test --test main cli::completions",
        stale.join("\n")
    );
}
