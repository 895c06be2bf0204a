//! The editorial report as Markdown, for a pull-request comment (`cuadra report --markdown`).
//!
//! Compact: a summary line, a table of the bulletins with findings (worst first; the first
//! [`TABLE_ROWS`] of them), then for each of them its findings with line numbers and
//! messages (the online link check's among them, after `--online`) and the figures that do
//! not add up.
//!
//! Invariants:
//! - The output never exceeds the limit given (GitHub refuses a comment over 65,536
//!   characters): when the whole report does not fit, it stops at a line boundary and ends
//!   with a note counting the findings, figures and bulletins left out. The note's room is
//!   reserved from the start, so the cut never breaks the limit.
//! - Text from bulletins and rules is escaped: it cannot open a table cell, a link, an HTML
//!   tag, or mention a user or an issue.
//! - Each bulletin's part speaks its language; the summary speaks that of most bulletins.

use crate::diagnostic::Severity;
use crate::engine::FileReport;
use crate::engine::RunResult;
use crate::report::editorial::{Overview, ReportOptions, SEVERITIES, Tally, severity_name};
use crate::report::texts::{Texts, fill, texts};

/// The longest comment GitHub accepts, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Bulletins listed in the summary table; the rest are counted in one row, so that a long
/// week leaves the room to the findings themselves.
pub const TABLE_ROWS: usize = 40;

/// The report, within GitHub's comment limit.
#[must_use]
pub fn render(result: &RunResult, options: &ReportOptions) -> String {
    render_within(result, options, GITHUB_COMMENT_LIMIT)
}

/// The report in at most `limit` characters (a limit too small even for the heading gives
/// the heading cut to the limit).
#[must_use]
pub fn render_within(result: &RunResult, options: &ReportOptions, limit: usize) -> String {
    let overview = Overview::new(result);
    let t = overview.texts();
    let mut page = Page::new(limit, reserve(t, &overview, options));

    page.push(&format!("## cuadra · {}\n\n", escape(&t.title)));
    page.push(&format!("{}\n\n", summary_line(&overview)));
    let troubled: Vec<&(&FileReport, Tally)> =
        overview.files.iter().filter(|(_, tally)| tally.findings() > 0 || tally.figures_failed > 0).collect();
    if troubled.is_empty() {
        page.push(&format!("{}\n", escape(&t.markdown_all_clean)));
    } else {
        page.push(&table_head(t));
        for (file, tally) in troubled.iter().take(TABLE_ROWS) {
            page.push(&table_row(file, tally));
        }
        if troubled.len() > TABLE_ROWS {
            let more = t.bulletins.count(troubled.len() - TABLE_ROWS);
            page.push(&format!("| {} | | | | |\n", escape(&fill(&t.markdown_more_bulletins, &[("bulletins", &more)]))));
        }
        page.push("\n");
        for (file, _) in &troubled {
            page.section(file);
        }
    }
    page.finish(t, options)
}

/// Room kept for the closing lines: the truncation note with the largest counts it could
/// carry, and the colophon.
fn reserve(t: &Texts, o: &Overview<'_>, options: &ReportOptions) -> usize {
    let big = o.total.findings().max(o.total.figures_failed).max(o.files.len()).to_string();
    let note = truncation_note(t, &big, &big, &big);
    chars(&note) + chars(&colophon(t, options)) + 8
}

fn truncation_note(t: &Texts, findings: &str, figures: &str, bulletins: &str) -> String {
    let text = fill(&t.truncated, &[("findings", findings), ("figures", figures), ("bulletins", bulletins)]);
    format!("\n> [!NOTE]\n> {}\n", escape_with_code(&text))
}

/// Escape text in which `` `…` `` marks code (as the interface texts write commands).
fn escape_with_code(text: &str) -> String {
    text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { code(part) } else { escape(part) }).collect()
}

fn colophon(t: &Texts, options: &ReportOptions) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let text = match options.date {
        Some(d) => fill(&t.generated, &[("version", version), ("date", &t.format_date(d))]),
        None => fill(&t.generated_undated, &[("version", version)]),
    };
    format!("\n<sub>{}</sub>\n", escape(&text))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The comment being written, and what did not fit.
struct Page {
    text: String,
    used: usize,
    budget: usize,
    limit: usize,
    full: bool,
    left_findings: usize,
    left_figures: usize,
    left_bulletins: usize,
}

impl Page {
    fn new(limit: usize, reserve: usize) -> Self {
        Self {
            text: String::new(),
            used: 0,
            budget: limit.saturating_sub(reserve),
            limit,
            full: false,
            left_findings: 0,
            left_figures: 0,
            left_bulletins: 0,
        }
    }

    /// Append `s` if it fits; once something has not fitted, nothing more is appended
    /// (the report stays in order, with one gap at the end).
    fn push(&mut self, s: &str) -> bool {
        let n = chars(s);
        if self.full || self.used + n > self.budget {
            self.full = true;
            return false;
        }
        self.text.push_str(s);
        self.used += n;
        true
    }

