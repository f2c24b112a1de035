//! Where an article comes from: a file, standard input, or a URL fetched
//! through the probe's guarded client (its address policy on every hop,
//! its limits, its user agent), never around it.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use url::Url;

use crate::error::{Error, ImportError};
use crate::probe;

/// The most of an article read, from a file, standard input or a URL.
pub(crate) const MAX_ARTICLE_SIZE: usize = 16 * 1024 * 1024;

/// One `SOURCE` of `import`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    File(PathBuf),
    Stdin,
    Url(Url),
}

impl Input {
    /// `-` is standard input; an `http(s)://` address a URL; anything
    /// else a path.
    pub(crate) fn parse(s: &str) -> Input {
        if s == "-" {
            return Input::Stdin;
        }
        match Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Input::Url(u),
            _ => Input::File(PathBuf::from(s)),
        }
    }

    /// How the input is named in messages.
    pub(crate) fn shown(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "standard input".to_string(),
            Input::Url(u) => u.to_string(),
        }
    }
}

/// An article's bytes and what is known about them.
pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    /// The file name, for its extension.
    pub name: Option<String>,
    pub content_type: Option<String>,
    /// Where the page was fetched from, after redirects.
    pub url: Option<Url>,
}

/// Reads `input`, at most [`MAX_ARTICLE_SIZE`] bytes: more is refused.
pub(crate) fn fetch(input: &Input, settings: &probe::Settings) -> Result<Fetched, Error> {
    match input {
        Input::File(path) => {
            let read = std::fs::File::open(path).and_then(|f| capped(f, input));
            Ok(Fetched {
                bytes: read.map_err(|e| io_error(e, input))??,
                name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
                content_type: None,
                url: None,
            })
        }
        Input::Stdin => Ok(Fetched {
            bytes: capped(std::io::stdin().lock(), input).map_err(|e| io_error(e, input))??,
            name: None,
            content_type: None,
            url: None,
        }),
        Input::Url(url) => fetch_url(url, settings),
    }
}

fn io_error(error: std::io::Error, input: &Input) -> Error {
    ImportError::Read {
        input: input.shown(),
        error,
    }
    .into()
}

/// Everything `reader` gives, or `TooLarge` past the cap (read one byte
/// further to know).
fn capped(reader: impl Read, input: &Input) -> std::io::Result<Result<Vec<u8>, Error>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ARTICLE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_ARTICLE_SIZE {
        return Ok(Err(too_large(input)));
    }
    Ok(Ok(bytes))
}

fn too_large(input: &Input) -> Error {
    ImportError::TooLarge {
        input: input.shown(),
        limit: MAX_ARTICLE_SIZE,
    }
    .into()
}

fn fetch_url(url: &Url, settings: &probe::Settings) -> Result<Fetched, Error> {
    let settings = probe::Settings {
        max_body: MAX_ARTICLE_SIZE,
        ..settings.clone()
    };
    let request = probe::Request {
        url: url.clone(),
        page: true,
    };
    let mut outcomes = crate::check::probe_urls(
        vec![request],
        &settings,
        Arc::new(|_: &mut probe::Outcome| {}),
        &crate::check::NoProgress,
    )?;
    let outcome = outcomes.pop().expect("one outcome per request");
    let failed = |detail: String| -> Error {
        ImportError::Fetch {
            url: url.to_string(),
            state: outcome.state.as_str(),
            detail,
        }
        .into()
    };
    match outcome.state {
        probe::State::Ok | probe::State::Redirected => {}
        _ => return Err(failed(outcome.detail.clone())),
    }
    let Some(page) = outcome.page else {
        return Err(failed("no page was read".into()));
    };
    if page.truncated {
        return Err(too_large(&Input::Url(url.clone())));
    }
    if let Some(why) = page.incomplete {
        return Err(failed(format!("the page was cut off: {why}")));
    }
    let final_url = outcome
        .final_url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .unwrap_or_else(|| url.clone());
    Ok(Fetched {
        bytes: page.body,
        name: final_url
            .path_segments()
            .and_then(|mut s| s.next_back().map(str::to_string)),
        content_type: page.content_type,
        url: Some(final_url),
    })
}
