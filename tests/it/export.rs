//! `claimtrack export`: ClaimReview, CSV and CSL-JSON.

use crate::support::{Repo, project_root, run_in};

/// The repository's claims, with a publisher (example.org is reserved for
/// examples) in a copy.
fn real_claims_with_publisher() -> Repo {
    let repo = Repo::empty();
    copy(&project_root().join("claims"), &repo.path("claims"));
    repo.file(
        "claimtrack.toml",
        "[publisher]\nname = \"Example Fact Desk\"\nurl = \"https://factdesk.example.org/\"\n",
    )
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn claimreview_for_the_real_claims() {
    let repo = real_claims_with_publisher();
    let run = repo.run(&["export", "--format", "claimreview"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reviews: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let reviews = reviews.as_array().unwrap();
    // Only claims with a verdict on their truth: three supported (the
    // debt, the 1948 ties, THAAD) and one mixed (the mediating role).
    assert_eq!(reviews.len(), 4);
    for r in reviews {
        // Google's required and recommended ClaimReview properties.
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        for key in [
            "claimReviewed",
            "url",
            "author",
            "reviewRating",
            "itemReviewed",
        ] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
        assert_eq!(r["author"]["name"], "Example Fact Desk");
        let rating = &r["reviewRating"];
        assert_eq!(
            (
                rating["@type"].as_str(),
                rating["bestRating"].as_u64(),
                rating["worstRating"].as_u64()
            ),
            (Some("Rating"), Some(5), Some(1))
        );
        assert!(rating["alternateName"].is_string() && rating["ratingValue"].is_u64());
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert_eq!(item["appearance"]["@type"], "CreativeWork");
        assert_eq!(
            item["appearance"]["publisher"]["name"],
            "The Eastern Herald"
        );
        assert!(item["author"]["name"].is_string());
    }
    let debt = reviews
        .iter()
        .find(|r| {
            r["url"]
                .as_str()
                .unwrap()
                .ends_with("debt-write-off-2014.html")
        })
        .unwrap();
    assert_eq!(
        debt["itemReviewed"]["author"]["name"], "The Eastern Herald",
        "credited to Reuters, but the credit is unchecked: the article's outlet"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn claimreview_without_a_publisher_names_what_is_missing() {
    let repo = Repo::new().file("claimtrack.toml", "[publisher]\nname = \"Desk\"\n");
    let run = repo.run(&["export", "--format", "claimreview"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("[publisher] lacks url"),
        "{}",
        run.stderr
    );
    let run = Repo::new().run(&["export", "--format", "claimreview"]);
    assert!(
        run.stderr.contains("[publisher] lacks name and url"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_and_csl_json_for_the_real_claims() {
    let csv = run_in(project_root(), &["export", "--format", "csv"]);
    assert_eq!(csv.code, 0);
    insta::assert_snapshot!("csv", csv.stdout);
    let csl = run_in(project_root(), &["export", "--format", "csl-json"]);
    assert_eq!(csl.code, 0);
    let items: serde_json::Value = serde_json::from_str(&csl.stdout).unwrap();
    let items = items.as_array().unwrap();
    // Distinct source URLs: the Wikipedia page, the three debt sources,
    // TASS on the treaty, Jamestown on THAAD, The Straits Times on mediation.
    assert_eq!(items.len(), 7);
    for item in items {
        assert!(item["id"].is_string() && item["URL"].is_string() && item["type"].is_string());
    }
    let reuters = items
        .iter()
        .find(|i| i["container-title"] == "Reuters")
        .unwrap();
    assert_eq!(reuters["type"], "article-newspaper");
    assert_eq!(
        reuters["issued"],
        serde_json::json!({"date-parts": [[2014, 4, 19]]})
    );
    let wiki = items
        .iter()
        .find(|i| i["container-title"] == "Wikipedia")
        .unwrap();
    assert_eq!(wiki["type"], "webpage");
    insta::assert_snapshot!("csl_json", csl.stdout);
}

#[test]
fn csv_round_trips_awkward_values_and_defuses_formulas() {
    let claim = "claim = \"=HYPERLINK(\\\"http://evil.example\\\", \\\"click\\\")\"\nstatus = \"mixed\"\n\
        quote = \"\"\"A quote, with \"quotes\",\ncommas and\na line break.\"\"\"\nnote = \"@SUM(A1) +1 -1\"\n\n\
        [[sources]]\nurl = \"https://www.reuters.com/a?b=1,2\"\ntitle = \"Title, with comma\"\n";
    let repo = Repo::new().claim("x", claim);
    let run = repo.run(&["export", "--format", "csv", "--output", "out.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path("out.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, claimtrack::export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let cell = |name: &str| &rows[0][header.iter().position(|h| h == name).unwrap()];
    assert_eq!(
        cell("claim"),
        "'=HYPERLINK(\"http://evil.example\", \"click\")",
        "a formula is defused"
    );
    assert_eq!(
        cell("quote"),
        "A quote, with \"quotes\",\ncommas and\na line break."
    );
    assert_eq!(cell("note"), "'@SUM(A1) +1 -1");
    assert_eq!(cell("source_url"), "https://www.reuters.com/a?b=1,2");
    assert_eq!(cell("source_outlet"), "reuters");
    assert_eq!(cell("source_title"), "Title, with comma");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
}

/// Claims credited to Reuters with each verdict on the credit, all
/// `supported`, with a publisher.
fn credits() -> Repo {
    let claim = |credit: &str, source: &str| {
        format!(
            "claim = \"Credit {credit}.\"\nattributed_to = \"reuters\"\nstatus = \"supported\"\ncredit = \"{credit}\"\nnote = \"n\"\n\n\
             [[sources]]\nurl = \"https://www.washingtonpost.com/b\"\n{source}"
        )
    };
    let own = "\n[[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\nexcerpt = \"The words.\"\n";
    Repo::new()
        .file(
            "claimtrack.toml",
            "[publisher]\nname = \"Desk\"\nurl = \"https://desk.example.org/\"\n",
        )
        .claim("confirmed", claim("confirmed", own))
        .claim("misattributed", claim("misattributed", ""))
        .claim("unlocated", claim("unlocated", ""))
        .claim("unchecked", claim("unchecked", ""))
        .claim(
            "plain",
            "claim = \"Credits no outlet.\"\nstatus = \"refuted\"\n",
        )
}

#[test]
fn claimreview_rates_the_truth_and_beside_it_a_credit_that_is_a_verdict() {
    let run = credits().run(&["export", "--format", "claimreview"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reviews: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let by_claim: Vec<(&str, &str, &str)> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["url"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["reviewRating"]["alternateName"].as_str().unwrap(),
                r["itemReviewed"]["author"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_claim,
        [
            ("confirmed.html", "True", "Reuters"),
            (
                "confirmed.html#credit",
                "Correctly attributed",
                "The Herald"
            ),
            ("misattributed.html", "True", "The Herald"),
            ("misattributed.html#credit", "Misattributed", "The Herald"),
            ("plain.html", "False", "The Herald"),
            ("unchecked.html", "True", "The Herald"),
            ("unlocated.html", "True", "The Herald"),
        ],
        "the truth rated; the credit rated beside it when it is a verdict; \
         the credited outlet as author only when confirmed"
    );
    let rated = |i: usize| reviews[i]["reviewRating"]["ratingValue"].as_u64();
    assert_eq!((rated(1), rated(3)), (Some(5), Some(1)));
    // The credit review names what the article credited, as it did.
    assert_eq!(
        reviews[3]["claimReviewed"],
        "Credit misattributed (credited to Reuters)."
    );
    // The truth review of a misattributed claim never names Reuters.
    let truth = &reviews[2];
    assert!(
        !truth.to_string().contains("Reuters"),
        "nothing says Reuters made a claim it did not: {truth}"
    );
}

#[test]
fn csv_and_csl_json_carry_the_credit_and_the_credited_source() {
    let repo = credits();
    let run = repo.run(&["export", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<(String, String, String, String)> = reader
        .records()
        .map(Result::unwrap)
        .map(|r| {
            let cell = |name: &str| r[col(name)].to_string();
            (
                cell("claim_id"),
                cell("credit"),
                cell("source_url"),
                cell("source_credited"),
            )
        })
        .collect();
    let row = |id: &str, credit: &str, url: &str, credited: &str| {
        (
            format!("a/{id}"),
            credit.into(),
            url.into(),
            credited.into(),
        )
    };
    let (post, reuters) = (
        "https://www.washingtonpost.com/b",
        "https://www.reuters.com/a",
    );
    assert_eq!(
        rows,
        [
            row("confirmed", "confirmed", post, "false"),
            row("confirmed", "confirmed", reuters, "true"),
            row("misattributed", "misattributed", post, "false"),
            row("plain", "", "", ""),
            row("unchecked", "unchecked", post, "false"),
            row("unlocated", "unlocated", post, "false"),
        ]
    );
    let run = repo.run(&["export", "--format", "csl-json"]);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let notes: Vec<(&str, &serde_json::Value)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["URL"].as_str().unwrap(), &i["note"]))
        .collect();
    assert_eq!(
        notes,
        [
            (post, &serde_json::Value::Null),
            (
                reuters,
                &serde_json::json!(
                    "The credited outlet's own piece for claim a/confirmed (credit confirmed)"
                )
            ),
        ]
    );
}

#[test]
fn a_csl_json_item_keeps_its_id_as_claims_come_and_go() {
    let source = |url: &str| {
        format!(
            "claim = \"C.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"reuters\"\n"
        )
    };
    let ids = |repo: &Repo| -> Vec<(String, String)> {
        let run = repo.run(&["export", "--format", "csl-json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["URL"].as_str().unwrap().into(),
                    i["id"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let repo = Repo::new().claim("m", source("https://www.reuters.com/m"));
    let before = ids(&repo);
    // A claim sorted before it, citing another page.
    let repo = repo.claim("b", source("https://www.reuters.com/b"));
    let after = ids(&repo);
    assert_eq!(after.len(), 2);
    assert!(after.contains(&before[0]), "{before:?} {after:?}");
    let unique: std::collections::HashSet<&String> = after.iter().map(|(_, id)| id).collect();
    assert_eq!(unique.len(), 2);
    assert!(before[0].1.starts_with("a-m-"), "{before:?}");
}

/// The JSON-LD of a claim page, if it has one.
fn json_ld(page: &str) -> Option<serde_json::Value> {
    let start = page.find("<script type=\"application/ld+json\">")?;
    let rest = &page[start + "<script type=\"application/ld+json\">".len()..];
    let json = &rest[..rest.find("</script>").unwrap()];
    assert!(
        !json.contains('<'),
        "nothing in it can end the script: {json}"
    );
    Some(serde_json::from_str(json).unwrap())
}

#[test]
fn each_claim_page_carries_its_claimreview_when_there_is_a_publisher() {
    let repo = real_claims_with_publisher();
    let export = repo.run(&["export", "--format", "claimreview"]);
    let reviews: serde_json::Value = serde_json::from_str(&export.stdout).unwrap();
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages_with = 0;
    for claim in std::fs::read_dir(repo.path("claims")).unwrap() {
        let article = claim.unwrap();
        if !article.file_type().unwrap().is_dir() {
            continue;
        }
        let name = article.file_name().to_string_lossy().into_owned();
        for page in std::fs::read_dir(repo.path(&format!("site/claims/{name}"))).unwrap() {
            let page = page.unwrap();
            let id = page
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".html")
                .to_string();
            let text = std::fs::read_to_string(page.path()).unwrap();
            let url = format!("https://factdesk.example.org/claims/{name}/{id}.html");
            let expected: Vec<&serde_json::Value> = reviews
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["url"].as_str().unwrap().split('#').next() == Some(url.as_str()))
                .collect();
            match json_ld(&text) {
                Some(found) => {
                    pages_with += 1;
                    let found: Vec<&serde_json::Value> = found.as_array().unwrap().iter().collect();
                    assert_eq!(found, expected, "{id}: what export says");
                }
                None => assert!(expected.is_empty(), "{id} lacks its review"),
            }
        }
    }
    assert!(pages_with > 0, "some of the real claims have a verdict");
    // Without [publisher], no page has one.
    std::fs::remove_file(repo.path("claimtrack.toml")).unwrap();
    assert_eq!(repo.run(&["report", "--html", "site"]).code, 0);
    let page = std::fs::read_dir(repo.path("site/claims"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    for p in std::fs::read_dir(page.path()).unwrap() {
        let text = std::fs::read_to_string(p.unwrap().path()).unwrap();
        assert!(json_ld(&text).is_none());
    }
}

#[test]
fn a_claim_cannot_end_its_json_ld_script() {
    let repo = Repo::new()
        .claim(
            "x",
            "claim = \"Fine</script><script>alert(1)</script> & <!-- so on.\"\nstatus = \"refuted\"\n",
        )
        .file(
            "claimtrack.toml",
            "[publisher]\nname = \"Desk\"\nurl = \"https://desk.example.org\"\n",
        );
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(repo.path("site/claims/a/x.html")).unwrap();
    let ld = json_ld(&page).expect("a refuted claim has a review");
    assert_eq!(
        ld[0]["claimReviewed"],
        "Fine</script><script>alert(1)</script> & <!-- so on."
    );
    assert_eq!(page.matches("<script").count(), 1, "only the JSON-LD's");
}
