//! `restated`: one figure stated twice with two values.
//!
//! ## What it does
//! Compares the figures of the summary (headings and list items: the title and the
//! bullets) with those of the body, when they count the same thing (the same unit noun):
//! - an exact figure of the summary whose body counterpart is a slip away (two swapped
//!   digits, one digit, or a small relative difference) and never stated equal:
//!   `3 mil 415 cirugías` in a bullet, `3 mil 451 cirugías` in the body;
//! - a rounded or qualified figure (`más de 200 mil atenciones`) that no body figure of the
//!   same unit bears out, while one comes close (`193 mil 024 atenciones`). `más de 193 mil`
//!   agrees with 193,024.
//!
//! Figures of the same unit in the body alone are not compared: different scopes
//! (a hospital, the country) legitimately carry different figures. A file holding several
//! bulletins compares each one's figures within its section (from one level-1 heading to
//! the next), never against another bulletin's.
//!
//! ## Why is this bad?
//! The headline figure is the one everyone quotes; it must be the body's.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.restated"
//! kind = "restated"
//! max-relative-difference = "0.1"
//! message = "La cifra {first} se repite más adelante como {second}"
//! ```

use super::partition::unit_key;
use super::{decimal, is_amount, label_words, near_miss, show};
use crate::diagnostic::Label;
use crate::document::BlockKind;
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::{NumberForm, Qualifier};
use crate::rules::{Context, Output, RuleMeta, RuleSpec};
use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::FxHashMap as HashMap;

pub(crate) const FIELDS: &[&str] = &["max-relative-difference"];
pub(crate) const VARS: &[&str] = &["first", "second", "unit"];

/// A compiled `restated` rule.
#[derive(Debug, Clone)]
pub struct RestatedRule {
    max_relative: Decimal,
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    Some(crate::rules::Check::Restated(RestatedRule {
        max_relative: decimal(&spec.max_relative_difference, "0.02", problems),
    }))
}

fn unit(f: &Figure) -> Option<&str> {
    f.q.unit_head.as_deref().filter(|u| !u.is_empty())
}

/// Whether `body` bears out the summary figure `s`.
fn consistent(s: &Figure, body: &Figure) -> bool {
    let (x, v) = (s.q.value, body.q.value);
    let half = s.q.granularity / Decimal::TWO;
    match s.q.qualifier {
        Qualifier::MoreThan | Qualifier::AtLeast => v >= x,
        // `toca máximo de 6 millones` for 6,202,700: a rounded ceiling.
        Qualifier::LessThan | Qualifier::UpTo => v <= x + half,
        Qualifier::About => (v - x).abs() <= half.max(x * Decimal::new(1, 1)),
        // A headline may round or truncate the body's figure (`12.14` for 12.1488).
        _ => {
            (v - x).abs() <= half
                || v.round_dp_with_strategy(x.scale(), RoundingStrategy::ToZero) == x
                // `218 mil damnificados` for 218,594: truncated to its stated precision.
                || (s.q.granularity > Decimal::ONE && (v / s.q.granularity).trunc() * s.q.granularity == x)
        }
    }
}

impl RestatedRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        let figures = cx.facts.figures();
        let kind = |f: &Figure| cx.doc.blocks[f.block].kind;
        // A count above one names a plural noun; `60 Legislatura` or `Ruta 4` are names.
        let plural = |f: &Figure| f.q.value == Decimal::ONE || unit(f).is_some_and(|u| u.ends_with('s'));
        let usable = |f: &&Figure| {
            is_amount(f) && unit(f).is_some() && f.q.form != NumberForm::Words && f.q.value >= Decimal::TEN && plural(f)
        };
        for section in cx.doc.sections() {
            let in_section = || section.clone().flat_map(|b| figures.in_block(b));
            let summary = in_section().filter(usable).filter(|f| {
                matches!(kind(f), BlockKind::Heading(_) | BlockKind::ListItem) && meta.scope.includes(kind(f))
            });
            // The body's figures by unit, in text order: a summary figure looks up its own
            // unit instead of scanning every figure of the section.
            let mut body: HashMap<&str, Vec<&Figure>> = HashMap::default();
            for f in
                in_section().filter(usable).filter(|f| matches!(kind(f), BlockKind::Paragraph | BlockKind::BlockQuote))
            {
                body.entry(unit_key(unit(f).unwrap_or(""))).or_default().push(f);
            }
            for s in summary {
                self.compare(meta, s, body.get(unit_key(unit(s).unwrap_or(""))).map_or(&[], Vec::as_slice), out);
            }
        }
    }

    /// Compare the summary figure `s` with the body's figures of its unit.
    fn compare(&self, meta: &RuleMeta, s: &Figure, same: &[&Figure], out: &mut Output) {
        let u = unit(s).unwrap_or("");
        if same.is_empty() {
            return;
        }
        if let Some(b) = same.iter().find(|b| consistent(s, b)) {
            if s.q.qualifier != Qualifier::Exact || s.q.granularity > Decimal::ONE {
                out.ledger.push(Entry {
                    rule: meta.id.clone(),
                    check: LedgerCheck::Restated,
                    span: s.span,
                    parts: vec![b.span],
                    computation: format!("{} ≈ {}", show(s.q.value), show(b.q.value)),
                    ok: true,
                });
            }
            return;
        }
        let exact_summary = s.q.qualifier == Qualifier::Exact && s.q.granularity <= Decimal::ONE;
        let clash =
            same.iter().copied().filter(|b| b.q.granularity <= Decimal::ONE && b.q.qualifier == Qualifier::Exact).find(
                |b| {
                    if exact_summary {
                        near_miss(s.q.value, b.q.value, self.max_relative)
                    } else {
                        let big = s.q.value.max(b.q.value);
                        big > Decimal::ZERO && (s.q.value - b.q.value).abs() / big <= Decimal::new(1, 1)
                    }
                },
            );
        let Some(b) = clash else { return };
        let (first, second) = (show(s.q.value), show(b.q.value));
        out.ledger.push(Entry {
            rule: meta.id.clone(),
            check: LedgerCheck::Restated,
            span: b.span,
            parts: vec![s.span],
            computation: format!("{first} ≠ {second}"),
            ok: false,
        });
        let mut f = meta.finding(b.span, &|v| match v {
            "first" => first.clone(),
            "second" => second.clone(),
            _ => u.to_string(),
        });
        if f.label.is_none() {
            f.label = Some(format!("{}: {second}", label_words(meta).here));
        }
        f.labels.push(Label { span: s.span, text: format!("{}: {first}", label_words(meta).before) });
        out.findings.push(f);
    }
}
