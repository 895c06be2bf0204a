//! `pattern`: text that must not be published as it is.
//!
//! ## What it does
//! Finds every match of the rule's regular expressions in the blocks of its scope and
//! reports each one, unless the match lies inside a match of one of the rule's
//! `exceptions` (which see the whole block, so they can look at the words around) or
//! inside a bare URL.
//!
//! ## Why is this bad?
//! Drafts are written from templates: `_____ de mayo`, `No. 2__/2024`, `[NOMBRE]`, `XX`.
//! A bulletin published with one of them left in is an embarrassment that a search finds.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "placeholder.underscores"
//! kind = "pattern"
//! severity = "error"
//! patterns = ['_{3,}']
//! message = "Dato sin llenar: «{match}»"
//! ```

use super::LazyRegex;
use super::{Context, RuleMeta, RuleSpec, compile_regex, required};
use crate::diagnostic::Finding;
use crate::error::SpannedProblem;

pub(super) const FIELDS: &[&str] = &["patterns", "exceptions", "ignore-case"];
pub(super) const VARS: &[&str] = &["match"];

/// A compiled `pattern` rule.
#[derive(Debug, Clone)]
pub struct PatternRule {
    patterns: Vec<LazyRegex>,
    exceptions: Vec<LazyRegex>,
}

pub(super) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<super::Check> {
    let ignore_case = spec.ignore_case.as_ref().is_some_and(|s| *s.get_ref());
    let list = required(spec, &spec.patterns, "patterns", problems)?;
    if list.is_empty()
        && let Some(p) = &spec.patterns
    {
        problems.push(SpannedProblem::new("`patterns` is empty", p.span()));
    }
    let patterns: Vec<_> = list.iter().filter_map(|p| compile_regex(p, ignore_case, problems)).collect();
    let exceptions: Vec<_> = spec
        .exceptions
        .as_ref()
        .map(|e| e.get_ref().iter().filter_map(|p| compile_regex(p, ignore_case, problems)).collect())
        .unwrap_or_default();
    // Built-in patterns are checked by the test suite; compiling them here would undo
    // their lazy compilation.
    for (re, src) in patterns.iter().zip(list).filter(|_| super::loading_eagerly()) {
        if re.get().is_some_and(|re| re.is_match("")) {
            problems.push(
                SpannedProblem::new("pattern matches the empty string", src.span())
                    .help("a pattern must match at least one character"),
            );
        }
    }
    Some(super::Check::Pattern(PatternRule { patterns, exceptions }))
}

impl PatternRule {
    pub(super) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for block in cx.doc.blocks.iter().filter(|b| meta.scope.includes(b.kind)) {
            let text = block.text();
            let mut exceptions: Option<Vec<std::ops::Range<usize>>> = None;
            for re in self.patterns.iter().filter_map(|re| re.for_text(text)) {
                for m in re.find_iter(text) {
                    if m.is_empty() || block.in_url(&m.range()) {
                        continue;
                    }
                    let excepted = exceptions
                        .get_or_insert_with(|| {
                            self.exceptions
                                .iter()
                                .filter_map(|e| e.for_text(text))
                                .flat_map(|e| e.find_iter(text).map(|x| x.range()))
                                .collect()
                        })
                        .iter()
                        .any(|x| x.start <= m.start() && m.end() <= x.end);
                    if excepted {
                        continue;
                    }
                    let matched = crate::words::one_line(m.as_str());
                    out.push(meta.finding(block.source_span(m.range()), &|_| matched.to_string()));
                }
            }
        }
    }
}
