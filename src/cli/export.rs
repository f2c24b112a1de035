//! `claimtrack export`: the claims as ClaimReview, CSV or CSL-JSON.

use std::path::PathBuf;

use super::output::{emit, warn_if_broken};
use super::settings::{Context, Settings, latest_date};
use super::value_enums::ExportFormat;
use crate::error::{EXIT_OK, Error};
use crate::export::{self, Format};

/// Export the claims: schema.org ClaimReview, CSV or CSL-JSON.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack export --format csv --output claims.csv\n  claimtrack export --format claimreview\n  claimtrack export --format csl-json --output sources.json"
)]
pub(super) struct ExportArgs {
    /// What to export to: CSV for spreadsheets, ClaimReview for search
    /// engines, CSL-JSON for citation managers.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(super) fn run(args: &ExportArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let (loaded, findings) = crate::check::analyze(&root, latest_date()?)?;
    warn_if_broken(&loaded, &findings);
    let text = match Format::from(args.format) {
        Format::Csv => export::csv(&loaded.set)?,
        Format::CslJson => export::csl_json(&loaded.set),
        Format::Claimreview => {
            let publisher = Settings::load(&root)?.publisher()?;
            export::claimreview(&loaded.set, &publisher)
        }
    };
    emit(&text, args.output.as_deref())?;
    Ok(EXIT_OK)
}
