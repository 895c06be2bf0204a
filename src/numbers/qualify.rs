//! What surrounds a figure and changes its meaning: the qualifier before it ("más de",
//! "cerca de", "hasta un") or after it ("300 aproximadamente"); the pairs of figures that
//! form a range or a change ("de 12 a 17 años", "entre 2 y 7", "de 2 mil a 2 mil 300"); and
//! what a list or range leaves unsaid ("entre 12 y 14 mil pesos", "13.9 y 3.4 por ciento").
//!
//! Invariant: qualifier phrases must end right before the figure (or before one article that
//! precedes it: "hasta un 30 por ciento"), so a qualifier never reaches across other words.

use std::ops::Range;

use rust_decimal::Decimal;

use super::cursor::Cx;
use super::grammar::Figure;
use super::lexicon::flag;
use super::{NumberForm, Qualifier, Quantity, QuantityKind, RangeEnd};

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
            return (Qualifier::About, Some(cx.toks[fig.end].start..cx.toks[e - 1].end));
        }
    }
    (Qualifier::Exact, None)
}

/// A figure kept by the scanner, with its token extent, for pairing.
pub(crate) struct Placed {
    pub first: usize,
    pub end: usize,
    pub trailing_multiplier: Option<Decimal>,
}

/// Links figures to their neighbours, in place:
/// - range/change pairs `open X join Y` ("de 12 a 17", "entre 2 y 7", "desde 10 hasta 20")
///   and `X-Y` with a glued hyphen ("12-17") get their [`RangeEnd`]; the join word is not a
///   qualifier of Y ("hasta"), and X shares Y's unit ("de 12 a 17 años");
/// - an elided start takes the end's multiplier and kind ("entre 12 y 14 mil pesos" = 12 mil
///   pesos, "de 4 a 7 por ciento" = 4 por ciento);
/// - bare numbers listed before a percentage are percentages too ("aumentó 13.9 y 3.4 por
///   ciento", "5, 10 y 15 por ciento").
pub(crate) fn link_neighbours(cx: &Cx, placed: &[Placed], out: &mut [Quantity]) {
    let lex = cx.lex;
    for i in 1..placed.len() {
        let (x, y) = (&placed[i - 1], &placed[i]);
        if out[i - 1].range.is_some()
            || out[i - 1].kind == QuantityKind::Ordinal
            || out[i].kind == QuantityKind::Ordinal
        {
            continue;
        }
        let hyphen =
            y.first == x.end + 1 && cx.is_punct(x.end, &['-', '\u{2013}']) && cx.glued(x.end) && cx.glued(y.first);
        // Articles may sit on either side: "entre el 30 y el 49 por ciento", "de la 29 a la 30".
        let skip_article = |k: usize| k + usize::from(cx.is_word(k) && cx.has(k, flag::ARTICLE));
        let joined =
            matches!(cx.phrase_at(x.end, &lex.range_join), Some((_, e)) if e == y.first || skip_article(e) == y.first);
        let article_before = x.first > 0 && cx.is_word(x.first - 1) && cx.has(x.first - 1, flag::ARTICLE);
        let opened = cx.phrase_before(x.first, &lex.range_open).is_some()
            || (article_before && cx.phrase_before(x.first - 1, &lex.range_open).is_some());
        if !(hyphen || (joined && opened)) {
            continue;
        }
        out[i - 1].range = Some(RangeEnd::From);
        out[i].range = Some(RangeEnd::To);
        let join_start = cx.toks[x.end].start;
        if out[i].qualifier_span.as_ref().is_some_and(|s| s.start == join_start) {
            out[i].qualifier = Qualifier::Exact;
            out[i].qualifier_span = None;
        }
        if is_bare(&out[i - 1]) {
            let to_kind = out[i].kind;
            let from = &mut out[i - 1];
            match (to_kind, y.trailing_multiplier) {
                (QuantityKind::Percent | QuantityKind::Points, _) => from.kind = to_kind,
                (QuantityKind::Money, None) => from.kind = to_kind,
                (_, Some(m)) if from.value < m => {
                    if let (Some(v), Some(g)) = (from.value.checked_mul(m), from.granularity.checked_mul(m)) {
                        from.value = v;
                        from.granularity = g;
                        from.kind = to_kind;
                    }
                }
                _ => {}
            }
        }
        if out[i - 1].unit.is_none() {
            out[i - 1].unit = out[i].unit.clone();
            out[i - 1].unit_head = out[i].unit_head.clone();
        }
    }
    // Elided percent signs and multipliers in lists, right to left so that chains carry:
    // "13.9 y 3.4 por ciento", "99, 96 y 88 mil pesos".
    let mut carried: Vec<Option<Decimal>> = vec![None; placed.len()];
    for i in (0..placed.len().saturating_sub(1)).rev() {
        let next_kind = out[i + 1].kind;
        let multiplier = carried[i + 1].or(placed[i + 1].trailing_multiplier);
        let percent = matches!(next_kind, QuantityKind::Percent | QuantityKind::Points);
        let scaled = multiplier.filter(|m| !percent && out[i].value < *m && out[i].value.scale() == 0);
        if !(percent || scaled.is_some()) || !is_bare(&out[i]) || out[i].range.is_some() {
            continue;
        }
        let (x_end, y_first) = (placed[i].end, placed[i + 1].first);
        let by_and = y_first == x_end + 1 && cx.is_word(x_end) && cx.has(x_end, flag::AND);
        let by_comma_and =
            y_first == x_end + 2 && cx.is_punct(x_end, &[',']) && cx.is_word(x_end + 1) && cx.has(x_end + 1, flag::AND);
        let by_comma = y_first == x_end + 1 && cx.is_punct(x_end, &[',']) && carried[i + 1].is_some();
        if !(by_and || by_comma_and || by_comma) {
            continue;
        }
        if let Some(m) = scaled {
            let q = &mut out[i];
            match (q.value.checked_mul(m), q.granularity.checked_mul(m)) {
                (Some(v), Some(g)) => {
                    q.value = v;
                    q.granularity = g;
                }
                _ => continue,
            }
        }
        out[i].kind = next_kind;
        carried[i] = Some(multiplier.unwrap_or(Decimal::ONE));
    }
}

/// A bare count in digits with nothing attached (no unit, no suffix, no qualifier).
fn is_bare(q: &Quantity) -> bool {
    q.kind == QuantityKind::Count && q.form == NumberForm::Digits && q.unit.is_none() && q.qualifier == Qualifier::Exact
}
