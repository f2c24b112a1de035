//! `review`: what changed in the claims between two revisions, as markdown
//! for the reviewer of a pull request. Everything from the claims (and
//! from the servers probed) is markdown-escaped or in code spans, so that
//! no link, image or markup of a stranger's renders, and the output is
//! neutralised for CI logs (`escape`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use crate::check::{Progress, probe_urls};
use crate::error::Error;
use crate::escape::{code_span, markdown as text, workflow_lines};
use crate::files::Sp;
use crate::load;
use crate::model::{Claim, ClaimSet, Source, Status};
use crate::probe::{self, State};

pub struct Options {
    pub base: String,
    /// `None`: the work tree.
    pub head: Option<String>,
    /// `None`: do not probe.
    pub probe: Option<probe::Settings>,
    pub latest_date: Date,
}

/// A claim that exists on both sides and differs.
struct Modified<'a> {
    before: &'a Claim,
    after: &'a Claim,
}

pub fn review(root: &Path, opts: &Options, progress: &dyn Progress) -> Result<String, Error> {
    // Both revisions are resolved before anything is written.
    crate::git::resolve(root, &opts.base)?;
    if let Some(head) = &opts.head {
        crate::git::resolve(root, head)?;
    }
    let base_dir = tempdir()?;
    crate::git::write_tree(root, &opts.base, base_dir.path())?;
    let base = load::load(base_dir.path())?.set;
    let head_dir;
    let head = match &opts.head {
        Some(rev) => {
            head_dir = tempdir()?;
            crate::git::write_tree(root, rev, head_dir.path())?;
            load::load(head_dir.path())?.set
        }
        None => load::load(root)?.set,
    };
    let before: BTreeMap<String, &Claim> = base.claims.iter().map(|c| (c.full_id(), c)).collect();
    let after: BTreeMap<String, &Claim> = head.claims.iter().map(|c| (c.full_id(), c)).collect();
    let added: Vec<&Claim> = after
        .iter()
        .filter(|(id, _)| !before.contains_key(*id))
        .map(|(_, c)| *c)
        .collect();
    let removed: Vec<&Claim> = before
        .iter()
        .filter(|(id, _)| !after.contains_key(*id))
        .map(|(_, c)| *c)
        .collect();
    let modified: Vec<Modified> = after
        .iter()
        .filter_map(|(id, a)| {
            let b = before.get(id)?;
            (!changes(b, a).is_empty()).then_some(Modified {
                before: b,
                after: a,
            })
        })
        .collect();

    // The URLs a reviewer has to trust: every added or changed source's.
    let mut urls: BTreeSet<String> = BTreeSet::new();
    for c in &added {
        urls.extend(c.sources.iter().flat_map(source_urls));
    }
    for m in &modified {
        for s in &m.after.sources {
            let old = m.before.sources.iter().find(|o| url_of(o) == url_of(s));
            if old.is_none_or(|o| source_fields(o) != source_fields(s)) {
                urls.extend(source_urls(s));
            }
        }
    }
    let states: HashMap<String, String> = match &opts.probe {
        Some(settings) => {
            let parsed: Vec<probe::Request> = urls
                .iter()
                .filter_map(|u| url::Url::parse(u).ok())
                .map(|url| probe::Request { url, page: false })
                .collect();
            probe_urls(
                parsed,
                settings,
                std::sync::Arc::new(|_: &mut probe::Outcome| {}),
                progress,
            )?
            .into_iter()
            .map(|o| (o.url.clone(), state_words(&o)))
            .collect()
        }
        None => HashMap::new(),
    };
    let probed = opts.probe.is_some();
    let state = |url: &str| -> String {
        let key = url::Url::parse(url)
            .map(|u| u.to_string())
            .unwrap_or_default();
        match states.get(&key) {
            Some(s) => s.clone(),
            None if probed => "not probed (not an http(s) URL)".into(),
            None => "not probed (--offline)".into(),
        }
    };

    let mut out = String::from("## Claims changed\n\n");
    if added.is_empty() && removed.is_empty() && modified.is_empty() {
        let _ = writeln!(
            out,
            "No claim was added, removed or modified between {} and {}.",
            code_span(&opts.base),
            head_name(opts)
        );
        return Ok(workflow_lines(&out).into_owned());
    }
    let _ = writeln!(
        out,
        "Between {} and {}: **{} added**, **{} modified**, **{} removed**.\n",
        code_span(&opts.base),
        head_name(opts),
        added.len(),
        modified.len(),
        removed.len()
    );
    let flags = look_twice(&modified);
    if !flags.is_empty() {
        out.push_str("### Look twice\n\n");
        for (id, why) in &flags {
            let _ = writeln!(out, "- ⚠️ {}: {why}", code_span(id));
        }
        out.push('\n');
    }
    if !added.is_empty() {
        out.push_str("### Added\n\n");
        for c in &added {
            claim_heading(&mut out, &head, c);
            let _ = writeln!(out, "- status: `{}`", c.status.as_str());
            if let Some(to) = &c.attributed_to {
                let _ = writeln!(out, "- attributed to: {}", code_span(to));
            }
            if c.sources.is_empty() {
                out.push_str("- sources: none\n");
            }
            for s in &c.sources {
                source_line(&mut out, s, "source", &state);
            }
            out.push('\n');
        }
    }
    if !modified.is_empty() {
        out.push_str("### Modified\n\n");
        for m in &modified {
            claim_heading(&mut out, &head, m.after);
            for line in changes(m.before, m.after) {
                let _ = writeln!(out, "- {line}");
            }
            for s in &m.after.sources {
                let old = m.before.sources.iter().find(|o| url_of(o) == url_of(s));
                match old {
                    None => source_line(&mut out, s, "source added", &state),
                    Some(o) if source_fields(o) != source_fields(s) => {
                        source_line(&mut out, s, "source changed", &state)
                    }
                    Some(_) => {}
                }
            }
            for o in &m.before.sources {
                if !m.after.sources.iter().any(|s| url_of(s) == url_of(o)) {
                    let _ = writeln!(out, "- source removed: {}", code_span(url_of(o)));
                }
            }
            out.push('\n');
        }
    }
    if !removed.is_empty() {
        out.push_str("### Removed\n\n");
        for c in &removed {
            claim_heading(&mut out, &base, c);
        }
    }
    Ok(workflow_lines(&out).into_owned())
}

