//! GitHub Actions output: one workflow command per finding, which GitHub shows as an
//! annotation on the pull request's diff, plus a Markdown table for the job summary.
//!
//! ```text
//! ::error file=boletin.md,line=9,col=5,endLine=9,endColumn=8,title=placeholder.underscores::Dato sin llenar: «2__»%0AComplete el dato antes de publicar.
//! ```
//!
//! Levels: error → `error`, warning → `warning`, info → `notice`. GitHub shows at most 10
//! annotations of each level per step and drops the rest silently, so annotations are
//! written most severe first (then by file and position), and a plain line says how many
//! there were. The full list goes to the job summary: [`summary_markdown`], which the CLI
//! appends to the file named by `GITHUB_STEP_SUMMARY`.
//!
//! Escaping follows the runner (`ActionCommand.cs`, `EscapeData`/`EscapeProperty` in
//! actions/runner and `command.ts` in actions/toolkit): in data `%`, `\r`, `\n` become
//! `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. A message
//! therefore can never end the command early or start a new one on its own line.
//!
//! Columns count characters and `endColumn` is exclusive, as in SARIF (a byte-order mark is
//! not counted; see [`super::region`]).

use crate::diagnostic::{Finding, Severity};
use crate::engine::{FileReport, RunResult};
use crate::report::Summary;
use crate::report::human::summary_line;
use crate::report::region::Positions;
use std::fmt::Write as _;
use std::io::{self, Write};

/// How many annotations of each level GitHub shows per step.
pub const ANNOTATIONS_SHOWN_PER_LEVEL: usize = 10;

/// GitHub refuses a job summary over 1 MiB; stay under it with room for other steps' text.
const SUMMARY_BUDGET: usize = 900 * 1024;

/// Escape workflow-command data (the message).
#[must_use]
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow-command property value (`file`, `title`).
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command name for a severity.
#[must_use]
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The annotation text: the message, then the finding's help on the next line.
fn text(f: &Finding) -> String {
    match &f.help {
        Some(h) if !h.trim().is_empty() => format!("{}\n{h}", f.message),
        _ => f.message.clone(),
    }
}

/// One finding as a workflow command (without the newline).
#[must_use]
pub fn annotation(file: &FileReport, positions: &Positions<'_>, f: &Finding) -> String {
    let r = positions.region(f.span);
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(f.severity),
        escape_property(&file.display_path()),
        r.start_line,
        r.start_column,
        r.end_line,
        r.end_column,
        escape_property(&f.rule),
        escape_data(&text(f)),
    )
}

/// Write every finding as a workflow command, most severe first, then one summary line.
///
/// # Errors
/// Writing failed.
pub fn write(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let positions: Vec<Positions<'_>> = result.files.iter().map(Positions::new).collect();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        for (i, file) in result.files.iter().enumerate() {
            for f in file.findings.iter().filter(|f| f.severity == severity) {
                writeln!(out, "{}", annotation(file, &positions[i], f))?;
            }
        }
    }
    for s in &result.skipped {
        let level = if s.error { "error" } else { "notice" };
        let reason = match &s.help {
            Some(h) => format!("{}\n{h}", s.reason),
            None => s.reason.clone(),
        };
        writeln!(
            out,
            "::{level} file={},title={}::{}",
            escape_property(&s.path),
            escape_property("cuadra: not checked"),
            escape_data(&reason)
        )?;
    }
    for w in &result.warnings {
        writeln!(out, "::warning title=cuadra::{}", escape_data(w))?;
    }
    let summary = Summary::of(result);
    writeln!(out, "cuadra: {}", summary_line(&summary))?;
    let hidden = [summary.errors, summary.warnings, summary.infos].iter().any(|&n| n > ANNOTATIONS_SHOWN_PER_LEVEL);
    if hidden {
        writeln!(
            out,
            "cuadra: GitHub shows the first {ANNOTATIONS_SHOWN_PER_LEVEL} annotations of each level; \
             every finding is listed above and in the job summary"
        )?;
    }
    Ok(())
}

/// Escape text for a Markdown table cell: ASCII punctuation that Markdown or HTML could read
/// as markup is backslash-escaped (a bulletin's `<insertar nombre>` or `_____` must show as
/// written), line breaks become spaces.
#[must_use]
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+' | '!' | '|' | '~'
            | '&' | '$' | '-' | '.' | ':' | '"' | '\'' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The job summary: counts, then a table of every finding (most severe first) and the paths
/// not checked. Kept under GitHub's size limit: rows past it are counted, not listed.
#[must_use]
pub fn summary_markdown(result: &RunResult) -> String {
    let summary = Summary::of(result);
    let mut md = String::new();
    let _ = writeln!(md, "## cuadra\n\n{}\n", escape_markdown(&summary_line(&summary)));
    let total = summary.errors + summary.warnings + summary.infos;
    if total > 0 {
        md.push_str("| Severity | Location | Rule | Message |\n|---|---|---|---|\n");
        let positions: Vec<Positions<'_>> = result.files.iter().map(Positions::new).collect();
        let mut listed = 0;
        'levels: for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for (i, file) in result.files.iter().enumerate() {
                for f in file.findings.iter().filter(|f| f.severity == severity) {
                    let r = positions[i].region(f.span);
                    let row = format!(
                        "| {} | {}:{}:{} | {} | {} |\n",
                        severity,
                        escape_markdown(&file.display_path()),
                        r.start_line,
                        r.start_column,
                        escape_markdown(&f.rule),
                        escape_markdown(&text(f).replace('\n', " — ")),
                    );
                    if md.len() + row.len() > SUMMARY_BUDGET {
                        break 'levels;
                    }
                    md.push_str(&row);
                    listed += 1;
                }
            }
        }
        if listed < total {
            let _ = writeln!(md, "\n… and {} more (the summary is limited in size; see the job log).", total - listed);
        }
    }
    if !result.skipped.is_empty() {
        md.push_str("\n**Not checked**\n\n");
        for s in &result.skipped {
            let line = format!("- {}: {}\n", escape_markdown(&s.path), escape_markdown(&s.reason));
            if md.len() + line.len() > SUMMARY_BUDGET {
                break;
            }
            md.push_str(&line);
        }
    }
    md.push('\n');
    md
}

/// Append the job summary to `path` (the file GitHub names in `GITHUB_STEP_SUMMARY`).
///
/// # Errors
/// The file could not be opened or written.
pub fn append_step_summary(path: &std::path::Path, result: &RunResult) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(summary_markdown(result).as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_expects() {
        assert_eq!(escape_data("50% listo\r\nsigue: a,b"), "50%25 listo%0D%0Asigue: a,b");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // An escaped message can never contain a line break, so it cannot inject a command.
        assert!(!escape_data("x\n::set-env name=A::b").contains('\n'));
    }

    #[test]
    fn markdown_cells_show_text_as_written() {
        assert_eq!(escape_markdown("<b>|_x_"), "\\<b\\>\\|\\_x\\_");
        assert_eq!(escape_markdown("a\nb"), "a b");
    }
}
