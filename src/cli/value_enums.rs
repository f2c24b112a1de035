//! The values that flags take from a fixed list: clap's types, kept in the
//! command line. Each one that names a library type converts into it with
//! `From`, so the library knows nothing of clap (as cargo-nextest's
//! `value_enums.rs` does). Value names and their help are the flags' own.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::{export, model, report, review};

/// `--color`: when to color the output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `--format` of `list`, `show` and `store show`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub(super) enum Format {
    #[default]
    Text,
    Json,
}

/// A library enum offered as a flag's values: a newtype whose names and
/// help are the library's own (`ALL`, `as_str`, `description`), so that
/// nothing is written twice and the library derives nothing from clap.
macro_rules! library_values {
    ($(#[$doc:meta])* $name:ident, $lib:ty) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(super) struct $name(pub(super) $lib);

        impl ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                const ALL: &[$name] = &{
                    let all = <$lib>::ALL;
                    let mut out = [$name(all[0]); <$lib>::ALL.len()];
                    let mut i = 0;
                    while i < all.len() {
                        out[i] = $name(all[i]);
                        i += 1;
                    }
                    out
                };
                ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.0.as_str()).help(self.0.description()))
            }
        }

        impl From<$name> for $lib {
            fn from(v: $name) -> $lib {
                v.0
            }
        }
    };
}

library_values!(
    /// `check --format`: the output formats of `check`.
    CheckFormat,
    report::Format
);
library_values!(
    /// `export --format`: the export formats.
    ExportFormat,
    export::Format
);
library_values!(
    /// `review --format`.
    ReviewFormat,
    review::Format
);
library_values!(
    /// `--status`: the verdict on a claim's truth.
    Status,
    model::Status
);
library_values!(
    /// `--credit`: the verdict on a claim's credit.
    Credit,
    model::Credit
);

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::{Credit, Status};
    use crate::model;

    /// The names a flag takes.
    fn names<T: ValueEnum>() -> Vec<String> {
        T::value_variants()
            .iter()
            .map(|v| v.to_possible_value().unwrap().get_name().to_string())
            .collect()
    }

    /// The flag's values are the library's names, one for one.
    #[test]
    fn statuses_are_the_librarys() {
        assert_eq!(names::<Status>(), model::Status::NAMES);
        for s in Status::value_variants() {
            let name = s.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(model::Status::from(*s).as_str(), name);
        }
    }

    /// The same for `--credit`, and its help is the library's description.
    #[test]
    fn credits_are_the_librarys() {
        assert_eq!(names::<Credit>(), model::Credit::NAMES);
        for c in Credit::value_variants() {
            let value = c.to_possible_value().unwrap();
            assert_eq!(model::Credit::from(*c).as_str(), value.get_name());
            assert_eq!(value.get_help().unwrap().to_string(), c.0.description());
        }
    }

    /// The help of `--status`'s values is the schema's description of
    /// each status (the library's doc comments), so the two cannot drift.
    #[test]
    fn statuses_are_described_as_in_the_schema() {
        fn consts(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let (Some(c), Some(d)) = (m.get("const"), m.get("description")) {
                        out.push((c.as_str().unwrap().into(), d.as_str().unwrap().into()));
                    }
                    m.values().for_each(|v| consts(v, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| consts(v, out)),
                _ => {}
            }
        }
        let schema = crate::schema::text("claim").unwrap();
        let mut described = Vec::new();
        consts(&serde_json::from_str(&schema).unwrap(), &mut described);
        for s in Status::value_variants() {
            let value = s.to_possible_value().unwrap();
            let help = format!("{}.", value.get_help().unwrap());
            let name = value.get_name().to_string();
            assert!(described.contains(&(name, help.clone())), "{help}");
        }
    }
}
