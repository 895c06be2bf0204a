//! JSON output: one document, stable and versioned.
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [{
//!     "path": "boletin.md", "rule": "placeholder.underscores", "severity": "error",
//!     "message": "…", "help": "…", "label": "…",
//!     "line": 5, "column": 19, "end_line": 5, "end_column": 24,
//!     "offset": 120, "length": 5,
//!     "labels": [{"text": "…", "line": 3, "column": 1, "end_line": 3, "end_column": 9, "offset": 40, "length": 8}],
//!     "fix": {"description": "…", "edits": [{"offset": 10, "length": 3, "replacement": ""}]}
//!   }],
//!   "skipped": [{"path": "x.bin", "reason": "binary file (contains NUL bytes)", "error": false}],
//!   "summary": {"files_checked": 1, "files_with_findings": 1, "files_skipped": 0, "errors": 1, "warnings": 0, "infos": 0}
//! }
//! ```
//! Lines and columns are 1-based; columns count characters (Unicode scalar values);
//! `end_column` is exclusive (just past the last character). `offset` and `length` are bytes.
//! New keys may be added in a later version; existing keys keep their meaning.

use crate::diagnostic::Finding;
use crate::engine::{FileReport, RunResult};
use crate::report::Summary;
use crate::span::Span;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The JSON schema version.
pub const VERSION: u32 = 1;

fn position(file: &FileReport, span: Span) -> serde_json::Map<String, Value> {
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    let mut m = serde_json::Map::new();
    m.insert("line".into(), json!(line));
    m.insert("column".into(), json!(column));
    m.insert("end_line".into(), json!(end_line));
    m.insert("end_column".into(), json!(end_column));
    m.insert("offset".into(), json!(span.start));
    m.insert("length".into(), json!(span.len()));
    m
}

/// One finding as a JSON object.
#[must_use]
pub fn finding(file: &FileReport, f: &Finding) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("path".into(), json!(file.display_path()));
    m.insert("rule".into(), json!(&*f.rule));
    m.insert("severity".into(), json!(f.severity.as_str()));
    m.insert("message".into(), json!(f.message));
    m.insert("help".into(), json!(f.help));
    m.insert("label".into(), json!(f.label));
    m.extend(position(file, f.span));
    let labels: Vec<Value> = f
        .labels
        .iter()
        .map(|l| {
            let mut lm = serde_json::Map::new();
            lm.insert("text".into(), json!(l.text));
            lm.extend(position(file, l.span));
            Value::Object(lm)
        })
        .collect();
    m.insert("labels".into(), Value::Array(labels));
    m.insert(
        "fix".into(),
        f.fix.as_ref().map_or(Value::Null, |fix| {
            json!({
                "description": fix.description,
                "edits": fix.edits.iter().map(|e| json!({"offset": e.span.start, "length": e.span.len(), "replacement": e.replacement})).collect::<Vec<_>>(),
            })
        }),
    );
    Value::Object(m)
}

/// The whole run as one JSON value.
#[must_use]
pub fn document(result: &RunResult) -> Value {
    json!({
        "version": VERSION,
        "findings": result.findings().map(|(file, f)| finding(file, f)).collect::<Vec<_>>(),
        "skipped": result.skipped.iter().map(|s| json!({"path": s.path, "reason": s.reason, "error": s.error})).collect::<Vec<_>>(),
        "summary": Summary::of(result),
    })
}

/// Write the run as pretty JSON.
///
/// # Errors
/// Writing failed.
pub fn write(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(result))?;
    writeln!(out)
}
