//! Failures: the run could not do what was asked (no claims/, an unreadable
//! folder, bad arguments). Unlike findings they are not about the claims'
//! content. Each concern has its own type; [`Error`] is any of them, with
//! the message, an optional help line (printed by the CLI as `help:` and
//! carried by `--format json`), a stable kind name and an exit code.

use std::path::PathBuf;

/// Exit code when no error finding was made (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code when any finding is an error.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code when the run could not be done, or not completely.
pub const EXIT_FAILURE: i32 = 2;

/// Any failure, by concern.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Probe(#[from] ProbeError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

impl Error {
    /// What to do about it, when claimtrack knows.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::Load(e) => e.help(),
            Error::Lookup(e) => e.help(),
            Error::Settings(e) => e.help(),
            Error::Git(e) => e.help(),
            Error::Write(e) => e.help(),
            Error::Probe(e) => e.help(),
            Error::Import(e) => Some(e.help()),
        }
    }

    /// The exit code of a run that ends with this failure: 2, except a
    /// closed standard output (`claimtrack list | head`), which is how
    /// pipes end and not a failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write(WriteError::Stdout(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                EXIT_OK
            }
            _ => EXIT_FAILURE,
        }
    }

    /// A stable kebab-case name of the failure, for machine output.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Load(e) => match e {
                LoadError::NoClaimsDir { .. } => "no-claims-dir",
                LoadError::RootWithoutClaims { .. } => "root-without-claims",
                LoadError::ReadDir { .. } => "read-dir",
                LoadError::ReadFile { .. } => "read-file",
                LoadError::NotAReport { .. } => "not-a-report",
            },
            Error::Lookup(e) => match e {
                LookupError::UnknownOutlet { .. } => "unknown-outlet",
                LookupError::UnknownArticle { .. } => "unknown-article",
                LookupError::ClaimNotFound { .. } => "claim-not-found",
                LookupError::AmbiguousClaim { .. } => "ambiguous-claim",
            },
            Error::Settings(e) => match e {
                SettingsError::Config { .. } => "config",
                SettingsError::BadEnv { .. } => "bad-env",
                SettingsError::Usage { .. } => "usage",
                SettingsError::Stdin(_) => "stdin",
            },
            Error::Git(e) => match e {
                GitError::Command { .. } => "git",
                GitError::UnknownRevision { .. } => "unknown-revision",
                GitError::NoMergeBase { .. } => "no-merge-base",
            },
            Error::Write(e) => match e {
                WriteError::File { .. } => "write",
                WriteError::Exists { .. } => "exists",
                WriteError::ChangedMeanwhile { .. } => "changed-meanwhile",
                WriteError::TempDir { .. } => "temp-dir",
                WriteError::Stdout(_) => "stdout",
                WriteError::Edit { .. } => "edit",
                WriteError::Render { .. } => "render",
                WriteError::NotASite { .. } => "not-a-site",
            },
            Error::Probe(e) => match e {
                ProbeError::Client(_) => "http-client",
                ProbeError::NoRootCertificates(_) => "no-root-certificates",
                ProbeError::Runtime(_) => "runtime",
                ProbeError::NetworkDown { .. } => "network-down",
                ProbeError::ArchiveUnreachable { .. } => "archive-unreachable",
                ProbeError::NotAStore { .. } => "not-a-store",
            },
            Error::Import(e) => match e {
                ImportError::Unreadable { .. } => "not-an-article",
                ImportError::TooLarge { .. } => "too-large",
                ImportError::Read { .. } => "read-input",
                ImportError::Fetch { .. } => "fetch",
                ImportError::AlreadyImported { .. } => "already-imported",
                ImportError::NoOutlet { .. } => "no-outlet",
            },
        }
    }
}

/// Finding and reading the claims.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no claims/ folder in {} or any folder above it", start.display())]
    NoClaimsDir { start: PathBuf },

    #[error("{} has no claims/ folder", root.display())]
    RootWithoutClaims { root: PathBuf },

    #[error("cannot read folder {}: {source}", path.display())]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read {}: {source}", path.display())]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A file given to `merge` that is not a `check --format json` report.
    #[error("{} {why}", path.display())]
    NotAReport { path: PathBuf, why: String },
}

