//! The two seed bulletins: exactly the known errors, nothing else.

mod common;

use cuadra::diagnostic::Severity;
use std::path::Path;

fn findings(rel: &str, families: &[&str]) -> Vec<(String, String, Severity)> {
    let report = common::check_fixture(Path::new(rel));
    report
        .findings
        .iter()
        .filter(|f| families.contains(&f.family()))
        .map(|f| (f.rule.to_string(), report.source[f.span.range()].to_string(), f.severity))
        .collect()
}

#[test]
fn jornada_seed_has_exactly_its_two_placeholders() {
    let got = findings("fixtures/seeds/imss-8va-jornada.md", &["placeholder", "repetition"]);
    assert_eq!(
        got,
        vec![
            ("placeholder.underscores".into(), "_____".into(), Severity::Error),
            ("placeholder.underscores".into(), "2__".into(), Severity::Error),
        ]
    );
}

#[test]
fn balance_seed_has_exactly_its_repeated_phrase_at_warning_or_above() {
    let got: Vec<_> = findings("fixtures/seeds/imss-2024-balance-anual.md", &["placeholder", "repetition"])
        .into_iter()
        .filter(|f| f.2 >= Severity::Warning)
        .collect();
    assert_eq!(got, vec![("repetition.phrase".into(), "director de esta unidad médica".into(), Severity::Warning)]);
}

#[test]
fn balance_seed_reports_the_page_header_once_as_info() {
    let got: Vec<_> = findings("fixtures/seeds/imss-2024-balance-anual.md", &["repetition"])
        .into_iter()
        .filter(|f| f.0 == "repetition.repeated-heading")
        .collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "UNIDAD DE COMUNICACIÓN SOCIAL");
    assert_eq!(got[0].2, Severity::Info);
}

#[test]
fn repeated_phrase_labels_both_occurrences() {
    let report = common::check_fixture(Path::new("fixtures/seeds/imss-2024-balance-anual.md"));
    let f = report.findings.iter().find(|f| &*f.rule == "repetition.phrase").expect("found");
    assert_eq!(f.labels.len(), 1);
    assert_eq!(&report.source[f.labels[0].span.range()], "director de esta unidad médica");
    assert!(f.labels[0].span.start < f.span.start);
    assert_eq!(report.line_col(f.span.start), (39, 308));
}

#[test]
fn jornada_seed_has_exactly_its_two_arithmetic_errors() {
    let report = common::check_fixture(Path::new("fixtures/seeds/imss-8va-jornada.md"));
    let got: Vec<(String, usize, String)> = report
        .findings
        .iter()
        .filter(|f| f.family() == "arithmetic")
        .map(|f| (f.rule.to_string(), report.line_col(f.span.start).0, f.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("arithmetic.ratio".into(), 17, "193 024 / 163 751 = 117.9 %, no 133.4 %.".into()),
            (
                "arithmetic.partition".into(),
                29,
                "178 313 + 14 681 = 192 994, no 193 024. Revise el total o alguna de las partes.".into()
            ),
        ]
    );
    // The transplant breakdown (twice), `más de 193 mil` and the ordinals are verified, not flagged.
    assert!(report.ledger.iter().filter(|e| e.ok && e.computation == "13 + 12 + 4 + 1 = 30").count() == 2);
}

#[test]
fn balance_seed_has_no_arithmetic_finding() {
    let report = common::check_fixture(Path::new("fixtures/seeds/imss-2024-balance-anual.md"));
    assert!(report.findings.iter().all(|f| f.family() != "arithmetic"), "{:?}", common::found(&report));
}
