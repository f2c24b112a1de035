//! A check run's findings as text: for people (`human`), for programs
//! (`json`, `sarif`), for GitHub (`github` annotations, `markdown`
//! summaries). Each format is a function from a [`Report`] to a String.

mod github;
pub mod human;
pub(crate) mod json;
mod markdown;
pub mod merge;
mod sarif;

use schemars::JsonSchema;
use serde::Serialize;

use crate::diag::{Finding, Severity};
use crate::files::Files;

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
    Markdown,
    Sarif,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Github,
        Format::Markdown,
        Format::Sarif,
    ];

    /// Its name, as `--format` takes it.
    pub fn as_str(self) -> &'static str {
        ["human", "json", "github", "markdown", "sarif"][self as usize]
    }

    /// What it is for, in a phrase.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "rustc-style text with the source line and a caret",
            Format::Json => "One JSON document (shape documented in docs/ci.md)",
            Format::Github => "GitHub Actions workflow commands: inline annotations on the diff",
            Format::Markdown => "A summary for $GITHUB_STEP_SUMMARY or a pull-request comment",
            Format::Sarif => "SARIF 2.1.0, for GitHub code scanning",
        }
    }
}

/// Everything a report says about one run.
pub struct Report<'a> {
    pub files: &'a Files,
    /// Sorted for display (see `diag::sort`).
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub settings: RunSettings,
    /// What stopped part of the run (an unreadable file, no network): not
    /// findings; the human formats leave them to standard error.
    pub failures: Vec<&'a crate::error::Error>,
    /// The figures of the report's charts, for the formats that carry
    /// them (`json`, `markdown`); `None` when not computed.
    pub health: Option<&'a crate::health::Health>,
}

/// The counts of a run.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Summary {
    /// Files read under claims/.
    pub files: usize,
    /// Files that could not be read (each is also among `failures`).
    pub unreadable: usize,
    /// Complete claims loaded.
    pub claims: usize,
    /// Articles loaded.
    pub articles: usize,
    /// Outlets in outlets.toml.
    pub outlets: usize,
    /// Findings of severity `error`.
    pub errors: usize,
    /// Findings of severity `warning`.
    pub warnings: usize,
    /// How the URLs ended; null when none was probed (`--offline`).
    pub urls: Option<UrlCounts>,
    /// How long the run took, in milliseconds.
    pub duration_ms: u64,
    /// Of that, how long reading and checking the files took.
    pub load_ms: u64,
}

/// How the URLs of a run ended.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct UrlCounts {
    /// Every distinct URL the claims cite.
    pub total: usize,
    /// The URLs this run asked about (after `--changed-since` and
    /// `--partition`).
    pub probed: usize,
    /// The fresh `ok` results reused from the result store.
    pub from_store: usize,
    /// The URLs of this run that a pattern left out (`--exclude`,
    /// `--include`, `[check] exclude`, `.claimtrackignore`): not probed.
    pub excluded: usize,
    /// URLs that answered.
    pub ok: usize,
    /// URLs that end on a page through a permanent redirect.
    pub redirected: usize,
    /// URLs that are dead.
    pub dead: usize,
    /// URLs whose site refused an automated request.
    pub blocked: usize,
    /// URLs that answered 5xx.
    pub server_error: usize,
    /// URLs that did not answer in time.
    pub timeout: usize,
    /// URLs that could not be reached (DNS, connection, TLS, HTTP).
    pub unreachable: usize,
    /// URLs never probed because of their address.
    pub refused: usize,
    /// Excerpts and quotes looked for on the pages of this run and found.
    pub excerpts_found: usize,
    /// Excerpts and quotes not on their page.
    pub excerpts_missing: usize,
    /// Excerpts and quotes that could not be looked for.
    pub excerpts_unverifiable: usize,
}

