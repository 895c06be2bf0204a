//! Writing files atomically: the new bytes go to a temporary file in the same directory,
//! which is then renamed over the target, so a reader (or a crash) sees the old file or the
//! new one, never half of each.
//!
//! Invariants:
//! - the temporary file is in the target's directory (a rename across file systems is not
//!   atomic) and is removed if anything fails before the rename;
//! - a symbolic link is resolved first, so the link stays a link and its target is replaced;
//! - [`replace_if_unchanged`] keeps the file's permissions (and, where allowed, its owner),
//!   and refuses to write when the file on disk no longer holds the bytes the caller read;
//!   the check is repeated just before the rename to make the window as small as it can be
//!   without locks (an editor that saves in that window still loses the race, as with any
//!   tool that rewrites files).
//!
//! A rename gives the file a new inode: hard links to the old one keep the old content.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file was not replaced.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    /// The file on disk is not what was read: it changed, or it was decoded from another
    /// encoding.
    #[error("the file changed since it was read")]
    Changed,
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// The path to write: a symbolic link's final target, else `path` itself.
fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temporary_in(dir: &Path, permissions: Option<fs::Permissions>) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cuadra-").suffix(".tmp");
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    builder.tempfile_in(dir)
}

/// Make the rename durable where the platform allows it.
fn sync_directory(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Permissions for a file that does not exist yet: what `create` would give (0666 less the
/// umask on Unix), not the 0600 of a temporary file.
fn fresh_permissions() -> Option<fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    None
}

/// Write `bytes` to `path`, creating or replacing it atomically. An existing file keeps its
/// permissions.
///
/// # Errors
/// The directory is not writable, the disk is full, `path` is a directory…
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve(path);
    let permissions = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, format!("{} is a directory", path.display())));
        }
        Ok(m) => Some(m.permissions()),
        Err(_) => fresh_permissions(),
    };
    let dir = directory_of(&target);
    let mut tmp = temporary_in(dir, permissions)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_directory(dir);
    Ok(())
}

/// Replace the contents of the existing file `path` with `new`, atomically, only if it still
/// holds exactly `expected`. Permissions are kept; so is the owner when the process may set it.
///
/// # Errors
/// [`ReplaceError::Changed`] when the file does not hold `expected` (checked before writing
/// and again just before the rename); [`ReplaceError::Io`] when reading or writing failed.
pub fn replace_if_unchanged(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), ReplaceError> {
    let target = resolve(path);
    let before = fs::metadata(&target)?;
    if !before.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file").into());
    }
    if before.len() != expected.len() as u64 || fs::read(&target)? != expected {
        return Err(ReplaceError::Changed);
    }
    let dir = directory_of(&target);
    let mut tmp = temporary_in(dir, Some(before.permissions()))?;
    tmp.write_all(new)?;
    tmp.as_file().sync_all()?;
    // `Builder::permissions` is subject to the umask; set them again exactly.
    fs::set_permissions(tmp.path(), before.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else this is a no-op or fails harmlessly.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(before.uid()), Some(before.gid()));
    }
    // Last look before the rename: same size, same modification time, same bytes.
    let now = fs::metadata(&target)?;
    let same_stamp = now.len() == before.len() && now.modified().ok() == before.modified().ok();
    if !same_stamp || fs::read(&target)? != expected {
        return Err(ReplaceError::Changed);
    }
    tmp.persist(&target).map_err(|e| ReplaceError::Io(e.error))?;
    sync_directory(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
    }

    #[test]
    fn refuses_a_changed_file_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.md");
        fs::write(&p, "de de").unwrap();
        let err = replace_if_unchanged(&p, b"otra cosa", b"de").unwrap_err();
        assert!(matches!(err, ReplaceError::Changed));
        assert_eq!(fs::read(&p).unwrap(), b"de de");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        fs::write(&real, "de de").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace_if_unchanged(&link, b"de de", b"de").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"de");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
    }
}
