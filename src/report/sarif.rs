//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning: a rule per
//! finding code, a result per finding with its physical location and, for
//! a finding about a URL, the facts of `--format json` as its properties.

use serde_json::{Value, json};

use super::json::ExcerptJson;
use super::{Located, Report, located, severity_word};
use crate::diag::{Code, Finding, Severity};

pub(super) fn sarif(report: &Report<'_>) -> String {
    let results: Vec<Value> = located(report).iter().map(|l| result(report, l)).collect();
    let mut doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimtrack",
                "fullName": concat!("claimtrack ", env!("CARGO_PKG_VERSION")),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": crate::home(),
                "rules": rules(),
            }},
            // Code scanning keeps one set of results per category.
            "automationDetails": { "id": "claimtrack/check/" },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    link(&mut doc, crate::REPOSITORY);
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF serializes");
    s.push('\n');
    s
}

/// Each rule's `helpUri`: the table of finding codes in docs/format.md of
/// `repository` (Cargo.toml's; none while it is not set).
fn link(doc: &mut Value, repository: &str) {
    if repository.is_empty() {
        return;
    }
    let driver = &mut doc["runs"][0]["tool"]["driver"];
    let help = format!("{repository}/blob/main/docs/format.md#finding-codes");
    for rule in driver["rules"].as_array_mut().into_iter().flatten() {
        rule["helpUri"] = help.clone().into();
    }
}

/// A rule per finding code.
fn rules() -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": rule_name(code.as_str()),
                "shortDescription": { "text": code.description() },
                "fullDescription": { "text": code.description() },
                "help": { "text": code.description() },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect()
}

/// A finding as a result: its rule, level, message (with the help) and
/// where it is.
fn result(report: &Report<'_>, l: &Located<'_>) -> Value {
    let index = Code::ALL
        .iter()
        .position(|c| *c == l.f.code)
        .expect("every code is a rule");
    let mut text = l.f.message.clone();
    if let Some(help) = &l.f.help {
        text.push_str(&format!(" (help: {help})"));
    }
    // A relative URI reference: each segment percent-encoded.
    let uri: Vec<String> = l.path.split('/').map(crate::escape::url_segment).collect();
    let mut physical = json!({
        "artifactLocation": { "uri": uri.join("/"), "uriBaseId": "%SRCROOT%" },
    });
    physical["region"] = match (l.line, l.column) {
        (Some(line), Some(col)) => json!({
            "startLine": line,
            "startColumn": col,
            "endLine": l.end_line.unwrap_or(line),
            "endColumn": l.end_column.unwrap_or(col),
        }),
        // About a whole file (all its lines), or a folder or a file that
        // was not read (its first line, as code scanning wants a region).
        _ => {
            let lines = report
                .files
                .get_by_path(std::path::Path::new(&l.path))
                .map_or(1, |file| file.text.lines().count().max(1));
            json!({ "startLine": 1, "endLine": lines })
        }
    };
    let mut result = json!({
        "ruleId": l.f.code.as_str(),
        "ruleIndex": index,
        "level": level(l.f.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical }],
    });
    if let Some(properties) = properties(l.f) {
        result["properties"] = properties;
    }
    result
}

/// A result's property bag: for a finding about a URL, the probe's facts
/// (`url`, `state`, `status`, `detail`), and for one about words on a page
/// what was found there, with the keys of `--format json`'s `excerpt`
/// (`key`, `closest`, `similarity`, `found_before`, `interstitial`).
fn properties(f: &Finding) -> Option<Value> {
    let mut bag = serde_json::Map::new();
    if let Some(u) = &f.url {
        bag.insert("url".into(), json!(u.url));
        bag.insert("state".into(), json!(u.state));
        bag.insert("status".into(), json!(u.status));
        bag.insert("detail".into(), json!(u.detail));
    }
    if let Some(e) = &f.excerpt {
        let Value::Object(facts) = json!(ExcerptJson::from(e)) else {
            unreachable!("a struct serializes to an object")
        };
        bag.extend(facts);
    }
    (!bag.is_empty()).then_some(Value::Object(bag))
}

fn level(s: Severity) -> &'static str {
    severity_word(s)
}

/// `url-host-mismatch` → `UrlHostMismatch`; a one-word code gets a second
/// word (`dead` → `DeadUrl`), as a rule's name must differ from its id.
fn rule_name(code: &str) -> String {
    let name: String = code
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect();
    if code.contains('-') {
        name
    } else if Code::PROBE.iter().any(|c| c.as_str() == code) {
        name + "Url"
    } else {
        name + "Finding"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_only_to_a_home_that_is_set() {
        let bare = json!({"runs": [{"tool": {"driver": {"rules": rules()}}}]});
        let mut doc = bare.clone();
        link(&mut doc, "");
        assert_eq!(doc, bare);
        link(&mut doc, "https://example.org/claimtrack");
        let driver = &doc["runs"][0]["tool"]["driver"];
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        for rule in rules {
            assert_eq!(
                rule["helpUri"],
                "https://example.org/claimtrack/blob/main/docs/format.md#finding-codes"
            );
        }
    }
}
