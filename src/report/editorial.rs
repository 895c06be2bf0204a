//! What the editorial report says, before it is drawn as HTML or Markdown.
//!
//! Both editorial formats read a [`RunResult`] through this module, so they agree on the
//! counts, on the order of the bulletins (worst first), on which language each part speaks,
//! and on the status of each link. Nothing here re-runs a rule or re-reads a file.

use crate::diagnostic::{Finding, Severity};
use crate::engine::{FileReport, RunResult};
use crate::lang::Language;
use crate::report::texts::{CivilDate, Texts, texts};
use crate::span::Span;
use std::collections::BTreeMap;

/// What an editorial report is built from, beyond the run.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The day the report was made, shown in its heading (none in tests, for stable output).
    pub date: Option<CivilDate>,
    /// Whether the run checked links over the network (`--online`): then a link with no
    /// online finding is known to answer.
    pub checked_online: bool,
}

/// The counts of one bulletin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
    /// Ledger entries that hold.
    pub figures_ok: usize,
    /// Ledger entries that do not.
    pub figures_failed: usize,
}

impl Tally {
    /// Count one file.
    #[must_use]
    pub fn of(file: &FileReport) -> Self {
        let mut t = Tally::default();
        for f in &file.findings {
            t.add(f.severity);
        }
        t.figures_ok = file.ledger.iter().filter(|e| e.ok).count();
        t.figures_failed = file.ledger.len() - t.figures_ok;
        t
    }

    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// All findings.
    #[must_use]
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// The count of one severity.
    #[must_use]
    pub fn of_severity(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// How bad the bulletin is, for sorting: errors first, then figures that do not add up,
    /// then warnings, then notes. Larger is worse.
    #[must_use]
    pub fn gravity(&self) -> (usize, usize, usize, usize) {
        (self.errors, self.figures_failed, self.warnings, self.infos)
    }

    fn sum(mut self, other: Tally) -> Tally {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.figures_ok += other.figures_ok;
        self.figures_failed += other.figures_failed;
        self
    }
}

/// Severities from the most to the least serious, as the report lists them.
pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The whole run, counted and ordered for the report.
#[derive(Debug)]
pub struct Overview<'a> {
    /// The run.
    pub result: &'a RunResult,
    /// The files, worst first (ties by path), with their tallies.
    pub files: Vec<(&'a FileReport, Tally)>,
    /// The sum of every tally.
    pub total: Tally,
    /// Findings by family and severity: families of the public contract first, in their
    /// order, then any other family in alphabetical order.
    pub families: Vec<(String, [usize; 3])>,
    /// The language of the summary: that of most bulletins, Spanish on a tie.
    pub language: Language,
}

impl<'a> Overview<'a> {
    /// Count and order `result`.
    #[must_use]
    pub fn new(result: &'a RunResult) -> Self {
        let mut files: Vec<(&FileReport, Tally)> = result.files.iter().map(|f| (f, Tally::of(f))).collect();
        // Stable sort: equal gravity keeps the run's order, which is by path.
        files.sort_by_key(|(_, t)| std::cmp::Reverse(t.gravity()));
        let total = files.iter().fold(Tally::default(), |t, (_, x)| t.sum(*x));
        let mut by_family: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
        for family in crate::rules::FAMILIES {
            by_family.insert(family, [0; 3]);
        }
        for (_, f) in result.findings() {
            let row = by_family.entry(f.family()).or_default();
            row[severity_index(f.severity)] += 1;
        }
        let rank = |name: &str| crate::rules::FAMILIES.iter().position(|f| *f == name).unwrap_or(usize::MAX);
        let mut families: Vec<(String, [usize; 3])> = by_family.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        families.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
        let spanish = result.files.iter().filter(|f| f.language == Language::Es).count();
        let language = if spanish * 2 >= result.files.len() { Language::Es } else { Language::En };
        Self { result, files, total, families, language }
    }

    /// The interface text of the summary.
    #[must_use]
    pub fn texts(&self) -> &'static Texts {
        texts(self.language)
    }

    /// Files with at least one finding.
    #[must_use]
    pub fn files_with_findings(&self) -> usize {
        self.files.iter().filter(|(_, t)| t.findings() > 0).count()
    }
}

/// The position of a severity in [`SEVERITIES`].
#[must_use]
pub fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The name of a severity, in a language (`error`/`advertencia`/`nota`).
#[must_use]
pub fn severity_name(t: &Texts, severity: Severity) -> &str {
    match severity {
        Severity::Error => t.errors.form(1),
        Severity::Warning => t.warnings.form(1),
        Severity::Info => t.infos.form(1),
    }
}

/// A severity's count with its name (`2 errores`).
#[must_use]
pub fn severity_count(t: &Texts, severity: Severity, n: usize) -> String {
    match severity {
        Severity::Error => t.errors.count(n),
        Severity::Warning => t.warnings.count(n),
        Severity::Info => t.infos.count(n),
    }
}

/// How one link of a bulletin fares.
#[derive(Debug, Clone)]
pub struct LinkRow<'a> {
    /// The target as written.
    pub target: &'a str,
    /// Where the target is.
    pub span: Span,
    /// The `link` findings about it, offline and online (indices into the file's findings).
    pub findings: Vec<usize>,
    /// Whether an online check fetched it (an absolute http(s) or `www.` target).
    pub fetched: bool,
}

