//! The command line: raw arguments (clap) turned into a command, run, and
//! its outcome turned into an exit code. Everything here is thin: the work
//! is done by `check`, `review`, `query` and `report`; this module resolves
//! flags against claimtrack.toml, prints, and draws the progress bar.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckRun, Options, Partition, ProbeOptions, Progress};
use crate::config::{self, CheckConfig};
use crate::diag::{Finding, Severity};
use crate::error::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Error};
use crate::load::{self, Loaded};
use crate::model::Status;
use crate::probe::{self, policy::AddressPolicy};
use crate::query::{self, Filter};
use crate::report::{self, Report};
use crate::review;

mod args;
mod check_cmd;
mod fmt;
mod new;

use args::*;
use check_cmd::{ProgressBar, check, probe_settings};
use fmt::fmt;
use new::new;

const EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings allowed)
  1  at least one finding is an error
  2  claimtrack could not run, or not completely: no claims/ found, bad
     arguments, a bad claimtrack.toml, an unknown git revision, no
     network, an unreadable file or folder, an unwritable --output";

/// Runs claimtrack with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    // A shell asking for completions (COMPLETE=bash …) is answered here.
    clap_complete::CompleteEnv::with_factory(<Args as clap::CommandFactory>::command).complete();
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
            say("error", &e);
            e.exit_code()
        }
    }
}

