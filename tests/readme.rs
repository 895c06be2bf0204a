//! The README's examples are real: its configuration loads and its rule file compiles.

use cuadra::config::Config;
use cuadra::rules::{RuleLoader, RuleSource};
use std::sync::Arc;

/// The first ```toml block after `heading` in the README.
fn toml_block(heading: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let from = readme.find(heading).unwrap_or_else(|| panic!("README has no {heading}"));
    let rest = &readme[from..];
    let start = rest.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = rest[start..].find("```").expect("closed block");
    rest[start..start + end].to_string()
}

#[test]
fn the_readme_configuration_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("reglas")).unwrap();
    std::fs::write(dir.path().join("reglas/oficina.toml"), "").unwrap();
    let path = dir.path().join("cuadra.toml");
    std::fs::write(&path, toml_block("## Configuration")).unwrap();
    if let Err(errors) = Config::load(&path) {
        panic!("{:#?}", errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>());
    }
}

#[test]
fn the_readme_rule_file_compiles_and_passes_its_examples() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otras.toml"), "").unwrap();
    let path = dir.path().join("reglas.toml");
    let text = toml_block("### Rule files");
    std::fs::write(&path, &text).unwrap();
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "README.md".into(), text: Arc::from(text), path: Some(path) });
    assert!(loader.errors.is_empty(), "{:?}", loader.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>());
    let (failures, count) = cuadra::rules::selftest::run(&rules);
    assert!(failures.is_empty() && count == 2, "{failures:?}");
}
