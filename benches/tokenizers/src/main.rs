//! Speed and conformance of HTML tokenizers as claimtrack's page reader:
//! each extracts the visible text of two 200 KB pages (one mostly text,
//! one mostly markup, as news pages are) and of the cases where the old
//! hand-written scanner departed from browsers. Run with
//!
//!     cargo run --release --manifest-path benches/tokenizers/Cargo.toml
//!
//! `claimtrack` is the reader claimtrack ships (html5gum with its own
//! emitter); the others are minimal readers written here for the
//! comparison (no block spacing, the usual hidden elements).

mod old;

use std::cell::RefCell;
use std::fmt::Write;
use std::time::Instant;

fn text_heavy() -> String {
    let mut html = String::from(
        "<!doctype html><html><head><title>Story</title><style>p{margin:0}</style>\
        <script>window.analytics = {\"a\": [1, 2, 3]};</script></head><body><nav><a href=\"/\">Home</a></nav><article>",
    );
    let mut i = 0;
    while html.len() < 200 * 1024 {
        writeln!(html, "<p>Paragraph {i}: officials in Moscow said on Friday that the agreement &ndash; \
             signed in <em>September</em> &amp; ratified in April &ndash; would &ldquo;open new doors&rdquo; \
             for trade, energy and infrastructure.</p>").unwrap();
        i += 1;
    }
    html.push_str("</article></body></html>");
    html
}

fn markup_heavy() -> String {
    let mut html = String::from("<!doctype html><html><head><meta charset=utf-8><title>Story</title>");
    html.push_str("<script type=\"application/ld+json\">");
    for i in 0..400 {
        write!(html, "{{\"@type\":\"Thing\",\"name\":\"item {i}\",\"url\":\"https://example.com/a/{i}\"}},").unwrap();
    }
    html.push_str("</script></head><body>");
    let mut i = 0;
    while html.len() < 200 * 1024 {
        writeln!(html, "<div class=\"grid__item grid__item--wide js-track\" data-component=\"card\" data-id=\"{i}\"><a href=\"https://example.com/news/world/{i}\" class=\"card__link\"><span class=\"card__kicker\">World</span><h3 class=\"card__title\">Headline {i} about the treaty</h3></a><svg viewBox=\"0 0 10 10\"><path d=\"M0 0L10 10\"/></svg></div>").unwrap();
        if i % 5 == 0 {
            writeln!(html, "<p class=\"body\">Paragraph {i}: officials said on Friday that the agreement &ndash; signed in <em>September</em> &amp; ratified in April &ndash; would &ldquo;open new doors&rdquo;.</p>").unwrap();
        }
        i += 1;
    }
    html.push_str("</body></html>");
    html
}

const HIDDEN: &[&str] = &["script", "style", "title", "noscript", "template", "svg"];

mod ever {
    use super::*;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };

    struct Sink {
        out: RefCell<String>,
        hidden: RefCell<Option<html5ever::LocalName>>,
    }

    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            match token {
                Token::CharacterTokens(t) if self.hidden.borrow().is_none() => {
                    self.out.borrow_mut().push_str(&t)
                }
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                    let name: &str = &tag.name;
                    if HIDDEN.contains(&name) && self.hidden.borrow().is_none() {
                        *self.hidden.borrow_mut() = Some(tag.name.clone());
                    }
                    return match name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "noscript" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                        _ => TokenSinkResult::Continue,
                    };
                }
                Token::TagToken(tag) if self.hidden.borrow().as_ref() == Some(&tag.name) => {
                    *self.hidden.borrow_mut() = None
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    pub fn text(html: &str) -> String {
        let sink = Sink {
            out: RefCell::new(String::new()),
            hidden: RefCell::new(None),
        };
        let tok = Tokenizer::new(sink, TokenizerOpts::default());
        let q = BufferQueue::default();
        q.push_back(html.into());
        let _ = tok.feed(&q);
        tok.end();
        tok.sink.out.take()
    }
}

mod gum_callback {
    use super::HIDDEN;
    use html5gum::Tokenizer;
    use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};

    pub fn text(html: &str) -> String {
        let mut out = Vec::new();
        let mut hidden: Option<Vec<u8>> = None;
        let mut emitter = CallbackEmitter::new(|ev: CallbackEvent<'_>, _: html5gum::Span<()>| {
            match ev {
                CallbackEvent::String { value } if hidden.is_none() => out.extend_from_slice(value),
                CallbackEvent::OpenStartTag { name }
                    if hidden.is_none() && HIDDEN.iter().any(|h| h.as_bytes() == name) =>
                {
                    hidden = Some(name.to_vec())
                }
                CallbackEvent::EndTag { name } if hidden.as_deref() == Some(name) => hidden = None,
                _ => {}
            }
            None::<()>
        });
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, emitter) {}
        String::from_utf8_lossy(&out).into_owned()
    }
}

mod lol {
    use lol_html::{HtmlRewriter, Settings, doc_text};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Text chunks as lol_html hands them: references not decoded, the
    /// content of scripts and styles included (a lower bound on its cost).
    pub fn text(html: &str) -> String {
        let out = Rc::new(RefCell::new(String::new()));
        let sink = out.clone();
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_document_content_handler(doc_text!(move |t| {
                sink.borrow_mut().push_str(t.as_str());
                Ok(())
            })),
            |_: &[u8]| {},
        );
        rewriter.write(html.as_bytes()).unwrap();
        rewriter.end().unwrap();
        out.take()
    }
}

/// Where the old scanner departed from browsers (issue 13), and what a
/// browser shows.
const CASES: &[(&str, &str)] = &[
    (r#"<input type="text="" placeholder=x><p>after</p>"#, "after"),
    (r#"<div class="a" "="">after</div>"#, "after"),
    ("<a title=it's>after</a>", "after"),
    ("<html><head><title>T</title><p>no head end</p>", "no head end"),
    ("<p>&#147;q&#148; a&#151;b</p>", "\u{201c}q\u{201d} a\u{2014}b"),
];

fn main() {
    type Reader = fn(&str) -> String;
    let readers: [(&str, Reader); 5] = [
        ("claimtrack", claimtrack::text::html::visible_text),
        ("html5gum (callback)", gum_callback::text),
        ("html5ever", ever::text),
        ("lol_html (text only)", lol::text),
        ("old scanner", old::visible_text),
    ];
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    println!("{:<22} {:>12} {:>12} {:>10}", "reader", "text-heavy", "markup-heavy", "cases");
    let pages = [text_heavy(), markup_heavy()];
    for (name, read) in readers {
        let mut cells = Vec::new();
        for page in &pages {
            let runs = 40;
            let t = Instant::now();
            for _ in 0..runs {
                std::hint::black_box(read(std::hint::black_box(page)));
            }
            let per = t.elapsed().as_secs_f64() / runs as f64;
            cells.push(format!("{:.0} MB/s", page.len() as f64 / per / 1e6));
        }
        let right = CASES
            .iter()
            .filter(|(html, want)| squash(&read(html)) == squash(want))
            .count();
        println!(
            "{name:<22} {:>12} {:>12} {:>7}/{}",
            cells[0],
            cells[1],
            right,
            CASES.len()
        );
    }
}
