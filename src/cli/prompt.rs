//! Terminal prompts: missing values asked for on a terminal, or named as
//! missing flags when there is none.

use std::io::{IsTerminal, Write};

use crate::error::{Error, SettingsError};

/// Asks for missing values on a terminal; without one, says which flags
/// are missing.
pub(super) struct Asker {
    terminal: bool,
    missing: Vec<&'static str>,
}

impl Asker {
    pub(super) fn new() -> Asker {
        Asker {
            terminal: std::io::stdin().is_terminal(),
            missing: Vec::new(),
        }
    }

    /// The value given, or asked for (`flag` names it when it cannot be).
    pub(super) fn value(
        &mut self,
        given: Option<String>,
        flag: &'static str,
        question: &str,
    ) -> Result<String, Error> {
        if let Some(v) = given.filter(|v| !v.trim().is_empty()) {
            return Ok(v);
        }
        if !self.terminal {
            self.missing.push(flag);
            return Ok(String::new());
        }
        loop {
            eprint!("{question}: ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            if std::io::stdin()
                .read_line(&mut line)
                .map_err(SettingsError::Stdin)?
                == 0
            {
                return Err(SettingsError::Usage {
                    message: format!("no value for {flag}"),
                    help: format!("pass {flag}"),
                }
                .into());
            }
            let line = line.trim();
            if !line.is_empty() {
                return Ok(line.to_string());
            }
        }
    }

    /// Fails when values were missing and there was no terminal to ask.
    pub(super) fn done(&self) -> Result<(), Error> {
        if self.missing.is_empty() {
            return Ok(());
        }
        Err(SettingsError::Usage {
            message: format!("missing {}", self.missing.join(", ")),
            help: "pass them, or run on a terminal to be asked".into(),
        }
        .into())
    }

    /// A kebab-case id: offered its kebab-case form when it is not one.
    pub(super) fn id(&mut self, id: String, what: &str) -> Result<String, Error> {
        let len = id.chars().count();
        if len > crate::ids::MAX_ID_LEN {
            return Err(SettingsError::Usage {
                message: format!("{what} is {len} characters long"),
                help: format!(
                    "shorten it to at most {} characters: it is a file name",
                    crate::ids::MAX_ID_LEN
                ),
            }
            .into());
        }
        if id.is_empty() || crate::ids::is_kebab_case(&id) {
            return Ok(id);
        }
        let fixed = crate::ids::to_kebab_case(&id);
        if self.terminal && !fixed.is_empty() {
            eprint!("{what} `{id}` is not kebab-case. Use `{fixed}`? [Y/n] ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(SettingsError::Stdin)?;
            if matches!(line.trim(), "" | "y" | "Y" | "yes") {
                return Ok(fixed);
            }
        }
        Err(SettingsError::Usage {
            message: format!("{what} `{id}` is not kebab-case"),
            help: format!("use `{fixed}`"),
        }
        .into())
    }
}
