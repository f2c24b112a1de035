//! Tables in docs/ that mirror the code are generated from it; these tests
//! fail when they drift (`UPDATE_DOCS=1 cargo test docs` rewrites them).

use crate::support::project_root;

/// Replaces what stands between `<!-- NAME:start -->` and `<!-- NAME:end -->`
/// in `text` with `table`.
fn with_block(text: &str, name: &str, table: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let a = text.find(&start).expect("the start marker") + start.len();
    let b = text[a..].find(&end).expect("the end marker") + a;
    format!("{}{table}{}", &text[..a], &text[b..])
}

#[test]
fn the_finding_code_table_is_fresh() {
    let path = project_root().join("docs/format.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let fresh = with_block(&text, "codes", &claimtrack::diag::code_table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert!(
        text == fresh,
        "docs/format.md's finding-code table has drifted from the code: run `UPDATE_DOCS=1 cargo test docs`"
    );
    for code in claimtrack::diag::Code::ALL {
        assert!(text.contains(&format!("`{}`", code.as_str())));
    }
}

/// The README's command table has a row for every command of `--help`,
/// each named once, first in its row.
#[test]
fn the_readme_command_table_names_every_command_once() {
    let help = crate::support::run_in(project_root(), &["--help"]).stdout;
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .expect("a command list")
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 15, "{commands:?}");
    let readme = std::fs::read_to_string(project_root().join("README.md")).unwrap();
    // The first cell of each row, as written.
    let firsts: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split(" | ").next())
        .collect();
    for c in &commands {
        let rows = firsts
            .iter()
            .filter(|f| {
                f.split(", ")
                    .any(|name| name.trim_start_matches("| ").starts_with(&format!("`{c}")))
            })
            .count();
        assert_eq!(
            rows, 1,
            "README's command table: `{c}` in {rows} rows of {firsts:?}"
        );
    }
}
