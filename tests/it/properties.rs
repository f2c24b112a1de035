//! Property tests of the invariants a hostile checkout must not break:
//! nothing is written outside the repository whatever claimtrack.toml
//! says, and every output is escaped for its medium.

use proptest::prelude::*;

use claimtrack::escape;

/// Every file under `dir` with its bytes, symlinks not followed.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            } else {
                out.push((e.path(), Vec::new()));
            }
        }
    }
    out.sort();
    out
}

/// A path made of parts a hostile config might use.
fn hostile_path() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just("out".to_string()),
        Just("claims".to_string()),
        Just(".claimtrack".to_string()),
        Just("victim".to_string()),
        Just("cache".to_string()),
        "[a-z]{1,6}",
    ];
    (any::<bool>(), proptest::collection::vec(part, 1..6)).prop_map(|(abs, parts)| {
        let joined = parts.join("/");
        if abs { format!("/{joined}") } else { joined }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_config_cache_path_writes_outside_the_repository(cache in hostile_path()) {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("repo");
        std::fs::create_dir_all(root.join("claims/a")).unwrap();
        std::fs::create_dir(outer.path().join("elsewhere")).unwrap();
        std::fs::write(outer.path().join("victim"), "precious").unwrap();
        std::fs::write(outer.path().join("elsewhere/cache"), "precious").unwrap();
        // A symlink out of the repository, committed by the pull request.
        std::os::unix::fs::symlink(outer.path().join("elsewhere"), root.join("out")).unwrap();
        std::fs::write(root.join("claims/outlets.toml"), crate::support::OUTLETS).unwrap();
        std::fs::write(root.join("claims/a/article.toml"), crate::support::ARTICLE).unwrap();
        // Refused before any request: no network is needed.
        std::fs::write(
            root.join("claims/a/x.toml"),
            "claim = \"x\"\nstatus = \"unverified\"\n\n[[sources]]\nurl = \"http://127.0.0.1:9/\"\n",
        )
        .unwrap();
        let toml_path = cache.replace('\\', "\\\\").replace('"', "\\\"");
        std::fs::write(root.join("claimtrack.toml"), format!("[check]\ncache = \"{toml_path}\"\n")).unwrap();
        let outside_before: Vec<_> = snapshot(outer.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&root))
            .collect();
        let run = crate::support::run_in(&root, &["check", "--timeout", "1"]);
        prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        prop_assert!(run.code <= 2);
        let outside_after: Vec<_> = snapshot(outer.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&root))
            .collect();
        prop_assert_eq!(outside_before, outside_after, "cache = {:?}: {}", cache, run.stderr);
    }

    #[test]
    fn html_escaping_leaves_no_markup(s in any::<String>()) {
        let out = escape::html(&s);
        prop_assert!(!out.contains(['<', '>', '"', '\'', '\u{2028}', '\u{2029}']), "{}", out);
        // Every `&` starts an entity.
        for (i, _) in out.match_indices('&') {
            let rest = &out[i..];
            prop_assert!(rest.find(';').is_some_and(|j| j <= 8), "{}", out);
        }
    }

    #[test]
    fn terminal_escaping_leaves_no_control_character(s in any::<String>()) {
        let out = escape::terminal_line(&s);
        prop_assert!(!out.chars().any(escape::is_terminal_unsafe), "{:?}", out);
        prop_assert!(!out.contains('\n'));
    }

    #[test]
    fn workflow_escaping_leaves_no_command(lines in proptest::collection::vec(
        prop_oneof![
            "[ \t]{0,2}::[a-z-]{1,12}( [a-z=,]{0,8})?::.{0,12}",
            ".{0,6}##(vso)?\\[.{0,8}",
            ".{0,20}",
        ],
        1..6,
    )) {
        let text = lines.join("\n");
        let out = escape::workflow_lines(&text);
        for line in out.split(['\n', '\r']) {
            prop_assert!(!line.trim_start().starts_with("::"), "{:?}", out);
            prop_assert!(!line.contains("##[") && !line.contains("##vso["), "{:?}", out);
        }
    }

    #[test]
    fn markdown_escaping_renders_no_link_or_image(s in "[\\[\\]()!<>*_`#a-z: /.]{0,40}") {
        let out = escape::markdown(&s);
        // No unescaped `](` pair or `<…>` autolink survives.
        let bytes = out.as_bytes();
        for i in 0..bytes.len() {
            let escaped = i > 0 && bytes[i - 1] == b'\\';
            if !escaped && (bytes[i] == b'[' || bytes[i] == b'<') {
                prop_assert!(false, "unescaped {:?} in {:?}", bytes[i] as char, out);
            }
        }
    }
}
