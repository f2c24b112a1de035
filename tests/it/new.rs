//! `claimtrack new`: each kind, with flags and through a terminal; what it
//! refuses; what it keeps.

use std::process::Command;

use crate::support::{OUTLETS, Repo, Run};

fn read(repo: &Repo, path: &str) -> String {
    std::fs::read_to_string(repo.path(path)).unwrap()
}

fn no_temp_files(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
    }
}

#[test]
fn new_article_claim_and_outlet_pass_check_and_fmt() {
    let repo = Repo::new();
    let run = repo.run(&[
        "new",
        "article",
        "kremlin-ties",
        "--title",
        "Putin's Ally",
        "--outlet",
        "herald",
        "--published",
        "2023-09-12",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("created claims/kremlin-ties/article.toml")
    );
    assert_eq!(
        read(&repo, "claims/kremlin-ties/article.toml"),
        "#:schema ../../schema/article.schema.json\n\ntitle = \"Putin's Ally\"\noutlet = \"herald\"\npublished = 2023-09-12\n"
    );
    let run = repo.run(&[
        "new",
        "claim",
        "kremlin-ties/debt-2014",
        "--claim",
        "Russia wrote off \"90%\" of the debt.",
        "--attributed-to",
        "reuters",
        "--attribution",
        "according to Reuters",
        "--source",
        "http://in.reuters.com/article/x",
        "--source",
        "https://www.example.org/y",
        "--status",
        "supported",
        "--topic",
        "economy",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let today = crate::support::TODAY;
    let claim = read(&repo, "claims/kremlin-ties/debt-2014.toml");
    assert_eq!(
        claim,
        format!(
            "#:schema ../../schema/claim.schema.json\n\nclaim = 'Russia wrote off \"90%\" of the debt.'\n\
             attributed_to = \"reuters\"\nattribution = \"according to Reuters\"\nstatus = \"supported\"\ntopics = [\"economy\"]\n\n\
             [[sources]]\nurl = \"http://in.reuters.com/article/x\"\noutlet = \"reuters\"\naccessed = {today}\n\n\
             [[sources]]\nurl = \"https://www.example.org/y\"\naccessed = {today}\n"
        )
    );
    let run = repo.run(&[
        "new",
        "outlet",
        "example",
        "--name",
        "Example News",
        "--domain",
        "example.org",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The claim's second source now has an outlet: check is clean.
    let run = repo.run(&["check", "--offline"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let run = repo.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "new writes canonical files: {}", run.stdout);
}

#[test]
fn an_outlet_is_appended_and_every_byte_before_it_kept() {
    let commented =
        format!("# Outlets, with comments.\n\n{OUTLETS}\n# A comment at the end, kept.   \n");
    let repo = Repo::new().file("claims/outlets.toml", &commented);
    let run = repo.run(&[
        "new",
        "outlet",
        "tass",
        "--name",
        "TASS",
        "--domain",
        "tass.com",
        "--homepage",
        "https://tass.com/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = read(&repo, "claims/outlets.toml");
    assert!(
        after.starts_with(&commented),
        "the old bytes are kept:\n{after}"
    );
    assert_eq!(
        &after[commented.len()..],
        "\n[tass]\nname = \"TASS\"\ndomains = [\"tass.com\"]\nhomepage = \"https://tass.com/\"\n"
    );
    no_temp_files(&repo.path("claims"));
}

#[test]
fn nothing_existing_is_overwritten() {
    let repo = Repo::new().claim("x", crate::support::CLAIM);
    let run = repo.run(&["new", "claim", "a/x", "--claim", "Another."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "claims/a/x.toml exists already; nothing was written\n  help: edit it, or choose another name\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(read(&repo, "claims/a/x.toml"), crate::support::CLAIM);
    let run = repo.run(&["new", "article", "a", "--title", "T", "--outlet", "herald"]);
    assert_eq!(run.code, 2);
    let run = repo.run(&["new", "outlet", "reuters", "--name", "Reuters again"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("outlet `reuters` exists already"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_input_is_refused_with_its_findings() {
    let repo = Repo::new();
    let run = repo.run(&[
        "new",
        "claim",
        "a/x",
        "--claim",
        "x",
        "--status",
        "supported",
        "--attributed-to",
        "reutrs",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[unknown-outlet]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("error[supported-without-source]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("claims/a/x.toml was not written"),
        "{}",
        run.stderr
    );
    assert!(!repo.path("claims/a/x.toml").exists());
    let run = repo.run(&[
        "new",
        "claim",
        "a/x",
        "--claim",
        "x",
        "--source",
        "ftp://example.org/x",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[unsupported-scheme]"),
        "{}",
        run.stdout
    );
    let run = repo.run(&[
        "new",
        "outlet",
        "bad",
        "--name",
        "Bad",
        "--domain",
        "https://bad.example/",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[invalid-domain]"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&repo, "claims/outlets.toml"), OUTLETS);
    no_temp_files(&repo.path("claims"));
    no_temp_files(&repo.path("claims/a"));
}

#[test]
fn ids_must_be_kebab_case_and_articles_must_exist() {
    let repo = Repo::new();
    let run = repo.run(&["new", "claim", "a/Debt_Claim", "--claim", "x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("claim id `Debt_Claim` is not kebab-case")
            && run.stderr.contains("use `debt-claim`"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["new", "claim", "nowhere/x", "--claim", "x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no article `nowhere`")
            && run.stderr.contains("claimtrack new article nowhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_terminal_missing_values_are_named() {
    let repo = Repo::new();
    let run = repo.run(&["new", "article"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing SLUG, --title, --outlet"),
        "{}",
        run.stderr
    );
    let run = repo.run(&["new", "outlet", "x"]);
    assert!(run.stderr.contains("missing --name"), "{}", run.stderr);
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let repo = Repo::new();
    let run = repo.run(&[
        "new",
        "article",
        "b",
        "--title",
        "T",
        "--outlet",
        "herald",
        "--dry-run",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("title = \"T\"\noutlet = \"herald\"\n"),
        "{}",
        run.stdout
    );
    assert!(!repo.path("claims/b").exists());
}

/// Runs claimtrack with a file size limit: a write past it fails as on a
/// full disk (EFBIG, the signal ignored).
fn run_with_disk_full(repo: &Repo, args: &[&str], limit: u64) -> Run {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    command
        .args(args)
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", crate::support::TODAY);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rl = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = command.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_full_disk_leaves_the_old_file_intact_and_no_temp_file() {
    let repo = Repo::new();
    // outlets.toml is over 200 bytes: rewriting it cannot fit in 64.
    let run = run_with_disk_full(&repo, &["new", "outlet", "tass", "--name", "TASS"], 64);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("cannot write claims/outlets.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&repo, "claims/outlets.toml"), OUTLETS);
    no_temp_files(&repo.path("claims"));
    let run = run_with_disk_full(
        &repo,
        &[
            "new",
            "claim",
            "a/x",
            "--claim",
            "A claim long enough to pass the limit of the file size.",
        ],
        32,
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(!repo.path("claims/a/x.toml").exists());
    no_temp_files(&repo.path("claims/a"));
    // fmt too.
    let messy = "claim='x'\nstatus =  \"unverified\"\n";
    let repo = Repo::new().claim("m", messy);
    let run = run_with_disk_full(&repo, &["fmt"], 8);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(read(&repo, "claims/a/m.toml"), messy);
    no_temp_files(&repo.path("claims/a"));
}

#[test]
fn on_a_terminal_missing_values_are_asked_for() {
    let repo = Repo::new();
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    command
        .args(["new", "article"])
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", crate::support::TODAY);
    let mut p = rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal");
    p.exp_string("Article folder (kebab-case): ").unwrap();
    p.send_line("My_Article").unwrap();
    p.exp_string("article folder `My_Article` is not kebab-case. Use `my-article`? [Y/n] ")
        .unwrap();
    p.send_line("").unwrap();
    p.exp_string("Title: ").unwrap();
    p.send_line("An article typed in").unwrap();
    // The known outlets are offered.
    p.exp_string(
        "Outlet (reuters (Reuters), washington-post (The Washington Post), herald (The Herald)): ",
    )
    .unwrap();
    p.send_line("herald").unwrap();
    p.exp_string("created claims/my-article/article.toml")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        read(&repo, "claims/my-article/article.toml"),
        "#:schema ../../schema/article.schema.json\n\ntitle = \"An article typed in\"\noutlet = \"herald\"\n"
    );

    let mut command = Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    command
        .args(["new", "claim", "my-article/typed"])
        .current_dir(repo.root())
        .env("CLAIMTRACK_TODAY", crate::support::TODAY);
    let mut p = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
    p.exp_string("The claim, in one sentence of our own: ")
        .unwrap();
    p.send_line("").unwrap(); // asked again: it is required
    p.exp_string("The claim, in one sentence of our own: ")
        .unwrap();
    p.send_line("Typed at a prompt.").unwrap();
    p.exp_string("created claims/my-article/typed.toml")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(
        read(&repo, "claims/my-article/typed.toml").contains("claim = \"Typed at a prompt.\"\n")
    );
}

#[test]
fn a_claim_is_created_with_its_credit_and_refused_without_an_outlet() {
    let repo = Repo::new();
    let claim = |extra: &[&str]| {
        let mut args = vec!["new", "claim", "a/x", "--claim", "C."];
        args.extend_from_slice(extra);
        repo.run(&args)
    };
    // A credit names no outlet without `--attributed-to`: refused.
    let run = claim(&["--credit", "misattributed"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("error[credit-without-attribution]"),
        "{}",
        run.stdout
    );
    assert!(!repo.path("claims/a/x.toml").exists());
    // With the outlet, written after `status`, and `check` agrees.
    let run = claim(&["--attributed-to", "reuters", "--credit", "unlocated"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&repo, "claims/a/x.toml"),
        "#:schema ../../schema/claim.schema.json\n\nclaim = \"C.\"\nattributed_to = \"reuters\"\nstatus = \"unverified\"\ncredit = \"unlocated\"\n"
    );
    let check = repo.run(&["check", "--offline", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // Without a note on what was searched: a warning, the file stands.
    assert_eq!(codes, ["credit-without-note"]);
}
