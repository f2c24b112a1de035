//! `claimtrack new`: flags, or answers to prompts on a terminal, into a
//! new file checked before it is written.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::completions::outlet_candidates;
use super::output::print;
use super::prompt::Asker;
use super::settings::{Context, latest_date, today};
use super::value_enums::{Credit, Status};
use crate::create;
use crate::error::{EXIT_FINDINGS, EXIT_OK, Error, LookupError, SettingsError, WriteError};
use crate::model::ClaimSet;

/// Create an article, a claim or an outlet: checked before it is
/// written, never over an existing file. Missing values are asked for
/// on a terminal.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack new article kremlin-ties --title \"Putin's Ally\" --outlet eastern-herald\n  claimtrack new claim kremlin-ties/debt-2014 --claim \"Russia wrote off the debt.\" --source https://www.reuters.com/…\n  claimtrack new outlet tass --name TASS --domain tass.com"
)]
pub(super) struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
    /// Print the file instead of writing it.
    #[arg(long, global = true)]
    dry_run: bool,
}

#[derive(clap::Subcommand, Debug)]
enum NewCommand {
    Article(ArticleArgs),
    Claim(ClaimArgs),
    Outlet(OutletArgs),
}

/// A new article: claims/SLUG/article.toml
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  claimtrack new article kremlin-ties --title \"Putin's Strategic Ally\" --outlet eastern-herald"
)]
struct ArticleArgs {
    /// The article folder's name (kebab-case).
    slug: Option<String>,
    /// The article's headline, as published.
    #[arg(long)]
    title: Option<String>,
    /// The outlet id of the publisher.
    #[arg(long, add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
    outlet: Option<String>,
    /// The article's address on the web.
    #[arg(long)]
    url: Option<String>,
    /// The day it was published: YYYY-MM-DD.
    #[arg(long)]
    published: Option<jiff::civil::Date>,
}

/// A new claim of an article: claims/ARTICLE/ID.toml
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  claimtrack new claim kremlin-ties/debt-2014 --claim \"Russia wrote off 90% of the debt.\" --attributed-to reuters --source https://www.reuters.com/…"
)]
struct ClaimArgs {
    /// ARTICLE/ID: the article folder and the claim's id (kebab-case).
    id: Option<String>,
    /// The claim, in one sentence of our own.
    #[arg(long)]
    claim: Option<String>,
    /// The article's own words, verbatim.
    #[arg(long)]
    quote: Option<String>,
    /// The outlet id the article credits.
    #[arg(long, add = clap_complete::ArgValueCandidates::new(outlet_candidates))]
    attributed_to: Option<String>,
    /// The crediting phrase as printed.
    #[arg(long)]
    attribution: Option<String>,
    /// A source URL (its outlet inferred, accessed today). Repeatable.
    #[arg(long = "source", value_name = "URL")]
    sources: Vec<String>,
    /// The verdict on the claim's truth.
    #[arg(long, value_enum, default_value_t = Status(crate::model::Status::Unverified))]
    status: Status,
    /// Did the credited outlet say it (with --attributed-to) [default:
    /// not written, which is unchecked]. `confirmed` also needs the
    /// credited piece marked `credited = true` with an `excerpt`: edit
    /// the file.
    #[arg(long, value_enum)]
    credit: Option<Credit>,
    /// A topic the claim is about (`Economy`). Repeatable.
    #[arg(long = "topic", value_name = "TOPIC")]
    topics: Vec<String>,
}

/// A table in claims/outlets.toml (its comments kept)
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  claimtrack new outlet tass --name TASS --domain tass.com --domain tass.ru"
)]
struct OutletArgs {
    /// The outlet's id (kebab-case).
    id: Option<String>,
    /// The outlet's name, as it prints it (`The Washington Post`).
    #[arg(long)]
    name: Option<String>,
    /// A web domain of the outlet. Repeatable.
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// The outlet's home page.
    #[arg(long)]
    homepage: Option<String>,
}

/// A new file: where it goes (from the root), its text, and how it is
/// written.
struct Draft {
    shown: PathBuf,
    text: String,
    /// The length of the file it extends (outlets.toml), else 0.
    before: usize,
    /// Whether it extends an existing file instead of creating one.
    replace: bool,
}

pub(super) fn run(args: NewArgs, cx: &Context) -> Result<i32, Error> {
    let root = cx.root()?;
    let latest = latest_date()?;
    let set = crate::check::analyze(&root, latest)?.0.set;
    let mut ask = Asker::new();
    let draft = match args.what {
        NewCommand::Article(a) => article(a, &mut ask, &set)?,
        NewCommand::Claim(c) => claim(c, &mut ask, &set)?,
        NewCommand::Outlet(o) => outlet(o, &mut ask, &set, &root)?,
    };
    write(&root, &draft, args.dry_run, cx.color, latest)
}

