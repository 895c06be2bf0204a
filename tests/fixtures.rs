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
    for rel in ["fixtures/placeholder/clean.md", "fixtures/repetition/clean.md"] {
        let report = common::check_fixture(Path::new(rel));
        assert!(report.findings.is_empty(), "{rel}: {:?}", common::found(&report));
    }
}
