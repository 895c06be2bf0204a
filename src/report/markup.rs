//! Laying highlights over a text: which ranges open and close where, line by line.
//!
//! The editorial report draws each finding on its exact words. Findings may nest (a doubled
//! word inside a repeated phrase), overlap without nesting, span several lines, or cover no
//! character at all (an empty link target). HTML elements must nest properly, so
//! [`lay_out`] cuts the text at every line end and every highlight boundary and emits, for
//! each line, a sequence of [`Event`]s whose opens and closes always nest: a highlight that
//! crosses another one's end, or a line end, is split into pieces.
//!
//! Invariants, for any source and any spans (property-tested):
//! - in every line, opens and closes balance and nest, and every `Close` closes the
//!   innermost open item;
//! - every item is opened at least once, exactly one of its pieces is `first` and exactly one
//!   is `last`, and an item with no character on any line is drawn as one empty piece;
//! - `Text` ranges are on character boundaries, lie inside their line, and in order cover
//!   each line's content exactly once (the line terminator, `\n` or `\r\n`, is not content).

use crate::span::Span;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::ops::Range;

/// One step of drawing a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Source text, as a byte range into the source.
    Text(Range<usize>),
    /// Open a piece of item `item` (an index into the spans given to [`lay_out`]).
    Open {
        /// The item.
        item: usize,
        /// Whether this is the item's first piece.
        first: bool,
        /// Whether this is the item's last piece.
        last: bool,
    },
    /// Close the innermost open piece, which belongs to this item.
    Close(usize),
}

/// One line of the source with its highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// The line's content in the source, without its terminator.
    pub content: Range<usize>,
    /// What to draw.
    pub events: Vec<Event>,
}

impl Line {
    /// Whether the line draws nothing but white space.
    #[must_use]
    pub fn is_blank(&self, source: &str) -> bool {
        self.events.iter().all(|e| matches!(e, Event::Text(r) if source[r.clone()].trim().is_empty()))
    }

    /// The items whose first piece is on this line, in drawing order.
    pub fn first_pieces(&self) -> impl Iterator<Item = usize> + '_ {
        self.events.iter().filter_map(|e| match e {
            Event::Open { item, first: true, .. } => Some(*item),
            _ => None,
        })
    }
}

/// The largest character boundary of `s` not after `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The content ranges of the lines of `source` (a leading byte-order mark is not content).
fn line_ranges(source: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in source.split_inclusive('\n') {
        let end = start + piece.len();
        let content = piece.strip_suffix('\n').map_or(piece, |p| p.strip_suffix('\r').unwrap_or(p));
        lines.push(start..start + content.len());
        start = end;
    }
    if lines.is_empty() || source.ends_with('\n') {
        lines.push(source.len()..source.len());
    }
    if source.starts_with('\u{FEFF}') {
        let bom = '\u{FEFF}'.len_utf8();
        lines[0].start = bom.min(lines[0].end);
    }
    lines
}

/// Lay `items` over `source`, line by line.
#[must_use]
pub fn lay_out(source: &str, items: &[Span]) -> Vec<Line> {
    let ranges = line_ranges(source);
    // Per line: non-empty pieces (start, end, item) and empty ones (at, item).
    let mut pieces: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); ranges.len()];
    let mut points: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ranges.len()];
    for (item, span) in items.iter().enumerate() {
        let start = floor_boundary(source, span.start);
        let end = floor_boundary(source, span.end.max(span.start)).max(start);
        // The line holding `start`: the last one that begins at or before it.
        let first_line = ranges.partition_point(|r| r.start <= start).saturating_sub(1);
        let mut placed = false;
        for (l, r) in ranges.iter().enumerate().skip(first_line) {
            if r.start >= end && l > first_line {
                break;
            }
            let (s, e) = (start.max(r.start), end.min(r.end));
            if s < e {
                pieces[l].push((s, e, item));
                placed = true;
            }
        }
        if !placed {
            let r = &ranges[first_line];
            points[first_line].push((start.clamp(r.start, r.end), item));
        }
    }
    let mut lines: Vec<Line> = ranges
        .into_iter()
        .enumerate()
        .map(|(l, content)| {
            let events = line_events(&content, &mut pieces[l], &mut points[l]);
            Line { number: l + 1, content, events }
        })
        .collect();
    mark_first_and_last(&mut lines, items.len());
    lines
}

type Key = (usize, Reverse<usize>, usize);

/// The events of one line: a sweep over its boundaries keeping a stack of open pieces.
fn line_events(
    content: &Range<usize>,
    pieces: &mut [(usize, usize, usize)],
    points: &mut [(usize, usize)],
) -> Vec<Event> {
    pieces.sort_unstable();
    points.sort_unstable();
    let mut bounds: Vec<usize> = vec![content.start, content.end];
    bounds.extend(pieces.iter().flat_map(|p| [p.0, p.1]));
    bounds.extend(points.iter().map(|p| p.0));
    bounds.sort_unstable();
    bounds.dedup();

    let mut events = Vec::new();
    // Open items, ordered outermost first: earlier start, then longer, then item order.
    let mut active: BTreeSet<Key> = BTreeSet::new();
    let mut stack: Vec<Key> = Vec::new();
    let (mut next_piece, mut next_point) = (0, 0);
    for (i, &at) in bounds.iter().enumerate() {
        let next = bounds.get(i + 1).copied();
        active.retain(|k| k.1.0 > at);
        while let Some(&(s, e, item)) = pieces.get(next_piece).filter(|p| p.0 == at) {
            active.insert((s, Reverse(e), item));
            next_piece += 1;
        }
        let target: Vec<Key> = if next.is_some() { active.iter().copied().collect() } else { Vec::new() };
        let keep = stack.iter().zip(&target).take_while(|(a, b)| a == b).count();
        while stack.len() > keep {
            if let Some(k) = stack.pop() {
                events.push(Event::Close(k.2));
            }
        }
        while let Some(&(_, item)) = points.get(next_point).filter(|p| p.0 == at) {
            events.push(Event::Open { item, first: false, last: false });
            events.push(Event::Close(item));
            next_point += 1;
        }
        for k in &target[keep..] {
            events.push(Event::Open { item: k.2, first: false, last: false });
            stack.push(*k);
        }
        if let Some(n) = next {
            events.push(Event::Text(at..n));
        }
    }
    events
}

