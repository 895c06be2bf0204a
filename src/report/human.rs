//! Human output: each finding drawn by miette's graphical handler, like a compiler error.

use crate::diagnostic::{Finding, Severity};
use crate::engine::{FileReport, RunResult};
use crate::report::Summary;
use crate::report::excerpt::Excerpt;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Report};
use std::io::{self, Write};

/// How findings are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Line width for wrapping messages.
    pub width: usize,
}

impl Style {
    /// The settings snapshot tests use: no colour, 80 columns.
    pub const PLAIN: Style = Style { color: false, width: 80 };
}

/// Secondary labels drawn under one finding; the others are counted in its help.
pub const MAX_DRAWN_LABELS: usize = 16;

/// Render one finding of `file` as text.
#[must_use]
pub fn render(file: &FileReport, finding: &Finding, style: Style) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .tab_width(4)
        .with_context_lines(1);
    let severity = match finding.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    // A sum of 1,000 parts drew 9 MB of labels; one of 100,000 never finished (miette's
    // layout grows faster than the number of labels). Draw the first few; JSON has them all.
    let drawn = &finding.labels[..finding.labels.len().min(MAX_DRAWN_LABELS)];
    let spans: Vec<_> = std::iter::once(finding.span).chain(drawn.iter().map(|l| l.span)).collect();
    // Leave room for the gutter and the frame.
    let max_chars = style.width.saturating_sub(12).max(40);
    let excerpt = Excerpt::new(file.display_path(), &file.source, &file.lines, &spans, max_chars);
    let mut labels =
        vec![LabeledSpan::new_primary_with_span(finding.label.clone(), excerpt.map_span(&file.lines, finding.span))];
    labels.extend(
        drawn.iter().map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), excerpt.map_span(&file.lines, l.span))),
    );
    let mut diag = MietteDiagnostic::new(finding.message.clone())
        .with_code(finding.rule.to_string())
        .with_severity(severity)
        .with_labels(labels);
    let hidden = finding.labels.len() - drawn.len();
    let help = match (&finding.help, hidden) {
        (h, 0) => h.clone(),
        (h, n) => {
            let more = format!("{n} more places are not drawn; `--format json` lists them all");
            Some(h.as_ref().map_or(more.clone(), |h| format!("{h}\n{more}")))
        }
    };
    if let Some(h) = help {
        diag = diag.with_help(h);
    }
    let report = Report::new(diag).with_source_code(excerpt);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: {} [{}]\n", file.display_path(), finding.message, finding.rule);
    }
    out
}

/// Write the whole run.
///
/// # Errors
/// Writing failed.
pub fn write(
    result: &RunResult,
    style: Style,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    for (file, finding) in result.findings() {
        out.write_all(render(file, finding, style).as_bytes())?;
    }
    for s in &result.skipped {
        let kind = if s.error { "error" } else { "note" };
        if s.error || !quiet {
            writeln!(err, "{kind}: {}: {}", s.path, s.reason)?;
            if let Some(h) = &s.help {
                writeln!(err, "  help: {h}")?;
            }
        }
    }
    if !quiet {
        for f in &result.files {
            for n in &f.notes {
                writeln!(err, "note: {}: {n}", f.display_path())?;
            }
        }
        let s = Summary::of(result);
        writeln!(out, "{}", summary_line(&s))?;
    }
    Ok(())
}

/// `3 errors, 1 warning, 0 infos in 2 of 5 files checked (1 skipped)`.
#[must_use]
pub fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}, {} in {} of {} checked",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        s.files_with_findings,
        plural(s.files_checked, "file", "files"),
    );
    if s.files_skipped > 0 {
        line.push_str(&format!(" ({} not checked)", s.files_skipped));
    }
    line
}
