//! Markdown → blocks, links, comments and code, from pulldown-cmark's offset iterator.
//!
//! Blocks are leaves: a paragraph, a heading, a table cell, or the bare text of a tight
//! list item. A paragraph inside a list item is a `ListItem` block, one inside a block
//! quote a `BlockQuote` block, so rules can tell summary bullets from body text.

use super::{Block, BlockKind, Link, LinkKind, Parsed, Prose, bom_len};
use crate::span::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

struct OpenBlock {
    kind: BlockKind,
    start: usize,
    /// Opened by text in a tight list item rather than by a block tag.
    implicit: bool,
    prose: Prose,
}

struct OpenLink {
    kind: LinkKind,
    link_type: LinkType,
    dest: String,
    text: String,
    text_span: Option<Span>,
}

#[derive(Default)]
struct Builder<'s> {
    source: &'s str,
    parsed: Parsed,
    block: Option<OpenBlock>,
    items: usize,
    quotes: usize,
    code_block: Option<usize>,
    html_block: Option<usize>,
    /// Depth of image tags: alt text is not prose.
    image: usize,
    link: Option<OpenLink>,
}

pub(super) fn parse(source: &str) -> Parsed {
    let base = bom_len(source);
    let body = &source[base..];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(body, options).into_offset_iter();
    let mut b = Builder { source, ..Builder::default() };

    let mut ref_defs: Vec<(String, Span)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let span = Span::new(def.span.start + base, def.span.end + base);
            (label.to_string(), span)
        })
        .collect();
    ref_defs.sort_by_key(|(_, s)| s.start);

    for (event, range) in parser {
        let range = (range.start + base)..(range.end + base);
        b.event(event, range);
    }
    b.close_block();
    b.reference_targets(&ref_defs);
    b.parsed.links.sort_by_key(|l| l.target_span.start);
    b.parsed
}

