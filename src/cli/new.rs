//! `claimtrack new`: flags, or answers to prompts on a terminal
//! (`Asker`), into a new file checked before it is written.

#[allow(unused_imports)]
use super::*;

/// Asks for missing values on a terminal; without one, says which flags
/// are missing.
struct Asker {
    terminal: bool,
    missing: Vec<&'static str>,
}

impl Asker {
    fn new() -> Asker {
        Asker {
            terminal: std::io::stdin().is_terminal(),
            missing: Vec::new(),
        }
    }

    /// The value given, or asked for (`flag` names it when it cannot be).
    fn value(
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
                .map_err(Error::Output)?
                == 0
            {
                return Err(Error::Usage {
                    message: format!("no value for {flag}"),
                    help: format!("pass {flag}"),
                });
            }
            let line = line.trim();
            if !line.is_empty() {
                return Ok(line.to_string());
            }
        }
    }

    /// Fails when values were missing and there was no terminal to ask.
    fn done(&self) -> Result<(), Error> {
        if self.missing.is_empty() {
            return Ok(());
        }
        Err(Error::Usage {
            message: format!("missing {}", self.missing.join(", ")),
            help: "pass them, or run on a terminal to be asked".into(),
        })
    }

    /// A kebab-case id: offered its kebab-case form when it is not one.
    fn id(&mut self, id: String, what: &str) -> Result<String, Error> {
        let len = id.chars().count();
        if len > crate::ids::MAX_ID_LEN {
            return Err(Error::Usage {
                message: format!("{what} is {len} characters long"),
                help: format!(
                    "shorten it to at most {} characters: it is a file name",
                    crate::ids::MAX_ID_LEN
                ),
            });
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
                .map_err(Error::Output)?;
            if matches!(line.trim(), "" | "y" | "Y" | "yes") {
                return Ok(fixed);
            }
        }
        Err(Error::Usage {
            message: format!("{what} `{id}` is not kebab-case"),
            help: format!("use `{fixed}`"),
        })
    }
}

pub(super) fn new(root: &Path, what: NewCommand, dry_run: bool, color: bool) -> Result<i32, Error> {
    use crate::create;
    let latest = latest_date()?;
    let set = create::analyze(root, latest)?;
    let mut ask = Asker::new();
    let outlets = || {
        set.outlets
            .iter()
            .map(|o| format!("{} ({})", o.id.value, o.name.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (shown, text, before, replace) = match what {
        NewCommand::Article {
            slug,
            title,
            outlet,
            url,
            published,
        } => {
            let slug = ask.value(slug, "SLUG", "Article folder (kebab-case)")?;
            let slug = ask.id(slug, "article folder")?;
            let title = ask.value(title, "--title", "Title")?;
            let outlet = ask.value(outlet, "--outlet", &format!("Outlet ({})", outlets()))?;
            ask.done()?;
            let spec = create::ArticleSpec {
                slug,
                title,
                outlet,
                url,
                published,
            };
            (
                crate::layout::article_path(&spec.slug),
                create::article_text(&spec),
                0,
                false,
            )
        }
        NewCommand::Claim {
            id,
            claim,
            quote,
            attributed_to,
            attribution,
            sources,
            status,
            topics,
        } => {
            let full = ask.value(id, "ARTICLE/ID", "Claim (ARTICLE/ID)")?;
            let (article, id) = match full.split_once('/') {
                Some((a, i)) if a.is_empty() || i.is_empty() || i.contains('/') => {
                    return Err(Error::Usage {
                        message: format!("`{full}` is not ARTICLE/ID: a part is missing"),
                        help: "name the article folder and the claim: kremlin-ties/debt-2014"
                            .into(),
                    });
                }
                Some((a, i)) => (a.to_string(), i.to_string()),
                None if full.is_empty() => (String::new(), String::new()),
                None => {
                    return Err(Error::Usage {
                        message: format!("`{full}` is not ARTICLE/ID"),
                        help: "name the article folder and the claim: kremlin-ties/debt-2014"
                            .into(),
                    });
                }
            };
            if !article.is_empty() && set.article(&article).is_none() {
                return Err(Error::Usage {
                    message: format!("no article `{article}`"),
                    help: format!(
                        "create it first: claimtrack new article {article} --title … --outlet …"
                    ),
                });
            }
            let id = ask.id(id, "claim id")?;
            let claim = ask.value(claim, "--claim", "The claim, in one sentence of our own")?;
            ask.done()?;
            let spec = create::ClaimSpec {
                article,
                id,
                claim,
                quote,
                attributed_to,
                attribution,
                sources,
                status,
                topics,
            };
            (
                crate::layout::claim_path(&spec.article, &spec.id),
                create::claim_text(&spec, &set, today()?),
                0,
                false,
            )
        }
        NewCommand::Outlet {
            id,
            name,
            domains,
            homepage,
        } => {
            let id = ask.value(id, "ID", "Outlet id (kebab-case)")?;
            let id = ask.id(id, "outlet id")?;
            let name = ask.value(name, "--name", "Name")?;
            ask.done()?;
            if set.outlet(&id).is_some() {
                return Err(Error::Usage {
                    message: format!("outlet `{id}` exists already"),
                    help: "edit claims/outlets.toml, or choose another id".into(),
                });
            }
            let existing = std::fs::read_to_string(root.join(crate::layout::outlets_path()))
                .unwrap_or_default();
            let spec = create::OutletSpec {
                id,
                name,
                domains,
                homepage,
            };
            let before = existing.len();
            (
                crate::layout::outlets_path(),
                create::outlets_text(&existing, &spec),
                before,
                true,
            )
        }
    };
    if !replace && root.join(&shown).exists() {
        return Err(Error::Exists { path: shown });
    }
    if let Err(refused) = create::validate(root, &shown, &text, latest, before)? {
        print(&crate::report::human::human(
            &refused.findings,
            &refused.set.files,
            color,
        ))?;
        eprintln!(
            "{} was not written: it would not pass `claimtrack check`",
            shown.display()
        );
        return Ok(EXIT_FINDINGS);
    }
    if dry_run {
        print(&text)?;
        return Ok(EXIT_OK);
    }
    create::save(root, &shown, &text, replace.then_some(before))?;
    if replace {
        eprintln!("added to {}", shown.display());
    } else {
        eprintln!("created {}", shown.display());
    }
    Ok(EXIT_OK)
}
