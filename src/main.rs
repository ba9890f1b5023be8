//! The `tfsecrets` binary: parse, dispatch, map errors to exit codes (the table is in `error.rs`).

use clap::Parser;
use tfsecrets::Outcome;
use tfsecrets::cli::Cli;
use tfsecrets::error::{Error, Kind};

fn main() {
    tfsecrets::hardening::protect();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print on stdout and succeed; every other clap error is a usage error (64),
            // never clap's own 2, which after `exec` would read as terraform's "changes present".
            let code = if e.use_stderr() { Kind::Usage.exit_code() } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => fail(Error::internal(format!("cannot start the async runtime: {e}"))),
    };
    let result = runtime.block_on(tfsecrets::run(cli));
    drop(runtime);
    match result {
        Ok(Outcome::Done) => {}
        Ok(Outcome::Exit(code)) => std::process::exit(code),
        Ok(Outcome::Exec(plan)) => fail(tfsecrets::child::exec(plan)),
        Err(e) => fail(e),
    }
}

/// Prints the error and exits with its code.
fn fail(err: Error) -> ! {
    tfsecrets::ui::error(&err);
    std::process::exit(err.exit_code());
}
