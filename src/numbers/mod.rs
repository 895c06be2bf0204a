//! The quantity extractor: reads every figure in a piece of prose, the way Mexican press
//! bulletins (and English ones) write them, with exact values and byte spans.
//!
//! ```
//! use cuadra::numbers::{NumberLexicon, QuantityKind, Qualifier, scan};
//!
//! let text = "Realizó IMSS más de 193 mil atenciones; el 1º de mayo llegó a 133.4 por ciento.";
//! let found = scan(text, NumberLexicon::spanish());
//! assert_eq!(found.len(), 2);
//! assert_eq!(found[0].value, 193_000.into());
//! assert_eq!(found[0].qualifier, Qualifier::MoreThan);
//! assert_eq!(&text[found[0].span.clone()], "193 mil");
//! assert_eq!(found[0].unit_head.as_deref(), Some("atenciones"));
//! assert_eq!(found[1].kind, QuantityKind::Percent);
//! ```
//!
//! The pipeline, one module per stage: [`lexer`] (tokens, digit literals and their
//! separators) -> [`grammar`] (the longest well-formed figure at a token) -> [`qualify`]
//! (qualifier before/after) and [`unit`] (the counted noun) -> [`context`] (years, dates,
//! times, phones and identifiers are dropped) -> range pairing. All language data comes from a
//! [`NumberLexicon`] (`rules/<lang>/numbers.toml`); the code is language-neutral.
//!
//! Invariants of [`scan`]'s output:
//! - quantities are in text order and do not overlap;
//! - every span (`span`, `qualifier_span`, `unit`) lies inside the text, on char boundaries;
//! - values are exact `Decimal`s, never floats; no input makes `scan` panic.

mod context;
mod cursor;
mod fold;
mod format;
mod grammar;
mod lexer;
mod lexicon;
mod qualify;
mod unit;

#[cfg(test)]
mod tests;

use std::ops::Range;

use rust_decimal::Decimal;

pub use format::{format_grouped, format_mixed, format_words};
pub use lexicon::NumberLexicon;

use context::Verdict;
use cursor::Cx;
use qualify::Placed;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuantityKind {
    /// A count or amount of something ("30 trasplantes", "1.3 millones de atenciones").
    Count,
    /// A percentage ("133.4 por ciento", "25%").
    Percent,
    /// Percentage points ("2.5 puntos porcentuales"): a difference of percentages.
    Points,
    /// An ordinal ("8va", "octava", "décimo segundo").
    Ordinal,
    /// An amount of money: a currency prefix ("$33 millones") or a currency unit
    /// ("5 mil millones de pesos").
    Money,
}

/// How a figure is hedged by the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Qualifier {
    /// As stated.
    Exact,
    /// "más de", "poco más de", "more than", "over".
    MoreThan,
    /// "menos de", "less than".
    LessThan,
    /// "cerca de", "alrededor de", "aproximadamente", "casi", "about", "nearly".
    About,
    /// "hasta", "up to".
    UpTo,
    /// "al menos", "por lo menos", "at least".
    AtLeast,
}

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// Only digits ("193024", "1,250", "8va").
    Digits,
    /// Only words ("ciento treinta y dos", "un millón", "una").
    Words,
    /// Digits with multiplier words ("193 mil 024", "1.3 millones").
    Mixed,
}

/// The role of a figure in a pair "de X a Y", "entre X y Y", "X-Y" (a range or a change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangeEnd {
    /// The first figure of the pair.
    From,
    /// The second figure of the pair.
    To,
}

/// One figure found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The exact value ("193 mil 024" -> 193024, "133.4 por ciento" -> 133.4).
    pub value: Decimal,
    /// Byte range of the figure itself in the scanned text: the number, its currency prefix
    /// and its percent words ("$33 millones 771 mil 755", "133.4 por ciento"), not the unit.
    pub span: Range<usize>,
    /// What it measures.
    pub kind: QuantityKind,
    /// How it is hedged.
    pub qualifier: Qualifier,
    /// Byte range of the qualifier's words ("más de"), if any.
    pub qualifier_span: Option<Range<usize>>,
    /// How it is written. Rules ignore lone article-like words (see `article_like`).
    pub form: NumberForm,
    /// Stated precision: "193 mil" -> 1000, "1.3 millones" -> 100000, "193 mil 024" -> 1,
    /// "133.4 %" -> 0.1.
    pub granularity: Decimal,
    /// Byte range of the noun phrase it counts ("atenciones médicas"), if any.
    pub unit: Option<Range<usize>>,
    /// The unit's head noun, lowercase with accents folded ("atenciones", "corneas"), for
    /// comparing units.
    pub unit_head: Option<String>,
    /// A lone "un"/"una" read as 1: it may just be an indefinite article ("una mejor
    /// calidad"). Only kept when a noun follows it.
    pub article_like: bool,
    /// Its role in a range or change pair, if it is in one.
    pub range: Option<RangeEnd>,
}

/// Reads every figure in `text`, in text order.
///
/// `text` is prose with markup already removed (one block at a time is the intended use).
pub fn scan(text: &str, lex: &NumberLexicon) -> Vec<Quantity> {
    let mut tokens = lexer::Tokens::default();
    let mut buf = String::new();
    lexer::tokenize(text, lex, &mut tokens, &mut buf);
    let toks = &tokens.toks;
    let cx = Cx { text, toks, nums: &tokens.nums, lex };
    let mut out = Vec::new();
    let mut placed = Vec::new();
    let mut i = 0;
    while i < cx.len() {
        if !grammar::can_start(&cx, i) {
            i += 1;
            continue;
        }
        if let Some(end) = context::phone_run(&cx, i) {
            i = end;
            continue;
        }
        let Some(fig) = grammar::figure_at(&cx, i) else {
            i += 1;
            continue;
        };
        let (qualifier, qualifier_span) = qualify::qualifier_of(&cx, &fig);
        let unit = unit::unit_after(&cx, &fig);
        let qualified = context::Qualified {
            qualifier,
            before: qualifier_span.as_ref().is_some_and(|s| s.end <= toks[fig.first].start),
        };
        if let Verdict::Skip(end) = context::verdict(&cx, &fig, qualified, unit.as_ref()) {
            i = end.max(i + 1);
            continue;
        }
        if fig.article_like && unit.is_none() {
            // "un total de", "una vez": an article, not a count.
            i = fig.end;
            continue;
        }
        let mut kind = fig.kind;
        if kind == QuantityKind::Count && unit.as_ref().is_some_and(|u| cx.has(u.head_token, lexicon::flag::MONEY_UNIT))
        {
            kind = QuantityKind::Money;
        }
        let (unit, unit_head) = match unit {
            Some(u) => (Some(u.span), Some(u.head)),
            None => (None, None),
        };
        placed.push(Placed { first: fig.first, end: fig.end, trailing_multiplier: fig.trailing_multiplier });
        out.push(Quantity {
            value: fig.value,
            span: toks[fig.first].start..toks[fig.end - 1].end,
            kind,
            qualifier,
            qualifier_span,
            form: fig.form,
            granularity: fig.granularity,
            unit,
            unit_head,
            article_like: fig.article_like,
            range: None,
        });
        i = fig.end;
    }
    qualify::link_neighbours(&cx, &placed, &mut out);
    out
}
