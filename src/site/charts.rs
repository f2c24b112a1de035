//! The index's "Health at a glance": the figures of [`Health`] drawn as
//! inline SVG (see `svg`), each in a `<figure>` with a caption, a title
//! and a description, and its numbers in tables under it, so that the
//! page says everything without the pictures and without JavaScript.
//! The figures of probe states say "not checked yet" while the result
//! store has no result for any source, rather than drawing zeros.

use std::fmt::Write as _;

use super::esc;
use super::svg::{Row, Series, bars, columns, lines};
use crate::health::{Health, Kind, Point, Verdicts, YearRow};
use crate::model::{Credit, Status};

/// The page that lists the sources without an archive.
pub(super) const UNARCHIVED_PAGE: &str = "sources-without-archive.html";

const fn series(name: &'static str, colour: &'static str) -> Series {
    Series {
        name,
        colour,
        dashed: false,
    }
}

/// A colour per [`Kind`], in `Kind::ALL`'s order: told apart by people
/// with the common colour blindnesses (blue, orange, purple against
/// green and red), and the numbers are in the table.
const KINDS: [Series; 7] = [
    series("ok", "#1b7837"),
    series("redirected", "#2166ac"),
    series("blocked", "#e69f00"),
    series("failing", "#8073ac"),
    series("dead, archived", "#f4a582"),
    series("dead", "#b2182b"),
    series("not checked", "#d9d9d9"),
];

/// A colour per [`Status`], in `Status::ALL`'s order.
const STATUSES: [Series; 5] = [
    series("unverified", "#bababa"),
    series("supported", "#1b7837"),
    series("mixed", "#e69f00"),
    series("disputed", "#d6604d"),
    series("refuted", "#b2182b"),
];

/// A colour per [`Credit`], in `Credit::ALL`'s order.
const CREDITS: [Series; 4] = [
    series("unchecked", "#bababa"),
    series("confirmed", "#1b7837"),
    series("unlocated", "#e69f00"),
    series("misattributed", "#b2182b"),
];

const NOT_CHECKED: &str = "<p class=\"empty\">Not checked yet: run <code>claimtrack check</code>, then <code>claimtrack report</code> again.</p>\n";

/// The section, for the top of the index.
pub(super) fn section(h: &Health) -> String {
    let mut out = String::from(
        "<section class=\"health\" aria-labelledby=\"health\">\n<h2 id=\"health\">Health at a glance</h2>\n",
    );
    out.push_str(&rot_by_year(h));
    out.push_str(&rot_by_outlet(h));
    out.push_str(&over_time(h));
    out.push_str(&verdicts_by_article(h));
    out.push_str(&verdicts_by_outlet(h));
    out.push_str(&unarchived(h));
    out.push_str("</section>\n");
    out
}

/// A figure: its caption, then the body (a chart, or words).
fn figure(id: &str, caption: &str, body: &str) -> String {
    format!(
        "<figure id=\"{id}\">\n<figcaption>{}</figcaption>\n{body}</figure>\n",
        esc(caption)
    )
}

