//! The text of every file that was read, kept so that diagnostics can be
//! rendered after loading has finished, and byte offsets turned into lines.

mod tree;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub(crate) use tree::replace_dir;

/// Index of a file in [`Files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub(crate) u32);

/// A file that was read: its path as shown to users (relative to the
/// repository root, `/`-separated) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The text; for a file that is not UTF-8 this is a lossy decoding used
    /// only to show where the bad bytes are.
    pub text: String,
    /// Where each line starts, found when a diagnostic first needs it:
    /// most files never do, and a large claim set holds 100,000 of them.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }
}

/// Every file read in one run.
#[derive(Debug, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub(crate) fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 2^32 files"))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file read from `path` (as shown: relative to the root).
    pub fn get_by_path(&self, path: &Path) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Every file, in the order of their ids.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Why a conditional write ([`write_new`], [`write_if_unchanged`]) did not
/// happen. Whatever the outcome, the file is as it was and no temp file is
/// left.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NotWritten {
    /// `write_new`: something is at the path already (a dangling symlink
    /// included).
    #[error("exists already")]
    Exists,
    /// `write_if_unchanged`: the file on disk is not what was read (edited,
    /// replaced or removed meanwhile).
    #[error("changed on disk since it was read")]
    Changed,
    /// The write (or the read that compares) failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl NotWritten {
    /// The failure to report for `path` (as shown to the user).
    pub(crate) fn into_error(self, path: std::path::PathBuf) -> crate::error::WriteError {
        use crate::error::WriteError;
        match self {
            NotWritten::Exists => WriteError::Exists { path },
            NotWritten::Changed => WriteError::ChangedMeanwhile { path },
            NotWritten::Io(source) => WriteError::File { path, source },
        }
    }
}

/// Writes `bytes` to `path` atomically: to a temp file in the same folder,
/// flushed, then renamed over `path`. On failure `path` is untouched and
/// the temp file removed.
///
/// A `path` that is a symlink is not replaced by a regular file: the file
/// it points to is (callers check that the target is one they may write,
/// see [`inside`]). An existing file keeps its permissions.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = through_link(path)?;
    let mode = std::fs::metadata(&target).ok().map(|m| m.permissions());
    write_via_temp(&target, bytes, mode, |tmp, path| std::fs::rename(tmp, path))
}

/// Writes a new file at `path`, atomically, creating its folder if
/// missing, and fails with [`NotWritten::Exists`] rather than replace
/// anything: the temp file is linked to the name, which fails if the name
/// is taken (a dangling symlink included).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), NotWritten> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_via_temp(path, bytes, None, |tmp, path| {
        std::fs::hard_link(tmp, path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NotWritten::Exists,
            _ => NotWritten::Io(e),
        })
    })
}

/// Replaces the file at `path`, which was read as `expected`, with `new`,
/// as [`write_atomic`] does (through a symlink, the mode kept), unless it
/// no longer holds `expected`: then [`NotWritten::Changed`] and nothing is
/// written. The file is compared once before anything is written, and
/// again after the temp file is written and flushed, just before the
/// rename, so the window in which an edit could be lost is that of one
/// read and one rename, not that of the work since the first read.
pub(crate) fn write_if_unchanged(
    path: &Path,
    expected: &[u8],
    new: &[u8],
) -> Result<(), NotWritten> {
    write_if_unchanged_then(path, expected, new, || {})
}

/// [`write_if_unchanged`], with `last_moment` run after the temp file is
/// written, before the last comparison (tests change the file there).
fn write_if_unchanged_then(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    last_moment: impl FnOnce(),
) -> Result<(), NotWritten> {
    let target = through_link(path)?;
    if !holds(&target, expected)? {
        return Err(NotWritten::Changed);
    }
    let mode = std::fs::metadata(&target).ok().map(|m| m.permissions());
    write_via_temp(&target, new, mode, |tmp, target| {
        last_moment();
        if !holds(target, expected)? {
            return Err(NotWritten::Changed);
        }
        Ok(std::fs::rename(tmp, target)?)
    })
}

