//! The JSON Schemas: the committed copies are what the code produces, and
//! every file in claims/ validates against them. (Outputs validated against
//! check-output.schema.json: machine.rs.)

use std::path::Path;

use crate::support::{project_root, run_in};

/// TOML as JSON, dates as `YYYY-MM-DD` strings (as editors see them).
fn json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.clone().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => (*f).into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.iter().map(json).collect::<Vec<_>>().into(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn validator(kind: &str) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(project_root().join(format!("schema/{kind}.schema.json"))).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    validator
        .iter_errors(&json(&value))
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schemas_are_what_the_code_produces() {
    for kind in [
        "claim",
        "article",
        "outlets",
        "check-output",
        "list-output",
        "review-output",
    ] {
        let run = run_in(project_root(), &["schema", kind]);
        assert_eq!(run.code, 0);
        let path = project_root().join(format!("schema/{kind}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &run.stdout).unwrap();
        }
        assert!(
            committed == run.stdout,
            "schema/{kind}.schema.json is stale: run `cargo run -- schema --dir schema` (or `UPDATE_DOCS=1 cargo test schema`) and commit it"
        );
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

#[test]
fn every_file_in_claims_validates() {
    let claims = project_root().join("claims");
    let (claim, article, outlets) = (
        validator("claim"),
        validator("article"),
        validator("outlets"),
    );
    let errs = errors(&outlets, &claims.join("outlets.toml"));
    assert!(errs.is_empty(), "outlets.toml: {errs:#?}");
    let mut checked = 0;
    for dir in std::fs::read_dir(&claims)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
    {
        for file in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let v = if file.ends_with("article.toml") {
                &article
            } else {
                &claim
            };
            let errs = errors(v, &file);
            assert!(errs.is_empty(), "{}: {errs:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked}");
}

#[test]
fn the_schemas_reject_what_check_rejects() {
    let claim = validator("claim");
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "claim = \"x\"\n",                                                  // no status
        "claim = \"x\"\nstatus = \"suported\"\n",                           // unknown status
        "claim = \"x\"\nstatus = \"mixed\"\nqoute = \"y\"\n",               // unknown key
        "claim = \"\"\nstatus = \"mixed\"\n",                               // empty
        "claim = \"x\"\nstatus = \"mixed\"\n[[sources]]\ntitle = \"t\"\n",  // source without url
        "claim = \"x\"\nstatus = \"mixed\"\nattributed_to = \"Reuters\"\n", // not an id
        "claim = \"x\"\nstatus = \"unlocated\"\n",                          // old status
        "claim = \"x\"\nstatus = \"mixed\"\ncredit = \"unlocated\"\n",      // no attributed_to
        "claim = \"x\"\nstatus = \"mixed\"\nattributed_to = \"reuters\"\ncredit = \"found\"\n",
        "claim = \"x\"\nstatus = \"mixed\"\n[[sources]]\nurl = \"https://a.example/\"\ncredited = \"yes\"\n",
    ] {
        let path = dir.path().join("x.toml");
        std::fs::write(&path, bad).unwrap();
        assert!(!errors(&claim, &path).is_empty(), "accepted: {bad}");
    }
}

#[test]
fn schema_without_a_kind_or_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["schema"]).code, 2);
    assert_eq!(run_in(dir.path(), &["schema", "nope"]).code, 2);
    let run = run_in(dir.path(), &["schema", "--dir", "out"]);
    assert_eq!(run.code, 0, "no claims/ needed: {}", run.stderr);
    assert!(dir.path().join("out/claim.schema.json").is_file());
    assert!(dir.path().join("out/check-output.schema.json").is_file());
}
