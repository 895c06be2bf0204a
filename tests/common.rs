//! Shared helpers for the integration tests.
#![allow(dead_code)]

use cuadra::config::Config;
use cuadra::engine::{FileReport, RunResult, check_source};
use cuadra::report::human::{Style, render};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Check a fixture (path relative to the repository root) with the built-in rules.
pub fn check_fixture(rel: &Path) -> FileReport {
    let text = std::fs::read_to_string(root().join(rel)).expect("fixture is UTF-8");
    check_source(rel, Arc::from(text), &Config::builtin())
}

/// Check a text as `name` with the built-in rules.
pub fn check_text(name: &str, text: &str) -> FileReport {
    check_source(Path::new(name), Arc::from(text), &Config::builtin())
}

/// Every finding of a report drawn as the terminal shows it (no colour, 80 columns).
pub fn render_all(report: &FileReport) -> String {
    report.findings.iter().map(|f| render(report, f, Style::PLAIN)).collect()
}

/// The JSON document of a report.
pub fn json(report: &FileReport) -> serde_json::Value {
    cuadra::report::json::document(&RunResult { files: vec![report.clone()], ..Default::default() })
}

/// `(rule, source text under the span)` of each finding.
pub fn found(report: &FileReport) -> Vec<(String, String)> {
    report.findings.iter().map(|f| (f.rule.to_string(), report.source[f.span.range()].to_string())).collect()
}
