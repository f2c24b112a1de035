//! `claimtrack archive`: Wayback Machine snapshots written into the claim
//! files.

use super::completions::claim_candidates;
use super::output::{archive_summary, print, say, warn_if_broken};
use super::settings::{Context, Settings, base_url, latest_date, today};
use crate::archive::{self, DEFAULT_SAVE_URL, DEFAULT_WAYBACK_URL};
use crate::error::{EXIT_FAILURE, EXIT_OK, Error};

/// Find a Wayback Machine snapshot for every source without an
/// `archive` (the one closest to its `accessed` date) and write it into
/// the claim file, changing nothing else in it.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack archive\n  claimtrack archive debt-write-off-2014 --dry-run\n  claimtrack archive --save"
)]
pub(super) struct ArchiveArgs {
    /// Claims to archive (ID or ARTICLE/ID); none: every claim.
    #[arg(add = clap_complete::ArgValueCandidates::new(claim_candidates))]
    ids: Vec<String>,
    /// Ask Save Page Now to capture sources that have no snapshot yet.
    #[arg(long)]
    save: bool,
    /// Show the changes as a diff instead of writing them.
    #[arg(long)]
    dry_run: bool,
    /// The availability API's base URL [default: https://archive.org].
    /// Never read from claimtrack.toml.
    #[arg(long, value_name = "URL", env = "CLAIMTRACK_WAYBACK_URL")]
    wayback_url: Option<url::Url>,
    /// Save Page Now's base URL [default: https://web.archive.org].
    /// Never read from claimtrack.toml.
    #[arg(long, value_name = "URL", env = "CLAIMTRACK_SAVE_URL")]
    save_url: Option<url::Url>,
}

pub(super) fn run(args: ArchiveArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let settings = Settings::load(&root)?;
    let opts = archive::Options {
        ids: args.ids,
        save: args.save,
        dry_run: args.dry_run,
        wayback_url: base_url(args.wayback_url, DEFAULT_WAYBACK_URL),
        save_url: base_url(args.save_url, DEFAULT_SAVE_URL),
        timeout: settings.archive_timeout(),
        today: today()?,
    };
    let (loaded, findings) = crate::check::analyze(&root, latest_date()?)?;
    warn_if_broken(&loaded, &findings);
    let run = archive::run(&loaded.set, &opts)?;
    print(&run.diff)?;
    for (url, why) in &run.failed {
        say("error", format_args!("cannot look up {url}: {why}"));
    }
    for path in &run.changed_meanwhile {
        say(
            "error",
            format_args!(
                "{} changed on disk while claimtrack ran; it was not written: run again",
                path.display()
            ),
        );
    }
    for url in &run.without_snapshot {
        let more = if opts.save {
            ""
        } else {
            " (--save asks for one)"
        };
        say("note", format_args!("no snapshot of {url}{more}"));
    }
    if !cx.talk.quiet {
        eprintln!("{}", archive_summary(&run, opts.dry_run));
    }
    Ok(
        if run.failed.is_empty() && run.changed_meanwhile.is_empty() {
            EXIT_OK
        } else {
            EXIT_FAILURE
        },
    )
}
