//! `check --fix` and `check --diff`: fixes applied atomically with permissions kept, never a
//! write without `--fix`, and no write over a file that changed after it was read.

use cuadra::engine::{self, RunOptions};
use cuadra::fix::{self, NotWritten};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const FIXABLE: &str = "Consulte http://www.imss.gob.mx/prensa y [el informe](https://www.gob.mx/informe anual.pdf).\r\n\
\r\n\
El programa de de de salud sigue.\u{a0}La la campaña concluyó.\r\n";

const FIXED: &str = "Consulte https://www.imss.gob.mx/prensa y [el informe](https://www.gob.mx/informe%20anual.pdf).\r\n\
\r\n\
El programa de salud sigue.\u{a0}La campaña concluyó.\r\n";

fn cuadra(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra")).args(args).current_dir(dir).output().expect("cuadra runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn dir_with(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn fix_applies_every_safe_fix_and_reports_what_is_left() {
    let (dir, path) = dir_with("boletin.md", format!("{FIXABLE}\r\nNo. ___/2024\r\n").as_bytes());
    let out = cuadra(dir.path(), &["check", "--fix", "--format", "json", "boletin.md"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{FIXED}\r\nNo. ___/2024\r\n"));
    // The report is of the fixed text: only the placeholder is left, and it fails the run.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["placeholder.underscores"]);
    assert!(text(&out.stderr).contains("fixed 5 findings in 1 file"), "{}", text(&out.stderr));
    assert_eq!(entries(dir.path()), ["boletin.md"], "no temporary file is left");
    // A second run has nothing to fix and writes nothing.
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let again = cuadra(dir.path(), &["check", "--fix", "boletin.md"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(!text(&again.stderr).contains("fixed"));
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = dir_with("b.md", FIXABLE.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    let out = cuadra(dir.path(), &["check", "--fix", "b.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o604);
}

#[test]
fn a_file_changed_after_it_was_read_is_not_written() {
    let (dir, path) = dir_with("b.md", FIXABLE.as_bytes());
    let options = RunOptions::default();
    let result = engine::run(std::slice::from_ref(&path), &options).unwrap();
    let plans = fix::plan(&result, &options, None).unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].fixed, FIXED);
    // Someone saves the file between the check and the write.
    let edited = format!("{FIXABLE}Una línea nueva.\r\n");
    std::fs::write(&path, &edited).unwrap();
    let err = fix::write(&plans[0]).unwrap_err();
    assert!(matches!(err, NotWritten::Changed), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(entries(dir.path()), ["b.md"]);
}

#[test]
fn a_utf16_file_is_reported_not_rewritten() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "El programa de de salud.\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (dir, path) = dir_with("u.md", &bytes);
    let out = cuadra(dir.path(), &["check", "--fix", "u.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("u.md: not fixed: the file is not stored as UTF-8"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn standard_input_is_never_written_even_when_named_like_a_file() {
    let (dir, path) = dir_with("b.md", b"Texto original.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(["check", "--fix", "--stdin-filename", "b.md", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"de de\n").unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(text(&out.stderr).contains("standard input cannot be fixed in place"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Texto original.\n");
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let (dir, path) = dir_with("b.md", FIXABLE.as_bytes());
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let out = cuadra(dir.path(), &["check", "--diff", "b.md"]);
    assert_eq!(out.status.code(), Some(1), "fixes available: exit 1");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXABLE);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(entries(dir.path()), ["b.md"]);
    let diff = text(&out.stdout);
    assert!(diff.starts_with("--- a/b.md\n+++ b/b.md\n@@ -1,3 +1,3 @@\n"), "{diff}");
    assert!(diff.contains("-El programa de de de salud sigue.\u{a0}La la campaña concluyó.\r\n"), "{diff}");
    assert!(diff.contains("+El programa de salud sigue.\u{a0}La campaña concluyó.\r\n"), "{diff}");
    assert!(text(&out.stderr).contains("5 fixes in 1 file"), "{}", text(&out.stderr));
    // Applying the diff gives the fixed file.
    if Command::new("patch").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let p = Command::new("patch")
            .args(["-p1", "--quiet"])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                std::io::Write::write_all(c.stdin.as_mut().unwrap(), diff.as_bytes())?;
                drop(c.stdin.take());
                c.wait()
            })
            .unwrap();
        assert!(p.success());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    }
    // Nothing to fix: no diff, exit 0.
    let clean = cuadra(dir.path(), &["check", "--diff", "b.md"]);
    if std::fs::read_to_string(&path).unwrap() == FIXED {
        assert_eq!(clean.status.code(), Some(0));
        assert!(clean.stdout.is_empty());
    }
}

#[test]
fn without_fix_no_file_is_ever_written() {
    let (dir, path) = dir_with("b.md", FIXABLE.as_bytes());
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    for format in ["human", "json", "sarif", "github", "junit"] {
        let out = cuadra(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.status.code(), Some(1), "{format}: the malformed link is an error");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXABLE);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(entries(dir.path()), ["b.md"]);
}

#[test]
fn diff_and_fix_do_not_combine() {
    let (dir, _) = dir_with("b.md", FIXABLE.as_bytes());
    let out = cuadra(dir.path(), &["check", "--diff", "--fix", "b.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("b.md")).unwrap(), FIXABLE);
}
