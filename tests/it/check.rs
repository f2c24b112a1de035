//! `check --offline`: one fixture per finding code, each asserted on its
//! code, its exit status and (by snapshot) its whole rendered message.

use std::collections::BTreeSet;

use claimtrack::diag::{Code, Severity};

use crate::support::{ARTICLE, CLAIM, Repo, project_root, run_in};

/// A claim file with the given extra lines after `claim` and `status`.
fn claim_with(status: &str, rest: &str) -> String {
    format!("claim = \"Something happened.\"\nstatus = \"{status}\"\n{rest}")
}

/// A claim credited to reuters with the given extra lines.
fn credited_to_reuters(rest: &str) -> String {
    claim_with(
        "unverified",
        &format!("attributed_to = \"reuters\"\nattribution = \"according to Reuters\"\n{rest}"),
    )
}

/// Every case: its name, the repository, and the code it must produce.
fn cases() -> Vec<(&'static str, Repo, Code)> {
    let sources = |s: &str| claim_with("unverified", s);
    vec![
        (
            "toml_syntax",
            Repo::new().claim("x", "claim = \"a\"\nstatus = \n"),
            Code::TomlSyntax,
        ),
        (
            "not_utf8",
            Repo::new().claim("x", b"claim = \"caf\xe9\"\nstatus = \"unverified\"\n".as_slice()),
            Code::NotUtf8,
        ),
        (
            "file_too_large",
            Repo::new().claim("x", format!("note = \"{}\"\n", "x".repeat(1_100_000))),
            Code::FileTooLarge,
        ),
        ("not_a_file", Repo::new().dir("claims/a/x.toml"), Code::NotAFile),
        (
            "symlink_outside",
            Repo::new()
                .file(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
                .symlink("../../.git/config", "claims/a/x.toml"),
            Code::SymlinkOutside,
        ),
        (
            "id_too_long",
            Repo::new().claim(&"a".repeat(101), CLAIM),
            Code::IdTooLong,
        ),
        (
            "not_a_table_source",
            Repo::new().claim("x", sources("sources = [\"https://www.reuters.com/a\"]\n")),
            Code::NotATable,
        ),
        (
            "not_a_table_outlet",
            Repo::new().file("claims/outlets.toml", "reuters = \"Reuters\"\n\n[herald]\nname = \"The Herald\"\n"),
            Code::NotATable,
        ),
        (
            "duplicate_key",
            Repo::new().claim("x", format!("{CLAIM}status = \"mixed\"\n")),
            Code::DuplicateKey,
        ),
        (
            "unknown_field",
            Repo::new().claim("x", claim_with("unverified", "qoute = \"…\"\n")),
            Code::UnknownField,
        ),
        (
            "unknown_field_in_source",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\ntitel = \"A\"\n")),
            Code::UnknownField,
        ),
        (
            "missing_field",
            Repo::new().claim("x", "claim = \"Something happened.\"\n"),
            Code::MissingField,
        ),
        (
            "missing_field_in_source",
            Repo::new().claim("x", sources("\n[[sources]]\ntitle = \"A page\"\n")),
            Code::MissingField,
        ),
        (
            "wrong_type",
            Repo::new().claim("x", claim_with("unverified", "topics = \"economy\"\n")),
            Code::WrongType,
        ),
        (
            "wrong_type_date_as_string",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\npublished = \"2014-04-19\"\n")),
            Code::WrongType,
        ),
        (
            "invalid_value",
            Repo::new().claim("x", "claim = \"Something happened.\"\nstatus = \"suported\"\n"),
            Code::InvalidValue,
        ),
        (
            "empty_string",
            Repo::new().claim("x", claim_with("unverified", "quote = \"  \"\n")),
            Code::EmptyString,
        ),
        ("not_kebab_case_claim", Repo::new().claim("Debt_Claim", CLAIM), Code::NotKebabCase),
        (
            "not_kebab_case_outlet",
            Repo::new().file(
                "claims/outlets.toml",
                "[Herald_Tribune]\nname = \"Herald Tribune\"\n\n[herald]\nname = \"The Herald\"\n",
            ),
            Code::NotKebabCase,
        ),
        (
            "not_kebab_case_article",
            Repo::new().file("claims/Some Article/article.toml", ARTICLE),
            Code::NotKebabCase,
        ),
        (
            "duplicate_outlet",
            Repo::new().file(
                "claims/outlets.toml",
                "[herald]\nname = \"The Herald\"\n\n[reuters]\nname = \"Reuters\"\n\n[herald]\nname = \"Herald\"\n",
            ),
            Code::DuplicateOutlet,
        ),
        (
            "duplicate_domain",
            Repo::new().file(
                "claims/outlets.toml",
                "[herald]\nname = \"The Herald\"\ndomains = [\"herald.example\"]\n\n[tribune]\nname = \"Tribune\"\ndomains = [\"herald.example\"]\n",
            ),
            Code::DuplicateDomain,
        ),
        (
            "invalid_domain",
            Repo::new().file(
                "claims/outlets.toml",
                "[herald]\nname = \"The Herald\"\ndomains = [\"https://herald.example/\"]\n",
            ),
            Code::InvalidDomain,
        ),
        (
            "unknown_outlet",
            Repo::new().claim("x", claim_with("unverified", "attributed_to = \"reuter\"\n")),
            Code::UnknownOutlet,
        ),
        (
            "missing_article",
            Repo::new().file("claims/b/x.toml", CLAIM),
            Code::MissingArticle,
        ),
        (
            "missing_outlets",
            Repo::empty().file("claims/a/article.toml", ARTICLE),
            Code::MissingOutlets,
        ),
        ("stray_file", Repo::new().file("claims/notes.txt", "to do"), Code::StrayFile),
        (
            "invalid_url",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"www.reuters.com/a\"\n")),
            Code::InvalidUrl,
        ),
        (
            "unsupported_scheme",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"ftp://reuters.com/a.txt\"\n")),
            Code::UnsupportedScheme,
        ),
        (
            "url_credentials",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"https://me:secret@www.reuters.com/a\"\n")),
            Code::UrlCredentials,
        ),
        (
            "url_host_mismatch",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\noutlet = \"washington-post\"\n"),
            ),
            Code::UrlHostMismatch,
        ),
        (
            "unregistered_host",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"https://www.example.com/a\"\n")),
            Code::UnregisteredHost,
        ),
        (
            "archive_of_another_page",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\narchive = \"https://web.archive.org/web/20140419000000/https://www.reuters.com/b\"\n"),
            ),
            Code::ArchiveMismatch,
        ),
        (
            "archive_not_an_archive",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\narchive = \"https://mirror.example/reuters/a\"\n"),
            ),
            Code::ArchiveMismatch,
        ),
        (
            "duplicate_url",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\n\n[[sources]]\nurl = \"http://reuters.com/a/\"\n"),
            ),
            Code::DuplicateUrl,
        ),
        (
            "attribution_unsourced",
            Repo::new().claim(
                "x",
                claim_with("supported", "attributed_to = \"reuters\"\nattribution = \"according to Reuters\"\n\n[[sources]]\nurl = \"https://www.washingtonpost.com/a\"\n"),
            ),
            Code::AttributionUnsourced,
        ),
        (
            "status_unlocated",
            Repo::new().claim(
                "x",
                claim_with("unlocated", "attributed_to = \"reuters\"\nnote = \"Searched reuters.com for April 2014.\"\n"),
            ),
            Code::StatusUnlocated,
        ),
        (
            "credit_without_attribution",
            Repo::new().claim(
                "x",
                claim_with("unverified", "credit = \"unlocated\"\nnote = \"Searched reuters.com.\"\n"),
            ),
            Code::CreditWithoutAttribution,
        ),
        (
            "credited_without_attribution",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\n"),
            ),
            Code::CreditWithoutAttribution,
        ),
        (
            "credited_source_missing",
            Repo::new().claim(
                "x",
                credited_to_reuters("credit = \"confirmed\"\n\n[[sources]]\nurl = \"https://www.reuters.com/a\"\n"),
            ),
            Code::CreditedSourceMissing,
        ),
        (
            "credited_sources_many",
            Repo::new().claim(
                "x",
                credited_to_reuters(
                    "credit = \"confirmed\"\n\n[[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\nexcerpt = \"wrote off\"\n\n\
                     [[sources]]\nurl = \"https://www.reuters.com/b\"\ncredited = true\nexcerpt = \"90%\"\n",
                ),
            ),
            Code::CreditedSourcesMany,
        ),
        (
            "credited_off_outlet",
            Repo::new().claim(
                "x",
                credited_to_reuters(
                    "\n[[sources]]\nurl = \"https://www.reuters.com/a\"\n\n\
                     [[sources]]\nurl = \"https://www.washingtonpost.com/b\"\ncredited = true\n",
                ),
            ),
            Code::CreditedOffOutlet,
        ),
        (
            "credited_off_outlet_without_domains",
            Repo::new().claim(
                "x",
                claim_with(
                    "unverified",
                    "attributed_to = \"herald\"\ncredit = \"misattributed\"\nnote = \"The Herald's piece says 80%.\"\n\n\
                     [[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\n",
                ),
            ),
            Code::CreditedOffOutlet,
        ),
        (
            "credited_without_excerpt",
            Repo::new().claim(
                "x",
                credited_to_reuters(
                    "credit = \"confirmed\"\n\n[[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\n",
                ),
            ),
            Code::CreditedWithoutExcerpt,
        ),
        (
            "credit_without_note_unlocated",
            Repo::new().claim("x", credited_to_reuters("credit = \"unlocated\"\n")),
            Code::CreditWithoutNote,
        ),
        (
            "credit_without_note_misattributed",
            Repo::new().claim("x", credited_to_reuters("credit = \"misattributed\"\n")),
            Code::CreditWithoutNote,
        ),
        (
            "credit_contradicted",
            Repo::new().claim(
                "x",
                credited_to_reuters(
                    "credit = \"unlocated\"\nnote = \"Searched reuters.com.\"\n\n\
                     [[sources]]\nurl = \"https://www.reuters.com/a\"\ncredited = true\n",
                ),
            ),
            Code::CreditContradicted,
        ),
        (
            "attribution_without_outlet",
            Repo::new().claim("x", claim_with("unverified", "attribution = \"according to Reuters\"\n")),
            Code::AttributionWithoutOutlet,
        ),
        (
            "supported_without_source",
            Repo::new().claim("x", claim_with("supported", "")),
            Code::SupportedWithoutSource,
        ),
        (
            "future_date",
            Repo::new().claim("x", sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\naccessed = 2026-11-30\n")),
            Code::FutureDate,
        ),
        (
            "accessed_before_published",
            Repo::new().claim(
                "x",
                sources("\n[[sources]]\nurl = \"https://www.reuters.com/a\"\npublished = 2014-04-19\naccessed = 2014-04-18\n"),
            ),
            Code::AccessedBeforePublished,
        ),
    ]
}

