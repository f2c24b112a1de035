//! A pull request controls claimtrack.toml and every file in the checkout:
//! it cannot make claimtrack write outside the repository, reach addresses
//! the CI owner did not allow, or crash on an out-of-range value.

use crate::server::{Reply, Server};
use crate::support::{Repo, Run};

fn claim_with(url: &str) -> String {
    format!(
        "claim = \"Something happened.\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"{url}\"\noutlet = \"herald\"\n"
    )
}

fn no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_ne!(run.code, 101, "{}", run.stderr);
}

/// A repository inside a parent folder that holds a file outside it.
fn nested() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let victim = outer.path().join("victim.sh");
    std::fs::write(&victim, "echo precious\n").unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join("claims/a")).unwrap();
    std::fs::write(root.join("claims/outlets.toml"), crate::support::OUTLETS).unwrap();
    std::fs::write(root.join("claims/a/article.toml"), crate::support::ARTICLE).unwrap();
    (outer, root, victim)
}

#[test]
fn a_cache_path_in_the_config_cannot_leave_the_repository() {
    let server = Server::start(|_| Reply::Status(200));
    for cache in ["../victim.sh", "claims/../../victim.sh", "VICTIM"] {
        let (_outer, root, victim) = nested();
        let cache = cache.replace("VICTIM", &victim.display().to_string());
        std::fs::write(
            root.join("claims/a/x.toml"),
            claim_with(&server.url("/$(touch pwned)")),
        )
        .unwrap();
        std::fs::write(
            root.join("claimtrack.toml"),
            format!("[check]\ncache = \"{cache}\"\n"),
        )
        .unwrap();
        let run = crate::support::run_in(&root, &["check", "--allow-loopback"]);
        no_panic(&run);
        assert_eq!(run.code, 2, "{cache}: {}", run.stderr);
        assert!(
            run.stderr.contains("leads outside the repository"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("help: "), "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "echo precious\n");
    }
}

#[test]
fn report_reads_no_store_outside_the_repository() {
    let (_outer, root, victim) = nested();
    std::fs::write(
        root.join("claimtrack.toml"),
        format!("[check]\ncache = \"{}\"\n", victim.display()),
    )
    .unwrap();
    let run = crate::support::run_in(&root, &["report", "--html", "site"]);
    no_panic(&run);
    let refused = run.code == 2 && run.stderr.contains("leads outside the repository");
    assert!(refused, "{}: {}", run.code, run.stderr);
    assert!(!root.join("site").exists(), "nothing was written");
}

#[test]
fn a_symlinked_store_folder_cannot_lead_outside() {
    let server = Server::start(|_| Reply::Status(200));
    let (outer, root, victim) = nested();
    std::fs::write(root.join("claims/a/x.toml"), claim_with(&server.url("/a"))).unwrap();
    // The default store's folder is a symlink committed in the pull request.
    std::os::unix::fs::symlink(outer.path(), root.join(".claimtrack")).unwrap();
    std::fs::rename(&victim, outer.path().join("cache")).unwrap();
    let run = crate::support::run_in(&root, &["check", "--allow-loopback"]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("leads outside the repository"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(outer.path().join("cache")).unwrap(),
        "echo precious\n"
    );
    let beside: Vec<_> = std::fs::read_dir(outer.path()).unwrap().collect();
    assert_eq!(beside.len(), 2, "nothing new beside it: {beside:?}");
}

#[test]
fn a_cache_path_inside_the_repository_is_used() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = Repo::new().claim("x", claim_with(&server.url("/a"))).file(
        "claimtrack.toml",
        "[check]\ncache = \"state/results.json\"\n",
    );
    let run = repo.run(&["check", "--allow-loopback"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(repo.path("state/results.json")).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"), "a SQLite store");
    let doc = crate::support::store_entries(repo.root(), &repo.path("state/results.json"));
    assert_eq!(doc["entries"][server.url("/a")]["state"], "ok", "{doc}");
}

#[test]
fn a_file_that_is_not_a_result_store_is_never_overwritten() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = Repo::new()
        .claim("x", claim_with(&server.url("/a")))
        .file("notes.txt", "my notes\n")
        .file(".claimtrack/cache", "\u{0}\u{1} not json {{{");
    // Named on the command line…
    let run = repo.run(&["check", "--allow-loopback", "--cache", "notes.txt"]);
    no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("notes.txt is not a claimtrack result store"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(repo.path("notes.txt")).unwrap(),
        "my notes\n"
    );
    // …or the default store's place.
    let run = repo.run(&["check", "--allow-loopback"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read(repo.path(".claimtrack/cache")).unwrap(),
        b"\x00\x01 not json {{{"
    );
    // The URL was still probed and judged.
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_config_cannot_widen_the_address_policy() {
    let server = Server::start(|_| Reply::Status(200));
    let repo = Repo::new()
        .claim("x", claim_with(&server.url("/internal")))
        .file(
            "claimtrack.toml",
            "[check]\nallow-loopback = true\nallow-private = true\nno-cache = true\n",
        );
    let run = repo.run(&["check", "--format", "json"]);
    no_panic(&run);
    assert_eq!(server.requests().len(), 0, "nothing sent to loopback");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["refused"], "{}", run.stdout);
    for key in [
        "[check] allow-loopback is ignored",
        "[check] allow-private is ignored",
    ] {
        assert!(run.stderr.contains(key), "{}", run.stderr);
    }
    assert!(
        run.stderr.contains("CLAIMTRACK_ALLOW_LOOPBACK=1"),
        "{}",
        run.stderr
    );
    // The CI owner's environment (or flag) does widen it.
    let run = repo.run_env(&["check"], &[("CLAIMTRACK_ALLOW_LOOPBACK", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(server.requests().len(), 1);
    let run = repo.run_env(&["check"], &[("CLAIMTRACK_ALLOW_LOOPBACK", "false")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn the_config_cannot_choose_where_archive_sends_requests() {
    let answer = r#"{"archived_snapshots": {}}"#;
    let api = |hits: std::sync::Arc<std::sync::atomic::AtomicUsize>| {
        Server::start(move |_| {
            hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Reply::Full(
                200,
                vec![("Content-Type", "application/json".into())],
                answer.as_bytes().to_vec(),
            )
        })
    };
    let planted_hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let planted = api(planted_hits.clone());
    let owner_hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let owner = api(owner_hits.clone());
    let repo = Repo::new()
        .claim("x", claim_with("https://www.reuters.com/article/debt"))
        .file(
            "claimtrack.toml",
            format!(
                "[archive]\nwayback-url = \"{0}\"\nsave-url = \"{0}\"\n",
                planted.url("/")
            ),
        );
    let base = owner.url("/");
    let run = repo.run_env(
        &["archive", "--dry-run"],
        &[("CLAIMTRACK_WAYBACK_URL", base.as_str())],
    );
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("[archive] wayback-url is ignored"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("[archive] save-url is ignored"),
        "{}",
        run.stderr
    );
    assert_eq!(planted_hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_eq!(owner_hits.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn out_of_range_values_are_exit_2_not_a_panic() {
    let repo = Repo::new().claim("x", claim_with("https://www.reuters.com/a"));
    for (args, says) in [
        (&["--timeout", "1e308"][..], "--timeout"),
        (&["--max-retry-wait", "1e308"], "--max-retry-wait"),
        (&["--cache-ttl", "99999999999999999999d"], "--cache-ttl"),
        (&["--timeout", "NaN"], "--timeout"),
        (&["--max-body", "1e308"], "--max-body"),
        (&["--concurrency", "99999999999"], "--concurrency"),
        (&["--per-host", "100000"], "--per-host"),
        (&["--retries", "4000000000"], "--retries"),
    ] {
        let mut all = vec!["check", "--no-cache"];
        all.extend_from_slice(args);
        let run = repo.run(&all);
        no_panic(&run);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    for (config, says) in [
        ("timeout = 1e308", "[check] timeout"),
        ("max-retry-wait = 1e308", "[check] max-retry-wait"),
        ("cache-ttl = \"99999999999999999999d\"", "[check] cache-ttl"),
        ("timeout = nan", "[check] timeout"),
        ("concurrency = 100000", "[check] concurrency"),
        ("retries = 1000", "[check] retries"),
        ("max-body = \"99999GiB\"", "[check] max-body"),
    ] {
        let repo = Repo::new()
            .claim("x", claim_with("https://www.reuters.com/a"))
            .file("claimtrack.toml", format!("[check]\n{config}\n"));
        let run = repo.run(&["check", "--no-cache"]);
        no_panic(&run);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{config}: {}", run.stderr);
        assert!(run.stderr.contains("claimtrack.toml"), "{}", run.stderr);
    }
    for today in ["9999-12-31", "9999-12-30", "-009999-01-01", "0000-01-01"] {
        for cmd in [
            &["check", "--offline"][..],
            &["list"],
            &["archive", "--dry-run"],
        ] {
            let run = repo.run_env(cmd, &[("CLAIMTRACK_TODAY", today)]);
            no_panic(&run);
            assert!(run.code <= 2, "{today} {cmd:?}: {}", run.stderr);
            if today == "9999-12-31" {
                assert_eq!(run.code, 2, "{}", run.stderr);
                assert!(run.stderr.contains("CLAIMTRACK_TODAY"), "{}", run.stderr);
            }
        }
    }
}

#[test]
fn a_planted_journal_symlink_creates_nothing_outside() {
    let server = Server::start(|_| Reply::Status(200));
    for side in ["cache-journal", "cache-wal", "cache-shm"] {
        let (outer, root, _victim) = nested();
        std::fs::write(root.join("claims/a/x.toml"), claim_with(&server.url("/a"))).unwrap();
        std::fs::create_dir(root.join(".claimtrack")).unwrap();
        let target = outer.path().join("created-by-claimtrack");
        std::os::unix::fs::symlink(&target, root.join(".claimtrack").join(side)).unwrap();
        // The first run makes the store and refuses to write through the
        // link; the second finds the store and the link beside it.
        for said in ["is not a regular file", "is not a claimtrack result store"] {
            let run = crate::support::run_in(&root, &["check", "--allow-loopback"]);
            no_panic(&run);
            assert!(!target.exists(), "nothing created outside: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!("{side} {said}")),
                "{side}: {}",
                run.stderr
            );
        }
    }
}
