//! Pages that stand in for the article: a cookie consent page, a bot
//! challenge, a paywall. A site may answer 200 with one of them; then a
//! missing excerpt says nothing about the article, and the finding says
//! what came instead.
//!
//! Told by tell-tale markup together with the absence of the article's
//! text: a strong marker (a consent host's form, a challenge page's title)
//! on a page of fewer than [`SHORT`] words, a weak one (the script of a
//! consent manager, which article pages carry too) on a page of fewer than
//! [`BARE`] words. A page that declares its article not free
//! (`"isAccessibleForFree": false`, schema.org's paywall markup) is a
//! paywall whatever its length. Asked only when an excerpt is missing.

use memchr::memmem;

/// What kind of page stood in for the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wall {
    Consent,
    Challenge,
    Paywall,
}

impl Wall {
    /// The word machine formats carry.
    pub fn as_str(self) -> &'static str {
        match self {
            Wall::Consent => "consent",
            Wall::Challenge => "challenge",
            Wall::Paywall => "paywall",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Wall::Consent => "a cookie consent page",
            Wall::Challenge => "a bot challenge page",
            Wall::Paywall => "a paywall",
        }
    }
}

/// A page taken for a wall, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interstitial {
    pub wall: Wall,
    /// The markup that told it.
    pub marker: &'static str,
    /// The words of visible text the page had.
    pub words: usize,
}

impl Interstitial {
    /// Why the words could not be looked for, in a sentence.
    pub fn reason(&self) -> String {
        if self.marker == DECLARED {
            return format!(
                "the page is {}: it declares its article not free ({}), and shows {} words of it",
                self.wall.what(),
                self.marker,
                self.words
            );
        }
        format!(
            "the site answered with {} ({}), not the article: {} words of text",
            self.wall.what(),
            self.marker,
            self.words
        )
    }
}

/// Fewer words than this, with a strong marker: a wall.
pub const SHORT: usize = 500;
/// Fewer words than this, with a weak marker: a wall.
pub const BARE: usize = 150;

const DECLARED: &str = "isAccessibleForFree: false";

/// Markers (lowercase) that only walls carry.
const STRONG: &[(Wall, &str)] = &[
    (Wall::Challenge, "cf-browser-verification"),
    (Wall::Challenge, "cf_chl_opt"),
    (Wall::Challenge, "cf-challenge"),
    (Wall::Challenge, "<title>just a moment"),
    (Wall::Challenge, "attention required! | cloudflare"),
    (Wall::Challenge, "captcha-delivery.com"),
    (Wall::Challenge, "px-captcha"),
    (Wall::Challenge, "_incapsula_resource"),
    (Wall::Challenge, "checking your browser"),
    (Wall::Challenge, "verify you are human"),
    (Wall::Challenge, "are you a robot"),
    (Wall::Challenge, "pardon our interruption"),
    (Wall::Consent, "consent.google."),
    (Wall::Consent, "consent.youtube."),
    (Wall::Consent, "consent.yahoo.com"),
    (Wall::Consent, "guce.yahoo.com"),
    (Wall::Consent, "before you continue to"),
    (Wall::Consent, "cookiewall"),
    (Wall::Consent, "cookie-wall"),
    (Wall::Consent, "consent-wall"),
    (Wall::Paywall, "subscribe to continue reading"),
    (Wall::Paywall, "subscribe to read"),
    (Wall::Paywall, "subscribers only"),
    (Wall::Paywall, "subscriber-only"),
    (Wall::Paywall, "paywall"),
];

/// Markers (lowercase) that article pages carry too: consent managers'
/// scripts and banners.
const WEAK: &[(Wall, &str)] = &[
    (Wall::Challenge, "g-recaptcha"),
    (Wall::Challenge, "hcaptcha.com"),
    (Wall::Consent, "onetrust"),
    (Wall::Consent, "didomi"),
    (Wall::Consent, "sourcepoint"),
    (Wall::Consent, "sp_message"),
    (Wall::Consent, "qc-cmp"),
    (Wall::Consent, "cookiebot"),
    (Wall::Consent, "trustarc"),
    (Wall::Consent, "usercentrics"),
    (Wall::Consent, "consentmanager"),
    (Wall::Consent, "fundingchoices"),
    (Wall::Consent, "__tcfapi"),
    (Wall::Consent, "accept all cookies"),
    (Wall::Consent, "we value your privacy"),
    (Wall::Paywall, "tp-modal"),
];

