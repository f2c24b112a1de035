//! The review as markdown, for the reviewer of a pull request. Everything
//! from the claims (and from the servers probed) is markdown-escaped or in
//! code spans, so that no link, image or markup of a stranger's renders,
//! and the output is neutralised for CI logs (`escape`).

use std::fmt::Write as _;

use super::diff::{Change, ClaimDiff, FieldChange, SourceChange};
use super::{Review, UrlState};
use crate::escape::{code_span, markdown as text, workflow_lines};
use crate::probe::State;

pub(super) fn render_markdown(review: &Review) -> String {
    let diff = &review.diff;
    let mut out = String::from("## Claims changed\n\n");
    if diff.is_empty() {
        let _ = writeln!(
            out,
            "No claim was added, removed or modified between {} and {}.",
            code_span(&review.base),
            head_name(review)
        );
        return workflow_lines(&out).into_owned();
    }
    let _ = writeln!(
        out,
        "Between {} and {}: **{} added**, **{} modified**, **{} removed**.\n",
        code_span(&review.base),
        head_name(review),
        diff.added.len(),
        diff.changed.len(),
        diff.removed.len()
    );
    look_twice(&mut out, &diff.changed);
    section(&mut out, "Added", &diff.added, |out, c| {
        added(out, review, c)
    });
    section(&mut out, "Modified", &diff.changed, |out, c| {
        changed(out, review, c)
    });
    section(&mut out, "Removed", &diff.removed, |_, _| {});
    workflow_lines(&out).into_owned()
}

fn head_name(review: &Review) -> String {
    match &review.head {
        Some(h) => code_span(h),
        None => "the work tree".into(),
    }
}

fn look_twice(out: &mut String, changed: &[ClaimDiff]) {
    let mut flags = changed
        .iter()
        .flat_map(|c| c.look_twice.iter().map(move |f| (c.full_id(), f)))
        .peekable();
    if flags.peek().is_none() {
        return;
    }
    out.push_str("### Look twice\n\n");
    for (id, flag) in flags {
        let _ = writeln!(out, "- ⚠️ {}: {}", code_span(&id), flag.message(&code_span));
    }
    out.push('\n');
}

/// A `### title` section with each claim's heading and what `body` adds.
fn section(
    out: &mut String,
    title: &str,
    claims: &[ClaimDiff],
    body: impl Fn(&mut String, &ClaimDiff),
) {
    if claims.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    for c in claims {
        let _ = writeln!(
            out,
            "#### {}: {}\n",
            code_span(&c.full_id()),
            text(&c.article_title)
        );
        let _ = writeln!(out, "> {}\n", text(&c.claim));
        body(out, c);
    }
}

fn added(out: &mut String, review: &Review, c: &ClaimDiff) {
    let _ = writeln!(out, "- status: `{}`", c.status.as_str());
    if let Some(to) = &c.attributed_to {
        let _ = writeln!(out, "- attributed to: {}", code_span(to));
    }
    if let Some(credit) = c.credit {
        let _ = writeln!(out, "- credit: `{}`", credit.as_str());
    }
    if c.sources.is_empty() {
        out.push_str("- sources: none\n");
    }
    for s in &c.sources {
        source_line(out, review, s, "source");
    }
    out.push('\n');
}

fn changed(out: &mut String, review: &Review, c: &ClaimDiff) {
    for field in &c.fields {
        let _ = writeln!(out, "- {}", field_line(field));
    }
    if c.sources_changed && c.fields.is_empty() {
        // Only the sources changed: say so, the source lines follow.
        out.push_str("- sources changed\n");
    } else if c.sources_changed {
        out.push_str("- sources changed (below)\n");
    }
    for s in &c.sources {
        match s.change {
            Change::Added => source_line(out, review, s, "source added"),
            Change::Changed => source_line(out, review, s, "source changed"),
            Change::Removed => {
                let _ = writeln!(out, "- source removed: {}", code_span(&s.url));
            }
        }
    }
    out.push('\n');
}

/// A field's change in words.
fn field_line(field: &FieldChange) -> String {
    match field {
        FieldChange::Text { key, before, after } => {
            let show = |v: &Option<String>| {
                v.as_deref()
                    .map_or("(none)".to_string(), |v| format!("“{}”", text(v)))
            };
            let name = match *key {
                "credited" => "credited source".to_string(),
                key => key.replace('_', " "),
            };
            format!("{name}: {} → {}", show(before), show(after))
        }
        FieldChange::Status { before, after } => {
            format!("status: `{}` → `{}`", before.as_str(), after.as_str())
        }
        FieldChange::Credit { before, after } => {
            format!("credit: `{}` → `{}`", before.as_str(), after.as_str())
        }
        FieldChange::Topics { before, after } => format!(
            "topics: {} → {}",
            text(&before.join(", ")),
            text(&after.join(", "))
        ),
    }
}

fn source_line(out: &mut String, review: &Review, s: &SourceChange, what: &str) {
    let state = |url: &str| state_words(review.urls.of(url));
    let credited = if s.credited { " (credited)" } else { "" };
    let url = code_span(&s.url);
    let _ = writeln!(out, "- {what}: {url}{credited} — {}", state(&s.url));
    if let Some(a) = &s.archive {
        let _ = writeln!(out, "  - archive: {} — {}", code_span(a), state(a));
    }
}

fn state_words(state: UrlState<'_>) -> String {
    let o = match state {
        UrlState::Probed(o) => o,
        UrlState::NotHttp => return "not probed (not an http(s) URL)".into(),
        UrlState::Offline => return "not probed (--offline)".into(),
    };
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
