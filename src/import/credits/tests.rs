use super::*;

fn registry() -> Registry {
    let none: Vec<String> = Vec::new();
    let post = vec!["WaPo".to_string(), "the Post".to_string()];
    let ap = vec!["AP".to_string()];
    let bbc = vec!["BBC News".to_string()];
    Registry::new([
        OutletNames {
            id: "reuters",
            name: "Reuters",
            aliases: &none,
        },
        OutletNames {
            id: "al-jazeera",
            name: "Al Jazeera",
            aliases: &none,
        },
        OutletNames {
            id: "washington-post",
            name: "The Washington Post",
            aliases: &post,
        },
        OutletNames {
            id: "associated-press",
            name: "Associated Press",
            aliases: &ap,
        },
        OutletNames {
            id: "bbc",
            name: "BBC",
            aliases: &bbc,
        },
        OutletNames {
            id: "tass",
            name: "TASS",
            aliases: &none,
        },
    ])
}

#[test]
fn ids_match_capitalised_names_in_any_case() {
    check(
        "Al-Jazeera reported it.",
        &[("Al-Jazeera reported", "al-jazeera")],
    );
    check(
        "It fell, according to al-jazeera.",
        &[("according to al-jazeera", "other:al-jazeera")],
    );
}

/// A party as the tests write it: "id", "new:Name" or "other:text".
fn party(p: &str) -> Party {
    if let Some(name) = p.strip_prefix("new:") {
        Party::NewOutlet(name.to_string())
    } else if let Some(text) = p.strip_prefix("other:") {
        Party::Other(text.to_string())
    } else {
        Party::Outlet(p.to_string())
    }
}

/// `sentence` gives exactly the credits `expect`: (phrase, party).
fn check(sentence: &str, expect: &[(&str, &str)]) {
    let got: Vec<(&str, Party)> = credits(sentence, &registry())
        .into_iter()
        .map(|c| (&sentence[c.phrase], c.party))
        .collect();
    let want: Vec<(&str, Party)> = expect.iter().map(|&(ph, p)| (ph, party(p))).collect();
    assert_eq!(got, want, "credits of {sentence:?}");
}

#[test]
fn according_to() {
    check(
        "It fell, according to Reuters.",
        &[("according to Reuters", "reuters")],
    );
    check(
        "According to the BBC, it fell.",
        &[("According to the BBC", "bbc")],
    );
    check(
        "It fell, according to The Washington Post.",
        &[("according to The Washington Post", "washington-post")],
    );
    check(
        "It fell, according to Washington Post.",
        &[("according to Washington Post", "washington-post")],
    );
    check(
        "It fell, according to what was published in the Washington Post.",
        &[(
            "according to what was published in the Washington Post",
            "washington-post",
        )],
    );
    check(
        "It fell, according to what has been reported by TASS.",
        &[("according to what has been reported by TASS", "tass")],
    );
    check(
        "According to a report by Al Jazeera, it fell.",
        &[("According to a report by Al Jazeera", "al-jazeera")],
    );
    check(
        "It fell, according to a Reuters tally.",
        &[("according to a Reuters tally", "reuters")],
    );
    check(
        "It fell, according to the plan.",
        &[("according to the plan", "other:the plan")],
    );
    check(
        "According to the Interior Ministry, 5 died.",
        &[(
            "According to the Interior Ministry",
            "other:the Interior Ministry",
        )],
    );
    check(
        "It fell, according to Reuters and the AP.",
        &[
            ("according to Reuters and the AP", "associated-press"),
            ("according to Reuters", "reuters"),
        ],
    );
}

#[test]
fn a_party_then_a_verb() {
    check(
        "Reuters reported that it fell.",
        &[("Reuters reported", "reuters")],
    );
    check(
        "The BBC has reported that it fell.",
        &[("The BBC has reported", "bbc")],
    );
    check(
        "Reuters first reported the talks.",
        &[("Reuters first reported", "reuters")],
    );
    check("It fell, Reuters said.", &[("Reuters said", "reuters")]);
    check(
        "In this context, Al Jazeera wrote, Russia has won.",
        &[("Al Jazeera wrote", "al-jazeera")],
    );
    check(
        "Russia's TASS news agency reported it.",
        &[("TASS news agency reported", "tass")],
    );
    check(
        "On Monday Reuters reported it.",
        &[("Reuters reported", "reuters")],
    );
    check(
        "Reuters and the BBC reported it.",
        &[
            ("Reuters and the BBC reported", "reuters"),
            ("the BBC reported", "bbc"),
        ],
    );
    check(
        "Kyodo News reported it.",
        &[("Kyodo News reported", "new:Kyodo News")],
    );
    check(
        "The Financial Times reported it.",
        &[("The Financial Times reported", "new:Financial Times")],
    );
    check(
        "The ministry said it fell.",
        &[("The ministry said", "other:The ministry")],
    );
    check(
        "John Smith said it fell.",
        &[("John Smith said", "other:John Smith")],
    );
    check("He said it fell.", &[("He said", "other:He")]);
    check(
        "Interfax, citing a source, said it fell.",
        &[("Interfax, citing a source, said", "new:Interfax")],
    );
}

