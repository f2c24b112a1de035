//! `claimtrack review`: what a pull request changed in the claims, as
//! markdown for its reviewer or JSON for a program.

use std::path::PathBuf;

use super::output::emit;
use super::progress::ProgressBar;
use super::settings::{Context, NetArgs, ProbeFlags, Settings};
use super::value_enums::ReviewFormat;
use crate::error::{EXIT_OK, Error};

/// What a pull request changed in the claims, as markdown for its
/// reviewer: claims added, removed and modified, field by field, the
/// probe state of every added or changed source URL, and what to look
/// at twice.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack review --base origin/main\n  claimtrack review --base v1 --head v2 --offline\n  claimtrack review --base origin/main --format json"
)]
pub(super) struct ReviewArgs {
    /// The revision the changes are compared with.
    #[arg(long, value_name = "REV")]
    base: String,
    /// The revision with the changes [default: the work tree].
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Do not probe the added and changed URLs.
    #[arg(long)]
    offline: bool,
    #[command(flatten)]
    net: NetArgs,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// markdown for the reviewer; json for a program (its shape is in
    /// docs/commands.md).
    #[arg(long, value_enum, default_value_t = ReviewFormat(crate::review::Format::Markdown))]
    format: ReviewFormat,
}

pub(super) fn run(args: ReviewArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let probe = if args.offline {
        None
    } else {
        // No probe flags of its own: claimtrack.toml's, else the defaults.
        Some(Settings::load(&root)?.probe(&ProbeFlags::default(), &args.net))
    };
    let opts = crate::review::Options {
        base: args.base,
        head: args.head,
        probe,
    };
    let review = crate::review::review(&root, &opts, &ProgressBar::new(cx.talk))?;
    let text = crate::review::render(&review, args.format.into());
    emit(&text, args.output.as_deref())?;
    Ok(EXIT_OK)
}
