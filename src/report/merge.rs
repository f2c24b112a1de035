//! Merging the `check --format json` documents of a CI matrix's shards
//! (`check --partition K/N`) into one document, as a run over the whole
//! claim set would have written it: every shard's findings and failures,
//! the counts added up, and a failure for a shard that is missing.
//!
//! It works on the documents as JSON values, so that a field a later
//! claimtrack adds to a finding passes through unchanged.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};

/// Why a document cannot be merged: which one (by its place in the
/// list) and why.
#[derive(Debug, PartialEq)]
pub struct NotAReport {
    pub index: usize,
    pub why: String,
}

/// Merges `docs` (at least one) into one document.
pub fn merge(docs: &[Value]) -> Result<Value, NotAReport> {
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        let fail = |why: &str| NotAReport {
            index,
            why: why.into(),
        };
        if doc["tool"] != "claimtrack" {
            return Err(fail(
                "is not a claimtrack report (no \"tool\": \"claimtrack\")",
            ));
        }
        if doc["format_version"] != 1 {
            return Err(fail("has a format_version other than 1"));
        }
        if let Some(error) = doc.get("error") {
            // A shard that could not start: its failure is the merged
            // run's.
            failures.push(error.clone());
            continue;
        }
        let shaped = doc["settings"].is_object()
            && doc["findings"].is_array()
            && doc["failures"].is_array()
            && doc["summary"].is_object();
        if !shaped {
            return Err(fail("lacks settings, findings, failures or summary"));
        }
        reports.push((index, doc));
    }
    failures.extend(missing_shards(&reports)?);
    let findings = findings(&reports);
    for (_, doc) in &reports {
        failures.extend(doc["failures"].as_array().into_iter().flatten().cloned());
    }
    dedup(&mut failures);
    let mut settings = reports
        .first()
        .map_or(Value::Null, |(_, doc)| doc["settings"].clone());
    if let Some(s) = settings.as_object_mut() {
        s.insert("partition".into(), Value::Null);
    }
    let summary = summary(&reports, &findings);
    Ok(json!({
        "tool": "claimtrack",
        "version": env!("CARGO_PKG_VERSION"),
        "format_version": 1,
        "settings": settings,
        "findings": findings,
        "failures": failures,
        "summary": summary,
    }))
}

/// The exit code of the merged run, as `check` gives it: 2 when something
/// stopped part of it, else 1 when there is an error, else 0.
pub fn exit_code(merged: &Value) -> i32 {
    if merged["failures"].as_array().is_some_and(|f| !f.is_empty()) {
        crate::error::EXIT_FAILURE
    } else if merged["summary"]["errors"].as_u64().unwrap_or(0) > 0 {
        crate::error::EXIT_FINDINGS
    } else {
        crate::error::EXIT_OK
    }
}

/// The shards of `1/N … N/N` that no report is for, as failures. Reports
/// of different N, or two of the same shard, cannot be merged.
fn missing_shards(reports: &[(usize, &Value)]) -> Result<Vec<Value>, NotAReport> {
    let mut of: Option<u32> = None;
    let mut seen = HashSet::new();
    for (index, doc) in reports {
        let Some(partition) = doc["settings"]["partition"].as_str() else {
            continue;
        };
        let fail = |why: String| NotAReport { index: *index, why };
        let parsed = partition
            .split_once('/')
            .and_then(|(k, n)| Some((k.parse::<u32>().ok()?, n.parse::<u32>().ok()?)));
        let Some((k, n)) = parsed else {
            return Err(fail(format!("has an unreadable partition {partition:?}")));
        };
        if of.is_some_and(|of| of != n) {
            return Err(fail(format!(
                "is shard {k}/{n}, but another report is of {} shards",
                of.unwrap_or_default()
            )));
        }
        of = Some(n);
        if !seen.insert(k) {
            return Err(fail(format!("is shard {k}/{n}, as an earlier report is")));
        }
    }
    let n = of.unwrap_or(0);
    Ok((1..=n)
        .filter(|k| !seen.contains(k))
        .map(|k| {
            json!({
                "kind": "missing-shard",
                "message": format!("shard {k}/{n} has no report: its URLs were not checked"),
                "help": format!("merge the reports of all {n} shards (did shard {k}'s job fail before it wrote one?)"),
            })
        })
        .collect())
}

/// Every shard's findings, each once, in the order of files and
/// positions.
fn findings(reports: &[(usize, &Value)]) -> Vec<Value> {
    let mut all: Vec<Value> = reports
        .iter()
        .flat_map(|(_, doc)| doc["findings"].as_array().into_iter().flatten().cloned())
        .collect();
    dedup(&mut all);
    let key = |f: &Value| {
        (
            f["file"].as_str().unwrap_or("").to_string(),
            f["line"].as_u64(),
            f["column"].as_u64(),
            f["code"].as_str().unwrap_or("").to_string(),
            f["url"].as_str().unwrap_or("").to_string(),
        )
    };
    all.sort_by_cached_key(key);
    all
}

/// Drops every value equal to an earlier one.
fn dedup(values: &mut Vec<Value>) {
    let mut seen = HashSet::new();
    values.retain(|v| seen.insert(v.to_string()));
}

/// The counts of the whole run: the claim set's as any shard saw it (the
/// largest), the findings counted again, the URL counts added up (their
/// `total` the largest) and the longest shard's time.
fn summary(reports: &[(usize, &Value)], findings: &[Value]) -> Value {
    let mut summary = Map::new();
    for field in ["files", "unreadable", "claims", "articles", "outlets"] {
        let most = reports
            .iter()
            .filter_map(|(_, d)| d["summary"][field].as_u64())
            .max();
        summary.insert(field.into(), json!(most.unwrap_or(0)));
    }
    let count = |severity: &str| {
        findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    summary.insert("errors".into(), json!(count("error")));
    summary.insert("warnings".into(), json!(count("warning")));
    let mut urls: Option<BTreeMap<String, u64>> = None;
    for (_, doc) in reports {
        let Some(counts) = doc["summary"]["urls"].as_object() else {
            continue;
        };
        let sums = urls.get_or_insert_with(BTreeMap::new);
        for (name, n) in counts {
            let n = n.as_u64().unwrap_or(0);
            let sum = sums.entry(name.clone()).or_insert(0);
            *sum = if name == "total" {
                (*sum).max(n)
            } else {
                *sum + n
            };
        }
    }
    summary.insert("urls".into(), json!(urls));
    for field in ["duration_ms", "load_ms"] {
        let longest = reports
            .iter()
            .filter_map(|(_, d)| d["summary"][field].as_u64())
            .max();
        summary.insert(field.into(), json!(longest.unwrap_or(0)));
    }
    Value::Object(summary)
}
