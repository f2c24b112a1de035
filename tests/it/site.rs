//! `claimtrack report --html`: the generated pages (the site in a real
//! browser is `browser.rs`).

use crate::support::Repo;

/// A claim set with every kind of thing a page shows, and a result store
/// with states for some of its URLs.
pub fn repo() -> Repo {
    let store = serde_json::json!({
        "format": "claimtrack-results", "version": 1,
        "entries": {
            "https://www.reuters.com/a": {"checked": "2026-11-20T10:00:00Z", "state": "ok", "status": 200, "detail": "200 OK",
                "new_url": null, "last_ok": "2026-11-20T10:00:00Z", "failures": []},
            "https://www.washingtonpost.com/gone": {"checked": "2026-11-21T10:00:00Z", "state": "dead", "status": 404, "detail": "404 Not Found",
                "new_url": null, "last_ok": null, "failures": ["2026-11-21T10:00:00Z"]}
        }
    });
    Repo::new()
        .file("claims/a/article.toml", "title = \"The article\"\noutlet = \"herald\"\nurl = \"https://herald.example/story\"\n")
        .claim(
            "debt",
            "claim = \"Russia wrote off most of the debt.\"\nstatus = \"supported\"\ncredit = \"confirmed\"\nattributed_to = \"reuters\"\ntopics = [\"economy\"]\n\n\
             [[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\ntitle = \"Reuters story\"\naccessed = 2026-11-01\n\
             excerpt = \"Russia wrote off 90% of the debt.\"\narchive = \"https://web.archive.org/web/20261101000000/https://www.reuters.com/a\"\n",
        )
        .claim(
            "thaad",
            "claim = \"Moscow sees THAAD as a threat.\"\nstatus = \"unverified\"\ncredit = \"unlocated\"\nnote = \"Searched the Post.\"\nattributed_to = \"washington-post\"\ntopics = [\"military\"]\n\n\
             [[sources]]\nurl = \"https://www.washingtonpost.com/gone\"\n",
        )
        .claim("hostile", "claim = \"<script>alert('owned')</script> & friends\"\nstatus = \"mixed\"\nnote = \"<b>bold?</b>\"\n")
        .file(".claimtrack/cache", store.to_string())
}

pub fn build(repo: &Repo) -> std::path::PathBuf {
    build_pages(repo, 5)
}

/// `report --html site`, which must write `pages` pages.
fn build_pages(repo: &Repo, pages: usize) -> std::path::PathBuf {
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("wrote {pages} pages to site")),
        "{}",
        run.stderr
    );
    repo.path("site")
}

#[test]
fn pages_escape_claim_text_and_show_states_from_the_store() {
    let repo = repo();
    let site = build(&repo);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("<script>alert"), "claim text is escaped");
    assert!(index.contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; friends"));
    assert!(
        index.contains("Reuters: ok (200), checked 2026-11-20"),
        "{index}"
    );
    assert!(
        index.contains("The Washington Post: dead (404), checked 2026-11-21"),
        "{index}"
    );
    // Self-contained: no external script, style sheet, font or image.
    for external in ["<script src", "<link", "<img", "@import", "url("] {
        assert!(!index.contains(external), "{external}");
    }
    assert!(index.contains("<html lang=\"en\">") && index.contains("name=\"viewport\""));
    assert!(
        index.contains("<label for=\"f-search\">"),
        "labelled controls"
    );
    let claim = std::fs::read_to_string(site.join("claims/a/hostile.html")).unwrap();
    assert!(
        claim
            .contains("<h1>&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; friends</h1>"),
        "{claim}"
    );
    assert!(claim.contains("&lt;b&gt;bold?&lt;/b&gt;"));
    let debt = std::fs::read_to_string(site.join("claims/a/debt.html")).unwrap();
    assert!(debt.contains("<a href=\"https://www.reuters.com/a\">Reuters story</a> <span class=\"state state-ok\">ok (200), checked 2026-11-20</span>"), "{debt}");
    assert!(debt.contains("archived copy") && debt.contains("accessed 2026-11-01"));
    assert!(debt.contains("<a href=\"../../index.html\">All claims</a>"));
}

#[test]
fn without_a_store_sources_are_not_checked() {
    let repo = repo();
    std::fs::remove_file(repo.path(".claimtrack/cache")).unwrap();
    let site = build(&repo);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Reuters: not checked"), "{index}");
}

#[test]
fn the_store_is_read_where_check_writes_it() {
    let repo = repo();
    std::fs::create_dir_all(repo.path("state")).unwrap();
    std::fs::rename(
        repo.path(".claimtrack/cache"),
        repo.path("state/results.json"),
    )
    .unwrap();
    std::fs::write(
        repo.path("claimtrack.toml"),
        "[check]\ncache = \"state/results.json\"\n",
    )
    .unwrap();
    let site = build(&repo);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("Reuters: ok (200), checked 2026-11-20"),
        "{index}"
    );
}

