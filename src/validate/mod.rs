//! Rules across files: outlet references, URLs and their hosts, archives,
//! attribution and credit (in `credit`), dates. Runs on a loaded
//! [`ClaimSet`] and only adds findings; it never reads the disk or the
//! network.

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;
use url::Url;

use crate::diag::{Code, Finding};
use crate::files::{FileId, Sp};
use crate::ids;
use crate::model::{Claim, ClaimSet, Credit, Link, Source, Status};

mod addresses;
mod credit;

pub(crate) use addresses::same_page;
use addresses::{Archived, archived_target, domain_problem, page_key};

/// What the rules need besides the claims.
pub struct Context {
    /// Dates after this are in the future. Callers pass today plus a day of
    /// slack, so that a date written east of UTC is never "in the future".
    pub latest_date: Date,
    /// False when outlets.toml could not be read whole: rules that compare
    /// against the registry are then skipped rather than flood the output.
    pub outlets_complete: bool,
}

pub fn validate(set: &ClaimSet, cx: &Context) -> Vec<Finding> {
    let mut v = Validator {
        set,
        cx,
        findings: Vec::new(),
    };
    v.outlets();
    for article in &set.articles {
        let file = article.file;
        v.known_outlet(file, &article.outlet, "article's outlet");
        if let Some(url) = &article.url {
            v.link(file, url);
        }
        if let Some(archive) = &article.archive {
            v.archive(file, archive, article.url.as_ref());
        }
        if let Some(p) = &article.published {
            v.not_future(file, p, "published");
        }
    }
    for claim in &set.claims {
        v.claim(claim);
    }
    for partial in &set.partial_claims {
        v.references(
            partial.file,
            partial.attributed_to.as_ref(),
            partial.attribution.as_ref(),
            &partial.sources,
        );
        v.credited_sources(
            partial.file,
            partial.attributed_to.as_ref(),
            &partial.sources,
        );
    }
    v.findings
}

struct Validator<'a> {
    set: &'a ClaimSet,
    cx: &'a Context,
    findings: Vec<Finding>,
}

