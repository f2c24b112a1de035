//! Discovery: which files under claims/ are read, and as what. Exactly two
//! levels (claims/ and each article folder), symlinks followed only within
//! claims/, names checked (kebab-case, length).

#[allow(unused_imports)]
use super::*;

/// Sorted entries of a folder, hidden ones (`.gitkeep`) left out.
fn entries(dir: &Path) -> Result<Vec<(String, PathBuf)>, std::io::Error> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.push((name, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

pub(super) fn discover(
    root: &Path,
    findings: &mut Vec<Finding>,
    failures: &mut Vec<Error>,
) -> Result<Vec<Task>, Error> {
    let claims_dir = root.join(CLAIMS_DIR);
    let shown_dir = PathBuf::from(CLAIMS_DIR);
    let top = entries(&claims_dir).map_err(|source| Error::ReadDir {
        path: shown_dir.clone(),
        source,
    })?;
    let mut tasks = Vec::new();
    // Symlinks may point anywhere inside claims/, never out of it.
    let Some(inner) = claims_root(root, findings) else {
        return Ok(tasks);
    };
    let mut saw_outlets = false;
    for (name, abs) in top {
        let shown = shown_dir.join(&name);
        if leaves(&inner, &abs, &shown, findings) {
            continue;
        }
        // fs::metadata follows symlinks: a loop or a dangling link fails here.
        let meta = match std::fs::metadata(&abs) {
            Ok(m) => m,
            Err(source) => {
                failures.push(Error::ReadFile {
                    path: shown,
                    source,
                });
                continue;
            }
        };
        if name == OUTLETS_FILE {
            saw_outlets = true;
            if meta.is_file() {
                tasks.push(task(Kind::Outlets, abs, shown, "", ""));
            } else {
                findings.push(not_a_file(shown));
            }
        } else if meta.is_dir() {
            discover_article(&name, &abs, shown, &inner, &mut tasks, findings, failures);
        } else {
            let help = if name.ends_with(".toml") {
                "a claim file belongs in an article folder: claims/<article>/<claim>.toml"
            } else {
                "claims/ holds outlets.toml and article folders only: move or remove it"
            };
            findings.push(
                Finding::at_path(
                    Code::StrayFile,
                    shown,
                    format!("stray file `{name}` is ignored"),
                )
                .help(help),
            );
        }
    }
    if !saw_outlets {
        findings.push(
            Finding::at_path(
                Code::MissingOutlets,
                shown_dir.join(OUTLETS_FILE),
                "claims/ has no outlets.toml",
            )
            .help(
                "create claims/outlets.toml with a table per outlet: [reuters] name = \"Reuters\"",
            ),
        );
    }
    Ok(tasks)
}

fn discover_article(
    slug: &str,
    abs_dir: &Path,
    shown_dir: PathBuf,
    inner: &Path,
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
    let list = match entries(abs_dir) {
        Ok(l) => l,
        Err(source) => {
            failures.push(Error::ReadDir {
                path: shown_dir,
                source,
            });
            return;
        }
    };
    let mut has_article = false;
    for (name, abs) in list {
        let shown = shown_dir.join(&name);
        if leaves(inner, &abs, &shown, findings) {
            if name == ARTICLE_FILE {
                has_article = true;
            }
            continue;
        }
        let meta = match std::fs::metadata(&abs) {
            Ok(m) => m,
            Err(source) => {
                failures.push(Error::ReadFile {
                    path: shown,
                    source,
                });
                if name == ARTICLE_FILE {
                    has_article = true;
                }
                continue;
            }
        };
        let Some(stem) = name.strip_suffix(".toml") else {
            let what = if meta.is_dir() { "folder" } else { "file" };
            findings.push(
                Finding::at_path(
                    Code::StrayFile,
                    shown,
                    format!("stray {what} `{name}` is ignored"),
                )
                .help("an article folder holds article.toml and one <claim-id>.toml per claim"),
            );
            continue;
        };
        if !meta.is_file() {
            findings.push(not_a_file(shown));
            if name == ARTICLE_FILE {
                has_article = true;
            }
            continue;
        }
        if name == ARTICLE_FILE {
            has_article = true;
            tasks.push(task(Kind::Article, abs, shown, slug, ""));
        } else {
            too_long(stem, &shown, "claim id", findings);
            if !ids::is_kebab_case(stem) {
                findings.push(
                    Finding::at_path(
                        Code::NotKebabCase,
                        &shown,
                        format!("claim id `{stem}` is not kebab-case"),
                    )
                    .help(format!(
                        "rename the file to `{}.toml`",
                        ids::to_kebab_case(stem)
                    )),
                );
            }
            tasks.push(task(Kind::Claim, abs, shown, slug, stem));
        }
    }
    if !has_article {
        findings.push(
            Finding::at_path(
                Code::MissingArticle,
                &shown_dir,
                format!("article folder `{slug}` has no article.toml"),
            )
            .help(format!(
                "create {}/article.toml with the article's `title` and `outlet`",
                shown_dir.display()
            )),
        );
    }
}

/// claims/ with its symlinks resolved, if it lies inside the repository;
/// otherwise a finding, and nothing under it is read.
fn claims_root(root: &Path, findings: &mut Vec<Finding>) -> Option<PathBuf> {
    let claims = root.join(CLAIMS_DIR);
    match std::fs::canonicalize(&claims) {
        Ok(inner) if crate::files::inside(root, &claims) => Some(inner),
        _ => {
            findings.push(symlink_outside(PathBuf::from(CLAIMS_DIR), "the repository"));
            None
        }
    }
}

/// Whether `abs` is a symlink whose target (resolved) lies outside `inner`
/// (claims/, resolved); if so the finding is recorded and it is not read.
/// A dangling or looping symlink is left to the caller's read, which
/// reports it.
fn leaves(inner: &Path, abs: &Path, shown: &Path, findings: &mut Vec<Finding>) -> bool {
    let is_link = std::fs::symlink_metadata(abs).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return false;
    }
    match std::fs::canonicalize(abs) {
        Ok(target) if !target.starts_with(inner) => {
            findings.push(symlink_outside(shown.to_path_buf(), "claims/"));
            true
        }
        _ => false,
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

pub(super) fn task(kind: Kind, abs: PathBuf, shown: PathBuf, article: &str, id: &str) -> Task {
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