fn run(args: Args) -> Result<i32, Error> {
    // Found when a command needs it: `schema` does not.
    let find_root = || match &args.root {
        Some(dir) => Ok(dir.clone()),
        None => {
            let cwd = std::env::current_dir().map_err(|source| Error::ReadDir {
                path: ".".into(),
                source,
            })?;
            load::find_root(&cwd)
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
        Command::Schema { kind, dir } => schema(kind.as_deref(), dir.as_deref()),
        Command::Completions { shell } => {
            let shells = clap_complete::env::Shells::builtins();
            let completer = shells.completer(&shell).expect("clap checked the shell");
            let mut script = Vec::new();
            completer
                .write_registration(
                    "COMPLETE",
                    "claimtrack",
                    "claimtrack",
                    "claimtrack",
                    &mut script,
                )
                .map_err(Error::Output)?;
            print(&String::from_utf8_lossy(&script))?;
            Ok(EXIT_OK)
        }
        Command::Man { dir } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Args as clap::CommandFactory>::command())
                .render(&mut page)
                .map_err(Error::Output)?;
            let page = String::from_utf8_lossy(&page).into_owned();
            match dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).map_err(|source| Error::WriteOutput {
                        path: dir.clone(),
                        source,
                    })?;
                    emit(&page, Some(&dir.join("claimtrack.1")))?;
                }
                None => print(&page)?,
            }
            Ok(EXIT_OK)
        }
        Command::Fmt { paths, check } => fmt(&find_root()?, &paths, check),
        Command::Report { html, cache } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            if let Some(refused) = crate::site::refusal(&findings, &loaded.set.files, color) {
                print(&refused)?;
                eprintln!(
                    "error: report refused: names that break the naming rules would become file and link names; nothing was written\n  help: rename them as shown, then run `claimtrack report` again"
                );
                return Ok(EXIT_FINDINGS);
            }
            warn_if_broken(&loaded, &findings);
            let store_path = cache.unwrap_or_else(|| root.join(".claimtrack").join("cache"));
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
            let pages = crate::site::write(&loaded.set, store.as_ref(), &html)?;
            eprintln!("wrote {pages} pages to {}", html.display());
            Ok(EXIT_OK)
        }
        Command::Export { format, output } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            warn_if_broken(&loaded, &findings);
            let text = match format {
                crate::export::Format::Csv => crate::export::csv(&loaded.set)?,
                crate::export::Format::CslJson => crate::export::csl_json(&loaded.set),
                crate::export::Format::Claimreview => {
                    let cfg = load_config(&root)?;
                    let p = cfg.publisher.unwrap_or_default();
                    let missing: Vec<&str> = [("name", &p.name), ("url", &p.url)]
                        .iter()
                        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
                        .map(|(k, _)| *k)
                        .collect();
                    if !missing.is_empty() {
                        return Err(Error::Config {
                            path: config::CONFIG_FILE.into(),
                            message: format!(
                                "ClaimReview needs its publisher: [publisher] lacks {}\n  help: add to claimtrack.toml:\n    [publisher]\n    name = \"Your fact-checking desk\"\n    url = \"https://…\"",
                                missing.join(" and ")
                            ),
                        });
                    }
                    let publisher = crate::export::Publisher {
                        name: p.name.unwrap_or_default(),
                        url: p.url.unwrap_or_default(),
                    };
                    crate::export::claimreview(&loaded.set, &publisher)
                }
            };
            emit(&text, output.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::New { what, dry_run } => new(&find_root()?, what, dry_run, color),
        Command::Check(check_args) => check(&find_root()?, &check_args, color),
        Command::Review {
            base,
            head,
            offline,
            net,
            output,
            format,
        } => {
            let root = find_root()?;
            let probe = (!offline)
                .then(|| Ok::<_, Error>(probe_settings(&net, &load_config(&root)?.check, None)));
            let opts = review::Options {
                base,
                head,
                probe: probe.transpose()?,
                latest_date: latest_date()?,
            };
            let review = review::review(&root, &opts, &ProgressBar::new())?;
            emit(&review::render(&review, format.into()), output.as_deref())?;
            Ok(EXIT_OK)
        }
        Command::Archive {
            ids,
            save,
            dry_run,
            wayback_url,
            save_url,
        } => {
            let root = find_root()?;
            let cfg = load_config(&root)?;
            let base = |flag: Option<url::Url>, default: &str| {
                flag.unwrap_or_else(|| url::Url::parse(default).expect("the default parses"))
            };
            let opts = crate::archive::Options {
                ids,
                save,
                dry_run,
                wayback_url: base(wayback_url, crate::archive::DEFAULT_WAYBACK_URL),
                save_url: base(save_url, crate::archive::DEFAULT_SAVE_URL),
                timeout: cfg
                    .check
                    .timeout
                    .map_or(Duration::from_secs(30), Duration::from_secs_f64),
                today: today()?,
            };
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
            warn_if_broken(&loaded, &findings);
            let run = crate::archive::run(&loaded.set, &opts)?;
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
                let more = if save { "" } else { " (--save asks for one)" };
                say("note", format_args!("no snapshot of {url}{more}"));
            }
            let sources: usize = run.written.values().sum();
            let verb = if dry_run {
                "would be archived"
            } else {
                "archived"
            };
            eprintln!(
                "{sources} source{} {verb} in {} file{}; {} without a snapshot; {} failed",
                plural(sources),
                run.written.len(),
                plural(run.written.len()),
                run.without_snapshot.len(),
                run.failed.len() + run.changed_meanwhile.len()
            );
            Ok(
                if run.failed.is_empty() && run.changed_meanwhile.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_FAILURE
                },
            )
        }
        Command::List {
            source,
            status,
            topic,
            article,
            format,
        } => {
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
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
            let root = find_root()?;
            let (loaded, findings) = check::analyze(&root, latest_date()?)?;
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

/// A path from the checkout, shown on one line, inert in a terminal and a
/// CI log.
fn inert(path: &Path) -> String {
    let shown = path.display().to_string();
    crate::escape::workflow_lines(&crate::escape::terminal_line(&shown)).into_owned()
}

/// A message on standard error, inert in a terminal and a CI log: it may
/// hold file names and text from the checkout.
fn say(level: &str, message: impl std::fmt::Display) {
    let text = format!("{level}: {message}");
    eprintln!(
        "{}",
        crate::escape::workflow_lines(&crate::escape::terminal(&text))
    );
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// The latest date that is not in the future: today plus a day of slack,
/// so that a date written east of UTC is never "in the future".
fn latest_date() -> Result<jiff::civil::Date, Error> {
    let today = today()?;
    today.tomorrow().map_err(|_| Error::BadEnv {
        name: "CLAIMTRACK_TODAY",
        value: today.to_string(),
        expected: "a date like 2026-11-28, before 9999-12-31",
    })
}

/// claimtrack.toml, with a warning printed for each key that is ignored.
fn load_config(root: &Path) -> Result<config::Config, Error> {
    let cfg = config::load(root)?;
    for w in cfg.ignored() {
        say("warning", &w);
    }
    Ok(cfg)
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
        say("warning", failure);
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

fn schema(kind: Option<&str>, dir: Option<&Path>) -> Result<i32, Error> {
    if let Some(kind) = kind {
        print(&crate::schema::text(kind).expect("clap checked the kind"))?;
        return Ok(EXIT_OK);
    }
    let dir = dir.expect("clap requires a kind or --dir");
    std::fs::create_dir_all(dir).map_err(|source| Error::WriteOutput {
        path: dir.to_path_buf(),
        source,
    })?;
    for (kind, file) in crate::schema::KINDS {
        let text = crate::schema::text(kind).expect("a known kind");
        emit(&text, Some(&dir.join(file)))?;
    }
    Ok(EXIT_OK)
}

/// Prints `text`, or writes it atomically to `output`.
fn emit(text: &str, output: Option<&Path>) -> Result<(), Error> {
    match output {
        Some(path) => {
            crate::files::write_atomic(path, text.as_bytes()).map_err(|source| Error::WriteOutput {
                path: path.to_path_buf(),
                source,
            })
        }
        None => print(text),
    }
}
