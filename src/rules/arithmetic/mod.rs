//! The arithmetic family: figures that must agree with each other.
//!
//! Every kind here reads the document's [`Figures`](crate::facts::Figures) (extracted once)
//! and the block text only to find its trigger phrases and the shape of an enumeration. The
//! shared pieces live here: phrase lists, enumeration items, tolerances and near misses,
//! and how numbers are written in messages.
//!
//! Precision first: a bulletin's figures are mostly right, and a check that cries wolf is
//! switched off. A parts list that falls far short of its total is usually a partial list
//! (`53 personas, de las cuales 26 …, nueve … y ocho …`); the typical slip is a near miss
//! (off by a little, transposed digits), and that is what gets reported.

pub(super) mod breakdown;
pub(super) mod change;
pub(super) mod ordinal;
pub(super) mod partition;
mod phrases;
pub(super) mod ratio;
pub(super) mod restated;

pub use phrases::{Phrases, SearchText};

use crate::diagnostic::Label;
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::{Qualifier, QuantityKind, RangeEnd};
use crate::rules::{Output, RuleMeta};
use rust_decimal::Decimal;
use std::ops::Range;
use std::str::FromStr;

/// A decimal from a rule file, such as `tolerance = "0.5"`.
pub(crate) fn decimal(
    value: &Option<toml::Spanned<String>>,
    default: &str,
    problems: &mut Vec<SpannedProblem>,
) -> Decimal {
    let parsed = value.as_ref().map(|v| (Decimal::from_str(v.get_ref().trim()), v.span()));
    match parsed {
        Some((Ok(d), _)) if d >= Decimal::ZERO => d,
        Some((_, span)) => {
            problems.push(SpannedProblem::new("expected a non-negative decimal number, such as \"0.05\"", span));
            Decimal::from_str(default).unwrap_or_default()
        }
        None => Decimal::from_str(default).unwrap_or_default(),
    }
}

/// Whether a figure can be a count of things (a total or a part): a count or an amount of
/// money, not a lone article (`una mejor calidad`) nor one end of a range (`de 12 a 17
/// años`, `6-4`).
pub(crate) fn is_amount(f: &Figure) -> bool {
    matches!(f.q.kind, QuantityKind::Count | QuantityKind::Money) && !f.q.article_like && f.q.range.is_none()
}

/// Whether a figure is an amount, ranges included (a change goes `de A a B`).
pub(crate) fn is_amount_or_range(f: &Figure) -> bool {
    matches!(f.q.kind, QuantityKind::Count | QuantityKind::Money) && !f.q.article_like
}

/// How far the parts may exceed their total and still be taken for a slip rather than a
/// misread list (the wrong total, a list of something else): 25 %.
pub(crate) fn max_excess() -> Decimal {
    Decimal::new(25, 2)
}

/// Whether the parts `sum` against `total` is wrong the way a slip is: an excess of at most
/// [`max_excess`], or (for an exhaustive list) a near-miss shortfall.
pub(crate) fn wrong_sum(total: Decimal, sum: Decimal, slack: Decimal, exhaustive: bool, max_relative: Decimal) -> bool {
    if sum > total + slack {
        total > Decimal::ZERO && (sum - total) / total <= max_excess()
    } else if sum < total - slack {
        exhaustive && near_miss(total, sum, max_relative)
    } else {
        false
    }
}

/// Half the stated precision of the figures: `1.3 millones` may be anything that rounds to it.
pub(crate) fn rounding_slack(figs: &[&Figure]) -> Decimal {
    figs.iter()
        .map(|f| if f.q.granularity > Decimal::ONE { f.q.granularity / Decimal::TWO } else { Decimal::ZERO })
        .sum()
}

/// Whether `stated` and `computed` differ the way a slip does: by a small relative
/// amount, by two swapped digits, or by one digit.
pub(crate) fn near_miss(stated: Decimal, computed: Decimal, max_relative: Decimal) -> bool {
    if stated == computed {
        return false;
    }
    let big = stated.abs().max(computed.abs());
    if big > Decimal::ZERO && (stated - computed).abs() / big <= max_relative {
        return true;
    }
    let (a, b) = (stated.normalize().to_string(), computed.normalize().to_string());
    // Digit slips are told from real differences only in longer numbers: 53 and 43 are
    // simply two numbers.
    if a.len() != b.len() || a.len() < 3 {
        return false;
    }
    let diff: Vec<usize> = a.bytes().zip(b.bytes()).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i).collect();
    match diff.as_slice() {
        // One digit off, but not the leading one (that changes the order of magnitude
        // of the claim, not a keystroke).
        [i] => *i > 0,
        [i, j] => j == &(i + 1) && a.as_bytes()[*i] == b.as_bytes()[*j] && a.as_bytes()[*j] == b.as_bytes()[*i],
        _ => false,
    }
}

