//! `claimtrack report --html DIR`: a static site of the claim set, with no
//! external asset and no framework: an index of articles and their claims
//! (filters and a search in a little plain JavaScript over data in the
//! page, readable without it) and a page per claim. Probe states come from
//! the result store: no network is needed. Everything from a claim file is
//! escaped.

use std::fmt::Write as _;
use std::path::Path;

use crate::diag::{Code, Finding};
use crate::escape::url_segment;
use crate::files::Files;
use crate::model::{Claim, ClaimSet, Credit, Link, Source, Status};
use crate::store::Store;

mod charts;
mod svg;
mod write;
pub(crate) use write::write;

/// What the result store knows of a URL, in words.
fn state(store: Option<&Store>, link: &Link) -> (String, String) {
    let key = link
        .url
        .as_ref()
        .map_or(link.raw().to_string(), |u| u.to_string());
    match store.and_then(|s| s.get(&key)) {
        Some(e) => {
            let date = e.checked.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            let status = e.status.map(|s| format!(" ({s})")).unwrap_or_default();
            (
                e.state.as_str().to_string(),
                format!("{}{status}, checked {date}", e.state.as_str()),
            )
        }
        None => ("not-checked".into(), "not checked".into()),
    }
}

/// HTML-escaped text (see `escape::html`).
fn esc(s: &str) -> String {
    crate::escape::html(s)
}

/// The codes of findings about names (article folders, claim files,
/// outlet ids) that the site turns into file names, ids and links.
const NAMING: &[Code] = &[Code::NotKebabCase, Code::IdTooLong];

/// What `report --html` refuses a claim set for: the findings about names
/// that break the naming rules (`NAMING`), rendered as `check` renders
/// them; `None` when there is none and the site may be written.
pub(crate) fn refusal(findings: &[Finding], files: &Files, color: bool) -> Option<String> {
    let refused: Vec<Finding> = findings
        .iter()
        .filter(|f| NAMING.contains(&f.code))
        .cloned()
        .collect();
    (!refused.is_empty()).then(|| crate::report::human::human(&refused, files, color))
}

/// An `href` for a URL from a claim file: only http and https are links.
fn href(link: &Link) -> Option<String> {
    link.url
        .as_ref()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| esc(u.as_str()))
}

/// The site's style sheet, inlined in every page.
const STYLE: &str = include_str!("style.css");

/// The charts' styles: only the index has charts, and the claim pages
/// (100,000 of them at that scale) do without.
const CHART_STYLE: &str = include_str!("charts.css");

fn page(title: &str, body: &str, script: Option<&str>) -> String {
    let mut out = page_start(title, "", body.len());
    out.push_str(body);
    page_end(&mut out, script);
    out
}

/// A page up to its body, with `style` after the site's style sheet and
/// room for `body_len` bytes more.
fn page_start(title: &str, style: &str, body_len: usize) -> String {
    let mut out = String::with_capacity(STYLE.len() + style.len() + body_len + 512);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}{style}</style>\n</head>\n<body>\n",
        esc(title)
    );
    out
}

/// The end of a page begun with [`page_start`].
fn page_end(out: &mut String, script: Option<&str>) {
    if let Some(js) = script {
        let _ = write!(out, "<script>\n{js}</script>\n");
    }
    out.push_str("</body>\n</html>\n");
}
fn status_badge(status: Status) -> String {
    format!(
        "<span class=\"status status-{0}\">{0}</span>",
        status.as_str()
    )
}

/// The verdict on a claim's credit, as a badge like the status's.
fn credit_badge(credit: Credit) -> String {
    format!(
        "<span class=\"credit credit-{0}\">credit {0}</span>",
        credit.as_str()
    )
}

/// "credited to Outlet", with the verdict on the credit.
fn credited_to(set: &ClaimSet, c: &Claim, to: &str) -> String {
    format!(
        "credited to {} {}",
        esc(&outlet_name(set, to)),
        credit_badge(c.credit())
    )
}

fn outlet_name(set: &ClaimSet, id: &str) -> String {
    set.outlet(id)
        .map_or_else(|| id.to_string(), |o| o.name.value.clone())
}

