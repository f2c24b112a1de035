//! `--format json`: one document with the tool version, the run's
//! settings, every finding and the summary. Fields are added in later
//! versions, never renamed (the README documents the shape).

use serde::Serialize;

use super::{Report, RunSettings, Summary, located};
use crate::diag::{RedirectHop, Severity};

#[derive(Serialize)]
struct Document<'a> {
    tool: &'static str,
    version: &'static str,
    settings: &'a RunSettings,
    findings: Vec<FindingJson<'a>>,
    failures: Vec<FailureJson>,
    summary: &'a Summary,
}

/// A failure, as `--format json` carries it: the same words as on
/// standard error, the help apart.
#[derive(Serialize)]
struct FailureJson {
    kind: &'static str,
    message: String,
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
/// json`: `{"tool", "version", "error": {"kind", "message", "help"}}`.
pub(crate) fn failure(e: &crate::error::Error) -> String {
    let doc = serde_json::json!({
        "tool": "claimtrack",
        "version": env!("CARGO_PKG_VERSION"),
        "error": FailureJson::from(e),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a failure serializes");
    s.push('\n');
    s
}

#[derive(Serialize)]
struct FindingJson<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    claim: Option<String>,
    help: Option<&'a str>,
    url: Option<&'a str>,
    state: Option<&'static str>,
    status: Option<u16>,
    detail: Option<&'a str>,
    redirects: &'a [RedirectHop],
    final_url: Option<&'a str>,
    new_url: Option<&'a str>,
    duration_ms: Option<u64>,
}

pub(super) fn json(report: &Report<'_>) -> String {
    let findings = located(report)
        .into_iter()
        .map(|l| {
            let u = l.f.url.as_ref();
            FindingJson {
                severity: l.f.severity,
                code: l.f.code.as_str(),
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
            }
        })
        .collect();
    let doc = Document {
        tool: "claimtrack",
        version: env!("CARGO_PKG_VERSION"),
        settings: &report.settings,
        findings,
        failures: report
            .failures
            .iter()
            .map(|e| FailureJson::from(*e))
            .collect(),
        summary: &report.summary,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a report serializes");
    s.push('\n');
    s
}
