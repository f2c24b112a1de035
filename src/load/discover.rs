//! Discovery: what [`layout::scan`] lists under claims/, turned into the
//! files to read and the findings about the tree itself (stray files,
//! symlinks out of claims/, names not kebab-case or too long, a missing
//! article.toml or outlets.toml).

#[allow(unused_imports)]
use super::*;
use crate::layout::{self, ARTICLE_FILE, CLAIMS_DIR, Entry, FileKind};

pub(super) fn discover(
    root: &Path,
    findings: &mut Vec<Finding>,
    failures: &mut Vec<Error>,
) -> Result<Vec<Task>, Error> {
    let shown_dir = PathBuf::from(CLAIMS_DIR);
    let scan = layout::scan(root).map_err(|source| LoadError::ReadDir {
        path: shown_dir.clone(),
        source,
    })?;
    let mut tasks = Vec::new();
    if scan.claims_outside {
        findings.push(symlink_outside(shown_dir, "the repository"));
        return Ok(tasks);
    }
    let mut saw_outlets = false;
    for entry in scan.entries {
        match entry {
            Entry::ArticleDir {
                slug,
                shown,
                entries,
            } => discover_article(&slug, shown, entries, &mut tasks, findings, failures),
            Entry::Stray { shown, .. } => {
                let name = shown.file_name().unwrap_or_default().to_string_lossy();
                let help = if name.ends_with(".toml") {
                    "a claim file belongs in an article folder: claims/<article>/<claim>.toml"
                } else {
                    "claims/ holds outlets.toml and article folders only: move or remove it"
                };
                let msg = format!("stray file `{name}` is ignored");
                findings.push(Finding::at_path(Code::StrayFile, shown, msg).help(help));
            }
            other => {
                saw_outlets |= matches!(other, Entry::File { .. } | Entry::NotAFile { .. });
                file_entry(other, &mut tasks, findings, failures);
            }
        }
    }
    if !saw_outlets {
        findings.push(
            Finding::at_path(
                Code::MissingOutlets,
                layout::outlets_path(),
                "claims/ has no outlets.toml",
            )
            .help(
                "create claims/outlets.toml with a table per outlet: [reuters] name = \"Reuters\"",
            ),
        );
    }
    Ok(tasks)
}

/// An entry at a file's place (a file, or what stands where one should
/// be): a task, a finding or a failure.
fn file_entry(
    entry: Entry,
    tasks: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
    failures: &mut Vec<Error>,
) {
    match entry {
        Entry::File {
            kind,
            slug,
            id,
            shown,
            abs,
        } => {
            if kind == FileKind::Claim {
                claim_id_findings(&id, &shown, findings);
            }
            tasks.push(task(kind, abs, shown, &slug, &id));
        }
        Entry::NotAFile { shown } => findings.push(not_a_file(shown)),
        Entry::Outside { shown, .. } => findings.push(symlink_outside(shown, "claims/")),
        Entry::Unreadable { shown, source } => failures.push(Error::from(LoadError::ReadFile {
            path: shown,
            source,
        })),
        Entry::Stray { shown, folder } => {
            let name = shown.file_name().unwrap_or_default().to_string_lossy();
            let what = if folder { "folder" } else { "file" };
            let msg = format!("stray {what} `{name}` is ignored");
            findings
                .push(Finding::at_path(Code::StrayFile, shown, msg).help(
                    "an article folder holds article.toml and one <claim-id>.toml per claim",
                ));
        }
        Entry::ArticleDir { .. } => unreachable!("article folders are only in claims/"),
    }
}

fn discover_article(
    slug: &str,
    shown_dir: PathBuf,
    entries: std::io::Result<Vec<Entry>>,
    tasks: &mut Vec<Task>,
    findings: &mut Vec<Finding>,
    failures: &mut Vec<Error>,
) {
    too_long(slug, &shown_dir, "article folder", findings);
    if !ids::is_kebab_case(slug) {
        findings.push(
            Finding::at_path(
                Code::NotKebabCase,
                &shown_dir,
                format!("article folder `{slug}` is not kebab-case"),
            )
            .help(format!(
                "rename the folder to `{}`",
                ids::to_kebab_case(slug)
            )),
        );
    }
    let entries = match entries {
        Ok(entries) => entries,
        Err(source) => {
            failures.push(Error::from(LoadError::ReadDir {
                path: shown_dir,
                source,
            }));
            return;
        }
    };
    // Whatever stands at article.toml's place, it is not missing.
    let has_article = entries.iter().any(|e| e.name() == ARTICLE_FILE);
    for entry in entries {
        file_entry(entry, tasks, findings, failures);
    }
    if !has_article {
        findings.push(
            Finding::at_path(
                Code::MissingArticle,
                &shown_dir,
                format!("article folder `{slug}` has no {ARTICLE_FILE}"),
            )
            .help(format!(
                "create {} with the article's `title` and `outlet`",
                shown_dir.join(ARTICLE_FILE).display()
            )),
        );
    }
}

/// Findings about a claim id (the file's stem): too long, not kebab-case.
fn claim_id_findings(stem: &str, shown: &Path, findings: &mut Vec<Finding>) {
    too_long(stem, shown, "claim id", findings);
    if !ids::is_kebab_case(stem) {
        findings.push(
            Finding::at_path(
                Code::NotKebabCase,
                shown,
                format!("claim id `{stem}` is not kebab-case"),
            )
            .help(format!(
                "rename the file to `{}.toml`",
                ids::to_kebab_case(stem)
            )),
        );
    }
}

fn symlink_outside(shown: PathBuf, place: &str) -> Finding {
    let name = shown.display().to_string();
    Finding::at_path(
        Code::SymlinkOutside,
        shown,
        format!("`{name}` is a symlink to a place outside {place}; it was not read"),
    )
    .help("put the file itself here, or point the symlink at a file inside claims/")
}

/// A finding when an id is longer than [`ids::MAX_ID_LEN`].
fn too_long(id: &str, shown: &Path, what: &str, findings: &mut Vec<Finding>) {
    let len = id.chars().count();
    if len > ids::MAX_ID_LEN {
        findings.push(
            Finding::at_path(
                Code::IdTooLong,
                shown,
                format!(
                    "{what} `{}…` is {len} characters long",
                    id.chars().take(40).collect::<String>()
                ),
            )
            .help(format!(
                "shorten it to at most {} characters: it is a file name",
                ids::MAX_ID_LEN
            )),
        );
    }
}

pub(super) fn task(kind: FileKind, abs: PathBuf, shown: PathBuf, article: &str, id: &str) -> Task {
    Task {
        kind,
        abs,
        shown,
        article: article.to_string(),
        id: id.to_string(),
        overlay: None,
    }
}

fn not_a_file(shown: PathBuf) -> Finding {
    let name = shown.display().to_string();
    Finding::at_path(
        Code::NotAFile,
        shown,
        format!("`{name}` is not a regular file"),
    )
    .help("claim, article and outlets files must be plain files: rename or remove it")
}
