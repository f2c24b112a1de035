//! The visible text of an HTML page, read as a browser reads it: the
//! HTML standard's tokenizer (the `html5gum` crate, which passes the
//! html5lib tokenizer tests) with the state changes a browser's tree
//! builder makes after `<script>`, `<style>`, `<title>` and the like.
//! What comes out: the text a reader sees, character references decoded as
//! the standard says (`&#146;` is `’`, `&not` without its `;` is `¬`), no
//! content of scripts, styles, templates, `<noscript>` fallbacks, titles or
//! SVG, and a space where a block element breaks the text. One linear pass.

use html5gum::{Emitter, Error, State, Tokenizer};

/// Elements whose content is not page text (names lowercase).
fn hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"template"
            | b"noscript"
            | b"svg"
            | b"title"
            | b"iframe"
            | b"noembed"
            | b"noframes"
    )
}

/// The tokenizer state a browser's tree builder switches to after the
/// start tag `name` (for the HTML elements whose content is not markup).
fn state_after(name: &[u8]) -> Option<State> {
    match name {
        b"title" | b"textarea" => Some(State::RcData),
        b"script" => Some(State::ScriptData),
        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => {
            Some(State::RawText)
        }
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}

/// Elements that break a line of text (names lowercase).
fn block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"br"
            | b"div"
            | b"li"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"td"
            | b"th"
            | b"tr"
            | b"dd"
            | b"dt"
            | b"dl"
            | b"ol"
            | b"ul"
            | b"hr"
            | b"pre"
            | b"nav"
            | b"main"
            | b"body"
            | b"form"
            | b"menu"
            | b"table"
            | b"aside"
            | b"center"
            | b"figure"
            | b"footer"
            | b"header"
            | b"option"
            | b"legend"
            | b"caption"
            | b"details"
            | b"summary"
            | b"section"
            | b"article"
            | b"address"
            | b"fieldset"
            | b"textarea"
            | b"blockquote"
            | b"figcaption"
    )
}

pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    lower.contains("<html")
        || lower.contains("<!doctype html")
        || lower.contains("<body")
        || lower.contains("<p>")
}

/// The visible text, as one string.
pub fn visible_text(html: &str) -> String {
    text_of(Tokenizer::new_with_emitter(html, Listener::default()))
}

/// The text the listener kept: it yields it once, at the end (a `&str`
/// source cannot fail to read).
fn text_of<R: html5gum::Reader>(tokenizer: Tokenizer<R, Listener>) -> String {
    let mut text = Vec::new();
    for piece in tokenizer.flatten() {
        text = piece;
    }
    match String::from_utf8(text) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// `text` with its character references decoded as the standard decodes
/// them in an attribute-free text such as a `<textarea>`'s (`&rsquo;` is
/// `’`, `&#146;` is `’`, `AT&T` stays): for words pasted from a page's
/// source. Markup in it stays as it is.
pub fn decode_references(text: &str) -> String {
    let mut tokenizer = Tokenizer::new_with_emitter(text, Listener::default());
    tokenizer.set_state(State::RcData);
    text_of(tokenizer)
}

/// The tokenizer's listener: keeps the text outside hidden elements, and
/// switches the tokenizer's state where a browser's tree builder would.
#[derive(Default)]
struct Listener {
    text: Vec<u8>,
    /// The tag being read: its name, and whether it ends an element.
    name: Vec<u8>,
    end: bool,
    self_closing: bool,
    /// The last start tag's name, which an end tag in raw text must match.
    last_start: Vec<u8>,
    /// The hidden element the text is in, and how deep in elements of its
    /// name (a `<template>` in a `<template>`).
    hidden: Option<(Vec<u8>, u32)>,
    /// Inside `<svg>` or `<math>`: `<![CDATA[` opens a CDATA section.
    foreign: u32,
    done: bool,
}

impl Listener {
    fn start_tag(&mut self) -> Option<State> {
        let name = self.name.as_slice();
        self.last_start.clear();
        self.last_start.extend_from_slice(name);
        // A foreign element closes itself with `/>`; an HTML one does not.
        let opens = !(self.self_closing && matches!(name, b"svg" | b"math"));
        if opens && matches!(name, b"svg" | b"math") {
            self.foreign += 1;
        }
        match &mut self.hidden {
            Some((hiding, depth)) if hiding.as_slice() == name && opens => *depth += 1,
            None if opens && hidden(name) => self.hidden = Some((name.to_vec(), 1)),
            _ => {}
        }
        state_after(name)
    }

    fn end_tag(&mut self) {
        let name = self.name.as_slice();
        if matches!(name, b"svg" | b"math") {
            self.foreign = self.foreign.saturating_sub(1);
        }
        if let Some((hiding, depth)) = &mut self.hidden
            && hiding.as_slice() == name
        {
            *depth -= 1;
            if *depth == 0 {
                self.hidden = None;
            }
        }
    }
}

impl Emitter for Listener {
    type Token = Vec<u8>;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start.clear();
        self.last_start
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.done = true;
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Vec<u8>> {
        std::mem::take(&mut self.done).then(|| std::mem::take(&mut self.text))
    }

    fn emit_string(&mut self, s: &[u8]) {
        if self.hidden.is_none() {
            // A browser drops NUL characters from a page's text.
            if memchr::memchr(0, s).is_some() {
                self.text.extend(s.iter().filter(|&&b| b != 0));
            } else {
                self.text.extend_from_slice(s);
            }
        }
    }

    fn init_start_tag(&mut self) {
        self.name.clear();
        self.end = false;
        self.self_closing = false;
    }

    fn init_end_tag(&mut self) {
        self.name.clear();
        self.end = true;
        self.self_closing = false;
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        if block(&self.name) && self.hidden.is_none() {
            self.text.push(b' ');
        }
        if self.end {
            self.end_tag();
            None
        } else {
            self.start_tag()
        }
    }

    fn set_self_closing(&mut self) {
        self.self_closing = true;
    }

    fn push_tag_name(&mut self, s: &[u8]) {
        self.name.extend_from_slice(s);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.end && self.name == self.last_start
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.foreign > 0
    }

    // Comments, doctypes and attributes say nothing a reader sees.
    fn init_comment(&mut self) {}
    fn emit_current_comment(&mut self) {}
    fn emit_current_doctype(&mut self) {}
    fn set_force_quirks(&mut self) {}
    fn push_comment(&mut self, _: &[u8]) {}
    fn push_doctype_name(&mut self, _: &[u8]) {}
    fn init_doctype(&mut self) {}
    fn init_attribute(&mut self) {}
    fn push_attribute_name(&mut self, _: &[u8]) {}
    fn push_attribute_value(&mut self, _: &[u8]) {}
    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}
}

