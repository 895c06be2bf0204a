//! Byte offset → 1-based line and column.
//!
//! Lines break at `\n`, at `\r\n` (one break) and at a lone `\r`. Columns count Unicode
//! scalar values from the start of the line, as SARIF's `unicodeCodePoints` and most editors do.

/// Bytes between two character-count checkpoints (see [`LineIndex::checkpoints`]).
const CHECKPOINT_BYTES: usize = 4096;

/// Line starts of one file, computed once.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, characters before it)` about every [`CHECKPOINT_BYTES`] bytes, each on
    /// a char boundary. A column is then counted from the nearest checkpoint instead of from
    /// the start of its line: without them, a file that is one 50 MB line with a finding
    /// every few words costs a scan of the line per finding (quadratic; it never finished).
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                // A `\r` followed by `\n` is one break, counted at the `\n`.
                _ if bytes.get(i + 1) == Some(&b'\n') => {}
                _ => starts.push(i + 1),
            }
        }
        let mut checkpoints = vec![(0, 0)];
        let mut chars = 0;
        let mut at = 0;
        while at + CHECKPOINT_BYTES < text.len() {
            let mut next = at + CHECKPOINT_BYTES;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        Self { starts, checkpoints }
    }

    /// Characters of `text` before byte `offset` (a char boundary), counted from the
    /// nearest checkpoint: at most [`CHECKPOINT_BYTES`] bytes are scanned.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(b, _)| b <= offset) - 1;
        let (byte, chars) = self.checkpoints[i];
        chars + text.get(byte..offset).map_or(0, |s| s.chars().count())
    }

    /// 1-based `(line, column)` of byte `offset` in `text` (the same text given to `new`).
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = if text.is_char_boundary(offset) {
            self.chars_before(text, offset) - self.chars_before(text, start)
        } else {
            offset - start
        };
        (line + 1, col + 1)
    }

    /// Byte offset where 1-based `line` starts, if the file has that line.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1).and_then(|l| self.starts.get(l).copied())
    }

    /// 1-based line number of byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Number of lines.
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_lone_cr_each_break_once() {
        let t = "a\nb\r\nc\rd";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 0), (1, 1));
        assert_eq!(ix.line_col(t, 2), (2, 1));
        assert_eq!(ix.line_col(t, 5), (3, 1));
        assert_eq!(ix.line_col(t, 7), (4, 1));
    }

    #[test]
    fn columns_on_a_very_long_line_use_checkpoints_and_stay_exact() {
        // Multi-byte characters straddle the checkpoint positions; lines start mid-chunk.
        let t = format!("{}\n{}", "añ€😀x".repeat(3000), "ñ".repeat(9000));
        let ix = LineIndex::new(&t);
        for (offset, _) in t.char_indices().step_by(97).chain([(t.len(), ' ')]) {
            let line_start = t[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = t[line_start..offset].chars().count() + 1;
            assert_eq!(ix.line_col(&t, offset).1, expected, "offset {offset}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "año\u{a0}é x";
        let ix = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(ix.line_col(t, x), (1, 7));
    }
}
