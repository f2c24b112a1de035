//! From a claims/ folder on disk to a [`ClaimSet`]: find the files, read and
//! parse them in parallel, and turn their TOML into typed items. Everything
//! wrong with one file's shape (syntax, unknown or missing keys, wrong
//! types) is a finding here; rules across files live in `validate`.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use url::Url;

use crate::diag::{Code, Finding};
use crate::error::{Error, LoadError};
use crate::files::{FileId, Files, SourceFile, Sp};
use crate::ids;
use crate::layout::{CLAIMS_DIR, FileKind, Place};
use crate::model::{Article, Claim, ClaimSet, Link, Outlet, PartialClaim, Source};

mod discover;
mod fields;
mod verdicts;

use discover::{discover, task};
use fields::*;

/// No claim, article or outlets file may be larger than this.
const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The result of loading: the claims, what is wrong with their shape, and
/// what could not be read at all.
#[derive(Debug)]
pub struct Loaded {
    pub set: ClaimSet,
    pub findings: Vec<Finding>,
    /// Files that could not be read; the run went on without them.
    pub failures: Vec<Error>,
    /// False when outlets.toml is missing or unreadable, so that checks
    /// against the outlet registry would only produce noise.
    pub outlets_complete: bool,
}

/// The repository root: `start` or the nearest folder above it that holds
/// claims/.
pub fn find_root(start: &Path) -> Result<PathBuf, Error> {
    start
        .ancestors()
        .find(|dir| dir.join(CLAIMS_DIR).is_dir())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            LoadError::NoClaimsDir {
                start: start.to_path_buf(),
            }
            .into()
        })
}

struct Task {
    kind: FileKind,
    /// Path to open (root-joined).
    abs: PathBuf,
    /// Path to show (relative to the root).
    shown: PathBuf,
    article: String,
    id: String,
    /// Which of `load_with`'s overlay texts to use instead of the file's.
    overlay: Option<usize>,
}

/// Boxed, so that the outputs of a large claim set, all held until they
/// are sorted into the set, cost a pointer each and not a whole claim.
enum Item {
    Outlets(Vec<Outlet>),
    Article(Box<Article>),
    Claim(Box<Claim>),
    PartialClaim(Box<PartialClaim>),
}

struct FileOutput {
    source: SourceFile,
    item: Option<Item>,
    findings: Vec<Finding>,
    failure: Option<Error>,
    /// For outlets.toml: whether it was read and parsed without syntax errors.
    complete: bool,
}

/// Loads claims/ under `root`. Fails only when claims/ itself cannot be
/// listed; every other problem is a finding or a recorded failure.
pub fn load(root: &Path) -> Result<Loaded, Error> {
    load_with(root, &[])
}

/// Makes `tasks` read `overlay`'s texts instead of the files', adding a
/// task for each overlaid file that is not there.
fn overlay_tasks(
    root: &Path,
    tasks: &mut Vec<Task>,
    overlay: &[(&Path, &str)],
    findings: &mut Vec<Finding>,
) {
    let mut index: std::collections::HashMap<PathBuf, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.shown.clone(), i))
        .collect();
    for (o, &(shown, _)) in overlay.iter().enumerate() {
        match index.get(shown) {
            Some(&i) => tasks[i].overlay = Some(o),
            None => {
                let Place::File { kind, slug, id } = crate::layout::classify(shown, false) else {
                    continue;
                };
                // A new article folder is not missing its article.toml.
                findings
                    .retain(|f| !(f.code == Code::MissingArticle && shown.starts_with(&f.path)));
                let mut t = task(kind, root.join(shown), shown.to_path_buf(), &slug, &id);
                t.overlay = Some(o);
                index.insert(shown.to_path_buf(), tasks.len());
                tasks.push(t);
            }
        }
    }
}

