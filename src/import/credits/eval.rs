//! The evaluation of [`credits`] on tests/data/import/credits.toml: the
//! precision and recall of "the sentence credits outlet X", over the cases
//! written before the recognizer and over those held out.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{OutletNames, Party, Registry, credits};

#[derive(Deserialize)]
struct Set {
    outlet: Vec<Outlet>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Outlet {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    outlets: Vec<String>,
    phrase: Option<String>,
    #[serde(default)]
    held_out: bool,
    /// The held-out round: 1 (used to mend the recognizer once), 2 (not).
    #[serde(default = "first_round")]
    round: u8,
}

fn first_round() -> u8 {
    1
}

/// Counts of (sentence, outlet) pairs, and of phrases checked.
#[derive(Default)]
struct Score {
    cases: usize,
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
    phrases: usize,
    phrases_right: usize,
    notes: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        let found = self.true_pos + self.false_pos;
        if found == 0 {
            1.0
        } else {
            self.true_pos as f64 / found as f64
        }
    }

    fn recall(&self) -> f64 {
        let expected = self.true_pos + self.false_neg;
        if expected == 0 {
            1.0
        } else {
            self.true_pos as f64 / expected as f64
        }
    }

    fn phrase_rate(&self) -> f64 {
        if self.phrases == 0 {
            1.0
        } else {
            self.phrases_right as f64 / self.phrases as f64
        }
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name}: {} cases, precision {:.3} ({} of {}), recall {:.3} ({} of {}), phrases {}/{}",
            self.cases,
            self.precision(),
            self.true_pos,
            self.true_pos + self.false_pos,
            self.recall(),
            self.true_pos,
            self.true_pos + self.false_neg,
            self.phrases_right,
            self.phrases,
        )
    }
}

/// The label of a party, as the set writes it: an id, or "new:NAME".
fn label(party: &Party) -> Option<String> {
    match party {
        Party::Outlet(id) => Some(id.clone()),
        Party::NewOutlet(name) => Some(format!("new:{name}")),
        Party::Other(_) => None,
    }
}

fn score(case: &Case, registry: &Registry, s: &mut Score) {
    s.cases += 1;
    let found = credits(&case.text, registry);
    let got: BTreeSet<String> = found.iter().filter_map(|c| label(&c.party)).collect();
    let want: BTreeSet<String> = case.outlets.iter().cloned().collect();
    for g in got.difference(&want) {
        s.false_pos += 1;
        s.notes.push(format!("false alarm {g}: {}", case.text));
    }
    for w in want.difference(&got) {
        s.false_neg += 1;
        s.notes
            .push(format!("missed {w}: {}   (found {found:?})", case.text));
    }
    s.true_pos += got.intersection(&want).count();
    if let Some(phrase) = &case.phrase {
        s.phrases += 1;
        let printed: Vec<&str> = found
            .iter()
            .filter_map(|c| case.text.get(c.phrase.clone()))
            .collect();
        if printed.contains(&phrase.as_str()) {
            s.phrases_right += 1;
        } else {
            s.notes.push(format!(
                "phrase {phrase:?} not in {printed:?}: {}",
                case.text
            ));
        }
    }
}

/// tests/data/import/credits.toml.
fn evaluation_set() -> Set {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/import/credits.toml"
    );
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The evaluation set's outlets.
fn registry(set: &Set) -> Registry {
    Registry::new(set.outlet.iter().map(|o| OutletNames {
        id: &o.id,
        name: &o.name,
        aliases: &o.aliases,
    }))
}

#[test]
fn credits_of_outlets_are_precise_and_complete_on_the_evaluation_set() {
    let set = evaluation_set();
    let registry = registry(&set);
    let mut all = Score::default();
    let mut parts = [Score::default(), Score::default(), Score::default()];
    for case in &set.case {
        score(case, &registry, &mut all);
        let part = match (case.held_out, case.round) {
            (false, _) => 0,
            (true, 1) => 1,
            _ => 2,
        };
        score(case, &registry, &mut parts[part]);
    }
    let report = format!(
        "{}\n{}\n{}\n{}\n{}",
        all.line("all"),
        parts[0].line("first"),
        parts[1].line("held out, round 1"),
        parts[2].line("held out, round 2"),
        all.notes.join("\n")
    );
    eprintln!("{report}");
    assert!(all.cases >= 170, "{report}");
    assert!(all.precision() >= 0.95, "{report}");
    assert!(all.recall() >= 0.90, "{report}");
    assert!(all.phrase_rate() >= 0.95, "{report}");
}

/// The time to split and recognise 1,000 articles of about 1,000 words,
/// made of the evaluation set's sentences in paragraphs of five. Run once
/// in release mode: `cargo test --release --lib import::credits::eval::speed
/// -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed() {
    let set = evaluation_set();
    let registry = registry(&set);
    let mut article = String::new();
    for (i, case) in set.case.iter().cycle().enumerate() {
        if article.split_whitespace().count() >= 1000 {
            break;
        }
        article.push_str(&case.text);
        article.push_str(if i % 5 == 4 { "\n\n" } else { " " });
    }
    let started = std::time::Instant::now();
    let mut found = 0;
    let mut splitting = std::time::Duration::ZERO;
    for _ in 0..1000 {
        let split = std::time::Instant::now();
        let sentences = crate::import::sentences::sentences(&article);
        splitting += split.elapsed();
        for s in sentences {
            found += credits(&article[s], &registry).len();
        }
    }
    let took = started.elapsed();
    eprintln!("splitting: {splitting:?}");
    eprintln!(
        "1,000 articles of {} words: {took:?} ({found} credits)",
        article.split_whitespace().count()
    );
    assert!(took.as_secs_f64() < 1.0, "{took:?}");
}
