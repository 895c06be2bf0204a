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

/// One kept piece of a line.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Byte offset in the excerpt text where the piece is drawn.
    drawn: usize,
    /// Byte offset in the original where the piece starts.
    cut_start: usize,
    /// Byte offset in the original where the piece ends.
    cut_end: usize,
    /// Character column (0-based) of `cut_start` in the original line.
    cut_col: usize,
}

/// How one line of the original is drawn: its kept pieces, in order, `…` between them.
#[derive(Debug, Clone)]
struct LineMap {
    /// Byte offset of the line in the excerpt text.
    excerpt_start: usize,
    /// Never empty.
    segments: Vec<Segment>,
}

impl LineMap {
    /// The segment an original offset falls in (or the last one before it).
    fn segment_of(&self, offset: usize) -> &Segment {
        let i = self.segments.partition_point(|s| s.cut_start <= offset).saturating_sub(1);
        &self.segments[i]
    }
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
            let mut segments = Vec::new();
            let mut drawn_to = start;
            for (cut_start, cut_end) in windows(source, start, content, spans, max_chars) {
                if cut_start > drawn_to {
                    text.push_str(ELLIPSIS);
                }
                // The column comes from the line index, which does not rescan a long line.
                let cut_col = index.line_col(source, cut_start).1 - 1;
                segments.push(Segment { drawn: text.len(), cut_start, cut_end, cut_col });
                text.push_str(&source[cut_start..cut_end]);
                drawn_to = cut_end;
            }
            if drawn_to < start + content.len() {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
            lines.push(Some(LineMap { excerpt_start, segments }));
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
        let seg = m.segment_of(offset);
        seg.drawn + offset.clamp(seg.cut_start, seg.cut_end) - seg.cut_start
    }

    /// A span of the original as drawn in the excerpt.
    #[must_use]
    pub fn map_span(&self, index: &LineIndex, span: Span) -> SourceSpan {
        let s = self.map(index, span.start);
        let e = self.map(index, span.end).max(s);
        (s, e - s).into()
    }
}

/// Characters of a kept piece beyond which labels on one long line are drawn in separate
/// pieces (`…` between them) rather than with all the text between them. Besides keeping
/// the drawing readable, this bounds every gap miette pads with `{:width$}`, whose width
/// must fit in a `u16`: two labels 70,000 characters apart on one line made it panic.
const fn max_piece_chars(max_chars: usize) -> usize {
    4 * max_chars
}

/// The byte windows of one line to keep: all of it when short, else pieces around the
/// labelled parts, in order and not overlapping.
fn windows(source: &str, start: usize, content: &str, spans: &[Span], max_chars: usize) -> Vec<(usize, usize)> {
    let end = start + content.len();
    // Count at most `max_chars + 1` characters: the line may be megabytes long.
    if content.chars().nth(max_chars).is_none() {
        return vec![(start, end)];
    }
    let mut parts: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.start <= end && s.end >= start)
        .map(|s| (s.start.max(start), s.end.min(end)))
        .collect();
    if parts.is_empty() {
        // A context line: its beginning is enough.
        return vec![(start, char_boundary_after(source, start, max_chars))];
    }
    parts.sort_unstable();
    // A very long label is shown by its beginning.
    let cap = max_chars.saturating_sub(2 * MARGIN).max(MARGIN);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in parts {
        let hi = hi.min(char_boundary_after(source, lo, cap));
        let from = char_boundary_before(source, lo, MARGIN).max(start);
        let to = char_boundary_after(source, hi, MARGIN).min(end);
        match out.last_mut() {
            // Labels near each other share one piece, as long as it stays short.
            Some(last)
                if from <= last.1 || chars_at_most(&source[last.0..to.max(last.1)], max_piece_chars(max_chars)) =>
            {
                last.1 = last.1.max(to);
            }
            _ => out.push((from, to)),
        }
    }
    out
}

/// Whether `s` has at most `n` characters (without counting past `n + 1`).
fn chars_at_most(s: &str, n: usize) -> bool {
    s.len() <= n || s.chars().nth(n).is_none()
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
        let column = match self.lines.get(line).and_then(Option::as_ref) {
            Some(m) if before == 0 && after == 0 => {
                let at = span.offset().clamp(m.excerpt_start, self.text.len());
                let i = m.segments.partition_point(|s| s.drawn <= at).saturating_sub(1);
                let seg = &m.segments[i];
                let at = at.clamp(seg.drawn, seg.drawn + (seg.cut_end - seg.cut_start));
                seg.cut_col + self.text.get(seg.drawn..at).map_or(0, |s| s.chars().count())
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

    #[test]
    fn labels_far_apart_on_one_line_are_drawn_in_pieces() {
        // Two labels 200,000 characters apart on one line: drawn as two short pieces with
        // `…` between them, each label where its words are; the header column is exact.
        let src = format!("ONE{}TWO{}\n", " ñ".repeat(100_000), " b".repeat(100));
        let ix = LineIndex::new(&src);
        let one = Span::new(0, 3);
        let two_at = src.find("TWO").unwrap();
        let two = Span::new(two_at, two_at + 3);
        let ex = Excerpt::new("f.md".into(), &src, &ix, &[two, one], 80);
        assert!(ex.text.chars().count() < 400, "{}", ex.text.chars().count());
        for (span, word) in [(one, "ONE"), (two, "TWO")] {
            let m = ex.map_span(&ix, span);
            assert_eq!(&ex.text[m.offset()..m.offset() + m.len()], word);
        }
        let c = ex.read_span(&ex.map_span(&ix, two), 0, 0).unwrap();
        assert_eq!(c.column(), 200_003);
    }
}