impl UrlCounts {
    /// `12 urls: 10 ok, 1 dead, 1 blocked`: every state with a count, `ok`
    /// always.
    pub fn line(&self) -> String {
        let states = [
            ("ok", self.ok),
            ("redirected", self.redirected),
            ("dead", self.dead),
            ("blocked", self.blocked),
            ("server-error", self.server_error),
            ("timeout", self.timeout),
            ("unreachable", self.unreachable),
            ("refused", self.refused),
        ];
        let parts: Vec<String> = states
            .iter()
            .filter(|(name, n)| *n > 0 || *name == "ok")
            .map(|(name, n)| format!("{n} {name}"))
            .collect();
        let mut s = format!(
            "{} url{}: {}",
            self.total,
            if self.total == 1 { "" } else { "s" },
            parts.join(", ")
        );
        if self.from_store > 0 {
            s.push_str(&format!(" ({} ok from the result store)", self.from_store));
        }
        if self.excluded > 0 {
            s.push_str(&format!(", {} excluded", self.excluded));
        }
        let skipped = self.total - self.probed - self.from_store - self.excluded;
        if skipped > 0 {
            s.push_str(&format!(", {skipped} not probed in this run"));
        }
        let looked = self.excerpts_found + self.excerpts_missing + self.excerpts_unverifiable;
        if looked > 0 {
            s.push_str(&format!(
                "; {looked} excerpt{}: {} found, {} missing, {} unverifiable",
                if looked == 1 { "" } else { "s" },
                self.excerpts_found,
                self.excerpts_missing,
                self.excerpts_unverifiable
            ));
        }
        s
    }
}

/// The settings a run used, as the JSON report records them.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct RunSettings {
    /// `--offline`: no URL was probed.
    pub offline: bool,
    /// Requests in flight at most.
    pub concurrency: usize,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// The timeout of one request, in seconds.
    pub timeout_secs: f64,
    /// Retries of a transient failure.
    pub retries: u32,
    /// The longest `Retry-After` honoured, in seconds.
    pub max_retry_wait_secs: f64,
    /// `--strict`: a transient failure is an error at once.
    pub strict: bool,
    /// The result store's path; null with `--no-cache`.
    pub cache: Option<String>,
    /// How long an `ok` result in the store is reused, in seconds.
    pub cache_ttl_secs: u64,
    /// `--allow-loopback`: loopback addresses were probed.
    pub allow_loopback: bool,
    /// `--allow-private`: private addresses were probed.
    pub allow_private: bool,
    /// `--changed-since REV`, if given.
    pub changed_since: Option<String>,
    /// `--partition K/N`, if given, as `K/N`.
    pub partition: Option<String>,
}

/// A finding with what every machine format needs resolved.
struct Located<'a> {
    pub f: &'a Finding,
    pub path: String,
    /// 1-based; `None` for findings about a folder or a whole file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// `article/id` when the finding is in a claim file.
    pub claim: Option<String>,
}

fn located<'a>(report: &Report<'a>) -> Vec<Located<'a>> {
    report
        .findings
        .iter()
        .map(|f| {
            let (start, end) = match &f.primary {
                Some(l) => {
                    let file = report.files.get(l.file);
                    (
                        Some(file.line_col(l.span.start)),
                        Some(file.line_col(l.span.end)),
                    )
                }
                None => (None, None),
            };
            Located {
                f,
                path: f.path.to_string_lossy().replace('\\', "/"),
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                claim: claim_id(&f.path),
            }
        })
        .collect()
}

/// `claims/<article>/<id>.toml` → `article/id`.
fn claim_id(path: &std::path::Path) -> Option<String> {
    match crate::layout::classify(path, false) {
        crate::layout::Place::File {
            kind: crate::layout::FileKind::Claim,
            slug,
            id,
        } => Some(format!("{slug}/{id}")),
        _ => None,
    }
}

pub fn render(format: Format, report: &Report<'_>, color: bool) -> String {
    match format {
        Format::Human => human::human(report.findings, report.files, color),
        Format::Json => json::json(report),
        Format::Github => github::github(report),
        Format::Markdown => markdown::markdown(report),
        Format::Sarif => sarif::sarif(report),
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