impl LinkRow<'_> {
    /// Whether nothing is known to be wrong with the link.
    #[must_use]
    pub fn is_fine(&self) -> bool {
        self.findings.is_empty()
    }

    /// Whether one of its findings comes from the online check (rules with the built-in
    /// online ids: `link.broken`, `link.unverifiable`, `link.redirected`).
    #[must_use]
    pub fn has_online_finding(&self, file: &FileReport) -> bool {
        self.findings.iter().filter_map(|&i| file.findings.get(i)).any(|f| ONLINE_RULES.contains(&&*f.rule))
    }
}

/// The ids of the findings the online link check makes.
pub const ONLINE_RULES: &[&str] = &["link.broken", "link.unverifiable", "link.redirected"];

/// Whether the online check fetches a target: the engine's rule (absolute http(s) URLs and
/// `www.` hosts; `mailto:`, relative paths and the like are not fetched).
#[must_use]
pub fn fetched_online(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

/// The links of `file`, in order, each with the `link` findings that concern it.
///
/// A link finding belongs to the link whose target it lies in; a finding on a link's text
/// (a URL shown that is not the target) lies before its target, and belongs to the first
/// link that starts after it on the same line.
#[must_use]
pub fn link_rows(file: &FileReport) -> Vec<LinkRow<'_>> {
    let mut rows: Vec<LinkRow> = file
        .links
        .iter()
        .map(|(target, span)| LinkRow { target, span: *span, findings: Vec::new(), fetched: fetched_online(target) })
        .collect();
    for (i, f) in file.findings.iter().enumerate().filter(|(_, f)| f.family() == "link") {
        let inside = rows.iter().position(|r| r.span.contains(f.span) || r.span.overlaps(f.span));
        let line = file.line_col(f.span.start).0;
        let after = || rows.iter().position(|r| r.span.start >= f.span.end && file.line_col(r.span.start).0 == line);
        if let Some(r) = inside.or_else(after) {
            rows[r].findings.push(i);
        }
    }
    rows
}

/// The worst severity among some findings of a file.
#[must_use]
pub fn worst(file: &FileReport, findings: &[usize]) -> Option<Severity> {
    findings.iter().filter_map(|&i| file.findings.get(i)).map(|f: &Finding| f.severity).max()
}

/// The source text of a span, cut to `max` characters with `…` (never off a boundary).
#[must_use]
pub fn excerpt(source: &str, span: Span, max: usize) -> String {
    let start = span.start.min(source.len());
    let end = span.end.clamp(start, source.len());
    let Some(text) = source.get(start..end) else {
        // A span off a character boundary: show what surrounds it rather than nothing.
        let lo = (0..=start).rev().find(|&i| source.is_char_boundary(i)).unwrap_or(0);
        let hi = (end..=source.len()).find(|&i| source.is_char_boundary(i)).unwrap_or(source.len());
        return excerpt(source, Span::new(lo, hi.max(lo)), max);
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Finding;
    use crate::document::LineIndex;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn file(name: &str, lang: Language, severities: &[Severity]) -> FileReport {
        let source: Arc<str> = Arc::from("uno dos tres\n");
        FileReport {
            path: PathBuf::from(name),
            lines: LineIndex::new(&source),
            length: source.len(),
            source,
            language: lang,
            findings: severities
                .iter()
                .map(|s| Finding {
                    rule: Arc::from("placeholder.x"),
                    severity: *s,
                    message: String::new(),
                    help: None,
                    span: Span::new(0, 3),
                    label: None,
                    labels: vec![],
                    fix: None,
                })
                .collect(),
            ledger: vec![],
            links: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn worst_bulletins_come_first_and_ties_keep_path_order() {
        use Severity::*;
        let result = RunResult {
            files: vec![
                file("a.md", Language::En, &[Warning, Warning, Warning]),
                file("b.md", Language::En, &[]),
                file("c.md", Language::Es, &[Error]),
                file("d.md", Language::Es, &[Info]),
                file("e.md", Language::En, &[]),
            ],
            ..RunResult::default()
        };
        let o = Overview::new(&result);
        let order: Vec<String> = o.files.iter().map(|(f, _)| f.display_path()).collect();
        assert_eq!(order, ["c.md", "a.md", "d.md", "b.md", "e.md"]);
        assert_eq!(o.language, Language::En);
        assert_eq!(o.total.findings(), 5);
        assert_eq!(o.families[0], ("placeholder".to_string(), [1, 3, 1]));
        assert_eq!(o.families.len(), crate::rules::FAMILIES.len());
    }

    #[test]
    fn excerpts_collapse_space_and_cut_on_characters() {
        assert_eq!(excerpt("a  b\n c", Span::new(0, 7), 10), "a b c");
        assert_eq!(excerpt("ñañañaña", Span::new(0, 12), 4), "ñañ…");
        assert_eq!(excerpt("ñ", Span::new(1, 2), 4), "ñ");
        assert_eq!(excerpt("abc", Span::new(5, 9), 4), "");
    }
}
