//! `claimtrack man`: the man page, rendered from the command line's own
//! definition.

use std::path::PathBuf;

use super::output::{emit, print};
use crate::error::{EXIT_OK, Error, WriteError};

/// Print the man page (roff), or write it and one page per command
/// (claimtrack-check.1, …) to a folder.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack man | man -l -\n  claimtrack man --dir ~/.local/share/man/man1"
)]
pub(super) struct ManArgs {
    /// Write claimtrack.1 and a page per command, claimtrack-check.1 and
    /// so on (claimtrack-store-show.1 for a command's own commands), to
    /// DIR.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &ManArgs) -> Result<i32, Error> {
    let command = <super::Args as clap::CommandFactory>::command();
    let Some(dir) = &args.dir else {
        print(&render(command)?)?;
        return Ok(EXIT_OK);
    };
    std::fs::create_dir_all(dir).map_err(|source| WriteError::File {
        path: dir.clone(),
        source,
    })?;
    let mut pages = vec![("claimtrack".to_string(), command.clone())];
    let mut i = 0;
    while i < pages.len() {
        let (name, cmd) = pages[i].clone();
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let full = format!("{name}-{}", sub.get_name());
            let usage = full.replace('-', " ");
            pages.push((full.clone(), sub.clone().display_name(full).bin_name(usage)));
        }
        i += 1;
    }
    for (name, cmd) in pages {
        emit(&render(cmd)?, Some(&dir.join(format!("{name}.1"))))?;
    }
    Ok(EXIT_OK)
}

/// One command's page, in roff.
fn render(command: clap::Command) -> Result<String, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(WriteError::Stdout)?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}