/// Flag each item's first and last piece.
fn mark_first_and_last(lines: &mut [Line], count: usize) {
    let mut seen = vec![false; count];
    for line in lines.iter_mut() {
        for e in &mut line.events {
            if let Event::Open { item, first, .. } = e
                && let Some(s) = seen.get_mut(*item)
                && !*s
            {
                *s = true;
                *first = true;
            }
        }
    }
    let mut seen = vec![false; count];
    for line in lines.iter_mut().rev() {
        for e in line.events.iter_mut().rev() {
            if let Event::Open { item, last, .. } = e
                && let Some(s) = seen.get_mut(*item)
                && !*s
            {
                *s = true;
                *last = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draw events as text with `[n` … `]` around items, `|` between lines.
    fn draw(source: &str, lines: &[Line]) -> String {
        let mut out = Vec::new();
        for l in lines {
            let mut s = String::new();
            for e in &l.events {
                match e {
                    Event::Text(r) => s.push_str(&source[r.clone()]),
                    Event::Open { item, .. } => s.push_str(&format!("[{item}")),
                    Event::Close(_) => s.push(']'),
                }
            }
            out.push(s);
        }
        out.join("|")
    }

    fn span(source: &str, needle: &str) -> Span {
        let at = source.find(needle).unwrap();
        Span::new(at, at + needle.len())
    }

    #[test]
    fn nested_highlights_stay_nested() {
        let s = "uno de de dos";
        let lines = lay_out(s, &[span(s, "de de dos"), span(s, "de de")]);
        assert_eq!(draw(s, &lines), "uno [0[1de de] dos]");
    }

    #[test]
    fn crossing_highlights_are_split() {
        let s = "a b c d";
        let lines = lay_out(s, &[Span::new(0, 5), Span::new(2, 7)]);
        assert_eq!(draw(s, &lines), "[0a [1b c]][1 d]");
        let opens: Vec<_> = lines[0].events.iter().filter(|e| matches!(e, Event::Open { .. })).cloned().collect();
        assert_eq!(
            opens,
            vec![
                Event::Open { item: 0, first: true, last: true },
                Event::Open { item: 1, first: true, last: false },
                Event::Open { item: 1, first: false, last: true },
            ]
        );
    }

    #[test]
    fn highlights_are_split_at_line_ends_and_crlf_is_not_content() {
        let s = "director de esta unidad\r\nmédica, explicó\r\n";
        let lines = lay_out(s, &[span(s, "unidad\r\nmédica")]);
        assert_eq!(draw(s, &lines), "director de esta [0unidad]|[0médica], explicó|");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn empty_and_out_of_range_spans_are_drawn_empty() {
        let s = "[texto]() y\n";
        let lines = lay_out(s, &[Span::new(8, 8), Span::new(11, 12), Span::new(90, 95)]);
        assert_eq!(draw(s, &lines), "[texto]([0]) y[1]|[2]");
    }

    #[test]
    fn spans_inside_a_character_are_floored_to_its_boundary() {
        let s = "año ñu";
        let lines = lay_out(s, &[Span::new(2, 6)]);
        assert_eq!(draw(s, &lines), "a[0ño ]ñu");
    }

    #[test]
    fn byte_order_mark_is_not_drawn() {
        let s = "\u{FEFF}XX\n";
        let lines = lay_out(s, &[Span::new(3, 5)]);
        assert_eq!(draw(s, &lines), "[0XX]|");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(400))]
            #[test]
            fn events_nest_cover_each_line_and_open_every_item(
                source in "[a-zñ\u{a0}é🙂 \r\n]{0,40}",
                raw in proptest::collection::vec((0usize..50, 0usize..12), 0..8),
            ) {
                let items: Vec<Span> = raw.iter().map(|&(s, l)| Span::new(s, s + l)).collect();
                let lines = lay_out(&source, &items);
                let (mut firsts, mut lasts, mut opens) = (vec![0; items.len()], vec![0; items.len()], vec![0; items.len()]);
                for line in &lines {
                    let mut stack = Vec::new();
                    let mut covered = String::new();
                    for e in &line.events {
                        match e {
                            Event::Text(r) => {
                                prop_assert!(line.content.start <= r.start && r.end <= line.content.end);
                                covered.push_str(&source[r.clone()]);
                            }
                            Event::Open { item, first, last } => {
                                stack.push(*item);
                                opens[*item] += 1;
                                firsts[*item] += usize::from(*first);
                                lasts[*item] += usize::from(*last);
                            }
                            Event::Close(item) => prop_assert_eq!(stack.pop(), Some(*item)),
                        }
                    }
                    prop_assert!(stack.is_empty());
                    prop_assert_eq!(covered.as_str(), &source[line.content.clone()]);
                }
                for i in 0..items.len() {
                    prop_assert!(opens[i] >= 1);
                    prop_assert_eq!((firsts[i], lasts[i]), (1, 1));
                }
            }
        }
    }
}
