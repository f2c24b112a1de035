//! Benchmark of `claimtrack import --dry-run`.
//!
//!     cargo build --release && cargo run --release --example bench_import
//!
//! Writes ARTICLES plain-text articles of about 1,000 words each (default
//! 1,000) of news-like sentences that nearly all credit someone (one in
//! eight an outlet, officials or a spokesman; the rest "the U.S. side"), so
//! that 1,000 articles make 40,000 claim files; a 4.5 MB HTML page that is
//! all article text in the same style (28,500 claim files: a stress test);
//! and a 5 MB news page, mostly markup around a 1,500-word article. Then it
//! times `import --dry-run` on all the articles at once and on each page,
//! RUNS times each (default 5): wall time, and the peak memory of the
//! claimtrack process.
//! Arguments: `[ARTICLES] [RUNS]`. With `BENCH_KEEP=DIR` the generated tree
//! is written to DIR and kept, so a profiler can rerun a command on it.

#[path = "support/measure.rs"]
#[allow(dead_code)] // each benchmark uses part of it
mod measure;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;

const SUBJECTS: &[&str] = &[
    "The ministry",
    "The central bank",
    "The port authority",
    "The delegation",
    "The regional government",
    "The company",
    "The committee",
    "Farmers in the north",
];
const VERBS: &[&str] = &[
    "raised its forecast for",
    "announced new rules on",
    "delayed a decision about",
    "published figures on",
    "cut spending on",
    "opened talks about",
];
const OBJECTS: &[&str] = &[
    "grain exports",
    "the new pipeline",
    "fuel subsidies",
    "the coastal railway",
    "fertiliser imports",
    "the harbour expansion",
    "water rights along the river",
];
const CREDITS: &[&str] = &[
    ", according to Reuters.",
    ", Al Jazeera reported.",
    ", according to what was published in the Washington Post.",
    ", officials said.",
    ", Kyodo News reported.",
    ", a spokesman told reporters.",
];

fn sentence(rng: &mut fastrand::Rng) -> String {
    let mut s = format!(
        "{} {} {} in {} after {} months of discussion",
        SUBJECTS[rng.usize(..SUBJECTS.len())],
        VERBS[rng.usize(..VERBS.len())],
        OBJECTS[rng.usize(..OBJECTS.len())],
        2000 + rng.usize(..26),
        1 + rng.usize(..18),
    );
    if rng.usize(..8) == 0 {
        s.push_str(CREDITS[rng.usize(..CREDITS.len())]);
    } else {
        s.push_str(", and the U.S. side said it would respond by Jan. 5.");
    }
    s
}

/// About `words` words of paragraphs, each a handful of sentences.
fn paragraphs(rng: &mut fastrand::Rng, words: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut count = 0;
    while count < words {
        let p: Vec<String> = (0..4).map(|_| sentence(rng)).collect();
        let p = p.join(" ");
        count += p.split_whitespace().count();
        out.push(p);
    }
    out
}

fn generate(root: &Path, articles: usize) -> std::io::Result<()> {
    let claims = root.join("claims");
    std::fs::create_dir_all(&claims)?;
    std::fs::write(
        claims.join("outlets.toml"),
        "[herald]\nname = \"The Herald\"\ndomains = []\n\n[reuters]\nname = \"Reuters\"\ndomains = [\"reuters.com\"]\n\n[al-jazeera]\nname = \"Al Jazeera\"\ndomains = [\"aljazeera.com\"]\n\n[washington-post]\nname = \"The Washington Post\"\ndomains = [\"washingtonpost.com\"]\n",
    )?;
    let mut rng = fastrand::Rng::with_seed(14);
    let dir = root.join("articles");
    std::fs::create_dir_all(&dir)?;
    for a in 0..articles {
        let mut text = format!("Generated Article Number {a} on Trade\n\n");
        text.push_str(&paragraphs(&mut rng, 1000).join("\n\n"));
        std::fs::write(dir.join(format!("article-{a:04}.txt")), text)?;
    }
    let mut html = String::from(
        "<!doctype html><html><head><meta charset=utf-8><title>A Very Long Report | The Herald</title>\
         <meta property=\"og:site_name\" content=\"The Herald\"></head><body>\
         <nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li></ul></nav>\
         <aside class=sidebar><h2>Most read</h2><ul><li><a href=/1>Reuters reported the harbour closed</a></li></ul></aside>\
         <main><article><h1>A Very Long Report</h1>",
    );
    for p in paragraphs(&mut rng, 800_000) {
        writeln!(html, "<p>{p}</p>").unwrap();
    }
    html.push_str("</article><section class=comments><h2>Comments</h2><div class=comment><p>According to the BBC this is wrong.</p></div></section></main><footer><p>© The Herald</p></footer></body></html>");
    std::fs::write(root.join("page.html"), html)?;
    std::fs::write(root.join("news-page.html"), news_page(&mut rng))?;
    Ok(())
}

