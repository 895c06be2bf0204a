//! `date`: dates that do not exist, weekdays that do not match, stale years.
//!
//! ## What it does
//! Every date of the document is read once by [`crate::dates`] (with the dateline and the
//! bulletin number); each `date` rule reports one class of problem (the `check` key):
//! `weekday-mismatch` (`martes 7 de julio de 2025` is a Monday; with no year written, the
//! dateline's year is used and the note says so), `impossible` (`31 de junio`, `29 de
//! febrero de 2025`), `reversed-range` (`del 15 al 12 de agosto`), `bulletin-year` (`No.
//! 12/2024` in a 2025 bulletin), `stale-year` (`este año` next to another year) and
//! `past-future` (an event announced in the future tense on a date before the dateline).
//! The message and help come from the language pack (`rules/<lang>/calendar.toml`) and are
//! available to the rule's templates as `{message}`, `{help}` and `{note}`.
//!
//! ## Why is this bad?
//! Bulletins are copied from last year's; the weekday or the year is what stays behind.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "date.weekday-mismatch"
//! kind = "date"
//! check = "weekday-mismatch"
//! severity = "error"
//! message = "{message}"
//! help = "{help}"
//! ```

use super::{Context, RuleMeta, RuleSpec};
use crate::diagnostic::{Finding, Label};
use crate::error::SpannedProblem;

pub(super) const FIELDS: &[&str] = &["check"];
pub(super) const VARS: &[&str] = &["message", "help", "note"];
const CHECKS: &[&str] =
    &["weekday-mismatch", "impossible", "reversed-range", "bulletin-year", "stale-year", "past-future"];

/// A compiled `date` rule.
#[derive(Debug, Clone)]
pub struct DateRule {
    rule_id: String,
}

pub(super) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<super::Check> {
    let Some(check) = &spec.check else {
        problems.push(
            SpannedProblem::new(format!("rule `{}` needs `check`", spec.id.get_ref()), spec.id.span())
                .help(format!("known: {}", CHECKS.join(", "))),
        );
        return None;
    };
    if !CHECKS.contains(&check.get_ref().as_str()) {
        problems.push(
            SpannedProblem::new(format!("unknown date check `{}`", check.get_ref()), check.span())
                .help(format!("known: {}", CHECKS.join(", "))),
        );
        return None;
    }
    Some(super::Check::Date(DateRule { rule_id: format!("date.{}", check.get_ref()) }))
}

impl DateRule {
    pub(super) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let dates = cx.facts.dates();
        for problem in dates.problems.iter().filter(|p| p.rule_id() == self.rule_id) {
            let text = problem.describe(dates.calendar, &dates.texts());
            let span_of = |s: &crate::dates::BlockSpan| cx.doc.blocks[s.block].source_span(s.range.clone());
            let primary = span_of(problem.primary_span());
            if !meta.scope.includes(cx.doc.blocks[problem.primary_span().block].kind) {
                continue;
            }
            let note = text.note.clone().unwrap_or_default();
            let mut f = meta.finding(primary, &|v| match v {
                "message" => text.message.clone(),
                "note" => note.clone(),
                _ => text.help.clone(),
            });
            if let Some(n) = &text.note
                && let Some(h) = &mut f.help
                && !h.contains(n.as_str())
            {
                h.push('\n');
                h.push_str(n);
            }
            let mut labels = text.labels.iter();
            if let Some(first) = labels.next()
                && f.label.is_none()
                && span_of(&first.span) == primary
            {
                f.label = Some(first.text.clone());
            }
            f.labels.extend(
                text.labels
                    .iter()
                    .filter(|l| span_of(&l.span) != primary)
                    .map(|l| Label { span: span_of(&l.span), text: l.text.clone() }),
            );
            out.push(f);
        }
    }
}
