//! The whole check of one document with the built-in rules (Markdown and plain text,
//! Spanish and English), then both reporters.
#![no_main]

use cuadra::config::Config;
use cuadra::lang::Language;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static CONFIGS: LazyLock<[Config; 2]> = LazyLock::new(|| {
    let es = Config { language: Some(Language::Es), ..Config::builtin() };
    let en = Config { language: Some(Language::En), ..Config::builtin() };
    [es, en]
});

fuzz_target!(|data: &[u8]| {
    let Some(text) = cuadra_fuzz::text_of(data) else { return };
    // The first byte picks the format and the language, so both get explored.
    let pick = data.first().copied().unwrap_or(0);
    let name = if pick & 1 == 0 { "a.md" } else { "a.txt" };
    let config = &CONFIGS[usize::from(pick >> 1 & 1)];
    let report = cuadra::engine::check_source(Path::new(name), text, config);
    cuadra_fuzz::assert_report(&report);
});
