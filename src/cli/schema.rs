//! `claimtrack schema`: the JSON Schema of claim, article and outlets
//! files, printed or written to a folder.

use std::path::PathBuf;

use super::output::{emit, print};
use crate::error::{EXIT_OK, Error, WriteError};

/// Print the JSON Schema (draft 2020-12) of claim, article or outlets
/// files, or write all three to a folder.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  claimtrack schema claim\n  claimtrack schema --dir schema")]
pub(super) struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_parser = ["claim", "article", "outlets"], required_unless_present = "dir")]
    kind: Option<String>,
    /// Write claim.schema.json, article.schema.json and
    /// outlets.schema.json to DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &SchemaArgs) -> Result<i32, Error> {
    if let Some(kind) = &args.kind {
        print(&crate::schema::text(kind).expect("clap checked the kind"))?;
        return Ok(EXIT_OK);
    }
    let dir = args.dir.as_deref().expect("clap requires a kind or --dir");
    std::fs::create_dir_all(dir).map_err(|source| WriteError::File {
        path: dir.to_path_buf(),
        source,
    })?;
    for (kind, file) in crate::schema::KINDS {
        let text = crate::schema::text(kind).expect("a known kind");
        emit(&text, Some(&dir.join(file)))?;
    }
    Ok(EXIT_OK)
}