impl Validator<'_> {
    fn push(
        &mut self,
        code: Code,
        file: FileId,
        span: Range<usize>,
        msg: String,
        label: impl Into<String>,
    ) -> &mut Finding {
        let path = self.set.files.path(file);
        self.findings
            .push(Finding::at(code, path, file, span, msg, label));
        self.findings.last_mut().expect("just pushed")
    }

    fn outlets(&mut self) {
        let Some(file) = self.set.outlets_file else {
            return;
        };
        let mut seen_domains: HashMap<&str, (&str, Range<usize>)> = HashMap::new();
        for outlet in &self.set.outlets {
            if !ids::is_kebab_case(&outlet.id) {
                let fixed = ids::to_kebab_case(&outlet.id);
                self.push(
                    Code::NotKebabCase,
                    file,
                    outlet.id.span.clone(),
                    format!("outlet id `{}` is not kebab-case", outlet.id.value),
                    format!("write `{fixed}`"),
                )
                .help = Some("ids are lowercase letters, digits and single hyphens".into());
            }
            if let Some(home) = &outlet.homepage {
                self.link(file, home);
            }
            for domain in &outlet.domains {
                if let Some(problem) = domain_problem(domain) {
                    self.push(
                        Code::InvalidDomain,
                        file,
                        domain.span.clone(),
                        format!("`{}` is not a domain name", domain.value),
                        problem,
                    )
                    .help = Some("write the bare host, lowercase: `reuters.com`".into());
                    continue;
                }
                if let Some((first, first_span)) = seen_domains.get(domain.as_str()) {
                    let msg = if *first == outlet.id.as_str() {
                        format!(
                            "domain `{}` is listed twice for outlet `{first}`",
                            domain.value
                        )
                    } else {
                        format!(
                            "domain `{}` is listed for both `{first}` and `{}`",
                            domain.value, outlet.id.value
                        )
                    };
                    let first_span = first_span.clone();
                    let f = self.push(
                        Code::DuplicateDomain,
                        file,
                        domain.span.clone(),
                        msg,
                        "listed again here",
                    );
                    f.secondary.push(crate::diag::Label::new(
                        file,
                        first_span,
                        "first listed here",
                    ));
                    f.help = Some("a domain belongs to one outlet: remove one of the two".into());
                } else {
                    seen_domains.insert(domain.as_str(), (outlet.id.as_str(), domain.span.clone()));
                }
            }
        }
    }

    /// An outlet id must be defined in outlets.toml.
    fn known_outlet(&mut self, file: FileId, id: &Sp<String>, role: &str) -> bool {
        if !self.cx.outlets_complete || self.set.outlet(id).is_some() {
            return true;
        }
        let known = self.set.outlets.iter().map(|o| o.id.as_str());
        let label = match ids::suggest(id, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "not in outlets.toml".to_string(),
        };
        self.push(
            Code::UnknownOutlet,
            file,
            id.span.clone(),
            format!("unknown outlet `{}` as {role}", id.value),
            label,
        )
        .help = Some(format!(
            "outlets are defined in claims/outlets.toml: add a `[{}]` table there, or fix the id",
            id.value
        ));
        false
    }

    /// http or https, no credentials. Returns the URL when it passes.
    fn link<'l>(&mut self, file: FileId, link: &'l Sp<Link>) -> Option<&'l Url> {
        let url = link.url.as_ref()?;
        let mut ok = true;
        if !matches!(url.scheme(), "http" | "https") {
            ok = false;
            self.push(
                Code::UnsupportedScheme,
                file,
                link.span.clone(),
                format!("URL scheme `{}` is not supported", url.scheme()),
                "not http or https",
            )
            .help = Some("cite a web page: an http:// or https:// address".into());
        }
        if !url.username().is_empty() || url.password().is_some() {
            ok = false;
            self.push(
                Code::UrlCredentials,
                file,
                link.span.clone(),
                "URL carries a user name or password".into(),
                "credentials in the URL",
            )
            .help = Some("remove the `user:password@` part: claim files are public".into());
        }
        ok.then_some(url)
    }

    fn not_future(&mut self, file: FileId, date: &Sp<Date>, key: &str) -> bool {
        if date.value <= self.cx.latest_date {
            return true;
        }
        self.push(
            Code::FutureDate,
            file,
            date.span.clone(),
            format!("`{key}` {} is in the future", date.value),
            "after today",
        )
        .help = Some("check the year and month".into());
        false
    }

    fn archive(&mut self, file: FileId, archive: &Sp<Link>, original: Option<&Sp<Link>>) {
        let Some(url) = self.link(file, archive) else {
            return;
        };
        let target = match archived_target(url) {
            Archived::Target(t) => t,
            // A short archive.today id names no URL; nothing to compare.
            Archived::Opaque => return,
            Archived::NotAnArchive => {
                self.push(
                    Code::ArchiveMismatch,
                    file,
                    archive.span.clone(),
                    "`archive` is not a Wayback Machine or archive.today snapshot".into(),
                    "not a snapshot address",
                )
                .help = Some(
                    "use a snapshot address such as https://web.archive.org/web/20140419000000/<the source URL>".into(),
                );
                return;
            }
        };
        let Some(original) = original else {
            return;
        };
        let Some(orig_url) = original.url.as_ref() else {
            return;
        };
        if same_page(&target, orig_url) {
            return;
        }
        let f = self.push(
            Code::ArchiveMismatch,
            file,
            archive.span.clone(),
            "`archive` is a snapshot of another page".into(),
            format!("a snapshot of {target}"),
        );
        f.secondary.push(crate::diag::Label::new(
            file,
            original.span.clone(),
            "but the source is this URL",
        ));
        f.help = Some("the archive must be a snapshot of the same URL as `url`".into());
    }

    fn claim(&mut self, claim: &Claim) {
        self.references(
            claim.file,
            claim.attributed_to.as_ref(),
            claim.attribution.as_ref(),
            &claim.sources,
        );
        self.attribution_sourced(claim);
        self.credit(claim);
        if claim.status.value == Status::Supported && claim.sources.is_empty() {
            self.push(
                Code::SupportedWithoutSource,
                claim.file,
                claim.status.span.clone(),
                "claim is `supported` but has no source".into(),
                "supported by what?",
            )
            .help = Some(
                "add a [[sources]] entry that backs the claim, or set the status that the evidence allows".into(),
            );
        }
    }

    /// The rules on what a claim refers to: its credited outlet and its
    /// sources. They hold for partial claims too.
    fn references(
        &mut self,
        file: FileId,
        attributed_to: Option<&Sp<String>>,
        attribution: Option<&Sp<String>>,
        sources: &[Source],
    ) {
        if let Some(to) = attributed_to {
            self.known_outlet(file, to, "`attributed_to`");
        } else if let Some(phrase) = attribution {
            self.push(
                Code::AttributionWithoutOutlet,
                file,
                phrase.span.clone(),
                "claim has an `attribution` but no `attributed_to`".into(),
                "credits an outlet",
            )
            .help = Some(
                "add `attributed_to = \"<outlet id>\"` naming the outlet this phrase credits"
                    .into(),
            );
        }
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        for source in sources {
            self.source(file, source, &mut seen);
        }
    }

    fn source(&mut self, file: FileId, source: &Source, seen: &mut HashMap<String, Range<usize>>) {
        if let Some(outlet) = &source.outlet {
            self.known_outlet(file, outlet, "the source's outlet");
        }
        if let Some(link) = &source.url
            && let Some(url) = self.link(file, link)
        {
            let key = page_key(url);
            if let Some(first) = seen.get(&key) {
                let first = first.clone();
                let f = self.push(
                    Code::DuplicateUrl,
                    file,
                    link.span.clone(),
                    "the same URL is cited twice in this claim".into(),
                    "cited again here",
                );
                f.secondary
                    .push(crate::diag::Label::new(file, first, "first cited here"));
                f.help = Some("remove one of the two [[sources]] entries".into());
            } else {
                seen.insert(key, link.span.clone());
            }
            self.host(file, source, link, url);
        }
        if let Some(archive) = &source.archive {
            self.archive(file, archive, source.url.as_ref());
        }
        let published_ok = match &source.published {
            Some(p) => self.not_future(file, p, "published"),
            None => false,
        };
        if let Some(accessed) = &source.accessed
            && self.not_future(file, accessed, "accessed")
            && published_ok
            && let Some(published) = &source.published
            && accessed.value < published.value
        {
            let f = self.push(
                Code::AccessedBeforePublished,
                file,
                accessed.span.clone(),
                format!(
                    "`accessed` {} is before `published` {}",
                    accessed.value, published.value
                ),
                "accessed before it existed",
            );
            f.secondary.push(crate::diag::Label::new(
                file,
                published.span.clone(),
                "published here",
            ));
            f.help = Some("one of the two dates is wrong: check both".into());
        }
    }

    /// The URL's host must belong to the named outlet; without a named
    /// outlet it should belong to some registered outlet.
    fn host(&mut self, file: FileId, source: &Source, link: &Sp<Link>, url: &Url) {
        if !self.cx.outlets_complete {
            return;
        }
        let Some(host) = url.host_str() else {
            return;
        };
        match &source.outlet {
            Some(id) => {
                let Some(outlet) = self.set.outlet(id) else {
                    return; // already reported as unknown-outlet
                };
                // An outlet without known domains cannot be checked against.
                if outlet.domains.is_empty() || outlet.owns_host(host) {
                    return;
                }
                let domains = outlet
                    .domains
                    .iter()
                    .map(|d| d.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let owner = self
                    .set
                    .outlet_for_host(host)
                    .map(|o| format!(" (`{host}` belongs to `{}`)", o.id.value))
                    .unwrap_or_default();
                let f = self.push(
                    Code::UrlHostMismatch,
                    file,
                    link.span.clone(),
                    format!(
                        "source host `{host}` is not a domain of outlet `{}`",
                        id.value
                    ),
                    format!("not on {domains}"),
                );
                f.secondary.push(crate::diag::Label::new(
                    file,
                    id.span.clone(),
                    "outlet named here",
                ));
                f.help = Some(format!(
                    "fix the URL or the `outlet`{owner}, or add the domain to [{}] in claims/outlets.toml",
                    id.value
                ));
            }
            None => {
                if self.set.outlet_for_host(host).is_some() {
                    return;
                }
                let domain = host.strip_prefix("www.").unwrap_or(host);
                self.push(
                    Code::UnregisteredHost,
                    file,
                    link.span.clone(),
                    format!("no outlet in outlets.toml has the domain `{host}`"),
                    "unknown outlet for this host",
                )
                .help = Some(format!(
                    "register the outlet in claims/outlets.toml with `domains = [\"{domain}\"]`, or name it with `outlet = \"…\"`"
                ));
            }
        }
    }

    fn attribution_sourced(&mut self, claim: &Claim) {
        let Some(to) = &claim.attributed_to else {
            return;
        };
        let searched = matches!(claim.credit(), Credit::Unlocated | Credit::Misattributed);
        if searched || self.set.outlet(to).is_none() {
            return;
        }
        if claim
            .sources
            .iter()
            .any(|s| self.set.source_outlet(s) == Some(to.as_str()))
        {
            return;
        }
        self.push(
            Code::AttributionUnsourced,
            claim.file,
            to.span.clone(),
            format!(
                "claim is credited to `{}` but no source is from it",
                to.value
            ),
            "credited outlet",
        )
        .help = Some(format!(
            "add a source from {} (`credited = true` if it is the piece the article credits), or set `credit = \"unlocated\"` with a note on what was searched for",
            to.value
        ));
    }
}