/// The outlets a claim is about: credited, and of its sources.
fn claim_outlets(set: &ClaimSet, c: &Claim) -> Vec<String> {
    let mut ids: Vec<String> = c.attributed_to.iter().map(|a| a.value.clone()).collect();
    ids.extend(
        c.sources
            .iter()
            .filter_map(|s| set.source_outlet(s).map(str::to_string)),
    );
    ids.sort();
    ids.dedup();
    ids
}

/// The link to a claim's page from the index, each name percent-encoded.
fn claim_url(c: &Claim) -> String {
    format!(
        "claims/{}/{}.html",
        url_segment(&c.article),
        url_segment(&c.id)
    )
}

/// Where a claim's page is written in the site's folder: the names as
/// they are (folder and file names from claims/, never `/` or `..`).
fn claim_path(dir: &Path, c: &Claim) -> std::path::PathBuf {
    dir.join("claims")
        .join(&c.article)
        .join(format!("{}.html", c.id))
}

/// The index, with `charts` (the health section) at its top, built in one
/// string: with 100,000 claims it is tens of megabytes, so it is never
/// copied into a page around it.
fn index(set: &ClaimSet, store: Option<&Store>, charts: &str) -> String {
    // About what each claim's item takes, so that the string grows rarely.
    let mut out = page_start("Claims", CHART_STYLE, 768 * set.claims.len());
    out.push_str(&index_header(set, store));
    out.push_str("</ul>\n</header>\n<main>\n");
    out.push_str(charts);
    out.push_str(&filters(set));
    for a in &set.articles {
        out.push_str(&article_section(set, a, store));
    }
    out.push_str("<p id=\"none\" hidden>No claim matches.</p>\n</main>\n");
    page_end(&mut out, Some(FILTER_JS));
    out
}

/// The index's header: how many claims, by status and by source state.
fn index_header(set: &ClaimSet, store: Option<&Store>) -> String {
    let mut body = String::from("<header>\n<h1>Claims</h1>\n");
    let _ = writeln!(
        body,
        "<p>{} claims from {} article{}, {} outlets.</p>",
        set.claims.len(),
        set.articles.len(),
        if set.articles.len() == 1 { "" } else { "s" },
        set.outlets.len()
    );
    body.push_str("<ul class=\"counts\" aria-label=\"Claims by status\">\n");
    for name in Status::NAMES {
        let n = set
            .claims
            .iter()
            .filter(|c| c.status.as_str() == *name)
            .count();
        let _ = writeln!(body, "<li>{} {name}</li>", n);
    }
    body.push_str("</ul>\n");
    let mut states: std::collections::BTreeMap<String, usize> = Default::default();
    for c in &set.claims {
        for s in &c.sources {
            if let Some(u) = &s.url {
                *states.entry(state(store, u).0).or_default() += 1;
            }
        }
    }
    body.push_str("<ul class=\"counts\" aria-label=\"Sources by state\">\n");
    for (name, n) in &states {
        let _ = writeln!(
            body,
            "<li>{n} source{} {}</li>",
            if *n == 1 { "" } else { "s" },
            esc(&name.replace('-', " "))
        );
    }
    body
}

/// The filter form; shown by the script, hidden without it.
fn filters(set: &ClaimSet) -> String {
    let mut body = String::new();
    // The filters work with JavaScript; without it they stay hidden and
    // every claim is shown.
    body.push_str("<form class=\"filters\" id=\"filters\" hidden role=\"search\" aria-label=\"Filter claims\">\n");
    let mut outlets: Vec<&crate::model::Outlet> = set.outlets.iter().collect();
    outlets.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    body.push_str("<label for=\"f-outlet\">Outlet<select id=\"f-outlet\"><option value=\"\">All outlets</option>");
    for o in outlets {
        let _ = write!(
            body,
            "<option value=\"{}\">{}</option>",
            esc(&o.id.value),
            esc(&o.name.value)
        );
    }
    body.push_str("</select></label>\n<label for=\"f-status\">Status<select id=\"f-status\"><option value=\"\">All statuses</option>");
    for name in Status::NAMES {
        let _ = write!(body, "<option value=\"{name}\">{name}</option>");
    }
    body.push_str("</select></label>\n<label for=\"f-credit\">Credit<select id=\"f-credit\"><option value=\"\">All credits</option>");
    for name in Credit::NAMES {
        let _ = write!(body, "<option value=\"{name}\">{name}</option>");
    }
    body.push_str("</select></label>\n<label for=\"f-topic\">Topic<select id=\"f-topic\"><option value=\"\">All topics</option>");
    let mut topics: Vec<String> = set
        .claims
        .iter()
        .flat_map(|c| c.topics.iter().map(|t| t.value.to_lowercase()))
        .collect();
    topics.sort();
    topics.dedup();
    for t in &topics {
        let _ = write!(body, "<option value=\"{0}\">{0}</option>", esc(t));
    }
    body.push_str("</select></label>\n<label for=\"f-search\">Search<input id=\"f-search\" type=\"search\" placeholder=\"Words in a claim\"></label>\n");
    body.push_str("<p id=\"f-count\" role=\"status\" aria-live=\"polite\"></p>\n</form>\n");
    body
}

