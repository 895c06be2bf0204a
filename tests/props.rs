//! Property tests on arbitrary Markdown-ish text: every diagnostic's span lies inside the
//! file on char boundaries, both reporters render every finding, and a run's output is the
//! same whatever the number of threads.

mod common;

use cuadra::engine::{self, FileReport, RunOptions, RunResult};
use proptest::prelude::*;
use std::path::PathBuf;

/// Pieces bulletins are made of, and the characters that break naive code.
const PIECES: &[&str] = &[
    "Se atendió a",
    "personas",
    "la unidad médica",
    "director de esta unidad médica",
    "El IMSS",
    "XX",
    "xx",
    "___",
    "2__/2024",
    "[NOMBRE]",
    "{{campo}}",
    "de de",
    "1,234",
    "61.3 por ciento",
    "3 de mayo de 2025",
    "lunes 7 de julio de 2025",
    "del 5 al 3 de junio",
    "31/02/2024",
    "No. 318/2025",
    "Ciudad de México, 14 de junio de 2025",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "e\u{301}",
    "1\u{301}",
    "\u{301}",
    "😀",
    "👩‍⚕️",
    "שלום",
    "\u{202e}",
    "\r\n",
    "\n",
    "\n\n",
    "\r",
    "\t",
    " ",
    ". ",
    "**",
    "_",
    "*",
    "`",
    "~~",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "|",
    "#",
    "[texto](https://www.imss.gob.mx/a b)",
    "[](",
    "![foto](htps://x.y/p8 foto.jpg)",
    "<https://imss.gob.mx>",
    "https://www.imss.gob.mx/prensa",
    "www.imss. gob.mx",
    "[ref]: https://gob.mx\n",
    "[ref]",
    "\n- ",
    "\n1. ",
    "\n# ",
    "\n> ",
    "\n```\n",
    "&nbsp;",
    "&#x1F600;",
    "&amp",
    "<br>",
    "<!-- cuadra-disable -->",
    "<!-- cuadra-disable-next placeholder -->",
    "<a href=\"URL\">",
    "\n|a|b|\n|-|-|\n|XX|1|\n",
    "[^1]",
];

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zñáéíóú ]{1,12}",
    ];
    proptest::collection::vec(piece, 0..48).prop_map(|v| v.concat())
}

fn assert_sound(report: &FileReport) -> Result<(), TestCaseError> {
    let src = &*report.source;
    for f in &report.findings {
        let spans = std::iter::once((f.span, "span"))
            .chain(f.labels.iter().map(|l| (l.span, "label")))
            .chain(f.fix.iter().flat_map(|x| x.edits.iter().map(|e| (e.span, "edit"))));
        for (s, what) in spans {
            prop_assert!(s.start <= s.end && s.end <= src.len(), "{} {what} {s:?} outside {}", f.rule, src.len());
            prop_assert!(
                src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                "{} {what} {s:?} splits a char",
                f.rule
            );
        }
        let (line, col) = report.line_col(f.span.start);
        prop_assert!(line >= 1 && col >= 1);
        // The terminal rendering names the rule; it never panics.
        let drawn = cuadra::report::human::render(report, f, cuadra::report::human::Style::PLAIN);
        prop_assert!(drawn.contains(&*f.rule), "{drawn}");
    }
    let json = common::json(report);
    prop_assert_eq!(json["findings"].as_array().map(Vec::len), Some(report.findings.len()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_inside_the_file_on_char_boundaries(text in markdownish()) {
        for name in ["a.md", "a.txt"] {
            let report = common::check_text(name, &text);
            assert_sound(&report)?;
        }
    }

    #[test]
    fn english_rules_hold_the_same_invariants(text in markdownish()) {
        let config = cuadra::config::Config { language: Some(cuadra::lang::Language::En), ..cuadra::config::Config::builtin() };
        let report = engine::check_source(std::path::Path::new("a.md"), text.into(), &config);
        assert_sound(&report)?;
    }
}

/// The JSON document of a run, as `--format json` writes it.
fn run_json(paths: &[PathBuf], threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let result: RunResult = pool.install(|| engine::run(paths, &RunOptions::default())).expect("no configuration");
    let mut out = Vec::new();
    cuadra::report::json::write(&result, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn output_is_the_same_whatever_the_thread_count(texts in proptest::collection::vec(markdownish(), 1..10)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, t) in texts.iter().enumerate() {
            let ext = if i % 3 == 0 { "txt" } else { "md" };
            let sub = dir.path().join(format!("d{}", i % 2));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("f{i}.{ext}")), t).unwrap();
        }
        let paths = vec![dir.path().to_path_buf()];
        let one = run_json(&paths, 1);
        prop_assert_eq!(&one, &run_json(&paths, 4));
        prop_assert_eq!(&one, &run_json(&paths, 2));
    }
}
