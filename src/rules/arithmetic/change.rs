//! `change`: a percentage change stated with the figures it goes between.
//!
//! ## What it does
//! A verb of increase or decrease (`aumentó`, `disminuyeron`) with a percentage and the two
//! figures it went between (`de 2 mil a 2 mil 300`), in one sentence: the percentage must be
//! (new − old) ÷ old, to its written precision, and the direction must match the verb. A
//! multiple (`se duplicaron, de 150 a 300`) must be new ÷ old, within 15 %.
//!
//! ## Why is this bad?
//! Growth figures are recomputed by every reader who doubts them.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.change"
//! kind = "change"
//! triggers = ["aumentó", "creció"]
//! decrease = ["disminuyó", "bajó"]
//! multiples = { "se duplicó" = 2, "se triplicó" = 3 }
//! message = "El cambio no corresponde a las cifras: {computation}"
//! ```

use super::ratio::agrees;
use super::{Phrases, SearchText, exact, is_amount_or_range as is_amount, label_words, show};
use crate::diagnostic::Label;
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::QuantityKind;
use crate::rules::{Context, Output, RuleMeta, RuleSpec};
use rust_decimal::{Decimal, RoundingStrategy};

pub(crate) const FIELDS: &[&str] = &["triggers", "decrease", "multiples", "stopwords"];
pub(crate) const VARS: &[&str] = &["stated", "computed", "computation"];

/// A compiled `change` rule.
#[derive(Debug, Clone)]
pub struct ChangeRule {
    increase: Phrases,
    decrease: Phrases,
    /// Words that make the percentage a rate (`promedio anual`): not the change between
    /// the two figures, so the sentence is not checked.
    rates: Phrases,
    /// Every multiple phrase in one list (one regex), and each phrase's factor by its
    /// folded words.
    multiples: Phrases,
    factors: Vec<(String, u32)>,
}

/// A phrase's words, folded and single-spaced, to tell which multiple a match is.
fn phrase_key(text: &str) -> String {
    crate::words::fold(&crate::words::one_line(text))
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    let table = spec.multiples.as_ref();
    let phrases = table.map(|m| toml::Spanned::new(m.span(), m.get_ref().keys().cloned().collect::<Vec<_>>()));
    let factors = table.map(|m| m.get_ref().iter().map(|(p, k)| (phrase_key(p), *k)).collect()).unwrap_or_default();
    Some(crate::rules::Check::Change(ChangeRule {
        increase: Phrases::compile(&spec.triggers, &[], problems),
        decrease: Phrases::compile(&spec.decrease, &[], problems),
        rates: Phrases::compile(&spec.stopwords, &[], problems),
        multiples: Phrases::compile(&phrases, &[], problems),
        factors,
    }))
}

/// `de A a B` after `from`: two amounts with only `a` (or `hasta`) between them.
fn from_to<'f>(text: &str, here: &[&'f Figure], from: usize) -> Option<(&'f Figure, &'f Figure)> {
    here.windows(2).filter(|w| w[0].q.span.start >= from).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        let between = text[a.q.span.end..b.q.span.start].trim();
        let before = text[from..a.q.span.start].trim_end();
        let joined = matches!(between, "a" | "hasta" | "to")
            || between.ends_with(" a") && between.split_whitespace().count() <= 3;
        (is_amount(a)
            && is_amount(b)
            && exact(a)
            && exact(b)
            && joined
            && (before.ends_with("de") || before.ends_with("from")))
        .then_some((a, b))
    })
}