/// Whether the file at `path` holds exactly `expected`; a file that is
/// gone does not.
fn holds(path: &Path, expected: &[u8]) -> std::io::Result<bool> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(bytes == expected),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The file a write to `path` goes to: `path`, or if it is a symlink, its
/// target.
fn through_link(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// The temp file `.NAME.PID.RANDOM.tmp` beside `path`, created exclusively
/// (never through an existing file or symlink; a taken name is retried with
/// another random part), written and flushed, then given to `place`;
/// removed whatever happens. Temp files left by a process that was killed
/// mid-write are swept away first.
fn write_via_temp<E: From<std::io::Error>>(
    path: &Path,
    bytes: &[u8],
    mode: Option<std::fs::Permissions>,
    place: impl FnOnce(&Path, &Path) -> Result<(), E>,
) -> Result<(), E> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    sweep_stale_temps(dir, &name);
    let (tmp, mut f) = create_temp(dir, &name)?;
    let written = (|| {
        if let Some(mode) = mode {
            f.set_permissions(mode)?;
        }
        f.write_all(bytes)?;
        f.sync_all()
    })();
    drop(f);
    let result = match written {
        Ok(()) => place(&tmp, path),
        Err(e) => Err(e.into()),
    };
    let _ = std::fs::remove_file(&tmp);
    result
}

/// A new temp file for `name` in `dir`, with an unpredictable name,
/// created with `O_CREAT | O_EXCL` (which also refuses a symlink).
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(".{name}.{pid}.{:016x}.tmp", fastrand::u64(..)));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("tried at least once"))
}