#[test]
fn pages_give_both_verdicts_and_mark_the_credited_source() {
    let repo = repo();
    let site = build(&repo);
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(
            "credited to Reuters <span class=\"credit credit-confirmed\">credit confirmed</span>"
        ),
        "{index}"
    );
    assert!(
        index.contains("credited to The Washington Post <span class=\"credit credit-unlocated\">credit unlocated</span>"),
        "{index}"
    );
    // The data the Credit filter reads: a claim crediting no outlet has none.
    let credits: Vec<&str> = index
        .split("data-credit=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        credits,
        ["confirmed", "", "unlocated"],
        "debt, hostile, thaad"
    );
    assert!(
        index.contains("<label for=\"f-credit\">Credit<select id=\"f-credit\"><option value=\"\">All credits</option><option value=\"unchecked\">unchecked</option><option value=\"confirmed\">confirmed</option><option value=\"unlocated\">unlocated</option><option value=\"misattributed\">misattributed</option></select></label>"),
        "{index}"
    );
    assert!(index.contains("credit = get('f-credit').value"));
    assert!(
        !index.contains("status-unlocated"),
        "no such status any more"
    );
    let debt = std::fs::read_to_string(site.join("claims/a/debt.html")).unwrap();
    assert!(
        debt.contains("<span class=\"status status-supported\">supported</span>"),
        "{debt}"
    );
    assert!(
        debt.contains("<dt>Credited to</dt><dd>Reuters <span class=\"credit credit-confirmed\">credit confirmed</span></dd>"),
        "{debt}"
    );
    assert!(
        debt.contains(
            "<br>Reuters · <span class=\"credited\">the credited outlet's own piece</span>"
        ),
        "{debt}"
    );
    let thaad = std::fs::read_to_string(site.join("claims/a/thaad.html")).unwrap();
    assert!(thaad.contains("credit credit-unlocated"), "{thaad}");
    assert!(!thaad.contains("class=\"credited\""), "{thaad}");
    let hostile = std::fs::read_to_string(site.join("claims/a/hostile.html")).unwrap();
    assert!(!hostile.contains("class=\"credit "), "{hostile}");
}

/// The name from the issue: a file or folder so named must not reach a page.
const HOSTILE_NAME: &str = "x\"><img src=x onerror=alert(document.domain)>";

/// `report --html` refuses a claim set with a name `check` flags: exit 1,
/// the finding printed, no site written.
fn assert_refused(repo: &Repo, what: &str) {
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 1, "{what}: {}\n{}", run.stdout, run.stderr);
    assert!(!repo.path("site").exists(), "{what}: nothing is written");
    assert!(
        run.stdout.contains("error[not-kebab-case]"),
        "{what}: the finding is shown: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("report refused"),
        "{what}: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("wrote "), "{what}: {}", run.stderr);
}

#[test]
fn report_refuses_a_hostile_claim_file_name() {
    let repo = Repo::new()
        .claim("fine", crate::support::CLAIM)
        .claim(HOSTILE_NAME, crate::support::CLAIM);
    assert_refused(&repo, "claim file");
}

#[test]
fn report_refuses_a_hostile_article_folder_name() {
    let repo = Repo::new()
        .file(
            &format!("claims/{HOSTILE_NAME}/article.toml"),
            crate::support::ARTICLE,
        )
        .file(
            &format!("claims/{HOSTILE_NAME}/debt.toml"),
            crate::support::CLAIM,
        );
    assert_refused(&repo, "article folder");
}

#[test]
fn report_refuses_a_hostile_outlet_id() {
    let outlets = format!(
        "{}\n['{HOSTILE_NAME}']\nname = \"Hostile\"\ndomains = []\n",
        crate::support::OUTLETS
    );
    let repo = Repo::new().file("claims/outlets.toml", outlets);
    assert_refused(&repo, "outlet id");
}

#[test]
fn report_refuses_an_upper_case_claim_id_too() {
    // Not hostile, but not a name the site can promise to link to.
    let repo = Repo::new().claim("Debt", crate::support::CLAIM);
    assert_refused(&repo, "upper case");
}

/// The raw payloads that must not survive into a page: a tag, an attribute
/// broken out of, a script end, markup of every kind.
const PAYLOAD: &str =
    "\"'><img src=x onerror=alert(1)></script><script>alert(2)</script>\u{2028}&amp;";

fn assert_no_raw_payload(page: &str, name: &str) {
    for raw in ["<img", "\"'>", "<script>alert", "</script><", "&amp;amp;"] {
        // `&amp;amp;` is the payload's `&amp;` escaped once: it must be
        // there; the others must not.
        if raw == "&amp;amp;" {
            assert!(page.contains(raw), "{name}: `&` escaped");
        } else {
            assert!(!page.contains(raw), "{name} contains {raw:?}:\n{page}");
        }
    }
    // One script element: the page's own.
    assert!(page.matches("<script").count() <= 1, "{name}");
}