/// About 5 MB of HTML built the way large news pages are: most of it
/// markup around the story (the app state as inline JSON, styles, icons,
/// menus, teasers of other stories), and an article of about 1,500 words.
fn news_page(rng: &mut fastrand::Rng) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=en><head><meta charset=utf-8>\
         <title>Grain Talks Stall | The Herald</title>\
         <meta property=\"og:site_name\" content=\"The Herald\">\
         <meta property=\"og:title\" content=\"Grain Talks Stall\">\
         <meta property=\"article:published_time\" content=\"2026-11-20T08:00:00Z\">",
    );
    for i in 0..300 {
        write!(
            html,
            "<link rel=preload as=script href=\"/assets/chunk-{i}.js\">"
        )
        .unwrap();
    }
    html.push_str("<style>");
    for i in 0..6_000 {
        writeln!(
            html,
            ".c{i}{{margin:0 {i}px;padding:2px;color:#{:06x}}}",
            i * 97
        )
        .unwrap();
    }
    html.push_str("</style><script>window.__STATE__=");
    let mut state = String::from("{\"stories\":[");
    while state.len() < 2_500_000 {
        let p = sentence(rng);
        write!(
            state,
            "{{\"id\":{},\"headline\":\"{p}\",\"tags\":[\"world\",\"trade\"]}},",
            state.len()
        )
        .unwrap();
    }
    state.push_str("{}]}");
    html.push_str(&state);
    html.push_str("</script></head><body><header><nav><ul>");
    for i in 0..2_000 {
        write!(
            html,
            "<li class=c{}><a href=\"/section/{i}\">Section {i}</a></li>",
            i % 600
        )
        .unwrap();
    }
    html.push_str("</ul></nav></header><main><article><h1>Grain Talks Stall</h1>");
    for p in paragraphs(rng, 1_500) {
        writeln!(html, "<p>{p}</p>").unwrap();
    }
    html.push_str("</article><aside><h2>More stories</h2>");
    while html.len() < 5_000_000 {
        let teaser = sentence(rng);
        write!(html, "<div class=teaser><svg viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5 10-5-10-5z\"/></svg><a href=\"/story/{}\">{teaser}</a></div>", html.len()).unwrap();
    }
    html.push_str("</aside></main><footer><p>© The Herald</p></footer></body></html>");
    html
}

fn main() {
    measure::helper();
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("arguments are numbers"))
        .collect();
    let articles = args.first().copied().unwrap_or(1000);
    let runs = args.get(1).copied().unwrap_or(5);
    let bin = measure::claimtrack_binary();
    // BENCH_KEEP keeps the generated tree there, for a profiler to rerun.
    let tmp = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("BENCH_KEEP").map(std::path::PathBuf::from);
    let root = kept.as_deref().unwrap_or(tmp.path());
    generate(root, articles).expect("generate articles");
    let page = root.join("page.html");
    println!(
        "{articles} articles of about 1,000 words; a page of {:.1} MB; {} ({runs} runs)",
        std::fs::metadata(&page).unwrap().len() as f64 / 1e6,
        bin.display()
    );

    let mut files: Vec<_> = std::fs::read_dir(root.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut args: Vec<&OsStr> = ["import", "--dry-run", "--outlet", "herald", "--root"]
        .iter()
        .map(OsStr::new)
        .collect();
    args.push(root.as_os_str());
    args.extend(files.iter().map(|f| f.as_os_str()));
    println!("import --dry-run of {articles} articles:");
    measure::report(&bin, &args, runs);

    let one_page = |page: &Path| -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = ["import", "--dry-run", "--root"]
            .iter()
            .map(Into::into)
            .collect();
        args.push(root.into());
        args.push(page.into());
        args
    };
    let args = one_page(&page);
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    println!("import --dry-run of the page (stress: 4.5 MB of article text):");
    measure::report(&bin, &args, runs);

    let news = root.join("news-page.html");
    println!(
        "import --dry-run of a {:.1} MB news page (markup around a 1,500-word article):",
        std::fs::metadata(&news).unwrap().len() as f64 / 1e6
    );
    let args = one_page(&news);
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    measure::report(&bin, &args, runs);
}
