//! The reader on saved pages (tests/fixtures/import/, described in its
//! README) and on what is not an article.

use proptest::prelude::*;

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/import/", $name)).as_slice()
    };
}

/// What a saved page must read as.
struct Expect {
    bytes: &'static [u8],
    url: Option<&'static str>,
    headline: &'static str,
    byline: Option<&'static str>,
    published: Option<&'static str>,
    canonical: Option<&'static str>,
    site_name: Option<&'static str>,
    section: Option<&'static str>,
    /// Sentences of the main text (each within one paragraph).
    main: &'static [&'static str],
    /// Sentences of the page's furniture (in no paragraph).
    furniture: &'static [&'static str],
}

const NONE: Expect = Expect {
    bytes: b"",
    url: None,
    headline: "",
    byline: None,
    published: None,
    canonical: None,
    site_name: None,
    section: None,
    main: &[],
    furniture: &[],
};

fn check(name: &str, e: &Expect) {
    let url = e.url.map(|u| url::Url::parse(u).unwrap());
    assert_eq!(sniff(e.bytes, Some(name), None), Ok(Kind::Html), "{name}");
    let d =
        read(e.bytes, Kind::Html, None, url.as_ref()).unwrap_or_else(|err| panic!("{name}: {err}"));
    assert_eq!(d.headline.as_deref(), Some(e.headline), "{name}");
    assert_eq!(d.byline.as_deref(), e.byline, "{name}");
    assert_eq!(
        d.published.map(|p| p.to_string()).as_deref(),
        e.published,
        "{name}"
    );
    assert_eq!(d.canonical.as_deref(), e.canonical, "{name}");
    assert_eq!(d.site_name.as_deref(), e.site_name, "{name}");
    assert_eq!(d.section.as_deref(), e.section, "{name}");
    for sentence in e.main {
        assert!(
            d.paragraphs.iter().any(|p| p.contains(sentence)),
            "{name}: {sentence:?} not in {:#?}",
            d.paragraphs
        );
    }
    for sentence in e.furniture {
        assert!(
            !d.paragraphs.iter().any(|p| p.contains(sentence)),
            "{name}: furniture {sentence:?} in {:#?}",
            d.paragraphs
        );
    }
    for p in &d.paragraphs {
        assert!(
            !p.is_empty() && p.trim() == p && !p.contains("  ") && !p.contains('\n'),
            "{name}: {p:?}"
        );
        assert_ne!(
            Some(p.as_str()),
            d.headline.as_deref(),
            "{name}: the headline is a paragraph"
        );
    }
}

#[test]
fn article_with_sidebar_related_links_and_comments() {
    check(
        "sidebar-comments.html",
        &Expect {
            bytes: fixture!("sidebar-comments.html"),
            headline: "Harbour Authority Approves Second Container Terminal",
            byline: Some("Maren Ostby"),
            // 22:30 at UTC-5: the date as written, not moved to UTC.
            published: Some("2025-03-14"),
            canonical: Some("https://www.coastalherald.example/news/2025/03/harbour-terminal"),
            site_name: Some("The Coastal Herald"),
            section: Some("Business"),
            main: &[
                "The expansion will double the port's capacity by 2028, according to Reuters.",
                // A <br> inside a paragraph is a space.
                "three hundred metres to the east. The ferry operator has said",
            ],
            furniture: &[
                "According to the BBC, the vote was delayed twice",
                "Reuters reported that fuel prices rose",
                "Ferry timetable changes from April",
                "All rights reserved",
            ],
            ..NONE
        },
    );
}

#[test]
fn json_ld_only_metadata() {
    check(
        "jsonld-only.html",
        &Expect {
            bytes: fixture!("jsonld-only.html"),
            headline: "Rail Unions and Operators Return to Talks as Strike Looms",
            byline: Some("Tomas Reyland, Ines Varga"),
            published: Some("2024-06-03"),
            site_name: Some("The Midland Courier"),
            section: Some("Transport"),
            main: &[
                "The gap between the two offers is about three percentage points, the Financial Times reported.",
            ],
            furniture: &["Sky News reported that bus fares will be frozen"],
            ..NONE
        },
    );
}

