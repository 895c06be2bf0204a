//! The machine formats (SARIF, GitHub workflow commands, JUnit XML) and `--output`:
//! snapshots of every fixture, structural checks that hold for any input, and the binary end
//! to end. The official SARIF validator runs in `tests/external/formats.sh`.

mod common;

use cuadra::config::Config;
use cuadra::engine::{FileReport, RunResult};
use cuadra::report::{github, junit, sarif};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// A run holding one file, described with the built-in rules (as a run without a
/// configuration file would be).
fn run_of(files: Vec<FileReport>) -> RunResult {
    let rules = Config::builtin().rules.into_iter().filter(|r| r.meta.enabled).map(|r| r.meta).collect();
    RunResult { files, rules, ..Default::default() }
}

/// The SARIF log without what changes whenever a rule is added anywhere (the rule table and
/// indexes into it); `rule_indexes_point_at_their_rules` checks those for every fixture.
fn sarif_for_snapshot(run: &RunResult) -> Value {
    let mut log = sarif::document(run);
    log["runs"][0]["tool"]["driver"]["rules"] = Value::String("[built-in rules]".into());
    if let Some(results) = log["runs"][0]["results"].as_array_mut() {
        for r in results {
            r["ruleIndex"] = Value::String("[index]".into());
        }
    }
    log["runs"][0]["tool"]["driver"]["version"] = Value::String("[version]".into());
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::String("[version]".into());
    log
}

