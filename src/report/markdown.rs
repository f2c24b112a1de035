//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a
//! pull-request comment: a counts line, then the findings in tables, errors
//! first, long sections folded in `<details>`.

use super::{Located, Report, located};
use crate::diag::Severity;
use crate::escape::{code_span, markdown_cell, workflow_lines};

/// Sections longer than this are folded.
const FOLD_AFTER: usize = 20;

mod health;

pub(super) fn markdown(report: &Report<'_>) -> String {
    let s = &report.summary;
    let mut out = String::from("## claimtrack check\n\n");
    let verdict = match (s.errors, s.warnings) {
        (0, 0) => "✅ no findings".to_string(),
        (0, w) => format!("⚠️ 0 errors, {w} warning{}", plural(w)),
        (e, w) => format!("❌ **{e} error{}**, {w} warning{}", plural(e), plural(w)),
    };
    out.push_str(&format!(
        "{verdict} · {} claim{} in {} article{}, {} outlet{}",
        s.claims,
        plural(s.claims),
        s.articles,
        plural(s.articles),
        s.outlets,
        plural(s.outlets)
    ));
    if let Some(urls) = &s.urls {
        out.push_str(&format!(" · {}", urls.line()));
    }
    out.push_str("\n\n");
    let all = located(report);
    for (severity, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings")] {
        let rows: Vec<&Located> = all.iter().filter(|l| l.f.severity == severity).collect();
        if rows.is_empty() {
            continue;
        }
        let fold = rows.len() > FOLD_AFTER;
        if fold {
            let open = if severity == Severity::Error {
                " open"
            } else {
                ""
            };
            out.push_str(&format!(
                "<details{open}><summary><strong>{title} ({})</strong></summary>\n\n",
                rows.len()
            ));
        } else {
            out.push_str(&format!("### {title} ({})\n\n", rows.len()));
        }
        out.push_str("| Claim | URL | State | What to do |\n|---|---|---|---|\n");
        for l in rows {
            out.push_str(&row(l));
        }
        out.push('\n');
        if fold {
            out.push_str("</details>\n\n");
        }
    }
    if let Some(h) = report.health {
        out.push_str(&health::health(h));
    }
    workflow_lines(&out).into_owned()
}

fn row(l: &Located<'_>) -> String {
    let place = match l.line {
        Some(line) => format!("{}:{line}", l.path),
        None => l.path.clone(),
    };
    let claim = match &l.claim {
        Some(id) => format!("{}<br>{}", code_span(id).replace('|', "\\|"), cell(&place)),
        None => cell(&place),
    };
    let (url, state, todo) = match &l.f.url {
        Some(u) => {
            let status = u.status.map(|s| format!(" ({s})")).unwrap_or_default();
            let todo = format!("{}: {}", u.detail, l.f.help.as_deref().unwrap_or_default());
            (link(&u.url), format!("{}{status}", u.state), todo)
        }
        None => {
            let mut todo = l.f.message.clone();
            if let Some(help) = &l.f.help {
                todo.push_str(": ");
                todo.push_str(help);
            }
            ("—".to_string(), format!("`{}`", l.f.code.as_str()), todo)
        }
    };
    format!("| {claim} | {url} | {state} | {} |\n", cell(&todo))
}

/// Text safe inside a table cell: rendered as itself (values quoted in
/// backticks as code), no pipe, no line break (see `escape::markdown_cell`).
fn cell(s: &str) -> String {
    markdown_cell(s)
}

/// A link whose text is the URL itself (a probed http(s) URL, which the
/// reader sees whole): nothing in it can end the link or the table cell.
fn link(url: &str) -> String {
    let target = url
        .replace('(', "%28")
        .replace(')', "%29")
        .replace(' ', "%20")
        .replace('|', "%7C")
        .replace('<', "%3C")
        .replace('>', "%3E");
    format!("[{}]({target})", cell(url))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_links_are_escaped() {
        assert_eq!(cell("a|b\n<script>"), "a\\|b &lt;script&gt;");
        assert_eq!(
            link("https://x.org/a_(b)|c[d]"),
            "[https://x.org/a\\_(b)\\|c\\[d\\]](https://x.org/a_%28b%29%7Cc[d])"
        );
    }
}
