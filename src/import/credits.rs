//! Stand-in until the `recognizer` branch lands.
#![allow(dead_code)]
pub(crate) struct Registry {
    names: Vec<(String, String)>,
}
pub(crate) struct OutletNames<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [String],
}
impl Registry {
    pub(crate) fn new<'a>(outlets: impl IntoIterator<Item = OutletNames<'a>>) -> Registry {
        Registry {
            names: outlets
                .into_iter()
                .map(|o| (o.id.to_string(), o.name.to_string()))
                .collect(),
        }
    }
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Credit {
    pub phrase: std::ops::Range<usize>,
    pub party: Party,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Party {
    Outlet(String),
    NewOutlet(String),
    Other(String),
}
pub(crate) fn credits(sentence: &str, registry: &Registry) -> Vec<Credit> {
    let Some(at) = sentence.find("according to ") else {
        return Vec::new();
    };
    let rest = &sentence[at + 13..];
    for (id, name) in &registry.names {
        let bare = name.strip_prefix("The ").unwrap_or(name);
        if let Some(i) = rest.find(bare) {
            let end = at + 13 + i + bare.len();
            return vec![Credit {
                phrase: at..end,
                party: Party::Outlet(id.clone()),
            }];
        }
    }
    Vec::new()
}
pub(crate) fn checkable(sentence: &str) -> bool {
    sentence.chars().any(|c| c.is_ascii_digit())
}
