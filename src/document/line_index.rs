//! Byte offset → 1-based line and column.
//!
//! Lines break at `\n`, at `\r\n` (one break) and at a lone `\r`. Columns count Unicode
//! scalar values from the start of the line, as SARIF's `unicodeCodePoints` and most editors do.

/// Line starts of one file, computed once.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
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
        Self { starts }
    }

    /// 1-based `(line, column)` of byte `offset` in `text` (the same text given to `new`).
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
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
    fn columns_count_characters_not_bytes() {
        let t = "año\u{a0}é x";
        let ix = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(ix.line_col(t, x), (1, 7));
    }
}
