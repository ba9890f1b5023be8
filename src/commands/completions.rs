//! `tfsecrets completions <shell>`

use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;

/// Writes the completion script for `shell` to `out`.
pub fn generate(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut Cli::command(), "tfsecrets", out);
}

/// Runs `completions`.
pub fn run(args: &CompletionsArgs) {
    generate(args.shell, &mut std::io::stdout());
}
