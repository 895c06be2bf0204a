//! `link`: links that are wrong on their face, and (with `--online`) links that do not work.
//!
//! ## What it does
//! Every link of the document (Markdown links, images, autolinks, bare URLs in prose,
//! `href`/`src` in raw HTML) is classified once by [`crate::links`]; each `link` rule reports
//! one class (the `check` key):
//! `malformed` (`http//`, `htps://`, `www.imss. gob.mx`), `empty` (`[texto]()`),
//! `placeholder` (`URL`, `aquí va el link`, `example.com`), `missing-scheme`
//! (`[sitio](www.imss.gob.mx)`), `expiring` (file-transfer links that die in days),
//! `cloud-drive` (folders that often need permission), `shortener`, `insecure-http`
//! (`http://` to a host that serves https; a safe fix), `text-target-mismatch` (the text
//! shows one URL, the link leads to another). With `--online`: `broken` (404, 410, no such
//! host), `unverifiable` (401, 403, 429, timeouts, TLS trouble) and `redirected`
//! (a permanent redirect), from the online checker.
//!
//! ## Why is this bad?
//! A bulletin's links (the photos, the video) are its most perishable part, and a broken
//! one is found by the journalists first.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "link.expiring"
//! kind = "link"
//! check = "expiring"
//! severity = "error"
//! message = "Enlace de descarga temporal ({detail}): caducará en unos días"
//! ```

use super::{Context, RuleMeta, RuleSpec};
use crate::diagnostic::{Edit, Finding, Fix};
use crate::error::SpannedProblem;
use crate::links::LinkProblemKind;
use crate::span::Span;
use std::collections::BTreeMap;

pub(super) const FIELDS: &[&str] = &["check", "reason-help"];
pub(super) const VARS: &[&str] = &["detail", "url", "status"];

/// What a `link` rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkCheck {
    /// A class of problem found without the network.
    Offline(LinkProblemKind),
    /// Online: the link is broken.
    Broken,
    /// Online: the link could not be verified.
    Unverifiable,
    /// Online: the link redirects permanently.
    Redirected,
}

/// A compiled `link` rule.
#[derive(Debug, Clone)]
pub struct LinkRule {
    /// What it reports.
    pub check: LinkCheck,
    reason_help: BTreeMap<String, String>,
}

pub(super) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<super::Check> {
    let Some(check) = &spec.check else {
        problems.push(SpannedProblem::new(format!("rule `{}` needs `check`", spec.id.get_ref()), spec.id.span()));
        return None;
    };
    let name = check.get_ref().as_str();
    let parsed = match name {
        "broken" => Some(LinkCheck::Broken),
        "unverifiable" => Some(LinkCheck::Unverifiable),
        "redirected" => Some(LinkCheck::Redirected),
        _ => LinkProblemKind::ALL
            .iter()
            .find(|k| k.rule_id().strip_prefix("link.") == Some(name))
            .map(|k| LinkCheck::Offline(*k)),
    };
    let Some(parsed) = parsed else {
        let mut known: Vec<&str> =
            LinkProblemKind::ALL.iter().filter_map(|k| k.rule_id().strip_prefix("link.")).collect();
        known.extend(["broken", "unverifiable", "redirected"]);
        problems.push(
            SpannedProblem::new(format!("unknown link check `{name}`"), check.span())
                .help(format!("known: {}", known.join(", "))),
        );
        return None;
    };
    Some(super::Check::Link(LinkRule {
        check: parsed,
        reason_help: spec.reason_help.as_ref().map(|m| m.get_ref().clone()).unwrap_or_default(),
    }))
}

impl LinkRule {
    pub(super) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let LinkCheck::Offline(kind) = self.check else { return };
        for (link, problem) in cx.facts.link_problems() {
            if problem.kind != kind {
                continue;
            }
            let link = &cx.doc.links[*link];
            let base = link.target_span.start;
            // Problems of the link text (a URL shown that is not the target) sit on the text.
            let span = if kind == LinkProblemKind::TextTargetMismatch {
                link.text_span.unwrap_or(link.target_span)
            } else if link.target_span.is_empty() || problem.span.is_empty() {
                link.target_span
            } else {
                Span::new(base + problem.span.start, (base + problem.span.end).min(link.target_span.end.max(base)))
            };
            let span = if cx.doc.source.is_char_boundary(span.start) && cx.doc.source.is_char_boundary(span.end) {
                span
            } else {
                link.target_span
            };
            let detail = problem.detail.clone();
            let mut f = meta.finding(span, &|v| match v {
                "url" => link.target.clone(),
                "status" => String::new(),
                _ => detail.clone(),
            });
            if let Some(help) = problem.reason.and_then(|r| self.reason_help.get(r.code())) {
                f.help = Some(help.clone());
            }
            // A fix is offered only when the target is written verbatim in the source.
            if let Some(fix) = &problem.fix
                && fix.safe
                && cx.doc.slice(link.target_span) == link.target
            {
                f.fix = Some(Fix {
                    description: format!("write «{}»", fix.apply(&link.target)),
                    edits: vec![Edit {
                        span: Span::new(base + fix.span.start, base + fix.span.end),
                        replacement: fix.replacement.clone(),
                    }],
                });
            }
            out.push(f);
        }
    }
}
