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

/// The same document as [`document`], serialized one finding at a time.
///
/// Building the whole [`Value`] first costs about 8 KB per finding (a map per object):
/// 100,000 findings in one hostile file took 880 MB. Streaming keeps only one finding's
/// value alive. The keys are written in the order `document` has them (a `Value` map is
/// sorted), so the bytes are the same.
struct Streamed<'a>(&'a RunResult);

/// The findings array of [`Streamed`], each finding made as it is written.
struct StreamedFindings<'a>(&'a RunResult);

impl serde::Serialize for StreamedFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings().map(|(file, f)| finding(file, f)))
    }
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let skipped: Vec<Value> =
            self.0.skipped.iter().map(|s| json!({"path": s.path, "reason": s.reason, "error": s.error})).collect();
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("findings", &StreamedFindings(self.0))?;
        map.serialize_entry("skipped", &skipped)?;
        // Through a `Value`, as in `document`, so that its keys come out sorted.
        map.serialize_entry("summary", &json!(Summary::of(self.0)))?;
        map.serialize_entry("version", &VERSION)?;
        map.end()
    }
}

/// Write the run as pretty JSON.
///
/// # Errors
/// Writing failed.
pub fn write(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Streamed(result))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{Skipped, check_source};
    use std::path::Path;

    #[test]
    fn streamed_output_is_the_document_byte_for_byte() {
        let text = "# Título\n\nSe atendió a XX personas de de la región el ___ de mayo.\n";
        let file = check_source(Path::new("a.md"), text.into(), &Config::builtin());
        assert!(file.findings.len() >= 2);
        let skipped = Skipped { path: "b.md".into(), reason: "binary".into(), error: false, help: None };
        for result in
            [RunResult { files: vec![file], skipped: vec![skipped], ..RunResult::default() }, RunResult::default()]
        {
            let mut streamed = Vec::new();
            write(&result, &mut streamed).unwrap();
            let whole = serde_json::to_string_pretty(&document(&result)).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        }
    }
}
