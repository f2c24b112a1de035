//! JSON Schemas (draft 2020-12) of the claim, article and outlets files,
//! for editors (Even Better TOML / taplo validate and complete with them),
//! and of `check --format json`'s output (`check-output`, whose types are
//! the report's own: `report::json`). The types below describe the files
//! key by key; their field lists are the layout's (`layout::CLAIM_KEYS`
//! and the rest: a test holds the two together) and their doc comments are
//! the descriptions.

#![allow(dead_code)] // the types exist for their schemas

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::layout::FileKind;
use crate::model::{Credit, Status};
use serde_json::Value;

/// A TOML date without quotes: `2014-04-19`.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date"))]
struct Date(String);

/// An http or https address.
#[derive(JsonSchema)]
#[schemars(extend("format" = "uri", "pattern" = "^https?://"))]
struct Url(String);

/// An outlet id: a key of outlets.toml (kebab-case).
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
struct OutletId(String);

/// Text that is not empty.
#[derive(JsonSchema)]
#[schemars(extend("minLength" = 1, "pattern" = "\\S"))]
struct Text(String);

/// One claim made in a news article: `claims/<article>/<claim-id>.toml`;
/// its id is the file name.
#[derive(JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "claimtrack claim",
    extend("dependentRequired" = {"credit": ["attributed_to"]})
)]
struct ClaimFile {
    /// The claim, in one sentence of our own.
    claim: Text,
    /// The article's own words, verbatim.
    quote: Option<Text>,
    /// The outlet the article credits; omit for a claim the article makes
    /// on its own.
    attributed_to: Option<OutletId>,
    /// The crediting phrase as printed ("according to Reuters").
    attribution: Option<Text>,
    /// The verdict on the claim's truth. Older files wrote `unlocated`:
    /// it is now `status = "unverified"` with `credit = "unlocated"`
    /// (`claimtrack fmt --migrate` rewrites it).
    status: Status,
    /// The verdict on the claim's credit, for a claim with `attributed_to`:
    /// did the credited outlet say it. `unchecked` when omitted.
    credit: Option<Credit>,
    /// What a reviewer should know: nuance, what was searched for and not
    /// found.
    note: Option<Text>,
    /// Free-form tags.
    topics: Option<Vec<Text>>,
    /// Where the claim can be checked.
    sources: Option<Vec<SourceEntry>>,
}

/// A `[[sources]]` entry: where the claim can be checked.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SourceEntry {
    /// The page.
    url: Url,
    /// The outlet; inferred from the URL's host when omitted, and if given
    /// the host must be one of its domains.
    outlet: Option<OutletId>,
    /// `true`: this is the credited outlet's own piece, the one the
    /// article credits with the claim. One source per claim at most, from
    /// the claim's `attributed_to` outlet;
    /// `credit = "confirmed"` requires it, with an `excerpt`.
    credited: Option<bool>,
    /// The page's title.
    title: Option<Text>,
    /// When the page was published.
    published: Option<Date>,
    /// When a person last saw the page support the claim.
    accessed: Option<Date>,
    /// A Wayback Machine or archive.today snapshot of `url`.
    archive: Option<Url>,
    /// Words the page is expected to contain, as a person read them there;
    /// `[…]` or `...` stand for any text between parts.
    excerpt: Option<Text>,
}

/// Where the claims of one folder appeared: `claims/<article>/article.toml`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "claimtrack article")]
struct ArticleFile {
    /// The headline.
    title: Text,
    /// Who published the article.
    outlet: OutletId,
    /// Where the article is.
    url: Option<Url>,
    /// A Wayback Machine or archive.today snapshot of `url`.
    archive: Option<Url>,
    /// When the article was published.
    published: Option<Date>,
    /// The author(s) as printed.
    byline: Option<Text>,
    /// The section it ran in.
    section: Option<Text>,
    /// Words the article's page is expected to contain.
    excerpt: Option<Text>,
}

/// An outlet: a table of `claims/outlets.toml`, keyed by its id.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct OutletEntry {
    /// The outlet's name as people write it.
    name: Text,
    /// Other names articles use for it ("WaPo", "the Post"): `import`
    /// recognises them in crediting phrases, `list --source` accepts them.
    aliases: Option<Vec<Text>>,
    /// Bare lowercase host names; a URL on one of them or a subdomain
    /// belongs to the outlet. Empty when not known for sure.
    domains: Option<Vec<Domain>>,
    /// The outlet's home page.
    homepage: Option<Url>,
}

/// A bare lowercase host name: `reuters.com`.
#[derive(JsonSchema)]
#[schemars(extend("pattern" = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"))]
struct Domain(String);

