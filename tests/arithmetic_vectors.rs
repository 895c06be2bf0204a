//! Every line of `../shared/vectors/arithmetic.tsv`: the verdict an editor would give.
//!
//! `mismatch` lines must produce a finding of the named arithmetic rule; `ok` and `none`
//! lines (the false-positive traps) must produce no arithmetic finding at all.

use cuadra::config::Config;
use cuadra::engine::check_source;
use std::path::Path;
use std::sync::Arc;

fn vectors() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/arithmetic.tsv");
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

#[test]
fn every_arithmetic_vector_gets_the_editors_verdict() {
    let Some(text) = vectors() else { return };
    let mut config = Config::builtin();
    config.filter(&["arithmetic".to_string()], &[]);
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("text\t") && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (sample, verdict, check) = (cols[0], cols[1], cols.get(2).copied().unwrap_or("-"));
        // `¶` separates paragraphs.
        let doc = sample.replace(" ¶ ", "\n\n").replace('¶', "\n\n");
        let report = check_source(Path::new("vector.md"), Arc::from(doc.as_str()), &config);
        let rules: Vec<String> = report.findings.iter().map(|f| format!("{} ({})", f.rule, f.message)).collect();
        count += 1;
        let ok = match verdict {
            "mismatch" => report.findings.iter().any(|f| *f.rule == *format!("arithmetic.{check}")),
            _ => report.findings.is_empty(),
        };
        if !ok {
            failures.push(format!("{verdict} {check}: {sample}\n    found: {rules:?}"));
        }
    }
    assert!(count > 30, "only {count} vectors read");
    assert!(failures.is_empty(), "{} of {count} vectors wrong:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn verified_statements_reach_the_ledger() {
    let Some(text) = vectors() else { return };
    let config = Config::builtin();
    // An `ok` line with a check names something the tool can verify, not only stay silent on.
    let mut verified = 0;
    let mut total = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("text\t")) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 || cols[1] != "ok" || cols[2] == "-" {
            continue;
        }
        total += 1;
        let doc = cols[0].replace(" ¶ ", "\n\n");
        let report = check_source(Path::new("vector.md"), Arc::from(doc.as_str()), &config);
        if report.ledger.iter().any(|e| e.ok) {
            verified += 1;
        }
    }
    eprintln!("{verified} of {total} correct statements verified in the ledger");
    assert!(verified * 2 >= total, "only {verified} of {total} correct statements were verified");
}