/// A table: its caption, the column heads, and rows whose first cell is
/// the row's head.
fn table(caption: &str, heads: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("<table>\n<caption>{}</caption>\n<thead><tr>", esc(caption));
    for h in heads {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", esc(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn year_label(r: &YearRow) -> String {
    r.year.map_or_else(|| "no date".into(), |y| y.to_string())
}

fn year_rows(rows: &[YearRow]) -> Vec<Row> {
    rows.iter()
        .map(|r| Row {
            label: year_label(r),
            values: Kind::ALL.iter().map(|k| r.rot.get(*k)).collect(),
        })
        .collect()
}

/// A table row of a year: year, sources, then a count per kind.
fn year_cells(r: &YearRow) -> Vec<String> {
    let mut cells = vec![year_label(r), r.sources.to_string()];
    cells.extend(Kind::ALL.iter().map(|k| r.rot.get(*k).to_string()));
    cells
}

fn kind_heads(first: &[&'static str]) -> Vec<&'static str> {
    let mut heads = first.to_vec();
    heads.extend(Kind::ALL.iter().map(|k| k.label()));
    heads
}

fn rot_by_year(h: &Health) -> String {
    let caption = "Link rot by year";
    if !h.checked {
        return figure("rot-by-year", caption, NOT_CHECKED);
    }
    let dead: usize = h
        .by_year
        .iter()
        .map(|r| r.rot.dead + r.rot.dead_archived)
        .sum();
    let archived: usize = h.by_year.iter().map(|r| r.rot.dead_archived).sum();
    let desc = format!(
        "Stacked columns, one per year the sources were published (or first checked): the share of each year's sources that is ok, redirected, blocked, failing, dead with an archived copy, dead, or not checked. Of {} source URLs, {dead} are dead, {archived} of them archived.",
        h.sources()
    );
    let svg = columns(
        "c-rot-year",
        "Link rot by year of publication",
        &desc,
        &KINDS,
        &year_rows(&h.by_year),
        720.0,
        200.0,
    );
    let rows: Vec<Vec<String>> = h.by_year.iter().map(year_cells).collect();
    let t = table(
        "Sources by year and state",
        &kind_heads(&["Year", "Sources"]),
        &rows,
    );
    figure("rot-by-year", caption, &format!("{svg}{t}"))
}

fn rot_by_outlet(h: &Health) -> String {
    let caption = "Link rot by year, for the outlets with most sources";
    if !h.checked || h.by_outlet.is_empty() {
        let body = if h.checked {
            "<p class=\"empty\">No source is from a known outlet.</p>\n"
        } else {
            NOT_CHECKED
        };
        return figure("rot-by-outlet", caption, body);
    }
    let mut body = String::from("<div class=\"multiples\">\n");
    let mut rows = Vec::new();
    for (i, o) in h.by_outlet.iter().enumerate() {
        let title = format!("{} ({} sources)", o.name, o.sources);
        let desc = format!(
            "The share of {}'s sources in each state, by year of publication.",
            o.name
        );
        let _ = write!(
            body,
            "<div><p class=\"multiple\">{}</p>\n{}</div>\n",
            esc(&title),
            columns(
                &format!("c-rot-o{i}"),
                &title,
                &desc,
                &KINDS,
                &year_rows(&o.by_year),
                340.0,
                90.0
            )
        );
        for r in &o.by_year {
            let mut cells = year_cells(r);
            cells.insert(0, o.name.clone());
            rows.push(cells);
        }
    }
    body.push_str("</div>\n");
    body.push_str(&table(
        "Sources by outlet, year and state",
        &kind_heads(&["Outlet", "Year", "Sources"]),
        &rows,
    ));
    figure("rot-by-outlet", caption, &body)
}

fn over_time(h: &Health) -> String {
    let caption = "Dead and blocked sources over time";
    let (Some(first), Some(last)) = (h.over_time.first(), h.over_time.last()) else {
        return figure("over-time", caption, NOT_CHECKED);
    };
    let days: Vec<i64> = h
        .over_time
        .iter()
        .map(|p| (p.date - first.date).get_days().into())
        .collect();
    let desc = format!(
        "Lines of the sources dead and of those blocked, from {} to {}, on each day the result store recorded a change: {} dead and {} blocked on {}.",
        first.date, last.date, last.dead, last.blocked, last.date
    );
    let dead = series("dead", "#b2182b");
    let blocked = Series {
        dashed: true,
        ..series("blocked", "#e69f00")
    };
    let values = [
        h.over_time.iter().map(|p| p.dead).collect(),
        h.over_time.iter().map(|p| p.blocked).collect(),
    ];
    let (from, to) = (first.date.to_string(), last.date.to_string());
    let svg = lines(
        "c-over-time",
        caption,
        &desc,
        &[dead, blocked],
        (&days, [&from, &to]),
        &values,
    );
    let rows: Vec<Vec<String>> = h.over_time.iter().map(point_cells).collect();
    let t = table(
        "Sources dead and blocked by date",
        &["Date", "Checked", "Dead", "Blocked"],
        &rows,
    );
    figure("over-time", caption, &format!("{svg}{t}"))
}

fn point_cells(p: &Point) -> Vec<String> {
    vec![
        p.date.to_string(),
        p.checked.to_string(),
        p.dead.to_string(),
        p.blocked.to_string(),
    ]
}

/// Claims by status (and credit) per row, as bars and a table.
/// Claims by status (and credit) per row, as bars and a table; `what`
/// names a row in sentences, `head` in the table.
fn verdict_figure(
    id: &str,
    caption: &str,
    (rows, more): (&[Verdicts], usize),
    what: &str,
    head: &str,
) -> String {
    if rows.is_empty() {
        return figure(id, caption, "<p class=\"empty\">No claims yet.</p>\n");
    }
    let status_rows: Vec<Row> = rows
        .iter()
        .map(|v| Row {
            label: v.name.clone(),
            values: Status::ALL.iter().map(|s| v.status.get(*s)).collect(),
        })
        .collect();
    let desc = format!(
        "Bars, one per {what}, as long as its number of claims, split by the claims' status."
    );
    let mut body = bars(&format!("c-{id}"), caption, &desc, &STATUSES, &status_rows);
    let with_credit = rows.iter().any(|v| v.credit.is_some());
    if with_credit {
        let credit_rows: Vec<Row> = rows
            .iter()
            .map(|v| Row {
                label: v.name.clone(),
                values: Credit::ALL
                    .iter()
                    .map(|c| v.credit.map_or(0, |k| k.get(*c)))
                    .collect(),
            })
            .collect();
        let title = format!("{caption}: the verdicts on the credit");
        let desc = format!("Bars, one per {what}, split by the verdict on the claims' credit.");
        body.push_str(&bars(
            &format!("c-{id}-credit"),
            &title,
            &desc,
            &CREDITS,
            &credit_rows,
        ));
    }
    body.push_str(&verdict_tables(rows, what, head, with_credit));
    if more > 0 {
        let _ = writeln!(body, "<p>And {more} more, with fewer claims.</p>");
    }
    figure(id, caption, &body)
}

/// The numbers of [`verdict_figure`]: claims by status, and (when some
/// credit an outlet) the claims crediting one by the verdict, in two
/// tables narrow enough for the page.
fn verdict_tables(rows: &[Verdicts], what: &str, head: &str, with_credit: bool) -> String {
    let mut heads = vec![head, "Claims"];
    heads.extend(Status::NAMES);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|v| {
            let mut c = vec![v.name.clone(), v.claims.to_string()];
            c.extend(Status::ALL.iter().map(|s| v.status.get(*s).to_string()));
            c
        })
        .collect();
    let mut out = table(&format!("Claims by {what} and status"), &heads, &cells);
    if with_credit {
        let mut heads = vec![head, "Crediting an outlet"];
        heads.extend(Credit::NAMES);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|v| {
                let k = v.credit.unwrap_or_default();
                let mut c = vec![v.name.clone(), k.total().to_string()];
                c.extend(Credit::ALL.iter().map(|x| k.get(*x).to_string()));
                c
            })
            .collect();
        out.push_str(&table(
            &format!("Claims crediting an outlet, by {what} and the verdict on the credit"),
            &heads,
            &cells,
        ));
    }
    out
}

fn verdicts_by_article(h: &Health) -> String {
    verdict_figure(
        "by-article",
        "Claims by status and credit, for the articles with most claims",
        (&h.by_article, h.more_articles),
        "article",
        "Article",
    )
}

fn verdicts_by_outlet(h: &Health) -> String {
    verdict_figure(
        "by-credited-outlet",
        "Claims by status and credit, for the outlets most credited",
        (&h.by_credited_outlet, h.more_credited_outlets),
        "credited outlet",
        "Credited outlet",
    )
}

fn unarchived(h: &Health) -> String {
    let n = h.unarchived.len();
    let body = if n == 0 {
        "<p>Every source has an archived copy.</p>\n".to_string()
    } else {
        format!(
            "<p>{n} of {} source URLs {} no archived copy: <a href=\"{UNARCHIVED_PAGE}\">the list</a>. Run <code>claimtrack archive</code> to save a copy of each in the Internet Archive's Wayback Machine and write its address into the claim files.</p>\n",
            h.sources(),
            if n == 1 { "has" } else { "have" }
        )
    };
    figure("unarchived", "Sources without an archive", &body)
}

/// The page that lists every source without an archive, with the claims
/// citing it.
pub(super) fn unarchived_page(h: &Health) -> String {
    let mut body = String::from(
        "<nav><a href=\"index.html\">All claims</a></nav>\n<main>\n<h1>Sources without an archive</h1>\n",
    );
    let _ = writeln!(
        body,
        "<p>{} source URLs. Run <code>claimtrack archive</code> to save a copy of each in the Wayback Machine.</p>\n<ul>",
        h.unarchived.len()
    );
    for u in &h.unarchived {
        let claims: Vec<String> = u
            .claims
            .iter()
            .map(|id| {
                let (article, claim) = id.split_once('/').unwrap_or(("", id));
                format!(
                    "<a href=\"claims/{}/{}.html\">{}</a>",
                    crate::escape::url_segment(article),
                    crate::escape::url_segment(claim),
                    esc(id)
                )
            })
            .collect();
        let _ = writeln!(
            body,
            "<li><a href=\"{0}\">{0}</a><br>cited by {1}</li>",
            esc(&u.url),
            claims.join(", ")
        );
    }
    body.push_str("</ul>\n</main>\n");
    super::page("Sources without an archive", &body, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::StatusCounts;

    fn article(n: usize) -> Verdicts {
        Verdicts {
            id: format!("a{n}"),
            name: format!("Article {n}"),
            claims: 2,
            status: StatusCounts {
                supported: 2,
                ..StatusCounts::default()
            },
            credit: None,
        }
    }

    #[test]
    fn how_many_more_rows_are_left_out_is_said_only_when_some_are() {
        let rows: Vec<Verdicts> = (0..2).map(article).collect();
        let some = verdict_figure("x", "Caption", (&rows, 3), "article", "Article");
        assert!(
            some.contains("<p>And 3 more, with fewer claims.</p>"),
            "{some}"
        );
        let none = verdict_figure("x", "Caption", (&rows, 0), "article", "Article");
        assert!(!none.contains("more"), "{none}");
        let empty = verdict_figure("x", "Caption", (&[], 0), "article", "Article");
        assert!(
            empty.contains("No claims yet.") && !empty.contains("<svg"),
            "{empty}"
        );
    }
}
