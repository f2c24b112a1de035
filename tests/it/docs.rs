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
