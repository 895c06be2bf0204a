//! Operational errors: broken rule files and configuration, unreadable inputs.
//!
//! Each is a miette diagnostic; errors in a TOML file carry the file's text and a label
//! on the offending key or value.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::sync::Arc;
use thiserror::Error;

/// A problem in a rule file or in `cuadra.toml`, pointing into the TOML.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(cuadra::config))]
pub struct TomlError {
    /// What is wrong.
    pub message: String,
    /// The TOML file.
    #[source_code]
    pub source_code: NamedSource<Arc<str>>,
    /// Where.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// Label text.
    pub label: String,
    /// What to do.
    #[help]
    pub help: Option<String>,
}

/// One problem found while compiling, before it is tied to its file.
#[derive(Debug, Clone)]
pub struct SpannedProblem {
    /// What is wrong.
    pub message: String,
    /// Byte range in the TOML text.
    pub span: Option<std::ops::Range<usize>>,
    /// Label text under the span.
    pub label: String,
    /// What to do.
    pub help: Option<String>,
}

impl SpannedProblem {
    /// A problem at `span`.
    pub fn new(message: impl Into<String>, span: std::ops::Range<usize>) -> Self {
        Self { message: message.into(), span: Some(span), label: "here".into(), help: None }
    }

    /// With a label text.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// With a help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Tie to the TOML file it was found in.
    #[must_use]
    pub fn into_error(self, name: &str, text: &Arc<str>) -> TomlError {
        let span = self.span.map(|r| {
            let start = r.start.min(text.len());
            let end = r.end.clamp(start, text.len());
            SourceSpan::from(start..end)
        });
        TomlError {
            message: self.message,
            source_code: NamedSource::new(name, text.clone()),
            span,
            label: self.label,
            help: self.help,
        }
    }

    /// From a TOML parse or type error.
    #[must_use]
    pub fn from_toml(err: &toml::de::Error) -> Self {
        Self { message: err.message().trim().to_string(), span: err.span(), label: "here".into(), help: None }
    }
}

/// Several configuration problems, reported together.
#[derive(Debug, Error, Diagnostic)]
#[error("{count} problem(s) in the rules or configuration", count = .problems.len())]
#[diagnostic(code(cuadra::config))]
pub struct ConfigErrors {
    /// Each problem.
    #[related]
    pub problems: Vec<TomlError>,
}

/// A file that could not be checked.
#[derive(Debug, Error, Diagnostic, Clone)]
#[error("{path}: {message}")]
#[diagnostic(code(cuadra::input))]
pub struct InputError {
    /// The file.
    pub path: String,
    /// Why.
    pub message: String,
    /// What to do.
    #[help]
    pub help: Option<String>,
}
