//! Reporters: one module per output format, all reading the same [`RunResult`].
//!
//! A reporter never re-runs a rule or re-reads a file: everything it shows is in the
//! findings and the file reports.

pub mod editorial;
pub mod excerpt;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod markup;
pub mod output;
pub mod region;
pub mod sarif;
pub mod texts;

use crate::diagnostic::Severity;
use crate::engine::RunResult;

/// Counts for the closing line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files checked.
    pub files_checked: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// Paths not checked (binary, too large, unreadable).
    pub files_skipped: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
}

impl Summary {
    /// Count `result`.
    #[must_use]
    pub fn of(result: &RunResult) -> Self {
        let mut s = Summary {
            files_checked: result.files.len(),
            files_with_findings: result.files.iter().filter(|f| !f.findings.is_empty()).count(),
            files_skipped: result.skipped.len(),
            ..Summary::default()
        };
        for (_, f) in result.findings() {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// Findings at or above `level`.
    #[must_use]
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}

/// Output formats of `cuadra check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics for a terminal (miette).
    Human,
    /// One JSON document (see the README for the schema).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations), plus the job summary.
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
}

impl Format {
    /// Whether the output is read by a program: no colours, no progress bar.
    #[must_use]
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Human)
    }
}