/// Removes `.NAME.PID.RANDOM.tmp` (and the older `.NAME.PID.tmp`) files
/// whose process is gone (Linux: no /proc/PID); elsewhere, or for a live
/// process, leaves them. A symlink so named is removed, never followed.
fn sweep_stale_temps(dir: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let (pid, random) = rest.split_once('.').unwrap_or((rest, ""));
        let ours = !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && random.bytes().all(|b| b.is_ascii_hexdigit());
        if ours && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `path`, with every symlink resolved, lies inside `dir` (also
/// resolved). A path that does not exist yet is judged by its nearest
/// existing ancestor, and must not climb out with `..` after it.
pub(crate) fn inside(dir: &Path, path: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    let resolved = loop {
        match std::fs::canonicalize(&existing) {
            Ok(p) => break p,
            Err(_) => match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => return false,
            },
        }
    };
    let mut full = resolved;
    for part in rest.iter().rev() {
        if part == ".." {
            return false;
        }
        full.push(part);
    }
    full.starts_with(&dir)
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub(crate) fn new(value: T, span: Range<usize>) -> Sp<T> {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: serde::Serialize> serde::Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_atomic_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("taken");
        std::fs::create_dir(target.join("")).unwrap();
        std::fs::write(target.join("inside"), "kept").unwrap();
        assert!(
            write_atomic(&target, b"new").is_err(),
            "a folder cannot be replaced by a file"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["taken"], "no temp file is left");
        assert_eq!(
            std::fs::read_to_string(target.join("inside")).unwrap(),
            "kept"
        );
        let file = dir.path().join("f.toml");
        write_atomic(&file, b"one").unwrap();
        write_atomic(&file, b"two").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"two");
        // A new file never replaces one.
        let err = write_new(&file, b"three").unwrap_err();
        assert!(matches!(err, NotWritten::Exists), "{err:?}");
        assert_eq!(std::fs::read(&file).unwrap(), b"two");
        write_new(&dir.path().join("g.toml"), b"new").unwrap();
    }

    #[test]
    fn a_temp_file_left_by_a_killed_process_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has PID 4194305 (above Linux's PID limit).
        let stale = dir.path().join(".f.toml.4194305.tmp");
        let live = dir
            .path()
            .join(format!(".f.toml.{}.tmp.keep", std::process::id()));
        let stale_new = dir.path().join(".f.toml.4194305.00ff00ff00ff00ff.tmp");
        std::fs::write(&stale_new, "half").unwrap();
        std::fs::write(&stale, "half").unwrap();
        std::fs::write(&live, "other").unwrap();
        write_atomic(&dir.path().join("f.toml"), b"whole").unwrap();
        assert!(!stale.exists(), "swept");
        assert!(!stale_new.exists(), "swept");
        // Names that are not a dead process's temp files are left alone.
        for other in [
            ".f.toml.4194305x.tmp",
            ".f.toml.4194305.notHex.tmp",
            ".f.toml..tmp",
            ".f.toml.abc.00ff.tmp",
        ] {
            let path = dir.path().join(other);
            std::fs::write(&path, "keep").unwrap();
            write_atomic(&dir.path().join("f.toml"), b"whole").unwrap();
            assert!(path.exists(), "{other} was swept");
        }
        assert!(live.exists(), "not a temp file of this name");
        assert_eq!(std::fs::read(dir.path().join("f.toml")).unwrap(), b"whole");
    }

    #[test]
    fn a_planted_symlink_never_redirects_a_write() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "old").unwrap();
        // Every name an attacker could predict: the old `.NAME.PID.tmp`.
        let planted = dir
            .path()
            .join(format!(".f.toml.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&file, b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        assert!(!std::fs::symlink_metadata(&file).unwrap().is_symlink());
        write_new(&dir.path().join("g.toml"), b"g").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        // A dangling symlink is a taken name for a new file.
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("h.toml")).unwrap();
        let err = write_new(&dir.path().join("h.toml"), b"h").unwrap_err();
        assert!(matches!(err, NotWritten::Exists), "{err:?}");
        assert!(!dir.path().join("nowhere").exists());
        // The temp file is not world-readable for a private file.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&file, b"newer").unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the mode is kept");
    }

    #[test]
    fn a_symlink_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/t.toml");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("l.toml");
        std::os::unix::fs::symlink("real/t.toml", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    /// Fails unless the write was refused as `Changed`.
    #[track_caller]
    fn changed(result: Result<(), NotWritten>) {
        assert!(matches!(result, Err(NotWritten::Changed)), "{result:?}");
    }

    /// The names in `dir`, sorted (also for `tree`'s tests).
    pub(super) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_unchanged_file_is_replaced_its_mode_and_symlink_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("l.toml");
        std::os::unix::fs::symlink("f.toml", &link).unwrap();
        write_if_unchanged(&link, b"old", b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        write_if_unchanged(&file, b"new", b"newer").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"newer");
        assert_eq!(names(dir.path()), ["f.toml", "l.toml"]);
    }

    #[test]
    fn a_file_changed_between_read_and_write_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "read").unwrap();
        let read = std::fs::read(&file).unwrap();
        // Edited before the write began.
        std::fs::write(&file, "theirs").unwrap();
        changed(write_if_unchanged(&file, &read, b"ours"));
        assert_eq!(std::fs::read(&file).unwrap(), b"theirs");
        // Edited while the write was under way: after the first comparison
        // and the temp file, before the rename.
        std::fs::write(&file, "read").unwrap();
        changed(write_if_unchanged_then(&file, &read, b"ours", || {
            std::fs::write(&file, "theirs, later").unwrap();
        }));
        assert_eq!(std::fs::read(&file).unwrap(), b"theirs, later");
        // Saved by an editor that renames, to the same bytes: unchanged.
        write_if_unchanged_then(&file, b"theirs, later", b"ours", || {
            std::fs::write(dir.path().join("x"), "theirs, later").unwrap();
            std::fs::rename(dir.path().join("x"), &file).unwrap();
        })
        .unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"ours");
        assert_eq!(names(dir.path()), ["f.toml"], "no temp file is left");
    }

    #[test]
    fn a_file_removed_or_swapped_for_a_symlink_meanwhile_is_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "read").unwrap();
        changed(write_if_unchanged_then(&file, b"read", b"ours", || {
            std::fs::remove_file(&file).unwrap();
        }));
        assert!(!file.exists(), "not brought back");
        changed(write_if_unchanged(&file, b"read", b"ours"));
        // A symlink to another file put in its place: that file is not
        // what was read, so it is not written either.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, &file).unwrap();
        changed(write_if_unchanged(&file, b"read", b"ours"));
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(names(dir.path()), ["f.toml", "victim"]);
    }

    #[test]
    fn a_new_file_gets_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a/b/new.toml");
        write_new(&file, b"new").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        let err = write_new(&file, b"again").unwrap_err();
        assert!(matches!(err, NotWritten::Exists), "{err:?}");
        assert_eq!(names(&dir.path().join("a/b")), ["new.toml"]);
    }

    #[test]
    fn inside_resolves_symlinks_and_dots() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::fs::create_dir(dir.path().join("outside")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("out")).unwrap();
        std::os::unix::fs::symlink("claims", root.join("in")).unwrap();
        assert!(inside(&root, &root.join("claims/x.toml")));
        assert!(inside(&root, &root.join("new/deeper/cache")));
        assert!(inside(&root, &root.join("in/cache")));
        assert!(inside(&root, &root.join("claims/../cache")));
        assert!(!inside(&root, &root.join("../x")));
        assert!(!inside(&root, &root.join("claims/../../x")));
        assert!(!inside(&root, &root.join("new/../../x")));
        assert!(!inside(&root, &root.join("out/cache")));
        assert!(!inside(&root, &root.join("out/new/cache")));
        assert!(!inside(&root, Path::new("/etc/passwd")));
        assert!(!inside(&root.join("missing"), &root.join("x")));
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("a.toml".into(), "ab\nçd = 1\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (2, 3)); // after the two-byte ç and d
        assert_eq!(f.line_col(100), (3, 1));
    }
}