    /// One bulletin's part; whatever does not fit is counted.
    fn section(&mut self, file: &FileReport) {
        let t = texts(file.language);
        let mut complete = self.push(&format!("### {}\n\n", code(&file.display_path())));
        for f in &file.findings {
            let (line, col) = file.line_col(f.span.start);
            let shown = self.push(&format!(
                "- **{}** L{line}:{col} · {} · {}\n",
                escape(severity_name(t, f.severity)),
                code(&f.rule),
                escape(&f.message),
            ));
            if !shown {
                self.left_findings += 1;
                complete = false;
            }
        }
        let failed: Vec<_> = file.ledger.iter().filter(|e| !e.ok).collect();
        if !failed.is_empty() {
            complete &= self.push(&format!("\n**{}**\n\n", escape(&t.markdown_failed_figures)));
            for e in failed {
                let line = file.line_col(e.span.start).0;
                let shown = self.push(&format!(
                    "- ✗ L{line} · {} · {} · {}\n",
                    escape(&t.check_name(e.check)),
                    code(&e.computation),
                    code(&e.rule),
                ));
                if !shown {
                    self.left_figures += 1;
                    complete = false;
                }
            }
        }
        complete &= self.push("\n");
        if !complete {
            self.left_bulletins += 1;
        }
    }

    fn finish(mut self, t: &Texts, options: &ReportOptions) -> String {
        if self.full {
            let note = truncation_note(
                t,
                &self.left_findings.to_string(),
                &self.left_figures.to_string(),
                &self.left_bulletins.to_string(),
            );
            self.text.push_str(&note);
        }
        self.text.push_str(&colophon(t, options));
        if chars(&self.text) > self.limit {
            // Only when the limit is smaller than the reserved closing lines themselves.
            self.text = self.text.chars().take(self.limit).collect();
        }
        self.text
    }
}

fn summary_line(o: &Overview<'_>) -> String {
    let t = o.texts();
    let mut parts = vec![
        format!("**{}**", escape(&t.bulletins_checked.count(o.files.len()))),
        escape(&fill(&t.with_findings, &[("count", &o.files_with_findings().to_string())])),
    ];
    for s in SEVERITIES {
        let n = o.total.of_severity(s);
        let text = escape(&crate::report::editorial::severity_count(t, s, n));
        parts.push(if s == Severity::Error && n > 0 { format!("**{text}**") } else { text });
    }
    if o.total.figures_ok + o.total.figures_failed > 0 {
        parts.push(format!("✓ {}", escape(&t.figures_verified.count(o.total.figures_ok))));
        parts.push(format!("✗ {}", escape(&t.figures_failed.count(o.total.figures_failed))));
    }
    if !o.result.skipped.is_empty() {
        parts.push(format!("{}: {}", escape(&t.not_checked), o.result.skipped.len()));
    }
    parts.join(" · ")
}

fn table_head(t: &Texts) -> String {
    let mut head = format!("| {} |", escape(&t.bulletin));
    for s in SEVERITIES {
        let name = match s {
            Severity::Error => t.errors.form(2),
            Severity::Warning => t.warnings.form(2),
            Severity::Info => t.infos.form(2),
        };
        head.push_str(&format!(" {} |", escape(name)));
    }
    head.push_str(&format!(" {} |\n|---|--:|--:|--:|--:|\n", escape(&t.figures)));
    head
}

fn table_row(file: &FileReport, tally: &Tally) -> String {
    let n = |x: usize| if x == 0 { "·".to_string() } else { x.to_string() };
    let figures = match (tally.figures_ok, tally.figures_failed) {
        (0, 0) => "·".to_string(),
        (ok, 0) => format!("✓ {ok}"),
        (ok, bad) => format!("✗ {bad} / ✓ {ok}"),
    };
    format!(
        "| {} | {} | {} | {} | {figures} |\n",
        code(&file.display_path()),
        n(tally.errors),
        n(tally.warnings),
        n(tally.infos),
    )
}

/// Escape text for Markdown: backslash before every punctuation mark that could start
/// markup, a word joiner after `@` and `#` (no mention, no issue link), one line.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '@' | '#' => {
                out.push(c);
                out.push('\u{2060}');
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `text` verbatim (fenced with more backticks than it contains;
/// a table's `|` is escaped, the one escape GitHub honours inside a code span in a table).
#[must_use]
pub fn code(text: &str) -> String {
    let one_line: String = text.chars().map(|c| if matches!(c, '\r' | '\n' | '\t') { ' ' } else { c }).collect();
    let one_line = one_line.replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in one_line.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if one_line.starts_with('`') || one_line.ends_with('`') || one_line.is_empty() { " " } else { "" };
    format!("{fence}{pad}{one_line}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_mentions_and_lines() {
        assert_eq!(
            escape("«_____» [x](y) <b> | @ana #12\nfin"),
            "«\\_\\_\\_\\_\\_» \\[x\\](y) \\<b\\> \\| @\u{2060}ana #\u{2060}12 fin"
        );
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }
}
