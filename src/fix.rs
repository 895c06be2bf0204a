//! Applying the safe fixes findings carry (`check --fix`), or showing them as a unified
//! diff (`check --diff`).
//!
//! Rules attach a [`Fix`] only when it is safe: deleting the second of two doubled words,
//! `http://` → `https://` for hosts known to serve HTTPS, `%20` for spaces in a URL. Here they
//! are applied centrally:
//!
//! 1. [`apply_fixes`] takes one pass of fixes, sorted by position, and keeps a fix only if
//!    none of its edits overlaps an edit already kept (two insertions at the same place
//!    conflict too, since their order would be a guess); a fix whose edits fall outside the
//!    text or off a character boundary is dropped, never a panic.
//! 2. [`plan`] re-lints the fixed text in memory and repeats until no fix is left (at most
//!    [`MAX_PASSES`]): `de de de` needs two passes, and the second pass sees what the first
//!    changed.
//! 3. [`write`] replaces the file atomically, keeping its permissions, and only if it still
//!    holds the bytes that were checked ([`crate::atomic::replace_if_unchanged`]). Standard
//!    input and files decoded from UTF-16 are never written.
//!
//! Nothing in this module writes unless [`write`] is called, which only `--fix` does.

use crate::atomic::{self, ReplaceError};
use crate::config::Config;
use crate::diagnostic::Fix;
use crate::engine::{self, Configs, FileReport, RunOptions, RunResult};
use crate::error::TomlError;
use crate::span::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Fix passes per file before giving up on convergence.
pub const MAX_PASSES: usize = 10;

/// The fixes of one file, computed but not written.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file (as reported; for standard input, the name shown).
    pub path: PathBuf,
    /// Whether the text came from standard input (never written).
    pub from_stdin: bool,
    /// The text as checked.
    pub original: Arc<str>,
    /// The text with every fix applied.
    pub fixed: String,
    /// What each applied fix did, in the order applied.
    pub applied: Vec<String>,
    /// Whether re-linting found no fix left (false: stopped after [`MAX_PASSES`]).
    pub converged: bool,
}

impl FileFix {
    /// Whether the fixes change the text.
    #[must_use]
    pub fn changes(&self) -> bool {
        *self.original != *self.fixed
    }

    /// The path for display.
    #[must_use]
    pub fn display_path(&self) -> String {
        engine::display(&self.path)
    }
}

/// Whether `fix` can be applied to `text` at all: every edit inside it, on character
/// boundaries, and the edits themselves disjoint.
fn well_formed(text: &str, fix: &Fix) -> bool {
    let inside = |s: Span| {
        s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    !fix.edits.is_empty()
        && fix.edits.iter().all(|e| inside(e.span))
        && fix.edits.iter().enumerate().all(|(i, a)| fix.edits[i + 1..].iter().all(|b| !conflict(a.span, b.span)))
}

/// Whether two edits cannot both be applied: they overlap, or both touch the same point and
/// one of them inserts there (the order of the results would be a guess).
fn conflict(a: Span, b: Span) -> bool {
    a.overlaps(b) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Apply one pass of `fixes` to `text`: sorted by position, each kept only if it conflicts
/// with no fix kept before it. Returns the new text and the fixes applied.
#[must_use]
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, Vec<&'a Fix>) {
    let mut candidates: Vec<&Fix> = fixes.into_iter().filter(|f| well_formed(text, f)).collect();
    let first = |f: &Fix| {
        let start = f.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = f.edits.iter().map(|e| e.span.end).max().unwrap_or(0);
        (start, end)
    };
    candidates.sort_by_key(|f| first(f));
    let mut kept: Vec<&Fix> = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    for fix in candidates {
        if fix.edits.iter().any(|e| taken.iter().any(|&t| conflict(t, e.span))) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        kept.push(fix);
    }
    let mut edits: Vec<(Span, &str)> =
        kept.iter().flat_map(|f| f.edits.iter().map(|e| (e.span, e.replacement.as_str()))).collect();
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, replacement) in edits {
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, kept)
}

/// Fix one checked file in memory: apply, re-lint, repeat until nothing is left to fix.
#[must_use]
pub fn fix_report(report: &FileReport, config: &Config, from_stdin: bool) -> FileFix {
    let mut text: Arc<str> = report.source.clone();
    let mut applied = Vec::new();
    let mut current: Option<FileReport> = None;
    let mut converged = false;
    for _ in 0..MAX_PASSES {
        let findings = &current.as_ref().unwrap_or(report).findings;
        let (fixed, kept) = apply_fixes(&text, findings.iter().filter_map(|f| f.fix.as_ref()));
        if kept.is_empty() || *fixed == *text {
            converged = true;
            break;
        }
        applied.extend(kept.iter().map(|f| f.description.clone()));
        text = Arc::from(fixed);
        current = Some(engine::check_source(&report.path, text.clone(), config));
    }
    FileFix {
        path: report.path.clone(),
        from_stdin,
        original: report.source.clone(),
        fixed: text.to_string(),
        applied,
        converged,
    }
}

