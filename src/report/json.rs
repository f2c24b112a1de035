//! `--format json`: one document with the tool version, the format
//! version, the run's settings, every finding and the summary; or, for a
//! run that could not start, the failure. Fields are added in later
//! versions, never renamed or removed: `format_version` changes only if
//! that promise is broken. The types below are the document, and their
//! doc comments the descriptions of its JSON Schema (`schema`, committed
//! as schema/check-output.schema.json).

use schemars::JsonSchema;
use serde::Serialize;

use super::{Report, RunSettings, Summary, located};
use crate::diag::{Code, ExcerptFacts, RedirectHop, Severity};

/// The version of the document's shape. Adding a field does not change
/// it; renaming, removing or changing the meaning of one would.
const FORMAT_VERSION: u32 = 1;

/// What `claimtrack check --format json` writes: the report of a run, or
/// the failure of a run that could not start.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(title = "claimtrack check output", transform = exclusive)]
enum Output<'a> {
    /// The report of a run (exit 0, 1, or 2 with `failures`).
    Report(Document<'a>),
    /// A run that failed before it had anything to report (exit 2).
    Failure(FailureDocument),
}

/// The two documents never match each other's required fields: say so.
fn exclusive(schema: &mut schemars::Schema) {
    if let Some(variants) = schema.remove("anyOf") {
        schema.insert("oneOf".into(), variants);
    }
}

/// What every JSON document claimtrack writes starts with (`check`,
/// `list` and `review`), each with its own `format_version`.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Header {
    /// Always `claimtrack`.
    #[schemars(extend("const" = "claimtrack"))]
    tool: &'static str,
    /// The version of claimtrack that wrote the document.
    version: &'static str,
    /// The version of the document's shape: 1. Fields are added without
    /// changing it; it changes only if one is renamed, removed or changes
    /// meaning.
    #[schemars(extend("const" = 1))]
    format_version: u32,
}

const HEADER: Header = Header::new(FORMAT_VERSION);

impl Header {
    pub(crate) const fn new(format_version: u32) -> Header {
        Header {
            tool: "claimtrack",
            version: env!("CARGO_PKG_VERSION"),
            format_version,
        }
    }
}

/// The report of a run.
#[derive(Serialize, JsonSchema)]
struct Document<'a> {
    #[serde(flatten)]
    header: Header,
    /// The settings the run used.
    settings: &'a RunSettings,
    /// Every finding, sorted by file, position and code.
    findings: Vec<FindingJson<'a>>,
    /// What stopped part of the run (exit 2); empty when nothing did.
    failures: Vec<FailureJson>,
    /// The counts of the run.
    summary: &'a Summary,
    /// The figures of `report --html`'s charts: link rot by year and by
    /// outlet, claims by verdict, dead and blocked sources over time,
    /// sources without an archive. From the result store the run used
    /// (an `--offline` run uses none: `checked` is false). Absent from a
    /// merged report, whose shards each saw part of the store.
    #[serde(skip_serializing_if = "Option::is_none")]
    health: Option<&'a crate::health::Health>,
}

/// A run that failed before it had anything to report.
#[derive(Serialize, JsonSchema)]
struct FailureDocument {
    #[serde(flatten)]
    header: Header,
    /// Why the run could not start.
    error: FailureJson,
}

/// A failure, as `--format json` carries it: the same words as on
/// standard error, the help apart.
#[derive(Serialize, JsonSchema)]
struct FailureJson {
    /// A stable kebab-case name of the failure (`read-file`,
    /// `no-claims-dir`, …).
    kind: &'static str,
    /// What failed, as standard error says it after `error: `.
    message: String,
    /// What to do about it, if claimtrack knows.
    help: Option<String>,
}

impl From<&crate::error::Error> for FailureJson {
    fn from(e: &crate::error::Error) -> FailureJson {
        FailureJson {
            kind: e.kind(),
            message: e.to_string(),
            help: e.help(),
        }
    }
}

/// A run that failed before it had anything to report, for `--format
/// json`: `{"tool", "version", "format_version", "error": {"kind",
/// "message", "help"}}`.
pub(crate) fn failure(e: &crate::error::Error) -> String {
    render(&Output::Failure(FailureDocument {
        header: HEADER,
        error: FailureJson::from(e),
    }))
}