impl LoadError {
    pub fn help(&self) -> Option<String> {
        Some(match self {
            LoadError::NoClaimsDir { .. } => {
                "run claimtrack inside a claims repository, or pass --root DIR".into()
            }
            LoadError::RootWithoutClaims { .. } => {
                "--root takes the folder that holds claims/".into()
            }
            LoadError::ReadDir { .. } => return None,
            LoadError::ReadFile { source, .. } => read_help(source).into(),
            LoadError::NotAReport { .. } => {
                "pass the files that `claimtrack check --partition K/N --format json` wrote, one per shard".into()
            }
        })
    }
}

/// Naming an outlet, article or claim that is not in the claim set.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("no outlet matches `{query}`")]
    UnknownOutlet { query: String, known: Vec<String> },

    #[error("no article `{slug}`")]
    UnknownArticle {
        slug: String,
        known: Vec<String>,
        /// What to do instead of listing the known articles.
        create: bool,
    },

    #[error("no claim `{id}`")]
    ClaimNotFound {
        id: String,
        suggestion: Option<String>,
    },

    #[error("`{id}` names more than one claim")]
    AmbiguousClaim { id: String, candidates: Vec<String> },
}

impl LookupError {
    pub fn help(&self) -> Option<String> {
        Some(match self {
            LookupError::UnknownOutlet { known, .. } => {
                format!("known outlets: {}", known.join(", "))
            }
            LookupError::UnknownArticle {
                slug, create: true, ..
            } => format!("create it first: claimtrack new article {slug} --title … --outlet …"),
            LookupError::UnknownArticle { known, .. } => {
                format!("known articles: {}", known.join(", "))
            }
            LookupError::ClaimNotFound { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`claimtrack list` shows every claim id".into(),
            },
            LookupError::AmbiguousClaim { candidates, .. } => {
                format!("name it with its article: {}", candidates.join(", "))
            }
        })
    }
}

/// Settings: claimtrack.toml, environment variables, and what the flags
/// ask for.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{}: {message}", path.display())]
    Config {
        path: PathBuf,
        message: String,
        help: Option<String>,
    },

    #[error("{name} is `{value}`, expected {expected}")]
    BadEnv {
        name: &'static str,
        value: String,
        expected: &'static str,
    },

    #[error("{message}")]
    Usage { message: String, help: String },

    #[error("cannot read the answer from the terminal: {0}")]
    Stdin(std::io::Error),
}

impl SettingsError {
    pub fn help(&self) -> Option<String> {
        match self {
            SettingsError::Config { help, .. } => help.clone(),
            SettingsError::BadEnv { name, .. } => {
                Some(format!("set {name} as expected, or unset it"))
            }
            SettingsError::Usage { help, .. } => Some(help.clone()),
            SettingsError::Stdin(_) => None,
        }
    }
}

/// The `git` command line and what it answers.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{message}")]
    Command { message: String, help: String },

    #[error("`{rev}` {}", if *shallow { "is not in this shallow clone" } else { "is not a commit in this repository" })]
    UnknownRevision { rev: String, shallow: bool },

    #[error("`{rev}` and HEAD have no common history here")]
    NoMergeBase { rev: String, shallow: bool },
}

impl GitError {
    pub fn help(&self) -> Option<String> {
        Some(match self {
            GitError::Command { help, .. } => help.clone(),
            GitError::UnknownRevision { shallow: true, .. } => "fetch it (`git fetch --no-tags --depth=1 origin <branch>`), or clone with full history (actions/checkout: `fetch-depth: 0`)".into(),
            GitError::UnknownRevision { shallow: false, .. } => "check the name; for a remote branch, fetch it first: `git fetch origin <branch>`".into(),
            GitError::NoMergeBase { shallow: true, .. } => "this is a shallow clone: deepen it (`git fetch --deepen=200 origin`) or clone with full history (actions/checkout: `fetch-depth: 0`)".into(),
            GitError::NoMergeBase { shallow: false, .. } => "compare with a revision that HEAD descends from".into(),
        })
    }
}

/// Writing: files, standard output, and what is rendered to be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} exists already; nothing was written", path.display())]
    Exists { path: PathBuf },

    #[error("{} changed on disk while claimtrack ran; nothing was written", path.display())]
    ChangedMeanwhile { path: PathBuf },

    #[error("cannot write {} in the temporary folder: {source}", path.display())]
    TempDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write output: {0}")]
    Stdout(std::io::Error),

    #[error("{} cannot be edited: {message}", path.display())]
    Edit { path: PathBuf, message: String },

    #[error("cannot render {what}: {message}")]
    Render { what: &'static str, message: String },

    #[error("{} holds files that claimtrack did not write, and a site replaces its folder whole; nothing was written", path.display())]
    NotASite { path: PathBuf },
}