/// One article's section of the index, with its claims.
fn article_section(set: &ClaimSet, a: &crate::model::Article, store: Option<&Store>) -> String {
    let mut body = String::new();
    let claims = set.claims_of(&a.slug);
    let _ = writeln!(
        body,
        "<section class=\"article\" aria-labelledby=\"a-{0}\">\n<h2 id=\"a-{0}\">{1}</h2>",
        esc(&a.slug),
        esc(&a.title)
    );
    let mut meta = vec![esc(&outlet_name(set, &a.outlet))];
    if let Some(s) = &a.section {
        meta.push(esc(s));
    }
    if let Some(p) = &a.published {
        meta.push(p.to_string());
    }
    if let Some(u) = a.url.as_ref().and_then(|u| href(u)) {
        meta.push(format!("<a href=\"{u}\">the article</a>"));
    }
    let _ = writeln!(body, "<p>{}</p>\n<ul class=\"claims\">", meta.join(" · "));
    for c in claims {
        body.push_str(&claim_item(set, c, store));
    }
    body.push_str("</ul>\n</section>\n");
    body
}

/// One claim in the index: its status, text, credit and sources' states.
fn claim_item(set: &ClaimSet, c: &Claim, store: Option<&Store>) -> String {
    let mut body = String::new();
    let topics: Vec<String> = c.topics.iter().map(|t| t.value.to_lowercase()).collect();
    let _ = writeln!(
        body,
        "<li class=\"claim\" data-status=\"{}\" data-credit=\"{}\" data-outlets=\"{}\" data-topics=\"{}\" data-text=\"{}\">",
        c.status.as_str(),
        crate::query::credit(c).map_or("", Credit::as_str),
        esc(&claim_outlets(set, c).join(" ")),
        esc(&topics.join("|")),
        esc(&c.claim.value.to_lowercase())
    );
    let _ = writeln!(
        body,
        "{} <a href=\"{}\">{}</a>",
        status_badge(c.status.value),
        esc(&claim_url(c)),
        esc(&c.claim)
    );
    if let Some(to) = &c.attributed_to {
        let _ = writeln!(
            body,
            "<br><span class=\"state\">{}</span>",
            credited_to(set, c, to)
        );
    }
    for s in &c.sources {
        if let Some(u) = &s.url {
            let (class, words) = state(store, u);
            let outlet = set
                .source_outlet(s)
                .map(|o| outlet_name(set, o))
                .unwrap_or_else(|| "source".into());
            let _ = writeln!(
                body,
                "<br><span class=\"state state-{class}\">{}: {}</span>",
                esc(&outlet),
                esc(&words)
            );
        }
    }
    body.push_str("</li>\n");
    body
}

/// The index's filters and search (plain JavaScript, no library).
const FILTER_JS: &str = include_str!("filter.js");

