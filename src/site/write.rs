//! Writing the site: every page rendered in parallel into a folder
//! beside the target, which then replaces it whole; a folder that is not
//! a site claimtrack wrote is refused.

use std::path::Path;

use rayon::prelude::*;

use super::charts::{self, UNARCHIVED_PAGE, unarchived_page};
use super::{claim_page, claim_path, index};
use crate::error::{Error, WriteError};
use crate::export::Publisher;
use crate::health::Health;
use crate::model::ClaimSet;
use crate::store::Store;

/// The file that marks a folder as a site claimtrack wrote, which the
/// next `report --html` may replace whole.
const MARKER: &str = ".claimtrack-site";

/// Writes the site into `dir`: index.html and claims/ARTICLE/ID.html,
/// rendered in parallel into a folder beside `dir` that then replaces it
/// whole (see [`crate::files::replace_dir`]): pages of claims that are
/// gone go with it, and a failed build leaves the old site as it was. A
/// `dir` that holds anything else is refused, untouched.
pub(crate) fn write(
    set: &ClaimSet,
    store: Option<&Store>,
    publisher: Option<&Publisher>,
    dir: &Path,
) -> Result<usize, Error> {
    let fail = |source| WriteError::File {
        path: dir.to_path_buf(),
        source,
    };
    if !replaceable(dir).map_err(fail)? {
        return Err(WriteError::NotASite {
            path: dir.to_path_buf(),
        }
        .into());
    }
    crate::files::replace_dir(dir, |new| build(set, store, publisher, new, dir))
        .map_err(|e| fail(e).into())
}

/// The site's files written into `new`; an error names the file as it
/// will be under `shown`.
fn build(
    set: &ClaimSet,
    store: Option<&Store>,
    publisher: Option<&Publisher>,
    new: &Path,
    shown: &Path,
) -> std::io::Result<usize> {
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| {
            let name = shown.join(path.strip_prefix(new).unwrap_or(path));
            std::io::Error::new(e.kind(), format!("{}: {e}", name.display()))
        })
    };
    write(
        &new.join(MARKER),
        "A site written by `claimtrack report --html`, replaced whole on every run.\n",
    )?;
    // The figures are drawn, and let go, before the index is built: at
    // 100,000 claims the index is the run's peak of memory.
    let health = Health::of(set, store);
    write(&new.join(UNARCHIVED_PAGE), &unarchived_page(&health))?;
    let charts = charts::section(&health);
    drop(health);
    write(&new.join("index.html"), &index(set, store, &charts))?;
    let folders: std::collections::BTreeSet<&str> =
        set.claims.iter().map(|c| c.article.as_str()).collect();
    for folder in folders {
        std::fs::create_dir_all(new.join("claims").join(folder))?;
    }
    set.claims.par_iter().try_for_each(|c| {
        let mut page = claim_page(set, c, store);
        if let Some(p) = publisher {
            insert_reviews(&mut page, &crate::export::reviews_of(set, c, p));
        }
        write(&claim_path(new, c), &page)
    })?;
    Ok(2 + set.claims.len())
}

/// Puts a claim's ClaimReview JSON-LD (what `export --format claimreview`
/// says of it) in its page's head, for search engines: `<`, `>` and `&`
/// as JSON escapes, so that no value can end the script.
fn insert_reviews(page: &mut String, reviews: &[serde_json::Value]) {
    if reviews.is_empty() {
        return;
    }
    let json = serde_json::to_string(reviews).expect("JSON-LD serializes");
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let script = format!("<script type=\"application/ld+json\">{json}</script>\n");
    if let Some(at) = page.find("</head>") {
        page.insert_str(at, &script);
    }
}

/// Whether `dir` may be replaced by a new site: it is not there, is
/// empty, holds the marker of a site claimtrack wrote, or (a site from
/// before the marker) holds only index.html and claims/ with pages in it.
fn replaceable(dir: &Path) -> std::io::Result<bool> {
    let meta = match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        other => other?,
    };
    if !meta.is_dir() {
        return Ok(false);
    }
    let names: Vec<std::ffi::OsString> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    if names.is_empty() || names.iter().any(|n| n == MARKER) {
        return Ok(true);
    }
    if !names.iter().all(|n| n == "index.html" || n == "claims") {
        return Ok(false);
    }
    only_pages(&dir.join("claims"))
}

/// Whether every file under `dir` (if it is there) is an HTML page.
fn only_pages(dir: &Path) -> std::io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let ok = if kind.is_dir() {
            only_pages(&entry.path())?
        } else {
            kind.is_file() && entry.path().extension().is_some_and(|e| e == "html")
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}
