//! The report's charts (issue 17): after a real `check` against loopback
//! fills the result store, `report --html` draws well-formed SVG whose
//! every drawn number is in the table beside it; `check --format json`
//! carries the same figures; with no store the charts say "not checked
//! yet" rather than drawing zeros.

use crate::server::{Reply, Server};
use crate::support::Repo;

/// Sources published in three years (and one undated), from two
/// outlets: ok, dead, dead with an archive, blocked, redirected.
fn repo() -> (Repo, Server) {
    let server = Server::start(|r| match r.path.as_str() {
        "/gone" | "/gone-archived" => Reply::Status(404),
        "/members" => Reply::Status(403),
        "/moved" => Reply::redirect(301, "/new"),
        _ => Reply::Status(200),
    });
    let source = |path: &str, outlet: &str, extra: &str| {
        format!(
            "\n[[sources]]\nurl = \"{}\"\noutlet = \"{outlet}\"\n{extra}",
            server.url(path)
        )
    };
    let one = format!(
        "claim = \"One.\"\nstatus = \"supported\"\nattributed_to = \"reuters\"\ncredit = \"confirmed\"\nnote = \"n\"\n{}{}{}",
        source(
            "/fine",
            "reuters",
            "published = 2014-03-01\ncredited = true\n"
        ),
        source("/gone", "reuters", "published = 2014-06-01\n"),
        source(
            "/gone-archived",
            "herald",
            "published = 2019-01-01\narchive = \"https://web.archive.org/web/2020/https://herald.example/x\"\n"
        ),
    );
    let two = format!(
        "claim = \"Two.\"\nstatus = \"refuted\"\n{}{}{}",
        source("/members", "herald", "published = 2019-05-01\n"),
        source("/moved", "herald", "published = 2024-02-02\n"),
        // Cited again: counted once.
        source("/fine", "reuters", "published = 2014-03-01\n"),
    );
    let repo = Repo::new().claim("one", one).claim("two", two);
    (repo, server)
}

/// `check --format FORMAT` against loopback, writing the result store.
fn check_as(repo: &Repo, format: &str) -> crate::support::Run {
    let run = repo.run(&[
        "check",
        "--allow-loopback",
        "--retries",
        "0",
        "--format",
        format,
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    run
}

fn check(repo: &Repo) {
    check_as(repo, "human");
}

/// Each `<figure>` of the index by id, as HTML.
fn figures(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<figure id=\"") {
        let end = rest[start..].find("</figure>").expect("a closed figure") + start;
        let figure = &rest[start..end];
        let id = figure["<figure id=\"".len()..].split('"').next().unwrap();
        out.push((id.to_string(), figure.to_string()));
        rest = &rest[end..];
    }
    out
}

/// Each `<svg>…</svg>` of `html`, parsed as XML: it must be well formed.
fn svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
        let svg = &rest[start..end];
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}:\n{svg}"));
        out.push(svg.to_string());
        rest = &rest[end..];
    }
    out
}

/// The numbers an SVG draws as data: every text that is a number, but
/// the axes' ticks.
fn drawn_numbers(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| matches!(n.tag_name().name(), "text" | "tspan"))
        .filter(|n| n.attribute("class") != Some("tick"))
        .flat_map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .map(|c| c.text().unwrap().trim().to_string())
        })
        .filter(|t| !t.is_empty() && t.parse::<f64>().is_ok())
        .collect()
}

/// The texts of a figure's table cells.
fn cells(figure: &str) -> Vec<String> {
    let doc = dom_query::Document::from(figure);
    doc.select("table th, table td")
        .iter()
        .map(|c| c.text().to_string())
        .collect()
}

