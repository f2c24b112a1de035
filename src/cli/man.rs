//! `claimtrack man`: the man page, rendered from the command line's own
//! definition.

use std::path::PathBuf;

use super::output::{emit, print};
use crate::error::{EXIT_OK, Error, WriteError};

/// Print the man page (roff), or write claimtrack.1 to a folder.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack man | man -l -\n  claimtrack man --dir ~/.local/share/man/man1"
)]
pub(super) struct ManArgs {
    /// Write claimtrack.1 to DIR.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &ManArgs) -> Result<i32, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(<super::Args as clap::CommandFactory>::command())
        .render(&mut page)
        .map_err(WriteError::Stdout)?;
    let page = String::from_utf8_lossy(&page).into_owned();
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| WriteError::File {
                path: dir.clone(),
                source,
            })?;
            emit(&page, Some(&dir.join("claimtrack.1")))?;
        }
        None => print(&page)?,
    }
    Ok(EXIT_OK)
}
