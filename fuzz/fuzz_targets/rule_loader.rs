//! The rule loader on arbitrary TOML: it either compiles rules or reports errors with
//! spans inside the file, never panics or hangs; the errors render; compiled rules run.
#![no_main]

use cuadra::config::Config;
use cuadra::rules::{RuleLoader, RuleSource};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "fuzz.toml".into(), text: Arc::from(text), path: None });
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    for e in &loader.errors {
        if let Some(span) = e.span {
            assert!(span.offset() + span.len() <= text.len(), "error span past the end of the file");
        }
        let mut out = String::new();
        let _ = handler.render_report(&mut out, e);
    }
    if !loader.errors.is_empty() || rules.is_empty() {
        return;
    }
    // Sound rules run on a document that has a bit of everything.
    let config = Config { rules, ..Config::builtin() };
    let sample = "# Título\n\nEl XX de mayo de 2025 se atendió a 1,234 personas de de la región.\n\n- [enlace](htps://imss.gob.mx)\n";
    let report = cuadra::engine::check_source(Path::new("a.md"), Arc::from(sample), &config);
    cuadra_fuzz::assert_report(&report);
    let _ = cuadra::rules::selftest::run(&config.rules);
});
