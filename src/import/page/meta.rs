//! An HTML page's metadata, only as the page gives it: `<meta>` tags
//! (Open Graph and the like), JSON-LD, `<link rel=canonical>`, the `<h1>`,
//! the `<title>` and a `<time>` in the article's header. Each field takes
//! the first source, in a fixed order, that has it.

use dom_query::Document as Dom;
use serde_json::Value;

use super::{Document, collapse};

/// The metadata of `dom`; `url` is the page's own address. The
/// paragraphs are left empty.
pub(super) fn read(dom: &Dom, url: Option<&url::Url>) -> Document {
    let ld = json_ld(dom);
    let ld_str = |key: &str| ld.as_ref().and_then(|a| string(a.get(key)?));
    let site_name = meta(dom, "og:site_name").or_else(|| {
        ld.as_ref()
            .and_then(|a| string(a.get("publisher")?.get("name")?))
    });
    let headline = meta(dom, "og:title")
        .or_else(|| ld_str("headline"))
        .or_else(|| text(dom, "h1"))
        .or_else(|| text(dom, "title"))
        .map(|h| without_site(h, site_name.as_deref()));
    let byline = meta(dom, "author")
        .filter(|a| !a.starts_with("http"))
        .or_else(|| ld.as_ref().and_then(|a| names(a.get("author")?)));
    let published = [
        meta(dom, "article:published_time"),
        ld_str("datePublished"),
        attr(
            dom,
            "article header time[datetime], main header time[datetime]",
            "datetime",
        ),
        meta(dom, "date"),
        meta(dom, "pubdate"),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| date(&d));
    let canonical = attr(dom, "link[rel~=canonical]", "href")
        .and_then(|c| absolute(&c, url))
        .or_else(|| meta(dom, "og:url").and_then(|c| absolute(&c, url)));
    Document {
        headline,
        byline,
        published,
        canonical,
        site_name,
        section: meta(dom, "article:section").or_else(|| ld_str("articleSection")),
        paragraphs: Vec::new(),
    }
}

/// The content of `<meta property=key>` or `<meta name=key>`, collapsed,
/// if not empty.
fn meta(dom: &Dom, key: &str) -> Option<String> {
    let selector = format!("meta[property=\"{key}\" i], meta[name=\"{key}\" i]");
    dom.select(&selector)
        .nodes()
        .iter()
        .filter_map(|n| n.attr("content"))
        .map(|c| collapse(&c))
        .find(|c| !c.is_empty())
}

/// An attribute of the first element `selector` finds with it, trimmed.
fn attr(dom: &Dom, selector: &str, name: &str) -> Option<String> {
    dom.select(selector)
        .nodes()
        .iter()
        .filter_map(|n| n.attr(name))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

/// The text of the first element `selector` finds with text, collapsed.
fn text(dom: &Dom, selector: &str) -> Option<String> {
    dom.select(selector)
        .nodes()
        .iter()
        .map(|n| collapse(&n.text()))
        .find(|t| !t.is_empty())
}

/// A title without a trailing " | Site", " - Site" or " – Site" when Site
/// is the site's name.
fn without_site(title: String, site: Option<&str>) -> String {
    let Some(site) = site else { return title };
    for separator in [" | ", " - ", " – ", " — ", " · "] {
        if let Some(rest) = title.strip_suffix(site)
            && let Some(rest) = rest.strip_suffix(separator)
            && !rest.trim().is_empty()
        {
            return rest.trim().to_string();
        }
    }
    title
}

/// The date part of an ISO 8601 / RFC 3339 date or timestamp, as written
/// (no change of time zone).
fn date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    head.parse().ok()
}

/// `link` as an absolute http(s) URL: itself, or resolved against the
/// page's address.
fn absolute(link: &str, base: Option<&url::Url>) -> Option<String> {
    let resolved = match base {
        Some(base) => base.join(link).ok()?,
        None => url::Url::parse(link).ok()?,
    };
    matches!(resolved.scheme(), "http" | "https").then(|| resolved.to_string())
}

/// The first news article the page's JSON-LD describes: in a script of
/// its own, in an array, or in an `@graph`. Malformed JSON-LD is passed
/// over.
fn json_ld(dom: &Dom) -> Option<Value> {
    dom.select("script[type=\"application/ld+json\" i]")
        .nodes()
        .iter()
        .filter_map(|n| serde_json::from_str::<Value>(&n.text()).ok())
        .find_map(|v| article(v, 0))
}

fn article(value: Value, depth: usize) -> Option<Value> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Array(items) => items.into_iter().find_map(|v| article(v, depth + 1)),
        Value::Object(mut object) => {
            if is_article(object.get("@type")) {
                return Some(Value::Object(object));
            }
            article(object.remove("@graph")?, depth + 1)
        }
        _ => None,
    }
}

fn is_article(kind: Option<&Value>) -> bool {
    let news = |t: &Value| {
        t.as_str().is_some_and(|t| {
            let t = t.rsplit('/').next().unwrap_or(t);
            t == "Article" || t.ends_with("NewsArticle")
        })
    };
    match kind {
        Some(Value::Array(kinds)) => kinds.iter().any(news),
        Some(kind) => news(kind),
        None => false,
    }
}

/// A JSON-LD text: a string, or the first string of a list, collapsed.
fn string(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => collapse(s),
        Value::Array(items) => return items.iter().find_map(string),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// An author (a name or a person with a name) or a list of them, joined
/// with ", ".
fn names(value: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::Object(o) => o.get("name").and_then(string),
        other => string(other),
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    (!names.is_empty()).then(|| names.join(", "))
}
