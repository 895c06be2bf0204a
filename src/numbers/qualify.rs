//! What surrounds a figure and changes its meaning: the qualifier before it ("más de",
//! "cerca de", "hasta un") or after it ("300 aproximadamente"), and the pairs of figures that
//! form a range or a change ("de 12 a 17 años", "entre 2 y 7", "de 2 mil a 2 mil 300").
//!
//! Invariant: qualifier phrases must end right before the figure (or before one article that
//! precedes it: "hasta un 30 por ciento"), so a qualifier never reaches across other words.

use std::ops::Range;

use super::cursor::Cx;
use super::grammar::Figure;
use super::lexicon::flag;
use super::{Qualifier, QuantityKind, RangeEnd};

/// The qualifier of `fig`, and the byte range of its words.
pub(crate) fn qualifier_of(cx: &Cx, fig: &Figure) -> (Qualifier, Option<Range<usize>>) {
    let lex = cx.lex;
    let a = fig.first;
    let found = cx.phrase_before(a, &lex.qualifiers).or_else(|| {
        let article = a.wrapping_sub(1);
        if cx.is_word(article) && cx.has(article, flag::ARTICLE) && cx.spaced(a) {
            cx.phrase_before(article, &lex.qualifiers)
        } else {
            None
        }
    });
    if let Some((p, start)) = found {
        let last = start + p.ids.len() - 1;
        return (p.value, Some(cx.toks[start].start..cx.toks[last].end));
    }
    if let Some((_, e)) = cx.phrase_at(fig.end, &lex.about_after) {
        if cx.spaced(fig.end) {
            return (
                Qualifier::About,
                Some(cx.toks[fig.end].start..cx.toks[e - 1].end),
            );
        }
    }
    (Qualifier::Exact, None)
}

/// A figure kept by the scanner, with its token extent, for pairing.
pub(crate) struct Placed {
    pub first: usize,
    pub end: usize,
    pub kind: QuantityKind,
}

/// Marks range/change pairs among consecutive figures: returns, for each figure, its role.
///
/// A pair is `open X join Y` ("de 12 a 17", "entre 2 y 7", "desde 10 hasta 20") or
/// `X-Y` with a glued hyphen ("12-17").
pub(crate) fn pair_roles(cx: &Cx, placed: &[Placed]) -> Vec<Option<RangeEnd>> {
    let lex = cx.lex;
    let mut roles = vec![None; placed.len()];
    for i in 1..placed.len() {
        let (x, y) = (&placed[i - 1], &placed[i]);
        if roles[i - 1].is_some()
            || x.kind == QuantityKind::Ordinal
            || y.kind == QuantityKind::Ordinal
        {
            continue;
        }
        let hyphen = y.first == x.end + 1
            && cx.is_punct(x.end, &['-', '\u{2013}'])
            && cx.glued(x.end)
            && cx.glued(y.first);
        let joined = matches!(cx.phrase_at(x.end, &lex.range_join), Some((_, e)) if e == y.first);
        let opened = cx.phrase_before(x.first, &lex.range_open).is_some();
        if hyphen || (joined && opened) {
            roles[i - 1] = Some(RangeEnd::From);
            roles[i] = Some(RangeEnd::To);
        }
    }
    roles
}
