//! `--format github`: one GitHub Actions workflow command per finding, so
//! that findings appear inline on the pull request's diff:
//! `::error file=claims/x/y.toml,line=7,col=7,title=dead::https://… answered 404`.

use super::{Report, located, severity_word};
use crate::escape::{legacy_commands, terminal, terminal_line};

pub(super) fn github(report: &Report<'_>) -> String {
    let mut out = String::new();
    for l in located(report) {
        // What the runner shows is escaped for the log as everything else
        // (control characters visible, no legacy `##[` command in the
        // line), then for the command.
        let mut props = vec![format!("file={}", escape_property(&terminal_line(&l.path)))];
        if let (Some(line), Some(col)) = (l.line, l.column) {
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
            if let (Some(end_line), Some(end_col)) = (l.end_line, l.end_column)
                && end_line == line
            {
                props.push(format!("endColumn={end_col}"));
            }
        }
        props.push(format!("title={}", escape_property(l.f.code.as_str())));
        let mut message = l.f.message.clone();
        if let Some(help) = &l.f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            severity_word(l.f.severity),
            props.join(","),
            escape_data(&legacy_commands(&terminal(&message)))
        ));
    }
    out
}

/// The message part: `%`, CR and LF are escaped, as the runner unescapes
/// them (its `ActionCommand` escape mappings for data).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as data, and `:` and `,` too (the runner's mappings
/// for properties).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }
}
