//! `tfsecrets completions <shell>`

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use clap::CommandFactory;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tfsecrets", &mut out);
    out
}

/// Runs `completions`: the script in one write (a closed pipe ends it quietly, `crate::output`).
pub fn run(args: &CompletionsArgs) -> Result<()> {
    crate::output::write(&script(args.shell))
}
