//! Prose text of one block and the map from prose offsets back to source offsets.
//!
//! Rules read `Prose::text`: the words a reader sees, with Markdown markup removed
//! (`**México**` reads `México`, `&nbsp;` reads U+00A0, a soft line break reads a space).
//! Anything that is not prose inside a block (a code span, an autolink, an inline HTML tag)
//! is replaced by one [`Prose::OPAQUE`] character so that the words on either side never
//! run together into a phrase that is not in the text.
//!
//! Every piece of text remembers where it came from. A piece copied verbatim from the
//! source maps byte for byte; a piece that was decoded (an entity, an escape, a line break)
//! maps to the whole source construct it came from. [`Prose::source_span`] turns any
//! char-aligned range of the text into a char-aligned span of the source.

use crate::span::Span;
use std::ops::Range;

#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    text_len: usize,
    src: Span,
    /// Whether `text[piece] == source[src]`: offsets inside the piece map one to one.
    identity: bool,
}

/// The prose of one block.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    text: String,
    pieces: Vec<Piece>,
}

impl Prose {
    /// Stands in for non-prose inside a block (code span, autolink, inline HTML).
    pub const OPAQUE: char = '\u{FFFC}';

    /// The prose text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether no text has been pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append text that appears verbatim at `src` in the source.
    pub fn push_verbatim(&mut self, text: &str, src: Span) {
        debug_assert_eq!(text.len(), src.len());
        self.push(text, src, true);
    }

    /// Append text decoded from the source construct at `src`.
    pub fn push_decoded(&mut self, text: &str, src: Span) {
        self.push(text, src, false);
    }

    /// Append one [`Prose::OPAQUE`] character standing for the source construct at `src`.
    pub fn push_opaque(&mut self, src: Span) {
        let mut buf = [0u8; 4];
        self.push(Self::OPAQUE.encode_utf8(&mut buf), src, false);
    }

    fn push(&mut self, text: &str, src: Span, identity: bool) {
        if text.is_empty() {
            return;
        }
        // Merge with the previous piece when both are verbatim and contiguous, which keeps
        // the map short for the common case of plain paragraphs.
        if let Some(last) = self.pieces.last_mut()
            && identity
            && last.identity
            && last.src.end == src.start
            && last.text_start + last.text_len == self.text.len()
        {
            last.text_len += text.len();
            last.src.end = src.end;
            self.text.push_str(text);
            return;
        }
        self.pieces.push(Piece { text_start: self.text.len(), text_len: text.len(), src, identity });
        self.text.push_str(text);
    }

    /// Remove trailing whitespace from the text (and its pieces).
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        while let Some(last) = self.pieces.last_mut() {
            if last.text_start >= keep {
                self.pieces.pop();
            } else {
                let cut = last.text_start + last.text_len - keep.min(last.text_start + last.text_len);
                if cut > 0 {
                    last.text_len -= cut;
                    if last.identity {
                        last.src.end -= cut;
                    }
                }
                break;
            }
        }
    }

    /// The source span of the text range `range` (char-aligned in the text).
    ///
    /// Positions inside a verbatim piece map exactly; positions inside a decoded piece
    /// widen to the whole source construct.
    #[must_use]
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if self.pieces.is_empty() {
            return Span::default();
        }
        let start = self.map_start(range.start);
        let end = if range.end > range.start { self.map_end(range.end) } else { start };
        Span::new(start, end.max(start))
    }

    fn piece_at(&self, offset: usize) -> &Piece {
        let i = self.pieces.partition_point(|p| p.text_start <= offset).saturating_sub(1);
        &self.pieces[i]
    }

    fn map_start(&self, offset: usize) -> usize {
        let p = self.piece_at(offset);
        if p.identity { p.src.start + (offset - p.text_start).min(p.text_len) } else { p.src.start }
    }

    fn map_end(&self, offset: usize) -> usize {
        // The end is exclusive: map the last byte inside the range.
        let p = self.piece_at(offset - 1);
        if p.identity { p.src.start + (offset - p.text_start).min(p.text_len) } else { p.src.end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_pieces_map_exactly_and_decoded_ones_widen() {
        // Source: "**193 mil** de&nbsp;x"
        let src = "**193 mil** de&nbsp;x";
        let mut p = Prose::default();
        p.push_verbatim("193 mil", Span::new(2, 9));
        p.push_verbatim(" de", Span::new(11, 14));
        p.push_decoded("\u{a0}", Span::new(14, 20));
        p.push_verbatim("x", Span::new(20, 21));
        assert_eq!(p.text(), "193 mil de\u{a0}x");
        let s = p.source_span(0..7);
        assert_eq!(&src[s.range()], "193 mil");
        let de = p.text().find("de").unwrap();
        let s = p.source_span(de..de + 2);
        assert_eq!(&src[s.range()], "de");
        let nb = p.text().find('\u{a0}').unwrap();
        let s = p.source_span(nb..nb + 2);
        assert_eq!(&src[s.range()], "&nbsp;");
        let s = p.source_span(0..p.text().len());
        assert_eq!(&src[s.range()], "193 mil** de&nbsp;x");
    }
}
