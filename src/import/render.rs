//! What `import` prints: the files of a dry run, a summary, or one JSON
//! document. Each a function returning a String.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Run;

/// The version of `import --format json`'s document.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// Every file a run would write, each under a line with its path.
pub(crate) fn files(run: &Run) -> String {
    let mut out = String::new();
    for d in run.drafts() {
        out.push_str(&format!("==> {} <==\n", d.shown.display()));
        // outlets.toml: only what is added.
        out.push_str(&d.text[d.before.min(d.text.len())..]);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// "reuters 2, al-jazeera 1": the claims credited to each outlet.
fn by_outlet(run: &Run) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for claim in run.imported.iter().flat_map(|i| &i.claims) {
        if let Some(id) = &claim.attributed_to {
            *counts.entry(id.clone()).or_insert(0) += 1;
        }
    }
    counts
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing lines: per article, the sentences read and the claims
/// found; the outlets proposed; the files written.
pub(crate) fn summary(run: &Run, dry_run: bool, written: usize) -> String {
    let mut lines = Vec::new();
    for i in &run.imported {
        let credited = i
            .claims
            .iter()
            .filter(|c| !c.attribution.is_empty())
            .count();
        let outlets = i
            .claims
            .iter()
            .filter(|c| c.attributed_to.is_some())
            .count();
        let mut line = format!(
            "{} → claims/{}/{}: {} read, {} ({} to an outlet)",
            i.input,
            i.folder,
            if i.merged { " (merged)" } else { "" },
            plural(i.sentences, "sentence", "sentences"),
            plural(credited, "credited claim", "credited claims"),
            outlets,
        );
        let facts = i.claims.len() - credited;
        if facts > 0 {
            line.push_str(&format!(", {}", plural(facts, "other fact", "other facts")));
        }
        if i.already > 0 {
            line.push_str(&format!(", {} there already", i.already));
        }
        lines.push(line);
    }
    let counts = by_outlet(run);
    if !counts.is_empty() {
        let list: Vec<String> = counts.iter().map(|(id, n)| format!("{id} {n}")).collect();
        lines.push(format!("credited: {}", list.join(", ")));
    }
    if !run.new_outlets.is_empty() {
        let list: Vec<String> = run
            .new_outlets
            .iter()
            .map(|o| format!("{} ({})", o.id, o.name))
            .collect();
        lines.push(format!("new outlets proposed: {}", list.join(", ")));
    }
    let files = run.drafts().len();
    lines.push(if run.refused.is_some() {
        format!(
            "nothing written: the {} would not pass `claimtrack check`",
            plural(files, "file", "files")
        )
    } else if dry_run {
        format!(
            "would write {} (--dry-run: nothing written)",
            plural(files, "file", "files")
        )
    } else {
        format!("wrote {}", plural(written, "file", "files"))
    });
    if !run.failures.is_empty() {
        lines.push(format!(
            "{} not imported (above)",
            plural(run.failures.len(), "input", "inputs")
        ));
    }
    lines.join("\n")
}

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    dry_run: bool,
    /// Files written (0 with --dry-run or when refused).
    written: usize,
    articles: &'a [super::Imported],
    new_outlets: Vec<Outlet<'a>>,
    files: Vec<File>,
    /// Inputs that could not be imported.
    failures: Vec<Failure>,
    /// Error findings that kept the files from being written.
    refused: Vec<Refusal>,
}

#[derive(Serialize)]
struct Outlet<'a> {
    id: &'a str,
    name: &'a str,
    domains: &'a [String],
}

#[derive(Serialize)]
struct File {
    path: String,
    /// What is written: the whole file, or for outlets.toml what is added.
    text: String,
}

#[derive(Serialize)]
struct Failure {
    kind: &'static str,
    message: String,
    help: Option<String>,
}

#[derive(Serialize)]
struct Refusal {
    code: &'static str,
    path: String,
    message: String,
}

/// The run as one JSON document.
pub(crate) fn json(run: &Run, dry_run: bool, written: usize) -> String {
    let doc = Document {
        format_version: FORMAT_VERSION,
        dry_run,
        written,
        articles: &run.imported,
        new_outlets: run
            .new_outlets
            .iter()
            .map(|o| Outlet {
                id: &o.id,
                name: &o.name,
                domains: &o.domains,
            })
            .collect(),
        files: run
            .drafts()
            .into_iter()
            .map(|d| File {
                path: d.shown.display().to_string(),
                text: d.text[d.before.min(d.text.len())..].to_string(),
            })
            .collect(),
        failures: run
            .failures
            .iter()
            .map(|e| Failure {
                kind: e.kind(),
                message: e.to_string(),
                help: e.help(),
            })
            .collect(),
        refused: run
            .refused
            .iter()
            .flat_map(|r| &r.findings)
            .map(|f| Refusal {
                code: f.code.as_str(),
                path: f.path.display().to_string(),
                message: f.message.clone(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("serialisable");
    out.push('\n');
    out
}
