//! tfsecrets: keep Terraform secrets in AWS SSM Parameter Store (chamber-compatible) and run terraform with them.
//!
//! The binary's `main.rs` parses the command line and dispatches to `commands`; the domain lives in
//! `naming`, `secret`, `store`, `session`, `tfvars` and `format`.

#![warn(missing_docs)]

pub mod atomic;
pub mod child;
pub mod cli;
pub mod commands;
pub mod error;
pub mod format;
pub mod hardening;
pub mod naming;
pub mod secret;
pub mod session;
pub mod store;
pub mod tfmodule;
pub mod tfvars;
pub mod ui;

use cli::{Cli, Command};
use error::Result;

/// What a successful run leaves for `main` to do.
pub enum Outcome {
    /// Nothing: exit 0.
    Done,
    /// Replace this process with a child (`exec`).
    Exec(child::ExecPlan),
}

/// Runs a parsed command line to completion (or to the point of exec).
pub async fn run(cli: Cli) -> Result<Outcome> {
    if let Command::Exec(a) = &cli.command {
        ui::set_verbose(cli.global.verbose);
        let (session, store) = commands::open(&cli.global).await?;
        let opts = commands::session_options(&cli.global);
        return Ok(match commands::exec::prepare(&store, session, &opts, a).await? {
            Some(plan) => Outcome::Exec(plan),
            None => Outcome::Done,
        });
    }
    run_command(cli).await.map(|()| Outcome::Done)
}

async fn run_command(cli: Cli) -> Result<()> {
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
        Command::Import(a) => commands::import::run(&commands::open_store(g).await?, a).await,
        Command::Session(a) => commands::session_cmd::run(g, a).await,
        Command::Exec(_) => Err(error::Error::invalid("internal: exec is dispatched by run")),
    }
}
