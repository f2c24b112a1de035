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
use crate::error::Error;
use crate::files::{FileId, Files, SourceFile, Sp};
use crate::ids;
use crate::model::{Article, Claim, ClaimSet, Link, Outlet, PartialClaim, Source, Status};

/// No claim, article or outlets file may be larger than this.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The name of the folder that holds the claims.
pub const CLAIMS_DIR: &str = "claims";
pub const OUTLETS_FILE: &str = "outlets.toml";
pub const ARTICLE_FILE: &str = "article.toml";

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
        .ok_or_else(|| Error::NoClaimsDir {
            start: start.to_path_buf(),
        })
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Outlets,
    Article,
    Claim,
}

struct Task {
    kind: Kind,
    /// Path to open (root-joined).
    abs: PathBuf,
    /// Path to show (relative to the root).
    shown: PathBuf,
    article: String,
    id: String,
    /// Text to use instead of the file's (see [`load_with`]).
    overlay: Option<String>,
}

enum Item {
    Outlets(Vec<Outlet>),
    Article(Article),
    Claim(Claim),
    PartialClaim(PartialClaim),
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

/// Loads claims/ as if the files in `overlay` (paths relative to the root,
/// such as `claims/a/x.toml`) held the given text, whether they exist or
/// not: what `new` checks a file with before it writes it.
pub fn load_with(root: &Path, overlay: &[(PathBuf, String)]) -> Result<Loaded, Error> {
    let claims_dir = root.join(CLAIMS_DIR);
    if !claims_dir.is_dir() {
        return Err(Error::RootWithoutClaims {
            root: root.to_path_buf(),
        });
    }
    let mut findings = Vec::new();
    let mut failures = Vec::new();
    let mut tasks = discover(root, &mut findings, &mut failures)?;
    for (shown, text) in overlay {
        match tasks.iter_mut().find(|t| &t.shown == shown) {
            Some(task) => task.overlay = Some(text.clone()),
            None => {
                let parts: Vec<String> = shown
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                let (kind, article, id) = match parts.as_slice() {
                    [_, name] if name == OUTLETS_FILE => {
                        (Kind::Outlets, String::new(), String::new())
                    }
                    [_, article, name] if name == ARTICLE_FILE => {
                        (Kind::Article, article.clone(), String::new())
                    }
                    [_, article, name] => (
                        Kind::Claim,
                        article.clone(),
                        name.trim_end_matches(".toml").to_string(),
                    ),
                    _ => continue,
                };
                // A new article folder is not missing its article.toml.
                findings
                    .retain(|f| !(f.code == Code::MissingArticle && shown.starts_with(&f.path)));
                let mut t = task(kind, root.join(shown), shown.clone(), &article, &id);
                t.overlay = Some(text.clone());
                tasks.push(t);
            }
        }
    }

    let outputs: Vec<FileOutput> = tasks
        .par_iter()
        .enumerate()
        .map(|(i, task)| load_file(FileId(i as u32), task))
        .collect();

    let mut files = Files::default();
    let mut outlets_file = None;
    let mut outlets = Vec::new();
    let mut outlets_complete = false;
    let mut articles = Vec::new();
    let mut claims = Vec::new();
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
            Some(Item::Article(a)) => articles.push(a),
            Some(Item::Claim(c)) => claims.push(c),
            Some(Item::PartialClaim(c)) => partial_claims.push(c),
            None => {
                if let Kind::Outlets = task.kind {
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

fn discover(
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

fn task(kind: Kind, abs: PathBuf, shown: PathBuf, article: &str, id: &str) -> Task {
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

/// Reads, decodes and parses one file, and builds its item.
fn load_file(id: FileId, task: &Task) -> FileOutput {
    let mut out = FileOutput {
        source: SourceFile::new(task.shown.clone(), String::new()),
        item: None,
        findings: Vec::new(),
        failure: None,
        complete: false,
    };
    let read = match &task.overlay {
        Some(text) => Ok(Some(text.clone().into_bytes())),
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
            out.failure = Some(Error::ReadFile {
                path: task.shown.clone(),
                source,
            });
            return out;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
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
        Kind::Outlets => Some(Item::Outlets(cx.outlets(table, text))),
        _ if fatal => None,
        Kind::Article => cx.article(table, &task.article).map(Item::Article),
        Kind::Claim => Some(cx.claim(table, &task.article, &task.id)),
    };
    out.complete = !fatal;
    out.findings.append(&mut cx.findings);
    out
}

/// The span of the name in the first `[key]` table header of `text`, for
/// every key, in one pass.
fn first_headers(text: &str) -> std::collections::HashMap<&str, Range<usize>> {
    let mut out = std::collections::HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(inner) = trimmed.strip_prefix('[') else {
            continue;
        };
        let Some(end) = inner.find(']') else {
            continue;
        };
        let name = &inner[..end];
        let name_start = start + (line.len() - trimmed.len()) + 1;
        out.entry(name.trim().trim_matches('"'))
            .or_insert(name_start..name_start + name.len());
    }
    out
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

type Entry<'t, 'i> = (
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
);

/// The per-file context of extraction: where findings go.
struct Cx<'p> {
    id: FileId,
    path: &'p Path,
    findings: Vec<Finding>,
}

/// A table being read: its entries, its span (`None` for a whole file) and
/// what it is called in messages.
struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    span: Option<Range<usize>>,
    what: String,
    /// The keys this kind of table may have.
    known: &'static [&'static str],
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<Entry<'t, 'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) if dt.time.is_none() => "a date",
        DeValue::Datetime(dt) if dt.date.is_none() => "a time",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Cx<'_> {
    fn finding(
        &mut self,
        code: Code,
        span: Range<usize>,
        msg: String,
        label: impl Into<String>,
    ) -> &mut Finding {
        self.findings
            .push(Finding::at(code, self.path, self.id, span, msg, label));
        self.findings.last_mut().expect("just pushed")
    }

    /// Turns the parser's errors into findings; returns whether any of them
    /// is fatal (anything but a duplicate key, after which the first value
    /// still stands).
    fn syntax_errors(&mut self, kind: Kind, text: &str, errors: &[toml::de::Error]) -> bool {
        let mut fatal = false;
        // Regions under a repeated `[outlet]` header: their keys repeat the
        // first table's, which is one mistake, already reported.
        let mut repeated: Vec<Range<usize>> = Vec::new();
        let mut headers = None;
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim();
            if !msg.starts_with("duplicate key") {
                fatal = true;
                self.finding(
                    Code::TomlSyntax,
                    span,
                    format!("TOML syntax error: {}", first_line(msg)),
                    first_line(msg),
                )
                .help = Some("see https://toml.io for the syntax".into());
                continue;
            }
            if repeated.iter().any(|r| r.contains(&span.start)) {
                continue;
            }
            let key = text
                .get(span.clone())
                .unwrap_or_default()
                .trim()
                .trim_matches('"');
            let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let is_header = text[line_start..].trim_start().starts_with('[');
            if matches!(kind, Kind::Outlets) && is_header {
                let end = text[span.end..]
                    .find("\n[")
                    .map_or(text.len(), |i| span.end + i + 1);
                repeated.push(span.end..end);
                let first = headers
                    .get_or_insert_with(|| first_headers(text))
                    .get(key)
                    .cloned();
                let file = self.id;
                let f = self.finding(
                    Code::DuplicateOutlet,
                    span,
                    format!("outlet `{key}` is defined twice"),
                    "defined again here",
                );
                if let Some(first) = first {
                    f.secondary.push(crate::diag::Label {
                        file,
                        span: first,
                        text: "first defined here".into(),
                    });
                }
                f.help = Some("merge the two tables, or give one of them another id".into());
            } else {
                self.finding(
                    Code::DuplicateKey,
                    span,
                    format!("`{key}` is set twice"),
                    "set again here",
                )
                .help = Some("keep one of the two; TOML allows a key once per table".into());
            }
        }
        fatal
    }

    /// Reports keys that the table may not have.
    fn unknown_fields(&mut self, t: &Table<'_, '_>) {
        let known = t.known;
        for (key, _) in t.entries.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let suggestion = ids::suggest(name, known.iter().copied());
            let label = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "unknown field".to_string(),
            };
            let help = format!("the keys of {} are: {}", t.what, known.join(", "));
            let f = self.finding(
                Code::UnknownField,
                key.span(),
                format!("unknown field `{name}` in {}", t.what),
                label,
            );
            f.help = Some(help);
        }
    }

    fn missing(&mut self, t: &Table<'_, '_>, key: &str, example: &str) {
        // A misspelt key is reported once, as unknown with "did you mean".
        let misspelt = t.entries.iter().any(|(k, _)| {
            let k = k.get_ref().as_ref();
            !t.known.contains(&k) && ids::suggest(k, t.known.iter().copied()) == Some(key)
        });
        if misspelt {
            return;
        }
        let msg = format!("missing field `{key}` in {}", t.what);
        let help = format!("add `{key} = {example}`");
        match &t.span {
            Some(span) => {
                let label = format!("this entry has no `{key}`");
                self.finding(Code::MissingField, span.clone(), msg, label)
                    .help = Some(help);
            }
            None => self
                .findings
                .push(Finding::at_path(Code::MissingField, self.path, msg).help(help)),
        }
    }

    fn wrong_type(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        expected: &str,
        help: Option<String>,
    ) {
        let found = type_name(value.get_ref());
        let f = self.finding(
            Code::WrongType,
            value.span(),
            format!("`{key}` must be {expected}, found {found}"),
            format!("expected {expected}"),
        );
        f.help = help;
    }

    /// A string value; empty and whitespace-only strings are findings.
    fn string(&mut self, t: &Table<'_, '_>, key: &str, required: bool) -> Option<Sp<String>> {
        let Some((_, value)) = t.get(key) else {
            if required {
                self.missing(t, key, "\"…\"");
            }
            return None;
        };
        self.string_value(value, key)
    }

    fn string_value(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<Sp<String>> {
        let DeValue::String(s) = value.get_ref() else {
            self.wrong_type(value, key, "a string", None);
            return None;
        };
        if s.trim().is_empty() {
            self.finding(
                Code::EmptyString,
                value.span(),
                format!("`{key}` is empty"),
                "empty string",
            )
            .help = Some(format!("write a value or remove the `{key}` line"));
            return None;
        }
        Some(Sp::new(s.to_string(), value.span()))
    }

    fn link(&mut self, t: &Table<'_, '_>, key: &str, required: bool) -> Option<Sp<Link>> {
        let s = self.string(t, key, required)?;
        let url = match Url::parse(s.trim()) {
            Ok(u) => Some(u),
            Err(e) => {
                self.finding(
                    Code::InvalidUrl,
                    s.span.clone(),
                    format!("`{key}` is not a valid URL: {e}"),
                    "not a URL",
                )
                .help = Some("write the full address, such as https://www.reuters.com/…".into());
                None
            }
        };
        Some(Sp::new(Link { raw: s.value, url }, s.span))
    }

    fn date(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Sp<jiff::civil::Date>> {
        let (_, value) = t.get(key)?;
        let help = format!("write a TOML date without quotes: `{key} = 2014-04-19`");
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date,
            _ => None,
        };
        let Some(d) = date else {
            self.wrong_type(value, key, "a date", Some(help));
            return None;
        };
        match jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8) {
            Ok(date) => Some(Sp::new(date, value.span())),
            Err(e) => {
                self.finding(
                    Code::InvalidValue,
                    value.span(),
                    format!("`{key}` is not a calendar date: {e}"),
                    "no such date",
                );
                None
            }
        }
    }

    fn strings(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<Sp<String>> {
        let Some((_, value)) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let help = format!("write a list: `{key} = [\"…\"]`");
            self.wrong_type(value, key, "an array of strings", Some(help));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string_value(item, key))
            .collect()
    }

    /// The tables of an array of tables (`[[sources]]`).
    fn tables<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
    ) -> Vec<(Range<usize>, &'t DeTable<'i>)> {
        let Some((_, value)) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let help = format!("write each entry as a `[[{key}]]` table");
            self.wrong_type(value, key, "an array of tables", Some(help));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(tbl) => out.push((item.span(), tbl)),
                other => {
                    let found = type_name(other);
                    self.finding(
                        Code::NotATable,
                        item.span(),
                        format!("an entry of `{key}` must be a table, found {found}"),
                        "expected a table",
                    )
                    .help = Some(format!(
                        "write each entry as a `[[{key}]]` table with its keys under it"
                    ));
                }
            }
        }
        out
    }

    /// The outlets, in the order of the file.
    fn outlets(&mut self, doc: &DeTable<'_>, text: &str) -> Vec<Outlet> {
        let mut out = Vec::new();
        // One pass over the text, not one per outlet.
        let headers = first_headers(text);
        for (key, value) in doc.iter() {
            let id = key.get_ref().to_string();
            let DeValue::Table(entries) = value.get_ref() else {
                let found = type_name(value.get_ref());
                self.finding(
                    Code::NotATable,
                    value.span(),
                    format!("outlet `{id}` must be a table, found {found}"),
                    "expected a table",
                )
                .help = Some(format!(
                    "write `[{id}]` on its own line, then `name = \"…\"` under it"
                ));
                continue;
            };
            let t = Table {
                entries,
                span: Some(key.span()),
                what: format!("outlet `{id}`"),
                known: Outlet::FIELDS,
            };
            self.unknown_fields(&t);
            let name = self.string(&t, "name", true);
            let domains = self.strings(&t, "domains");
            let homepage = self.link(&t, "homepage", false);
            if let Some(name) = name {
                // After a repeated `[id]` header the parser keeps the
                // second one's span; the first is where the outlet is.
                let span = headers
                    .get(id.as_str())
                    .cloned()
                    .unwrap_or_else(|| key.span());
                out.push(Outlet {
                    id: Sp::new(id, span),
                    name,
                    domains,
                    homepage,
                });
            }
        }
        out.sort_by_key(|o: &Outlet| o.id.span.start);
        out
    }

    fn article(&mut self, doc: &DeTable<'_>, slug: &str) -> Option<Article> {
        let t = Table {
            entries: doc,
            span: None,
            what: "an article".into(),
            known: Article::FIELDS,
        };
        self.unknown_fields(&t);
        let title = self.string(&t, "title", true);
        let outlet = self.string(&t, "outlet", true);
        let url = self.link(&t, "url", false);
        let archive = self.link(&t, "archive", false);
        let published = self.date(&t, "published");
        let byline = self.string(&t, "byline", false);
        let section = self.string(&t, "section", false);
        let excerpt = self.string(&t, "excerpt", false);
        Some(Article {
            slug: slug.to_string(),
            file: self.id,
            title: title?,
            outlet: outlet?,
            url,
            archive,
            published,
            byline,
            section,
            excerpt,
        })
    }

    /// A claim, or what could be read of it when a required key is missing
    /// or invalid (its references are still checked).
    fn claim(&mut self, doc: &DeTable<'_>, article: &str, id: &str) -> Item {
        let t = Table {
            entries: doc,
            span: None,
            what: "a claim".into(),
            known: Claim::FIELDS,
        };
        self.unknown_fields(&t);
        let claim = self.string(&t, "claim", true);
        let quote = self.string(&t, "quote", false);
        let attributed_to = self.string(&t, "attributed_to", false);
        let attribution = self.string(&t, "attribution", false);
        let status = self.status(&t);
        let note = self.string(&t, "note", false);
        let topics = self.strings(&t, "topics");
        let sources = self
            .tables(&t, "sources")
            .into_iter()
            .map(|(span, entries)| self.source(span, entries))
            .collect();
        let (Some(claim), Some(status)) = (claim, status) else {
            return Item::PartialClaim(PartialClaim {
                file: self.id,
                attributed_to,
                attribution,
                sources,
            });
        };
        Item::Claim(Claim {
            id: id.to_string(),
            article: article.to_string(),
            file: self.id,
            claim,
            quote,
            attributed_to,
            attribution,
            status,
            note,
            topics,
            sources,
        })
    }

    fn status(&mut self, t: &Table<'_, '_>) -> Option<Sp<Status>> {
        let s = self.string(t, "status", true)?;
        if let Some(status) = Status::parse(&s) {
            return Some(Sp::new(status, s.span));
        }
        let label = match ids::suggest(&s, Status::NAMES.iter().copied()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => "unknown status".into(),
        };
        self.finding(
            Code::InvalidValue,
            s.span.clone(),
            format!(
                "`status` must be one of {}, found `{}`",
                Status::NAMES.join(", "),
                s.value
            ),
            label,
        );
        None
    }

    fn source(&mut self, span: Range<usize>, entries: &DeTable<'_>) -> Source {
        let t = Table {
            entries,
            span: Some(span.clone()),
            what: "a source".into(),
            known: Source::FIELDS,
        };
        self.unknown_fields(&t);
        Source {
            span,
            url: self.link(&t, "url", true),
            outlet: self.string(&t, "outlet", false),
            title: self.string(&t, "title", false),
            published: self.date(&t, "published"),
            accessed: self.date(&t, "accessed"),
            archive: self.link(&t, "archive", false),
            excerpt: self.string(&t, "excerpt", false),
        }
    }
}
