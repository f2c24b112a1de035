//! `claimtrack report`: the static HTML site, with probe states from the
//! result store that `check` writes.

use std::path::PathBuf;

use super::output::{print, say, warn_if_broken};
use super::settings::{Context, Settings, latest_date};
use crate::error::{EXIT_FINDINGS, EXIT_OK, Error};

/// Write a static HTML site of the claims: an index with charts of link
/// rot and verdicts, filters and a search, and a page per claim; probe
/// states from the result store.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  claimtrack report --html site/  # then open site/index.html")]
pub(super) struct ReportArgs {
    /// The folder to write the site to.
    #[arg(long, value_name = "DIR")]
    html: PathBuf,
    /// The result store to take probe states from [default:
    /// .claimtrack/cache in the repository root].
    #[arg(long, value_name = "PATH")]
    cache: Option<PathBuf>,
}

pub(super) fn run(args: &ReportArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let (loaded, findings) = crate::check::analyze(&root, latest_date()?)?;
    if let Some(refused) = crate::site::refusal(&findings, &loaded.set.files, cx.color) {
        print(&refused)?;
        eprintln!(
            "error: report refused: names that break the naming rules would become file and link names; nothing was written\n  help: rename them as shown, then run `claimtrack report` again"
        );
        return Ok(EXIT_FINDINGS);
    }
    warn_if_broken(&loaded, &findings);
    // Where `check` writes it: --cache, else claimtrack.toml's, else the default.
    let settings = Settings::load(&root)?;
    let store_path = settings.store(args.cache.as_deref())?;
    // With `[publisher]`, each claim page carries its ClaimReview.
    let publisher = settings.publisher_if_any()?;
    let store = store_path
        .exists()
        .then(|| crate::store::Store::open(&store_path));
    if let Some(w) = store.as_ref().and_then(|s| s.warning.as_ref()) {
        say("warning", w);
    }
    if store.is_none() {
        eprintln!(
            "note: no result store at {}: sources are shown as not checked (run `claimtrack check` first)",
            store_path.display()
        );
    }
    let pages = crate::site::write(&loaded.set, store.as_ref(), publisher.as_ref(), &args.html)?;
    if !cx.talk.quiet {
        eprintln!("wrote {pages} pages to {}", args.html.display());
    }
    Ok(EXIT_OK)
}
