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

use super::{Item, Phrases, SearchText, SumCheck, Underline, decimal, exact, is_amount, items, judge_sum, parts};
use crate::error::SpannedProblem;
use crate::facts::Figure;
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
                // A total and two parts, all inside the sentence, or nothing to check: most
                // sentences are skipped before any phrase is searched for.
                let from = figs.partition_point(|f| f.q.span.start < sentence.start);
                let inside = figs[from..].iter().take_while(|f| f.q.span.start < sentence.end);
                if inside.filter(|f| f.q.span.end <= sentence.end).nth(2).is_none() {
                    continue;
                }
                let s = SearchText::new(&text[sentence.clone()]);
                // Every trigger in the sentence, in order: a list ends where the next begins
                // (`… mil 28 hombres y de ellos, 23 …` opens a nested list).
                let mut triggers: Vec<(std::ops::Range<usize>, bool)> = self
                    .exhaustive
                    .find_in(&s)
                    .into_iter()
                    .map(|m| (m, true))
                    .chain(self.partial.find_in(&s).into_iter().map(|m| (m, false)))
                    .collect();
                triggers.sort_by_key(|(m, _)| m.start);
                for (k, (m, exhaustive)) in triggers.iter().enumerate() {
                    let at = sentence.start + m.start;
                    let after = sentence.start + m.end;
                    let end = triggers.get(k + 1).map_or(sentence.end, |(n, _)| sentence.start + n.start);
                    // The total: the last amount before the trigger in this sentence, with at most
                    // its unit between them (`30 trasplantes de órganos, de los cuales`).
                    let Some(total) = figs
                        .iter()
                        .rposition(|f| f.q.span.end <= at && f.q.span.start >= sentence.start && is_amount(f))
                    else {
                        continue;
                    };
                    if !next_to(&text[figs[total].q.span.end..at]) {
                        continue;
                    }
                    let list = items(text, after..end, figs, &self.connectors);
                    let found: Vec<usize> = parts(&list).into_iter().map(|p| p.0).collect();
                    self.judge(meta, figs, total, &found, *exhaustive, out);
                }
                for m in self.totals.find_in(&s) {
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
        let check = SumCheck { tolerance: self.tolerance, max_relative: self.max_relative, exhaustive };
        judge_sum(meta, t, &ps, check, Underline::Total, out);
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

/// Whether the words between a total and its trigger are only the total's unit (or at
/// least a comma): at most four words and no punctuation but a final comma
/// (`trasplantes de órganos,`).
fn next_to(between: &str) -> bool {
    // `19 de ellos blindados`: a figure right before the trigger is a part of something
    // said before, not a total.
    if between.trim().is_empty() {
        return false;
    }
    let t = between.trim_end().trim_end_matches(',').trim_end();
    t.split_whitespace().count() <= 4 && !t.contains(['.', ';', ':', ',', '(', ')', '«', '»', '"'])
}
