//! `tfsecrets man [--output-dir DIR]`: the manual pages, generated from the command line with clap_mangen (the
//! committed copies in man/ are checked against them by the test suite).

use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};
use clap::CommandFactory;

/// Every page: `tfsecrets.1`, then one `tfsecrets-<command>.1` per command, as (file name, roff text).
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    render(&cmd, &mut out)?;
    Ok(out)
}

fn render(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let man = clap_mangen::Man::new(cmd.clone()).manual("tfsecrets manual");
    let mut text = Vec::new();
    man.render(&mut text).map_err(|e| Error::internal(format!("rendering the manual page: {e}")))?;
    out.push((man.get_filename(), text));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        render(sub, out)?;
    }
    Ok(())
}

/// Runs `man`: the main page on stdout, or every page into a directory.
pub fn run(args: &ManArgs) -> Result<()> {
    let pages = pages()?;
    let Some(dir) = &args.output_dir else {
        return crate::output::write(&pages[0].1);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::cant_create(format!("{}: {e}", dir.display())))?;
    for (name, text) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::cant_create(format!("{}: {e}", path.display())))?;
        crate::output::line(path.display().to_string())?;
    }
    Ok(())
}
