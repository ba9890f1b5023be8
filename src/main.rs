//! The `tfsecrets` binary: parse, dispatch, map errors to exit codes.

use clap::Parser;
use tfsecrets::cli::Cli;

fn main() {
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
    if let Err(e) = result {
        eprintln!("tfsecrets: error: {e}");
        std::process::exit(e.exit_code());
    }
}
