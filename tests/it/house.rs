//! The house rules, held by tests so that they stay true: rooms small
//! enough to know (files, functions) and clap kept in the CLI layer.

use std::path::{Path, PathBuf};

use crate::support::project_root;

/// The most lines a file under src/ may have.
const MAX_FILE_LINES: usize = 600;
/// The most lines a function may have, outside tests.
const MAX_FN_LINES: usize = 80;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = project_root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let shown = p.strip_prefix(root).unwrap().display().to_string();
            (shown, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The functions of `text` longer than `max` lines, as (line, name, lines):
/// from a line that starts a `fn` with a body to the `}` at its indent.
/// Everything after `#[cfg(test)]` is tests, and left out.
fn long_functions(text: &str, max: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.starts_with("#[cfg(test)]"))
        .unwrap_or(lines.len());
    let mut long = Vec::new();
    for (i, line) in lines[..end].iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let Some(name) = fn_name(code) else { continue };
        // A declaration, or a body on the one line.
        if line.trim_end().ends_with(';') || line.trim_end().ends_with('}') {
            continue;
        }
        let close = format!("{indent}}}");
        let last = lines[i + 1..end]
            .iter()
            .position(|l| l.trim_end() == close)
            .map(|k| i + 1 + k);
        if let Some(last) = last
            && last - i + 1 > max
        {
            long.push((i + 1, name, last - i + 1));
        }
    }
    long
}

/// The name of the function a line starts, if it starts one.
fn fn_name(code: &str) -> Option<String> {
    let mut rest = code;
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

#[test]
fn no_file_under_src_is_over_600_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MAX_FILE_LINES)
        .map(|(path, text)| format!("{path}: {} lines", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

#[test]
fn no_function_is_over_80_lines() {
    let mut long = Vec::new();
    for (path, text) in sources() {
        if path.ends_with("_tests.rs") {
            continue;
        }
        for (line, name, n) in long_functions(&text, MAX_FN_LINES) {
            long.push(format!("{path}:{line} `{name}`: {n} lines"));
        }
    }
    assert!(long.is_empty(), "split these functions: {long:#?}");
}

#[test]
fn the_checker_finds_a_long_function() {
    let body = "    x();\n".repeat(MAX_FN_LINES);
    let text = format!("fn short() {{\n}}\n\npub(crate) fn long() {{\n{body}}}\n");
    assert_eq!(
        long_functions(&text, MAX_FN_LINES),
        vec![(4, "long".to_string(), MAX_FN_LINES + 2)]
    );
    let tests = format!("#[cfg(test)]\nmod tests {{\n{text}}}\n");
    assert!(long_functions(&tests, MAX_FN_LINES).is_empty());
}

#[test]
fn clap_stays_in_the_cli_layer() {
    let outside: Vec<String> = sources()
        .into_iter()
        .filter(|(path, text)| !path.starts_with("src/cli/") && text.contains("clap"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        outside.is_empty(),
        "clap types belong in src/cli/ (give the CLI its own value enum with From): {outside:?}"
    );
}