#[test]
fn json_ld_in_a_graph() {
    check(
        "graph-jsonld.html",
        &Expect {
            bytes: fixture!("graph-jsonld.html"),
            headline: "Drought Pushes Valley Farmers Toward Drip Irrigation",
            byline: Some("Dana Whitcombe"),
            published: Some("2023-08-21"),
            canonical: Some("https://prairieledger.example/2023/08/21/drought-drip-irrigation/"),
            site_name: Some("Prairie Ledger"),
            section: Some("Agriculture"),
            main: &["the lowest level since records began, Bloomberg reported on Monday."],
            furniture: &[
                "The Associated Press reported that wheat futures slipped",
                "Grain prices steady ahead of harvest",
                "Skip to content",
            ],
            ..NONE
        },
    );
}

#[test]
fn amp_page() {
    check(
        "amp.html",
        &Expect {
            bytes: fixture!("amp.html"),
            headline: "City Council Delays Vote on Night Bus Network",
            byline: Some("Priya Kallas"),
            published: Some("2025-01-27"),
            canonical: Some("https://www.metrodaily.example/local/night-bus-vote"),
            site_name: Some("Metro Daily"),
            main: &[
                "The transport department estimates the network would cost about six million a year to run, according to Reuters, with fares covering less than a quarter of that sum.",
            ],
            furniture: &[
                "The Guardian reported that the winter festival",
                "-amp-start",
                "font-size",
            ],
            ..NONE
        },
    );
}

#[test]
fn cookie_consent_wall_around_the_article() {
    check(
        "cookie-wall.html",
        &Expect {
            bytes: fixture!("cookie-wall.html"),
            headline: "Typhoon Season Forecast Revised Upward",
            published: Some("2024-07-09"),
            canonical: Some("https://pacificwire.example/weather/typhoon-forecast-revised"),
            site_name: Some("Pacific Wire"),
            section: Some("Weather"),
            main: &[
                "Kyodo News reported that coastal prefectures had already begun reviewing evacuation plans.",
            ],
            furniture: &[
                "Nikkei Asia reported that the yen weakened",
                "We and our 214 partners",
                "Accept all",
            ],
            ..NONE
        },
    );
}

#[test]
fn windows_1252_page() {
    check(
        "windows-1252.html",
        &Expect {
            bytes: fixture!("windows-1252.html"),
            headline: "Café Owners Brace for Rent Rise on Rue Principale",
            byline: Some("Hélène Dubreuil"),
            published: Some("2024-10-15"),
            canonical: Some("https://courrierdufleuve.example/en/2024/10/15/cafe-rents"),
            site_name: Some("Le Courrier du Fleuve"),
            main: &[
                "Commercial rents on the street have risen by about a fifth over two years, according to La Presse,",
                "“We have been here for nineteen years, and this is the first time I have thought about leaving,” said the owner of a café",
            ],
            furniture: &["Radio-Canada reported that the tram extension"],
            ..NONE
        },
    );
}

#[test]
fn date_only_in_a_time_element() {
    check(
        "time-only.html",
        &Expect {
            bytes: fixture!("time-only.html"),
            headline: "Museum Returns Carved Panels to Island Community",
            published: Some("2024-11-02"),
            main: &[
                "NHK reported that the museum's board had agreed to the return unanimously last spring.",
            ],
            furniture: &["The Japan Times reported that the island's dance festival"],
            ..NONE
        },
    );
}

#[test]
fn relative_canonical_link() {
    let page = Expect {
        bytes: fixture!("relative-canonical.html"),
        url: Some("https://www.valleytimes.example/amp/bridge-inspection?src=feed"),
        headline: "Inspectors Find Corrosion on Old River Bridge",
        published: Some("2025-01-09"),
        canonical: Some("https://www.valleytimes.example/2025/01/09/bridge-inspection"),
        site_name: Some("The Valley Times"),
        main: &[
            "Repairs could take most of the year and cost more than twelve million dollars, the Associated Press reported, citing a draft report from the state transport department.",
        ],
        furniture: &["CNN reported that two schools will close early"],
        ..NONE
    };
    check("relative-canonical.html", &page);
    // With no address to resolve it against, the relative link is passed
    // over for og:url (absolute).
    check(
        "relative-canonical.html",
        &Expect {
            url: None,
            canonical: Some("https://www.valleytimes.example/2025/01/09/bridge-inspection"),
            ..page
        },
    );
    let no_og = String::from_utf8(page.bytes.to_vec())
        .unwrap()
        .replace("og:url", "og:nothing");
    let d = read(no_og.as_bytes(), Kind::Html, None, None).unwrap();
    assert_eq!(d.canonical, None);
}

