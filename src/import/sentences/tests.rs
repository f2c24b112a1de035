use super::*;

/// The sentences of `text`, as strings.
fn split(text: &str) -> Vec<&str> {
    sentences(text).into_iter().map(|r| &text[r]).collect()
}

fn check(text: &str, expect: &[&str]) {
    assert_eq!(split(text), expect, "splitting {text:?}");
}

#[test]
fn plain_sentences_are_split_and_trimmed() {
    check("One. Two! Three?", &["One.", "Two!", "Three?"]);
    check("  Padded.   Then more.  ", &["Padded.", "Then more."]);
    check("No full stop at the end", &["No full stop at the end"]);
    check("", &[]);
    check(" \n\t ", &[]);
}

#[test]
fn abbreviations_do_not_end_a_sentence() {
    check(
        "The U.S. military said so. Dr. Smith agreed.",
        &["The U.S. military said so.", "Dr. Smith agreed."],
    );
    check(
        "It rose in Jan. 2024. Then it fell.",
        &["It rose in Jan. 2024.", "Then it fell."],
    );
    check(
        "Gen. Milley met Mr. Jones at No. 5 Downing St. today. It rained.",
        &[
            "Gen. Milley met Mr. Jones at No. 5 Downing St. today.",
            "It rained.",
        ],
    );
    check(
        "It criticizes the U.S.’s military presence. It is wary.",
        &["It criticizes the U.S.’s military presence.", "It is wary."],
    );
    check(
        "It criticizes the U.S.'s role. It is wary.",
        &["It criticizes the U.S.'s role.", "It is wary."],
    );
}

#[test]
fn initials_and_decimals_do_not_end_a_sentence() {
    check(
        "J. R. R. Tolkien wrote it. Others read it.",
        &["J. R. R. Tolkien wrote it.", "Others read it."],
    );
    check(
        "Inflation was 3.5% in May. It fell to 2.9% later.",
        &["Inflation was 3.5% in May.", "It fell to 2.9% later."],
    );
}

#[test]
fn an_ellipsis_inside_a_sentence_does_not_end_it() {
    check(
        "He waited... and waited. Then he left.",
        &["He waited... and waited.", "Then he left."],
    );
    check(
        "He waited… and waited. Then he left.",
        &["He waited… and waited.", "Then he left."],
    );
    check("Wait... What happened?", &["Wait...", "What happened?"]);
}

#[test]
fn a_quotation_with_its_own_full_stop_stays_inside() {
    check(
        "He said, \"It is over.\" and left. Then he came back.",
        &["He said, \"It is over.\" and left.", "Then he came back."],
    );
    check(
        "He said, “It is over.” and left. Then he came back.",
        &["He said, “It is over.” and left.", "Then he came back."],
    );
    check(
        "“It is over,” he said. “We lost.” She nodded.",
        &["“It is over,” he said.", "“We lost.”", "She nodded."],
    );
    check("\"We lost.\" She nodded.", &["\"We lost.\"", "She nodded."]);
}

#[test]
fn a_blank_line_always_ends_a_sentence() {
    check(
        "Headline without stop\n\nFirst para. Second.\n\n\n  Third one\nstill third.",
        &[
            "Headline without stop",
            "First para.",
            "Second.",
            "Third one\nstill third.",
        ],
    );
    check("He waited...\n\nand then", &["He waited...", "and then"]);
    check("A\r\n\r\nB", &["A", "B"]);
}

#[test]
fn the_seed_article_splits_into_its_sentences() {
    let text = include_str!("../../../tests/data/import/seed.txt");
    let got = split(text);
    assert!(got.contains(&"For instance, in 2014, Russia wrote off nearly 90% of North Korea’s Soviet-era debt, paving the way for increased economic collaboration, according to Reuters."), "{got:#?}");
    assert!(got.contains(&"In this context, Al Jazeera wrote, Russia has played a mediating role, hosting several rounds of diplomatic talks and promoting peace initiatives."), "{got:#?}");
    assert!(got.contains(&"While Russia opposes North Korea’s nuclear ambitions, it also criticizes the U.S.’s military presence in South Korea."), "{got:#?}");
    assert!(got.contains(&"Moscow is wary of the Terminal High Altitude Area Defense (THAAD) system deployed by the U.S. in South Korea, viewing it as a threat to its security interests in the region, according to what was published in the Washington Post."), "{got:#?}");
    assert!(got.contains(&"Yet, challenges persist."), "{got:#?}");
}

proptest::proptest! {
    #[test]
    fn any_text_gives_ordered_trimmed_ranges_on_char_boundaries(text in "\\PC{0,200}|[a-zA-Z .!?\"“”’'\n…]{0,200}") {
        let mut last_end = 0;
        for r in sentences(&text) {
            proptest::prop_assert!(r.start >= last_end && r.start < r.end && r.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            proptest::prop_assert_eq!(s, s.trim());
            last_end = r.end;
        }
    }
}

#[test]
fn words_that_look_like_abbreviations_end_a_sentence() {
    check(
        "It fell in May. Then it rose.",
        &["It fell in May.", "Then it rose."],
    );
    check(
        "He said no. The talks failed.",
        &["He said no.", "The talks failed."],
    );
    check("It is No. 5 on the list.", &["It is No. 5 on the list."]);
}
