//! claimtrack: claims made in news articles and the citations behind them,
//! kept as TOML files in git and checked.
//!
//! The binary is [`cli::main`]; the library behind it is for embedding a
//! check in another program, and for the integration tests and fuzz
//! targets, which are its other users. Public, and why:
//!
//! - [`check`]: one run ([`check::analyze`], [`check::run`]), its options
//!   and what it found.
//! - [`load`]: claims/ read into a [`model::ClaimSet`] (with an overlay:
//!   [`load::load_with`]).
//! - [`model`]: outlets, articles, claims, sources.
//! - [`files`]: the text of the loaded files and the spans into it
//!   ([`files::Files`], [`files::Sp`]) that the model and findings point at.
//! - [`diag`]: findings, their codes and severities.
//! - [`validate`]: the rules across files, on a loaded set.
//! - [`report`]: a run's findings rendered in each `--format`.
//! - [`error`]: what stops a run, by concern, with exit codes and help.
//! - [`config`]: claimtrack.toml, as the command line reads it.
//! - [`probe`]: the probe's settings, which [`check::ProbeOptions`] holds.
//! - [`layout`]: which path under claims/ is which kind of file.
//! - [`format`](mod@format): the canonical formatting of a claims file (`fmt`).
//! - [`text`]: from a page's bytes to text, and the excerpt search in it.
//! - [`escape`]: making untrusted text safe for HTML, Markdown, terminals
//!   and workflow commands (held by property tests).
//! - [`export`]: the set as ClaimReview JSON-LD, CSV or CSL-JSON.
//! - [`health`]: the figures of the report's charts (link rot, verdicts,
//!   dead and blocked over time), which a run's report carries.
//! - [`cli`]: only [`cli::main`], the binary's entry point.
//!
//! Everything else (archiving, `new`, git, ids, links, the query language,
//! `review`, the schemas, the site, the result store, what a page must
//! still say) serves the commands and is private to the crate.

#![warn(unreachable_pub)]

/// Where the project's source lives: Cargo.toml's `repository`, the one
/// place it is set (empty until it is).
pub(crate) const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where to read about claimtrack, for the user agent and SARIF: the
/// repository, else the crate's page on crates.io.
pub(crate) fn home() -> &'static str {
    if REPOSITORY.is_empty() {
        "https://crates.io/crates/claimtrack"
    } else {
        REPOSITORY
    }
}

pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod escape;
pub mod export;
pub mod files;
pub mod format;
pub mod health;
pub mod layout;
pub mod load;
pub mod model;
pub mod probe;
pub mod report;
pub mod text;
pub mod validate;

pub(crate) mod alloc;
pub(crate) mod archive;
pub(crate) mod create;
pub(crate) mod git;
pub(crate) mod ids;
pub(crate) mod import;
pub(crate) mod links;
pub(crate) mod query;
pub(crate) mod review;
pub(crate) mod schema;
pub(crate) mod site;
pub(crate) mod store;
pub(crate) mod wording;
