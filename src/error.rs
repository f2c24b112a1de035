//! Failures: the run could not do what was asked (no claims/, an unreadable
//! folder, bad arguments). Unlike findings they are not about the claims'
//! content, and they have their own exit code.

use std::path::PathBuf;

/// Exit code when no error finding was made (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code when any finding is an error.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code when the run could not be done, or not completely.
pub const EXIT_FAILURE: i32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no claims/ folder in {} or any folder above it\n  help: run claimtrack inside a claims repository, or pass --root DIR",
        start.display()
    )]
    NoClaimsDir { start: PathBuf },

    #[error("{} has no claims/ folder\n  help: --root takes the folder that holds claims/", root.display())]
    RootWithoutClaims { root: PathBuf },

    #[error("cannot read folder {}: {source}", path.display())]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read {}: {source}\n  help: {}", path.display(), read_help(source))]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("no outlet matches `{query}`\n  help: known outlets: {}", known.join(", "))]
    UnknownOutlet { query: String, known: Vec<String> },

    #[error("no article `{slug}`\n  help: known articles: {}", known.join(", "))]
    UnknownArticle { slug: String, known: Vec<String> },

    #[error("no claim `{id}`{}", did_you_mean(suggestion))]
    ClaimNotFound {
        id: String,
        suggestion: Option<String>,
    },

    #[error("`{id}` names more than one claim\n  help: name it with its article: {}", candidates.join(", "))]
    AmbiguousClaim { id: String, candidates: Vec<String> },

    #[error("{name} is `{value}`, expected {expected}")]
    BadEnv {
        name: &'static str,
        value: String,
        expected: &'static str,
    },

    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error(
        "the network looks unavailable: every one of {count} URLs failed to resolve or connect\n  help: run `claimtrack check --offline` to check the files' structure only"
    )]
    NetworkDown { count: usize },

    #[error("cannot start the HTTP client: {0}")]
    Client(String),

    #[error("{message}\n  help: {help}")]
    Git { message: String, help: String },

    #[error("`{rev}` {}", if *shallow {
        "is not in this shallow clone\n  help: fetch it (`git fetch --no-tags --depth=1 origin <branch>`), or clone with full history (actions/checkout: `fetch-depth: 0`)"
    } else {
        "is not a commit in this repository\n  help: check the name; for a remote branch, fetch it first: `git fetch origin <branch>`"
    })]
    UnknownRevision { rev: String, shallow: bool },

    #[error("`{rev}` and HEAD have no common history here{}", if *shallow {
        "\n  help: this is a shallow clone: deepen it (`git fetch --deepen=200 origin`) or clone with full history (actions/checkout: `fetch-depth: 0`)"
    } else {
        "\n  help: compare with a revision that HEAD descends from"
    })]
    NoMergeBase { rev: String, shallow: bool },

    #[error("cannot write {}: {source}\n  help: check that the folder exists and is writable; nothing was written", path.display())]
    WriteOutput {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} exists already; nothing was written\n  help: edit it, or choose another name", path.display())]
    Exists { path: PathBuf },

    #[error("{message}\n  help: {help}")]
    Usage { message: String, help: String },

    #[error("cannot write output: {0}")]
    Output(std::io::Error),

    #[error("{} is not a claimtrack result store, so it was neither read nor overwritten; URLs were probed without a store\n  help: pass --cache with another path, or remove the file if it is yours and not needed", path.display())]
    NotAStore { path: PathBuf },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        EXIT_FAILURE
    }
}

fn read_help(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "the name exists but what it points to does not (a dangling symlink?): remove it or restore its target"
        }
        std::io::ErrorKind::PermissionDenied => "give the user running claimtrack read access",
        _ if e.raw_os_error() == Some(40) => "a symlink loop: remove the symlink",
        _ => "fix or remove the file",
    }
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("\n  help: did you mean `{s}`?"),
        None => "\n  help: `claimtrack list` shows every claim id".to_string(),
    }
}
