//! Whether output gets colour: `--color always|never`, else the
//! conventions of the environment (no-color.org, bixense.com/clicolors)
//! and whether the stream is a terminal. One decision for standard
//! output (findings) and one for standard error (the `error:` and
//! `warning:` labels, coloured as rustc colours them).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use super::value_enums::ColorChoice;

/// Whether a stream gets colour. With `auto`: `NO_COLOR` (not empty)
/// turns it off; else `CLICOLOR_FORCE` (not empty, not `0`) turns it on;
/// else `TERM=dumb` or `CLICOLOR=0` turns it off; else a terminal gets
/// it. `always` and `never` are the user's last word.
pub(super) fn wanted(
    choice: ColorChoice,
    terminal: bool,
    var: impl Fn(&str) -> Option<String>,
) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if var("TERM").as_deref() == Some("dumb") => false,
        ColorChoice::Auto if var("CLICOLOR").as_deref() == Some("0") => false,
        ColorChoice::Auto => terminal,
    }
}

/// The process's environment, as `wanted` reads it.
pub(super) fn env(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

static STDERR: AtomicBool = AtomicBool::new(false);

/// Decides both streams for this run; returns standard output's.
pub(super) fn decide(choice: ColorChoice) -> bool {
    STDERR.store(
        wanted(choice, std::io::stderr().is_terminal(), env),
        Ordering::Relaxed,
    );
    wanted(choice, std::io::stdout().is_terminal(), env)
}

/// `level` as standard error shows it: bold red `error`, bold yellow
/// `warning`, when standard error gets colour.
pub(super) fn label(level: &str) -> String {
    let code = match level {
        "error" => "1;31",
        "warning" => "1;33",
        _ => "1",
    };
    if STDERR.load(Ordering::Relaxed) {
        format!("\u{1b}[{code}m{level}\u{1b}[0m")
    } else {
        level.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(choice, terminal, environment, colour)`.
    type Case = (
        ColorChoice,
        bool,
        &'static [(&'static str, &'static str)],
        bool,
    );

    #[test]
    fn the_flag_then_the_environment_then_the_terminal() {
        use ColorChoice::{Always, Auto, Never};
        let cases: &[Case] = &[
            (Auto, true, &[], true),
            (Auto, false, &[], false),
            (Auto, true, &[("NO_COLOR", "1")], false),
            (Auto, true, &[("NO_COLOR", "")], true),
            (
                Auto,
                false,
                &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
                false,
            ),
            (Auto, false, &[("CLICOLOR_FORCE", "1")], true),
            (Auto, false, &[("CLICOLOR_FORCE", "0")], false),
            (Auto, false, &[("CLICOLOR_FORCE", "")], false),
            (Auto, true, &[("CLICOLOR", "0")], false),
            (Auto, true, &[("CLICOLOR", "1")], true),
            (Auto, true, &[("TERM", "dumb")], false),
            (
                Auto,
                false,
                &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")],
                true,
            ),
            (Auto, true, &[("TERM", "xterm-256color")], true),
            (Always, false, &[("NO_COLOR", "1"), ("TERM", "dumb")], true),
            (Never, true, &[("CLICOLOR_FORCE", "1")], false),
        ];
        for (choice, terminal, vars, expect) in cases {
            let var = |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            };
            assert_eq!(
                wanted(*choice, *terminal, var),
                *expect,
                "{choice:?} terminal={terminal} {vars:?}"
            );
        }
    }
}
