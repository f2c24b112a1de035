//! Findings as text for people: rustc-style, with the source line and a
//! caret under the offending key or value. Each output format is a function
//! that returns a String.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diag::{Finding, Severity};
use crate::files::Files;

/// Renders findings in the order given, each followed by a blank line.
pub fn human(findings: &[Finding], files: &Files, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&renderer.render(&[group(f, files)]));
        out.push_str("\n\n");
    }
    out
}

fn group<'a>(f: &'a Finding, files: &'a Files) -> Group<'a> {
    let level = match f.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(f.message.as_str()).id(f.code.as_str());
    let mut group = Group::with_title(title);
    match &f.primary {
        Some(primary) => {
            let file = files.get(primary.file);
            let mut snippet = Snippet::source(file.text.as_str())
                .path(file.path.to_str().unwrap_or_default())
                .fold(true)
                .annotation(
                    AnnotationKind::Primary
                        .span(primary.span.clone())
                        .label(primary.text.as_str()),
                );
            for s in f.secondary.iter().filter(|s| s.file == primary.file) {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(s.span.clone())
                        .label(s.text.as_str()),
                );
            }
            group = group.element(snippet);
            for s in f.secondary.iter().filter(|s| s.file != primary.file) {
                let other = files.get(s.file);
                group = group.element(
                    Snippet::source(other.text.as_str())
                        .path(other.path.to_str().unwrap_or_default())
                        .fold(true)
                        .annotation(
                            AnnotationKind::Context
                                .span(s.span.clone())
                                .label(s.text.as_str()),
                        ),
                );
            }
        }
        None => {
            group = group.element(Origin::path(f.path.to_str().unwrap_or_default()));
        }
    }
    if let Some(note) = &f.note {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &f.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}