#[test]
fn every_chart_is_well_formed_and_every_number_drawn_is_in_its_table() {
    let (repo, _server) = repo();
    check(&repo);
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(repo.path("site/index.html")).unwrap();
    let figures = figures(&index);
    let ids: Vec<&str> = figures.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "rot-by-year",
            "rot-by-outlet",
            "over-time",
            "by-article",
            "by-credited-outlet",
            "unarchived"
        ]
    );
    let mut drawn = 0;
    for (id, figure) in &figures {
        let cells = cells(figure);
        for svg in svgs(figure) {
            assert!(
                svg.contains("role=\"img\"")
                    && svg.contains("<title id=")
                    && svg.contains("<desc id="),
                "{svg}"
            );
            for n in drawn_numbers(&svg) {
                assert!(
                    cells.contains(&n),
                    "{id}: {n} is drawn but not in the table {cells:?}"
                );
                drawn += 1;
            }
        }
    }
    assert!(drawn >= 15, "{drawn} numbers drawn");
    let (_, by_year) = &figures[0];
    // 2014: fine and gone (Reuters); 2019: archived dead and blocked;
    // 2024: moved. Five distinct URLs.
    let rows: Vec<String> = dom_query::Document::from(by_year.as_str())
        .select("tbody tr")
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .select("th, td")
                .iter()
                .map(|c| c.text().to_string())
                .collect();
            cells.join("|")
        })
        .collect();
    // Year, sources, ok, redirected, blocked, failing, dead archived, dead, not checked.
    assert_eq!(
        rows,
        [
            "2014|2|1|0|0|0|0|1|0",
            "2019|2|0|0|1|0|1|0|0",
            "2024|1|0|1|0|0|0|0|0"
        ]
    );
    assert!(
        by_year.contains("<thead><tr><th scope=\"col\">Year</th><th scope=\"col\">Sources</th><th scope=\"col\">ok</th><th scope=\"col\">redirected</th><th scope=\"col\">blocked</th><th scope=\"col\">failing</th><th scope=\"col\">dead, archived</th><th scope=\"col\">dead</th><th scope=\"col\">not checked</th></tr></thead>"),
        "{by_year}"
    );
    // The blocked line is dashed: colour is not the only difference.
    let (_, over_time) = &figures[2];
    assert_eq!(
        over_time.matches("stroke-dasharray").count(),
        1,
        "{over_time}"
    );
    // Each row is headed by its year, for a screen reader.
    assert!(
        by_year.contains("<tr><th scope=\"row\">2014</th><td>2</td><td>1</td>"),
        "{by_year}"
    );
    assert!(
        by_year.contains("Of 5 source URLs, 2 are dead, 1 of them archived."),
        "{by_year}"
    );
    let (_, unarchived) = &figures[5];
    assert!(
        unarchived.contains("4 of 5 source URLs have no archived copy"),
        "{unarchived}"
    );
}

#[test]
fn the_list_of_sources_without_an_archive_links_their_claims() {
    let (repo, server) = repo();
    check(&repo);
    assert_eq!(repo.run(&["report", "--html", "site"]).code, 0);
    let page = std::fs::read_to_string(repo.path("site/sources-without-archive.html")).unwrap();
    assert!(page.contains("<p>4 source URLs."), "{page}");
    let fine = server.url("/fine");
    assert!(
        page.contains(&format!(
            "<li><a href=\"{fine}\">{fine}</a><br>cited by <a href=\"claims/a/one.html\">a/one</a>, <a href=\"claims/a/two.html\">a/two</a></li>"
        )),
        "{page}"
    );
    assert!(!page.contains(&server.url("/gone-archived")));
}

#[test]
fn without_a_store_the_charts_of_probe_states_say_not_checked_yet() {
    let (repo, _server) = repo();
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(repo.path("site/index.html")).unwrap();
    for (id, figure) in figures(&index) {
        let probe_states = ["rot-by-year", "rot-by-outlet", "over-time"].contains(&id.as_str());
        assert_eq!(
            figure.contains("Not checked yet"),
            probe_states,
            "{id}: {figure}"
        );
        assert_eq!(
            svgs(&figure).is_empty(),
            probe_states || id == "unarchived",
            "{id}"
        );
    }
}

#[test]
fn check_json_carries_the_figures_and_markdown_tabulates_them() {
    let (repo, _server) = repo();
    check(&repo);
    let run = check_as(&repo, "json");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let h = &doc["health"];
    assert_eq!(h["checked"], true);
    let years: Vec<(serde_json::Value, u64, u64, u64)> = h["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].clone(),
                r["sources"].as_u64().unwrap(),
                r["dead"].as_u64().unwrap(),
                r["dead_archived"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2014.into(), 2, 1, 0),
            (2019.into(), 2, 0, 1),
            (2024.into(), 1, 0, 0)
        ]
    );
    let outlets: Vec<(&str, u64)> = h["by_outlet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["outlet"].as_str().unwrap(),
                o["sources"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(outlets, [("herald", 3), ("reuters", 2)]);
    assert_eq!(h["by_credited_outlet"][0]["credit"]["confirmed"], 1);
    let last = h["over_time"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["checked"].as_u64(),
            last["dead"].as_u64(),
            last["blocked"].as_u64()
        ),
        (Some(5), Some(2), Some(1))
    );
    assert!(crate::support::schema_errors("check-output", &doc).is_empty());

    let md = check_as(&repo, "markdown");
    assert!(
        md.stdout
            .contains("<strong>Health</strong> · 5 source URLs: 2 dead, 1 blocked</summary>"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| 2019 | 2 | 0 | 0 | 1 | 0 | 1 | 0 | 0 |"),
        "{}",
        md.stdout
    );
    // Offline, with no store to read: nothing is said checked.
    let offline = repo.run(&["check", "--offline", "--format", "markdown"]);
    assert!(
        offline.stdout.contains("5 source URLs, not checked yet"),
        "{}",
        offline.stdout
    );
}
