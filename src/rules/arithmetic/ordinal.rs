//! `ordinal`: the same event numbered two ways.
//!
//! ## What it does
//! The first ordinal of a noun (`8va Jornada Nacional`) names the event of the bulletin;
//! a later ordinal of the same noun introduced by a demonstrative (`esta novena jornada`)
//! must be the same number. `8va`, `octava`, `8°` agree; cardinals (`ocho jornadas`) are
//! counts and are not compared. In a file holding several bulletins, each section (from
//! one level-1 heading to the next) numbers its own event.
//!
//! ## Why is this bad?
//! Bulletins are copied from the previous edition, and the ordinal is what is forgotten.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "arithmetic.ordinal"
//! kind = "ordinal"
//! triggers = ["esta", "este", "la presente"]
//! message = "Esta es la {second} {unit}, pero antes se dijo la {first}"
//! ```

use super::partition::same_unit;
use super::{Phrases, label_words};
use crate::diagnostic::Label;
use crate::error::SpannedProblem;
use crate::facts::Figure;
use crate::ledger::{Check as LedgerCheck, Entry};
use crate::numbers::QuantityKind;
use crate::rules::{Context, Output, RuleMeta, RuleSpec};

pub(crate) const FIELDS: &[&str] = &["triggers", "stopwords"];
pub(crate) const VARS: &[&str] = &["first", "second", "unit"];

/// A compiled `ordinal` rule.
#[derive(Debug, Clone)]
pub struct OrdinalRule {
    demonstratives: Phrases,
    /// Nouns whose ordinals name periods or positions, not the bulletin's event
    /// (`primer semestre` … `este segundo semestre`).
    ignored_units: Vec<String>,
}

pub(crate) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<crate::rules::Check> {
    let ignored_units = spec
        .stopwords
        .as_ref()
        .map(|l| l.get_ref().iter().map(|w| crate::words::fold(w)).collect())
        .unwrap_or_default();
    Some(crate::rules::Check::Ordinal(OrdinalRule {
        demonstratives: Phrases::compile(&spec.triggers, &[], problems),
        ignored_units,
    }))
}

impl OrdinalRule {
    pub(crate) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Output) {
        for section in cx.doc.sections() {
            self.check_section(meta, cx, section, out);
        }
    }

    /// One section: a bulletin's ordinals are held to each other, not to another
    /// bulletin's in the same file.
    fn check_section(&self, meta: &RuleMeta, cx: &Context<'_>, section: std::ops::Range<usize>, out: &mut Output) {
        let figures = cx.facts.figures();
        let ordinals: Vec<&Figure> = section
            .flat_map(|b| figures.in_block(b))
            .filter(|f| f.q.kind == QuantityKind::Ordinal && f.q.unit_head.as_deref().is_some_and(|u| !u.is_empty()))
            .filter(|f| f.q.unit_head.as_deref().is_none_or(|u| !self.ignored_units.iter().any(|x| same_unit(x, u))))
            .filter(|f| meta.scope.includes(cx.doc.blocks[f.block].kind))
            .collect();
        let demonstrated = |o: &Figure| {
            let text = cx.doc.blocks[o.block].text();
            let before = &text[..o.q.span.start];
            let lead_start =
                before.char_indices().rev().filter(|(_, c)| c.is_whitespace()).nth(2).map_or(0, |(i, _)| i);
            self.demonstratives.is_match(&before[lead_start..])
        };
        // `esta primera votación` and later `esta segunda votación` tell of a series of
        // events, not of one event numbered two ways.
        let series = |u: &str| {
            let mut values: Vec<_> = ordinals
                .iter()
                .filter(|o| o.q.unit_head.as_deref().is_some_and(|x| same_unit(x, u)) && demonstrated(o))
                .map(|o| o.q.value)
                .collect();
            values.sort();
            values.dedup();
            values.len() > 1
        };
        let mut reference: Vec<&Figure> = Vec::new();
        for &o in &ordinals {
            let u = o.q.unit_head.as_deref().unwrap_or("");
            let Some(first) = reference.iter().find(|r| r.q.unit_head.as_deref().is_some_and(|x| same_unit(x, u)))
            else {
                reference.push(o);
                continue;
            };
            if !demonstrated(o) || series(u) {
                continue;
            }
            let ok = first.q.value == o.q.value;
            let (a, b) = (first.q.value.to_string(), o.q.value.to_string());
            out.ledger.push(Entry {
                rule: meta.id.clone(),
                check: LedgerCheck::Ordinal,
                span: o.span,
                parts: vec![first.span],
                computation: if ok { format!("{b}.ª = {a}.ª") } else { format!("{b}.ª ≠ {a}.ª") },
                ok,
            });
            if ok {
                continue;
            }
            let mut f = meta.finding(o.span, &|v| match v {
                "first" => format!("{a}.ª"),
                "second" => format!("{b}.ª"),
                _ => u.to_string(),
            });
            if f.label.is_none() {
                f.label = Some(format!("{}: {b}.ª", label_words(meta).here));
            }
            f.labels.push(Label { span: first.span, text: format!("{}: {a}.ª", label_words(meta).before) });
            out.findings.push(f);
        }
    }
}