/// The wall `html` is, if it is one; `folded` is its visible text,
/// normalised (see [`super::search::Prepared`]).
pub fn detect(html: &str, folded: &str) -> Option<Interstitial> {
    let words = if folded.is_empty() {
        0
    } else {
        memchr::memchr_iter(b' ', folded.as_bytes()).count() + 1
    };
    if declares_not_free(html) {
        return Some(Interstitial {
            wall: Wall::Paywall,
            marker: DECLARED,
            words,
        });
    }
    if words >= SHORT {
        // The article's text is there: no marker makes it a wall.
        return None;
    }
    let lower = html.to_ascii_lowercase();
    let found = |markers: &[(Wall, &'static str)]| {
        markers
            .iter()
            .find(|(_, m)| memmem::find(lower.as_bytes(), m.as_bytes()).is_some())
            .map(|&(wall, marker)| Interstitial {
                wall,
                marker,
                words,
            })
    };
    found(STRONG).or_else(|| if words < BARE { found(WEAK) } else { None })
}

/// schema.org's `isAccessibleForFree` (a case-sensitive name) set to
/// false, in JSON-LD (`"isAccessibleForFree": "False"`) or microdata
/// (`itemprop=… content=…`).
fn declares_not_free(html: &str) -> bool {
    let bytes = html.as_bytes();
    memmem::find_iter(bytes, b"isAccessibleForFree").any(|at| {
        let after = &bytes[at + "isAccessibleForFree".len()..];
        let near = after[..after.len().min(40)].to_ascii_lowercase();
        // The first word after the name: JSON's value; or microdata's
        // `content`.
        let value = near
            .iter()
            .position(|b| b.is_ascii_alphabetic())
            .map(|i| &near[i..]);
        value.is_some_and(|v| v.starts_with(b"false"))
            || memmem::find(&near, b"content=\"false\"").is_some()
            || memmem::find(&near, b"content='false'").is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> String {
        (0..n).map(|i| format!("word{i} ")).collect()
    }

    fn detect_page(html: &str, text_words: usize) -> Option<Wall> {
        let folded = words(text_words);
        detect(html, folded.trim()).map(|i| i.wall)
    }

    #[test]
    fn strong_markers_on_short_pages() {
        let challenge = "<html><head><title>Just a moment...</title></head><body>x</body></html>";
        assert_eq!(detect_page(challenge, 20), Some(Wall::Challenge));
        assert_eq!(detect_page(challenge, SHORT - 1), Some(Wall::Challenge));
        assert_eq!(detect_page(challenge, SHORT), None);
        let consent = "<form action=\"https://consent.google.com/save\">";
        assert_eq!(detect_page(consent, 100), Some(Wall::Consent));
    }

    #[test]
    fn weak_markers_only_on_bare_pages() {
        let banner = "<div id=\"onetrust-banner-sdk\">We use cookies</div>";
        assert_eq!(detect_page(banner, BARE - 1), Some(Wall::Consent));
        assert_eq!(detect_page(banner, BARE), None);
        assert_eq!(detect_page("<p>nothing special</p>", 3), None);
    }

    #[test]
    fn a_declared_paywall_whatever_its_length() {
        for html in [
            r#"<script type="application/ld+json">{"isAccessibleForFree": "False"}</script>"#,
            r#"{"isAccessibleForFree":false,"#,
            r#"<meta itemprop="isAccessibleForFree" content="false">"#,
        ] {
            assert_eq!(detect_page(html, 5000), Some(Wall::Paywall), "{html}");
        }
        for html in [
            r#"{"isAccessibleForFree": true, "x": false}"#,
            r#"<meta itemprop="isAccessibleForFree" content="true">"#,
        ] {
            assert_eq!(detect_page(html, 5000), None, "{html}");
        }
    }

    #[test]
    fn the_reason_names_the_wall_its_marker_and_the_words() {
        let i = detect("<title>Just a moment...</title>", "just a moment").unwrap();
        assert_eq!(i.words, 3);
        assert_eq!(
            i.reason(),
            "the site answered with a bot challenge page (<title>just a moment), not the article: 3 words of text"
        );
        let p = detect(r#"{"isAccessibleForFree":false}"#, "lede").unwrap();
        assert!(
            p.reason().starts_with("the page is a paywall: it declares"),
            "{}",
            p.reason()
        );
    }
}
