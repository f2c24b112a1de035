//! `claimtrack list`: one line per claim, filtered.

use std::io::IsTerminal;

use super::completions::outlet_candidates;
use super::output::{print, warn_if_broken};
use super::settings::{Context, latest_date};
use super::value_enums::{Credit, Format, Status};
use crate::error::{EXIT_OK, Error};
use crate::query::{self, Filter};

/// One line per claim: id, status, credited outlet, credit, claim.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack list --source reuters\n  claimtrack list --source \"The Washington Post\" --credit unlocated\n  claimtrack list --format json"
)]
pub(super) struct ListArgs {
    /// Claims credited to this outlet or citing a source from it: an
    /// outlet id, name or domain.
    #[arg(long, value_name = "OUTLET", add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
    source: Option<String>,
    /// Claims with this status: the verdict on the claim's truth.
    #[arg(long, value_enum)]
    status: Option<Status>,
    /// Claims credited to an outlet (`attributed_to`) with this verdict on
    /// the credit: did the outlet say it.
    #[arg(long, value_enum)]
    credit: Option<Credit>,
    /// Claims with this topic (any case).
    #[arg(long)]
    topic: Option<String>,
    /// Claims from this article folder.
    #[arg(long, value_name = "SLUG")]
    article: Option<String>,
    /// The output: text for people, json for programs.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(super) fn run(args: ListArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let (loaded, findings) = crate::check::analyze(&root, latest_date()?)?;
    let set = &loaded.set;
    warn_if_broken(&loaded, &findings);
    let outlet = match &args.source {
        Some(q) => Some(query::resolve_outlet(set, q)?.id.value.clone()),
        None => None,
    };
    if let Some(a) = &args.article {
        query::resolve_article(set, a)?;
    }
    let filter = Filter {
        outlet,
        status: args.status.map(Into::into),
        credit: args.credit.map(Into::into),
        topic: args.topic,
        article: args.article,
    };
    let claims = query::filter(set, &filter);
    let text = match args.format {
        Format::Json => query::list_json(set, &claims),
        Format::Text => {
            let stdout = std::io::stdout();
            let width = stdout
                .is_terminal()
                .then(|| terminal_size::terminal_size_of(&stdout))
                .flatten()
                .map(|(w, _)| w.0 as usize);
            query::list_text(&claims, width)
        }
    };
    print(&text)?;
    Ok(EXIT_OK)
}
