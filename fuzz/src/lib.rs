//! Shared invariants for the fuzz targets: what must hold for every input, not just
//! "no panic". Each helper panics (so libFuzzer records a crash) when an invariant breaks.

use cuadra::document::Document;
use cuadra::engine::FileReport;
use cuadra::span::Span;
use std::ops::Range;

/// Turn fuzzer bytes into text the way the engine does for a file: decoded (UTF-16 with a
/// BOM, UTF-8), or `None` where the engine would skip or refuse the file.
#[must_use]
pub fn text_of(data: &[u8]) -> Option<std::sync::Arc<str>> {
    match cuadra::input::decode(data.to_vec(), 1 << 20) {
        cuadra::input::Input::Text(t, _) => Some(t),
        _ => None,
    }
}

/// A span lies inside `text`, start before end, both ends on char boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert_range(text, span.range(), what);
}

/// A byte range lies inside `text`, start before end, both ends on char boundaries.
pub fn assert_range(text: &str, r: Range<usize>, what: &str) {
    assert!(r.start <= r.end, "{what}: reversed range {r:?}");
    assert!(r.end <= text.len(), "{what}: {r:?} past the end ({})", text.len());
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: {r:?} not on char boundaries"
    );
}

/// Every span of a parsed document: blocks, prose map, sentences, URLs, links, comments, code.
pub fn assert_document(doc: &Document) {
    let src = &*doc.source;
    for b in &doc.blocks {
        assert_span(src, b.span, "block span");
        let text = b.text();
        let mut last_end = 0;
        for s in &b.sentences {
            assert_range(text, s.clone(), "sentence");
            assert!(s.start >= last_end, "sentences overlap or are out of order");
            last_end = s.end;
        }
        for u in &b.urls {
            assert_range(text, u.clone(), "bare url");
        }
        // The prose map: any char-aligned range of the text maps into the source.
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let step = (bounds.len() / 16).max(1);
        for (k, &a) in bounds.iter().enumerate().step_by(step) {
            for &e in bounds[k..].iter().step_by(step) {
                assert_span(src, b.source_span(a..e), "prose → source");
            }
        }
    }
    for l in &doc.links {
        assert_span(src, l.target_span, "link target");
        if let Some(t) = l.text_span {
            assert_span(src, t, "link text");
        }
    }
    for &c in doc.comments.iter().chain(&doc.code) {
        assert_span(src, c, "comment or code");
    }
    for off in [0, src.len() / 2, src.len()] {
        let (line, col) = doc.line_col(off);
        assert!(line >= 1 && col >= 1);
    }
}

/// Every finding of a report: spans, labels and fix edits inside the file, on char
/// boundaries; and both reporters render it without panicking.
pub fn assert_report(report: &FileReport) {
    let src = &*report.source;
    for f in &report.findings {
        assert_span(src, f.span, &format!("{} span", f.rule));
        for l in &f.labels {
            assert_span(src, l.span, &format!("{} label", f.rule));
        }
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                assert_span(src, e.span, &format!("{} fix edit", f.rule));
            }
        }
        let _ = cuadra::report::human::render(report, f, cuadra::report::human::Style::PLAIN);
    }
    let result = cuadra::engine::RunResult { files: vec![report.clone()], ..Default::default() };
    let mut json = Vec::new();
    cuadra::report::json::write(&result, &mut json).expect("JSON to a Vec never fails");
    let _: serde_json::Value = serde_json::from_slice(&json).expect("the JSON output parses");
}