#[test]
fn nested_divs_and_share_buttons_between_paragraphs() {
    check(
        "share-buttons.html",
        &Expect {
            bytes: fixture!("share-buttons.html"),
            headline: "Grain Exports Resume From Southern Ports",
            byline: Some("Oleksa Marchenko"),
            published: Some("2023-09-30"),
            canonical: Some("https://blackseamonitor.example/economy/grain-exports-resume"),
            site_name: Some("Black Sea Monitor"),
            section: Some("Economy"),
            main: &[
                "Shipping insurers agreed last week to resume cover at higher premiums, the Wall Street Journal reported.",
                "The agriculture ministry said it expected shipments to reach two million tonnes in October if the corridor stays open.",
            ],
            furniture: &[
                "Reuters reported that grain exports fell",
                "Share this:",
                "WhatsApp",
                "Copy link",
            ],
            ..NONE
        },
    );
}

#[test]
fn long_form_with_sections_a_quote_and_a_list() {
    let e = Expect {
        bytes: fixture!("longform.html"),
        headline: "The Long Road Back: How a Mill Town Rebuilt After the Flood",
        byline: Some("Callum Strachan"),
        published: Some("2022-05-28"),
        canonical: Some("https://highlandreview.example/features/mill-town-flood"),
        site_name: Some("Highland Review"),
        section: Some("Features"),
        main: &[
            "but the first payments arrived only in March, according to the BBC,",
            "The Scotsman reported last year that visitor numbers to the valley had passed their pre-flood level for the first time.",
        ],
        furniture: &[
            "the Herald reported that ferry fares will rise",
            "The last lighthouse keeper's daughter",
            "Photo: Highland Review",
        ],
        ..NONE
    };
    check("longform.html", &e);
    let d = read(e.bytes, Kind::Html, None, None).unwrap();
    // Headings, the quote and each list item are paragraphs of their own.
    for own in [
        "The first winter",
        "New work",
        "We learned to stop waiting for someone else to fix it. If the road needed clearing, we cleared it ourselves.",
        "The cooperative now employs thirty-four people.",
        "A bicycle repair workshop took over the dye house.",
    ] {
        assert!(
            d.paragraphs.iter().any(|p| p == own),
            "{own:?} in {:#?}",
            d.paragraphs
        );
    }
    let at = |s: &str| d.paragraphs.iter().position(|p| p.starts_with(s)).unwrap();
    assert!(at("On the night the river rose") < at("The first winter"));
    assert!(at("The first winter") < at("The first months were the hardest"));
    assert!(at("Not everything has been rebuilt") < at("Residents say the town"));
}

#[test]
fn a_front_page_has_no_article_text() {
    let page = fixture!("front-page.html");
    assert_eq!(sniff(page, Some("front-page.html"), None), Ok(Kind::Html));
    assert_eq!(read(page, Kind::Html, None, None), Err(Unreadable::NoText));
}

#[test]
fn the_seed_article_as_plain_text() {
    let bytes = fixture!("seed-article.txt");
    assert_eq!(sniff(bytes, Some("article.txt"), None), Ok(Kind::Text));
    let d = read(bytes, Kind::Text, None, None).unwrap();
    assert_eq!(
        d.headline.as_deref(),
        Some("Putin’s Strategic Ally: Unraveling the Kremlin’s Deepening Ties with North Korea")
    );
    let sentence = "For instance, in 2014, Russia wrote off nearly 90% of North Korea’s Soviet-era debt, paving the way for increased economic collaboration, according to Reuters.";
    assert!(d.paragraphs.iter().any(|p| p.contains(sentence)));
    assert!(d.paragraphs[0].starts_with("Russia and North Korea share a long history"));
    assert!(!d.paragraphs.iter().any(|p| p.contains("Strategic Ally")));
    // The closing furniture stays, as read.
    assert_eq!(
        d.paragraphs.last().map(String::as_str),
        Some("Trending Stories")
    );
    assert_eq!((d.byline, d.published, d.canonical), (None, None, None));
}

#[test]
fn plain_text_paragraphs_and_headlines() {
    let text = "Ferry Crews Vote to Strike\n\nCrews on the island ferries voted to strike\nnext week, the union said.\n\n\nTalks continue.\n";
    let d = read(text.as_bytes(), Kind::Text, None, None).unwrap();
    assert_eq!(d.headline.as_deref(), Some("Ferry Crews Vote to Strike"));
    assert_eq!(
        d.paragraphs,
        [
            "Crews on the island ferries voted to strike next week, the union said.",
            "Talks continue."
        ]
    );
    // A first line that is a sentence is no headline: nothing is dropped.
    let text = "The crews voted to strike.\n\nTalks continue.";
    let d = read(text.as_bytes(), Kind::Text, None, None).unwrap();
    assert_eq!(d.headline, None);
    assert_eq!(
        d.paragraphs,
        ["The crews voted to strike.", "Talks continue."]
    );
}