fn head_name(opts: &Options) -> String {
    match &opts.head {
        Some(h) => code_span(h),
        None => "the work tree".into(),
    }
}

fn tempdir() -> Result<tempfile::TempDir, Error> {
    tempfile::tempdir().map_err(|e| Error::Git {
        message: format!("cannot create a temporary folder: {e}"),
        help: "check TMPDIR and its free space".into(),
    })
}

fn claim_heading(out: &mut String, set: &ClaimSet, c: &Claim) {
    let article = set
        .article(&c.article)
        .map_or_else(|| c.article.clone(), |a| a.title.value.clone());
    let _ = writeln!(
        out,
        "#### {}: {}\n",
        code_span(&c.full_id()),
        text(&article)
    );
    let _ = writeln!(out, "> {}\n", text(&c.claim));
}

fn source_line(out: &mut String, s: &Source, what: &str, state: &dyn Fn(&str) -> String) {
    let url = url_of(s);
    let _ = writeln!(out, "- {what}: {} — {}", code_span(url), state(url));
    if let Some(a) = &s.archive {
        let _ = writeln!(
            out,
            "  - archive: {} — {}",
            code_span(&a.raw),
            state(&a.raw)
        );
    }
}

fn url_of(s: &Source) -> &str {
    s.url.as_ref().map_or("", |u| u.raw.as_str())
}

fn source_urls(s: &Source) -> Vec<String> {
    [&s.url, &s.archive]
        .into_iter()
        .flatten()
        .filter_map(|l| l.url.as_ref().map(|u| u.to_string()))
        .collect()
}

/// A source's fields other than its URL, for telling a changed one.
fn source_fields(s: &Source) -> [Option<String>; 6] {
    let string = |v: &Option<Sp<String>>| v.as_ref().map(|v| v.value.clone());
    [
        string(&s.outlet),
        string(&s.title),
        s.published.as_ref().map(|d| d.to_string()),
        s.accessed.as_ref().map(|d| d.to_string()),
        s.archive.as_ref().map(|a| a.raw.clone()),
        string(&s.excerpt),
    ]
}