/// The words of the labels under figures, in the rule's language.
pub(crate) struct LabelWords {
    pub total: &'static str,
    pub parts_add_up_to: &'static str,
    pub part: &'static str,
    pub base: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub here: &'static str,
    pub by_the_figures: &'static str,
    /// `30, no 31`: how a computation says what was stated instead.
    pub not: &'static str,
}

/// Label words for `meta`'s language (Spanish unless the rule is written for English).
pub(crate) fn label_words(meta: &RuleMeta) -> &'static LabelWords {
    static ES: LabelWords = LabelWords {
        total: "total",
        parts_add_up_to: "las partes suman",
        part: "parte",
        base: "base",
        before: "antes",
        after: "después",
        here: "aquí",
        by_the_figures: "según las cifras",
        not: "no",
    };
    static EN: LabelWords = LabelWords {
        total: "total",
        parts_add_up_to: "the parts add up to",
        part: "part",
        base: "base",
        before: "before",
        after: "after",
        here: "here",
        by_the_figures: "by the figures",
        not: "not",
    };
    if meta.language == Some(crate::lang::Language::En) { &EN } else { &ES }
}

/// Which words a sum finding underlines first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Underline {
    /// The total (a breakdown: the parts follow it).
    Total,
    /// The first part (a partition: the total was stated before).
    FirstPart,
}

/// How a sum is checked: the allowed difference and what counts as a slip.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SumCheck {
    /// Extra absolute difference allowed (`tolerance`).
    pub tolerance: Decimal,
    /// Largest shortfall, relative to the total, taken for a slip.
    pub max_relative: Decimal,
    /// Whether the list claims to hold every part.
    pub exhaustive: bool,
}

/// Judge parts against their total: record the statement in the ledger when it holds or is
/// a slip, and report the slip. Shared by `breakdown` and `partition`.
pub(crate) fn judge_sum(
    meta: &RuleMeta,
    total: &Figure,
    parts: &[&Figure],
    check: SumCheck,
    underline: Underline,
    out: &mut Output,
) {
    let values: Vec<Decimal> = parts.iter().map(|p| p.q.value).collect();
    let sum: Decimal = values.iter().sum();
    let mut all = parts.to_vec();
    all.push(total);
    let slack = rounding_slack(&all) + check.tolerance;
    let t = total.q.value;
    let ok = (sum - t).abs() <= slack;
    let wrong = wrong_sum(t, sum, slack, check.exhaustive, check.max_relative);
    let computation = if ok {
        format!("{} = {}", show_sum(&values), show(sum))
    } else {
        format!("{} = {}, {} {}", show_sum(&values), show(sum), label_words(meta).not, show(t))
    };
    if ok || wrong {
        out.ledger.push(Entry {
            rule: meta.id.clone(),
            check: LedgerCheck::Sum,
            span: total.span,
            parts: parts.iter().map(|p| p.span).collect(),
            computation: computation.clone(),
            ok,
        });
    }
    if !wrong || parts.is_empty() {
        return;
    }
    let primary = match underline {
        Underline::Total => total.span,
        Underline::FirstPart => parts[0].span,
    };
    let mut f = meta.finding(primary, &|v| match v {
        "total" => show(t),
        "sum" => show(sum),
        "difference" => show((sum - t).abs()),
        _ => computation.clone(),
    });
    let w = label_words(meta);
    let part_label = |p: &&Figure| Label { span: p.span, text: show(p.q.value) };
    match underline {
        Underline::Total => {
            if f.label.is_none() {
                f.label = Some(format!("{}: {}", w.total, show(t)));
            }
            f.labels.extend(parts.iter().map(part_label));
        }
        Underline::FirstPart => {
            if f.label.is_none() {
                f.label = Some(format!("{} {}", w.parts_add_up_to, show(sum)));
            }
            f.labels.push(Label { span: total.span, text: format!("{}: {}", w.total, show(t)) });
            f.labels.extend(parts[1..].iter().map(part_label));
        }
    }
    out.findings.push(f);
}

