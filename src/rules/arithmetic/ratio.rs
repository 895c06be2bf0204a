//! `ratio`: a percentage stated with the two figures it comes from, and shares of a whole.
//!
//! ## What it does
//! - A part and its base (`193 mil 024 atenciones médicas de las 163 mil 751 planeadas`,
//!   `21 de un total de 48`) with a percentage tied to them by a link phrase (`es decir`,
//!   `lo que representa`, `, el`), before or after, in the same sentence: the percentage must
//!   be part ÷ base, to the precision it is written with (rounded or truncated: `3.83` for
//!   3.835 is accepted).
//! - Shares of one whole (`La Federación aporta 72.5 por ciento y el estado 27.5 por ciento
//!   del total`): percentages listed before a closing phrase (`del total`) must add up to
//!   100, within their rounding. A sum far from 100 is not taken for shares.
//!
//! ## Why is this bad?
//! A percentage is the figure a headline quotes; when it does not follow from the figures
//! beside it, one of them is wrong.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.ratio"
//! kind = "ratio"
//! bases = ["de los", "de las", "de un total de"]
//! triggers = ["es decir", "lo que representa", ", el"]
//! total-triggers = ["del total"]
//! message = "El porcentaje no corresponde a las cifras: {computation}"
//! ```

use super::{Phrases, exact, is_amount, label_words, show};
use crate::diagnostic::Label;
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::QuantityKind;
use crate::rules::{Context, Output, RuleMeta, RuleSpec};
use rust_decimal::{Decimal, RoundingStrategy};

pub(crate) const FIELDS: &[&str] = &["bases", "triggers", "total-triggers"];
pub(crate) const VARS: &[&str] = &["stated", "computed", "computation"];

/// A compiled `ratio` rule.
#[derive(Debug, Clone)]
pub struct RatioRule {
    bases: Phrases,
    links: Phrases,
    wholes: Phrases,
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    Some(crate::rules::Check::Ratio(RatioRule {
        bases: Phrases::compile(&spec.bases, &[], problems),
        links: Phrases::compile(&spec.triggers, &[], problems),
        wholes: Phrases::compile(&spec.total_triggers, &[], problems),
    }))
}

/// Whether `stated` is `computed` written to its own precision, rounded or truncated.
#[must_use]
pub fn agrees(stated: Decimal, computed: Decimal) -> bool {
    let dp = stated.scale();
    computed.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero) == stated
        || computed.round_dp_with_strategy(dp, RoundingStrategy::ToZero) == stated
}

/// `computed` to one more decimal than `stated` shows, for the help line.
fn shown(stated: Decimal, computed: Decimal) -> Decimal {
    computed.round_dp_with_strategy(stated.scale().max(1), RoundingStrategy::MidpointAwayFromZero)
}

