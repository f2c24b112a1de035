//! The command line: raw arguments (clap) turned into a command, run, and
//! its outcome turned into an exit code. Everything here is thin: the work
//! is done by `load`, `validate`, `query` and `render`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{self, Finding, Severity};
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error};
use crate::load::{self, Loaded};
use crate::model::Status;
use crate::query::{self, Filter};
use crate::render;
use crate::validate::{self, Context};

const EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings allowed)
  1  at least one finding is an error
  2  claimtrack could not run, or not completely: no claims/ found, bad
     arguments, an unreadable file or folder";

#[derive(Parser, Debug)]
#[command(
    name = "claimtrack",
    version,
    about = "Claims from news articles and the sources behind them, kept as TOML in git and checked.",
    after_help = EXIT_CODES
)]
struct Args {
    /// The folder that holds claims/ (default: the current folder or the
    /// nearest one above it that has a claims/ folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,

    /// When to color the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate every file under claims/ and report every finding.
    #[command(after_help = "Example:\n  claimtrack check --offline")]
    Check {
        /// Check the files' structure only; send no network request.
        #[arg(long)]
        offline: bool,
    },
    /// One line per claim: id, status, credited outlet, claim.
    #[command(
        after_help = "Examples:\n  claimtrack list --source reuters\n  claimtrack list --source \"The Washington Post\" --status unlocated\n  claimtrack list --format json"
    )]
    List {
        /// Claims credited to this outlet or citing a source from it: an
        /// outlet id, name or domain.
        #[arg(long, value_name = "OUTLET")]
        source: Option<String>,
        /// Claims with this status.
        #[arg(long, value_enum)]
        status: Option<Status>,
        /// Claims with this topic (any case).
        #[arg(long)]
        topic: Option<String>,
        /// Claims from this article folder.
        #[arg(long, value_name = "SLUG")]
        article: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// One claim in full, with its article and sources.
    #[command(after_help = "Example:\n  claimtrack show debt-write-off-2014")]
    Show {
        /// The claim id (its file name without .toml), or ARTICLE/ID.
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Runs claimtrack with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run(args: Args) -> Result<i32, Error> {
    let root = match &args.root {
        Some(dir) => dir.clone(),
        None => {
            let cwd = std::env::current_dir().map_err(|source| Error::ReadDir {
                path: ".".into(),
                source,
            })?;
            load::find_root(&cwd)?
        }
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    match args.command {
        Command::Check { offline } => check(&root, offline, color),
        Command::List {
            source,
            status,
            topic,
            article,
            format,
        } => {
            let (loaded, findings) = analyze(&root)?;
            let set = &loaded.set;
            warn_if_broken(&loaded, &findings);
            let outlet = match source {
                Some(q) => Some(query::resolve_outlet(set, &q)?.id.value.clone()),
                None => None,
            };
            if let Some(a) = &article {
                query::resolve_article(set, a)?;
            }
            let filter = Filter {
                outlet,
                status,
                topic,
                article,
            };
            let claims = query::filter(set, &filter);
            let text = match format {
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
        Command::Show { id, format } => {
            let (loaded, findings) = analyze(&root)?;
            warn_if_broken(&loaded, &findings);
            let set = &loaded.set;
            let claim = query::find_claim(set, &id)?;
            let text = match format {
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
    }
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// Loads claims/ and runs every structural rule.
fn analyze(root: &std::path::Path) -> Result<(Loaded, Vec<Finding>), Error> {
    let loaded = load::load(root)?;
    let cx = Context {
        latest_date: today()?.tomorrow().expect("not the end of time"),
        outlets_complete: loaded.outlets_complete,
    };
    let mut findings = loaded.findings.clone();
    findings.extend(validate::validate(&loaded.set, &cx));
    diag::sort(&mut findings);
    Ok((loaded, findings))
}

/// Today's date in UTC, or `CLAIMTRACK_TODAY` (YYYY-MM-DD) when set, so that
/// runs can be reproduced.
fn today() -> Result<jiff::civil::Date, Error> {
    if let Some(v) = std::env::var_os("CLAIMTRACK_TODAY") {
        let v = v.to_string_lossy();
        return v.parse().map_err(|_| Error::BadEnv {
            name: "CLAIMTRACK_TODAY",
            value: v.into_owned(),
            expected: "a date like 2026-11-28",
        });
    }
    Ok(jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date())
}

fn warn_if_broken(loaded: &Loaded, findings: &[Finding]) {
    for failure in &loaded.failures {
        eprintln!("warning: {failure}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: claims/ has {errors} error{}; claims that did not load are not shown (run `claimtrack check --offline`)",
            plural(errors)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check(root: &std::path::Path, offline: bool, color: bool) -> Result<i32, Error> {
    let started = Instant::now();
    let (loaded, findings) = analyze(root)?;
    print(&render::human(&findings, &loaded.set.files, color))?;
    for failure in &loaded.failures {
        eprintln!("error: {failure}\n");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let set = &loaded.set;
    let unread = if loaded.failures.is_empty() {
        String::new()
    } else {
        format!(", {} unreadable", loaded.failures.len())
    };
    eprintln!(
        "checked {} file{}{unread}: {} claim{} in {} article{}, {} outlet{}: {errors} error{}, {warnings} warning{} ({:.2} s)",
        set.files.len(),
        plural(set.files.len()),
        set.claims.len(),
        plural(set.claims.len()),
        set.articles.len(),
        plural(set.articles.len()),
        set.outlets.len(),
        plural(set.outlets.len()),
        plural(errors),
        plural(warnings),
        started.elapsed().as_secs_f64()
    );
    if !offline {
        eprintln!(
            "note: source URLs were not probed: this version checks structure only (as with --offline)"
        );
    }
    Ok(if !loaded.failures.is_empty() {
        EXIT_FAILURE
    } else if errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