#[test]
fn every_fixture_in_every_machine_format() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../fixtures", "**/*.{md,txt}", |path| {
            let rel = path.strip_prefix(common::root()).unwrap_or(path);
            let run = run_of(vec![common::check_fixture(rel)]);
            insta::assert_json_snapshot!("sarif", sarif_for_snapshot(&run));
            let mut gh = Vec::new();
            github::write(&run, &mut gh).unwrap();
            insta::assert_snapshot!("github", String::from_utf8(gh).unwrap());
            insta::assert_snapshot!("junit", junit::document(&run));
        });
    });
}

#[test]
fn sarif_describes_rules_with_their_metadata() {
    let run = run_of(vec![common::check_fixture(Path::new("fixtures/placeholder/unfilled.md"))]);
    let log = sarif::document(&run);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    // Every enabled rule is described once, reported or not.
    let mut ids: Vec<&str> = run.rules.iter().map(|m| &*m.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let described: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(described, ids);
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            let text = r[key]["text"].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "{} has no {key}", r["id"]);
        }
        assert!(["error", "warning", "note"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    // Two rules in full: the shape of a descriptor, in the language of the document.
    let pick: Vec<&Value> = rules
        .iter()
        .filter(|r| ["placeholder.underscores", "repetition.doubled-word"].contains(&r["id"].as_str().unwrap()))
        .collect();
    insta::assert_json_snapshot!("sarif_rule_descriptors", pick);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "cuadra");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
}

/// Positions of each result agree with the JSON output (which counts the byte-order mark
/// as a character on line 1; SARIF does not).
#[test]
fn rule_indexes_point_at_their_rules_and_regions_match_the_json_output() {
    for entry in glob_fixtures() {
        let report = common::check_fixture(&entry);
        let bom = report.source.starts_with('\u{feff}');
        let run = run_of(vec![report.clone()]);
        let log = sarif::document(&run);
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().clone();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), report.findings.len());
        let json = common::json(&report);
        for (r, j) in results.iter().zip(json["findings"].as_array().unwrap()) {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"], "{}", entry.display());
            let region = &r["locations"][0]["physicalLocation"]["region"];
            let shift = |line: &Value, col: &Value| col.as_u64().unwrap() - u64::from(bom && line == 1);
            assert_eq!(region["startLine"], j["line"]);
            assert_eq!(region["endLine"], j["end_line"]);
            assert_eq!(region["startColumn"].as_u64().unwrap(), shift(&j["line"], &j["column"]));
            assert_eq!(region["endColumn"].as_u64().unwrap(), shift(&j["end_line"], &j["end_column"]));
            // charOffset/charLength address the same characters as the byte span.
            let start = j["offset"].as_u64().unwrap() as usize;
            let end = start + j["length"].as_u64().unwrap() as usize;
            let chars: Vec<char> = report.source.trim_start_matches('\u{feff}').chars().collect();
            let (off, len) =
                (region["charOffset"].as_u64().unwrap() as usize, region["charLength"].as_u64().unwrap() as usize);
            let under: String = chars[off..off + len].iter().collect();
            assert_eq!(under, report.source[start..end], "{}", entry.display());
            assert_eq!(r["fixes"].is_array(), !j["fix"].is_null());
            assert_eq!(r["relatedLocations"].as_array().map_or(0, Vec::len), j["labels"].as_array().unwrap().len());
        }
    }
}

fn glob_fixtures() -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
                out.push(p.strip_prefix(common::root()).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(&common::root().join("fixtures"), &mut out);
    out.sort();
    out
}

#[test]
fn sarif_fixes_and_related_locations() {
    let text = "Vea [el informe](https://www.gob.mx/informe anual.pdf) y http://www.imss.gob.mx/prensa.\n\n\
                El director de esta unidad médica, Doctor Juan Pérez, director de esta unidad médica, explicó que la la campaña sigue.\n";
    let report = common::check_text("b.md", text);
    let log = sarif::document(&run_of(vec![report.clone()]));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let with_fix: Vec<&Value> = results.iter().filter(|r| r["fixes"].is_array()).collect();
    assert!(with_fix.len() >= 3, "{results:#?}");
    for r in &with_fix {
        let replacement = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
        let region = &replacement["deletedRegion"];
        let off = region["charOffset"].as_u64().unwrap() as usize;
        let len = region["charLength"].as_u64().unwrap() as usize;
        let mut chars: Vec<char> = text.chars().collect();
        chars.splice(off..off + len, replacement["insertedContent"]["text"].as_str().unwrap().chars());
        let fixed: String = chars.into_iter().collect();
        assert!(
            fixed.contains("informe%20anual") || fixed.contains("https://www.imss") || fixed.contains("que la campaña"),
            "{fixed}"
        );
    }
    let phrase = results.iter().find(|r| r["ruleId"] == "repetition.phrase").expect("a repeated phrase");
    let related = &phrase["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert!(!related["message"]["text"].as_str().unwrap().is_empty());
}

#[test]
fn sarif_uris_are_encoded_and_skipped_paths_are_notifications() {
    let report = common::check_text("boletines/año 3.md", "Texto XX aquí.\n");
    let mut run = run_of(vec![report]);
    run.skipped.push(cuadra::engine::Skipped {
        path: "foto.md".into(),
        reason: "binary file (contains NUL bytes)".into(),
        error: false,
        help: None,
    });
    let log = sarif::document(&run);
    assert_eq!(log["runs"][0]["artifacts"][0]["location"]["uri"], "boletines/a%C3%B1o%203.md");
    assert_eq!(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 0);
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["level"], "note");
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn github_annotations_are_most_severe_first_and_escaped() {
    let mut report = common::check_text("a.md", "La la campaña. No. ___ de XX.\n");
    assert!(report.findings.len() >= 3);
    report.findings[0].message = "50% listo: a,b\r\nsegunda línea".into();
    let run = run_of(vec![report]);
    let mut out = Vec::new();
    github::write(&run, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    let levels: Vec<&str> = commands.iter().map(|l| &l[2..l.find(' ').unwrap()]).collect();
    let mut sorted = levels.clone();
    sorted.sort_by_key(|l| ["error", "warning", "notice"].iter().position(|x| x == l));
    assert_eq!(levels, sorted, "{out}");
    assert!(out.contains("50%25 listo: a,b%0D%0Asegunda línea"), "{out}");
    assert!(commands.iter().all(|l| l.contains("file=a.md,line=")));
}

#[test]
fn github_summary_lists_every_finding_and_escapes_markdown() {
    let text = "No. ___ y <insertar nombre>. ".repeat(8);
    let run = run_of(vec![common::check_text("x|y.md", &text)]);
    let total = run.findings().count();
    assert!(total > github::ANNOTATIONS_SHOWN_PER_LEVEL);
    let md = github::summary_markdown(&run);
    assert_eq!(
        md.lines().filter(|l| ["| error", "| warning", "| info"].iter().any(|p| l.starts_with(p))).count(),
        total
    );
    assert!(md.contains("x\\|y\\.md"), "{md}");
    assert!(md.contains("\\<insertar nombre\\>"), "{md}");
    let mut out = Vec::new();
    github::write(&run, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().contains("GitHub shows the first 10 annotations"));
}

#[test]
fn junit_has_a_failing_case_per_finding_and_a_passing_case_per_clean_file() {
    let dirty = common::check_fixture(Path::new("fixtures/placeholder/unfilled.md"));
    let clean = common::check_fixture(Path::new("fixtures/placeholder/clean.md"));
    let n = dirty.findings.len();
    let mut run = run_of(vec![clean, dirty]);
    run.skipped.push(cuadra::engine::Skipped {
        path: "z.md".into(),
        reason: "permission denied".into(),
        error: true,
        help: None,
    });
    let xml = junit::document(&run);
    assert_eq!(xml.matches("<testsuite ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), n);
    assert_eq!(xml.matches("<testcase ").count(), n + 2);
    assert_eq!(xml.matches("<error ").count(), 1);
    assert!(xml.contains(&format!("<testsuites name=\"cuadra\" tests=\"{}\" failures=\"{n}\" errors=\"1\"", n + 2)));
    assert!(xml.contains(
        "<testcase name=\"cuadra\" classname=\"fixtures/placeholder/clean.md\" file=\"fixtures/placeholder/clean.md\"/>"
    ));
}

// The binary end to end.

fn cuadra(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cuadra"));
    cmd.args(args).current_dir(dir).env_remove("GITHUB_STEP_SUMMARY").env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("cuadra runs")
}

#[test]
fn output_writes_the_report_to_a_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let root = common::root();
    let to_stdout = cuadra(&root, &["check", "fixtures/placeholder", "--format", "sarif"], &[]);
    let to_file = cuadra(
        &root,
        &["check", "fixtures/placeholder", "--format", "sarif", "--output", target.to_str().unwrap()],
        &[],
    );
    assert_eq!(to_file.status.code(), Some(1));
    assert!(to_file.stdout.is_empty());
    assert_eq!(std::fs::read(&target).unwrap(), to_stdout.stdout);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.sarif")], "no temporary file is left");
    // An unwritable destination is exit 2 with the path named.
    let bad = dir.path().join("no/such/dir/r.json");
    let out = cuadra(&root, &["check", "fixtures/placeholder", "--format", "json", "-o", bad.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
}

#[test]
fn github_format_appends_the_job_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = cuadra(
        &common::root(),
        &["check", "fixtures/placeholder/unfilled.md", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## cuadra"), "{md}");
    let annotations = stdout.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(
        md.lines().filter(|l| ["| error", "| warning", "| info"].iter().any(|p| l.starts_with(p))).count(),
        annotations
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let files: Vec<(String, Vec<u8>)> =
        (0..230).map(|i| (format!("b{i:03}.md"), b"Texto limpio.\n".to_vec())).collect();
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in &files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let out = cuadra(dir.path(), &["check", "."], &[("TERM", "xterm")]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("checking"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no terminal escapes: {stderr}");
}
