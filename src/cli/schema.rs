//! `claimtrack schema`: the JSON Schema of claim, article and outlets
//! files, and of the JSON output of `check`, `list` and `review`, printed
//! or written to a folder.

use std::path::PathBuf;

use super::output::{emit, print};
use crate::error::{EXIT_OK, Error, WriteError};

/// Print the JSON Schema (draft 2020-12) of claim, article or outlets
/// files, or of the JSON output of `check`, `list` or `review`, or write
/// them all to a folder.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  claimtrack schema claim\n  claimtrack schema --dir schema")]
pub(super) struct SchemaArgs {
    /// Which schema to print: a kind of file, or `check-output`,
    /// `list-output` or `review-output`.
    #[arg(
        value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KINDS.iter().map(|(kind, _)| *kind)),
        required_unless_present = "dir"
    )]
    kind: Option<String>,
    /// Write every schema to DIR: claim.schema.json,
    /// article.schema.json, outlets.schema.json, check-output.schema.json,
    /// list-output.schema.json and review-output.schema.json.
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
