//! `claimtrack show`: one claim in full.

use super::completions::claim_candidates;
use super::output::{print, warn_if_broken};
use super::settings::{Context, latest_date};
use super::value_enums::Format;
use crate::error::{EXIT_OK, Error};
use crate::query;

/// One claim in full, with its article and sources.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  claimtrack show debt-write-off-2014")]
pub(super) struct ShowArgs {
    /// The claim id (its file name without .toml), or ARTICLE/ID.
    #[arg(add = clap_complete::ArgValueCandidates::new(claim_candidates))]
    id: String,
    /// The output: text for people, json for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(super) fn run(args: &ShowArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let (loaded, findings) = crate::check::analyze(&root, latest_date()?)?;
    warn_if_broken(&loaded, &findings);
    let set = &loaded.set;
    let claim = query::find_claim(set, &args.id)?;
    let text = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&query::claim_json(set, claim))
                .expect("a claim serializes");
            s.push('\n');
            s
        }
        Format::Text => query::show_text(set, claim),
    };
    print(&text)?;
    Ok(EXIT_OK)
}
