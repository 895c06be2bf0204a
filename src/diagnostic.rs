//! Findings: what rules produce and every reporter consumes.
//!
//! A [`Finding`] is plain data (rule id, severity, message, spans, help, optional fix). Only
//! the human reporter turns it into a miette diagnostic, so the rest of the crate does not
//! depend on how findings are drawn.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never fails a run unless `--fail-on info`.
    Info,
    /// Probably wrong.
    Warning,
    /// Wrong: must be fixed before publishing.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with its own text (each addend of a sum, the first of two repeats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is.
    pub text: String,
}

/// One replacement of source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub replacement: String,
}

/// A fix a rule offers. Only fixes a rule declares safe are applied by `--fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for `--diff` and JSON.
    pub description: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
}

/// One finding of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id (`family.name`).
    pub rule: Arc<str>,
    /// Severity after configuration.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// What to do about it (and the arithmetic, for figures).
    pub help: Option<String>,
    /// The exact words at fault.
    pub span: Span,
    /// Text of the label on `span`.
    pub label: Option<String>,
    /// Other spans that matter.
    pub labels: Vec<Label>,
    /// A fix, when the rule can offer one.
    pub fix: Option<Fix>,
}

impl Finding {
    /// The rule's family: the part of the id before the first dot.
    #[must_use]
    pub fn family(&self) -> &str {
        self.rule.split('.').next().unwrap_or(&self.rule)
    }
}
