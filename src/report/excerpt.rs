//! The part of a file a diagnostic shows, with long lines cut to a window.
//!
//! Bulletins keep a whole paragraph on one line: drawn whole, a label at column 317 is
//! off the screen. An [`Excerpt`] keeps the lines around the labels and, on a line longer
//! than the display allows, only a window around the labelled words (marked with `…`).
//! Line numbers and the `file:line:column` header stay those of the real file.

use crate::document::LineIndex;
use crate::span::Span;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines of context shown around each label.
pub const CONTEXT: usize = 1;
/// Characters kept on each side of the labelled words in a long line.
const MARGIN: usize = 24;
const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, Copy)]
struct LineMap {
    /// Byte offset of the line in the excerpt text.
    excerpt_start: usize,
    /// Byte offset in the original where the kept window starts.
    cut_start: usize,
    /// Byte offset in the original where the kept window ends.
    cut_end: usize,
    /// Character column (0-based) of `cut_start` in the original line.
    cut_col: usize,
    /// Whether an ellipsis was put before the window.
    prefixed: bool,
}

/// A windowed copy of the lines a finding touches.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line in the original.
    first_line: usize,
    lines: Vec<Option<LineMap>>,
}

impl Excerpt {
    /// Build the excerpt of `source` that shows `spans`, cutting lines to `max_chars`.
    #[must_use]
    pub fn new(name: String, source: &str, index: &LineIndex, spans: &[Span], max_chars: usize) -> Self {
        let line_of = |o: usize| index.line_of(o) - 1; // 0-based
        let mut touched: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| (line_of(s.start), line_of(if s.is_empty() { s.end } else { s.end - 1 }.max(s.start))))
            .collect();
        touched.sort_unstable();
        let first = touched.first().map_or(0, |t| t.0.saturating_sub(CONTEXT));
        let last = touched.iter().map(|t| t.1).max().unwrap_or(0) + CONTEXT;
        let last = last.min(index.line_count().saturating_sub(1));
        let mut text = String::new();
        let mut lines = Vec::with_capacity(last + 1 - first);
        for l in first..=last {
            let near = touched.iter().any(|&(a, b)| l + CONTEXT >= a && l <= b + CONTEXT);
            let start = index.line_start(l + 1).unwrap_or(source.len());
            let end = index.line_start(l + 2).unwrap_or(source.len());
            let content = source[start..end].trim_end_matches(['\n', '\r']);
            let excerpt_start = text.len();
            if !near {
                lines.push(None);
                text.push('\n');
                continue;
            }
            let (cut_start, cut_end) = window(source, start, content, spans, max_chars);
            let prefixed = cut_start > start;
            if prefixed {
                text.push_str(ELLIPSIS);
            }
            text.push_str(&source[cut_start..cut_end]);
            if cut_end < start + content.len() {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
            let cut_col = source[start..cut_start].chars().count();
            lines.push(Some(LineMap { excerpt_start, cut_start, cut_end, cut_col, prefixed }));
        }
        Self { name, text, first_line: first, lines }
    }

    /// Where the original byte `offset` is drawn in the excerpt.
    #[must_use]
    pub fn map(&self, index: &LineIndex, offset: usize) -> usize {
        let l = index.line_of(offset) - 1;
        let Some(Some(m)) = l.checked_sub(self.first_line).and_then(|i| self.lines.get(i)) else {
            return 0;
        };
        let pre = if m.prefixed { ELLIPSIS.len() } else { 0 };
        m.excerpt_start + pre + offset.clamp(m.cut_start, m.cut_end) - m.cut_start
    }

    /// A span of the original as drawn in the excerpt.
    #[must_use]
    pub fn map_span(&self, index: &LineIndex, span: Span) -> SourceSpan {
        let s = self.map(index, span.start);
        let e = self.map(index, span.end).max(s);
        (s, e - s).into()
    }
}

/// The byte window of one line to keep: all of it when short, else the labelled part.
fn window(source: &str, start: usize, content: &str, spans: &[Span], max_chars: usize) -> (usize, usize) {
    let end = start + content.len();
    if content.chars().count() <= max_chars {
        return (start, end);
    }
    let parts: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.start <= end && s.end >= start)
        .map(|s| (s.start.max(start), s.end.min(end)))
        .collect();
    let Some(lo) = parts.iter().map(|p| p.0).min() else {
        // A context line: its beginning is enough.
        return (start, char_boundary_after(source, start, max_chars));
    };
    // A very long label is shown by its beginning.
    let cap = max_chars.saturating_sub(2 * MARGIN).max(MARGIN);
    let hi = parts.iter().map(|p| p.1.min(char_boundary_after(source, p.0, cap))).max().unwrap_or(lo);
    let from = char_boundary_before(source, lo, MARGIN).max(start);
    let to = char_boundary_after(source, hi, MARGIN).min(end);
    (from, to)
}

/// The offset `n` characters before `at` (not before the start of text).
fn char_boundary_before(s: &str, at: usize, n: usize) -> usize {
    s[..at].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i)
}

/// The offset `n` characters after `at`.
fn char_boundary_after(s: &str, at: usize, n: usize) -> usize {
    s[at..].char_indices().nth(n).map_or(s.len(), |(i, _)| at + i)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let line = inner.line();
        // miette reads the `file:line:column` header from a span read without context:
        // give it the real column, in characters, undoing the cut and the ellipsis.
        let column = match self.lines.get(line).copied().flatten() {
            Some(m) if before == 0 && after == 0 => {
                let at = span.offset().clamp(m.excerpt_start, self.text.len());
                let drawn = self.text.get(m.excerpt_start..at).map_or(0, |s| s.chars().count());
                drawn.saturating_sub(usize::from(m.prefixed)) + m.cut_col
            }
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_windowed_around_the_label() {
        let src = format!("título\n{}PALABRA{}\nfin\n", "a ".repeat(200), " b".repeat(200));
        let ix = LineIndex::new(&src);
        let at = src.find("PALABRA").unwrap();
        let span = Span::new(at, at + 7);
        let ex = Excerpt::new("f.md".into(), &src, &ix, &[span], 80);
        let mapped = ex.map_span(&ix, span);
        assert_eq!(&ex.text[mapped.offset()..mapped.offset() + mapped.len()], "PALABRA");
        assert!(ex.text.lines().nth(1).unwrap().chars().count() < 90);
        let c = ex.read_span(&mapped, 0, 0).unwrap();
        assert_eq!((c.line(), c.column()), (1, 400));
    }
}