/// The fixes of every file of `result` that has any, in path order. `stdin_shown` is the
/// name standard input was reported under, if it was read.
///
/// # Errors
/// A configuration could not be loaded (it loaded for the run, so only if it changed since).
pub fn plan(
    result: &RunResult,
    options: &RunOptions,
    stdin_shown: Option<&Path>,
) -> Result<Vec<FileFix>, Vec<TomlError>> {
    let mut configs = Configs::new(options)?;
    let mut plans = Vec::new();
    for report in &result.files {
        if !report.findings.iter().any(|f| f.fix.is_some()) {
            continue;
        }
        let from_stdin = stdin_shown == Some(report.path.as_path());
        let config = configs.for_path(if from_stdin { Path::new("-") } else { &report.path })?;
        let fix = fix_report(report, &config, from_stdin);
        if fix.changes() {
            plans.push(fix);
        }
    }
    Ok(plans)
}

/// Why a file's fixes were not written.
#[derive(Debug, thiserror::Error)]
pub enum NotWritten {
    /// Standard input has no file to write.
    #[error("standard input cannot be fixed in place (use --diff)")]
    Stdin,
    /// The file on disk is not the UTF-8 text that was checked.
    #[error("the file is not stored as UTF-8 (it was decoded from UTF-16); save it as UTF-8 to fix it")]
    Encoding,
    /// The file changed after it was read.
    #[error("the file changed since it was checked; run cuadra again")]
    Changed,
    /// Reading or writing failed.
    #[error("{0}")]
    Io(std::io::Error),
}

/// Write the fixed text over the file, atomically and only if the file still holds the text
/// that was checked.
///
/// # Errors
/// See [`NotWritten`].
pub fn write(fix: &FileFix) -> Result<(), NotWritten> {
    if fix.from_stdin {
        return Err(NotWritten::Stdin);
    }
    match atomic::replace_if_unchanged(&fix.path, fix.original.as_bytes(), fix.fixed.as_bytes()) {
        Ok(()) => Ok(()),
        Err(ReplaceError::Io(e)) => Err(NotWritten::Io(e)),
        Err(ReplaceError::Changed) => {
            // A UTF-16 file never matches its decoded text: say so rather than "changed".
            let decoded = std::fs::read(&fix.path).ok().map(|b| crate::input::decode(b, u64::MAX));
            match decoded {
                Some(crate::input::Input::Text(t, Some(_))) if *t == *fix.original => Err(NotWritten::Encoding),
                _ => Err(NotWritten::Changed),
            }
        }
    }
}

/// The fixes of one file as a unified diff with three lines of context. A relative path is
/// written `--- a/path` / `+++ b/path`, as git does, ready for `git apply` or `patch -p1`; an
/// absolute path is written as it is on both lines.
#[must_use]
pub fn unified_diff(fix: &FileFix) -> String {
    let path = fix.display_path();
    let (old, new) =
        if fix.path.is_absolute() { (path.clone(), path) } else { (format!("a/{path}"), format!("b/{path}")) };
    similar::TextDiff::from_lines(&*fix.original, fix.fixed.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            description: "test".into(),
            edits: edits.iter().map(|&(s, e, r)| Edit { span: Span::new(s, e), replacement: r.into() }).collect(),
        }
    }

    /// Apply `fixes` to `text`: the new text and how many fixes were applied.
    fn apply(text: &str, fixes: &[Fix]) -> (String, usize) {
        let (out, kept) = apply_fixes(text, fixes);
        (out, kept.len())
    }

    #[test]
    fn disjoint_fixes_apply_in_position_order() {
        let fixes = [fix(&[(8, 11, "")]), fix(&[(2, 5, "")])];
        assert_eq!(apply("de de la la casa", &fixes), ("de la casa".into(), 2));
    }

    #[test]
    fn adjacent_deletions_both_apply() {
        assert_eq!(apply("de de de", &[fix(&[(2, 5, "")]), fix(&[(5, 8, "")])]), ("de".into(), 2));
    }

    #[test]
    fn overlapping_fixes_keep_the_first() {
        assert_eq!(apply("abcdef", &[fix(&[(1, 4, "X")]), fix(&[(3, 5, "Y")])]), ("aXef".into(), 1));
    }

    #[test]
    fn two_insertions_at_one_place_conflict() {
        assert_eq!(apply("ab", &[fix(&[(1, 1, "X")]), fix(&[(1, 1, "Y")])]), ("aXb".into(), 1));
        // An insertion at the start of a replaced range conflicts with it too.
        assert_eq!(apply("abc", &[fix(&[(1, 1, "X")]), fix(&[(1, 2, "Y")])]).1, 1);
        // At its end it does not: the order is clear.
        assert_eq!(apply("abc", &[fix(&[(2, 2, "X")]), fix(&[(1, 2, "Y")])]), ("aYXc".into(), 2));
    }

    #[test]
    fn malformed_fixes_are_dropped_not_panics() {
        let bad = [fix(&[(2, 3, "")]), fix(&[(1, 99, "")]), fix(&[]), fix(&[(0, 1, "x"), (0, 1, "y")])];
        assert_eq!(apply("año", &bad), ("año".into(), 0));
    }

    #[test]
    fn a_multi_edit_fix_is_all_or_nothing() {
        let fixes = [fix(&[(0, 1, "A")]), fix(&[(1, 2, "B"), (0, 1, "Z")])];
        assert_eq!(apply("abcdef", &fixes), ("Abcdef".into(), 1));
    }

    #[test]
    fn fixing_repeats_until_nothing_is_left() {
        let config = crate::config::Config::builtin();
        let report = engine::check_source(Path::new("b.md"), Arc::from("Es de de de todos.\n"), &config);
        let fixed = fix_report(&report, &config, false);
        assert_eq!(fixed.fixed, "Es de todos.\n");
        assert!(fixed.converged);
    }
}