/// The outlets that claims are taken from, credited to, or sourced from:
/// `claims/outlets.toml`, one table per outlet keyed by a kebab-case id.
#[derive(JsonSchema)]
#[schemars(title = "claimtrack outlets", extend("propertyNames" = {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}))]
struct OutletsFile(BTreeMap<String, OutletEntry>);

/// The names of the schemas of `check`, `list` and `review --format
/// json`'s output.
const CHECK_OUTPUT: &str = "check-output";
const LIST_OUTPUT: &str = "list-output";
const REVIEW_OUTPUT: &str = "review-output";

/// The kinds of schema, with the name of their file.
pub(crate) const KINDS: &[(&str, &str)] = &[
    kind(FileKind::Claim),
    kind(FileKind::Article),
    kind(FileKind::Outlets),
    (CHECK_OUTPUT, "check-output.schema.json"),
    (LIST_OUTPUT, "list-output.schema.json"),
    (REVIEW_OUTPUT, "review-output.schema.json"),
];

/// The schema of a document `T` as serialized.
pub(crate) fn output_schema<T: JsonSchema>() -> Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

const fn kind(kind: FileKind) -> (&'static str, &'static str) {
    (kind.name(), kind.schema_file())
}

/// The schema of a kind of file (`claim`, `article` or `outlets`), or of
/// `check-output`.
fn schema(kind: &str) -> Option<Value> {
    match kind {
        CHECK_OUTPUT => return Some(crate::report::json::schema()),
        LIST_OUTPUT => return Some(output_schema::<crate::query::ListDocument>()),
        REVIEW_OUTPUT => return Some(output_schema::<crate::review::json::Document>()),
        _ => {}
    }
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = match FileKind::from_name(kind)? {
        FileKind::Claim => generator.into_root_schema_for::<ClaimFile>(),
        FileKind::Article => generator.into_root_schema_for::<ArticleFile>(),
        FileKind::Outlets => generator.into_root_schema_for::<OutletsFile>(),
    };
    Some(schema.to_value())
}

/// The schema as its committed file holds it.
pub(crate) fn text(kind: &str) -> Option<String> {
    let mut s = serde_json::to_string_pretty(&schema(kind)?).expect("a schema serializes");
    s.push('\n');
    Some(s)
}

/// The properties a schema lists, and those it requires, sorted.
fn keys(kind: &str) -> (Vec<String>, Vec<String>) {
    let value = schema(kind).expect("a known kind");
    let object = match FileKind::from_name(kind) {
        Some(FileKind::Outlets) => &value["$defs"]["OutletEntry"],
        _ => &value,
    };
    let names = |v: &Value| -> Vec<String> {
        let mut names: Vec<String> = match v {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        names.sort();
        names
    };
    (names(&object["properties"]), names(&object["required"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::SOURCE_KEYS;

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_schemas_list_exactly_the_layouts_keys() {
        for kind in FileKind::ALL {
            assert_eq!(keys(kind.name()).0, sorted(kind.keys()), "{kind:?}");
        }
        assert_eq!(keys("claim").1, sorted(&["claim", "status"]));
        assert_eq!(keys("article").1, sorted(&["title", "outlet"]));
        assert_eq!(keys("outlets").1, sorted(&["name"]));
        let source = &schema("claim").unwrap()["$defs"]["SourceEntry"];
        let props: Vec<String> = source["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(props, sorted(SOURCE_KEYS));
        assert_eq!(source["required"], serde_json::json!(["url"]));
    }

    #[test]
    fn statuses_are_the_models() {
        let claim = schema("claim").unwrap();
        let text = claim["$defs"]["Status"].to_string();
        for name in crate::model::Status::NAMES {
            assert!(text.contains(&format!("\"{name}\"")), "{name} in {text}");
        }
        assert!(!text.contains("\"unlocated\""), "{text}");
    }

    #[test]
    fn credits_are_the_models_with_their_descriptions() {
        let claim = schema("claim").unwrap();
        let variants = claim["$defs"]["Credit"]["oneOf"].as_array().unwrap();
        assert_eq!(variants.len(), Credit::ALL.len());
        for (credit, v) in Credit::ALL.iter().zip(variants) {
            assert_eq!(v["const"], credit.as_str());
            assert_eq!(
                v["description"].as_str().unwrap().trim_end_matches('.'),
                credit.description()
            );
        }
        let credited = &claim["$defs"]["SourceEntry"]["properties"]["credited"];
        assert!(credited.to_string().contains("\"boolean\""), "{credited}");
    }
}
