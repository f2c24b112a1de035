//! What claimtrack needs from git, through the `git` command line (it is
//! on every CI machine): resolve a revision, list the claim files changed
//! since one, and write out the claims/ tree of one.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, GitError, WriteError};
use crate::layout::CLAIMS_DIR;

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::Command {
            message: format!("cannot run git: {e}"),
            help: "install git, or run where it is on the PATH".into(),
        })
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn is_shallow(root: &Path) -> bool {
    git(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|o| stdout(&o) == "true")
}

/// The commit `rev` names, or an error that says how to get it.
pub(crate) fn resolve(root: &Path, rev: &str) -> Result<String, Error> {
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() {
        return Err(Error::from(GitError::Command {
            message: format!("{} is not in a git repository", root.display()),
            help: "run claimtrack in a clone of the claims repository".into(),
        }));
    }
    let spec = format!("{rev}^{{commit}}");
    let out = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )?;
    if out.status.success() {
        return Ok(stdout(&out));
    }
    Err(GitError::UnknownRevision {
        rev: rev.to_string(),
        shallow: is_shallow(root),
    }
    .into())
}

/// The claim and article files (paths relative to `root`, as
/// `claims/a/x.toml`) added or modified since `rev`: committed or not,
/// tracked or new, compared with the point where HEAD left `rev`'s history
/// (as a pull request's diff is).
pub(crate) fn changed_since(root: &Path, rev: &str) -> Result<HashSet<PathBuf>, Error> {
    let base = resolve(root, rev)?;
    let mb = git(root, &["merge-base", &base, "HEAD"])?;
    if !mb.status.success() {
        return Err(GitError::NoMergeBase {
            rev: rev.to_string(),
            shallow: is_shallow(root),
        }
        .into());
    }
    let merge_base = stdout(&mb);
    let diff = git(
        root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--relative",
            "--no-renames",
            "--diff-filter=AMT",
            &merge_base,
            "--",
            CLAIMS_DIR,
        ],
    )?;
    let untracked = git(
        root,
        &[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--",
            CLAIMS_DIR,
        ],
    )?;
    for out in [&diff, &untracked] {
        if !out.status.success() {
            return Err(Error::from(GitError::Command {
                message: format!(
                    "git failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                help: "run `git status` to see what is wrong with the repository".into(),
            }));
        }
    }
    Ok(diff
        .stdout
        .split(|&b| b == 0)
        .chain(untracked.stdout.split(|&b| b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
        .collect())
}

/// Writes the claims/ tree of commit `rev` under `dest` (as
/// `dest/claims/…`), so that it can be loaded like a work tree.
pub(crate) fn write_tree(root: &Path, rev: &str, dest: &Path) -> Result<(), Error> {
    let commit = resolve(root, rev)?;
    let ls = git(root, &["ls-tree", "-r", "-z", &commit, "--", CLAIMS_DIR])?;
    if !ls.status.success() {
        return Err(Error::from(GitError::Command {
            message: format!(
                "cannot list {rev}: {}",
                String::from_utf8_lossy(&ls.stderr).trim()
            ),
            help: "run `git status` to see what is wrong with the repository".into(),
        }));
    }
    // "<mode> blob <oid>\t<path>"; symlinks and submodules are left out.
    let blobs: Vec<(String, String)> = ls
        .stdout
        .split(|&b| b == 0)
        .filter_map(|entry| {
            let entry = std::str::from_utf8(entry).ok()?;
            let (meta, path) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
            (kind == "blob" && mode.starts_with("100")).then(|| (oid.to_string(), path.to_string()))
        })
        .collect();
    std::fs::create_dir_all(dest.join(CLAIMS_DIR)).map_err(|e| write_error(dest, e))?;
    if blobs.is_empty() {
        return Ok(());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::Command {
            message: format!("cannot run git: {e}"),
            help: "install git, or run where it is on the PATH".into(),
        })?;
    let mut stdin = child.stdin.take().expect("piped");
    let oids: String = blobs.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(oids.as_bytes()));
    let out = child.wait_with_output().map_err(|e| GitError::Command {
        message: format!("git cat-file failed: {e}"),
        help: "run `git status` to see what is wrong with the repository".into(),
    })?;
    let _ = writer.join();
    let mut rest = out.stdout.as_slice();
    for (_, path) in &blobs {
        // "<oid> blob <size>\n<content>\n"
        let header_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let header = String::from_utf8_lossy(&rest[..header_end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| GitError::Command {
                message: format!("unexpected answer from git cat-file: {header}"),
                help: "run `git fsck` to check the repository".into(),
            })?;
        let start = header_end + 1;
        let content = rest
            .get(start..start + size)
            .ok_or_else(|| GitError::Command {
                message: "git cat-file answered less than it announced".into(),
                help: "run `git fsck` to check the repository".into(),
            })?;
        let target = dest.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        std::fs::write(&target, content).map_err(|e| write_error(&target, e))?;
        rest = rest.get(start + size + 1..).unwrap_or_default();
    }
    Ok(())
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    WriteError::TempDir {
        path: path.to_path_buf(),
        source,
    }
    .into()
}
