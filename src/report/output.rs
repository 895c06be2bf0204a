//! Writing a report file: atomically, and never over a bulletin.
//!
//! Invariants: a reader of the output path sees either the old file or the whole new one,
//! never a half-written report (the text goes to a temporary file in the same directory,
//! is flushed to disk, then renamed over the path); and a path that names one of the run's
//! inputs (the same file, through a symbolic or hard link too) is refused before anything
//! is written, so `cuadra report boletin.md -o boletin.md` cannot destroy a bulletin.

use crate::engine::RunResult;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a report was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output path is one of the checked inputs.
    #[error("refusing to write the report over `{}`: it is one of the checked bulletins", .0.display())]
    IsInput(PathBuf),
    /// Writing failed.
    #[error("cannot write the report to `{}`: {}", .0.display(), .1)]
    Io(PathBuf, #[source] std::io::Error),
}

/// The paths a run read (checked files and the paths it skipped), as they exist on disk.
fn inputs(result: &RunResult) -> impl Iterator<Item = &Path> {
    let checked = result.files.iter().map(|f| f.path.as_path());
    let skipped = result.skipped.iter().map(|s| Path::new(s.path.as_str()));
    checked.chain(skipped).filter(|p| *p != Path::new("-"))
}

/// Whether `output` is one of the inputs of `result` (compared as files, so another
/// spelling of the path, a symbolic link or a hard link to a bulletin is caught). A path
/// that does not exist cannot be a bulletin that was read.
#[must_use]
pub fn is_input(output: &Path, result: &RunResult) -> bool {
    output.exists() && inputs(result).any(|p| same_file::is_same_file(output, p).unwrap_or(false))
}

/// Write `contents` to `output` atomically, unless `output` is an input of `result`.
///
/// # Errors
/// [`OutputError::IsInput`] before touching anything; [`OutputError::Io`] when the
/// temporary file cannot be created, written, flushed or renamed (it is removed then).
pub fn write_atomically(output: &Path, contents: &[u8], result: &RunResult) -> Result<(), OutputError> {
    if is_input(output, result) {
        return Err(OutputError::IsInput(output.to_path_buf()));
    }
    let io = |e| OutputError::Io(output.to_path_buf(), e);
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".cuadra-report-").suffix(".tmp").tempfile_in(dir).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // The temporary file is private (0600); a report is for sharing, like any file the
    // user writes: keep an existing file's permissions, else the usual 0644.
    let permissions = match std::fs::metadata(output) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        _ => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(io)?;
    }
    tmp.persist(output).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::check_source;
    use std::sync::Arc;

    fn run_on(path: &Path) -> RunResult {
        let text = std::fs::read_to_string(path).unwrap();
        RunResult {
            files: vec![check_source(path, Arc::from(text), &Config::builtin())],
            skipped: vec![],
            ..RunResult::default()
        }
    }

    #[test]
    fn refuses_an_input_by_any_name_and_leaves_it_intact() {
        let dir = tempfile::tempdir().unwrap();
        let bulletin = dir.path().join("boletin.md");
        std::fs::write(&bulletin, "Ciudad de México, _____ de mayo\n").unwrap();
        let result = run_on(&bulletin);
        let err = write_atomically(&bulletin, b"<html>", &result).unwrap_err();
        assert!(matches!(err, OutputError::IsInput(_)), "{err}");
        let dotted = dir.path().join(".").join("boletin.md");
        assert!(write_atomically(&dotted, b"<html>", &result).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("enlace.md");
            std::os::unix::fs::symlink(&bulletin, &link).unwrap();
            assert!(write_atomically(&link, b"<html>", &result).is_err());
            let hard = dir.path().join("duro.md");
            std::fs::hard_link(&bulletin, &hard).unwrap();
            assert!(write_atomically(&hard, b"<html>", &result).is_err());
        }
        assert_eq!(std::fs::read_to_string(&bulletin).unwrap(), "Ciudad de México, _____ de mayo\n");
    }

    #[test]
    fn writes_and_replaces_a_report_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let bulletin = dir.path().join("boletin.md");
        std::fs::write(&bulletin, "Texto.\n").unwrap();
        let result = run_on(&bulletin);
        let out = dir.path().join("informe.html");
        write_atomically(&out, b"uno", &result).unwrap();
        write_atomically(&out, b"dos", &result).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "dos");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let missing = dir.path().join("no-existe").join("informe.html");
        assert!(matches!(write_atomically(&missing, b"x", &result), Err(OutputError::Io(..))));
    }
}