impl ChangeRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        let figures = cx.facts.figures();
        for (bi, block) in cx.doc.blocks.iter().enumerate() {
            if !meta.scope.includes(block.kind) {
                continue;
            }
            let text = block.text();
            let figs = figures.in_block(bi);
            for sentence in &block.sentences {
                let here: Vec<&Figure> =
                    figs.iter().filter(|f| f.q.span.start >= sentence.start && f.q.span.end <= sentence.end).collect();
                if here.len() < 2 {
                    continue;
                }
                let sentence_text = &text[sentence.clone()];
                let s = SearchText::new(sentence_text);
                // A percentage change needs a percentage, a multiple needs its phrase: a
                // sentence with neither is left before the other lists are searched.
                let has_percent = here.iter().any(|f| f.q.kind == QuantityKind::Percent);
                let multiples = self.multiples.find_in(&s);
                if (!has_percent && multiples.is_empty()) || self.rates.is_match_in(&s) {
                    continue;
                }
                for (phrases, up) in
                    [(&self.increase, true), (&self.decrease, false)].into_iter().filter(|_| has_percent)
                {
                    for m in phrases.find_in(&s) {
                        let at = sentence.start + m.end;
                        let Some(p) = here.iter().find(|f| {
                            f.q.span.start >= at
                                && f.q.kind == QuantityKind::Percent
                                && text[at..f.q.span.start].split_whitespace().count() <= 3
                        }) else {
                            continue;
                        };
                        let Some((a, b)) = from_to(text, &here, p.q.span.end) else { continue };
                        if a.q.value.is_zero() || !exact(p) {
                            continue;
                        }
                        let computed = (b.q.value - a.q.value) * Decimal::ONE_HUNDRED / a.q.value;
                        let direction_ok = (computed >= Decimal::ZERO) == up;
                        let ok = direction_ok && agrees(p.q.value, computed.abs());
                        let shown = computed
                            .round_dp_with_strategy(p.q.value.scale().max(1), RoundingStrategy::MidpointAwayFromZero);
                        let computation = format!(
                            "({} − {}) / {} = {} %{}",
                            show(b.q.value),
                            show(a.q.value),
                            show(a.q.value),
                            show(shown),
                            if ok {
                                String::new()
                            } else {
                                format!(
                                    ", {} {}{} %",
                                    label_words(meta).not,
                                    if up { "+" } else { "−" },
                                    show(p.q.value)
                                )
                            }
                        );
                        self.record(meta, p, a, b, ok, &computation, &show(shown), out);
                    }
                }
                for m in multiples {
                    let key = phrase_key(&sentence_text[m.clone()]);
                    let Some(&(_, k)) = self.factors.iter().find(|(p, _)| *p == key) else { continue };
                    let Some((a, b)) = from_to(text, &here, sentence.start + m.end) else { continue };
                    if a.q.value.is_zero() {
                        continue;
                    }
                    let ratio = b.q.value / a.q.value;
                    let k = Decimal::from(k);
                    let ok = (ratio - k).abs() <= k * Decimal::new(15, 2);
                    let shown = ratio.round_dp(2);
                    let computation = format!(
                        "{} / {} = {}{}",
                        show(b.q.value),
                        show(a.q.value),
                        show(shown),
                        if ok { String::new() } else { format!(", {} {k}", label_words(meta).not) }
                    );
                    self.record(meta, a, a, b, ok, &computation, &show(shown), out);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        meta: &RuleMeta,
        p: &Figure,
        a: &Figure,
        b: &Figure,
        ok: bool,
        computation: &str,
        computed: &str,
        out: &mut Output,
    ) {
        out.ledger.push(Entry {
            rule: meta.id.clone(),
            check: LedgerCheck::Change,
            span: p.span,
            parts: vec![a.span, b.span],
            computation: computation.to_string(),
            ok,
        });
        if ok {
            return;
        }
        let stated = show(p.q.value);
        let mut f = meta.finding(p.span, &|v| match v {
            "stated" => stated.clone(),
            "computed" => computed.to_string(),
            _ => computation.to_string(),
        });
        if p.span != a.span {
            f.labels.push(Label { span: a.span, text: format!("{}: {}", label_words(meta).before, show(a.q.value)) });
        }
        f.labels.push(Label { span: b.span, text: format!("{}: {}", label_words(meta).after, show(b.q.value)) });
        out.findings.push(f);
    }
}
