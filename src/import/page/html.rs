//! The main text of an HTML page: the `dom_smoothie` extractor (a port of
//! Mozilla's Readability) finds the article's content, and the paragraphs
//! are read out of it block by block. When it finds nothing that reads as
//! an article, the page's own `<article>` or `<main>` is tried before
//! giving up.

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability};

use super::{Document, collapse, meta};

/// The page read: its metadata, then its main text. `html` is decoded.
pub(super) fn read(html: &str, url: Option<&url::Url>) -> Document {
    let dom = parse(html);
    let mut document = meta::read(&dom, url);
    let mut paragraphs = extracted(dom, url);
    if !reads_as_article(&paragraphs) {
        paragraphs = fallback(html);
    }
    if !reads_as_article(&paragraphs) {
        paragraphs.clear();
    }
    if let Some(headline) = &document.headline {
        paragraphs.retain(|p| p != headline);
    }
    document.paragraphs = paragraphs;
    document
}

/// The paragraphs of what the extractor takes for the article (none if
/// it fails).
fn extracted(dom: Dom, url: Option<&url::Url>) -> Vec<String> {
    let config = Config {
        // No limit on the number of elements: a long page is still read.
        max_elements_to_parse: 0,
        ..Config::default()
    };
    let Ok(mut readability) =
        Readability::with_document(dom, url.map(url::Url::as_str), Some(config))
    else {
        return Vec::new();
    };
    match readability.parse() {
        Ok(article) => {
            let content = Dom::from(article.content);
            paragraphs(&content.root())
        }
        Err(_) => Vec::new(),
    }
}

/// The paragraphs of the page's largest `<article>`, else its `<main>`.
fn fallback(html: &str) -> Vec<String> {
    let dom = parse(html);
    for selector in ["article", "main, [role=main]"] {
        let best = dom
            .select(selector)
            .nodes()
            .iter()
            .map(paragraphs)
            .max_by_key(|p| p.iter().map(String::len).sum::<usize>());
        if let Some(best) = best
            && reads_as_article(&best)
        {
            return best;
        }
    }
    Vec::new()
}

/// The page parsed, with no element deeper than [`MAX_DEPTH`] and its
/// consent walls taken out.
fn parse(html: &str) -> Dom {
    let dom = Dom::from(html);
    flatten_deep(&dom);
    remove_consent_walls(&dom);
    dom
}

/// How deep elements may nest: the extractor and the selector engine
/// recurse through the tree, so hostile nesting would overflow the stack.
/// Real pages stay far shallower; browsers cap the depth too.
const MAX_DEPTH: usize = 200;

/// Every element at [`MAX_DEPTH`] keeps only its text. One pass over the
/// tree, without recursion.
fn flatten_deep(dom: &Dom) {
    let mut deep = Vec::new();
    let mut node = dom.root();
    let mut depth = 0usize;
    loop {
        let next = if depth >= MAX_DEPTH && node.is_element() && node.first_child().is_some() {
            deep.push(node);
            None
        } else {
            node.first_child()
        };
        if let Some(child) = next {
            node = child;
            depth += 1;
            continue;
        }
        // Up until there is a next sibling.
        loop {
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) if depth > 0 => {
                    node = parent;
                    depth -= 1;
                }
                _ => {
                    for node in deep {
                        let text: String = node
                            .descendants_it()
                            .filter(|n| n.is_text())
                            .map(|n| n.text().to_string())
                            .collect();
                        node.set_text(text);
                    }
                    return;
                }
            }
        }
    }
}

/// Cookie-consent walls and banners, taken out before anything reads the
/// page: by the names their markup gives itself.
fn remove_consent_walls(dom: &Dom) {
    let walls = dom.select(
        "[id*=cookie], [class*=cookie], [id*=consent], [class*=consent], \
         [id*=gdpr], [class*=gdpr], [class*=cmp-], [id*=cmp-]",
    );
    for node in walls.nodes() {
        let name = node.node_name().unwrap_or_default();
        if !matches!(&*name, "html" | "body" | "article" | "main") {
            node.remove_from_parent();
        }
    }
}

/// Whether paragraphs are an article's text rather than a front page's
/// teasers or a banner: at least one sentence-long paragraph and some
/// words in all.
fn reads_as_article(paragraphs: &[String]) -> bool {
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    let sentence = paragraphs.iter().any(|p| {
        p.split_whitespace().count() >= 12
            && p.trim_end_matches(['"', '\'', '”', '’', ')'])
                .ends_with(['.', '!', '?', '…'])
    });
    sentence && words >= 30
}

/// Elements whose content is never article text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "button"
            | "form"
            | "input"
            | "select"
            | "textarea"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "figure"
            | "figcaption"
            | "title"
            | "head"
    ) || name.starts_with("amp-")
}

/// Elements that start and end a paragraph (everything else is inline).
fn block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "div"
            | "section"
            | "article"
            | "main"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// The paragraphs under `root`: each block's own text, whitespace
/// collapsed, in document order; a `<br>` is a space.
fn paragraphs(root: &NodeRef) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    walk(root, &mut current, &mut out, 0);
    flush(&mut current, &mut out);
    out
}

fn walk(node: &NodeRef, current: &mut String, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            current.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child.node_name().unwrap_or_default();
        if skipped(&name) {
            continue;
        }
        if &*name == "br" {
            current.push(' ');
        } else if block(&name) {
            flush(current, out);
            walk(&child, current, out, depth + 1);
            flush(current, out);
        } else {
            walk(&child, current, out, depth + 1);
        }
    }
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let paragraph = collapse(current);
    current.clear();
    if !paragraph.is_empty() {
        out.push(paragraph);
    }
}
