//! `breakdown`: a total and the parts it is split into, in one sentence.
//!
//! ## What it does
//! Finds a total followed by a trigger and an enumeration (`30 trasplantes de órganos, de
//! los cuales fueron 13 renales, 12 de córneas, cuatro de células hematopoyéticas y uno de
//! hígado`), or parts followed by their total (`427 niños y 401 niñas, lo cual arroja un
//! total de 828`), and checks that the parts add up to the total. Items are separated by
//! `,`, `;`, `y`, `e`; a part is an item that starts with a figure (after a connector such as
//! `además de`); words about a part (`son mujeres`) are skipped; a parenthesis is one item;
//! the list ends at the first item that is something else (`se detectaron 174 casos`).
//!
//! With an exhaustive trigger (`de los cuales`) the parts must add up: more than the total
//! is an error, and so is less when the gap is a slip (a small difference, two swapped
//! digits, one digit); a list far short of its total is taken as partial. With a partial
//! trigger (`entre ellos`) only parts that exceed the total are reported. Figures stated
//! roughly (`1.4 millones`) are compared within their precision.
//!
//! ## Why is this bad?
//! A breakdown that does not add up is the error readers catch and quote.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.breakdown"
//! kind = "breakdown"
//! triggers = ["de los cuales", "de las cuales", ":"]
//! partial-triggers = ["entre ellos", "entre ellas"]
//! total-triggers = ["lo cual arroja un total de", "sumando un total de"]
//! message = "El desglose suma {sum}, pero el total es {total}"
//! help = "{computation}"
//! ```

use super::{Item, Phrases, decimal, exact, is_amount, items, near_miss, parts, rounding_slack, show, show_sum};
use crate::diagnostic::{Finding, Label};
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::QuantityKind;
use crate::rules::{Context, Output, RuleMeta, RuleSpec};
use rust_decimal::Decimal;

pub(crate) const FIELDS: &[&str] =
    &["triggers", "partial-triggers", "total-triggers", "connectors", "tolerance", "max-relative-difference"];
pub(crate) const VARS: &[&str] = &["total", "sum", "computation", "difference"];

/// A compiled `breakdown` rule.
#[derive(Debug, Clone)]
pub struct BreakdownRule {
    exhaustive: Phrases,
    partial: Phrases,
    totals: Phrases,
    connectors: Phrases,
    tolerance: Decimal,
    max_relative: Decimal,
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    Some(crate::rules::Check::Breakdown(BreakdownRule {
        exhaustive: Phrases::compile(&spec.triggers, &[], problems),
        partial: Phrases::compile(&spec.partial_triggers, &[], problems),
        totals: Phrases::compile(&spec.total_triggers, &[], problems),
        connectors: Phrases::compile(&spec.connectors, &[], problems),
        tolerance: decimal(&spec.tolerance, "0", problems),
        max_relative: decimal(&spec.max_relative_difference, "0.1", problems),
    }))
}

impl BreakdownRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        let figures = cx.facts.figures();
        for (bi, block) in cx.doc.blocks.iter().enumerate() {
            if !meta.scope.includes(block.kind) {
                continue;
            }
            let figs = figures.in_block(bi);
            if figs.len() < 3 {
                continue;
            }
            let text = block.text();
            for sentence in &block.sentences {
                let s = &text[sentence.clone()];
                for (phrases, exhaustive) in [(&self.exhaustive, true), (&self.partial, false)] {
                    for m in phrases.find_iter(s) {
                        let at = sentence.start + m.start;
                        let after = sentence.start + m.end;
                        // The total: the last amount before the trigger in this sentence.
                        let Some(total) = figs
                            .iter()
                            .rposition(|f| f.q.span.end <= at && f.q.span.start >= sentence.start && is_amount(f))
                        else {
                            continue;
                        };
                        let list = items(text, after..sentence.end, figs, &self.connectors);
                        let found: Vec<usize> = parts(&list).into_iter().map(|p| p.0).collect();
                        self.judge(meta, figs, total, &found, exhaustive, out);
                    }
                }
                for m in self.totals.find_iter(s) {
                    let at = sentence.start + m.start;
                    let after = sentence.start + m.end;
                    // The total: the first amount right after the trigger.
                    let Some(total) = figs.iter().position(|f| {
                        f.q.span.start >= after
                            && is_amount(f)
                            && text[after..f.q.span.start].split_whitespace().count() <= 2
                    }) else {
                        continue;
                    };
                    let found = parts_before(text, sentence.start..at, figs, &self.connectors);
                    self.judge(meta, figs, total, &found, true, out);
                }
            }
        }
    }

    fn judge(
        &self,
        meta: &RuleMeta,
        figs: &[Figure],
        total: usize,
        found: &[usize],
        exhaustive: bool,
        out: &mut Output,
    ) {
        let t = &figs[total];
        if found.len() < 2 || !exact(t) || found.contains(&total) {
            return;
        }
        let ps: Vec<&Figure> = found.iter().map(|&i| &figs[i]).collect();
        // Parts of another kind (money parts of a count, percentages) are not this list.
        if ps.iter().any(|p| !exact(p) || (t.q.kind == QuantityKind::Count && p.q.kind == QuantityKind::Money)) {
            return;
        }
        let values: Vec<Decimal> = ps.iter().map(|p| p.q.value).collect();
        let sum: Decimal = values.iter().sum();
        let mut all = ps.clone();
        all.push(t);
        let slack = rounding_slack(&all) + self.tolerance;
        let total_v = t.q.value;
        let verdict_ok = (sum - total_v).abs() <= slack;
        let wrong = if sum > total_v + slack {
            true
        } else if sum < total_v - slack {
            exhaustive && near_miss(total_v, sum, self.max_relative)
        } else {
            false
        };
        let computation = if verdict_ok {
            format!("{} = {}", show_sum(&values), show(sum))
        } else {
            format!("{} = {}, no {}", show_sum(&values), show(sum), show(total_v))
        };
        if verdict_ok || wrong {
            out.ledger.push(Entry {
                rule: meta.id.clone(),
                check: LedgerCheck::Sum,
                span: t.span,
                parts: ps.iter().map(|p| p.span).collect(),
                computation: computation.clone(),
                ok: verdict_ok,
            });
        }
        if !wrong {
            return;
        }
        let mut f: Finding = meta.finding(t.span, &|v| match v {
            "total" => show(total_v),
            "sum" => show(sum),
            "difference" => show((sum - total_v).abs()),
            _ => computation.clone(),
        });
        if f.label.is_none() {
            f.label = Some(format!("total: {}", show(total_v)));
        }
        f.labels = ps.iter().map(|p| Label { span: p.span, text: show(p.q.value) }).collect();
        out.findings.push(f);
    }
}

/// The parts written before a total (`215 niños y 198 niñas, lo cual arroja un total de
/// 413`): items read back from the trigger; the first item of the list may start with other
/// words (`Atienden a 215 niños`).
fn parts_before(text: &str, range: std::ops::Range<usize>, figs: &[Figure], connectors: &Phrases) -> Vec<usize> {
    let list = items(text, range, figs, connectors);
    let mut found = Vec::new();
    for (r, item) in list.iter().rev() {
        match item {
            Item::Part(f, _) => found.push(*f),
            Item::Attribute(_) if found.is_empty() => {}
            Item::Attribute(_) => break,
            Item::End => {
                if let Some(i) =
                    figs.iter().position(|f| f.q.span.start >= r.start && f.q.span.end <= r.end && is_amount(f))
                {
                    found.push(i);
                }
                break;
            }
        }
    }
    found.reverse();
    found
}