#[test]
fn markdown_without_its_markup() {
    let bytes = fixture!("article.md");
    assert_eq!(sniff(bytes, Some("article.md"), None), Ok(Kind::Markdown));
    assert_eq!(sniff(bytes, Some("article.txt"), None), Ok(Kind::Markdown));
    let d = read(bytes, Kind::Markdown, None, None).unwrap();
    assert_eq!(
        d.headline.as_deref(),
        Some("Night Trains Return to the Coastal Line")
    );
    assert_eq!(
        d.paragraphs,
        [
            "By the Harbour Desk — 12 April 2025",
            "The first night train in eleven years left the coastal terminus on Thursday evening, carrying about two hundred passengers to the capital.",
            "The service will run three times a week until the summer, when the operator hopes to make it daily. Tickets for the first month sold out within days, according to Reuters.",
            "Sleeper cabins sleep two.",
            "A seated carriage is also available.",
            "What changed",
            "The line was closed to overnight traffic after track work in 2014. The rail agency said the new timetable was possible because of upgraded signalling, Euronews reported.",
        ]
    );
}

#[test]
fn what_is_not_an_article() {
    assert_eq!(sniff(b"", None, None), Err(Unreadable::Empty));
    assert_eq!(read(b"", Kind::Text, None, None), Err(Unreadable::Empty));
    for blank in [&b" \n\t \r\n"[..], b"\xef\xbb\xbf \n"] {
        assert_eq!(sniff(blank, Some("a.txt"), None), Err(Unreadable::Empty));
        for kind in [Kind::Html, Kind::Markdown, Kind::Text] {
            assert_eq!(read(blank, kind, None, None), Err(Unreadable::Empty));
        }
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
    assert_eq!(
        sniff(png, Some("photo.html"), None),
        Err(Unreadable::Binary)
    );
    assert_eq!(read(png, Kind::Html, None, None), Err(Unreadable::Binary));
    assert_eq!(
        sniff(b"text\0with a NUL", None, None),
        Err(Unreadable::Binary)
    );
    let controls: Vec<u8> = (1u8..9).cycle().take(400).collect();
    assert_eq!(sniff(&controls, None, None), Err(Unreadable::Binary));
    // UTF-16 has NUL bytes and is text.
    let utf16: Vec<u8> = b"\xff\xfe"
        .iter()
        .copied()
        .chain("Two words".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(sniff(&utf16, None, None), Ok(Kind::Text));
    // Markup with no text in it.
    let nav = b"<!doctype html><nav><a href=/>Home</a> <a href=/news>News</a></nav>";
    assert_eq!(read(nav, Kind::Html, None, None), Err(Unreadable::NoText));
}

#[test]
fn the_content_is_sniffed_before_the_name() {
    let page = b"<!DOCTYPE html><html><body><p>Hi</p></body></html>";
    assert_eq!(
        sniff(page, Some("page.txt"), Some("text/plain")),
        Ok(Kind::Html)
    );
    assert_eq!(
        sniff(b"\n  <html lang=en>", Some("page.txt"), None),
        Ok(Kind::Html)
    );
    let about = b"To start a paragraph in HTML, write <p> before it.\n";
    assert_eq!(sniff(about, Some("notes.txt"), None), Ok(Kind::Text));
    assert_eq!(
        sniff(about, None, Some("text/plain; charset=utf-8")),
        Ok(Kind::Text)
    );
    assert_eq!(sniff(about, None, None), Ok(Kind::Text));
    assert_eq!(sniff(b"Just words.", Some("a.html"), None), Ok(Kind::Html));
    assert_eq!(
        sniff(b"Just words.", None, Some("text/markdown")),
        Ok(Kind::Markdown)
    );
    assert_eq!(
        sniff(b"<div><p>A fragment</p></div>", None, None),
        Ok(Kind::Html)
    );
}

#[test]
fn json_ld_that_is_malformed_or_odd_is_passed_over() {
    let page = |ld: &str| {
        format!(
            "<html><head><title>T One</title><script type='application/ld+json'>{ld}</script></head>\
             <body><article><p>{}</p></article></body></html>",
            "A long enough sentence of article text, said to be read as such by anyone. ".repeat(4)
        )
    };
    for ld in [
        "{",
        "[]",
        "null",
        "\"x\"",
        "{\"@graph\": 3}",
        "[[[[[[[[{}]]]]]]]]",
        "{\"@type\": 7}",
    ] {
        let d = read(page(ld).as_bytes(), Kind::Html, None, None).unwrap();
        assert_eq!(d.headline.as_deref(), Some("T One"), "{ld}");
    }
    let ld = r#"[{"@type": "WebPage"}, {"@type": "ReportageNewsArticle", "headline": "From a list",
        "author": "Solo Writer", "datePublished": "2021-02-03", "publisher": {"name": "P"}}]"#;
    let d = read(page(ld).as_bytes(), Kind::Html, None, None).unwrap();
    assert_eq!(d.headline.as_deref(), Some("From a list"));
    assert_eq!(d.byline.as_deref(), Some("Solo Writer"));
    assert_eq!(
        d.published.map(|d| d.to_string()).as_deref(),
        Some("2021-02-03")
    );
    assert_eq!(d.site_name.as_deref(), Some("P"));
    let ld = r#"{"@type": "NewsArticle", "datePublished": "03/02/2021"}"#;
    assert_eq!(
        read(page(ld).as_bytes(), Kind::Html, None, None)
            .unwrap()
            .published,
        None
    );
}

