//! tfsecrets: keep Terraform secrets in AWS SSM Parameter Store (chamber-compatible) and run terraform with them.
//!
//! The binary's `main.rs` parses the command line and dispatches to `commands`; the domain lives in
//! `naming`, `secret`, `store`, `session`, `tfvars`, `files`, `import` and `format`.

#![warn(missing_docs)]

pub mod child;
pub mod cli;
pub mod commands;
pub mod doctor;
pub mod error;
pub mod files;
pub mod format;
pub mod hardening;
pub mod import;
pub mod naming;
pub mod output;
pub mod policy;
pub mod scan;
pub mod secret;
pub mod session;
pub mod store;
pub mod text;
pub mod tfmodule;
pub mod tfvars;
pub mod ui;

use cli::{Cli, Command};
use commands::open_store;
use error::Result;

/// What a successful run leaves for `main` to do.
pub enum Outcome {
    /// Nothing: exit 0.
    Done,
    /// Replace this process with a child (`exec`).
    Exec(child::ExecPlan),
    /// Exit with this status, nothing more to say (`doctor`: a check failed; `diff`: the two differ; `scan`: a secret
    /// was found).
    Exit(i32),
}

/// `Done` for 0, else `Exit`.
fn exit_status(code: i32) -> Outcome {
    if code == 0 { Outcome::Done } else { Outcome::Exit(code) }
}

/// Runs a parsed command line to completion (or to the point of exec): the one dispatch.
pub async fn run(cli: Cli) -> Result<Outcome> {
    ui::set_verbose(cli.global.verbose);
    let g = &cli.global;
    match &cli.command {
        Command::Exec(a) => return Ok(commands::exec::run(g, a).await?.map_or(Outcome::Done, Outcome::Exec)),
        Command::Completions(a) => commands::completions::run(a)?,
        Command::Session(a) => commands::session_cmd::run(g, a).await?,
        Command::Write(a) => commands::write::run(&open_store(g).await?, a).await?,
        Command::Read(a) => commands::read::run(&open_store(g).await?, a).await?,
        Command::List(a) => commands::list::run(&open_store(g).await?, a).await?,
        Command::History(a) => commands::history::run(&open_store(g).await?, a).await?,
        Command::Delete(a) => commands::delete::run(&open_store(g).await?, a).await?,
        Command::Export(a) => commands::export::run(&open_store(g).await?, a).await?,
        Command::ListServices(a) => commands::list_services::run(&open_store(g).await?, a).await?,
        Command::Import(a) => {
            let store = open_store(g).await?.with_write_concurrency(a.concurrency.into());
            commands::import::run(&store, a).await?
        }
        Command::Policy(a) => commands::policy::run(g, a).await?,
        Command::Man(a) => commands::man::run(a)?,
        Command::Diff(a) => return Ok(exit_status(commands::diff::run(&open_store(g).await?, a).await?)),
        Command::Doctor(a) => return Ok(exit_status(commands::doctor::run(g, a).await?)),
        Command::Scan(a) => return Ok(exit_status(commands::scan::run(g, a).await?)),
    }
    Ok(Outcome::Done)
}
