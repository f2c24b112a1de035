//! The machine formats' facts about URLs and excerpts (`--format json` and
//! `sarif`), and `--format json`'s documents against their published JSON
//! Schema (schema/check-output.schema.json). Pages come from a loopback
//! server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};

use crate::reports::check;
use crate::server::{Reply, Server};
use crate::support::{Repo, project_root};

/// The sentence the article's page holds; its excerpt changes one word.
const SENTENCE: &str = "The council approved the new budget on Tuesday by a vote of seven to two.";

/// Findings of several kinds: `excerpt-missing` (one word changed),
/// `blocked` and `excerpt-unverifiable` (a page answering 403), `dead` (404)
/// and a validation error (`supported-without-source`).
fn fixture() -> (Repo, Server) {
    let server = Server::start(|r| match r.path.as_str() {
        "/article" => Reply::Full(
            200,
            vec![("Content-Type", "text/html; charset=utf-8".into())],
            format!("<html><body><p>{SENTENCE}</p><p>Other news.</p></body></html>").into_bytes(),
        ),
        "/members-only" => Reply::Status(403),
        _ => Reply::Status(404),
    });
    let claim = format!(
        "claim = \"x\"\nstatus = \"unverified\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\nexcerpt = \"{}\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\nexcerpt = \"some words\"\n\n\
         [[sources]]\nurl = \"{}\"\noutlet = \"herald\"\n",
        server.url("/article"),
        SENTENCE.replace("approved", "rejected"),
        server.url("/members-only"),
        server.url("/gone"),
    );
    let repo = Repo::new()
        .claim("x", claim)
        .claim("y", "claim = \"y\"\nstatus = \"supported\"\n");
    (repo, server)
}

/// The JSON document of the fixture's run, which exits 1.
fn report(repo: &Repo) -> Value {
    let run = check(repo, "json");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The one item of `items` whose `key` is `value`.
fn the<'a>(items: &'a Value, key: &str, value: &str) -> &'a Value {
    let found: Vec<&Value> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f[key] == value)
        .collect();
    assert_eq!(found.len(), 1, "one {key} = {value} in {items:#}");
    found[0]
}

/// The probe's facts of a URL in `v` (a JSON finding or SARIF properties).
fn url_facts(v: &Value) -> Value {
    json!({ "url": v["url"], "state": v["state"], "status": v["status"], "detail": v["detail"] })
}

/// What looking for the fixture's one-word-changed excerpt found, in `v`
/// (a JSON finding's `excerpt` or SARIF properties).
fn assert_closest_passage(v: &Value) {
    assert_eq!(v["key"], "excerpt");
    assert_eq!(v["closest"], SENTENCE);
    let similarity = v["similarity"].as_f64().unwrap();
    assert!(similarity > 0.8 && similarity < 1.0, "{similarity}");
    assert_eq!(v["found_before"], false);
    assert_eq!(v["interstitial"], Value::Null);
}

/// What looking for an excerpt on a page that refused found: nothing.
fn unverifiable() -> Value {
    json!({
        "key": "excerpt", "closest": null, "similarity": null,
        "found_before": false, "interstitial": null,
    })
}

#[test]
fn an_excerpt_missing_finding_carries_its_url_and_the_closest_passage() {
    let (repo, server) = fixture();
    let doc = report(&repo);
    let f = the(&doc["findings"], "code", "excerpt-missing");
    assert_eq!(
        url_facts(f),
        json!({ "url": server.url("/article"), "state": "ok", "status": 200, "detail": "200 OK" })
    );
    assert_closest_passage(&f["excerpt"]);
}

#[test]
fn an_excerpt_unverifiable_finding_carries_its_url_and_the_blocked_state() {
    let (repo, server) = fixture();
    let doc = report(&repo);
    let f = the(&doc["findings"], "code", "excerpt-unverifiable");
    let blocked = json!({
        "url": server.url("/members-only"), "state": "blocked", "status": 403, "detail": "403 Forbidden",
    });
    assert_eq!(url_facts(f), blocked);
    assert_eq!(f["excerpt"], unverifiable());
    // A finding about the URL alone, or about no URL, has no excerpt.
    let f = the(&doc["findings"], "code", "blocked");
    assert_eq!((url_facts(f), &f["excerpt"]), (blocked, &Value::Null));
    let structure = the(&doc["findings"], "code", "supported-without-source");
    assert_eq!(structure["excerpt"], Value::Null);
    assert_eq!(structure["url"], Value::Null);
}

#[test]
fn sarif_results_carry_the_same_facts_as_properties() {
    let (repo, server) = fixture();
    let run = check(&repo, "sarif");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = &doc["runs"][0]["tool"]["driver"]["rules"];
    assert_eq!(
        the(rules, "id", "excerpt-missing")["name"],
        "ExcerptMissing"
    );
    let results = &doc["runs"][0]["results"];
    let missing = &the(results, "ruleId", "excerpt-missing")["properties"];
    assert_eq!(
        url_facts(missing),
        json!({ "url": server.url("/article"), "state": "ok", "status": 200, "detail": "200 OK" })
    );
    assert_closest_passage(missing);
    let blocked = &the(results, "ruleId", "excerpt-unverifiable")["properties"];
    let mut expected = unverifiable();
    expected.as_object_mut().unwrap().extend([
        ("url".into(), server.url("/members-only").into()),
        ("state".into(), "blocked".into()),
        ("status".into(), 403.into()),
        ("detail".into(), "403 Forbidden".into()),
    ]);
    assert_eq!(blocked, &expected);
    // A finding about a URL alone has its facts and no excerpt's; a
    // finding about no URL has no property bag.
    let dead = &the(results, "ruleId", "dead")["properties"];
    assert_eq!(
        dead,
        &json!({ "url": server.url("/gone"), "state": "dead", "status": 404, "detail": "404 Not Found" })
    );
    let structure = the(results, "ruleId", "supported-without-source");
    assert!(structure.get("properties").is_none(), "{structure}");
}

