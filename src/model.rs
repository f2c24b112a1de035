//! The claim set as typed data: what the loader builds from claims/ and what
//! every command (check, list, show, and the URL probe) works on.
//!
//! Every value that a finding may point at keeps its span ([`Sp`]); every
//! item knows the file it came from.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;
use url::Url;

use crate::files::{FileId, Files, Sp};

/// The verdict on a claim's truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nobody has checked it yet.
    Unverified,
    /// The sources back it.
    Supported,
    /// Partly right, partly wrong or overstated.
    Mixed,
    /// Credible sources contradict each other on it.
    Disputed,
    /// The sources contradict it.
    Refuted,
}

impl Status {
    pub(crate) const NAMES: &'static [&'static str] =
        &["unverified", "supported", "mixed", "disputed", "refuted"];

    pub const ALL: [Status; 5] = [
        Status::Unverified,
        Status::Supported,
        Status::Mixed,
        Status::Disputed,
        Status::Refuted,
    ];

    /// The status that older files wrote for a credit that was not found:
    /// read as `unverified` with `credit = "unlocated"` (`status-unlocated`).
    pub(crate) const LEGACY_UNLOCATED: &'static str = "unlocated";

    /// What it means, as the schema says (from the doc comments above; a
    /// test holds the two together).
    pub fn description(self) -> &'static str {
        match self {
            Status::Unverified => "Nobody has checked it yet",
            Status::Supported => "The sources back it",
            Status::Mixed => "Partly right, partly wrong or overstated",
            Status::Disputed => "Credible sources contradict each other on it",
            Status::Refuted => "The sources contradict it",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        Status::NAMES[self as usize]
    }
}

/// The verdict on a claim's credit: did the outlet the article credits
/// (`attributed_to`) really say it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Credit {
    /// Nobody has checked yet whether the credited outlet said it.
    #[default]
    Unchecked,
    /// The credited outlet's own piece is among the sources (`credited = true`) and its excerpt shows the outlet said it.
    Confirmed,
    /// The credited outlet's piece was searched for and not found; `note` says what was searched.
    Unlocated,
    /// The credited outlet's piece was found and does not say it, or the words are someone else's; `note` says which.
    Misattributed,
}

impl Credit {
    pub(crate) const NAMES: &'static [&'static str] =
        &["unchecked", "confirmed", "unlocated", "misattributed"];

    pub const ALL: [Credit; 4] = [
        Credit::Unchecked,
        Credit::Confirmed,
        Credit::Unlocated,
        Credit::Misattributed,
    ];

    /// What it means, as the schema says (from the doc comments above).
    pub fn description(self) -> &'static str {
        match self {
            Credit::Unchecked => "Nobody has checked yet whether the credited outlet said it",
            Credit::Confirmed => {
                "The credited outlet's own piece is among the sources (`credited = true`) and its excerpt shows the outlet said it"
            }
            Credit::Unlocated => {
                "The credited outlet's piece was searched for and not found; `note` says what was searched"
            }
            Credit::Misattributed => {
                "The credited outlet's piece was found and does not say it, or the words are someone else's; `note` says which"
            }
        }
    }

    pub fn parse(s: &str) -> Option<Credit> {
        Credit::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        Credit::NAMES[self as usize]
    }
}

/// A URL as written, with its parsed form when it parses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// As written, kept only when it is not the parsed URL's own text
    /// (which it nearly always is: a claim set holds hundreds of
    /// thousands of URLs, and each would be held twice).
    written: Option<Box<str>>,
    pub url: Option<Url>,
}

impl Link {
    pub(crate) fn new(raw: String, url: Option<Url>) -> Link {
        let same = url.as_ref().is_some_and(|u| u.as_str() == raw);
        Link {
            written: (!same).then(|| raw.into_boxed_str()),
            url,
        }
    }

    /// The URL as written.
    pub fn raw(&self) -> &str {
        match (&self.written, &self.url) {
            (Some(w), _) => w,
            (None, Some(u)) => u.as_str(),
            (None, None) => "",
        }
    }
}

impl Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.raw())
    }
}

/// One entry of outlets.toml.
#[derive(Clone, Debug)]
pub struct Outlet {
    pub id: Sp<String>,
    pub name: Sp<String>,
    /// Other names articles use for it ("WaPo", "the Post").
    pub aliases: Vec<Sp<String>>,
    pub domains: Vec<Sp<String>>,
    pub homepage: Option<Sp<Link>>,
}

