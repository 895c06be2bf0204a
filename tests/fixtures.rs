//! Snapshot tests: every fixture, as the terminal shows it and as JSON.

mod common;

use std::path::Path;

#[test]
fn every_fixture_renders_as_snapshotted() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../fixtures", "**/*.{md,txt}", |path| {
            let rel = path.strip_prefix(common::root()).unwrap_or(path);
            let report = common::check_fixture(rel);
            let spans_ok = report
                .findings
                .iter()
                .flat_map(|f| std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)))
                .all(|s| {
                    s.end <= report.source.len()
                        && report.source.is_char_boundary(s.start)
                        && report.source.is_char_boundary(s.end)
                });
            assert!(spans_ok, "{}: a span is off a character boundary", rel.display());
            insta::assert_snapshot!("human", common::render_all(&report));
            insta::assert_json_snapshot!("json", common::json(&report));
        });
    });
}

#[test]
fn clean_fixtures_stay_silent() {
    for rel in [
        "fixtures/placeholder/clean.md",
        "fixtures/repetition/clean.md",
        "fixtures/arithmetic/clean.md",
        // Two bulletins in one file: neither is held to the other's figures.
        "fixtures/arithmetic/two-bulletins.md",
        "fixtures/links/clean.md",
        "fixtures/dates/clean.md",
    ] {
        let report = common::check_fixture(Path::new(rel));
        assert!(report.findings.is_empty(), "{rel}: {:?}", common::found(&report));
    }
}

/// `(rule, line)` of every finding of a fixture.
fn rules_and_lines(rel: &str) -> Vec<(String, usize)> {
    let report = common::check_fixture(Path::new(rel));
    report.findings.iter().map(|f| (f.rule.to_string(), report.line_col(f.span.start).0)).collect()
}

fn expect(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(r, l)| ((*r).to_string(), *l)).collect()
}

#[test]
fn every_arithmetic_rule_fires_where_the_figures_disagree() {
    assert_eq!(
        rules_and_lines("fixtures/arithmetic/errors.md"),
        expect(&[
            ("arithmetic.restated", 5),
            ("arithmetic.breakdown", 7),
            ("arithmetic.ratio", 9),
            ("arithmetic.partition", 11),
            ("arithmetic.change", 13),
            ("arithmetic.restated", 15),
            ("arithmetic.ordinal", 17),
        ])
    );
}

#[test]
fn every_offline_link_rule_fires_on_its_link() {
    assert_eq!(
        rules_and_lines("fixtures/links/bad.md"),
        expect(&[
            ("link.expiring", 3),
            ("link.cloud-drive", 3),
            ("link.malformed", 5),
            ("link.missing-scheme", 5),
            ("link.insecure-http", 6),
            ("link.empty", 8),
            ("link.placeholder", 8),
            ("link.shortener", 8),
            ("link.text-target-mismatch", 10),
        ])
    );
}

#[test]
fn every_date_rule_fires_on_its_date() {
    assert_eq!(
        rules_and_lines("fixtures/dates/bad.md"),
        expect(&[
            ("date.bulletin-year", 5),
            ("date.weekday-mismatch", 7),
            ("date.impossible", 9),
            ("date.reversed-range", 9),
            ("date.past-future", 11),
            ("date.stale-year", 13),
        ])
    );
}