#[test]
fn a_text_changed_finding_carries_its_url() {
    let rewritten = Arc::new(AtomicBool::new(false));
    let flag = rewritten.clone();
    let server = Server::start(move |_| {
        let text = if flag.load(Ordering::SeqCst) {
            "An entirely different story about other things. ".repeat(40)
        } else {
            SENTENCE.to_string()
        };
        Reply::Full(
            200,
            vec![("Content-Type", "text/html".into())],
            format!("<p>{text}</p><p>seven to two</p>").into_bytes(),
        )
    });
    let repo = Repo::new().claim(
        "x",
        format!(
            "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\nexcerpt = \"seven to two\"\n",
            server.url("/a")
        ),
    );
    let args = [
        "check",
        "--allow-loopback",
        "--retries",
        "0",
        "--format",
        "json",
    ];
    for _ in 0..2 {
        assert_eq!(repo.run(&args).code, 0);
    }
    rewritten.store(true, Ordering::SeqCst);
    let run = repo.run(&args);
    assert_eq!(run.code, 0, "a warning: {}", run.stdout);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = the(&doc["findings"], "code", "text-changed");
    assert_eq!(
        url_facts(f),
        json!({ "url": server.url("/a"), "state": "ok", "status": 200, "detail": "200 OK" })
    );
    assert_eq!(f["excerpt"], Value::Null);
    assert_eq!(errors(&doc), Vec::<String>::new());
}

fn output_schema() -> Value {
    let path = project_root().join("schema/check-output.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(doc: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&output_schema())
        .expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn a_report_validates_against_the_output_schema() {
    let (repo, _server) = fixture();
    let doc = report(&repo);
    assert_eq!(doc["format_version"], 1);
    for code in [
        "supported-without-source",
        "dead",
        "blocked",
        "excerpt-missing",
        "excerpt-unverifiable",
    ] {
        the(&doc["findings"], "code", code);
    }
    assert_eq!(errors(&doc), Vec::<String>::new());
    // A schema that cannot fail would prove nothing: each of these breaks
    // the document somewhere.
    let mut breaks: Vec<Value> = Vec::new();
    for (pointer, value) in [
        ("/format_version", Value::from(2)),
        ("/findings/0/code", "no-such-code".into()),
        ("/findings/0/excerpt/similarity", 1.5.into()),
        ("/findings/0/excerpt/found_before", Value::Null),
        ("/summary/urls/dead", "one".into()),
        ("/settings/cache", 7.into()),
    ] {
        let mut broken = doc.clone();
        *broken.pointer_mut(pointer).expect(pointer) = value;
        breaks.push(broken);
    }
    let mut without = doc.clone();
    without.as_object_mut().unwrap().remove("format_version");
    breaks.push(without);
    // One document or the other, never both at once.
    let mut both = doc.clone();
    both["error"] = json!({ "kind": "k", "message": "m", "help": null });
    breaks.push(both);
    for broken in breaks {
        assert!(!errors(&broken).is_empty(), "accepted: {broken:#}");
    }
}

#[test]
fn a_failure_document_validates_against_the_output_schema() {
    let repo = Repo::new().file("claimtrack.toml", "[check\n");
    let run = repo.run(&["check", "--no-cache", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["tool"], "claimtrack");
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["format_version"], 1);
    assert!(doc["error"]["kind"].is_string(), "{doc:#}");
    assert_eq!(errors(&doc), Vec::<String>::new());
    let mut broken = doc.clone();
    broken["error"] = "it broke".into();
    assert!(!errors(&broken).is_empty());
    broken = doc.clone();
    broken.as_object_mut().unwrap().remove("error");
    assert!(!errors(&broken).is_empty());
}

/// Every property of every object in `schema`, with where it is.
fn properties<'a>(schema: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, p) in props {
                    out.push((format!("{at}.{name}"), p));
                }
            }
            for (k, v) in map {
                properties(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                properties(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_output_schema_describes_every_field_and_both_documents() {
    let schema = output_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let documents = schema["oneOf"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "{schema:#}");
    let mut all = Vec::new();
    properties(&schema, String::new(), &mut all);
    assert!(all.len() > 50, "{}", all.len());
    for (at, p) in all {
        let described = p["description"].as_str().is_some_and(|d| !d.is_empty());
        assert!(described, "{at} has no description");
    }
    for def in ["Document", "FailureDocument"] {
        let required = &schema["$defs"][def]["required"];
        for key in ["tool", "version", "format_version"] {
            assert!(required.as_array().unwrap().contains(&key.into()), "{def}");
        }
    }
}