impl WriteError {
    pub fn help(&self) -> Option<String> {
        Some(match self {
            WriteError::File { .. } => {
                "check that the folder exists and is writable; nothing was written".into()
            }
            WriteError::Exists { .. } => "edit it, or choose another name".into(),
            WriteError::ChangedMeanwhile { .. } => "run the command again".into(),
            WriteError::TempDir { .. } => {
                "check the free space and permissions of the temporary folder (TMPDIR)".into()
            }
            WriteError::Edit { .. } => {
                "run `claimtrack check --offline`, fix what it reports, then run again".into()
            }
            WriteError::NotASite { .. } => {
                "give `--html` a new or empty folder, or one an earlier `report --html` wrote"
                    .into()
            }
            WriteError::Stdout(_) | WriteError::Render { .. } => return None,
        })
    }
}

/// Setting up and running the probe: the HTTP client, the async runtime,
/// the network, the result store.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("cannot start the HTTP client: {0}")]
    Client(String),

    /// An `https` URL was to be probed and the system's root certificates
    /// could not be read: no such URL could be judged.
    #[error("cannot verify https sites: cannot read the system's root certificates ({0})")]
    NoRootCertificates(String),

    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),

    #[error(
        "the network looks unavailable: every one of {count} URLs failed to resolve or connect"
    )]
    NetworkDown { count: usize },

    /// `archive` could not connect to the archive at all: the network, or
    /// the address.
    #[error("cannot reach {api}: {why}")]
    ArchiveUnreachable { api: String, why: String },

    #[error("{} is not a claimtrack result store (or not a regular file beside one), so the store was neither read nor written; URLs were probed without a store", path.display())]
    NotAStore { path: PathBuf },
}

impl ProbeError {
    pub fn help(&self) -> Option<String> {
        Some(match self {
            ProbeError::Client(_) | ProbeError::Runtime(_) => return None,
            ProbeError::NoRootCertificates(_) => {
                "install the system's CA certificates (Debian and Ubuntu: the ca-certificates package), or point SSL_CERT_FILE at a PEM bundle of them".into()
            }
            ProbeError::NetworkDown { .. } => {
                "run `claimtrack check --offline` to check the files' structure only".into()
            }
            ProbeError::ArchiveUnreachable { .. } => {
                "check the network connection (and --wayback-url or --save-url if given), then run again; nothing was written".into()
            }
            ProbeError::NotAStore { .. } => {
                "pass --cache with another path, or remove the file if it is yours and not needed"
                    .into()
            }
        })
    }
}

/// An article that `import` cannot read or must not write.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Empty, binary, or without article text (`why` says which).
    #[error("{input} cannot be imported: {why}")]
    Unreadable {
        input: String,
        why: String,
        help: &'static str,
    },

    #[error("{input} is larger than {limit} bytes; nothing was read")]
    TooLarge { input: String, limit: usize },

    #[error("cannot read {input}: {error}")]
    Read {
        input: String,
        error: std::io::Error,
    },

    /// The URL answered with something else than the page, or not at all.
    #[error("{url} could not be fetched: {state}{}", if detail.is_empty() { String::new() } else { format!(" ({detail})") })]
    Fetch {
        url: String,
        state: &'static str,
        detail: String,
    },

    #[error("{input} is imported already, as claims/{folder}/ (the same {why})")]
    AlreadyImported {
        input: String,
        folder: String,
        why: &'static str,
    },

    #[error("the outlet that published {input} is not known")]
    NoOutlet { input: String, known: String },
}

impl ImportError {
    pub fn help(&self) -> String {
        match self {
            ImportError::Unreadable { help, .. } => (*help).to_string(),
            ImportError::TooLarge { .. } => {
                "import the article's page or text itself, saved to a file".into()
            }
            ImportError::Read { error, .. } if error.kind() == std::io::ErrorKind::NotFound => {
                "check the file's name and path; a URL starts with https://".into()
            }
            ImportError::Read { error, .. } => read_help(error).into(),
            ImportError::Fetch { state: "refused", .. } => "the address is private or local: claimtrack does not fetch those unless --allow-loopback or --allow-private is given".into(),
            ImportError::Fetch { .. } => {
                "check the URL; or save the page from a browser and import the file".into()
            }
            ImportError::AlreadyImported { .. } => "pass --merge to add only the claims not there yet, or --article SLUG to import it as another article".into(),
            ImportError::NoOutlet { known, .. } => format!(
                "name it with --outlet ID (known: {known}), or give the article's address with --url"
            ),
        }
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
