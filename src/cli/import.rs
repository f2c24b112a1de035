//! `claimtrack import`: articles into claim files, one per crediting
//! sentence.

use super::completions::outlet_candidates;
use super::output::print;
use super::progress::ProgressBar;
use super::settings::{Context, NetArgs, ProbeFlags, Settings, latest_date, today};
use super::value_enums::Format;
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error, SettingsError};
use crate::import::{self, Input};

/// Read an article (a file, `-` for standard input, or a URL) and write its
/// folder: article.toml with what the page says of itself, and a claim
/// file for every sentence that credits someone, ready to be restated,
/// sourced and reviewed. Checked before anything is written; never over an
/// existing file.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack import article.txt --outlet eastern-herald\n  claimtrack import https://www.example.com/news/story.html --dry-run\n  claimtrack import saved-page.html --url https://www.example.com/news/story.html\n  pbpaste | claimtrack import - --outlet reuters --article debt-talks"
)]
pub(super) struct ImportArgs {
    /// A file (.txt, .md, .html), `-` for standard input, or an http(s)
    /// URL. Repeatable: one article folder each.
    #[arg(value_name = "SOURCE", required = true)]
    sources: Vec<String>,
    /// The article folder's name (kebab-case) [default: from the headline].
    #[arg(long, value_name = "SLUG")]
    article: Option<String>,
    /// The outlet that published the article [default: from its URL or
    /// site name, else proposed as a new outlet].
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
    outlet: Option<String>,
    /// The article's own address, when SOURCE is a file or standard input.
    #[arg(long, value_name = "URL")]
    url: Option<url::Url>,
    /// Also a claim for every sentence that states a checkable fact (a
    /// number, a date, a named event), credited or not.
    #[arg(long)]
    all: bool,
    /// Print the files instead of writing them.
    #[arg(long)]
    dry_run: bool,
    /// Into an article imported already: add only the claims whose quote is
    /// not in its folder yet.
    #[arg(long)]
    merge: bool,
    /// What is printed: the files (with --dry-run) and a summary, or one
    /// JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Seconds fetching a URL may take [default: 15].
    #[arg(long, value_name = "SECS", value_parser = crate::config::parse_secs)]
    timeout: Option<f64>,
    #[command(flatten)]
    net: NetArgs,
}

fn is_id(s: &str) -> bool {
    crate::ids::is_kebab_case(s) && s.len() <= crate::ids::MAX_ID_LEN
}

/// Refuses flags that cannot apply: one article's names with several
/// inputs, a folder name that is not one.
fn check_args(args: &ImportArgs) -> Result<(), Error> {
    if args.sources.len() > 1 && (args.article.is_some() || args.url.is_some()) {
        return Err(SettingsError::Usage {
            message: "--article and --url name one article, and several SOURCEs were given".into(),
            help: "import the articles one at a time, or leave out --article and --url".into(),
        }
        .into());
    }
    if let Some(slug) = args.article.as_deref().filter(|s| !is_id(s)) {
        return Err(SettingsError::Usage {
            message: format!("--article `{slug}` is not a folder name"),
            help: format!(
                "write it in kebab-case (a-z, 0-9 and single hyphens), at most {} characters",
                crate::ids::MAX_ID_LEN
            ),
        }
        .into());
    }
    Ok(())
}

pub(super) fn run(args: ImportArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    check_args(&args)?;
    let flags = ProbeFlags {
        timeout: args.timeout,
        ..ProbeFlags::default()
    };
    let probe = Settings::load(&root)?.probe(&flags, &args.net);
    let opts = import::Options {
        article: args.article,
        outlet: args.outlet,
        url: args.url,
        all: args.all,
        merge: args.merge,
        today: today()?,
        latest: latest_date()?,
    };
    let inputs: Vec<Input> = args.sources.iter().map(|s| Input::parse(s)).collect();
    let bar = ProgressBar::counting("importing", "articles", cx.talk);
    let progress: &dyn crate::check::Progress = if inputs.len() > 1 {
        &bar
    } else {
        &crate::check::NoProgress
    };
    let run = import::run(&root, &inputs, &opts, &probe, progress)?;
    let written = if run.refused.is_none() && !args.dry_run {
        import::write(&root, &run)?
    } else {
        0
    };
    match args.format {
        Format::Json => print(&import::render::json(&run, args.dry_run, written))?,
        Format::Text => show(&run, args.dry_run, written, cx.color)?,
    }
    Ok(if !run.failures.is_empty() {
        EXIT_FAILURE
    } else if run.refused.is_some() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The dry run's files or the findings that refused them on standard
/// output; the failures and the summary on standard error.
fn show(run: &import::Run, dry_run: bool, written: usize, color: bool) -> Result<(), Error> {
    if let Some(refused) = &run.refused {
        print(&crate::report::human::human(
            &refused.findings,
            &refused.set.files,
            color,
        ))?;
    } else if dry_run {
        // Text from the page: inert on a terminal and in a CI log (the
        // JSON format keeps it exact).
        let files = import::render::files(run);
        print(&crate::escape::workflow_lines(&crate::escape::terminal(
            &files,
        )))?;
    }
    for failure in &run.failures {
        super::output::fail("error", failure);
    }
    let summary = import::render::summary(run, dry_run, written);
    eprintln!(
        "{}",
        crate::escape::workflow_lines(&crate::escape::terminal(&summary))
    );
    Ok(())
}