#[test]
fn a_verb_then_a_party() {
    check(
        "It fell, reported Reuters.",
        &[("reported Reuters", "reuters")],
    );
    check("“It fell,” said the BBC.", &[("said the BBC", "bbc")]);
    check(
        "“It fell,” said the BBC’s source.",
        &[("said the BBC’s source", "other:the BBC’s source")],
    );
}

#[test]
fn passives_and_key_words() {
    check(
        "As reported by the BBC, it fell.",
        &[("As reported by the BBC", "bbc")],
    );
    check(
        "The deal, first reported by TASS, fell.",
        &[("first reported by TASS", "tass")],
    );
    check(
        "The memo, seen by Reuters, is long.",
        &[("seen by Reuters", "reuters")],
    );
    check(
        "The letter, published in the Post, is long.",
        &[("published in the Post", "washington-post")],
    );
    check(
        "It fell 5%, per the AP.",
        &[("per the AP", "associated-press")],
    );
    check("It costs $5 per loaf.", &[]);
    check(
        "Media, citing Reuters, said so.",
        &[("citing Reuters", "reuters")],
    );
    check(
        "TASS cited the minister as saying so.",
        &[("TASS cited", "tass")],
    );
}

#[test]
fn told_and_interviews() {
    check(
        "Two sources told Reuters it fell.",
        &[("sources told Reuters", "reuters")],
    );
    check(
        "Officials told the BBC it fell.",
        &[("Officials told the BBC", "bbc")],
    );
    check("A spokesman told TASS it fell.", &[("told TASS", "tass")]);
    check(
        "He told reporters it fell.",
        &[("told reporters", "other:reporters")],
    );
    check(
        "In an interview with Al Jazeera, he said so.",
        &[
            ("In an interview with Al Jazeera", "al-jazeera"),
            ("he said", "other:he"),
        ],
    );
    check(
        "Speaking to the BBC, the envoy denied it.",
        &[("Speaking to the BBC", "bbc")],
    );
    check("He told NHK that it fell.", &[("told NHK", "new:NHK")]);
}

#[test]
fn possessives_and_reports() {
    check(
        "Reuters’ report was not verified.",
        &[("Reuters’ report", "reuters")],
    );
    check(
        "Reuters' report was not verified.",
        &[("Reuters' report", "reuters")],
    );
    check(
        "The BBC’s reporting showed it.",
        &[("The BBC’s reporting", "bbc")],
    );
    check(
        "The Washington Post's report said so.",
        &[("The Washington Post's report", "washington-post")],
    );
    check(
        "A report by the Associated Press found it.",
        &[("A report by the Associated Press", "associated-press")],
    );
    check(
        "A report by the World Bank found it.",
        &[("A report by the World Bank", "other:the World Bank")],
    );
    check("CNN’s headquarters were evacuated.", &[]);
    check("The Post’s editorial board endorsed him.", &[]);
}

#[test]
fn outlets_named_but_not_credited() {
    for sentence in [
        "Reuters was founded in 1851.",
        "A Reuters photographer was injured.",
        "He worked for the BBC for 20 years.",
        "The Post office will close.",
        "Thousands gathered in Times Square.",
        "Reuters could not verify the claims.",
        "The BBC documentary won an award.",
        "She subscribes to the Post.",
    ] {
        let outlets: Vec<Credit> = credits(sentence, &registry())
            .into_iter()
            .filter(|c| !matches!(c.party, Party::Other(_)))
            .collect();
        assert_eq!(outlets, [], "{sentence}");
    }
}

