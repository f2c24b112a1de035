//! The two verdicts a claim carries, read from its file: `status` (is it
//! true) and `credit` (did the credited outlet say it), with `credited` on
//! a source. Older files wrote `status = "unlocated"` for a credit not
//! found: it is read as `unverified` with `credit = "unlocated"`, and a
//! `status-unlocated` warning says how to rewrite it.

use toml::de::DeValue;

use super::fields::{Cx, Table};
use crate::diag::Code;
use crate::files::Sp;
use crate::ids;
use crate::model::{Credit, Status};

impl Cx<'_> {
    /// `status`, and the credit an old `status = "unlocated"` stood for.
    pub(super) fn status(&mut self, t: &Table<'_, '_>) -> Option<(Sp<Status>, Option<Sp<Credit>>)> {
        let s = self.string(t, "status", true)?;
        if let Some(status) = Status::parse(&s) {
            return Some((Sp::new(status, s.span), None));
        }
        if s.value == Status::LEGACY_UNLOCATED {
            self.finding(
                Code::StatusUnlocated,
                s.span.clone(),
                "`status = \"unlocated\"` now reads `status = \"unverified\"` with `credit = \"unlocated\"`".into(),
                "the credit's verdict, not the claim's",
            )
            .help = Some(
                "`status` says whether the claim is true and `credit` whether the credited outlet said it: run `claimtrack fmt --migrate` to rewrite the file".into(),
            );
            let credit = Sp::new(Credit::Unlocated, s.span.clone());
            return Some((Sp::new(Status::Unverified, s.span), Some(credit)));
        }
        let names = Status::NAMES;
        self.unknown_name(&s, "status", names);
        None
    }

    /// `credit`, if written and valid.
    pub(super) fn credit(&mut self, t: &Table<'_, '_>) -> Option<Sp<Credit>> {
        let s = self.string(t, "credit", false)?;
        if let Some(credit) = Credit::parse(&s) {
            return Some(Sp::new(credit, s.span));
        }
        self.unknown_name(&s, "credit", Credit::NAMES);
        None
    }

    fn unknown_name(&mut self, s: &Sp<String>, key: &str, names: &[&str]) {
        let label = match ids::suggest(s, names.iter().copied()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => format!("unknown {key}"),
        };
        self.finding(
            Code::InvalidValue,
            s.span.clone(),
            format!(
                "`{key}` must be one of {}, found `{}`",
                names.join(", "),
                s.value
            ),
            label,
        );
    }

    /// A boolean key (`credited = true`).
    pub(super) fn boolean(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Sp<bool>> {
        let (_, value) = t.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, value.span())),
            _ => {
                let help = format!("write `{key} = true`, or remove the line");
                self.wrong_type(value, key, "a boolean", Some(help));
                None
            }
        }
    }
}
