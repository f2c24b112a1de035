//! Pages read as a browser reads them (issue 13): markup that broke the
//! old tag scanner, references of the windows-1252 era, the forms of an
//! excerpt people type, and pages in scripts without spaces. Each page is
//! served by a loopback server the test starts; the CLI's exit code and
//! its JSON or human report are checked.

use serde_json::Value;

use crate::excerpts::{check, html, page, repo, toml_string};
use crate::server::Server;
use crate::support::{Repo, Run};

/// Claims `c0`, `c1`, … each with one source, `path` on `server`, with
/// one of `excerpts`.
fn claims(server: &Server, path: &str, excerpts: &[&str]) -> Repo {
    excerpts
        .iter()
        .enumerate()
        .fold(Repo::new(), |repo, (i, excerpt)| {
            repo.claim(
                &format!("c{i}"),
                format!(
                    "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{}\"\noutlet = \"herald\"\nexcerpt = {}\n",
                    server.url(path),
                    toml_string(excerpt)
                ),
            )
        })
}

/// A check with `--format json`: its exit code and its document.
pub(crate) fn check_json(repo: &Repo, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = check(repo, &args);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run.code, doc)
}

/// Every one of the run's `n` excerpts was found: exit 0, no finding.
fn all_found(code: i32, doc: &Value, n: u64) {
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    let urls = &doc["summary"]["urls"];
    assert_eq!(urls["excerpts_found"], n, "{doc:#}");
    assert_eq!(urls["excerpts_missing"], 0, "{doc:#}");
    assert_eq!(urls["excerpts_unverifiable"], 0, "{doc:#}");
}

/// The codes of the run's findings.
pub(crate) fn codes(doc: &Value) -> Vec<&str> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("a code"))
        .collect()
}

/// The human report's closest passage: how alike (percent) and the text.
fn closest(run: &Run) -> (u32, String) {
    let out = &run.stdout;
    let at = out
        .find("= note: closest passage (")
        .unwrap_or_else(|| panic!("no closest passage: {out}"));
    let rest = &out[at + "= note: closest passage (".len()..];
    let (percent, rest) = rest.split_once("% alike): \u{201c}").expect("a percent");
    let (passage, _) = rest.split_once('\u{201d}').expect("a closing quote");
    (percent.parse().expect("a number"), passage.to_string())
}