#[test]
fn names_read_like_outlets_or_not() {
    check(
        "The Sydney Morning Herald said so.",
        &[(
            "The Sydney Morning Herald said",
            "new:Sydney Morning Herald",
        )],
    );
    check(
        "The South China Morning Post said so.",
        &[(
            "The South China Morning Post said",
            "new:South China Morning Post",
        )],
    );
    check("Yonhap said so.", &[("Yonhap said", "new:Yonhap")]);
    check(
        "The European Space Agency said so.",
        &[(
            "The European Space Agency said",
            "other:The European Space Agency",
        )],
    );
    check(
        "Press Secretary Jane Doe said so.",
        &[(
            "Press Secretary Jane Doe said",
            "other:Press Secretary Jane Doe",
        )],
    );
    check("The Times said so.", &[("The Times said", "new:Times")]);
    check("Times said so.", &[("Times said", "other:Times")]);
    check(
        "Royal Mail said so.",
        &[("Royal Mail said", "other:Royal Mail")],
    );
    check(
        "Xinhua News Agency said so.",
        &[("Xinhua News Agency said", "new:Xinhua News Agency")],
    );
    check("BBC News said so.", &[("BBC News said", "bbc")]);
    check("BBC Persian said so.", &[("BBC Persian said", "bbc")]);
    check(
        "The post office said so.",
        &[("The post office said", "other:The post office")],
    );
}

#[test]
fn the_registry_prefers_the_longest_name_and_keeps_case() {
    let none: Vec<String> = Vec::new();
    let post = vec!["the Post".to_string()];
    let reg = Registry::new([
        OutletNames {
            id: "post",
            name: "The Washington Post",
            aliases: &post,
        },
        OutletNames {
            id: "reuters",
            name: "Reuters",
            aliases: &none,
        },
    ]);
    assert_eq!(reg.lookup(&["Washington", "Post"]), Some("post"));
    assert_eq!(reg.lookup(&["Post"]), Some("post"));
    assert_eq!(reg.lookup(&["post"]), None);
    assert_eq!(reg.lookup(&["reuters"]), None);
    assert_eq!(reg.lookup(&["REUTERS"]), Some("reuters"));
    assert_eq!(reg.lookup(&["Reuters", "News"]), Some("reuters"));
    assert_eq!(reg.lookup(&["Reuters", "Institute"]), None);
}

#[test]
fn checkable_sentences_state_numbers_dates_or_events() {
    for (sentence, expect) in [
        ("Inflation rose to 3.5% in May.", true),
        ("The talks were held on Monday.", true),
        ("Two soldiers were killed.", true),
        ("It cost $5.", true),
        ("During the Cold War, they were allies.", true),
        ("Yet, challenges persist.", false),
        ("Moscow believes that dialogue is the key.", false),
        ("The war goes on.", false),
        ("War broke out again.", false),
        ("They met at the Summit.", false),
        ("The Paris Agreement holds.", true),
    ] {
        assert_eq!(checkable(sentence), expect, "{sentence}");
    }
}

proptest::proptest! {
    #[test]
    fn any_sentence_gives_phrases_on_char_boundaries_in_order(
        sentence in "\\PC{0,120}|[A-Za-z ,.'’”“\"]{0,120}|((according to|told|said|reported|by|the|The|Reuters|Post|BBC|’s|a|report|,) ?){0,12}"
    ) {
        let found = credits(&sentence, &registry());
        let mut last_start = 0;
        for c in &found {
            proptest::prop_assert!(c.phrase.start <= c.phrase.end && c.phrase.end <= sentence.len());
            proptest::prop_assert!(sentence.is_char_boundary(c.phrase.start));
            proptest::prop_assert!(sentence.is_char_boundary(c.phrase.end));
            proptest::prop_assert!(c.phrase.start >= last_start);
            last_start = c.phrase.start;
        }
        let _ = checkable(&sentence);
    }
}

#[test]
fn phrases_overlap_only_when_they_share_a_byte() {
    assert!(overlap(&(0..5), &(4..9)));
    assert!(overlap(&(4..9), &(0..5)));
    assert!(overlap(&(0..9), &(2..3)));
    assert!(!overlap(&(0..5), &(5..9)));
    assert!(!overlap(&(5..9), &(0..5)));
}

#[test]
fn verbs_that_take_a_plain_object_credit_a_person_only_before_what_was_said() {
    check(
        "Both nations have found common ground in their shared interests.",
        &[],
    );
    check("The committee noted the delay in its minutes.", &[]);
    check(
        "A study found that prices rose.",
        &[("A study found", "other:A study")],
    );
    check(
        "The ministry confirmed: the plant is closed.",
        &[("The ministry confirmed", "other:The ministry")],
    );
    check(
        "Prices rose, the ministry said.",
        &[("the ministry said", "other:the ministry")],
    );
    // An outlet's finding is a credit either way.
    check(
        "Reuters found discrepancies in the figures.",
        &[("Reuters found", "reuters")],
    );
}
