//! `partition`: a later sentence that splits a total stated earlier.
//!
//! ## What it does
//! A sentence that opens with a trigger (`Del total…`, `De esta cifra…`) splits a total
//! stated before it, in the same block or up to `max-distance` blocks back: `Del total de
//! acciones realizadas, los OOAD sumaron 178 mil 313 atenciones médicas …` and, in the next
//! paragraph, `las UMAE llegaron a registrar 14 mil 681 atenciones médicas`, against `193 mil
//! 024 atenciones médicas` two paragraphs before. The parts are the figures that count the
//! same thing as the first part (its unit), through the end of the next block; when the
//! parts name no unit, the items of the sentence's enumeration. The total is the nearest
//! earlier figure of that unit (or, with no unit, the nearest larger one).
//! Reported like a breakdown: parts that exceed the total, or fall short of it by a slip.
//!
//! ## Why is this bad?
//! The parts of a total are often typed paragraphs apart from it, where no one adds them up.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.partition"
//! kind = "partition"
//! triggers = ["del total", "de ese total", "de esta cifra"]
//! max-distance = 3
//! message = "Las partes suman {sum}, pero el total dicho antes es {total}"
//! ```

use super::{Phrases, SumCheck, Underline, decimal, exact, is_amount, items, judge_sum};
use crate::error::SpannedProblem;
use crate::facts::{Figure, Figures};
use crate::numbers::QuantityKind;
use crate::rules::{Context, Output, RuleMeta, RuleSpec};
use rust_decimal::Decimal;

pub(crate) const FIELDS: &[&str] = &["triggers", "connectors", "max-distance", "tolerance", "max-relative-difference"];
pub(crate) const VARS: &[&str] = &["total", "sum", "computation", "difference"];

/// A compiled `partition` rule.
#[derive(Debug, Clone)]
pub struct PartitionRule {
    triggers: Phrases,
    connectors: Phrases,
    max_distance: usize,
    tolerance: Decimal,
    max_relative: Decimal,
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    Some(crate::rules::Check::Partition(PartitionRule {
        triggers: Phrases::compile(&spec.triggers, &[], problems),
        connectors: Phrases::compile(&spec.connectors, &[], problems),
        max_distance: spec.max_distance.as_ref().map_or(3, |m| *m.get_ref()),
        tolerance: decimal(&spec.tolerance, "0", problems),
        max_relative: decimal(&spec.max_relative_difference, "0.1", problems),
    }))
}

/// Whether two unit heads name the same thing (`cirugía`, `cirugías`).
pub(crate) fn same_unit(a: &str, b: &str) -> bool {
    unit_key(a) == unit_key(b)
}

/// A unit head without its plural ending: heads with the same key name the same thing.
pub(crate) fn unit_key(s: &str) -> &str {
    s.strip_suffix("es").filter(|r| r.len() > 3).or_else(|| s.strip_suffix('s')).unwrap_or(s)
}

fn unit(f: &Figure) -> Option<&str> {
    f.q.unit_head.as_deref().filter(|u| !u.is_empty())
}

impl PartitionRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        let figures = cx.facts.figures();
        for (bi, block) in cx.doc.blocks.iter().enumerate() {
            if !meta.scope.includes(block.kind) {
                continue;
            }
            let text = block.text();
            for sentence in &block.sentences {
                let Some(end) = self.triggers.prefix(&text[sentence.clone()]) else { continue };
                let after = sentence.start + end;
                let figs = figures.in_block(bi);
                let in_sentence: Vec<usize> = (0..figs.len())
                    .filter(|&i| {
                        figs[i].q.span.start >= after && figs[i].q.span.end <= sentence.end && is_amount(&figs[i])
                    })
                    .collect();
                let Some(&first) = in_sentence.first() else { continue };
                let p1 = &figs[first];
                if !exact(p1) {
                    continue;
                }
                // The words the trigger clause names (`Del total de casos positivos,`).
                let clause_end = text[after..sentence.end].find(',').map_or(after, |c| after + c);
                let named = crate::words::fold(&text[after..clause_end]);
                let parts = self.parts_by_unit(figures, bi, figs, first).filter(|p| p.len() >= 2).or_else(|| {
                    let list = items(text, after..sentence.end, figs, &self.connectors);
                    let mut found = Vec::new();
                    for (r, _) in &list {
                        match figs
                            .iter()
                            .position(|f| f.q.span.start >= r.start && f.q.span.end <= r.end && is_amount(f))
                        {
                            Some(i) => found.push(&figs[i]),
                            None if found.is_empty() => {}
                            None => break,
                        }
                    }
                    (found.len() >= 2).then_some(found)
                });
                let Some(parts) = parts else { continue };
                if parts.iter().any(|p| !exact(p)) {
                    continue;
                }
                let Some(total) = self.total(figures, bi, p1, &parts, &named) else { continue };
                self.judge(meta, total, &parts, out);
            }
        }
    }

    /// Figures of the first part's unit, from it through the end of the next block.
    fn parts_by_unit<'f>(
        &self,
        figures: &'f Figures,
        bi: usize,
        figs: &'f [Figure],
        first: usize,
    ) -> Option<Vec<&'f Figure>> {
        let u = unit(&figs[first])?;
        let mut found = vec![&figs[first]];
        let following = figs[first + 1..].iter().chain(figures.in_block(bi + 1));
        for f in following {
            if !is_amount(f) || !unit(f).is_some_and(|x| same_unit(x, u)) {
                continue;
            }
            if !exact(f) {
                break;
            }
            found.push(f);
        }
        Some(found)
    }

    /// The nearest earlier figure the parts split.
    fn total<'f>(
        &self,
        figures: &'f Figures,
        bi: usize,
        p1: &Figure,
        parts: &[&Figure],
        named: &str,
    ) -> Option<&'f Figure> {
        let biggest = parts.iter().map(|p| p.q.value).max()?;
        let sum: Decimal = parts.iter().map(|p| p.q.value).sum();
        let u = unit(p1);
        let from = bi.saturating_sub(self.max_distance);
        let earlier =
            (from..=bi).rev().flat_map(|b| figures.in_block(b).iter().rev()).filter(|f| f.span.start < p1.span.start);
        let earlier: Vec<&Figure> = earlier.collect();
        // A figure the parts add up to exactly is the total they split.
        if let Some(f) = earlier.iter().find(|f| is_amount(f) && exact(f) && f.q.value == sum) {
            return Some(f);
        }
        let mut fallback = None;
        for f in earlier {
            if !is_amount(f)
                || !exact(f)
                || f.q.value <= biggest
                || f.q.kind == QuantityKind::Money && p1.q.kind != QuantityKind::Money
            {
                continue;
            }
            let fu = unit(f);
            let matches_unit = match (fu, u) {
                (Some(a), Some(b)) => same_unit(a, b),
                _ => false,
            };
            let named_unit = fu.is_some_and(|a| named.split_whitespace().any(|w| same_unit(a, w)));
            if matches_unit || named_unit {
                return Some(f);
            }
            if fallback.is_none() {
                fallback = Some(f);
            }
        }
        // Without a unit to match, the nearest larger figure is the total only when the
        // parts name no unit either.
        if u.is_none() || parts.iter().all(|p| unit(p) != u) { fallback } else { None }
    }

    fn judge(&self, meta: &RuleMeta, total: &Figure, parts: &[&Figure], out: &mut Output) {
        let check = SumCheck { tolerance: self.tolerance, max_relative: self.max_relative, exhaustive: true };
        judge_sum(meta, total, parts, check, Underline::FirstPart, out);
    }
}
