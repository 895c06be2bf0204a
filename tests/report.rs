//! The editorial report: HTML structure, marked-up copy, ledger, links, languages, Markdown
//! limits, snapshots, and the `cuadra report` command.

mod report_support;

use cuadra::diagnostic::Severity;
use cuadra::engine::RunResult;
use cuadra::report::editorial::ReportOptions;
use cuadra::report::markdown::{self, GITHUB_COMMENT_LIMIT};
use cuadra::report::{html, texts::CivilDate};
use regex::Regex;
use report_support::*;
use std::path::Path;
use std::process::Command;

fn count(haystack: &str, pattern: &str) -> usize {
    Regex::new(pattern).unwrap().find_iter(haystack).count()
}

/// Every structural promise of the HTML, for any run.
fn assert_sound_html(result: &RunResult, page: &str) {
    check_nesting(page).unwrap_or_else(|e| panic!("broken HTML: {e}"));
    assert!(!page.contains("<script"), "no script");
    assert!(!Regex::new(r#"(?i)(src|href)="(https?:)?//"#).unwrap().is_match(page), "no external resource or live URL");
    let findings: usize = result.files.iter().map(|f| f.findings.len()).sum();
    assert_eq!(count(page, r#"<mark [^>]*\bid="b\d+-f\d+""#), findings, "one anchored mark per finding");
    assert_eq!(count(page, r#"<aside class="note "#), findings, "one note per finding");
    let ledger: usize = result.files.iter().map(|f| f.ledger.len()).sum();
    assert_eq!(count(page, r#"<tr class="(ok|failed)" data-ledger="#), ledger, "one row per ledger entry");
    for f in &result.files {
        for e in &f.ledger {
            assert!(page.contains(&html::escape(&e.computation)), "ledger computation {:?} shown", e.computation);
        }
    }
    // The marked-up copy is the source, character for character, line by line.
    let order = cuadra::report::editorial::Overview::new(result);
    for (i, (file, _)) in order.files.iter().enumerate() {
        let lines: Vec<&str> = file.source.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        let drawn = drawn_lines(page, &format!("b{}", i + 1));
        let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(drawn.len(), nonblank, "{}: every line with text is drawn", file.display_path());
        for (n, text) in drawn {
            let want = lines[n - 1].strip_prefix('\u{FEFF}').unwrap_or(lines[n - 1]);
            assert_eq!(text, want, "{}: line {n}", file.display_path());
        }
    }
}

#[test]
fn fixtures_report_is_sound() {
    let result = fixtures_run();
    assert!(result.files.len() >= 10);
    let page = html::render(&result, &ReportOptions::default());
    assert_sound_html(&result, &page);
    // Worst first: the summary table lists bulletins in order of gravity.
    let rows = Regex::new(r##"<tr class="worst-\w+"><th scope="row"><a href="#b(\d+)">"##).unwrap();
    let numbers: Vec<usize> = rows.captures_iter(&page).map(|c| c[1].parse().unwrap()).collect();
    assert_eq!(numbers, (1..=result.files.len()).collect::<Vec<_>>());
}

#[test]
fn ledger_rows_show_each_check_with_its_verdict() {
    let result = ledger_run();
    let page = html::render(&result, &ReportOptions::default());
    assert_sound_html(&result, &page);
    assert_eq!(count(&page, r#"data-ledger="ok""#), 3);
    assert_eq!(count(&page, r#"data-ledger="failed""#), 2);
    assert!(page.contains("<td class=\"status\"><span class=\"tick\">✗</span> no cuadra</td><td>porcentaje</td>"));
    assert!(page.contains("<td class=\"status\"><span class=\"tick\">✓</span> cuadra</td><td>suma</td>"));
    // The failed ratio's row points at the line of «133.4 por ciento».
    let file = &result.files[0];
    let line = file.line_col(nth(&file.source, "133.4 por ciento", 0).start).0;
    assert!(
        page.contains(&format!("href=\"#b1-L{line}\">L{line}</a> <q>133.4 por ciento</q>")),
        "row links to line {line}"
    );
    // Labels of a finding are drawn too, and its note refers to them.
    assert!(page.contains("title=\"atenciones planeadas\">163 mil 751</span>"));
    assert!(page.contains("Véase <a href=\"#b1-f"));
}

#[test]
fn crossing_findings_are_split_and_keep_one_anchor() {
    let result = ledger_run();
    let page = html::render(&result, &ReportOptions::default());
    let file = &result.files[0];
    let index = |rule: &str| file.findings.iter().position(|f| &*f.rule == rule).unwrap() + 1;
    let (precision, ratio) = (index("arithmetic.precision"), index("arithmetic.ratio"));
    let pieces = |n: usize| count(&page, &format!(r#"<mark [^>]*data-finding="b1-f{n}""#));
    assert_eq!(pieces(precision), 1);
    assert_eq!(pieces(ratio), 2, "the ratio is cut where «un 133.4» ends");
    assert_eq!(count(&page, &format!(r#"<mark [^>]*id="b1-f{ratio}""#)), 1);
    assert!(page.contains(&format!("<sup class=\"call sev-error\"><a href=\"#b1-n{ratio}\">{ratio}</a></sup>")));
}

#[test]
fn multi_line_findings_are_split_at_line_ends() {
    let result =
        RunResult { files: vec![fixture("fixtures/repetition/repeated.md")], skipped: vec![], ..RunResult::default() };
    let page = html::render(&result, &ReportOptions::default());
    assert_sound_html(&result, &page);
    let phrase = result.files[0].findings.iter().position(|f| &*f.rule == "repetition.phrase").unwrap() + 1;
    let f = &result.files[0].findings[phrase - 1];
    assert_ne!(result.files[0].line_col(f.span.start).0, result.files[0].line_col(f.span.end).0, "fixture spans lines");
    assert_eq!(count(&page, &format!(r#"<mark [^>]*data-finding="b1-f{phrase}""#)), 2);
}

#[test]
fn each_bulletin_speaks_its_language() {
    let result = ledger_run();
    let page = html::render(&result, &ReportOptions::default());
    let english = Regex::new(r#"(?s)<article class="bulletin [^"]*" id="b(\d+)" lang="en">(.*?)</article>"#).unwrap();
    let en = english.captures(&page).expect("an English section");
    assert!(en[2].contains("Marked-up copy") && en[2].contains("Figures checked") && !en[2].contains("Texto marcado"));
    let spanish = Regex::new(r#"(?s)<article class="bulletin [^"]*" id="b\d+" lang="es">(.*?)</article>"#).unwrap();
    let es = spanish.captures(&page).expect("a Spanish section");
    assert!(es[1].contains("Texto marcado") && es[1].contains("Qué hacer:") && !es[1].contains("Marked-up copy"));
    // One Spanish, one English bulletin: the summary speaks Spanish.
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"));
    let english_only =
        RunResult { files: vec![fixture("fixtures/input/english.md")], skipped: vec![], ..RunResult::default() };
    let page = html::render(
        &english_only,
        &ReportOptions { date: Some(CivilDate { year: 2025, month: 5, day: 3 }), checked_online: false },
    );
    assert!(page.contains("<html lang=\"en\">") && page.contains("Editorial report") && page.contains("May 3, 2025"));
}

#[test]
fn links_show_offline_findings_and_online_status() {
    let file = fixture("fixtures/seeds/imss-2024-balance-anual.md");
    assert_eq!(file.links.len(), 2);
    let result = RunResult { files: vec![file.clone()], ..RunResult::default() };
    let offline = html::render(&result, &ReportOptions::default());
    assert!(offline.contains("Enlace de descarga temporal (swisstransfer.com)"));
    assert!(offline.contains("<code>cuadra report --online</code>"));
    assert!(!offline.contains("<a href=\"https://"), "a bulletin's URL never becomes a live link");
    assert!(!offline.contains("responde"));

    // After `--online`, the engine adds a finding on each place a failing link is written.
    let mut online = file;
    let drive = online.links[0].1;
    online.findings.push(cuadra::diagnostic::Finding {
        rule: "link.broken".into(),
        severity: Severity::Error,
        message: "Enlace roto (HTTP 404 Not Found)".into(),
        help: None,
        span: drive,
        label: None,
        labels: vec![],
        fix: None,
    });
    cuadra::engine::sort_findings(&mut online.findings);
    online.links.push(("mailto:prensa@imss.gob.mx".into(), cuadra::span::Span::new(0, 0)));
    let result = RunResult { files: vec![online], ..RunResult::default() };
    let page = html::render(&result, &ReportOptions { date: None, checked_online: true });
    assert_sound_html(&result, &page);
    let row = |needle: &str| {
        let at = page.find("<tr class=\"link-").unwrap();
        let rows = &page[at..];
        rows.split("</tr>").find(|r| r.contains(needle)).unwrap_or_else(|| panic!("a row for {needle}")).to_string()
    };
    let drive_row = row("drive.google.com/drive");
    assert!(
        drive_row.starts_with("<tr class=\"link-error\">") && drive_row.contains("Enlace roto (HTTP 404 Not Found)")
    );
    assert!(drive_row.contains("Enlace a una carpeta"), "offline findings stay: {drive_row}");
    let swiss = row("swisstransfer.com/d/");
    assert!(swiss.contains("<p class=\"online good\">responde</p>"), "no online finding: it answers: {swiss}");
    assert!(row("mailto:").contains("no se comprobó en línea"));
    assert!(page.contains("Enlaces comprobados en línea."));
    let md = markdown::render(&result, &ReportOptions::default());
    assert!(md.contains("`link.broken` · Enlace roto (HTTP 404 Not Found)"), "{md}");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let text = "# <script>alert(1)</script>\n\nEl director [NOMBRE] dijo \"XX\" & <b>que</b> que.\n";
    let file = cuadra::engine::check_source(
        Path::new("<img src=x>.md"),
        std::sync::Arc::from(text),
        &cuadra::config::Config::builtin(),
    );
    assert!(!file.findings.is_empty());
    let result = RunResult { files: vec![file], skipped: vec![], ..RunResult::default() };
    let page = html::render(&result, &ReportOptions::default());
    assert_sound_html(&result, &page);
    assert!(!page.contains("<script>") && !page.contains("<img"));
    let md = markdown::render(&result, &ReportOptions::default());
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
}

#[test]
fn empty_run_and_skipped_files_render() {
    let result = RunResult {
        files: vec![],
        skipped: vec![cuadra::engine::Skipped {
            path: "foto.md".into(),
            reason: "binary file (contains NUL bytes)".into(),
            error: false,
            help: None,
        }],
        ..RunResult::default()
    };
    let page = html::render(&result, &ReportOptions::default());
    assert_sound_html(&result, &page);
    assert!(page.contains("No se revisó ningún boletín.") && page.contains("<code>foto.md</code>"));
    let md = markdown::render(&result, &ReportOptions::default());
    assert!(md.contains("Ningún hallazgo") && md.contains("No revisados: 1"), "{md}");
}

/// `(findings shown, findings said to be left out)` of a Markdown report.
fn markdown_counts(md: &str) -> (usize, usize) {
    let shown = md.lines().filter(|l| l.starts_with("- **")).count();
    let left = Regex::new(r"Faltan (\d+) hallazgos").unwrap().captures(md).map_or(0, |c| c[1].parse().unwrap());
    (shown, left)
}

#[test]
fn markdown_stays_under_any_limit_and_counts_what_it_leaves_out() {
    let result = fixtures_run();
    let total: usize = result.files.iter().map(|f| f.findings.len()).sum();
    let full = markdown::render(&result, &ReportOptions::default());
    assert_eq!(markdown_counts(&full), (total, 0));
    assert!(!full.contains("[!NOTE]"));
    let length = full.chars().count();
    for limit in (600..length).step_by(53) {
        let md = markdown::render_within(&result, &ReportOptions::default(), limit);
        assert!(md.chars().count() <= limit, "limit {limit}: {} chars", md.chars().count());
        let (shown, left) = markdown_counts(&md);
        assert_eq!(shown + left, total, "limit {limit}: every finding shown or counted\n{md}");
        assert!(md.contains("[!NOTE]"), "limit {limit}: says it was cut");
    }
    assert!(markdown::render_within(&result, &ReportOptions::default(), 10).chars().count() <= 10);
}

#[test]
fn a_huge_run_fits_in_one_github_comment() {
    let one = fixture("fixtures/placeholder/unfilled.md");
    let files: Vec<_> = (0..400)
        .map(|i| {
            let mut f = one.clone();
            f.path = format!("semana/boletin-{i:03}.md").into();
            f
        })
        .collect();
    let result = RunResult { files, skipped: vec![], ..RunResult::default() };
    let md = markdown::render(&result, &ReportOptions::default());
    assert!(md.chars().count() <= GITHUB_COMMENT_LIMIT);
    let (shown, left) = markdown_counts(&md);
    assert_eq!(shown + left, 400 * one.findings.len());
    assert!(shown > 500, "the room goes to the findings: {shown} shown");
    assert!(md.contains("| … y 360 boletines más | | | | |"), "the table is cut at 40 rows");
}

#[test]
fn markdown_lists_failed_figures() {
    let md = markdown::render(&ledger_run(), &ReportOptions::default());
    assert!(md.contains("**Cifras que no cuadran**"));
    assert!(md.contains("- ✗ L") && md.contains("`193 024 / 163 751 = 117.9 %, no 133.4 %`"));
    let english = md.split("### `fixtures/input/english.md`").nth(1).expect("an English section");
    assert!(!english.contains("advertencia") && !english.contains("Cifras"), "English section in English: {english}");
    assert!(md.contains("**warning** L5:22 · `repetition.doubled-word` · Doubled word: “the”"), "{md}");
}

#[test]
fn snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let fixtures = fixtures_run();
        insta::assert_snapshot!("report_fixtures_markdown", markdown::render(&fixtures, &ReportOptions::default()));
        let ledger = ledger_run();
        insta::assert_snapshot!("report_ledger_markdown", markdown::render(&ledger, &ReportOptions::default()));
        let page = html::render(&ledger, &ReportOptions::default());
        insta::assert_snapshot!("report_ledger_html", without_css(&page));
    });
}

// ---- the command -------------------------------------------------------------------------

fn cuadra(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra")).args(args).current_dir(root()).output().expect("cuadra runs")
}

#[test]
fn command_writes_html_and_markdown_and_never_over_a_bulletin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("informe.html");
    let run = cuadra(&["report", "fixtures", "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("Generado por cuadra"));
    check_nesting(&page).unwrap();

    let md = cuadra(&["report", "--markdown", "fixtures/seeds"]);
    assert_eq!(md.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("## cuadra · Informe editorial"));

    let bulletin = dir.path().join("boletin.md");
    std::fs::write(&bulletin, "Ciudad de México, _____ de mayo\n").unwrap();
    let b = bulletin.to_str().unwrap();
    let refused = cuadra(&["report", b, "-o", b]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refusing to write the report over"));
    assert_eq!(std::fs::read_to_string(&bulletin).unwrap(), "Ciudad de México, _____ de mayo\n");
    // A directory checked whole protects its files too.
    let d = dir.path().to_str().unwrap();
    assert_eq!(cuadra(&["report", d, "-o", b]).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&bulletin).unwrap(), "Ciudad de México, _____ de mayo\n");

    let missing = cuadra(&["report", "no-such-file.md", "-o", dir.path().join("x.html").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2), "an unreadable input is an error, the report is still written");
    assert!(dir.path().join("x.html").exists());
}

#[test]
fn severities_order_the_summary() {
    // The families table counts each finding once, under its severity.
    let result = fixtures_run();
    let o = cuadra::report::editorial::Overview::new(&result);
    let by_family: usize = o.families.iter().flat_map(|(_, c)| c.iter()).sum();
    assert_eq!(by_family, o.total.findings());
    assert!(o.total.of_severity(Severity::Error) > 0);
}
