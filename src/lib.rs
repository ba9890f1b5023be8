//! tfsecrets: keep Terraform secrets in AWS SSM Parameter Store (chamber-compatible) and run terraform with them.
//!
//! The binary's `main.rs` parses the command line and dispatches to `commands`; the domain lives in
//! `naming`, `secret`, `store`, `session`, `tfvars` and `format`.

pub mod cli;
pub mod commands;
pub mod error;
pub mod format;
pub mod naming;
pub mod secret;
pub mod session;
pub mod store;
pub mod ui;

use cli::{Cli, Command};
use error::Result;

/// Runs a parsed command line to completion.
pub async fn run(cli: Cli) -> Result<()> {
    ui::set_verbose(cli.global.verbose);
    let g = &cli.global;
    match &cli.command {
        Command::Completions(a) => {
            commands::completions::run(a);
            Ok(())
        }
        Command::Write(a) => commands::write::run(&commands::open_store(g).await?, a).await,
        Command::Read(a) => commands::read::run(&commands::open_store(g).await?, a).await,
        Command::List(a) => commands::list::run(&commands::open_store(g).await?, a).await,
        Command::History(a) => commands::history::run(&commands::open_store(g).await?, a).await,
        Command::Delete(a) => commands::delete::run(&commands::open_store(g).await?, a).await,
        Command::Export(a) => commands::export::run(&commands::open_store(g).await?, a).await,
        Command::ListServices(a) => commands::list_services::run(&commands::open_store(g).await?, a).await,
        Command::Session(a) => commands::session_cmd::run(g, a).await,
    }
}
