//! Findings: what `check` reports about the claims. They are data, collected
//! during a run and rendered together at the end (see `render`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::files::{FileId, Files};

/// The table of every finding code (code, severity, meaning) in markdown,
/// as docs/format.md holds it (a test keeps the two equal).
pub fn code_table() -> String {
    let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let probe = if Code::PROBE.contains(code) {
            " (probe)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | {severity}{probe} | {} |\n",
            code.as_str(),
            code.description().replace('|', "\\|")
        ));
    }
    out
}

/// How bad a finding is. Any error makes `check` exit with 1.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes `check` exit with 1.
    Error,
    /// Reported; the exit code stays 0.
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $doc:literal; )*) => {
        /// The stable, kebab-case code of a finding. Codes are part of the
        /// interface (scripts and CI filter on them): never rename one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $doc] $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// Codes that only the URL probe reports.
            pub const PROBE: &'static [Code] = &[
                Code::Redirected,
                Code::Dead,
                Code::Blocked,
                Code::ServerError,
                Code::Timeout,
                Code::Unreachable,
                Code::Refused,
                Code::DeadArchived,
                Code::ExcerptMissing,
                Code::ExcerptUnverifiable,
                Code::TextChanged,
            ];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One sentence on what the code means, for documentation.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    TomlSyntax = "toml-syntax", Error, "The file is not valid TOML.";
    NotUtf8 = "not-utf8", Error, "The file is not UTF-8 text.";
    FileTooLarge = "file-too-large", Error, "The file is larger than any claim file should be (1 MiB) and was not read.";
    NotAFile = "not-a-file", Error, "A name that must be a regular file is a directory or something else.";
    NotATable = "not-a-table", Error, "An outlet entry or a `[[sources]]` entry is not a table.";
    DuplicateKey = "duplicate-key", Error, "A key is set twice in one table.";
    UnknownField = "unknown-field", Error, "A key that the format does not define (often a typo).";
    MissingField = "missing-field", Error, "A required key is absent.";
    WrongType = "wrong-type", Error, "A value has the wrong TOML type (a number where a string belongs, a date-time where a date belongs).";
    InvalidValue = "invalid-value", Error, "A value is not one of those allowed (for example an unknown `status`).";
    EmptyString = "empty-string", Error, "A string is empty or only whitespace; omit the key instead.";
    NotKebabCase = "not-kebab-case", Error, "An outlet id, article folder or claim file name is not kebab-case (`a-z`, `0-9`, single `-`).";
    DuplicateOutlet = "duplicate-outlet", Error, "The same outlet id is defined twice in outlets.toml.";
    DuplicateDomain = "duplicate-domain", Error, "The same domain is listed for two outlets (or twice for one), so a URL's outlet is ambiguous.";
    InvalidDomain = "invalid-domain", Error, "An outlet domain is not a bare lowercase host name such as `reuters.com`.";
    UnknownOutlet = "unknown-outlet", Error, "An outlet id that is not defined in outlets.toml.";
    MissingArticle = "missing-article", Error, "An article folder has no article.toml.";
    MissingOutlets = "missing-outlets", Error, "claims/ has no outlets.toml.";
    SymlinkOutside = "symlink-outside", Error, "A symlink under claims/ whose target (resolved) lies outside claims/: it is not read, so nothing outside the claims is quoted.";
    IdTooLong = "id-too-long", Error, "An article folder or claim file name longer than 100 characters: it could not be written or published.";
    StrayFile = "stray-file", Warning, "A file or folder under claims/ that is neither an article, a claim nor outlets.toml, so it is ignored.";
    InvalidUrl = "invalid-url", Error, "A URL that does not parse.";
    UnsupportedScheme = "unsupported-scheme", Error, "A URL that is not http or https.";
    UrlCredentials = "url-credentials", Error, "A URL that carries a user name or password.";
    UrlHostMismatch = "url-host-mismatch", Error, "A source's host is not a domain of the outlet its `outlet` key names.";
    UnregisteredHost = "unregistered-host", Warning, "A source's host belongs to no outlet in outlets.toml.";
    ArchiveMismatch = "archive-mismatch", Error, "An `archive` that is not a Wayback Machine or archive.today address of the same URL.";
    DuplicateUrl = "duplicate-url", Error, "The same URL is given twice as a source of one claim.";
    AttributionUnsourced = "attribution-unsourced", Warning, "A claim credited to an outlet has no source from that outlet and its `credit` is neither `unlocated` nor `misattributed`.";
    StatusUnlocated = "status-unlocated", Warning, "`status = \"unlocated\"` is the old way to say the credited piece was not found: it now reads `status = \"unverified\"` with `credit = \"unlocated\"` (`claimtrack fmt --migrate` rewrites it).";
    CreditWithoutAttribution = "credit-without-attribution", Error, "A `credit` verdict or a source with `credited = true` on a claim that credits no outlet (`attributed_to`).";
    CreditedSourceMissing = "credited-source-missing", Error, "`credit = \"confirmed\"` but no source is marked `credited = true`.";
    CreditedSourcesMany = "credited-sources-many", Error, "More than one source is marked `credited = true`: the credited outlet's own piece is one.";
    CreditedOffOutlet = "credited-off-outlet", Error, "A source marked `credited = true` is not from the credited outlet (its `outlet` or its URL's domain).";
    CreditedWithoutExcerpt = "credited-without-excerpt", Error, "`credit = \"confirmed\"` but the credited source has no `excerpt`: the words that show the outlet said it.";
    CreditWithoutNote = "credit-without-note", Warning, "`credit = \"unlocated\"` or `\"misattributed\"` without a `note` saying what was searched, or whose words they are.";
    CreditContradicted = "credit-contradicted", Warning, "`credit = \"unlocated\"` although a source is marked as the credited outlet's own piece (`credited = true`).";
    AttributionWithoutOutlet = "attribution-without-outlet", Warning, "A claim has an `attribution` phrase but no `attributed_to` outlet.";
    SupportedWithoutSource = "supported-without-source", Error, "A claim with status `supported` has no source.";
    FutureDate = "future-date", Error, "A date after today.";
    AccessedBeforePublished = "accessed-before-published", Error, "A source was accessed before it was published.";
    Redirected = "redirected", Warning, "The URL ends on a page through a permanent redirect (301/308): update it to the new address.";
    Dead = "dead", Error, "The URL answers 404, 410 or another 4xx that is not a block, redirects to the site's home page (a soft 404), loops or redirects too often.";
    Blocked = "blocked", Warning, "The site refused an automated request (401, 403, 429 after retries, 451, 999): nothing is known about the page.";
    ServerError = "server-error", Warning, "The server answered 5xx. An error once the URL has failed on 3 different days, or at once with --strict.";
    Timeout = "timeout", Warning, "No answer within the timeout. An error once the URL has failed on 3 different days, or at once with --strict.";
    Unreachable = "unreachable", Warning, "DNS, connection, TLS or HTTP failure. An error once the URL has failed on 3 different days, or at once with --strict.";
    Refused = "refused", Error, "The URL points at an address that is never probed (loopback, private, link-local…); no request was sent.";
    DeadArchived = "dead-archived", Warning, "The URL is dead but its `archive` answers: the citation still stands on the archive.";
    ExcerptMissing = "excerpt-missing", Error, "The page answers but does not contain the source's `excerpt` (or the article's page the claim's `quote`): \"no longer\" when an earlier run found it there; the closest passage is shown.";
    ExcerptUnverifiable = "excerpt-unverifiable", Warning, "The excerpt could not be looked for: the page is blocked, not text (a PDF), served by scripts only, a consent, bot-challenge or paywall page standing in for the article, or over the body cap before the excerpt was found.";
    TextChanged = "text-changed", Warning, "The page's text has changed substantially since the last run that checked it, even if the excerpt is still there: re-read it.";
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The codes with their descriptions, for the JSON Schema of the reports.
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<serde_json::Value> = Code::ALL
            .iter()
            .map(|c| serde_json::json!({ "const": c.as_str(), "description": c.description() }))
            .collect();
        schemars::json_schema!({
            "description": "The finding's stable kebab-case code (docs/format.md lists them).",
            "type": "string",
            "oneOf": codes,
        })
    }
}

