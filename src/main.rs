//! The `tfsecrets` binary: parse, dispatch, map errors to exit codes.

use clap::Parser;
use tfsecrets::Outcome;
use tfsecrets::cli::Cli;

fn main() {
    tfsecrets::hardening::protect();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tfsecrets: error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(tfsecrets::run(cli));
    drop(runtime);
    let err = match result {
        Ok(Outcome::Done) => return,
        Ok(Outcome::Exit(code)) => std::process::exit(code),
        Ok(Outcome::Exec(plan)) => tfsecrets::child::exec(plan),
        Err(e) => e,
    };
    eprintln!("tfsecrets: error: {err}");
    std::process::exit(err.exit_code());
}
