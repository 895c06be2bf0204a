//! Rule files: the shipped ones pass their own examples; broken ones are reported with a
//! span into the TOML.

use cuadra::rules::{self, RuleLoader, RuleSource};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::sync::Arc;

#[test]
fn every_shipped_rule_passes_its_examples() {
    let (failures, count) = rules::selftest::run(rules::builtin());
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(count >= 40, "only {count} examples ran");
}

#[test]
fn every_shipped_rule_is_documented_with_examples() {
    for r in rules::builtin() {
        let m = &r.meta;
        assert!(!m.description.is_empty(), "{} has no description", m.id);
        // Online checks need a server: they are tested in tests/online_links.rs.
        let online = matches!(&r.check, rules::Check::Link(l) if !matches!(l.check, rules::LinkCheck::Offline(_)));
        // English date packs lack datelines in house style; their checks are covered by tests/dates_*.rs.
        let untested_en = m.language == Some(cuadra::lang::Language::En) && m.family() == "date";
        assert!(online || untested_en || !m.examples.fail.is_empty(), "{} has no failing example", m.id);
        assert!(m.help.is_some(), "{} has no help", m.id);
        assert!(rules::FAMILIES.contains(&m.family()), "{}", m.id);
    }
}

/// Load a rule file from text and draw its errors as the terminal shows them.
fn errors(toml: &str) -> String {
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "reglas.toml".into(), text: Arc::from(toml), path: None });
    assert!(rules.is_empty() || !loader.errors.is_empty(), "expected an error");
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80);
    let mut out = String::new();
    for e in &loader.errors {
        handler.render_report(&mut out, e).unwrap();
    }
    out
}

const GOOD: &str = r#"
[[rule]]
id = "placeholder.demo"
kind = "pattern"
patterns = ['XX']
message = "Marca: {match}"
"#;

#[test]
fn a_good_rule_file_loads() {
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "r.toml".into(), text: Arc::from(GOOD), path: None });
    assert!(loader.errors.is_empty());
    assert_eq!(rules.len(), 1);
}

#[test]
fn broken_rule_files_point_into_the_toml() {
    let cases = [
        ("syntax", "[[rule]\nid = 1\n".to_string()),
        ("unknown-key", GOOD.replace("patterns", "paterns")),
        ("key-of-another-kind", GOOD.replace("kind = \"pattern\"", "kind = \"pattern\"\nmin-words = 3")),
        ("wrong-type", GOOD.replace("patterns = ['XX']", "patterns = 'XX'")),
        ("invalid-regex", GOOD.replace("['XX']", "['X(X']")),
        ("regex-too-big", GOOD.replace("['XX']", r"['(\w{50}){50}']")),
        ("empty-match", GOOD.replace("['XX']", "['X*']")),
        ("unknown-kind", GOOD.replace("kind = \"pattern\"", "kind = \"patern\"")),
        ("unknown-family", GOOD.replace("placeholder.demo", "ortografia.demo")),
        ("bad-id", GOOD.replace("placeholder.demo", "placeholder.Demo_1")),
        ("unknown-variable", GOOD.replace("{match}", "{mach}")),
        ("bad-severity", GOOD.replace("kind = \"pattern\"", "kind = \"pattern\"\nseverity = \"fatal\"")),
        ("bad-scope", GOOD.replace("kind = \"pattern\"", "kind = \"pattern\"\nscope = [\"titulos\"]")),
        ("duplicate-id", format!("{GOOD}\n{GOOD}")),
        ("missing-message", GOOD.replace("message = \"Marca: {match}\"", "")),
    ];
    let mut all = String::new();
    for (name, toml) in cases {
        let rendered = errors(&toml);
        assert!(rendered.contains("reglas.toml"), "{name}: no file named:\n{rendered}");
        assert!(rendered.contains('─'), "{name}: no span drawn:\n{rendered}");
        all.push_str(&format!("=== {name}\n{rendered}\n"));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn an_include_cycle_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), "include = ['b.toml']\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "include = ['a.toml']\n").unwrap();
    let mut loader = RuleLoader::default();
    let _ = loader.load_path(&dir.path().join("a.toml"), None);
    assert_eq!(loader.errors.len(), 1);
    assert!(loader.errors[0].message.contains("include cycle"), "{}", loader.errors[0].message);
}

#[test]
fn thousands_of_rules_load() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "[[rule]]\nid = \"placeholder.r{i}\"\nkind = \"pattern\"\npatterns = ['Z{i}Z']\nmessage = \"m\"\n\n"
        ));
    }
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "many.toml".into(), text: Arc::from(text), path: None });
    assert!(loader.errors.is_empty());
    assert_eq!(rules.len(), 3000);
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_crash() {
    let text = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let rendered = errors(&text);
    assert!(rendered.contains("reglas.toml"), "{rendered}");
}
