//! Positions as editors and CI tools count them, for the machine formats (SARIF, GitHub,
//! JUnit).
//!
//! Lines and columns are 1-based and count Unicode scalar values (SARIF's
//! `unicodeCodePoints`); the end column is exclusive. Character offsets count scalar values
//! from the start of the text. A leading byte-order mark is an encoding marker, not text:
//! editors do not show it, so it is not counted in columns of the first line nor in character
//! offsets (byte offsets, where a format has them, still count it: they address the file).
//!
//! Invariant: positions are computed from the same text the spans point into
//! ([`FileReport::source`]); a span past the end or off a character boundary is clamped,
//! never a panic.

use crate::engine::FileReport;
use crate::span::Span;

const BOM: char = '\u{feff}';

/// Where a span lies, in editor terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// 1-based line of the first character.
    pub start_line: usize,
    /// 1-based column of the first character.
    pub start_column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the last character.
    pub end_column: usize,
    /// Characters before the span (BOM excluded).
    pub char_offset: usize,
    /// Characters in the span.
    pub char_length: usize,
}

/// Computes [`Region`]s for one file. Built once per file: finding a character offset is a
/// binary search plus a count within one line, so a file with thousands of findings is not
/// rescanned from its start for each.
pub struct Positions<'a> {
    file: &'a FileReport,
    /// Characters before each line start (BOM excluded), by 0-based line.
    chars_before_line: Vec<usize>,
    bom: bool,
}

impl<'a> Positions<'a> {
    /// Index `file`.
    #[must_use]
    pub fn new(file: &'a FileReport) -> Self {
        let source = &*file.source;
        let bom = source.starts_with(BOM);
        let mut chars_before_line = Vec::with_capacity(file.lines.line_count());
        let mut counted_to = 0;
        let mut chars = 0;
        for line in 1..=file.lines.line_count() {
            let start = file.lines.line_start(line).unwrap_or(source.len()).min(source.len());
            chars += count_chars(source, counted_to, start);
            counted_to = start.max(counted_to);
            chars_before_line.push(chars.saturating_sub(usize::from(bom && line > 1)));
        }
        Self { file, chars_before_line, bom }
    }

    /// `(line, column, char offset)` of byte `offset`.
    fn point(&self, offset: usize) -> (usize, usize, usize) {
        let (line, column) = self.file.line_col(offset);
        // The BOM is the first character of line 1: columns after it move left by one.
        let column = if self.bom && line == 1 { column.saturating_sub(1).max(1) } else { column };
        let before = self.chars_before_line.get(line - 1).copied().unwrap_or(0);
        (line, column, before + column - 1)
    }

    /// The region of `span`.
    #[must_use]
    pub fn region(&self, span: Span) -> Region {
        let (start_line, start_column, char_offset) = self.point(span.start);
        let (end_line, end_column, end_offset) = self.point(span.end.max(span.start));
        Region { start_line, start_column, end_line, end_column, char_offset, char_length: end_offset - char_offset }
    }
}

/// Characters in `source[from..to]`, tolerant of bounds off a character boundary.
fn count_chars(source: &str, from: usize, to: usize) -> usize {
    if to <= from {
        return 0;
    }
    // Count UTF-8 lead bytes: exact on valid text whatever the boundaries.
    source.as_bytes()[from.min(source.len())..to.min(source.len())].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::check_source;
    use std::path::Path;
    use std::sync::Arc;

    fn report(text: &str) -> FileReport {
        check_source(Path::new("t.md"), Arc::from(text), &Config::builtin())
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle in text");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn columns_and_offsets_count_characters() {
        let text = "Año\u{a0}ñ\r\nmás XX aquí\n";
        let file = report(text);
        let r = Positions::new(&file).region(span_of(text, "XX"));
        assert_eq!((r.start_line, r.start_column, r.end_line, r.end_column), (2, 5, 2, 7));
        // "Año\u{a0}ñ\r\n" is 7 characters, "más " 4 more.
        assert_eq!((r.char_offset, r.char_length), (11, 2));
    }

    #[test]
    fn the_byte_order_mark_is_not_a_character() {
        let text = "\u{feff}No. 2__\nX é XX";
        let file = report(text);
        let p = Positions::new(&file);
        let r = p.region(span_of(text, "2__"));
        assert_eq!((r.start_line, r.start_column, r.end_column, r.char_offset), (1, 5, 8, 4));
        let r = p.region(span_of(text, "XX"));
        assert_eq!((r.start_line, r.start_column, r.char_offset, r.char_length), (2, 5, 12, 2));
    }

    #[test]
    fn spans_past_the_end_are_clamped() {
        let text = "é";
        let file = report(text);
        let r = Positions::new(&file).region(Span::new(1, 50));
        assert!(r.char_offset <= 1 && r.char_length <= 1);
    }
}
