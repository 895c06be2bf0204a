//! The editorial report as one self-contained HTML page (`cuadra report -o informe.html`).
//!
//! For the head of a press office reviewing a week of bulletins: a summary (counts by
//! family and severity, the bulletins worst first), then each bulletin as a proofreader's
//! marked-up copy — its text exactly as written, each finding a `<mark>` on its words with
//! the note in the margin — followed by its ledger of figures (each sum, ratio and restated
//! figure, ✓ or ✗ with its computation) and its links with their status.
//!
//! Invariants:
//! - Self-contained: no script, no external stylesheet, font or image; the CSS is inline,
//!   with print rules (A4, one bulletin per page, colours kept). Works offline.
//! - Every piece of text that comes from a bulletin, a rule or a path is HTML-escaped, and
//!   no URL of a bulletin becomes a live link (a draft is untrusted input).
//! - Each finding has exactly one `<mark>` with `id` (its first piece); a finding split
//!   across lines or across another finding's edge has further pieces with the same
//!   `data-finding`. Elements always nest (see [`crate::report::markup`]).
//! - Each bulletin's part speaks the bulletin's language; the summary speaks the language
//!   of most bulletins. The output depends only on the run and the options (no clock read
//!   here), so it can be snapshot-tested.

use crate::diagnostic::Severity;
use crate::engine::{FileReport, RunResult};
use crate::ledger::Entry;
use crate::report::editorial::{
    LinkRow, Overview, ReportOptions, SEVERITIES, Tally, excerpt, link_rows, severity_count, severity_name, worst,
};
use crate::report::markup::{self, Event, Line};
use crate::report::texts::{Texts, fill, texts};
use std::fmt::Write as _;

/// The page's stylesheet.
const CSS: &str = include_str!("report.css");

/// Longest figure excerpt shown in a ledger row, in characters.
const FIGURE_CHARS: usize = 60;

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{ let _ = write!($out, $($arg)*); }};
}

/// Escape text for HTML content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape text in which `` `…` `` marks code (as the interface texts write commands).
fn escape_with_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{}</code>", escape(part)) } else { escape(part) })
        .collect()
}

/// The whole report.
#[must_use]
pub fn render(result: &RunResult, options: &ReportOptions) -> String {
    let overview = Overview::new(result);
    let t = overview.texts();
    let mut out = String::with_capacity(64 * 1024 + result.files.iter().map(|f| f.source.len() * 2).sum::<usize>());
    let title = format!("{} · {}", t.title, t.bulletins_checked.count(overview.files.len()));
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"cuadra {version}\">\n<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        lang = overview.language.code(),
        version = env!("CARGO_PKG_VERSION"),
        title = escape(&title),
    );
    masthead(&mut out, &overview, options);
    out.push_str("<main>\n");
    summary(&mut out, &overview);
    for (number, (file, tally)) in overview.files.iter().enumerate() {
        bulletin(&mut out, file, *tally, number + 1, overview.files.len(), options);
    }
    out.push_str("</main>\n");
    w!(out, "<footer class=\"colophon\"><p>{}</p></footer>\n</body>\n</html>\n", escape(&generated(t, options)));
    out
}

fn generated(t: &Texts, options: &ReportOptions) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match options.date {
        Some(d) => fill(&t.generated, &[("version", version), ("date", &t.format_date(d))]),
        None => fill(&t.generated_undated, &[("version", version)]),
    }
}

fn masthead(out: &mut String, o: &Overview<'_>, options: &ReportOptions) {
    let t = o.texts();
    w!(
        out,
        "<header class=\"masthead\">\n<p class=\"brand\">cuadra</p>\n<h1>{}</h1>\n<p class=\"dek\">{} · {} · {}</p>\n</header>\n",
        escape(&t.title),
        escape(&t.bulletins_checked.count(o.files.len())),
        escape(&fill(&t.with_findings, &[("count", &o.files_with_findings().to_string())])),
        escape(&generated(t, options)),
    );
}