#[test]
fn hostile_text_in_every_field_reaches_the_pages_escaped() {
    let p = PAYLOAD.replace('\\', "\\\\").replace('"', "\\\"");
    let outlets = format!(
        "{}\n[hostile]\nname = \"{p}\"\ndomains = [\"hostile.example\"]\nhomepage = \"https://hostile.example/{p}\"\n",
        crate::support::OUTLETS
    );
    let article = format!(
        "title = \"{p}\"\noutlet = \"hostile\"\nurl = \"https://hostile.example/a?q={p}#{p}\"\nsection = \"{p}\"\nbyline = \"{p}\"\n"
    );
    let claim = format!(
        "claim = \"{p}\"\nquote = \"{p}\"\nstatus = \"mixed\"\nattributed_to = \"hostile\"\nattribution = \"{p}\"\nnote = \"{p}\"\ntopics = [\"{p}\"]\n\n\
         [[sources]]\nurl = \"https://hostile.example/s/{p}\"\ntitle = \"{p}\"\nexcerpt = \"{p}\"\n\
         archive = \"https://web.archive.org/web/2026/https://hostile.example/s/{p}\"\n\n\
         [[sources]]\nurl = \"https://hostile.example/t\"\n"
    );
    let repo = Repo::new()
        .file("claims/outlets.toml", outlets)
        .file("claims/a/article.toml", article)
        .claim("hostile", claim);
    let run = repo.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["index.html", "claims/a/hostile.html"] {
        let html = std::fs::read_to_string(repo.path("site").join(page)).unwrap();
        assert_no_raw_payload(&html, page);
        assert!(!html.contains('\u{2028}'), "{page}: U+2028 escaped");
    }
}

/// The site replaces its folder whole: a claim that is gone loses its
/// page, and the folder holds nothing but the new site.
#[test]
fn a_rebuilt_site_has_no_page_of_a_claim_that_is_gone() {
    let repo = repo();
    let site = build(&repo);
    assert!(site.join(".claimtrack-site").is_file());
    assert!(site.join("claims/a/hostile.html").is_file());
    std::fs::remove_file(repo.path("claims/a/hostile.toml")).unwrap();
    build_pages(&repo, 4);
    assert!(!site.join("claims/a/hostile.html").exists());
    assert!(site.join("claims/a/debt.html").is_file());
    let mut beside: Vec<String> = std::fs::read_dir(repo.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("site"))
        .collect();
    beside.sort();
    assert_eq!(beside, ["site"], "no temp folder is left beside the site");
}

/// A folder that holds anything but a site claimtrack wrote is refused,
/// untouched: the site would replace it whole.
#[test]
fn report_refuses_a_folder_with_other_files_and_leaves_it_alone() {
    let repo = repo()
        .file("docs/notes.md", "my notes\n")
        .file("docs/index.html", "<p>my page</p>\n");
    let run = repo.run(&["report", "--html", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("holds files that claimtrack did not write")
            && run
                .stderr
                .contains("help: give `--html` a new or empty folder"),
        "{}",
        run.stderr
    );
    let notes = std::fs::read_to_string(repo.path("docs/notes.md")).unwrap();
    assert_eq!(notes, "my notes\n");
    let page = std::fs::read_to_string(repo.path("docs/index.html")).unwrap();
    assert_eq!(page, "<p>my page</p>\n");
    assert!(!repo.path("docs/claims").exists());
}

/// A site written before the marker file (only index.html and pages
/// under claims/) and an empty folder are replaced.
#[test]
fn a_site_from_before_the_marker_and_an_empty_folder_are_replaced() {
    let repo = repo()
        .file("old/index.html", "<p>old index</p>\n")
        .file("old/claims/a/gone.html", "<p>old page</p>\n")
        .dir("empty");
    for dir in ["old", "empty"] {
        let run = repo.run(&["report", "--html", dir]);
        assert_eq!(run.code, 0, "{dir}: {}", run.stderr);
        let site = repo.path(dir);
        assert!(site.join(".claimtrack-site").is_file(), "{dir}");
        assert!(site.join("claims/a/debt.html").is_file(), "{dir}");
    }
    assert!(!repo.path("old/claims/a/gone.html").exists());
    let legacy_with_notes = repo
        .file("older/index.html", "x")
        .file("older/claims/a/notes.txt", "mine");
    let run = legacy_with_notes.run(&["report", "--html", "older"]);
    assert_eq!(
        run.code, 2,
        "a file that is not a page is not claimtrack's: {}",
        run.stderr
    );
    assert!(legacy_with_notes.path("older/claims/a/notes.txt").is_file());
}
