//! Plain text: each run of non-blank lines is a paragraph, copied verbatim.

use super::{Block, BlockKind, Parsed, Prose, bom_len};
use crate::span::Span;

pub(super) fn parse(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = bom_len(source);
    for line in source[pos..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                parsed.blocks.push(paragraph(source, s, end));
            }
        } else {
            if start.is_none() {
                start = Some(pos + (content.len() - content.trim_start().len()));
            }
            end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        parsed.blocks.push(paragraph(source, s, end));
    }
    // Plain text has no comments of its own; an HTML comment on a line carries
    // suppression directives the same way it does in Markdown.
    let mut from = 0;
    while let Some(i) = source[from..].find("<!--") {
        let start = from + i;
        let Some(j) = source[start..].find("-->") else {
            break;
        };
        let end = start + j + 3;
        parsed.comments.push(Span::new(start, end));
        from = end;
    }
    parsed
}

fn paragraph(source: &str, start: usize, end: usize) -> Block {
    let span = Span::new(start, end);
    let mut prose = Prose::default();
    prose.push_verbatim(&source[start..end], span);
    Block { kind: BlockKind::Paragraph, span, prose, sentences: Vec::new(), urls: Vec::new() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paragraphs_split_at_blank_lines_and_keep_offsets() {
        let src = "\u{feff}Uno dos.\r\ntres\r\n\r\n  \r\nCuatro.";
        let p = super::parse(src);
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(&src[p.blocks[0].span.range()], "Uno dos.\r\ntres");
        assert_eq!(&src[p.blocks[1].span.range()], "Cuatro.");
    }
}