impl RatioRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        let figures = cx.facts.figures();
        for (bi, block) in cx.doc.blocks.iter().enumerate() {
            if !meta.scope.includes(block.kind) {
                continue;
            }
            let figs = figures.in_block(bi);
            if figs.len() < 2 {
                continue;
            }
            let text = block.text();
            for sentence in &block.sentences {
                let here: Vec<&Figure> =
                    figs.iter().filter(|f| f.q.span.start >= sentence.start && f.q.span.end <= sentence.end).collect();
                if !here.iter().any(|f| f.q.kind == QuantityKind::Percent) {
                    continue;
                }
                self.part_of_base(meta, text, &here, out);
                self.shares(meta, text, &here, sentence.end, out);
            }
        }
    }

    fn part_of_base(&self, meta: &RuleMeta, text: &str, here: &[&Figure], out: &mut Output) {
        for w in here.windows(2) {
            let (a, b) = (w[0], w[1]);
            if !is_amount(a) || !is_amount(b) || !exact(a) || !exact(b) || b.q.value.is_zero() {
                continue;
            }
            // `A [up to three words] de las B`.
            let between = &text[a.q.span.end..b.q.span.start];
            let Some(m) = self.bases.find_iter(between).last() else { continue };
            if between[m.end..].trim().chars().any(char::is_alphanumeric)
                || between[..m.start].split_whitespace().count() > 3
            {
                continue;
            }
            let (lo, hi) = (a.q.span.start, b.q.span.end);
            // The percentage tied to the pair: nearest, with a link phrase and no other amount between.
            let tied = here.iter().filter(|p| p.q.kind == QuantityKind::Percent && exact(p)).find(|p| {
                let gap = if p.q.span.start >= hi {
                    hi..p.q.span.start
                } else if p.q.span.end <= lo {
                    p.q.span.end..lo
                } else {
                    return false;
                };
                self.links.is_match(&text[gap.clone()])
                    && !here.iter().any(|f| is_amount(f) && f.q.span.start >= gap.start && f.q.span.end <= gap.end)
            });
            let Some(p) = tied else { continue };
            let computed = a.q.value * Decimal::ONE_HUNDRED / b.q.value;
            let stated = p.q.value;
            let ok = agrees(stated, computed);
            let computation = format!(
                "{} / {} = {} %{}",
                show(a.q.value),
                show(b.q.value),
                show(shown(stated, computed)),
                if ok { String::new() } else { format!(", {} {} %", label_words(meta).not, show(stated)) }
            );
            out.ledger.push(Entry {
                rule: meta.id.clone(),
                check: LedgerCheck::Ratio,
                span: p.span,
                parts: vec![a.span, b.span],
                computation: computation.clone(),
                ok,
            });
            if ok {
                continue;
            }
            let mut f = meta.finding(p.span, &|v| match v {
                "stated" => format!("{} %", show(stated)),
                "computed" => format!("{} %", show(shown(stated, computed))),
                _ => computation.clone(),
            });
            if f.label.is_none() {
                f.label = Some(format!("{} % {}", show(shown(stated, computed)), label_words(meta).by_the_figures));
            }
            f.labels.push(Label { span: a.span, text: format!("{}: {}", label_words(meta).part, show(a.q.value)) });
            f.labels.push(Label { span: b.span, text: format!("{}: {}", label_words(meta).base, show(b.q.value)) });
            out.findings.push(f);
        }
    }

    fn shares(&self, meta: &RuleMeta, text: &str, here: &[&Figure], sentence_end: usize, out: &mut Output) {
        let percents: Vec<&Figure> = here.iter().copied().filter(|f| f.q.kind == QuantityKind::Percent).collect();
        if percents.len() < 2 || here.iter().any(|f| is_amount(f)) || percents.iter().any(|p| !exact(p)) {
            return;
        }
        let last = percents[percents.len() - 1];
        // The closing phrase must follow the last share closely: `27.5 por ciento del total`.
        let tail = &text[last.q.span.end..sentence_end];
        let Some(m) = self.wholes.find_iter(tail).next() else { return };
        if tail[..m.start].split_whitespace().count() > 1 {
            return;
        }
        let sum: Decimal = percents.iter().map(|p| p.q.value).sum();
        let scale = percents.iter().map(|p| p.q.value.scale()).max().unwrap_or(0);
        let half_unit = Decimal::new(5, scale + 1);
        let slack = half_unit * Decimal::from(percents.len());
        let off = (sum - Decimal::ONE_HUNDRED).abs();
        let ok = off <= slack;
        // Far from 100, the percentages are not shares of one whole.
        if !ok && off > Decimal::from(5) {
            return;
        }
        let values: Vec<Decimal> = percents.iter().map(|p| p.q.value).collect();
        let computation = format!(
            "{} = {} %{}",
            values.iter().map(|v| format!("{} %", show(*v))).collect::<Vec<_>>().join(" + "),
            show(sum),
            if ok { String::new() } else { format!(", {} 100 %", label_words(meta).not) }
        );
        out.ledger.push(Entry {
            rule: meta.id.clone(),
            check: LedgerCheck::Ratio,
            span: last.span,
            parts: percents[..percents.len() - 1].iter().map(|p| p.span).collect(),
            computation: computation.clone(),
            ok,
        });
        if ok {
            return;
        }
        let mut f = meta.finding(last.span, &|v| match v {
            "stated" => "100 %".into(),
            "computed" => format!("{} %", show(sum)),
            _ => computation.clone(),
        });
        if f.label.is_none() {
            f.label = Some(format!("{} {} %", label_words(meta).parts_add_up_to, show(sum)));
        }
        f.labels.extend(
            percents[..percents.len() - 1]
                .iter()
                .map(|p| Label { span: p.span, text: format!("{} %", show(p.q.value)) }),
        );
        out.findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::agrees;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn percentages_agree_to_their_precision_rounded_or_truncated() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert!(agrees(d("117.9"), d("117.876")));
        assert!(!agrees(d("133.4"), d("117.876")));
        assert!(agrees(d("3.83"), d("3.8353")));
        assert!(agrees(d("3.84"), d("3.8353")));
        assert!(agrees(d("50"), d("50")));
        assert!(agrees(d("33.33"), d("33.3333")));
        assert!(!agrees(d("40"), d("43.75")));
    }
}