impl Outlet {
    /// Whether `host` is one of the outlet's domains or a subdomain of one.
    pub(crate) fn owns_host(&self, host: &str) -> bool {
        self.domains.iter().any(|d| host_in_domain(host, d))
    }
}

/// Whether `host` is `domain` or one of its subdomains (`in.reuters.com` is
/// in `reuters.com`; `notreuters.com` is not).
fn host_in_domain(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
}

/// `claims/<slug>/article.toml`: where the claims appeared.
#[derive(Clone, Debug)]
pub struct Article {
    pub slug: String,
    pub file: FileId,
    pub title: Sp<String>,
    pub outlet: Sp<String>,
    pub url: Option<Sp<Link>>,
    pub archive: Option<Sp<Link>>,
    pub published: Option<Sp<Date>>,
    pub byline: Option<Sp<String>>,
    pub section: Option<Sp<String>>,
    /// Words the article's page is expected to contain.
    pub excerpt: Option<Sp<String>>,
}

/// One `[[sources]]` entry of a claim.
#[derive(Clone, Debug)]
pub struct Source {
    /// The span of the whole entry.
    pub span: std::ops::Range<usize>,
    pub url: Option<Sp<Link>>,
    pub outlet: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub published: Option<Sp<Date>>,
    pub accessed: Option<Sp<Date>>,
    pub archive: Option<Sp<Link>>,
    /// Words the page is expected to contain (a sentence or two that
    /// supports the claim), as a person read them there.
    pub excerpt: Option<Sp<String>>,
    /// `credited = true`: this is the credited outlet's own piece.
    pub credited: Option<Sp<bool>>,
}

impl Source {
    /// Whether it is marked as the credited outlet's own piece.
    pub fn is_credited(&self) -> bool {
        self.credited.as_ref().is_some_and(|c| c.value)
    }
}

/// `claims/<article>/<id>.toml`: one claim.
#[derive(Clone, Debug)]
pub struct Claim {
    /// The file stem.
    pub id: String,
    /// The slug of the article folder the file is in.
    pub article: String,
    pub file: FileId,
    pub claim: Sp<String>,
    pub quote: Option<Sp<String>>,
    pub attributed_to: Option<Sp<String>>,
    pub attribution: Option<Sp<String>>,
    pub status: Sp<Status>,
    /// As written; `None` is `unchecked`.
    pub credit: Option<Sp<Credit>>,
    pub note: Option<Sp<String>>,
    pub topics: Vec<Sp<String>>,
    pub sources: Vec<Source>,
}

impl Claim {
    /// The verdict on the credit, `unchecked` when none is written.
    pub fn credit(&self) -> Credit {
        self.credit.as_ref().map_or(Credit::Unchecked, |c| c.value)
    }

    /// `article/id`, unique in a claim set.
    pub fn full_id(&self) -> String {
        format!("{}/{}", self.article, self.id)
    }
}

/// What could be read of a claim file that lacks a valid `claim` or
/// `status`: enough to check its references, never listed or exported.
#[derive(Clone, Debug)]
pub struct PartialClaim {
    pub file: FileId,
    pub attributed_to: Option<Sp<String>>,
    pub attribution: Option<Sp<String>>,
    pub sources: Vec<Source>,
}

/// Everything loaded from one claims/ folder.
#[derive(Debug)]
pub struct ClaimSet {
    /// The repository root: the folder that holds claims/.
    pub root: PathBuf,
    pub files: Files,
    /// The file id of outlets.toml, when it was read.
    pub outlets_file: Option<FileId>,
    /// In the order of outlets.toml.
    pub outlets: Vec<Outlet>,
    /// Sorted by slug.
    pub articles: Vec<Article>,
    /// Sorted by article slug, then id. Complete claims only.
    pub claims: Vec<Claim>,
    /// Claim files with a missing or invalid required key.
    pub partial_claims: Vec<PartialClaim>,
    outlet_index: HashMap<String, usize>,
}

