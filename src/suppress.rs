//! Inline suppression: HTML comments in the document that switch rules off.
//!
//! ```markdown
//! <!-- cuadra-disable-file repetition -->          the whole file
//! <!-- cuadra-disable-next placeholder.x-marks --> the next block
//! <!-- cuadra-disable arithmetic -->               from here…
//! <!-- cuadra-enable arithmetic -->                …to here (or the end of the file)
//! ```
//! A directive names rule ids or families, separated by spaces or commas; with none it
//! applies to every rule. Directives inside code are not directives.

use crate::diagnostic::Finding;
use crate::document::Document;
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug)]
struct Suppression {
    region: Span,
    selectors: Vec<String>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^<!--\s*cuadra-(disable-file|disable-next-line|disable-next|disable|enable)\b(.*?)-->")
        .expect("valid regex")
});

/// Drop the findings that a directive in `doc` suppresses.
pub fn apply(doc: &Document, findings: &mut Vec<Finding>) {
    if doc.comments.is_empty() || findings.is_empty() {
        return;
    }
    let list = suppressions(doc);
    if list.is_empty() {
        return;
    }
    findings.retain(|f| {
        !list.iter().any(|s| {
            s.region.start <= f.span.start
                && f.span.start < s.region.end.max(s.region.start + 1)
                && (s.selectors.is_empty() || s.selectors.iter().any(|sel| matches(f, sel)))
        })
    });
}

fn matches(f: &Finding, selector: &str) -> bool {
    *f.rule == *selector || f.family() == selector
}

fn suppressions(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Vec<(usize, Vec<String>)> = Vec::new();
    let end = doc.source.len();
    for &c in &doc.comments {
        let text = doc.slice(c);
        let Some(caps) = DIRECTIVE.captures(text) else {
            continue;
        };
        let selectors: Vec<String> = caps[2]
            .split(|ch: char| ch.is_whitespace() || ch == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        match &caps[1] {
            "disable-file" => out.push(Suppression { region: Span::new(0, end), selectors }),
            "disable-next" | "disable-next-line" => {
                let region = doc
                    .blocks
                    .iter()
                    .find(|b| b.span.start >= c.end)
                    .map_or(Span::new(c.end, c.end), |b| Span::new(c.end, b.span.end));
                out.push(Suppression { region, selectors });
            }
            "disable" => open.push((c.end, selectors)),
            _ => {
                // `enable` closes the matching `disable` (same selectors), or all when bare.
                let mut i = 0;
                while i < open.len() {
                    if selectors.is_empty() || open[i].1 == selectors {
                        let (start, sel) = open.remove(i);
                        out.push(Suppression { region: Span::new(start, c.start), selectors: sel });
                    } else {
                        i += 1;
                    }
                }
            }
        }
    }
    for (start, selectors) in open {
        out.push(Suppression { region: Span::new(start, end), selectors });
    }
    out
}