fn state_words(o: &probe::Outcome) -> String {
    let status = o.status.map(|s| format!(" ({s})")).unwrap_or_default();
    match o.state {
        State::Ok => format!("✅ ok{status}"),
        State::Redirected => format!(
            "↪️ redirected{status} to {}",
            code_span(o.new_url.as_deref().unwrap_or("?"))
        ),
        State::Blocked => {
            format!("🚫 blocked{status}: the site refuses bots, open it in a browser")
        }
        state => format!("❌ {}{status}: {}", state.as_str(), text(&o.detail)),
    }
}

/// What changed, field by field, in words.
fn changes(b: &Claim, a: &Claim) -> Vec<String> {
    let mut out = Vec::new();
    let opt = |v: &Option<Sp<String>>| v.as_ref().map(|v| v.value.clone());
    let mut field = |name: &str, before: Option<String>, after: Option<String>| {
        if before != after {
            let show = |v: &Option<String>| {
                v.as_deref()
                    .map_or("(none)".to_string(), |v| format!("“{}”", text(v)))
            };
            out.push(format!("{name}: {} → {}", show(&before), show(&after)));
        }
    };
    field(
        "claim",
        Some(b.claim.value.clone()),
        Some(a.claim.value.clone()),
    );
    field("quote", opt(&b.quote), opt(&a.quote));
    field(
        "attributed to",
        opt(&b.attributed_to),
        opt(&a.attributed_to),
    );
    field("attribution", opt(&b.attribution), opt(&a.attribution));
    field("note", opt(&b.note), opt(&a.note));
    if b.status.value != a.status.value {
        out.push(format!(
            "status: `{}` → `{}`",
            b.status.as_str(),
            a.status.as_str()
        ));
    }
    let topics = |c: &Claim| {
        c.topics
            .iter()
            .map(|t| t.value.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if topics(b) != topics(a) {
        out.push(format!(
            "topics: {} → {}",
            text(&topics(b)),
            text(&topics(a))
        ));
    }
    let sources_differ = b.sources.len() != a.sources.len()
        || b.sources
            .iter()
            .zip(&a.sources)
            .any(|(x, y)| url_of(x) != url_of(y) || source_fields(x) != source_fields(y));
    if sources_differ && out.is_empty() {
        // Only the sources changed: say so, the source lines follow.
        out.push("sources changed".into());
    } else if sources_differ {
        out.push("sources changed (below)".into());
    }
    out
}

/// What a reviewer should look at twice.
fn look_twice(modified: &[Modified<'_>]) -> Vec<(String, String)> {
    let mut flags = Vec::new();
    for m in modified {
        let (b, a) = (m.before, m.after);
        let id = a.full_id();
        let added_source = a
            .sources
            .iter()
            .any(|s| !b.sources.iter().any(|o| url_of(o) == url_of(s)));
        let reaccessed = a.sources.iter().any(|s| {
            b.sources
                .iter()
                .find(|o| url_of(o) == url_of(s))
                .is_some_and(|o| {
                    s.accessed.is_some()
                        && o.accessed.as_ref().map(|d| d.value)
                            != s.accessed.as_ref().map(|d| d.value)
                })
        });
        if a.status.value == Status::Supported
            && b.status.value != Status::Supported
            && !added_source
            && !reaccessed
        {
            flags.push((
                id.clone(),
                format!(
                    "status upgraded from `{}` to `supported` without a new or re-accessed source",
                    b.status.as_str()
                ),
            ));
        }
        let removed: Vec<&str> = b
            .sources
            .iter()
            .filter(|o| !a.sources.iter().any(|s| url_of(s) == url_of(o)))
            .map(url_of)
            .collect();
        if !removed.is_empty()
            && (a.status.value == Status::Supported || b.status.value == Status::Supported)
        {
            flags.push((
                id.clone(),
                format!(
                    "a source was removed from a `supported` claim: {}",
                    removed
                        .iter()
                        .map(|u| code_span(u))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if b.quote.as_ref().map(|q| &q.value) != a.quote.as_ref().map(|q| &q.value)
            && b.quote.is_some()
        {
            flags.push((id, "the `quote` was edited after the claim was first added: compare it with the article".into()));
        }
    }
    flags
}
