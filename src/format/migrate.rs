//! `fmt --migrate`: values an older claimtrack wrote, rewritten in the
//! form of today. Without `--migrate` they are only found (`fmt` never
//! changes a value on its own); with it, the value is replaced in place
//! (its comments and the rest of the file untouched) and a key the new
//! form needs is added, which `tidy_table` then puts in the canonical
//! key order like any other.
//!
//! One so far: `status = "unlocated"`, which said that the credited
//! outlet's piece was not found, is `status = "unverified"` with
//! `credit = "unlocated"` (the loader reads it so, with a
//! `status-unlocated` warning).

use toml_edit::{DocumentMut, Item, Value};

use crate::model::{Credit, Status};

/// An old value in a file, which `fmt --migrate` rewrites.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Legacy {
    /// `status = "unlocated"`: becomes `status = "unverified"`, and
    /// `credit = "unlocated"` unless the file already has a `credit`
    /// (`credit_written`), which is kept as it is.
    StatusUnlocated { credit_written: bool },
}

impl Legacy {
    /// The old form, as written in the file (in backticks).
    pub fn old(&self) -> &'static str {
        match self {
            Legacy::StatusUnlocated { .. } => "`status = \"unlocated\"`",
        }
    }

    /// What `--migrate` writes instead (in backticks).
    pub fn new_form(&self) -> String {
        match self {
            Legacy::StatusUnlocated { credit_written } => {
                let status = format!("`status = \"{}\"`", Status::Unverified.as_str());
                if *credit_written {
                    format!("{status} (the `credit` written stays)")
                } else {
                    let credit = Credit::Unlocated.as_str();
                    format!("{status} with `credit = \"{credit}\"`")
                }
            }
        }
    }
}

/// The old values of a claim file, rewritten in `doc` when `rewrite`.
pub(super) fn claim(doc: &mut DocumentMut, rewrite: bool) -> Vec<Legacy> {
    let root = doc.as_table_mut();
    let legacy_status = matches!(
        root.get("status"),
        Some(Item::Value(Value::String(s))) if s.value() == Status::LEGACY_UNLOCATED
    );
    if !legacy_status {
        return Vec::new();
    }
    let credit_written = root.contains_key("credit");
    if rewrite {
        if let Some(Item::Value(value)) = root.get_mut("status") {
            replace(value, Status::Unverified.as_str());
        }
        if !credit_written {
            root.insert("credit", toml_edit::value(Credit::Unlocated.as_str()));
        }
    }
    vec![Legacy::StatusUnlocated { credit_written }]
}

/// Replaces a value by a string, keeping its decor (the spaces and a
/// comment on its line).
fn replace(value: &mut Value, with: &str) {
    let decor = value.decor().clone();
    *value = Value::from(with);
    *value.decor_mut() = decor;
}

#[cfg(test)]
mod tests {
    use crate::format::{Options, format_with};
    use crate::layout::FileKind;

    fn migrate(text: &str) -> String {
        let options = Options { migrate: true };
        format_with(text, FileKind::Claim, options).unwrap().text
    }

    #[test]
    fn status_unlocated_becomes_two_verdicts_in_key_order() {
        let old = "claim = \"C\"\n# the verdict\nstatus = \"unlocated\" # searched\n# why\nnote = \"N\"\n";
        assert_eq!(
            migrate(old),
            "claim = \"C\"\n# the verdict\nstatus = \"unverified\" # searched\ncredit = \"unlocated\"\n# why\nnote = \"N\"\n"
        );
    }

    #[test]
    fn a_written_credit_is_kept() {
        let old = "claim = \"C\"\nstatus = 'unlocated'\ncredit = \"misattributed\" # theirs\n";
        assert_eq!(
            migrate(old),
            "claim = \"C\"\nstatus = \"unverified\"\ncredit = \"misattributed\" # theirs\n"
        );
    }

    /// As the loader reads it, whether or not an outlet is credited: on a
    /// claim without `attributed_to`, `check` then asks for one
    /// (`credit-without-attribution`) rather than the credit being lost.
    #[test]
    fn the_credit_is_added_as_the_loader_reads_it() {
        let old = "claim = \"C\"\nstatus = \"unlocated\"\n";
        assert_eq!(
            migrate(old),
            "claim = \"C\"\nstatus = \"unverified\"\ncredit = \"unlocated\"\n"
        );
    }

    #[test]
    fn without_migrate_the_value_stays_and_is_reported() {
        let old = "claim = \"C\"\nstatus = \"unlocated\"\n";
        let f = format_with(old, FileKind::Claim, Default::default()).unwrap();
        assert_eq!(f.text, old);
        assert_eq!(
            f.legacy,
            [super::Legacy::StatusUnlocated {
                credit_written: false
            }]
        );
        let f = format_with(old, FileKind::Article, Options { migrate: true }).unwrap();
        assert!(f.legacy.is_empty(), "only claim files have a status");
    }
}