impl<'s> Builder<'s> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let span = Span::from(range.clone());
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(text) => {
                if self.code_block.is_some() || self.html_block.is_some() {
                    return;
                }
                if self.image > 0 {
                    return;
                }
                if let Some(link) = &mut self.link
                    && matches!(link.link_type, LinkType::Autolink | LinkType::Email)
                {
                    link.text.push_str(&text);
                    self.ensure_block(span.start);
                    self.push_opaque(span);
                    return;
                }
                if let Some(link) = &mut self.link {
                    link.text.push_str(&text);
                    link.text_span = Some(link.text_span.map_or(span, |s| s.cover(span)));
                }
                self.ensure_block(span.start);
                let verbatim = self.source.get(range.clone()) == Some(&*text);
                if let Some(block) = &mut self.block {
                    if verbatim {
                        block.prose.push_verbatim(&text, span);
                    } else {
                        block.prose.push_decoded(&text, span);
                    }
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.parsed.code.push(span);
                if self.image == 0 {
                    self.ensure_block(span.start);
                    self.push_opaque(span);
                }
            }
            Event::InlineHtml(html) if !is_html_tag(&html) => {
                // `<insertar nombre>` parses as a tag but is a template field: prose.
                self.ensure_block(span.start);
                if let Some(block) = &mut self.block {
                    if self.source.get(range.clone()) == Some(&*html) {
                        block.prose.push_verbatim(&html, span);
                    } else {
                        block.prose.push_decoded(&html, span);
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if html.trim_start().starts_with("<!--") {
                    self.parsed.comments.push(span);
                } else {
                    self.parsed.code.push(span);
                    self.parsed.html.push(span);
                }
                if self.block.is_some() {
                    // An inline tag such as `<br>` separates words like a space does.
                    self.push_decoded(" ", span);
                }
            }
            // A line break stays a line break: readers of the dateline look at lines.
            Event::SoftBreak | Event::HardBreak => {
                if self.image == 0 {
                    self.push_decoded("\n", span);
                }
            }
            Event::FootnoteReference(_) => self.push_opaque(span),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        match tag {
            Tag::Paragraph => {
                let kind = if self.quotes > 0 {
                    BlockKind::BlockQuote
                } else if self.items > 0 {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                };
                self.open_block(kind, span.start, false);
            }
            Tag::Heading { level, .. } => self.open_block(BlockKind::Heading(level as u8), span.start, false),
            Tag::TableCell => self.open_block(BlockKind::TableCell, span.start, false),
            Tag::Item => {
                self.close_block();
                self.items += 1;
            }
            Tag::BlockQuote(_) => {
                self.close_block();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.close_block();
                self.code_block = Some(span.start);
                self.parsed.code.push(span);
            }
            Tag::HtmlBlock => {
                self.close_block();
                self.html_block = Some(span.start);
            }
            Tag::List(_) | Tag::Table(_) | Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => {
                self.close_block();
            }
            Tag::Image { dest_url, .. } => {
                if self.image == 0 {
                    self.ensure_block(span.start);
                    self.push_opaque(span);
                    self.link = None;
                    let (target, target_span) = inline_target(self.source, span, span.start);
                    let _ = dest_url;
                    self.parsed.links.push(Link {
                        kind: LinkKind::Image,
                        target,
                        target_span,
                        text: None,
                        text_span: None,
                    });
                }
                self.image += 1;
            }
            Tag::Link { link_type, dest_url, .. } if self.image == 0 => {
                let kind = match link_type {
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    LinkType::Inline => LinkKind::Inline,
                    _ => LinkKind::Reference,
                };
                self.link = Some(OpenLink {
                    kind,
                    link_type,
                    dest: dest_url.to_string(),
                    text: String::new(),
                    text_span: None,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => self.close_block(),
            TagEnd::Item => {
                self.close_block();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => {
                self.close_block();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.code_block = None,
            TagEnd::HtmlBlock => {
                if let Some(start) = self.html_block.take() {
                    let _ = start;
                }
            }
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            TagEnd::Link => {
                if let Some(link) = self.link.take() {
                    self.finish_link(link, span);
                }
            }
            _ => {}
        }
    }

    fn finish_link(&mut self, link: OpenLink, span: Span) {
        let (target, target_span) = match link.kind {
            LinkKind::Autolink => {
                // `<https://…>`: the target is everything between the angle brackets.
                let inner = Span::new((span.start + 1).min(span.end), span.end.saturating_sub(1).max(span.start));
                let inner = if self.source.is_char_boundary(inner.start) && self.source.is_char_boundary(inner.end) {
                    inner
                } else {
                    span
                };
                (self.source[inner.range()].to_string(), inner)
            }
            LinkKind::Inline => {
                let after_text = link.text_span.map_or(span.start, |s| s.end);
                inline_target(self.source, span, after_text)
            }
            // Resolved against the definitions once the whole file is read.
            _ => (link.dest.clone(), Span::new(span.start, span.start)),
        };
        self.parsed.links.push(Link {
            kind: link.kind,
            target,
            target_span,
            text: (link.kind != LinkKind::Autolink).then_some(link.text),
            text_span: link.text_span,
        });
    }

    /// Point reference links at the target in their definition.
    fn reference_targets(&mut self, defs: &[(String, Span)]) {
        for link in &mut self.parsed.links {
            if link.kind != LinkKind::Reference {
                continue;
            }
            let def = defs.iter().find(|(_, span)| {
                let text = &self.source[span.range()];
                definition_target(text).is_some_and(|r| text[r] == *link.target)
            });
            match def {
                Some((_, span)) => {
                    let text = &self.source[span.range()];
                    if let Some(r) = definition_target(text) {
                        link.target_span = Span::new(span.start + r.start, span.start + r.end);
                    }
                }
                None => {
                    // No definition written in this file (e.g. a shortcut link whose target
                    // pulldown-cmark resolved): point at the link text.
                    if let Some(ts) = link.text_span {
                        link.target_span = ts;
                    }
                }
            }
        }
    }

    fn open_block(&mut self, kind: BlockKind, start: usize, implicit: bool) {
        self.close_block();
        self.block = Some(OpenBlock { kind, start, implicit, prose: Prose::default() });
    }

    /// Text in a tight list item arrives with no paragraph around it.
    fn ensure_block(&mut self, start: usize) {
        if self.block.is_none() {
            let kind = if self.quotes > 0 && self.items == 0 {
                BlockKind::BlockQuote
            } else if self.items > 0 {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            self.block = Some(OpenBlock { kind, start, implicit: true, prose: Prose::default() });
        }
    }

    fn push_opaque(&mut self, span: Span) {
        if let Some(block) = &mut self.block {
            block.prose.push_opaque(span);
        }
    }

    fn push_decoded(&mut self, text: &str, span: Span) {
        if let Some(block) = &mut self.block {
            block.prose.push_decoded(text, span);
        }
    }

    fn close_block(&mut self) {
        let Some(mut open) = self.block.take() else {
            return;
        };
        let _ = open.implicit;
        open.prose.trim_end();
        if open.prose.text().trim().is_empty() {
            return;
        }
        let end = open.prose.source_span(0..open.prose.text().len()).end;
        self.parsed.blocks.push(Block {
            kind: open.kind,
            span: Span::new(open.start, end.max(open.start)),
            prose: open.prose,
            sentences: Vec::new(),
            urls: Vec::new(),
        });
    }
}

/// Names of HTML elements: an inline tag with another name is text someone typed.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "param",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Whether inline HTML is a real element (or a comment, declaration, processing instruction).
fn is_html_tag(html: &str) -> bool {
    let rest = html.trim_start().trim_start_matches('<').trim_start_matches('/');
    if rest.starts_with(['!', '?']) {
        return true;
    }
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    // Custom elements (`<mi-componente>`) have a dash.
    name.contains('-') || HTML_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// The target of an inline link or image whose source is `span`: what follows `](`
/// after the link text, up to the closing parenthesis or the title.
fn inline_target(source: &str, span: Span, after_text: usize) -> (String, Span) {
    let text = &source[span.range()];
    let from = after_text.saturating_sub(span.start).min(text.len());
    let from = (0..=from).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let Some(open) = text[from..].find("](").map(|i| from + i + 2) else {
        return (String::new(), Span::new(span.end, span.end));
    };
    let rest = &text[open..];
    let lead = rest.len() - rest.trim_start().len();
    let rest_start = open + lead;
    let rest = &text[rest_start..];
    let (start, len) = if let Some(stripped) = rest.strip_prefix('<') {
        (rest_start + 1, stripped.find('>').unwrap_or(stripped.len()))
    } else {
        // Balanced parentheses belong to the destination (CommonMark).
        let mut depth = 0usize;
        let mut end = rest.len();
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        (rest_start, end)
    };
    if len == 0 {
        // `[texto]()`: point at the parentheses.
        let paren = open - 1;
        let close = text[open..].find(')').map_or(text.len(), |i| open + i + 1);
        return (String::new(), Span::new(span.start + paren, span.start + close));
    }
    let s = Span::new(span.start + start, span.start + start + len);
    (source[s.range()].to_string(), s)
}

/// The destination inside a link reference definition `[label]: target "title"`.
fn definition_target(def: &str) -> Option<Range<usize>> {
    let colon = def.find("]:")? + 2;
    let rest = &def[colon..];
    let lead = rest.len() - rest.trim_start().len();
    let start = colon + lead;
    let rest = &def[start..];
    if let Some(stripped) = rest.strip_prefix('<') {
        let len = stripped.find('>')?;
        return Some(start + 1..start + 1 + len);
    }
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    (len > 0).then_some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<(BlockKind, String)> {
        parse(src).blocks.into_iter().map(|b| (b.kind, b.prose.text().to_string())).collect()
    }

    #[test]
    fn emphasis_is_removed_and_spans_point_at_the_words() {
        let src = "Se realizaron **193 mil 024** atenciones.\n";
        let p = parse(src);
        let b = &p.blocks[0];
        assert_eq!(b.prose.text(), "Se realizaron 193 mil 024 atenciones.");
        let i = b.prose.text().find("193").unwrap();
        let s = b.prose.source_span(i..i + 11);
        assert_eq!(&src[s.range()], "193 mil 024");
    }

    #[test]
    fn list_items_headings_and_quotes_are_told_apart() {
        let got = blocks("# Título\n\n- uno\n- dos\n\n> cita\n\nCuerpo.\n");
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading(1), "Título".into()),
                (BlockKind::ListItem, "uno".into()),
                (BlockKind::ListItem, "dos".into()),
                (BlockKind::BlockQuote, "cita".into()),
                (BlockKind::Paragraph, "Cuerpo.".into()),
            ]
        );
    }

    #[test]
    fn code_and_autolinks_are_not_prose() {
        let src = "Ver `de de` y <https://a.mx/x_y> de.\n\n```\nXX\n```\n";
        let p = parse(src);
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(p.blocks[0].prose.text(), "Ver \u{fffc} y \u{fffc} de.");
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].target, "https://a.mx/x_y");
        assert_eq!(&src[p.links[0].target_span.range()], "https://a.mx/x_y");
    }

    #[test]
    fn inline_and_reference_targets_have_source_spans() {
        let src = "[fotos](https://a.mx/f(1)) y [video][v] y [nada]().\n\n[v]: <https://b.mx/v>\n";
        let p = parse(src);
        let t: Vec<_> = p.links.iter().map(|l| (l.kind, &src[l.target_span.range()])).collect();
        assert_eq!(
            t,
            vec![
                (LinkKind::Inline, "https://a.mx/f(1)"),
                (LinkKind::Inline, "()"),
                (LinkKind::Reference, "https://b.mx/v"),
            ]
        );
    }

    #[test]
    fn crlf_bom_and_entities_keep_offsets() {
        let src = "\u{feff}Uno&nbsp;dos\r\ntres.\r\n";
        let p = parse(src);
        let b = &p.blocks[0];
        assert_eq!(b.prose.text(), "Uno\u{a0}dos\ntres.");
        let i = b.prose.text().find("tres").unwrap();
        assert_eq!(&src[b.prose.source_span(i..i + 4).range()], "tres");
        assert_eq!(&src[b.span.range()], "Uno&nbsp;dos\r\ntres.");
    }

    #[test]
    fn html_comments_are_collected() {
        let src = "<!-- cuadra-disable-file -->\n\nTexto <!-- nota --> aquí.\n";
        let p = parse(src);
        assert_eq!(p.comments.len(), 2);
        assert_eq!(p.blocks[0].prose.text(), "Texto   aquí.");
    }
}
