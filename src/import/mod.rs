//! `claimtrack import`: an article (a file, standard input or a URL) read
//! into its text, split into sentences, and every sentence that credits
//! someone turned into a claim file: a new front door to the same model,
//! written through `create` and checked by `load` like any other file.
//!
//! `fetch` (bytes) → `page` (a `Document`: the main text and what the page
//! says of itself) → `plan` (`sentences`, `credits`, `names`: the files)
//! → one check of every planned file against the whole claim set →
//! written, or printed with `--dry-run`.

pub(crate) mod credits;
mod fetch;
mod names;
pub(crate) mod page;
mod plan;
pub(crate) mod render;
pub(crate) mod sentences;

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;
use url::Url;

pub(crate) use fetch::Input;

use crate::create::{Draft, OutletSpec, Refused};
use crate::error::{Error, ImportError};
use crate::layout::outlets_path;

/// What `import` was asked to do, besides its inputs.
pub(crate) struct Options {
    /// The folder's name (one input only).
    pub article: Option<String>,
    /// The article's outlet.
    pub outlet: Option<String>,
    /// The article's own address (one input only).
    pub url: Option<Url>,
    /// Also the sentences that state a checkable fact, credited or not.
    pub all: bool,
    /// Into an existing folder, only the claims it lacks.
    pub merge: bool,
    pub today: Date,
    pub latest: Date,
}

/// A sentence imported as a claim.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Found {
    pub id: String,
    pub quote: String,
    pub attributed_to: Option<String>,
    /// The crediting phrase as printed; empty for an uncredited fact.
    pub attribution: String,
    /// `attributed_to` is an outlet proposed by this import.
    pub new_outlet: bool,
}

/// What one input became.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Imported {
    pub input: String,
    pub folder: String,
    /// Added to a folder that was there (`--merge`).
    pub merged: bool,
    pub outlet: String,
    pub sentences: usize,
    pub claims: Vec<Found>,
    /// Sentences whose quote the folder has already (`--merge`).
    pub already: usize,
    /// The files to write: path from the root, text.
    #[serde(skip)]
    pub files: Vec<Draft>,
}

/// A whole run: what each input became, the outlets proposed, and what
/// stopped any input.
pub(crate) struct Run {
    pub imported: Vec<Imported>,
    pub new_outlets: Vec<OutletSpec>,
    /// outlets.toml with the new outlets, and how long it was before.
    pub outlets: Option<Draft>,
    /// One per input that could not be imported: nothing of it written.
    pub failures: Vec<Error>,
    /// Set when the planned files would not pass `check`: nothing written.
    pub refused: Option<Refused>,
}

impl Run {
    /// Every file to write, outlets.toml first.
    pub(crate) fn drafts(&self) -> Vec<&Draft> {
        let mut out: Vec<&Draft> = self.outlets.iter().collect();
        for i in &self.imported {
            out.extend(&i.files);
        }
        out
    }
}

/// Reads every input and plans its files, then checks them all against
/// the claim set at `root`. Nothing is written here: see [`write`].
pub(crate) fn run(
    root: &Path,
    inputs: &[Input],
    opts: &Options,
    probe: &crate::probe::Settings,
    progress: &dyn crate::check::Progress,
) -> Result<Run, Error> {
    let loaded = crate::load::load(root)?;
    let mut cx = plan::Cx::new(&loaded.set, opts);
    let mut run = Run {
        imported: Vec::new(),
        new_outlets: Vec::new(),
        outlets: None,
        failures: Vec::new(),
        refused: None,
    };
    progress.start(inputs.len());
    for input in inputs {
        let shown = input.shown();
        match read(input, probe)
            .and_then(|(doc, url)| plan::plan(&mut cx, &doc, url.as_ref(), &shown))
        {
            Ok(imported) => {
                run.imported.push(imported);
                progress.done(&shown, "read");
            }
            Err(e) => {
                progress.done(&shown, "failed");
                run.failures.push(e);
            }
        }
    }
    progress.finish();
    run.new_outlets = std::mem::take(&mut cx.new_outlets);
    if !run.new_outlets.is_empty() {
        run.outlets = Some(outlets_draft(root, &run.new_outlets)?);
    }
    let drafts = run.drafts();
    if !drafts.is_empty() {
        run.refused = crate::create::validate_all(root, &drafts, opts.latest)?.err();
    }
    Ok(run)
}

/// outlets.toml with `new` appended, every byte of it kept.
fn outlets_draft(root: &Path, new: &[OutletSpec]) -> Result<Draft, Error> {
    let shown = outlets_path();
    let existing = match std::fs::read_to_string(root.join(&shown)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(crate::error::LoadError::ReadFile {
                path: shown,
                source,
            }
            .into());
        }
    };
    let text = new.iter().fold(existing.clone(), |text, spec| {
        crate::create::outlets_text(&text, spec)
    });
    Ok(Draft {
        shown,
        text,
        before: existing.len(),
    })
}

/// An input's article and where it was fetched from.
fn read(
    input: &Input,
    probe: &crate::probe::Settings,
) -> Result<(page::Document, Option<Url>), Error> {
    let fetched = fetch::fetch(input, probe)?;
    let unreadable = |why: page::Unreadable| -> Error {
        let help = match why {
            page::Unreadable::Empty => "give the file or page that holds the article's text",
            page::Unreadable::Binary => {
                "import reads HTML, Markdown or plain text (UTF-8, or a charset the page declares)"
            }
            page::Unreadable::NoText | page::Unreadable::TooDeep => {
                "save the article's text from a browser to a .txt file and import that"
            }
        };
        ImportError::Unreadable {
            input: input.shown(),
            why: why.to_string(),
            help,
        }
        .into()
    };
    let kind = page::sniff(
        &fetched.bytes,
        fetched.name.as_deref(),
        fetched.content_type.as_deref(),
    )
    .map_err(unreadable)?;
    let doc = page::read(
        &fetched.bytes,
        kind,
        fetched.content_type.as_deref(),
        fetched.url.as_ref(),
    )
    .map_err(unreadable)?;
    Ok((doc, fetched.url))
}

/// Writes a run's files: outlets.toml first (only if it still holds what
/// was read), then each new file, never over an existing one.
pub(crate) fn write(root: &Path, run: &Run) -> Result<usize, Error> {
    let drafts = run.drafts();
    for d in &drafts {
        let kept = (d.shown == outlets_path()).then_some(d.before);
        crate::create::save(root, &d.shown, &d.text, kept)?;
    }
    Ok(drafts.len())
}
