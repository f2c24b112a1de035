//! The charts' figures as compact tables, for a CI job summary (which
//! shows no SVG), folded in one `<details>`.

use std::fmt::Write as _;

use super::cell;
use crate::health::{Health, Kind, Verdicts};
use crate::model::Status;

/// How many of the latest dates the table over time shows.
const LATEST: usize = 10;

pub(super) fn health(h: &Health) -> String {
    let mut out = String::from("<details><summary><strong>Health</strong>");
    if !h.checked {
        let _ = write!(
            out,
            " · {} source URLs, not checked yet</summary>\n\n",
            h.sources()
        );
    } else {
        let dead: usize = h
            .by_year
            .iter()
            .map(|r| r.rot.dead + r.rot.dead_archived)
            .sum();
        let blocked: usize = h.by_year.iter().map(|r| r.rot.blocked).sum();
        let _ = write!(
            out,
            " · {} source URLs: {dead} dead, {blocked} blocked</summary>\n\n**Link rot by year**\n\n| Year | Sources |",
            h.sources()
        );
        for k in Kind::ALL {
            let _ = write!(out, " {} |", k.label());
        }
        out.push_str("\n|---|---:|");
        out.push_str(&"---:|".repeat(Kind::ALL.len()));
        out.push('\n');
        for r in &h.by_year {
            let year = r.year.map_or_else(|| "no date".into(), |y| y.to_string());
            let _ = write!(out, "| {year} | {} |", r.sources);
            for k in Kind::ALL {
                let _ = write!(out, " {} |", r.rot.get(k));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !h.over_time.is_empty() {
        out.push_str("**Dead and blocked over time**\n\n| Date | Checked | Dead | Blocked |\n|---|---:|---:|---:|\n");
        let skip = h.over_time.len().saturating_sub(LATEST);
        for p in &h.over_time[skip..] {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                p.date, p.checked, p.dead, p.blocked
            );
        }
        out.push('\n');
    }
    out.push_str(&verdicts(
        "Claims by credited outlet",
        "Credited outlet",
        &h.by_credited_outlet,
        h.more_credited_outlets,
    ));
    let n = h.unarchived.len();
    if n > 0 {
        let _ = writeln!(
            out,
            "{n} of {} source URLs have no archived copy: run `claimtrack archive`.\n",
            h.sources()
        );
    }
    out.push_str("</details>\n\n");
    out
}

/// Claims by status per row, with `more` said under the table.
fn verdicts(title: &str, head: &str, rows: &[Verdicts], more: usize) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!("**{title}**\n\n| {head} | Claims |");
    for s in Status::NAMES {
        let _ = write!(out, " {s} |");
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(Status::NAMES.len()));
    out.push('\n');
    for v in rows {
        let _ = write!(out, "| {} | {} |", cell(&v.name), v.claims);
        for s in Status::ALL {
            let _ = write!(out, " {} |", v.status.get(s));
        }
        out.push('\n');
    }
    if more > 0 {
        let _ = writeln!(out, "\nAnd {more} more.");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::{CreditCounts, Rot, StatusCounts, Unarchived, YearRow};

    fn outlet(n: usize) -> Verdicts {
        Verdicts {
            id: format!("o{n}"),
            name: format!("Outlet {n}"),
            claims: 1,
            status: StatusCounts {
                supported: 1,
                ..StatusCounts::default()
            },
            credit: Some(CreditCounts::default()),
        }
    }

    /// Two sources, `outlets` credited outlets and `more` left out,
    /// `unarchived` sources without an archive.
    fn figures(outlets: usize, more: usize, unarchived: usize) -> Health {
        Health {
            checked: false,
            by_year: vec![YearRow {
                year: Some(2020),
                sources: 2,
                rot: Rot {
                    not_checked: 2,
                    ..Rot::default()
                },
            }],
            by_outlet: Vec::new(),
            by_article: Vec::new(),
            more_articles: 0,
            by_credited_outlet: (0..outlets).map(outlet).collect(),
            more_credited_outlets: more,
            over_time: Vec::new(),
            unarchived: (0..unarchived)
                .map(|i| Unarchived {
                    url: format!("https://x.example/{i}"),
                    claims: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn credited_outlets_with_how_many_more_and_the_unarchived() {
        let md = health(&figures(2, 3, 1));
        assert!(
            md.contains("| Credited outlet | Claims | unverified | supported | mixed | disputed | refuted |\n|---|---:|---:|---:|---:|---:|---:|\n| Outlet 0 | 1 | 0 | 1 | 0 | 0 | 0 |\n| Outlet 1 | 1 | 0 | 1 | 0 | 0 | 0 |\n\nAnd 3 more.\n"),
            "{md}"
        );
        assert!(
            md.contains("1 of 2 source URLs have no archived copy"),
            "{md}"
        );
        let md = health(&figures(1, 0, 0));
        assert!(
            !md.contains("more") && !md.contains("archived copy"),
            "{md}"
        );
        assert!(!health(&figures(0, 0, 0)).contains("Credited outlet"));
    }
}
