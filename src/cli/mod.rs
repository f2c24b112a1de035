//! The command line: raw arguments (clap) turned into a command, run, and
//! its outcome turned into an exit code. One file per command, each with
//! its flags (a `clap::Args`) and its `run`, as Cargo's
//! `src/bin/cargo/commands/` does; `settings` resolves flags against
//! claimtrack.toml, `output` prints, `prompt` asks, and `value_enums` holds
//! the flags' fixed values. Everything here is thin: the work is done by
//! the library (`check`, `review`, `query`, `report`…).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::{EXIT_FAILURE, EXIT_OK, Error};

mod archive;
mod check;
mod color;
mod completions;
mod export;
mod fmt;
mod import;
mod list;
mod man;
mod merge;
mod new;
mod output;
mod progress;
mod prompt;
mod report;
mod review;
mod schema;
mod settings;
mod show;
mod store;
mod value_enums;

use settings::{Context, Talk};
use value_enums::ColorChoice;

const EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings allowed)
  1  at least one finding is an error
  2  claimtrack could not run, or not completely: no claims/ found, bad
     arguments, a bad claimtrack.toml, an unknown git revision, no
     network, an unreadable file or folder, an unwritable --output";

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

    /// Say less: no progress and no summary lines (findings, failures
    /// and warnings are still printed).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// Say more: each URL's result on standard error as it arrives.
    #[arg(short, long, global = true)]
    verbose: bool,

    /// No progress bar, and no progress lines in CI.
    #[arg(long, global = true)]
    no_progress: bool,

    /// Read the settings from PATH instead of claimtrack.toml in the
    /// repository's root (which must then exist).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

// Each command's help (its doc comment and examples) is on its own
// `clap::Args` struct; the variants carry none, so as not to override it.
#[derive(Subcommand, Debug)]
enum Command {
    Check(check::CheckArgs),
    Review(review::ReviewArgs),
    Archive(archive::ArchiveArgs),
    New(new::NewArgs),
    Import(import::ImportArgs),
    Fmt(fmt::FmtArgs),
    Report(report::ReportArgs),
    Export(export::ExportArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
    Schema(schema::SchemaArgs),
    List(list::ListArgs),
    Show(show::ShowArgs),
    Store(store::StoreArgs),
    Merge(merge::MergeArgs),
}

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
        Err(e) if e.exit_code() == EXIT_OK => EXIT_OK,
        Err(e) => {
            output::fail("error", &e);
            e.exit_code()
        }
    }
}

fn run(args: Args) -> Result<i32, Error> {
    if let Some(path) = args.config {
        settings::use_config(path);
    }
    let cx = Context::new(args.root, args.color).talk(Talk {
        quiet: args.quiet,
        verbose: args.verbose,
        progress: !args.no_progress && !args.quiet,
    });
    match args.command {
        Command::Check(a) => check::run(&a, &cx),
        Command::Review(a) => review::run(a, &cx),
        Command::Archive(a) => archive::run(a, &cx),
        Command::New(a) => new::run(a, &cx),
        Command::Import(a) => import::run(a, &cx),
        Command::Fmt(a) => fmt::run(&a, &cx),
        Command::Report(a) => report::run(&a, &cx),
        Command::Export(a) => export::run(&a, &cx),
        Command::Completions(a) => completions::run(&a),
        Command::Man(a) => man::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::List(a) => list::run(a, &cx),
        Command::Show(a) => show::run(&a, &cx),
        Command::Store(a) => store::run(&a, &cx),
        Command::Merge(a) => merge::run(&a, &cx),
    }
}

#[cfg(test)]
mod help_tests;
