//! The credit rules: a claim's `credit` (did the outlet it is credited to
//! say it) against its `attributed_to`, its `note` and the source marked
//! `credited = true` (the credited outlet's own piece).

use std::ops::Range;

use super::Validator;
use crate::diag::{Code, Label};
use crate::files::{FileId, Sp};
use crate::model::{Claim, Credit, Outlet, Source};

/// The `credit` written in the file. A credit read from an old
/// `status = "unlocated"` is not: the loader gives it the status's span and
/// reports it as `status-unlocated`.
fn written_credit(claim: &Claim) -> Option<&Sp<Credit>> {
    claim
        .credit
        .as_ref()
        .filter(|c| c.span != claim.status.span)
}

/// The sources marked `credited = true`, with the mark.
fn credited(sources: &[Source]) -> impl Iterator<Item = (&Source, &Sp<bool>)> {
    sources
        .iter()
        .filter_map(|s| s.credited.as_ref().filter(|c| c.value).map(|c| (s, c)))
}

impl Validator<'_> {
    /// Every credit rule of a complete claim.
    pub(super) fn credit(&mut self, claim: &Claim) {
        let file = claim.file;
        let Some(to) = &claim.attributed_to else {
            if let Some(credit) = written_credit(claim) {
                self.credit_unattributed(file, credit);
            }
            self.credited_sources(file, None, &claim.sources);
            return;
        };
        self.credited_sources(file, Some(to), &claim.sources);
        let Some(credit) = &claim.credit else {
            return;
        };
        match credit.value {
            Credit::Unchecked => {}
            Credit::Confirmed => self.confirmed(file, credit, to, &claim.sources),
            Credit::Unlocated | Credit::Misattributed => self.searched(claim, credit),
        }
    }

    /// The rules on sources marked `credited = true`, whatever the credit
    /// (partial claims too): a credited outlet to be from, and one such
    /// source only.
    pub(super) fn credited_sources(
        &mut self,
        file: FileId,
        to: Option<&Sp<String>>,
        sources: &[Source],
    ) {
        let Some(to) = to else {
            for (_, mark) in credited(sources) {
                self.credited_unattributed(file, mark);
            }
            return;
        };
        let mut first: Option<&Sp<bool>> = None;
        for (source, mark) in credited(sources) {
            self.off_outlet(file, to, source, mark);
            let Some(first) = first else {
                first = Some(mark);
                continue;
            };
            let f = self.push(
                Code::CreditedSourcesMany,
                file,
                mark.span.clone(),
                "more than one source is marked as the credited outlet's own piece".into(),
                "marked again here",
            );
            f.secondary
                .push(Label::new(file, first.span.clone(), "first marked here"));
            f.help = Some(format!(
                "the credited piece is one: keep `credited = true` on the piece by `{}` that the article credits, and remove it from the other sources (they can stay sources)",
                to.value
            ));
        }
    }

    fn credit_unattributed(&mut self, file: FileId, credit: &Sp<Credit>) {
        let msg = format!(
            "`credit = \"{}\"` on a claim that credits no outlet",
            credit.value.as_str()
        );
        let remove =
            "the `credit` line: a claim the article makes on its own has no credit to check";
        self.unattributed(file, credit.span.clone(), msg, "whose credit?", remove);
    }

    fn credited_unattributed(&mut self, file: FileId, mark: &Sp<bool>) {
        let msg = "a source is marked `credited = true` on a claim that credits no outlet";
        let label = "the piece of which credited outlet?";
        self.unattributed(
            file,
            mark.span.clone(),
            msg.into(),
            label,
            "`credited = true`",
        );
    }

    fn unattributed(
        &mut self,
        file: FileId,
        span: Range<usize>,
        msg: String,
        label: &str,
        remove: &str,
    ) {
        self.push(Code::CreditWithoutAttribution, file, span, msg, label)
            .help = Some(format!(
            "add `attributed_to = \"<outlet id>\"` naming the outlet the article credits, or remove {remove}"
        ));
    }

    /// A source marked `credited = true` must be the credited outlet's: its
    /// `outlet`, or its URL's domain. Skipped when an outlet is unknown
    /// (reported as such) or the URL does not parse.
    fn off_outlet(&mut self, file: FileId, to: &Sp<String>, source: &Source, mark: &Sp<bool>) {
        if !self.cx.outlets_complete {
            return;
        }
        let Some(outlet) = self.set.outlet(to) else {
            return;
        };
        if let Some(id) = &source.outlet
            && self.set.outlet(id).is_none()
        {
            return;
        }
        let from = self.set.source_outlet(source);
        if from == Some(to.as_str()) {
            return;
        }
        let (span, what) = match (&source.outlet, &source.url) {
            (Some(id), _) => (id.span.clone(), format!("from `{}`", id.value)),
            (None, Some(link)) => {
                let Some(host) = link.url.as_ref().and_then(|u| u.host_str()) else {
                    return;
                };
                let what = match from {
                    Some(other) => format!("from `{other}`"),
                    None => format!("`{host}` is no domain of `{}`", to.value),
                };
                (link.span.clone(), what)
            }
            (None, None) => return,
        };
        let help = off_outlet_help(outlet);
        let f = self.push(
            Code::CreditedOffOutlet,
            file,
            span,
            format!(
                "the source marked `credited = true` is not from `{}`, the outlet the claim is credited to",
                to.value
            ),
            what,
        );
        f.secondary.push(Label::new(
            file,
            mark.span.clone(),
            "marked as the credited outlet's piece",
        ));
        f.secondary
            .push(Label::new(file, to.span.clone(), "credited outlet"));
        f.help = Some(help);
    }

    /// `credit = "confirmed"`: a credited source, with an excerpt.
    fn confirmed(
        &mut self,
        file: FileId,
        credit: &Sp<Credit>,
        to: &Sp<String>,
        sources: &[Source],
    ) {
        let mut any = false;
        for (source, mark) in credited(sources) {
            any = true;
            if source.excerpt.is_some() {
                continue;
            }
            let f = self.push(
                Code::CreditedWithoutExcerpt,
                file,
                mark.span.clone(),
                "the credited source of a confirmed credit has no `excerpt`".into(),
                "no words quoted from the credited piece",
            );
            f.secondary
                .push(Label::new(file, credit.span.clone(), "confirmed here"));
            f.help = Some(format!(
                "add `excerpt = \"…\"` to this source: the words of the piece that show `{}` said it, exactly as read on the page; or set `credit = \"unchecked\"` until someone has read them",
                to.value
            ));
        }
        if any {
            return;
        }
        let f = self.push(
            Code::CreditedSourceMissing,
            file,
            credit.span.clone(),
            "`credit = \"confirmed\"` but no source is marked `credited = true`".into(),
            "confirmed by which source?",
        );
        f.secondary
            .push(Label::new(file, to.span.clone(), "credited outlet"));
        f.help = Some(format!(
            "add `credited = true` to the [[sources]] entry of the piece by `{0}` (add the entry if it is missing, with an `excerpt` that shows `{0}` said it), or set `credit = \"unchecked\"` until that piece is read",
            to.value
        ));
    }

    /// `credit = "unlocated"` or `"misattributed"`: a note says why, and
    /// an unlocated piece is not among the sources.
    fn searched(&mut self, claim: &Claim, credit: &Sp<Credit>) {
        let value = credit.value.as_str();
        if claim.note.is_none() {
            let (label, help) = if credit.value == Credit::Unlocated {
                (
                    "searched where?",
                    "add a `note` saying where the credited piece was searched for (the outlet's site, archives, the dates tried), so that nobody has to search again blind",
                )
            } else {
                (
                    "misattributed how?",
                    "add a `note` saying what the credited piece does say, or whose words these are",
                )
            };
            self.push(
                Code::CreditWithoutNote,
                claim.file,
                credit.span.clone(),
                format!("`credit = \"{value}\"` without a `note`"),
                label,
            )
            .help = Some(help.into());
        }
        if credit.value != Credit::Unlocated {
            return;
        }
        let Some((_, mark)) = credited(&claim.sources).next() else {
            return;
        };
        let f = self.push(
            Code::CreditContradicted,
            claim.file,
            credit.span.clone(),
            "`credit = \"unlocated\"` but a source is marked as the credited outlet's own piece"
                .into(),
            "not found",
        );
        f.secondary
            .push(Label::new(claim.file, mark.span.clone(), "but found here"));
        f.help = Some(
            "if that source is the credited piece, set `credit = \"confirmed\"` (or `\"misattributed\"` if it does not say it); if it is not, remove `credited = true`".into(),
        );
    }
}

/// What to do about a credited source off the credited outlet.
fn off_outlet_help(outlet: &Outlet) -> String {
    let id = outlet.id.as_str();
    if outlet.domains.is_empty() {
        return format!(
            "`{id}` has no known domains: if this page is the outlet's own, say so with `outlet = \"{id}\"`; if not, remove `credited = true` (it can stay a source)"
        );
    }
    let domains = outlet
        .domains
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "the credited piece is the one by `{id}`, on {domains}: cite that piece, or remove `credited = true` from this source (it can stay a source)"
    )
}
