//! The values that flags take from a fixed list: clap's types, kept in the
//! command line. Each one that names a library type converts into it with
//! `From`, so the library knows nothing of clap (as cargo-nextest's
//! `value_enums.rs` does). Value names and their help are the flags' own.

use clap::ValueEnum;

use crate::{export, model, report};

/// `--color`: when to color the output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--format` of `list` and `show`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(super) enum Format {
    #[default]
    Text,
    Json,
}

/// `check --format`: the output formats of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    /// rustc-style text with the source line and a caret.
    #[default]
    Human,
    /// One JSON document (shape documented in the README).
    Json,
    /// GitHub Actions workflow commands: inline annotations on the diff.
    Github,
    /// A summary for $GITHUB_STEP_SUMMARY or a pull-request comment.
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

impl From<CheckFormat> for report::Format {
    fn from(f: CheckFormat) -> report::Format {
        match f {
            CheckFormat::Human => report::Format::Human,
            CheckFormat::Json => report::Format::Json,
            CheckFormat::Github => report::Format::Github,
            CheckFormat::Markdown => report::Format::Markdown,
            CheckFormat::Sarif => report::Format::Sarif,
        }
    }
}

/// `export --format`: the export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ExportFormat {
    /// schema.org ClaimReview, JSON-LD: one per claim with a verdict.
    Claimreview,
    /// One row per (claim, source), RFC 4180.
    Csv,
    /// The sources as CSL-JSON items.
    CslJson,
}

impl From<ExportFormat> for export::Format {
    fn from(f: ExportFormat) -> export::Format {
        match f {
            ExportFormat::Claimreview => export::Format::Claimreview,
            ExportFormat::Csv => export::Format::Csv,
            ExportFormat::CslJson => export::Format::CslJson,
        }
    }
}

/// `--status`: the verdict on a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum Status {
    /// Nobody has checked it yet.
    Unverified,
    /// The sources back it.
    Supported,
    /// Partly right, partly wrong or overstated.
    Mixed,
    /// Credible sources contradict each other on it.
    Disputed,
    /// The sources contradict it.
    Refuted,
    /// The source the article credits could not be found.
    Unlocated,
}

impl From<Status> for model::Status {
    fn from(s: Status) -> model::Status {
        match s {
            Status::Unverified => model::Status::Unverified,
            Status::Supported => model::Status::Supported,
            Status::Mixed => model::Status::Mixed,
            Status::Disputed => model::Status::Disputed,
            Status::Refuted => model::Status::Refuted,
            Status::Unlocated => model::Status::Unlocated,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::Status;
    use crate::model;

    /// The flag's values are the library's names, one for one.
    #[test]
    fn statuses_are_the_librarys() {
        let names: Vec<String> = Status::value_variants()
            .iter()
            .map(|s| s.to_possible_value().unwrap().get_name().to_string())
            .collect();
        assert_eq!(names, model::Status::NAMES);
        for s in Status::value_variants() {
            let name = s.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(model::Status::from(*s).as_str(), name);
        }
    }

    /// The help of `--status`'s values is the schema's description of
    /// each status (the library's doc comments), so the two cannot drift.
    #[test]
    fn statuses_are_described_as_in_the_schema() {
        fn consts(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let (Some(c), Some(d)) = (m.get("const"), m.get("description")) {
                        out.push((c.as_str().unwrap().into(), d.as_str().unwrap().into()));
                    }
                    m.values().for_each(|v| consts(v, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| consts(v, out)),
                _ => {}
            }
        }
        let schema = crate::schema::text("claim").unwrap();
        let mut described = Vec::new();
        consts(&serde_json::from_str(&schema).unwrap(), &mut described);
        for s in Status::value_variants() {
            let value = s.to_possible_value().unwrap();
            let help = format!("{}.", value.get_help().unwrap());
            let name = value.get_name().to_string();
            assert!(described.contains(&(name, help.clone())), "{help}");
        }
    }
}

/// `review --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum ReviewFormat {
    /// For the reviewer of a pull request.
    Markdown,
    /// For a program (docs/commands.md documents the shape).
    Json,
}

impl From<ReviewFormat> for crate::review::Format {
    fn from(f: ReviewFormat) -> Self {
        match f {
            ReviewFormat::Markdown => crate::review::Format::Markdown,
            ReviewFormat::Json => crate::review::Format::Json,
        }
    }
}
