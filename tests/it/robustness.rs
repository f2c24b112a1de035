//! Hostile and broken input: a clear message and exit 1 or 2, never a panic.

use crate::support::{CLAIM, Repo, run_in};

fn assert_no_panic(run: &crate::support::Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.code == 1 || run.code == 2,
        "exit {}: {}{}",
        run.code,
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_50_mb_claim_file_is_refused_unread() {
    let repo = Repo::new().claim("ok", CLAIM);
    let big = std::fs::File::create(repo.path("claims/a/huge.toml")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("error[file-too-large]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("claims/a/huge.toml"), "{}", run.stdout);
    // The rest of the claims are still checked.
    assert!(
        run.stderr.contains("1 claim in 1 article"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_file_is_not_utf8() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let run = Repo::new()
        .claim("blob", bytes)
        .run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert!(run.stdout.contains("error[not-utf8]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("claims/a/blob.toml:1:"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_folder_named_like_a_claim_file() {
    let run = Repo::new()
        .dir("claims/a/x.toml")
        .run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[not-a-file]: `claims/a/x.toml` is not a regular file"),
        "{}",
        run.stdout
    );
}

#[test]
fn outlets_toml_as_a_folder() {
    let repo = Repo::empty()
        .dir("claims/outlets.toml")
        .file("claims/a/article.toml", crate::support::ARTICLE);
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert!(run.stdout.contains("error[not-a-file]"), "{}", run.stdout);
}

#[test]
fn a_symlink_loop_under_claims() {
    let repo = Repo::new()
        .claim("ok", CLAIM)
        .symlink("loop.toml", "claims/a/loop.toml")
        .symlink(".", "claims/a/again")
        .symlink(".", "claims/self");
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "an unreadable file makes the run incomplete");
    assert!(
        run.stderr.contains("cannot read claims/a/loop.toml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("symlink loop"), "{}", run.stderr);
    // The rest was checked.
    assert!(
        run.stdout
            .contains("warning[stray-file]: stray folder `again` is ignored"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_run_goes_on() {
    // A dangling symlink cannot be read, even by root (CI runs as root, for
    // whom permission bits do not stop a read).
    let repo = Repo::new()
        .claim("ok", CLAIM)
        .symlink("/nonexistent/target.toml", "claims/a/gone.toml");
    let run = repo.run(&["check", "--offline", "--color", "never"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: cannot read claims/a/gone.toml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 claim in 1 article"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new().claim("locked", CLAIM);
    let path = repo.path("claims/a/locked.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permission bits do not apply. The dangling
        // symlink test above covers the same path through the code.
        return;
    }
    let run = repo.run(&["check", "--offline"]);
    assert_no_panic(&run);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Permission denied"), "{}", run.stderr);
}

#[test]
fn no_claims_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["check", "--offline"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no claims/ folder"), "{}", run.stderr);
    assert!(run.stderr.contains("--root"), "{}", run.stderr);

    let run = run_in(dir.path(), &["--root", "nowhere", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nowhere has no claims/ folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_are_exit_2() {
    let repo = Repo::new();
    for args in [
        &["check", "--frobnicate"][..],
        &["list", "--status", "true"],
        &["nonsense"],
        &[],
    ] {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    let run = repo.run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Exit status:"), "{}", run.stdout);
}

#[test]
fn a_bad_today_override_is_exit_2() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["check", "--offline"])
        .current_dir(Repo::new().root())
        .env("CLAIMTRACK_TODAY", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CLAIMTRACK_TODAY"));
}