/// The human check of `excerpt` on `path`: missing (exit 1), with a
/// closest passage.
fn missing_near(server: &Server, path: &str, excerpt: &str) -> (u32, String) {
    let run = check(&repo(server, path, excerpt), &["--no-cache"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("error[excerpt-missing]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout
            .contains("no passage of the page shares its words"),
        "{}",
        run.stdout
    );
    closest(&run)
}

const THAI_SEARCH_BOX: &str = "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>ข่าว</title></head><body>\
<header><form action=\"/search\"><input type=\"text=\"\" placeholder=\"ค้นหา\"><button>ค้นหา</button></form></header>\
<article><h1>ขยายมาตรการลดค่าไฟ</h1><p>รัฐบาลประกาศขยายเวลามาตรการลดค่าไฟฟ้าออกไปอีกสามเดือน</p></article></body></html>";

const STRAY_QUOTE_ATTRIBUTE: &str = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"></head><body>\
<main><div class=\"media\" \"=\"\"><figure><img src=\"/a.jpg\" alt=\"The quay\"></figure></div>\
<p>The harbour master said the quay would reopen to fishing boats on Monday.</p></main></body></html>";

const APOSTROPHE_UNQUOTED: &str = "<html><body><p>Read <a href=\"/more\" title=it's>more</a> on this.</p>\
<p>Councillors voted to keep the library open on Sundays.</p></body></html>";

#[test]
fn a_stray_quote_inside_a_tag_does_not_hide_the_rest_of_the_page() {
    let server = Server::start(|r| {
        html(match r.path.as_str() {
            "/thai" => THAI_SEARCH_BOX,
            "/media" => STRAY_QUOTE_ATTRIBUTE,
            _ => APOSTROPHE_UNQUOTED,
        })
    });
    for (path, excerpt) in [
        ("/thai", "ขยายเวลามาตรการลดค่าไฟฟ้าออกไปอีกสามเดือน"),
        ("/media", "the quay would reopen to fishing boats on Monday"),
        ("/title", "voted to keep the library open on Sundays"),
    ] {
        let (code, doc) = check_json(&repo(&server, path, excerpt), &[]);
        all_found(code, &doc, 1);
    }
}

#[test]
fn a_page_without_head_end_or_body_keeps_its_text_but_not_its_title() {
    let server = Server::start(|r| {
        html(match r.path.as_str() {
            "/open-head" => {
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferries</title>\
<link rel=\"stylesheet\" href=\"/s.css\">\n<div class=\"story\"><h1>Ferry service resumes</h1>\
<p>The ferry between the two islands will run again from Monday, the operator said.</p></div></html>"
            }
            "/bare-text" => {
                "<html><head><meta charset=\"utf-8\"><title>Notice</title>\n\
The library will close early on Friday for staff training.\n</html>"
            }
            _ => {
                "<html><head><title>Ferry service to resume next week after storm repairs</title></head>\
<body><p>The operator gave no date.</p></body></html>"
            }
        })
    });
    for (path, excerpt) in [
        (
            "/open-head",
            "will run again from Monday, the operator said",
        ),
        (
            "/bare-text",
            "The library will close early on Friday for staff training.",
        ),
    ] {
        let (code, doc) = check_json(&repo(&server, path, excerpt), &[]);
        all_found(code, &doc, 1);
    }
    let (code, doc) = check_json(
        &repo(
            &server,
            "/titled",
            "Ferry service to resume next week after storm repairs",
        ),
        &[],
    );
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(codes(&doc), ["excerpt-missing"], "{doc:#}");
    assert_eq!(doc["findings"][0]["severity"], "error", "{doc:#}");
}

#[test]
fn c1_references_are_the_quotes_and_dashes_of_windows_1252() {
    let server = Server::start(|_| {
        page(
            "text/html; charset=windows-1252",
            b"<html><body><p>Talks broke down on Thursday.</p>\
<p>&#147;We will not pay,&#148; the minister said. It&#146;s a question of principle &#151; and of law.</p>\
<p>Talks resume next month.</p></body></html>"
                .to_vec(),
        )
    });
    let typed = "\u{201c}We will not pay,\u{201d} the minister said. It\u{2019}s a question of principle \u{2014} and of law.";
    let (code, doc) = check_json(&repo(&server, "/p", typed), &[]);
    all_found(code, &doc, 1);
    let (percent, passage) = missing_near(&server, "/p", &typed.replace("principle", "pride"));
    assert!(percent > 80, "{percent}% {passage}");
    assert!(
        !passage.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) && !passage.contains("\\u{"),
        "control characters in the passage: {passage:?}"
    );
    assert!(
        passage.contains("\"We will not pay,\" the minister said. It's a question of principle"),
        "{passage}"
    );
}

/// A page with an em dash with and without spaces, a curly apostrophe and
/// an ampersand.
const TYPED_FORMS: &str = "<html><body><article>\
<p>North Korea\u{2019}s debt \u{2014} written off in 2012 \u{2014} stood at $10.96 billion.</p>\
<p>The Soviet\u{2014}era loans were never repaid.</p>\
<p>Smith &amp; Wesson\u{2019}s shares rose.</p></article></body></html>";

/// Excerpts as people type them: `--` for a dash, the modifier-letter
/// apostrophe, references pasted from HTML.
const TYPED: [&str; 7] = [
    "North Korea\u{2019}s debt -- written off in 2012 -- stood at",
    "North Korea\u{2019}s debt--written off",
    "The Soviet--era loans were never repaid",
    "The Soviet -- era loans",
    "North Korea\u{2bc}s debt",
    "North Korea&rsquo;s debt &mdash; written off in 2012",
    "Smith &amp; Wesson&rsquo;s shares rose",
];

#[test]
fn excerpts_typed_with_double_hyphens_modifier_apostrophes_and_references_are_found() {
    let server = Server::start(|_| html(TYPED_FORMS));
    let (code, doc) = check_json(&claims(&server, "/p", &TYPED), &[]);
    all_found(code, &doc, TYPED.len() as u64);
}

#[test]
fn the_typed_forms_with_one_word_changed_are_missing() {
    let server = Server::start(|_| html(TYPED_FORMS));
    let changed = [
        TYPED[0].replace("2012", "2013"),
        TYPED[1].replace("North", "South"),
        TYPED[2].replace("never", "always"),
        TYPED[3].replace("loans", "bonds"),
        TYPED[4].replace("North", "South"),
        TYPED[5].replace("2012", "2011"),
        TYPED[6].replace("rose", "fell"),
    ];
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    let (code, doc) = check_json(&claims(&server, "/p", &changed), &["--no-cache"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(codes(&doc), ["excerpt-missing"; 7], "{doc:#}");
    assert_eq!(doc["summary"]["urls"]["excerpts_missing"], 7, "{doc:#}");
}

/// `sentence` on `path` is found, and with one character changed
/// (`changed`) it is missing with the sentence as its closest passage.
fn one_character_off(server: &Server, path: &str, sentence: &str, changed: &str) {
    let (code, doc) = check_json(&repo(server, path, sentence), &[]);
    all_found(code, &doc, 1);
    let (percent, passage) = missing_near(server, path, changed);
    assert!(percent > 80, "{percent}% {passage}");
    assert!(passage.contains(sentence), "{passage}");
}

#[test]
fn a_chinese_sentence_with_one_character_changed_is_missing_near_the_original() {
    let server = Server::start(|_| {
        html(
            "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>新闻</title></head><body><article>\
<h1>俄罗斯免除朝鲜债务</h1><p>新华社莫斯科四月十九日电。</p>\
<p>俄罗斯议会周五批准了免除朝鲜九成苏联时期债务的协议。</p>\
<p>其余债务将在二十年内偿还。</p></article></body></html>",
        )
    });
    one_character_off(
        &server,
        "/zh",
        "俄罗斯议会周五批准了免除朝鲜九成苏联时期债务的协议",
        "俄罗斯议会周五批准了免除朝鲜八成苏联时期债务的协议",
    );
}

#[test]
fn a_japanese_shift_jis_sentence_with_one_character_changed_is_missing_near_the_original() {
    let server = Server::start(|_| {
        let text = "<html lang=\"ja\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\
<title>ニュース</title></head><body><article><h1>北朝鮮の債務</h1><p>モスクワ発。</p>\
<p>ロシア議会は北朝鮮の旧ソ連時代の債務の九割を免除する協定を批准した。</p>\
<p>残りは二十年かけて返済される。</p></article></body></html>";
        page(
            "text/html",
            encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
        )
    });
    one_character_off(
        &server,
        "/ja",
        "ロシア議会は北朝鮮の旧ソ連時代の債務の九割を免除する協定を批准した",
        "ロシア議会は北朝鮮の旧ソ連時代の債務の八割を免除する協定を批准した",
    );
}

#[test]
fn a_thai_sentence_with_one_character_changed_is_missing_near_the_original() {
    let server = Server::start(|_| {
        html(
            "<html lang=\"th\"><head><meta charset=\"utf-8\"></head><body><article>\
<p>มอสโก รอยเตอร์</p>\
<p>รัฐสภารัสเซียให้สัตยาบันข้อตกลงยกหนี้ร้อยละ๙๐ให้เกาหลีเหนือ</p>\
<p>หนี้ที่เหลือจะชำระคืนภายในยี่สิบปี</p></article></body></html>",
        )
    });
    one_character_off(
        &server,
        "/th",
        "รัฐสภารัสเซียให้สัตยาบันข้อตกลงยกหนี้ร้อยละ๙๐ให้เกาหลีเหนือ",
        "รัฐสภารัสเซียให้สัตยาบันข้อตกลงยกหนี้ร้อยละ๘๐ให้เกาหลีเหนือ",
    );
}

#[test]
fn json_says_no_longer_only_after_a_run_that_found_the_words() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let edited = Arc::new(AtomicBool::new(false));
    let serving = edited.clone();
    let server = Server::start(move |_| {
        html(if serving.load(Ordering::SeqCst) {
            "<html><body><p>The bridge will reopen in June.</p></body></html>"
        } else {
            "<html><body><p>The bridge will reopen in May.</p></body></html>"
        })
    });
    let repo = repo(&server, "/bridge", "The bridge will reopen in May.");
    let (code, doc) = check_json(&repo, &[]);
    all_found(code, &doc, 1);
    edited.store(true, Ordering::SeqCst);
    let (fresh_code, fresh) = check_json(&repo, &["--no-cache"]);
    let (seen_code, seen) = check_json(&repo, &[]);
    assert_eq!((fresh_code, seen_code), (1, 1), "{fresh:#}{seen:#}");
    let (fresh, seen) = (missing(&fresh), missing(&seen));
    let url = server.url("/bridge");
    assert_eq!(
        fresh["message"],
        format!("the page does not contain the excerpt: {url}")
    );
    let message = seen["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "the page no longer contains the excerpt: {url} (it did on "
        )),
        "{message}"
    );
    assert_ne!(fresh["help"], seen["help"]);
    assert_eq!(fresh["excerpt"]["found_before"], false, "{fresh:#}");
    assert_eq!(seen["excerpt"]["found_before"], true, "{seen:#}");
}

/// The run's one `excerpt-missing` finding (a page this short edited is
/// also `text-changed`).
fn missing(doc: &Value) -> &Value {
    let mut missing = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "excerpt-missing");
    let one = missing.next().unwrap_or_else(|| panic!("{doc:#}"));
    assert!(missing.next().is_none(), "{doc:#}");
    one
}