/// The known outlets, for a question.
fn outlets(set: &ClaimSet) -> String {
    set.outlets
        .iter()
        .map(|o| format!("{} ({})", o.id.value, o.name.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn article(args: ArticleArgs, ask: &mut Asker, set: &ClaimSet) -> Result<Draft, Error> {
    let slug = ask.value(args.slug, "SLUG", "Article folder (kebab-case)")?;
    let slug = ask.id(slug, "article folder")?;
    let title = ask.value(args.title, "--title", "Title")?;
    let outlet = ask.value(
        args.outlet,
        "--outlet",
        &format!("Outlet ({})", outlets(set)),
    )?;
    ask.done()?;
    let spec = create::ArticleSpec {
        slug,
        title,
        outlet,
        url: args.url,
        published: args.published,
        byline: None,
        section: None,
    };
    Ok(Draft {
        shown: crate::layout::article_path(&spec.slug),
        text: create::article_text(&spec),
        before: 0,
        replace: false,
    })
}

/// `ARTICLE/ID` split; both empty when nothing was given.
fn split_claim_id(full: &str) -> Result<(String, String), Error> {
    let not = |what: &str| {
        Error::from(SettingsError::Usage {
            message: format!("`{full}` is not ARTICLE/ID{what}"),
            help: "name the article folder and the claim: kremlin-ties/debt-2014".into(),
        })
    };
    match full.split_once('/') {
        Some((a, i)) if a.is_empty() || i.is_empty() || i.contains('/') => {
            Err(not(": a part is missing"))
        }
        Some((a, i)) => Ok((a.to_string(), i.to_string())),
        None if full.is_empty() => Ok((String::new(), String::new())),
        None => Err(not("")),
    }
}

fn claim(args: ClaimArgs, ask: &mut Asker, set: &ClaimSet) -> Result<Draft, Error> {
    let full = ask.value(args.id, "ARTICLE/ID", "Claim (ARTICLE/ID)")?;
    let (article, id) = split_claim_id(&full)?;
    if !article.is_empty() && set.article(&article).is_none() {
        return Err(LookupError::UnknownArticle {
            slug: article,
            known: Vec::new(),
            create: true,
        }
        .into());
    }
    let id = ask.id(id, "claim id")?;
    let claim = ask.value(
        args.claim,
        "--claim",
        "The claim, in one sentence of our own",
    )?;
    ask.done()?;
    let spec = create::ClaimSpec {
        article,
        id,
        claim,
        quote: args.quote,
        attributed_to: args.attributed_to,
        attribution: args.attribution,
        sources: args.sources,
        status: args.status.into(),
        credit: args.credit.map(Into::into),
        note: None,
        topics: args.topics,
    };
    Ok(Draft {
        shown: crate::layout::claim_path(&spec.article, &spec.id),
        text: create::claim_text(&spec, set, today()?),
        before: 0,
        replace: false,
    })
}

fn outlet(args: OutletArgs, ask: &mut Asker, set: &ClaimSet, root: &Path) -> Result<Draft, Error> {
    let id = ask.value(args.id, "ID", "Outlet id (kebab-case)")?;
    let id = ask.id(id, "outlet id")?;
    let name = ask.value(args.name, "--name", "Name")?;
    ask.done()?;
    if set.outlet(&id).is_some() {
        return Err(SettingsError::Usage {
            message: format!("outlet `{id}` exists already"),
            help: "edit claims/outlets.toml, or choose another id".into(),
        }
        .into());
    }
    let existing =
        std::fs::read_to_string(root.join(crate::layout::outlets_path())).unwrap_or_default();
    let spec = create::OutletSpec {
        id,
        name,
        domains: args.domains,
        homepage: args.homepage,
    };
    Ok(Draft {
        shown: crate::layout::outlets_path(),
        text: create::outlets_text(&existing, &spec),
        before: existing.len(),
        replace: true,
    })
}

/// Checks the draft as `check` would, then prints or writes it.
fn write(
    root: &Path,
    draft: &Draft,
    dry_run: bool,
    color: bool,
    latest: Date,
) -> Result<i32, Error> {
    let Draft {
        shown,
        text,
        before,
        replace,
    } = draft;
    if !replace && root.join(shown).exists() {
        return Err(WriteError::Exists {
            path: shown.clone(),
        }
        .into());
    }
    if let Err(refused) = create::validate(root, shown, text, latest, *before)? {
        print(&crate::report::human::human(
            &refused.findings,
            &refused.set.files,
            color,
        ))?;
        eprintln!(
            "{} was not written: it would not pass `claimtrack check`",
            shown.display()
        );
        return Ok(EXIT_FINDINGS);
    }
    if dry_run {
        print(text)?;
        return Ok(EXIT_OK);
    }
    create::save(root, shown, text, replace.then_some(*before))?;
    if *replace {
        eprintln!("added to {}", shown.display());
    } else {
        eprintln!("created {}", shown.display());
    }
    Ok(EXIT_OK)
}