fn summary(out: &mut String, o: &Overview<'_>) {
    let t = o.texts();
    w!(out, "<section class=\"summary\" id=\"summary\">\n<h2>{}</h2>\n<ul class=\"tallies\">\n", escape(&t.summary));
    for s in SEVERITIES {
        let n = o.total.of_severity(s);
        let quiet = if n == 0 { " zero" } else { "" };
        w!(
            out,
            "<li class=\"tally sev-{}{quiet}\"><span class=\"num\">{n}</span><span class=\"what\">{}</span></li>\n",
            s.as_str(),
            escape(plural_of(t, s).form(n)),
        );
    }
    w!(
        out,
        "<li class=\"tally fig-ok{}\"><span class=\"num\">{}</span><span class=\"what\">{}</span></li>\n",
        if o.total.figures_ok == 0 { " zero" } else { "" },
        o.total.figures_ok,
        escape(t.figures_verified.form(o.total.figures_ok)),
    );
    w!(
        out,
        "<li class=\"tally fig-failed{}\"><span class=\"num\">{}</span><span class=\"what\">{}</span></li>\n</ul>\n",
        if o.total.figures_failed == 0 { " zero" } else { "" },
        o.total.figures_failed,
        escape(t.figures_failed.form(o.total.figures_failed)),
    );
    out.push_str("<div class=\"summary-grid\">\n");
    worst_first_table(out, o);
    family_table(out, o);
    out.push_str("</div>\n");
    if !o.result.skipped.is_empty() {
        w!(out, "<h3>{}</h3>\n<ul class=\"skipped\">\n", escape(&t.not_checked));
        for s in &o.result.skipped {
            let class = if s.error { "sev-error" } else { "sev-info" };
            w!(out, "<li class=\"{class}\"><code>{}</code> — {}</li>\n", escape(&s.path), escape(&s.reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn plural_of(t: &Texts, s: Severity) -> &crate::report::texts::Plural {
    match s {
        Severity::Error => &t.errors,
        Severity::Warning => &t.warnings,
        Severity::Info => &t.infos,
    }
}

fn count_cell(n: usize, class: &str) -> String {
    if n == 0 { "<td class=\"n zero\">·</td>".to_string() } else { format!("<td class=\"n {class}\">{n}</td>") }
}

fn family_table(out: &mut String, o: &Overview<'_>) {
    let t = o.texts();
    w!(
        out,
        "<div class=\"panel narrow\">\n<h3>{}</h3>\n<table class=\"families\">\n<thead><tr><th>{}</th>",
        escape(&t.by_family),
        escape(&t.family)
    );
    for s in SEVERITIES {
        w!(out, "<th class=\"n\">{}</th>", escape(plural_of(t, s).form(2)));
    }
    w!(out, "<th class=\"n\">{}</th></tr></thead>\n<tbody>\n", escape(&t.total));
    for (family, counts) in &o.families {
        w!(out, "<tr><th scope=\"row\">{} <code>{}</code></th>", escape(t.family_name(family)), escape(family));
        for (i, s) in SEVERITIES.iter().enumerate() {
            out.push_str(&count_cell(counts[i], &format!("sev-{}", s.as_str())));
        }
        out.push_str(&count_cell(counts.iter().sum(), "total"));
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn worst_first_table(out: &mut String, o: &Overview<'_>) {
    let t = o.texts();
    w!(out, "<div class=\"panel wide\">\n<h3>{}</h3>\n", escape(&t.worst_first));
    if o.files.is_empty() {
        w!(out, "<p class=\"empty\">{}</p>\n</div>\n", escape(&t.no_bulletins));
        return;
    }
    w!(out, "<table class=\"bulletins\">\n<thead><tr><th>{}</th>", escape(&t.bulletin));
    for s in SEVERITIES {
        w!(out, "<th class=\"n\">{}</th>", escape(plural_of(t, s).form(2)));
    }
    w!(
        out,
        "<th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>\n",
        escape(&t.figures),
        escape(&t.links)
    );
    for (i, (file, tally)) in o.files.iter().enumerate() {
        let level = worst_level(tally);
        w!(
            out,
            "<tr class=\"{level}\"><th scope=\"row\"><a href=\"#b{}\">{}</a> <span class=\"lang\">{}</span></th>",
            i + 1,
            escape(&file.display_path()),
            file.language.code()
        );
        for s in SEVERITIES {
            out.push_str(&count_cell(tally.of_severity(s), &format!("sev-{}", s.as_str())));
        }
        out.push_str(&figures_cell(tally));
        let rows = link_rows(file);
        let bad = rows.iter().filter(|r| !r.is_fine()).count();
        if rows.is_empty() {
            out.push_str("<td class=\"n zero\">·</td>");
        } else if bad > 0 {
            w!(out, "<td class=\"n\"><span class=\"bad\">✗ {bad}</span> / {}</td>", rows.len());
        } else {
            w!(out, "<td class=\"n\"><span class=\"good\">✓</span> {}</td>", rows.len());
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn figures_cell(tally: &Tally) -> String {
    match (tally.figures_ok, tally.figures_failed) {
        (0, 0) => "<td class=\"n zero\">·</td>".to_string(),
        (ok, 0) => format!("<td class=\"n\"><span class=\"good\">✓ {ok}</span></td>"),
        (0, bad) => format!("<td class=\"n\"><span class=\"bad\">✗ {bad}</span></td>"),
        (ok, bad) => {
            format!("<td class=\"n\"><span class=\"bad\">✗ {bad}</span> <span class=\"good\">✓ {ok}</span></td>")
        }
    }
}

/// The CSS class for a bulletin's worst finding.
fn worst_level(tally: &Tally) -> &'static str {
    if tally.errors > 0 || tally.figures_failed > 0 {
        "worst-error"
    } else if tally.warnings > 0 {
        "worst-warning"
    } else if tally.infos > 0 {
        "worst-info"
    } else {
        "worst-none"
    }
}

fn bulletin(out: &mut String, file: &FileReport, tally: Tally, number: usize, of: usize, options: &ReportOptions) {
    let t = texts(file.language);
    let id = format!("b{number}");
    w!(
        out,
        "<article class=\"bulletin {}\" id=\"{id}\" lang=\"{}\">\n<header class=\"bulletin-head\">\n\
         <p class=\"eyebrow\">{} {number}/{of}</p>\n<h2>{}</h2>\n<p class=\"chips\">",
        worst_level(&tally),
        file.language.code(),
        escape(t.bulletin.as_str()),
        escape(&file.display_path()),
    );
    if tally.findings() == 0 {
        w!(out, "<span class=\"chip clean\">{}</span>", escape(&t.clean));
    }
    for s in SEVERITIES {
        let n = tally.of_severity(s);
        if n > 0 {
            w!(out, "<span class=\"chip sev-{}\">{}</span>", s.as_str(), escape(&severity_count(t, s, n)));
        }
    }
    if tally.figures_failed > 0 {
        w!(out, "<span class=\"chip fig-failed\">✗ {}</span>", escape(&t.figures_failed.count(tally.figures_failed)));
    }
    if tally.figures_ok > 0 {
        w!(out, "<span class=\"chip fig-ok\">✓ {}</span>", escape(&t.figures_verified.count(tally.figures_ok)));
    }
    out.push_str("</p>\n");
    if !file.notes.is_empty() {
        w!(out, "<p class=\"file-notes\">{}: ", escape(&t.file_notes));
        let notes: Vec<String> = file.notes.iter().map(|n| escape(n)).collect();
        out.push_str(&notes.join("; "));
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    marked_copy(out, file, t, &id);
    ledger(out, file, t, &id);
    links(out, file, t, &id, options);
    out.push_str("</article>\n");
}

/// What each highlighted range drawn over the text is.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// A finding's span.
    Finding(usize),
    /// A finding's secondary label.
    Label(usize, usize),
}

fn marked_copy(out: &mut String, file: &FileReport, t: &Texts, id: &str) {
    let mut items = Vec::new();
    let mut spans = Vec::new();
    for (i, f) in file.findings.iter().enumerate() {
        items.push(Item::Finding(i));
        spans.push(f.span);
    }
    for (i, f) in file.findings.iter().enumerate() {
        for (j, l) in f.labels.iter().enumerate() {
            items.push(Item::Label(i, j));
            spans.push(l.span);
        }
    }
    let lines = markup::lay_out(&file.source, &spans);
    w!(out, "<section class=\"copy-section\">\n<h3>{}</h3>\n", escape(&t.marked_copy));
    let clean = file.findings.is_empty();
    if clean {
        w!(out, "<details class=\"clean-copy\"><summary>{}</summary>\n", escape(&t.clean_copy));
    }
    out.push_str("<div class=\"copy\">\n");
    // Blank lines are drawn as one gap, and none before the first or after the last text.
    let mut pending_gap = false;
    let mut drawn_any = false;
    for line in &lines {
        if line.is_blank(&file.source) {
            pending_gap = drawn_any;
            continue;
        }
        if pending_gap {
            out.push_str("<div class=\"gap\"></div>\n");
            pending_gap = false;
        }
        drawn_any = true;
        row(out, file, t, id, line, &items);
    }
    out.push_str("</div>\n");
    if clean {
        out.push_str("</details>\n");
    }
    out.push_str("</section>\n");
}

fn row(out: &mut String, file: &FileReport, t: &Texts, id: &str, line: &Line, items: &[Item]) {
    let n = line.number;
    let class = if is_markdown_heading(file, line) { "tx md-heading" } else { "tx" };
    w!(out, "<div class=\"row\" id=\"{id}-L{n}\"><a class=\"ln\" href=\"#{id}-L{n}\">{n}</a><div class=\"{class}\">");
    // Open pieces, innermost last, with whether each is its item's last piece.
    let mut open_pieces: Vec<(usize, bool)> = Vec::new();
    for event in &line.events {
        match *event {
            Event::Text(ref r) => out.push_str(&escape(&file.source[r.clone()])),
            Event::Open { item, first, last } => {
                open_piece(out, file, id, items[item], first, last);
                open_pieces.push((item, last));
            }
            Event::Close(item) => {
                let last = open_pieces.pop().is_some_and(|(i, last)| i == item && last);
                match items[item] {
                    Item::Finding(f) => {
                        out.push_str("</mark>");
                        // The note's number follows the finding's words, like a footnote call.
                        if last {
                            let sev = file.findings[f].severity.as_str();
                            w!(out, "<sup class=\"call sev-{sev}\"><a href=\"#{id}-n{n}\">{n}</a></sup>", n = f + 1);
                        }
                    }
                    Item::Label(..) => out.push_str("</span>"),
                }
            }
        }
    }
    out.push_str("</div>");
    let notes: Vec<usize> = line
        .first_pieces()
        .filter_map(|i| match items[i] {
            Item::Finding(f) => Some(f),
            Item::Label(..) => None,
        })
        .collect();
    if !notes.is_empty() {
        out.push_str("<div class=\"notes\">");
        for f in notes {
            note(out, file, t, id, f);
        }
        out.push_str("</div>");
    }
    out.push_str("</div>\n");
}

fn open_piece(out: &mut String, file: &FileReport, id: &str, item: Item, first: bool, last: bool) {
    match item {
        Item::Finding(i) => {
            let f = &file.findings[i];
            let sev = f.severity.as_str();
            let mut class = format!("f sev-{sev} fam-{}", css_ident(f.family()));
            if !first {
                class.push_str(" cont");
            }
            if !last {
                class.push_str(" open-end");
            }
            if f.span.is_empty() {
                class.push_str(" empty");
            }
            let anchor = if first { format!(" id=\"{id}-f{}\"", i + 1) } else { String::new() };
            w!(
                out,
                "<mark class=\"{class}\"{anchor} data-finding=\"{id}-f{}\" data-rule=\"{}\" data-severity=\"{sev}\" title=\"{}\">",
                i + 1,
                escape(&f.rule),
                escape(&f.message),
            );
        }
        Item::Label(i, j) => {
            let label = &file.findings[i].labels[j];
            let anchor = if first { format!(" id=\"{id}-f{}-l{}\"", i + 1, j + 1) } else { String::new() };
            w!(
                out,
                "<span class=\"lbl sev-{}\"{anchor} data-finding=\"{id}-f{}\" title=\"{}\">",
                file.findings[i].severity.as_str(),
                i + 1,
                escape(&label.text),
            );
        }
    }
}

/// Whether a line of a Markdown bulletin is an ATX heading (`# Título`): drawn bold, so the
/// copy reads like the bulletin while keeping every character of the source.
fn is_markdown_heading(file: &FileReport, line: &Line) -> bool {
    if crate::document::Format::from_path(&file.path) != crate::document::Format::Markdown {
        return false;
    }
    let text = file.source[line.content.clone()].trim_start_matches(' ');
    let hashes = text.len() - text.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && text[hashes..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

/// A family id reduced to the characters safe in a CSS class.
fn css_ident(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

fn note(out: &mut String, file: &FileReport, t: &Texts, id: &str, i: usize) {
    let f = &file.findings[i];
    let sev = f.severity.as_str();
    w!(
        out,
        "<aside class=\"note sev-{sev}\" id=\"{id}-n{n}\"><p class=\"note-head\"><a class=\"nref\" href=\"#{id}-f{n}\">{n}</a> \
         <span class=\"sev\">{}</span> <code class=\"rule\">{}</code></p><p class=\"msg\">{}</p>",
        escape(severity_name(t, f.severity)),
        escape(&f.rule),
        escape(&f.message),
        n = i + 1,
    );
    if let Some(h) = &f.help {
        w!(out, "<p class=\"help\"><span class=\"k\">{}:</span> {}</p>", escape(&t.help), escape(h));
    }
    for (j, l) in f.labels.iter().enumerate() {
        let line = file.line_col(l.span.start).0;
        w!(
            out,
            "<p class=\"also\">{} <a href=\"#{id}-f{}-l{}\">{} {line}</a>: {}</p>",
            escape(&t.see_also),
            i + 1,
            j + 1,
            escape(&t.line),
            escape(&l.text),
        );
    }
    if let Some(fix) = &f.fix {
        w!(out, "<p class=\"fix\"><span class=\"k\">{}:</span> {}</p>", escape(&t.fix), escape(&fix.description));
    }
    out.push_str("</aside>");
}

fn line_link(file: &FileReport, t: &Texts, id: &str, offset: usize) -> String {
    let line = file.line_col(offset).0;
    format!("<a class=\"lnref\" href=\"#{id}-L{line}\">{}{line}</a>", escape(&t.line_short))
}

fn ledger(out: &mut String, file: &FileReport, t: &Texts, id: &str) {
    w!(out, "<section class=\"ledger-section\">\n<h3>{}</h3>\n", escape(&t.ledger_heading));
    if file.ledger.is_empty() {
        w!(out, "<p class=\"empty\">{}</p>\n</section>\n", escape(&t.ledger_empty));
        return;
    }
    w!(
        out,
        "<table class=\"ledger\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(&t.ledger_status),
        escape(&t.ledger_kind),
        escape(&t.ledger_figure),
        escape(&t.ledger_computation),
        escape(&t.ledger_rule),
    );
    for e in &file.ledger {
        ledger_row(out, file, t, id, e);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn ledger_row(out: &mut String, file: &FileReport, t: &Texts, id: &str, e: &Entry) {
    let (class, mark, word) = if e.ok { ("ok", "✓", &t.ledger_ok) } else { ("failed", "✗", &t.ledger_failed) };
    w!(
        out,
        "<tr class=\"{class}\" data-ledger=\"{class}\"><td class=\"status\"><span class=\"tick\">{mark}</span> {}</td>\
         <td>{}</td><td class=\"figure\">{} <q>{}</q></td><td class=\"calc\"><code>{}</code></td><td><code>{}</code></td></tr>\n",
        escape(word),
        escape(&t.check_name(e.check)),
        line_link(file, t, id, e.span.start),
        escape(&excerpt(&file.source, e.span, FIGURE_CHARS)),
        escape(&e.computation),
        escape(&e.rule),
    );
}

fn links(out: &mut String, file: &FileReport, t: &Texts, id: &str, options: &ReportOptions) {
    w!(out, "<section class=\"links-section\">\n<h3>{}</h3>\n", escape(&t.links_heading));
    let rows = link_rows(file);
    if rows.is_empty() {
        w!(out, "<p class=\"empty\">{}</p>\n</section>\n", escape(&t.links_empty));
        return;
    }
    w!(
        out,
        "<table class=\"links\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(&t.link),
        escape(&t.line),
        escape(&t.link_status),
    );
    for r in &rows {
        link_row(out, file, t, id, r, options.checked_online);
    }
    let note = if options.checked_online { &t.links_online_note } else { &t.links_offline_note };
    w!(out, "</tbody>\n</table>\n<p class=\"fine-print\">{}</p>\n</section>\n", escape_with_code(note));
}

fn link_row(out: &mut String, file: &FileReport, t: &Texts, id: &str, r: &LinkRow<'_>, checked_online: bool) {
    let level = worst(file, &r.findings).map_or("ok", Severity::as_str);
    w!(
        out,
        "<tr class=\"link-{level}\"><td class=\"url\"><code>{}</code></td><td>{}</td><td class=\"link-status\">",
        // Spaces inside a target are a typical error: make them visible.
        escape(&shorten(r.target, 200).replace(' ', "\u{2423}")),
        line_link(file, t, id, r.span.start),
    );
    for &i in &r.findings {
        let f = &file.findings[i];
        w!(
            out,
            "<p class=\"sev-{}\"><a href=\"#{id}-n{}\">{}</a> {}</p>",
            f.severity.as_str(),
            i + 1,
            i + 1,
            escape(&f.message)
        );
    }
    if checked_online && !r.fetched {
        w!(out, "<p class=\"online\">{}</p>", escape(&t.link_not_online));
    } else if checked_online && !r.has_online_finding(file) {
        w!(out, "<p class=\"online good\">{}</p>", escape(&t.link_online_fine));
    } else if !checked_online && r.findings.is_empty() {
        w!(out, "<p class=\"good\">{}</p>", escape(&t.link_ok_offline));
    }
    out.push_str("</td></tr>\n");
}

/// `text` cut to `max` characters with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
