//! `claimtrack merge`: the `check --format json` reports of a CI matrix's
//! shards made into one, as one run over the whole claim set would have
//! written it (`report::merge`).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::output::emit;
use super::settings::Context;
use crate::error::{Error, LoadError};

/// Merge the JSON reports of `check --partition K/N` shards into one.
///
/// Every shard's findings and failures, the counts added up, and a
/// failure for each shard without a report; exits as `check` would on
/// the whole: 2 when something stopped part of the run, 1 on an error.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack merge shard-1.json shard-2.json shard-3.json > report.json\n  claimtrack merge --output report.json shards/*/report.json"
)]
pub(super) struct MergeArgs {
    /// The reports, as `check --format json` wrote them.
    #[arg(required = true, value_name = "REPORT")]
    reports: Vec<PathBuf>,
    /// Write the merged report to FILE (atomically) instead of standard
    /// output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The most of a report that is read: 1 GiB.
const MAX_REPORT_BYTES: u64 = 1 << 30;

pub(super) fn run(args: &MergeArgs, cx: &Context) -> Result<i32, Error> {
    let mut docs = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        docs.push(read(path)?);
    }
    let merged = crate::report::merge::merge(&docs).map_err(|e| LoadError::NotAReport {
        path: args.reports[e.index].clone(),
        why: e.why,
    })?;
    let text = serde_json::to_string_pretty(&merged).expect("a JSON value prints") + "\n";
    emit(&text, args.output.as_deref())?;
    let summary = &merged["summary"];
    if cx.talk.quiet {
        return Ok(crate::report::merge::exit_code(&merged));
    }
    eprintln!(
        "merged {} reports: {} errors, {} warnings, {} failures",
        docs.len(),
        summary["errors"],
        summary["warnings"],
        merged["failures"].as_array().map_or(0, Vec::len)
    );
    Ok(crate::report::merge::exit_code(&merged))
}

fn read(path: &Path) -> Result<serde_json::Value, Error> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_REPORT_BYTES).read_to_end(&mut bytes))
        .map_err(|source| LoadError::ReadFile {
            path: path.to_path_buf(),
            source,
        })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        LoadError::NotAReport {
            path: path.to_path_buf(),
            why: format!("is not JSON ({e})"),
        }
        .into()
    })
}