fn claim_page(set: &ClaimSet, c: &Claim, store: Option<&Store>) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<nav><a href=\"../../index.html\">All claims</a></nav>\n<main>"
    );
    let _ = writeln!(
        body,
        "<h1>{}</h1>\n<p>{} <code>{}</code></p>\n<dl>",
        esc(&c.claim),
        status_badge(c.status.value),
        esc(&c.full_id())
    );
    if let Some(q) = &c.quote {
        let _ = writeln!(
            body,
            "<dt>Quote</dt><dd><blockquote>{}</blockquote></dd>",
            esc(q)
        );
    }
    if let Some(to) = &c.attributed_to {
        let phrase = c
            .attribution
            .as_ref()
            .map(|p| format!(" (“{}”)", esc(p)))
            .unwrap_or_default();
        let _ = writeln!(
            body,
            "<dt>Credited to</dt><dd>{}{phrase} {}</dd>",
            esc(&outlet_name(set, to)),
            credit_badge(c.credit())
        );
    }
    if let Some(a) = set.article(&c.article) {
        let link = a.url.as_ref().and_then(|u| href(u)).map_or_else(
            || esc(&a.title),
            |u| format!("<a href=\"{u}\">{}</a>", esc(&a.title)),
        );
        let _ = writeln!(
            body,
            "<dt>Article</dt><dd>{link}, {}</dd>",
            esc(&outlet_name(set, &a.outlet))
        );
    }
    if !c.topics.is_empty() {
        let topics: Vec<String> = c.topics.iter().map(|t| esc(t)).collect();
        let _ = writeln!(body, "<dt>Topics</dt><dd>{}</dd>", topics.join(", "));
    }
    if let Some(n) = &c.note {
        let _ = writeln!(body, "<dt>Note</dt><dd>{}</dd>", esc(n));
    }
    body.push_str("</dl>\n<h2>Sources</h2>\n");
    if c.sources.is_empty() {
        body.push_str("<p>None.</p>\n");
    } else {
        body.push_str("<ol>\n");
        for s in &c.sources {
            body.push_str(&source_item(set, s, store));
        }
        body.push_str("</ol>\n");
    }
    body.push_str("</main>\n");
    page(&c.claim, &body, None)
}

fn source_item(set: &ClaimSet, s: &Source, store: Option<&Store>) -> String {
    let mut out = String::from("<li>");
    if let Some(u) = &s.url {
        let text = s.title.as_ref().map_or_else(|| esc(u.raw()), |t| esc(t));
        match href(u) {
            Some(h) => {
                let _ = write!(out, "<a href=\"{h}\">{text}</a>");
            }
            None => out.push_str(&text),
        }
        let (class, words) = state(store, u);
        let _ = write!(
            out,
            " <span class=\"state state-{class}\">{}</span>",
            esc(&words)
        );
    }
    if let Some(o) = set.source_outlet(s) {
        let _ = write!(out, "<br>{}", esc(&outlet_name(set, o)));
    }
    if s.is_credited() {
        out.push_str(" · <span class=\"credited\">the credited outlet's own piece</span>");
    }
    for (name, date) in [("published", &s.published), ("accessed", &s.accessed)] {
        if let Some(d) = date {
            let _ = write!(out, " · {name} {}", d.value);
        }
    }
    if let Some(a) = &s.archive {
        match href(a) {
            Some(h) => {
                let _ = write!(out, "<br><a href=\"{h}\">archived copy</a>");
            }
            None => {
                let _ = write!(out, "<br>archive: {}", esc(a.raw()));
            }
        }
    }
    if let Some(e) = &s.excerpt {
        let _ = write!(out, "<blockquote>{}</blockquote>", esc(e));
    }
    out.push_str("</li>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::Health;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    /// `report` refuses such names, but the pages are safe without that:
    /// a name reaches a link percent-encoded, and text escaped.
    #[test]
    fn hostile_names_reach_the_index_encoded() {
        let hostile = "x\"><img src=x onerror=alert(document.domain)>";
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("claims").join(hostile);
        std::fs::create_dir_all(&article).unwrap();
        std::fs::write(
            dir.path().join("claims/outlets.toml"),
            "[herald]\nname = \"The Herald\"\ndomains = []\n",
        )
        .unwrap();
        std::fs::write(
            article.join("article.toml"),
            "title = \"T\"\noutlet = \"herald\"\n",
        )
        .unwrap();
        let claim = "claim = \"C\"\nstatus = \"unverified\"\n";
        std::fs::write(article.join(format!("{hostile}.toml")), claim).unwrap();
        let set = crate::load::load(dir.path()).unwrap().set;
        assert_eq!(set.claims.len(), 1);
        let index = index(&set, None, &charts::section(&Health::of(&set, None)));
        assert!(!index.contains("<img"), "{index}");
        let encoded = "x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%28document.domain%29%3E";
        assert!(
            index.contains(&format!("href=\"claims/{encoded}/{encoded}.html\"")),
            "{index}"
        );
        let page = claim_page(&set, &set.claims[0], None);
        assert!(!page.contains("<img"), "{page}");
    }
}
