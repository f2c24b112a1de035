//! A fluent builder for claim repositories on disk, and a runner for the
//! binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The date every run takes as today, so that "future" is reproducible.
pub const TODAY: &str = "2026-11-28";

pub const OUTLETS: &str = r#"[reuters]
name = "Reuters"
domains = ["reuters.com"]
homepage = "https://www.reuters.com/"

[washington-post]
name = "The Washington Post"
domains = ["washingtonpost.com"]

[herald]
name = "The Herald"
domains = []
"#;

pub const ARTICLE: &str = r#"title = "An article"
outlet = "herald"
"#;

pub const CLAIM: &str = r#"claim = "Something happened."
status = "unverified"
"#;

/// A claims repository in a temporary folder.
pub struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// An empty repository: just claims/.
    pub fn empty() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("claims")).expect("claims/");
        Repo { dir }
    }

    /// A valid repository: outlets.toml and one article `a` with no claims.
    pub fn new() -> Repo {
        Repo::empty()
            .file("claims/outlets.toml", OUTLETS)
            .file("claims/a/article.toml", ARTICLE)
    }

    /// Writes a file, creating its folders.
    pub fn file(self, path: &str, text: impl AsRef<[u8]>) -> Repo {
        let path = self.path(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Writes a claim `claims/a/<id>.toml`.
    pub fn claim(self, id: &str, text: impl AsRef<[u8]>) -> Repo {
        self.file(&format!("claims/a/{id}.toml"), text)
    }

    pub fn dir(self, path: &str) -> Repo {
        std::fs::create_dir_all(self.path(path)).expect("mkdir");
        self
    }

    pub fn symlink(self, target: &str, link: &str) -> Repo {
        std::os::unix::fs::symlink(target, self.path(link)).expect("symlink");
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs claimtrack in the repository's root.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Runs claimtrack in the repository's root with more environment.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_with(self.root(), args, env)
    }
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

/// Runs claimtrack in `dir`; `env` is set after the defaults, so it can
/// replace them. The CI owner's variables are never inherited.
pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(args)
        .current_dir(dir)
        .env("CLAIMTRACK_TODAY", TODAY)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_TOKEN")
        .env_remove("CI")
        .env_remove("CLAIMTRACK_ALLOW_LOOPBACK")
        .env_remove("CLAIMTRACK_ALLOW_PRIVATE")
        .env_remove("CLAIMTRACK_WAYBACK_URL")
        .env_remove("CLAIMTRACK_SAVE_URL")
        .envs(env.iter().copied())
        .output()
        .expect("claimtrack runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The repository this test binary was built from.
pub fn project_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What the result store at `cache` holds, as `store show --entries
/// --format json` run in `dir` (a repository) says: `entries` maps each
/// URL to its result and its history.
pub fn store_entries(dir: &Path, cache: &Path) -> serde_json::Value {
    let cache = cache.to_str().expect("a UTF-8 path");
    let run = run_in(
        dir,
        &[
            "store",
            "show",
            "--entries",
            "--format",
            "json",
            "--cache",
            cache,
        ],
    );
    assert_eq!(run.code, 0, "store show: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("store show prints JSON")
}

/// `check --format json` probing loopback URLs: no result store, no
/// retries; `extra` flags added.
pub fn check_json(repo: &Repo, extra: &[&str]) -> Run {
    check_json_env(repo, extra, &[])
}

/// `check_json` with more environment (as `Repo::run_env`).
pub fn check_json_env(repo: &Repo, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args = vec![
        "check",
        "--allow-loopback",
        "--no-cache",
        "--retries",
        "0",
        "--format",
        "json",
    ];
    args.extend(extra);
    repo.run_env(&args, env)
}

/// What the committed schema `schema/{kind}.schema.json` finds wrong with
/// `doc`: none when it validates.
pub fn schema_errors(kind: &str, doc: &serde_json::Value) -> Vec<String> {
    let path = project_root().join(format!("schema/{kind}.schema.json"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}
