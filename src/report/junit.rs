//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps).
//!
//! One `<testsuite>` per checked file, named by its path. Each finding is a failing
//! `<testcase>` (`name` = rule id and position, `classname` = the path, a `<failure>` with the
//! message, the severity as `type` and the help and location in its text); a file without
//! findings has one passing test case. A path that was not checked is a suite with one
//! test case that is `<skipped>` (binary, too large) or has an `<error>` (unreadable).
//!
//! No timestamps, host names or times: the same run gives the same bytes. Text is escaped
//! for XML 1.0, and characters XML 1.0 cannot carry at all (most C0 controls) are dropped.

use crate::diagnostic::Finding;
use crate::engine::{FileReport, RunResult, Skipped};
use crate::report::region::Positions;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escape text for an XML attribute value. Line breaks and tabs become character references,
/// which attribute-value normalization would otherwise turn into spaces.
#[must_use]
pub fn escape(s: &str) -> String {
    escape_with(s, true)
}

/// Escape text for element content (line breaks stay as they are).
#[must_use]
pub fn escape_text(s: &str) -> String {
    escape_with(s, false)
}

fn escape_with(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 can carry `c` (its `Char` production).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn failure(file: &FileReport, positions: &Positions<'_>, f: &Finding, xml: &mut String) {
    let r = positions.region(f.span);
    let path = file.display_path();
    let mut body = format!("{}: {}:{}:{}: {}", f.severity, path, r.start_line, r.start_column, f.message);
    if let Some(h) = &f.help {
        let _ = write!(body, "\nhelp: {h}");
    }
    for l in &f.labels {
        let lr = positions.region(l.span);
        let _ = write!(body, "\nsee {}:{}:{}: {}", path, lr.start_line, lr.start_column, l.text);
    }
    let _ = writeln!(
        xml,
        "    <testcase name=\"{} at {}:{}\" classname=\"{}\" file=\"{}\" line=\"{}\">",
        escape(&f.rule),
        r.start_line,
        r.start_column,
        escape(&path),
        escape(&path),
        r.start_line
    );
    let _ = writeln!(
        xml,
        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
        escape(&f.message),
        f.severity,
        escape_text(&body)
    );
    xml.push_str("    </testcase>\n");
}

fn file_suite(file: &FileReport, xml: &mut String) {
    let path = escape(&file.display_path());
    let n = file.findings.len();
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">",
        n.max(1)
    );
    if n == 0 {
        let _ = writeln!(xml, "    <testcase name=\"cuadra\" classname=\"{path}\" file=\"{path}\"/>");
    } else {
        let positions = Positions::new(file);
        for f in &file.findings {
            failure(file, &positions, f, xml);
        }
    }
    xml.push_str("  </testsuite>\n");
}

fn skipped_suite(s: &Skipped, xml: &mut String) {
    let path = escape(&s.path);
    let reason = escape(&s.reason);
    let (errors, skipped) = if s.error { (1, 0) } else { (0, 1) };
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"{errors}\" skipped=\"{skipped}\">"
    );
    let _ = writeln!(xml, "    <testcase name=\"cuadra\" classname=\"{path}\" file=\"{path}\">");
    if s.error {
        let help = s.help.as_deref().map(escape_text).unwrap_or_default();
        let _ = writeln!(xml, "      <error message=\"{reason}\" type=\"unreadable\">{help}</error>");
    } else {
        let _ = writeln!(xml, "      <skipped message=\"{reason}\"/>");
    }
    xml.push_str("    </testcase>\n  </testsuite>\n");
}

/// The run as a JUnit XML document.
#[must_use]
pub fn document(result: &RunResult) -> String {
    let findings = result.findings().count();
    let passing = result.files.iter().filter(|f| f.findings.is_empty()).count();
    let errors = result.skipped.iter().filter(|s| s.error).count();
    let skipped = result.skipped.len() - errors;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"cuadra\" tests=\"{}\" failures=\"{findings}\" errors=\"{errors}\" skipped=\"{skipped}\">",
        findings + passing + result.skipped.len()
    );
    // Files and skipped paths together, in path order.
    let mut suites: Vec<(String, String)> = Vec::new();
    for f in &result.files {
        let mut s = String::new();
        file_suite(f, &mut s);
        suites.push((f.display_path(), s));
    }
    for s in &result.skipped {
        let mut x = String::new();
        skipped_suite(s, &mut x);
        suites.push((s.path.clone(), x));
    }
    suites.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, s) in suites {
        xml.push_str(&s);
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Write the run as JUnit XML.
///
/// # Errors
/// Writing failed.
pub fn write(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(document(result).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped_or_dropped() {
        assert_eq!(escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
        assert_eq!(escape("a\u{1}b\u{1b}c\u{fffe}"), "abc");
        assert_eq!(escape("l1\nl2\tx"), "l1&#10;l2&#9;x");
        assert_eq!(escape("año 🎉"), "año 🎉");
        assert_eq!(escape_text("a\"b'\nc<"), "a\"b'\nc&lt;");
    }
}