/// One finding. The fields from `url` to `duration_ms` are null (and
/// `redirects` empty) for findings that are not about a URL.
#[derive(Serialize, JsonSchema)]
struct FindingJson<'a> {
    /// `error` (exit 1) or `warning`; a probe warning that persisted is an
    /// error.
    severity: Severity,
    /// What kind of finding it is.
    code: Code,
    /// What is wrong, in a sentence.
    message: &'a str,
    /// The file or folder, relative to the repository root, with `/`.
    file: String,
    /// 1-based line of the start; null for a folder or a whole file.
    line: Option<usize>,
    /// 1-based column of the start, in characters.
    column: Option<usize>,
    /// 1-based line of the end.
    end_line: Option<usize>,
    /// 1-based column of the end, in characters (exclusive).
    end_column: Option<usize>,
    /// `ARTICLE/ID` when the file is a claim file.
    claim: Option<String>,
    /// What to do about it.
    help: Option<&'a str>,
    /// The URL the finding is about, as the file writes it.
    url: Option<&'a str>,
    /// What the probe found: `ok`, `redirected`, `dead`, `blocked`,
    /// `server-error`, `timeout`, `unreachable` or `refused`.
    state: Option<&'static str>,
    /// The last HTTP status the URL answered with, if any.
    status: Option<u16>,
    /// What happened, in words: "404 Not Found", "connection refused".
    detail: Option<&'a str>,
    /// Each redirect followed: the URL that answered and its status.
    redirects: &'a [RedirectHop],
    /// Where the redirects ended.
    final_url: Option<&'a str>,
    /// For `redirected`: the address to put in the file.
    new_url: Option<&'a str>,
    /// How long the probe of the URL took, in milliseconds.
    duration_ms: Option<u64>,
    /// For `excerpt-missing` and `excerpt-unverifiable`: what looking for
    /// the words on the page found; null for other findings.
    excerpt: Option<ExcerptJson<'a>>,
}

/// What looking for an excerpt (or a claim's quote) on a page found.
#[derive(Serialize, JsonSchema)]
pub(super) struct ExcerptJson<'a> {
    /// The key the words are written under: `excerpt` or `quote`.
    key: &'static str,
    /// The page's passage most like the words (at most 300 characters,
    /// then `…`); null when no passage shares them, or when they were not
    /// looked for.
    closest: Option<&'a str>,
    /// How alike the closest passage and the words are, from 0 to 1; null
    /// unless the words are missing from the page.
    #[schemars(range(min = 0, max = 1))]
    similarity: Option<f64>,
    /// Whether the result store saw the words on this page in an earlier
    /// run.
    found_before: bool,
    /// What the page was instead of the article (`consent`, `challenge`,
    /// `paywall`), if it was an interstitial; otherwise null.
    interstitial: Option<&'static str>,
}

impl<'a> From<&'a ExcerptFacts> for ExcerptJson<'a> {
    fn from(e: &'a ExcerptFacts) -> ExcerptJson<'a> {
        ExcerptJson {
            key: e.key,
            closest: e.closest.as_deref(),
            similarity: e.similarity,
            found_before: e.found_before,
            interstitial: e.interstitial,
        }
    }
}

pub(super) fn json(report: &Report<'_>) -> String {
    let findings = located(report)
        .into_iter()
        .map(|l| {
            let u = l.f.url.as_ref();
            FindingJson {
                severity: l.f.severity,
                code: l.f.code,
                message: &l.f.message,
                file: l.path,
                line: l.line,
                column: l.column,
                end_line: l.end_line,
                end_column: l.end_column,
                claim: l.claim,
                help: l.f.help.as_deref(),
                url: u.map(|u| u.url.as_str()),
                state: u.map(|u| u.state),
                status: u.and_then(|u| u.status),
                detail: u.map(|u| u.detail.as_str()),
                redirects: u.map_or(&[], |u| u.redirects.as_slice()),
                final_url: u.and_then(|u| u.final_url.as_deref()),
                new_url: u.and_then(|u| u.new_url.as_deref()),
                duration_ms: u.map(|u| u.duration_ms),
                excerpt: l.f.excerpt.as_ref().map(ExcerptJson::from),
            }
        })
        .collect();
    render(&Output::Report(Document {
        header: HEADER,
        settings: &report.settings,
        findings,
        failures: report
            .failures
            .iter()
            .map(|e| FailureJson::from(*e))
            .collect(),
        summary: &report.summary,
        health: report.health,
    }))
}

fn render(doc: &Output<'_>) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("a report serializes");
    s.push('\n');
    s
}

/// The JSON Schema (draft 2020-12) of both documents.
pub(crate) fn schema() -> serde_json::Value {
    crate::schema::output_schema::<Output<'_>>()
}