/// A span in a file with a message about it.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: FileId,
    pub span: Range<usize>,
    pub text: String,
}

impl Label {
    pub(crate) fn new(file: FileId, span: Range<usize>, text: impl Into<String>) -> Label {
        Label {
            file,
            span,
            text: text.into(),
        }
    }
}

/// One thing `check` has to say about the claims.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: Code,
    /// The code's severity, unless the finding's circumstances change it (a
    /// transient probe failure that persisted is an error).
    pub severity: Severity,
    pub message: String,
    /// The file or folder the finding is about, relative to the repository root.
    pub path: PathBuf,
    /// Where exactly; `None` for findings about a folder or a whole file.
    pub primary: Option<Label>,
    /// Related places ("first defined here").
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// More context (a redirect chain).
    pub note: Option<String>,
    /// For a finding of the URL probe: what it learnt.
    pub url: Option<UrlFacts>,
    /// For a finding about words looked for on a page: what was found.
    pub excerpt: Option<ExcerptFacts>,
}

/// What looking for an excerpt (or a quote) on a page found, carried by
/// its findings for the machine-readable reports.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExcerptFacts {
    /// The key the words were written under: `excerpt` or `quote`.
    pub key: &'static str,
    /// The page's passage most like the words, when one shares them.
    pub closest: Option<String>,
    /// 0 to 1: how alike that passage and the words are.
    pub similarity: Option<f64>,
    /// The result store saw the words on this page in an earlier run.
    pub found_before: bool,
    /// What stood in for the article: `consent`, `challenge` or `paywall`.
    pub interstitial: Option<&'static str>,
}