impl ClaimSet {
    pub(crate) fn new(
        root: PathBuf,
        files: Files,
        outlets_file: Option<FileId>,
        outlets: Vec<Outlet>,
        mut articles: Vec<Article>,
        mut claims: Vec<Claim>,
        partial_claims: Vec<PartialClaim>,
    ) -> ClaimSet {
        // Unstable sorts, which need no scratch copy of the claims (tens of
        // megabytes for a newsroom's set); the file id makes every key
        // unique, so the order is still one and the same.
        articles.sort_unstable_by(|a, b| (&a.slug, a.file).cmp(&(&b.slug, b.file)));
        claims
            .sort_unstable_by(|a, b| (&a.article, &a.id, a.file).cmp(&(&b.article, &b.id, b.file)));
        let mut outlet_index = HashMap::new();
        for (i, o) in outlets.iter().enumerate() {
            outlet_index.entry(o.id.value.clone()).or_insert(i);
        }
        ClaimSet {
            root,
            files,
            outlets_file,
            outlets,
            articles,
            claims,
            partial_claims,
            outlet_index,
        }
    }

    pub fn outlet(&self, id: &str) -> Option<&Outlet> {
        self.outlet_index.get(id).map(|&i| &self.outlets[i])
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.articles[i])
    }

    /// The claims of the article folder `slug` (complete claims only), in
    /// id order: a slice of `claims`, which is sorted by article.
    pub fn claims_of(&self, slug: &str) -> &[Claim] {
        let start = self.claims.partition_point(|c| c.article.as_str() < slug);
        let len = self.claims[start..].partition_point(|c| c.article == slug);
        &self.claims[start..start + len]
    }

    /// The outlet a host belongs to: the one with the longest matching domain.
    pub(crate) fn outlet_for_host(&self, host: &str) -> Option<&Outlet> {
        self.outlets
            .iter()
            .filter_map(|o| {
                o.domains
                    .iter()
                    .filter(|d| host_in_domain(host, d))
                    .map(|d| d.len())
                    .max()
                    .map(|len| (len, o))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, o)| o)
    }

    /// The outlet of a source: the one its `outlet` key names, else the one
    /// its URL's host belongs to.
    pub(crate) fn source_outlet<'a>(&'a self, source: &'a Source) -> Option<&'a str> {
        if let Some(id) = &source.outlet {
            return Some(id.as_str());
        }
        let host = source.url.as_ref()?.url.as_ref()?.host_str()?;
        self.outlet_for_host(host).map(|o| o.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_gives_back_what_was_written_whether_or_not_it_is_kept() {
        for raw in [
            "https://example.com/a?b=1",
            "HTTPS://Example.com",
            "not a url",
            "",
        ] {
            let link = Link::new(raw.to_string(), Url::parse(raw).ok());
            assert_eq!(link.raw(), raw);
        }
        let same = Link::new(
            "https://example.com/a".into(),
            Url::parse("https://example.com/a").ok(),
        );
        assert!(
            same.written.is_none(),
            "the parsed URL's text is not held twice"
        );
    }

    #[test]
    fn claims_of_an_article_are_its_own_and_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let claims = dir.path().join("claims");
        std::fs::create_dir_all(&claims).unwrap();
        std::fs::write(
            claims.join("outlets.toml"),
            "[h]\nname = \"H\"\ndomains = []\n",
        )
        .unwrap();
        for (article, ids) in [
            ("a", &["x", "y"][..]),
            ("ab", &["x"]),
            ("b", &["z", "w", "v"]),
        ] {
            let folder = claims.join(article);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join("article.toml"),
                "title = \"T\"\noutlet = \"h\"\n",
            )
            .unwrap();
            for id in ids {
                let claim = "claim = \"C\"\nstatus = \"unverified\"\n";
                std::fs::write(folder.join(format!("{id}.toml")), claim).unwrap();
            }
        }
        let set = crate::load::load(dir.path()).unwrap().set;
        let ids = |slug: &str| -> Vec<&str> {
            set.claims_of(slug).iter().map(|c| c.id.as_str()).collect()
        };
        assert_eq!(ids("a"), ["x", "y"]);
        assert_eq!(ids("ab"), ["x"]);
        assert_eq!(ids("b"), ["v", "w", "z"]);
        assert!(ids("aa").is_empty() && ids("c").is_empty() && ids("").is_empty());
    }

    #[test]
    fn hosts_and_domains() {
        assert!(host_in_domain("reuters.com", "reuters.com"));
        assert!(host_in_domain("in.reuters.com", "reuters.com"));
        assert!(host_in_domain("IN.Reuters.com.", "reuters.com"));
        assert!(!host_in_domain("notreuters.com", "reuters.com"));
        assert!(!host_in_domain("reuters.com.evil.net", "reuters.com"));
    }

    #[test]
    fn status_names_follow_the_enum() {
        for name in Status::NAMES {
            assert_eq!(Status::parse(name).unwrap().as_str(), *name);
        }
    }
}
