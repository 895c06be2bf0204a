//! Shared helpers for the report tests: runs with a ledger, and structural checks of HTML.
#![allow(dead_code)]

use cuadra::config::Config;
use cuadra::diagnostic::{Finding, Label, Severity};
use cuadra::engine::{FileReport, RunOptions, RunResult, check_source};
use cuadra::ledger::{Check, Entry};
use cuadra::span::Span;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the engine on `fixtures/` as `cuadra report fixtures/` does (paths relative to the root).
pub fn fixtures_run() -> RunResult {
    std::env::set_current_dir(root()).expect("cd to the repository root");
    cuadra::engine::run(&[PathBuf::from("fixtures")], &RunOptions::default()).expect("built-in rules load")
}

/// Check one fixture with the built-in rules.
pub fn fixture(rel: &str) -> FileReport {
    let text = std::fs::read_to_string(root().join(rel)).expect("fixture is UTF-8");
    check_source(Path::new(rel), Arc::from(text), &Config::builtin())
}

/// The span of the `n`-th (0-based) occurrence of `needle` in `source`.
pub fn nth(source: &str, needle: &str, n: usize) -> Span {
    let (at, _) = source.match_indices(needle).nth(n).unwrap_or_else(|| panic!("no {n}-th «{needle}»"));
    Span::new(at, at + needle.len())
}

fn finding(rule: &str, severity: Severity, message: &str, span: Span, labels: Vec<Label>) -> Finding {
    Finding {
        rule: Arc::from(rule),
        severity,
        message: message.into(),
        help: Some("Revise las cifras antes de publicar.".into()),
        span,
        label: None,
        labels,
        fix: None,
    }
}

/// The 8th-Jornada seed as the arithmetic rules see it: a ledger of five statements
/// (three hold, two do not), the findings of the two that fail (with labels on the figures
/// they involve), and a finding crossing another one's edge.
pub fn seed_with_ledger() -> FileReport {
    let mut file = fixture("fixtures/seeds/imss-8va-jornada.md");
    // Whatever the arithmetic rules find today is replaced by a fixed ledger, so that these
    // tests pin the report, not the rules.
    file.findings.retain(|f| f.family() != "arithmetic");
    let s = file.source.clone();
    let entry = |rule: &str, check, span, parts: Vec<Span>, computation: &str, ok| Entry {
        rule: Arc::from(rule),
        check,
        span,
        parts,
        computation: computation.into(),
        ok,
    };
    let ratio = nth(&s, "133.4 por ciento", 0);
    let done = nth(&s, "193 mil 024", 0);
    let planned = nth(&s, "163 mil 751", 0);
    let ooad = nth(&s, "178 mil 313", 0);
    let umae = nth(&s, "14 mil 681", 0);
    file.ledger = vec![
        entry(
            "arithmetic.breakdown",
            Check::Sum,
            nth(&s, "30", 0),
            vec![nth(&s, "13", 0), nth(&s, "12", 0), nth(&s, "cuatro", 0), nth(&s, "uno", 0)],
            "13 + 12 + 4 + 1 = 30",
            true,
        ),
        entry(
            "arithmetic.restated",
            Check::Restated,
            nth(&s, "más de 193 mil", 0),
            vec![done],
            "193 024 > 193 000",
            true,
        ),
        entry(
            "arithmetic.ordinal",
            Check::Ordinal,
            nth(&s, "8va", 0),
            vec![nth(&s, "octava", 0)],
            "8va = octava = 8",
            true,
        ),
        entry(
            "arithmetic.ratio",
            Check::Ratio,
            ratio,
            vec![done, planned],
            "193 024 / 163 751 = 117.9 %, no 133.4 %",
            false,
        ),
        entry(
            "arithmetic.partition",
            Check::Sum,
            ooad,
            vec![umae, done],
            "178 313 + 14 681 = 192 994, no 193 024",
            false,
        ),
    ];
    file.ledger.sort_by_key(|e| (e.span.start, e.span.end));
    file.findings.push(finding(
        "arithmetic.ratio",
        Severity::Error,
        "El porcentaje no cuadra: 193 024 / 163 751 = 117.9 %, no 133.4 %",
        ratio,
        vec![
            Label { span: done, text: "atenciones realizadas".into() },
            Label { span: planned, text: "atenciones planeadas".into() },
        ],
    ));
    file.findings.push(finding(
        "arithmetic.partition",
        Severity::Error,
        "Las partes suman 192 994, no 193 024",
        ooad,
        vec![Label { span: umae, text: "14 681".into() }, Label { span: done, text: "total".into() }],
    ));
    // Crosses the ratio's start: «un 133.4» against «133.4 por ciento».
    file.findings.push(finding(
        "arithmetic.precision",
        Severity::Info,
        "Porcentaje con un decimal: «un 133.4»",
        nth(&s, "un 133.4", 0),
        vec![],
    ));
    cuadra::engine::sort_findings(&mut file.findings);
    file
}

/// A run over the seed with its ledger and the English fixture.
pub fn ledger_run() -> RunResult {
    RunResult {
        files: vec![seed_with_ledger(), fixture("fixtures/input/english.md")],
        skipped: vec![],
        ..RunResult::default()
    }
}

/// The HTML without the stylesheet's text (stable across CSS changes).
pub fn without_css(html: &str) -> String {
    let start = html.find("<style>").expect("a stylesheet") + "<style>".len();
    let end = html.find("</style>").expect("a stylesheet end");
    format!("{}…{}", &html[..start], &html[end..])
}

/// Check that every element is closed in order (only `meta` is void here) and that no `<`
/// or `>` is left in text. Returns the tag names in document order.
pub fn check_nesting(html: &str) -> Result<Vec<String>, String> {
    let body = without_css(html);
    let tag = Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>").unwrap();
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut last = 0;
    let rest = body.strip_prefix("<!DOCTYPE html>").ok_or("no doctype")?;
    for m in tag.captures_iter(rest) {
        let whole = m.get(0).unwrap();
        let text = &rest[last..whole.start()];
        if text.contains('<') || text.contains('>') {
            return Err(format!("unescaped markup in text: {text:?}"));
        }
        last = whole.end();
        let name = m[2].to_ascii_lowercase();
        if &m[1] == "/" {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?} at byte {}", whole.start())),
            }
        } else if name != "meta" {
            stack.push(name.clone());
        }
        names.push(name);
    }
    if stack.is_empty() { Ok(names) } else { Err(format!("left open: {stack:?}")) }
}

/// Undo the HTML escapes the report uses.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The text of each drawn line of the bulletin section `id`: (line number, text), with the
/// footnote calls and every tag removed and escapes undone.
pub fn drawn_lines(html: &str, id: &str) -> Vec<(usize, String)> {
    let row = Regex::new(&format!(r#"<div class="row" id="{id}-L(\d+)">.*?<div class="tx[^"]*">(.*?)</div>"#)).unwrap();
    let call = Regex::new(r#"<sup class="call[^"]*"><a [^>]*>\d+</a></sup>"#).unwrap();
    let tag = Regex::new(r"<[^>]*>").unwrap();
    row.captures_iter(html)
        .map(|c| {
            let text = call.replace_all(&c[2], "");
            (c[1].parse().unwrap(), unescape(&tag.replace_all(&text, "")))
        })
        .collect()
}