proptest! {
    #[test]
    fn no_bytes_make_it_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), name in "[a-z]{0,3}\\.(html|md|txt)") {
        if let Ok(kind) = sniff(&bytes, Some(&name), None) {
            let _ = read(&bytes, kind, None, None);
        }
        for kind in [Kind::Html, Kind::Markdown, Kind::Text] {
            let _ = read(&bytes, kind, Some("text/html; charset=utf-16"), None);
        }
    }

    #[test]
    fn no_markup_makes_it_panic(text in "(<[a-z/!]{0,8}( [a-z]+=.{0,4})?>|[ \\n#*_\\[\\]()a-zA-Z.]{0,12}|&#?[a-z0-9]{0,5};?){0,60}") {
        for kind in [Kind::Html, Kind::Markdown, Kind::Text] {
            if let Ok(d) = read(text.as_bytes(), kind, None, None) {
                prop_assert!(d.paragraphs.iter().all(|p| !p.is_empty() && p.trim() == p));
            }
        }
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let mut page = String::from("<!doctype html><html><body><article>");
    page.push_str(&"<div><span>".repeat(5_000));
    page.push_str(
        &"<p>Deep text, as Reuters reported, that nobody wrote this way on purpose at all.</p>"
            .repeat(3),
    );
    let _ = read(page.as_bytes(), Kind::Html, None, None);
}

/// A 5 MB article page, read in release mode:
/// `cargo test --release --lib import::page::tests::speed -- --ignored --nocapture`.
#[test]
#[ignore = "a timing, for release mode"]
fn speed_on_a_five_megabyte_page() {
    let mut page = String::from(
        "<!doctype html><html><head><title>Big | Site</title><meta property='og:site_name' content='Site'></head>\
         <body><nav><a href=/>Home</a></nav><main><article><h1>A very long report</h1>",
    );
    let mut i = 0;
    while page.len() < 5_000_000 {
        i += 1;
        page.push_str(&format!(
            "<p>Paragraph {i}: the harbour authority said that shipments rose again this quarter, \
             according to Reuters, and officials expect the trend to continue into the \
             <a href=\"/x{i}\">next season</a> as demand grows.</p>"
        ));
        if i % 20 == 0 {
            page.push_str(&format!(
                "<div class=share><a href=/s{i}>Share</a></div><h2>Section {i}</h2>"
            ));
        }
    }
    page.push_str(
        "</article></main><aside><a href=/r>Reuters reported a teaser</a></aside></body></html>",
    );
    let start = std::time::Instant::now();
    let kind = sniff(page.as_bytes(), Some("big.html"), None).unwrap();
    let d = read(page.as_bytes(), kind, None, None).unwrap();
    let took = start.elapsed();
    eprintln!(
        "{} bytes, {} paragraphs: {took:?}",
        page.len(),
        d.paragraphs.len()
    );
    assert!(d.paragraphs.len() > 20_000);
}
