//! The document model: a file's original text segmented into blocks and sentences.
//!
//! Invariants (see also [`crate::span`]):
//! - `Document::source` is the file exactly as read; nothing is normalised.
//! - Every span stored here is a char-aligned byte range into `source`.
//! - A block's [`Prose`] holds the words a reader sees; [`Prose::source_span`] maps any
//!   range of it back to the source, so markup (emphasis, entities, line breaks) never
//!   shifts a diagnostic.
//! - Code (spans and blocks), HTML comments, raw HTML and link targets are not prose.

mod line_index;
mod markdown;
mod plain;
mod prose;
mod sentences;

pub use line_index::LineIndex;
pub use prose::Prose;

use crate::span::Span;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with GFM tables, parsed with pulldown-cmark.
    Markdown,
    /// Plain text: paragraphs separated by blank lines.
    Plain,
}

impl Format {
    /// The format a path's extension implies (Markdown unless the extension is `txt`/`text`).
    #[must_use]
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("txt" | "text") => Format::Plain,
            _ => Format::Markdown,
        }
    }
}

/// What kind of block a piece of prose sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A heading, with its level (1–6).
    Heading(u8),
    /// A body paragraph.
    Paragraph,
    /// The text of a list item (a summary bullet, typically).
    ListItem,
    /// A table cell.
    TableCell,
    /// A paragraph inside a block quote.
    BlockQuote,
}

impl BlockKind {
    /// The name used in rule scopes and JSON (`heading`, `paragraph`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Heading(_) => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list-item",
            BlockKind::TableCell => "table-cell",
            BlockKind::BlockQuote => "block-quote",
        }
    }
}

/// One block of prose.
#[derive(Debug, Clone)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// The block's extent in the source.
    pub span: Span,
    /// The block's prose.
    pub prose: Prose,
    /// Sentence ranges into `prose.text()`, in order, covering the text without gaps
    /// other than whitespace.
    pub sentences: Vec<Range<usize>>,
    /// Bare URLs written in the prose (ranges into `prose.text()`): not words.
    pub urls: Vec<Range<usize>>,
}

impl Block {
    /// The block's prose text.
    #[must_use]
    pub fn text(&self) -> &str {
        self.prose.text()
    }

    /// The source span of a range of this block's text.
    #[must_use]
    pub fn source_span(&self, range: Range<usize>) -> Span {
        self.prose.source_span(range)
    }

    /// Whether the text range overlaps a bare URL.
    #[must_use]
    pub fn in_url(&self, range: &Range<usize>) -> bool {
        self.urls.iter().any(|u| u.start < range.end && range.start < u.end)
    }
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](target)`.
    Inline,
    /// `[text][ref]` with `[ref]: target` elsewhere.
    Reference,
    /// `<https://…>`.
    Autolink,
    /// `![alt](target)`.
    Image,
    /// A URL written in running prose.
    Bare,
    /// An `href`/`src` attribute in raw HTML.
    Html,
}

/// A link found in the document.
#[derive(Debug, Clone)]
pub struct Link {
    /// How it was written.
    pub kind: LinkKind,
    /// The target as written in the source (escapes not decoded).
    pub target: String,
    /// Where the target is written (an empty target points at its `()`).
    pub target_span: Span,
    /// The link text as a reader sees it, if any (`[text]`).
    pub text: Option<String>,
    /// Where the link text is written.
    pub text_span: Option<Span>,
}

/// See [`Document::is_large`].
const LARGE_DOCUMENT_BYTES: usize = 512 * 1024;

/// A parsed file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as given on the command line or found by the walk (`-` for stdin).
    pub path: PathBuf,
    /// The original text.
    pub source: Arc<str>,
    /// How it was parsed.
    pub format: Format,
    /// Prose blocks in source order.
    pub blocks: Vec<Block>,
    /// Links in source order.
    pub links: Vec<Link>,
    /// HTML comments (where suppression directives live).
    pub comments: Vec<Span>,
    /// Code blocks and spans, raw HTML: text that is not prose.
    pub code: Vec<Span>,
    /// Line starts, for line and column numbers.
    pub lines: LineIndex,
}

impl Document {
    /// The document's sections, as ranges of block indices: each level-1 heading starts one.
    ///
    /// A file may hold several bulletins (a day's bulletins pasted together, an archive);
    /// checks that compare figures across a document (a summary bullet against the body,
    /// `la octava jornada` against `la tercera jornada`) stay inside one section, so that
    /// one bulletin is not held to another's figures, and their cost grows with the size
    /// of a bulletin rather than the square of the file's.
    #[must_use]
    pub fn sections(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            if b.kind == BlockKind::Heading(1) && i > start {
                out.push(start..i);
                start = i;
            }
        }
        out.push(start..self.blocks.len());
        out
    }

    /// Whether the document is large enough (a file of many bulletins) for its facts and
    /// rules to be worth spreading over threads. Small ones, the usual case, are already
    /// checked in parallel with each other, one per thread.
    #[must_use]
    pub fn is_large(&self) -> bool {
        self.source.len() >= LARGE_DOCUMENT_BYTES
    }

    /// Parse `source` as `format`.
    #[must_use]
    pub fn parse(path: impl Into<PathBuf>, source: Arc<str>, format: Format) -> Self {
        let parsed = match format {
            Format::Markdown => markdown::parse(&source),
            Format::Plain => plain::parse(&source),
        };
        let lines = LineIndex::new(&source);
        let mut blocks = parsed.blocks;
        for b in &mut blocks {
            b.sentences = sentences::split(b.prose.text());
            b.urls = crate::links::find_bare_urls(b.prose.text());
        }
        let mut links = parsed.links;
        for &h in &parsed.html {
            let html = &source[h.range()];
            for r in crate::links::find_html_links(html) {
                let span = Span::new(h.start + r.start, h.start + r.end);
                links.push(Link {
                    kind: LinkKind::Html,
                    target: html[r].to_string(),
                    target_span: span,
                    text: None,
                    text_span: None,
                });
            }
        }
        for b in &blocks {
            for u in &b.urls {
                links.push(Link {
                    kind: LinkKind::Bare,
                    target: b.prose.text()[u.clone()].to_string(),
                    target_span: b.source_span(u.clone()),
                    text: None,
                    text_span: None,
                });
            }
        }
        links.sort_by_key(|l| (l.target_span.start, l.target_span.end));
        Self { path: path.into(), source, format, blocks, links, comments: parsed.comments, code: parsed.code, lines }
    }

    /// 1-based line and column of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.source, offset)
    }

    /// The source text of a span.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.source.get(span.range()).unwrap_or("")
    }
}

/// What a parser hands back before sentences are split.
#[derive(Debug, Default)]
struct Parsed {
    blocks: Vec<Block>,
    links: Vec<Link>,
    comments: Vec<Span>,
    code: Vec<Span>,
    html: Vec<Span>,
}

/// Length of a UTF-8 byte-order mark at the start of `text` (0 or 3).
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}
