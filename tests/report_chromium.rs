//! The HTML report as a browser sees it: headless Chromium parses the page, and the DOM it
//! builds must hold every finding's highlight and every ledger row (a browser silently
//! repairs broken markup, so a count that differs means the page was not what we wrote).
//!
//! Needs the Debian package `chromium`. When it is missing, the test installs it only if it
//! runs as root with `CI` set; otherwise it is skipped with a message.

mod report_support;

use cuadra::engine::RunResult;
use cuadra::report::editorial::ReportOptions;
use cuadra::report::html;
use regex::Regex;
use report_support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const BROWSERS: &[&str] = &["chromium", "chromium-browser"];

fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b))).find(|p| p.is_file())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The browser, installed on a CI machine if need be; `None` (skip) elsewhere.
fn browser() -> Option<PathBuf> {
    if let Some(b) = find_browser() {
        return Some(b);
    }
    if std::env::var_os("CI").is_none() || !is_root() {
        eprintln!(
            "SKIPPED: chromium is not installed (apt-get install chromium; installed automatically only as root with CI set)"
        );
        return None;
    }
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    // A fresh CI image may have no package lists yet.
    if !install() {
        let _ = Command::new("apt-get").arg("update").status();
        assert!(install(), "CI: apt-get install -y chromium failed");
    }
    Some(find_browser().expect("chromium is on PATH after installing it"))
}

/// Run the browser headless on `page` with the given extra arguments; its standard output.
fn chromium(browser: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn count(haystack: &str, pattern: &str) -> usize {
    Regex::new(pattern).unwrap().find_iter(haystack).count()
}

/// Render `result`, load it in the browser, and compare the DOM with the run.
fn check_in_browser(browser: &Path, name: &str, result: &RunResult) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-chromium");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html::render(result, &ReportOptions::default())).unwrap();

    let dom = chromium(browser, &page, &["--dump-dom".to_string()]);
    let findings: usize = result.files.iter().map(|f| f.findings.len()).sum();
    let ledger: usize = result.files.iter().map(|f| f.ledger.len()).sum();
    assert!(dom.contains("<main>"), "{name}: the DOM was dumped");
    assert_eq!(
        count(&dom, r#"<mark [^>]*\bid="b\d+-f\d+""#),
        findings,
        "{name}: one anchored mark per finding in the DOM"
    );
    for (i, file) in Overview::files(result).iter().enumerate() {
        for n in 1..=file.findings.len() {
            let id = format!("b{}-f{n}", i + 1);
            assert!(dom.contains(&format!("data-finding=\"{id}\"")), "{name}: highlight {id} in the DOM");
            assert!(dom.contains(&format!("id=\"b{}-n{n}\"", i + 1)), "{name}: note {id} in the DOM");
        }
    }
    assert_eq!(count(&dom, r#"<tr class="(ok|failed)" data-ledger="#), ledger, "{name}: ledger rows in the DOM");
    for e in result.files.iter().flat_map(|f| &f.ledger) {
        assert!(dom.contains(&html::escape(&e.computation)), "{name}: {:?} in the DOM", e.computation);
    }
    // The browser kept every mark inside the text column it was written in.
    let written = std::fs::read_to_string(&page).unwrap();
    assert_eq!(count(&dom, "<mark "), count(&written, "<mark "), "{name}: the browser moved no highlight");

    let png = dir.join(format!("{name}.png"));
    chromium(browser, &page, &[format!("--screenshot={}", png.display()), "--window-size=1200,2000".to_string()]);
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{name}: a real screenshot");
}

/// The files of a run in the order the report shows them.
struct Overview;
impl Overview {
    fn files(result: &RunResult) -> Vec<&cuadra::engine::FileReport> {
        cuadra::report::editorial::Overview::new(result).files.into_iter().map(|(f, _)| f).collect()
    }
}

#[test]
fn the_browser_sees_every_highlight_and_ledger_row() {
    let Some(browser) = browser() else { return };
    check_in_browser(&browser, "fixtures", &fixtures_run());
    check_in_browser(&browser, "ledger", &ledger_run());
}