#[test]
fn every_finding_has_a_fixture_and_renders_as_snapshotted() {
    let mut seen = BTreeSet::new();
    for (name, repo, code) in cases() {
        let run = repo.run(&["check", "--offline", "--color", "never"]);
        let tag = format!("[{}]", code.as_str());
        assert!(
            run.stdout.contains(&tag),
            "{name}: no {tag} in\n{}",
            run.stdout
        );
        let want = match code.severity() {
            Severity::Error => 1,
            Severity::Warning => 0,
        };
        // Only the expected finding: every other code would change the
        // exit status or show up in the snapshot.
        assert_eq!(
            run.code, want,
            "{name}: exit status\n{}{}",
            run.stdout, run.stderr
        );
        insta::assert_snapshot!(name, run.stdout);
        seen.insert(code);
    }
    // The probe's codes have their tests in `probe.rs`.
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !seen.contains(c) && !Code::PROBE.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn a_valid_repository_has_no_findings() {
    let repo = Repo::new().claim(
        "x",
        claim_with(
            "supported",
            "attributed_to = \"reuters\"\nattribution = \"according to Reuters\"\ntopics = [\"economy\"]\n\n\
             [[sources]]\nurl = \"http://in.reuters.com/article/x\"\npublished = 2014-04-19\naccessed = 2026-11-28\n\
             archive = \"https://web.archive.org/web/20140420000000/http://in.reuters.com/article/x\"\n\n\
             [[sources]]\nurl = \"https://www.washingtonpost.com/a\"\noutlet = \"washington-post\"\n",
        ),
    );
    let run = repo.run(&["check", "--offline"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("checked 3 files: 1 claim in 1 article, 3 outlets: 0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

/// The credit verdicts written as the format asks produce no finding.
#[test]
fn credit_done_right_has_no_findings() {
    let piece = "\n[[sources]]\nurl = \"http://in.reuters.com/article/x\"\ncredited = true\n";
    let cases = [
        (
            "confirmed",
            credited_to_reuters(&format!(
                "credit = \"confirmed\"\n{piece}excerpt = \"Russia has written off 90 percent\"\n\n\
                 [[sources]]\nurl = \"https://www.washingtonpost.com/a\"\ncredited = false\n"
            )),
        ),
        (
            "unlocated",
            credited_to_reuters(
                "credit = \"unlocated\"\nnote = \"Searched reuters.com and its archives for April 2014.\"\n",
            ),
        ),
        (
            "misattributed",
            credited_to_reuters(&format!(
                "credit = \"misattributed\"\nnote = \"Reuters's piece says 80%, not 90%.\"\n{piece}"
            )),
        ),
        (
            "unchecked",
            credited_to_reuters(&format!("credit = \"unchecked\"\n{piece}")),
        ),
    ];
    for (name, text) in cases {
        let run = Repo::new()
            .claim("x", text)
            .run(&["check", "--offline", "--color", "never"]);
        assert_eq!(run.stdout, "", "{name}");
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("0 errors, 0 warnings"),
            "{name}: {}",
            run.stderr
        );
    }
}

/// An old `status = "unlocated"` on a claim that credits no outlet is only
/// the old status: its implied credit is not reported as written.
#[test]
fn an_old_unlocated_status_without_attribution_is_one_warning() {
    let run = Repo::new()
        .claim("x", claim_with("unlocated", "note = \"Searched.\"\n"))
        .run(&["check", "--offline", "--color", "never"]);
    assert!(run.stdout.contains("[status-unlocated]"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("warning[").count(), 1, "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A claim file without `status` still has its credited sources checked.
#[test]
fn credited_sources_of_a_partial_claim_are_checked() {
    let credited = "\n[[sources]]\nurl = \"https://www.washingtonpost.com/a\"\ncredited = true\n";
    let run = Repo::new()
        .claim("x", format!("claim = \"x\"\n{credited}"))
        .claim(
            "y",
            format!("claim = \"y\"\nattributed_to = \"reuters\"\n{credited}"),
        )
        .run(&["check", "--offline", "--color", "never"]);
    for code in [
        "missing-field",
        "credit-without-attribution",
        "credited-off-outlet",
    ] {
        assert!(
            run.stdout.contains(&format!("[{code}]")),
            "{code}: {}",
            run.stdout
        );
    }
    assert_eq!(run.code, 1);
}

#[test]
fn every_finding_is_reported_in_one_run() {
    let repo = Repo::new()
        .claim("one", claim_with("supported", ""))
        .claim(
            "two",
            "claim = \"x\"\nstatus = \"nope\"\n\n[[sources]]\nurl = \"ftp://x.example/a\"\n",
        )
        .file("claims/b/three.toml", "not toml");
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    for code in [
        "supported-without-source",
        "invalid-value",
        "unsupported-scheme",
        "toml-syntax",
        "missing-article",
    ] {
        assert!(
            run.stdout.contains(&format!("[{code}]")),
            "{code} missing from\n{}",
            run.stdout
        );
    }
    assert_eq!(run.code, 1);
}

#[test]
fn a_misspelt_required_key_is_reported_once() {
    let run = Repo::new()
        .claim("x", "clam = \"x\"\nstatus = \"unverified\"\n")
        .run(&["check", "--offline", "--color", "never"]);
    assert!(
        run.stdout.contains("did you mean `claim`?"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("missing-field"), "{}", run.stdout);
}

#[test]
fn tomorrow_is_not_the_future_for_a_writer_east_of_utc() {
    let run = Repo::new()
        .claim(
            "x",
            claim_with(
                "unverified",
                "\n[[sources]]\nurl = \"https://www.reuters.com/a\"\naccessed = 2026-11-29\n",
            ),
        )
        .run(&["check", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn color_always_colors_the_output() {
    let run = Repo::new().claim("x", claim_with("supported", "")).run(&[
        "check",
        "--offline",
        "--color",
        "always",
    ]);
    assert!(run.stdout.contains("\u{1b}["), "{}", run.stdout);
}

#[test]
fn the_environment_decides_colour_when_the_flag_does_not() {
    let repo = Repo::new()
        .claim("x", claim_with("supported", ""))
        .file(".claimtrack/cache", "not a store");
    let colored = |run: &crate::support::Run| {
        (
            run.stdout.contains("\u{1b}["),
            run.stderr.contains("\u{1b}[1;31merror\u{1b}[0m: "),
        )
    };
    // (environment, flags, (stdout coloured, stderr coloured))
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], (bool, bool));
    let cases: [Case; 6] = [
        (&[], &[], (false, false)),
        (&[("CLICOLOR_FORCE", "1")], &[], (true, true)),
        (
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
            &[],
            (false, false),
        ),
        (&[("CLICOLOR_FORCE", "0")], &[], (false, false)),
        (&[("NO_COLOR", "1")], &["--color", "always"], (true, true)),
        (
            &[("CLICOLOR_FORCE", "1")],
            &["--color", "never"],
            (false, false),
        ),
    ];
    for (env, flags, expect) in cases {
        // A finding on stdout; on stderr, the failure of a store that is
        // not one (probing goes on with no URL to probe).
        let mut args = vec!["check", "--allow-loopback"];
        args.extend(flags);
        let run = repo.run_env(&args, env);
        assert_eq!(colored(&run), expect, "{env:?} {flags:?}: {}", run.stderr);
    }
}

#[test]
fn the_repositorys_own_claims_pass() {
    let run = run_in(project_root(), &["check", "--offline", "--color", "never"]);
    assert_eq!(run.stdout, "", "findings in claims/");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn check_is_found_from_a_subfolder_and_with_root() {
    let repo = Repo::new().claim("x", CLAIM);
    let run = crate::support::run_in(&repo.path("claims/a"), &["check", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 claim"), "{}", run.stderr);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = repo.root().to_str().unwrap();
    let run = run_in(elsewhere.path(), &["--root", root, "check", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
