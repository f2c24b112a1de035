//! Replacing a whole folder at once: the new one is built beside it, on
//! the same filesystem, then renamed into its place. What `report --html`
//! publishes a site with: no file of the new folder is synced one by one
//! (a site is rebuilt from the claims, not a user's work), and the old
//! folder stays whole until the swap.

use std::io;
use std::path::{Path, PathBuf};

/// Builds a folder with `build` (given an empty folder beside `target`)
/// and puts it at `target`. Until `build` has succeeded nothing at
/// `target` changes; if it fails, the half-built folder is removed. An
/// existing `target` is renamed aside, the new folder renamed in, and
/// only then is the old one removed; a `target` that is a symlink keeps
/// pointing where it did, and the folder it points to is replaced. The
/// new folder gets the old one's permissions, else those of a folder
/// made with `create_dir`.
pub(crate) fn replace_dir<T>(
    target: &Path,
    build: impl FnOnce(&Path) -> io::Result<T>,
) -> io::Result<T> {
    let target = resolved(target)?;
    let (parent, name) = parent_and_name(&target)?;
    std::fs::create_dir_all(&parent)?;
    let new = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    let value = build(new.path())?;
    std::fs::set_permissions(new.path(), permissions(&target, &parent)?)?;
    match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(new.keep(), &target)?;
        }
        Err(e) => return Err(e),
        Ok(_) => {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(&parent)?;
            // A folder may be renamed over an empty one. If this fails (a
            // run beside this one moved the folder first), both temp
            // folders go with their guards.
            std::fs::rename(&target, old.path())?;
            let old = old.keep();
            let new = new.keep();
            if let Err(e) = std::fs::rename(&new, &target) {
                // Put the old folder back; the new one is not wanted.
                let _ = std::fs::rename(&old, &target);
                let _ = std::fs::remove_dir_all(&new);
                return Err(e);
            }
            // The new folder is in place: the old one is only clutter now,
            // and a failure to remove it loses nothing.
            remove_tree(&old);
        }
    }
    Ok(value)
}

/// Removes `dir` and everything in it, folders in parallel (a site's ten
/// thousand pages take a while to unlink one by one). Symlinks are
/// removed, never followed. Best effort: what cannot be removed stays.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.flatten().collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|e| {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            remove_tree(&e.path());
        } else {
            let _ = std::fs::remove_file(e.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

/// `target`, or where it points when it is a symlink.
fn resolved(target: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(target),
        _ => Ok(target.to_path_buf()),
    }
}

fn parent_and_name(target: &Path) -> io::Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} does not name a folder", target.display()),
            )
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// The old folder's permissions, else a fresh folder's (what the umask
/// leaves of 0777), found by making one.
fn permissions(target: &Path, parent: &Path) -> io::Result<std::fs::Permissions> {
    if let Ok(m) = std::fs::metadata(target) {
        return Ok(m.permissions());
    }
    let probe = tempfile::Builder::new()
        .prefix(".claimtrack-mode-")
        .tempdir_in(parent)?;
    let made = probe.path().join("d");
    std::fs::create_dir(&made)?;
    std::fs::metadata(&made).map(|m| m.permissions())
}

#[cfg(test)]
mod tests {
    use super::replace_dir;
    use crate::files::tests::names;
    use std::path::Path;

    fn build_with(text: &'static str) -> impl FnOnce(&Path) -> std::io::Result<()> {
        move |dir| {
            std::fs::create_dir(dir.join("sub"))?;
            std::fs::write(dir.join("sub/page.html"), text)
        }
    }

    #[test]
    fn a_new_folder_is_made_and_an_old_one_replaced_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        replace_dir(&site, build_with("one")).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("sub/page.html")).unwrap(),
            "one"
        );
        std::fs::write(site.join("stale.html"), "stale").unwrap();
        replace_dir(&site, build_with("two")).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("sub/page.html")).unwrap(),
            "two"
        );
        assert!(
            !site.join("stale.html").exists(),
            "nothing of the old folder is left"
        );
        assert_eq!(
            names(tmp.path()),
            ["site"],
            "no temp folder is left beside it"
        );
    }

    #[test]
    fn a_failed_build_leaves_the_old_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        replace_dir(&site, build_with("one")).unwrap();
        let failed: std::io::Result<()> = replace_dir(&site, |dir| {
            std::fs::write(dir.join("half.html"), "half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert_eq!(
            std::fs::read_to_string(site.join("sub/page.html")).unwrap(),
            "one"
        );
        assert!(!site.join("half.html").exists());
        assert_eq!(names(tmp.path()), ["site"]);
    }

    /// When the old folder cannot be moved aside (here a file stands at
    /// the target), nothing is left behind: not the build, not the
    /// placeholder for the old folder.
    #[test]
    fn a_failed_swap_leaves_no_temp_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::write(&site, "a file").unwrap();
        assert!(replace_dir(&site, build_with("one")).is_err());
        assert_eq!(std::fs::read_to_string(&site).unwrap(), "a file");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_new_folder_has_the_old_ones_permissions_and_a_symlink_is_followed() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        replace_dir(&real, build_with("one")).unwrap();
        let fresh = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_ne!(fresh, 0o700, "not a private temp folder's mode");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o750)).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace_dir(&link, build_with("two")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(real.join("sub/page.html")).unwrap(),
            "two"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o750);
    }
}