/// What the probe learnt about a URL, carried by its findings for the
/// machine-readable reports.
#[derive(Clone, Debug, serde::Serialize)]
pub struct UrlFacts {
    pub url: String,
    /// The probe state (`dead`, `blocked`, …).
    pub state: &'static str,
    /// The last HTTP status, if any.
    pub status: Option<u16>,
    /// What happened, in words: "404 Not Found", "connection refused".
    pub detail: String,
    /// Each redirect followed: the URL that answered and its status.
    pub redirects: Vec<RedirectHop>,
    /// Where the redirects ended.
    pub final_url: Option<String>,
    /// For `redirected`: the address to put in the file.
    pub new_url: Option<String>,
    pub duration_ms: u64,
}

/// A redirect followed.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RedirectHop {
    /// The URL that answered with the redirect.
    pub url: String,
    /// Its status: 301, 302, 303, 307 or 308.
    pub status: u16,
}

impl Finding {
    /// A finding about a path with no position in it.
    pub(crate) fn at_path(
        code: Code,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            message: message.into(),
            path: path.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            note: None,
            url: None,
            excerpt: None,
        }
    }

    /// A finding about a span of a file.
    pub(crate) fn at(
        code: Code,
        path: &Path,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::at_path(code, path, message);
        f.primary = Some(Label {
            file,
            span,
            text: label.into(),
        });
        f
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and column of the primary span, if there is one.
    pub fn line_col(&self, files: &Files) -> Option<(usize, usize)> {
        self.primary
            .as_ref()
            .map(|l| files.get(l.file).line_col(l.span.start))
    }
}

/// Orders findings for display: by path, then position, then code.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let pos = |f: &Finding| f.primary.as_ref().map(|l| l.span.start);
        (&a.path, pos(a), a.code).cmp(&(&b.path, pos(b), b.code))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(crate::ids::is_kebab_case(s), "{s}");
            assert!(seen.insert(s), "duplicate code {s}");
        }
    }
}