/// Loads claims/ as if the files in `overlay` (paths relative to the root,
/// such as `claims/a/x.toml`) held the given text, whether they exist or
/// not: what `new` and `import` check files with before writing them.
pub fn load_with(root: &Path, overlay: &[(&Path, &str)]) -> Result<Loaded, Error> {
    let claims_dir = root.join(CLAIMS_DIR);
    if !claims_dir.is_dir() {
        return Err(Error::from(LoadError::RootWithoutClaims {
            root: root.to_path_buf(),
        }));
    }
    let mut findings = Vec::new();
    let mut failures = Vec::new();
    let mut tasks = discover(root, &mut findings, &mut failures)?;
    overlay_tasks(root, &mut tasks, overlay, &mut findings);

    let outputs: Vec<FileOutput> = tasks
        .par_iter()
        .enumerate()
        .map(|(i, task)| load_file(FileId(i as u32), task, overlay))
        .collect();

    let mut files = Files::default();
    let mut outlets_file = None;
    let mut outlets = Vec::new();
    let mut outlets_complete = false;
    let mut articles = Vec::new();
    // As many as there are, not the next power of two.
    let count = outputs
        .iter()
        .filter(|o| matches!(o.item, Some(Item::Claim(_))))
        .count();
    let mut claims = Vec::with_capacity(count);
    let mut partial_claims = Vec::new();
    for (task, out) in tasks.iter().zip(outputs) {
        let id = files.add(out.source);
        findings.extend(out.findings);
        failures.extend(out.failure);
        match out.item {
            Some(Item::Outlets(o)) => {
                outlets = o;
                outlets_file = Some(id);
                outlets_complete = out.complete;
            }
            Some(Item::Article(a)) => articles.push(*a),
            Some(Item::Claim(c)) => claims.push(*c),
            Some(Item::PartialClaim(c)) => partial_claims.push(*c),
            None => {
                if let FileKind::Outlets = task.kind {
                    outlets_file = Some(id);
                }
            }
        }
    }
    let set = ClaimSet::new(
        root.to_path_buf(),
        files,
        outlets_file,
        outlets,
        articles,
        claims,
        partial_claims,
    );
    Ok(Loaded {
        set,
        findings,
        failures,
        outlets_complete,
    })
}

/// Reads, decodes and parses one file, and builds its item.
fn load_file(id: FileId, task: &Task, overlay: &[(&Path, &str)]) -> FileOutput {
    let mut out = FileOutput {
        source: SourceFile::new(task.shown.clone(), String::new()),
        item: None,
        findings: Vec::new(),
        failure: None,
        complete: false,
    };
    let read = match task.overlay {
        Some(o) => Ok(Some(overlay[o].1.as_bytes().to_vec())),
        None => read_capped(&task.abs),
    };
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            out.findings.push(
                Finding::at_path(
                    Code::FileTooLarge,
                    &task.shown,
                    format!(
                        "`{}` is larger than {} MiB and was not read",
                        task.shown.display(),
                        MAX_FILE_SIZE / (1024 * 1024)
                    ),
                )
                .help("a claim file holds one claim: split it, or remove what does not belong"),
            );
            return out;
        }
        Err(source) => {
            out.failure = Some(Error::from(LoadError::ReadFile {
                path: task.shown.clone(),
                source,
            }));
            return out;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            not_utf8(&mut out, id, task, e);
            return out;
        }
    };
    out.source = SourceFile::new(task.shown.clone(), text);
    let text = out.source.text.as_str();
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut cx = Cx {
        id,
        path: &task.shown,
        findings: Vec::new(),
    };
    let fatal = cx.syntax_errors(task.kind, text, &errors);
    let table = doc.get_ref();
    out.item = match task.kind {
        // A broken outlets.toml still yields what it can: dropping every
        // outlet would turn each reference into an `unknown-outlet` error.
        FileKind::Outlets => Some(Item::Outlets(cx.outlets(table, text))),
        _ if fatal => None,
        FileKind::Article => cx
            .article(table, &task.article)
            .map(|a| Item::Article(Box::new(a))),
        FileKind::Claim => Some(cx.claim(table, &task.article, &task.id)),
    };
    out.complete = !fatal;
    out.findings.append(&mut cx.findings);
    out
}

/// Keeps the file's text (lossily) and reports where it stops being
/// UTF-8.
fn not_utf8(out: &mut FileOutput, id: FileId, task: &Task, e: std::string::FromUtf8Error) {
    let at = e.utf8_error().valid_up_to();
    out.source = SourceFile::new(
        task.shown.clone(),
        String::from_utf8_lossy(e.as_bytes()).into_owned(),
    );
    // The lossy text has the same prefix, so `at` is still a valid offset.
    let end = out.source.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    out.findings.push(
        Finding::at(
            Code::NotUtf8,
            &task.shown,
            id,
            at..end,
            "file is not UTF-8 text",
            "invalid UTF-8 here",
        )
        .help("save the file as UTF-8; if it is not a claim file, remove it from claims/"),
    );
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

/// The file's bytes, or `None` when it is over [`MAX_FILE_SIZE`]. Never
/// reads more than the cap, whatever the metadata says.
fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_SIZE {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Ok(None);
    }
    Ok(Some(bytes))
}