#[cfg(test)]
mod tests {
    use super::visible_text;

    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn markup_scripts_and_entities() {
        let html = "<html><head><title>T</title><style>p{x:1}</style></head><body>\
            <script>var a = '<p>not text</p>';</script><p>Russia wrote <em>off</em> &ldquo;90%&rdquo; of the&nbsp;debt</p>\
            <!-- a comment <p>hidden</p> --><div data-x=\"a>b\">Next</div><SCRIPT>x()</SCRIPT>end &amp; more &#x41;&#66;</body></html>";
        assert_eq!(
            words(&visible_text(html)),
            "Russia wrote off \u{201c}90%\u{201d} of the debt Next end & more AB"
        );
    }

    #[test]
    fn inline_tags_do_not_split_words_and_blocks_do() {
        assert_eq!(
            words(&visible_text("un<b>believ</b>able<p>next</p>para<br>graph")),
            "unbelievable next para graph"
        );
    }

    #[test]
    fn a_script_only_page_has_no_text() {
        let html = "<!doctype html><html><head><script src=app.js></script></head><body><div id=root></div>\
            <noscript>You need to enable JavaScript to run this app.</noscript></body></html>";
        assert_eq!(visible_text(html).trim(), "");
    }

    #[test]
    fn hidden_elements_nest_and_close_themselves() {
        assert_eq!(
            words(&visible_text(
                "<template><template>a</template>b</template>c<svg><svg>d</svg>e</svg>f<svg/>g<math/>h"
            )),
            "cfgh"
        );
        // Other elements inside a hidden one neither deepen nor end it.
        assert_eq!(
            words(&visible_text(
                "<svg><g><path/><text>x</text></g></svg>after"
            )),
            "after"
        );
        // `<template/>` still opens a template: HTML elements ignore `/>`.
        assert_eq!(words(&visible_text("<template/>x</template>y")), "y");
        assert_eq!(
            words(&visible_text(
                "<title>T</title><iframe>i</iframe><noembed>n</noembed><noframes>f</noframes>ok"
            )),
            "ok"
        );
    }

    #[test]
    fn cdata_is_text_only_in_foreign_content() {
        assert_eq!(words(&visible_text("a<![CDATA[b]]>c")), "ac");
        assert_eq!(words(&visible_text("<p>a<![CDATA[b]]>c")), "ac");
        assert_eq!(
            words(&visible_text("<math><mi><![CDATA[x<y]]></mi></math>")),
            "x<y"
        );
    }

    #[test]
    fn html_is_told_by_any_of_its_marks() {
        for page in ["<HTML lang=en>", "<!DOCTYPE html>", "x <body>", "a <p>b"] {
            assert!(super::looks_like_html(page.as_bytes()), "{page}");
        }
        assert!(!super::looks_like_html(b"plain text, a < b"));
    }

    #[test]
    fn references_in_pasted_words() {
        use super::decode_references as d;
        assert_eq!(
            d("Korea&rsquo;s &#147;debt&#148; &amp; AT&T <b>x</b> &notit; </textarea>"),
            "Korea\u{2019}s \u{201c}debt\u{201d} & AT&T <b>x</b> \u{ac}it; </textarea>"
        );
    }

    #[test]
    fn unclosed_and_stray_brackets() {
        assert_eq!(
            words(&visible_text("a < b and 3<4 <p>ok")),
            "a < b and 3<4 ok"
        );
        assert_eq!(words(&visible_text("<script>never closed")), "");
        assert_eq!(words(&visible_text("text <a href='x")), "text");
        assert_eq!(words(&visible_text("a\0b")), "ab");
    }
}