/// A number as a bulletin's help line writes it: `193 024`, `117.9`.
#[must_use]
pub fn show(d: Decimal) -> String {
    let d = d.normalize();
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `13 + 12 + 4 + 1`.
#[must_use]
pub fn show_sum(values: &[Decimal]) -> String {
    values.iter().map(|v| show(*v)).collect::<Vec<_>>().join(" + ")
}

/// Whether a figure is stated exactly (no `más de`, `cerca de`).
pub(crate) fn exact(f: &Figure) -> bool {
    f.q.qualifier == Qualifier::Exact
}

/// How one item of an enumeration reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A part: the index (into the block's figures) of its figure, and of a percentage
    /// stated for it, if any.
    Part(usize, Option<usize>),
    /// Words about the previous part (`son mujeres`, `equivalentes a 3.8 por ciento`).
    Attribute(Option<usize>),
    /// Not part of the list: the list has ended.
    End,
}

/// Split `text[range]` into the items of an enumeration: at `;` when the list uses them
/// (`40 cumplieron 20 años; 30, 25 años; …`), otherwise at `,`, ` y `, ` e `; never inside
/// parentheses. Each item is classified with the figures of the block.
pub(crate) fn items(
    text: &str,
    range: Range<usize>,
    figures: &[Figure],
    connectors: &Phrases,
) -> Vec<(Range<usize>, Item)> {
    let slice = &text[range.clone()];
    let semicolons = depth_zero(slice).any(|(_, c)| c == ';');
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (cut start, next item start), relative
    // A comma or a space inside a figure (`178,313`, `193 mil 024`) separates nothing.
    // Nor does ` y ` between the two ends of a range (`entre 12 y 17 años`).
    // Asking every figure for every separator was quadratic: a list of 20,000 figures in
    // one sentence took 10 s. The spans are looked up instead (see `Covering`).
    let ranges: Vec<(usize, usize)> = figures
        .windows(2)
        .filter(|w| w[0].q.range == Some(RangeEnd::From) && w[1].q.range == Some(RangeEnd::To))
        .map(|w| (w[0].q.span.start, w[1].q.span.end))
        .collect();
    let figure_spans = Covering::new(figures.iter().map(|f| (f.q.span.start, f.q.span.end)).collect());
    let range_spans = Covering::new(ranges);
    let in_figure = |i: usize| figure_spans.covers(range.start + i) || range_spans.covers(range.start + i);
    for (i, c) in depth_zero(slice).filter(|&(_, c)| matches!(c, ';' | ',' | ' ')) {
        if in_figure(i) {
            continue;
        }
        let rest = &slice[i..];
        match c {
            ';' => cuts.push((i, i + 1)),
            // `15, 30 años, y 10, 35 años`: with semicolons, a comma separates a part from
            // its words, and only `, y` starts the next part.
            ',' if semicolons => {
                for w in [", y ", ", e ", ", and "] {
                    if rest.starts_with(w) {
                        cuts.push((i, i + w.len()));
                    }
                }
            }
            ',' => cuts.push((i, i + 1)),
            ' ' if !semicolons || !has_comma(slice, i) => {
                // ` y ` / ` e ` (` and `) before the last item, unless `, y` already cut here.
                for w in [" y ", " e ", " and "] {
                    if rest.starts_with(w) && !slice[..i].ends_with(',') {
                        cuts.push((i, i + w.len()));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (cut, next) in cuts.into_iter().chain(std::iter::once((slice.len(), slice.len()))) {
        if cut < start {
            continue;
        }
        let r = range.start + start..range.start + cut;
        let item = classify(text, r.clone(), figures, connectors);
        out.push((r, item));
        start = next;
    }
    out
}

/// Whether the `;`-separated group around byte `i` contains a comma (then ` y ` inside it
/// is not a separator: `15, 30 años, y 10, 35 años`).
fn has_comma(slice: &str, i: usize) -> bool {
    let from = slice[..i].rfind(';').map_or(0, |p| p + 1);
    let to = slice[i..].find(';').map_or(slice.len(), |p| i + p);
    slice[from..to].contains(',')
}

/// Characters outside parentheses and brackets, with their offsets.
fn depth_zero(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut depth = 0usize;
    s.char_indices().filter(move |&(_, c)| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => return depth == 0,
        }
        false
    })
}

fn classify(text: &str, range: Range<usize>, figures: &[Figure], connectors: &Phrases) -> Item {
    // A block's figures are in text order (`Figures` keeps them so): only those starting
    // inside the item can lie inside it. Scanning them all for every item was quadratic.
    let from = figures.partition_point(|f| f.q.span.start < range.start);
    let to = figures.partition_point(|f| f.q.span.start < range.end);
    let inside: Vec<usize> = (from..to.max(from))
        .filter(|&i| figures[i].q.span.start >= range.start && figures[i].q.span.end <= range.end)
        .collect();
    let Some(&first) = inside.first() else { return Item::Attribute(None) };
    let f = &figures[first];
    // Where the item's words start, once leading connectors are skipped.
    let mut at = range.start;
    loop {
        let rest = &text[at..range.end];
        let lead = rest.len() - rest.trim_start().len();
        match connectors.prefix(rest) {
            Some(end) if end > lead => at += end,
            _ => {
                at += lead;
                break;
            }
        }
    }
    let starts_with_figure = f.q.qualifier_span.as_ref().map_or(f.q.span.start, |q| q.start.min(f.q.span.start)) == at;
    // `y un caso del virus tipo A`: at the head of an item, `un` is a part, not an article.
    let countable = is_amount(f) || (f.q.article_like && f.q.range.is_none());
    if countable && starts_with_figure {
        let percent = inside[1..].iter().copied().find(|&i| figures[i].q.kind == QuantityKind::Percent);
        return Item::Part(first, percent);
    }
    if f.q.kind == QuantityKind::Percent && inside.iter().all(|&i| !is_amount(&figures[i])) {
        return Item::Attribute(Some(first));
    }
    Item::End
}

/// Byte spans, answering "does one of them cover this offset?" in logarithmic time.
struct Covering {
    /// `(start, end)`, sorted by start.
    spans: Vec<(usize, usize)>,
    /// `reach[k]`: the largest end among `spans[..=k]`, so nested or overlapping spans
    /// are answered exactly.
    reach: Vec<usize>,
}

impl Covering {
    fn new(mut spans: Vec<(usize, usize)>) -> Self {
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0, |max, &(_, end)| {
                *max = end.max(*max);
                Some(*max)
            })
            .collect();
        Self { spans, reach }
    }

    /// Whether some span has `start <= at < end`.
    fn covers(&self, at: usize) -> bool {
        let k = self.spans.partition_point(|&(start, _)| start <= at);
        k > 0 && self.reach[k - 1] > at
    }
}

/// The parts of an enumeration: each part's figure (and stated percentage), stopping at
/// the first item that is not part of the list.
pub(crate) fn parts(items: &[(Range<usize>, Item)]) -> Vec<(usize, Option<usize>)> {
    let mut out: Vec<(usize, Option<usize>)> = Vec::new();
    for (_, item) in items {
        match item {
            Item::Part(f, p) => out.push((*f, *p)),
            Item::Attribute(Some(p)) => {
                if let Some(last) = out.last_mut()
                    && last.1.is_none()
                {
                    last.1 = Some(*p);
                }
            }
            Item::Attribute(None) => {}
            Item::End => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_small_gaps_swaps_and_single_digits() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let rel = d("0.1");
        assert!(near_miss(d("31"), d("30"), rel));
        assert!(!near_miss(d("21"), d("12"), d("0")));
        assert!(!near_miss(d("4321"), d("5321"), d("0")));
        assert!(near_miss(d("2844"), d("2854"), d("0")));
        assert!(near_miss(d("3415"), d("3451"), d("0")));
        assert!(near_miss(d("193024"), d("192994"), rel));
        assert!(!near_miss(d("53"), d("43"), rel));
        assert!(!near_miss(d("30"), d("30"), rel));
        assert!(!near_miss(d("1234"), d("4321"), d("0")));
    }

    #[test]
    fn numbers_are_shown_grouped() {
        assert_eq!(show(Decimal::from(193_024)), "193 024");
        assert_eq!(show(Decimal::from_str("117.90").unwrap()), "117.9");
        assert_eq!(show(Decimal::from(30)), "30");
        assert_eq!(show_sum(&[Decimal::from(13), Decimal::from(12)]), "13 + 12");
    }
}
