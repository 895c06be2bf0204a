//! The binary end to end: exit codes, formats, configuration, bad input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cuadra(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("cuadra runs")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A temporary directory with the given files.
fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

#[test]
fn seeds_fail_with_their_placeholders() {
    let out = cuadra(root(), &["check", "fixtures/seeds"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("placeholder.underscores"));
    assert!(stdout.contains("imss-8va-jornada.md:7:19"), "{stdout}");
    assert!(stdout.contains("5 errors, 2 warnings, 1 info in 2 of 2 files checked"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "colour codes when not a terminal");
}

#[test]
fn clean_text_exits_zero() {
    let out = cuadra(root(), &["check", "fixtures/placeholder/clean.md", "fixtures/repetition/clean.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 errors, 0 warnings, 0 infos in 0 of 2 files checked"));
}

#[test]
fn fail_on_sets_the_threshold() {
    let f = "fixtures/repetition/repeated.md";
    assert_eq!(cuadra(root(), &["check", f, "--select", "repetition"]).status.code(), Some(0));
    assert_eq!(cuadra(root(), &["check", f, "--select", "repetition", "--fail-on", "warning"]).status.code(), Some(1));
    let quiet = cuadra(root(), &["check", f, "--select", "repetition.repeated-heading", "--fail-on", "info", "-q"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(!text(&quiet.stdout).contains("files checked"), "--quiet prints no summary");
}

#[test]
fn select_and_ignore_take_ids_and_families() {
    let out = cuadra(
        root(),
        &[
            "check",
            "fixtures/seeds",
            "--format",
            "json",
            "--select",
            "repetition",
            "--ignore",
            "repetition.repeated-heading",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, vec!["repetition.phrase"]);
}

#[test]
fn json_has_the_documented_fields() {
    let out = cuadra(root(), &["check", "fixtures/seeds/imss-8va-jornada.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    for key in [
        "path",
        "rule",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
        "labels",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["path"], "fixtures/seeds/imss-8va-jornada.md");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64(), f["end_column"].as_u64()), (Some(7), Some(19), Some(24)));
    assert_eq!(v["summary"]["errors"], 4, "two placeholders, the ratio and the partition");
}

#[test]
fn stdin_is_read_with_a_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(["check", "-", "--stdin-filename", "borrador.md"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Se atendió a XX personas.".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("borrador.md:1:14"), "{}", text(&out.stdout));
}

#[test]
fn bad_input_is_named_and_the_rest_is_still_checked() {
    let dir = tree(&[
        ("a.md", "Dato: XX.".as_bytes()),
        ("roto.md", b"Hola\nmu\xffndo"),
        ("imagen.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("vacio.md", b""),
    ]);
    let out = cuadra(dir.path(), &["check", ".", "no-existe.md"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: no-existe.md: no such file or directory"), "{stderr}");
    assert!(stderr.contains("error: roto.md: invalid UTF-8 at byte 7 (line 2)"), "{stderr}");
    assert!(stderr.contains("note: imagen.md: binary file (contains NUL bytes)"), "{stderr}");
    assert!(stderr.contains("note: vacio.md: empty file: nothing to check"), "{stderr}");
    assert!(text(&out.stdout).contains("placeholder.x-marks"), "a.md was still checked");
}

#[test]
fn unreadable_files_are_errors() {
    let dir = tree(&[("secreto.md", b"texto")]);
    let p = dir.path().join("secreto.md");
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as a user who can read any file (root)");
        return;
    }
    let out = cuadra(dir.path(), &["check", "secreto.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("secreto.md: permission denied"));
}

#[test]
fn a_broken_config_points_into_the_toml() {
    let dir = tree(&[("cuadra.toml", b"fail-on = \"error\"\nextensoins = [\"md\"]\n"), ("a.md", b"texto")]);
    let out = cuadra(dir.path(), &["check", "a.md"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown field `extensoins`"), "{stderr}");
    assert!(stderr.contains("cuadra.toml:2:1"), "{stderr}");
}

#[test]
fn a_broken_rule_file_named_in_the_config_is_reported_with_its_span() {
    let dir = tree(&[
        ("cuadra.toml", b"rule-files = [\"propias.toml\"]\n"),
        (
            "propias.toml",
            b"[[rule]]\nid = \"placeholder.mia\"\nkind = \"pattern\"\npatterns = ['(']\nmessage = \"m\"\n",
        ),
        ("a.md", b"texto"),
    ]);
    let out = cuadra(dir.path(), &["check", "a.md"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("invalid regular expression"), "{stderr}");
    assert!(stderr.contains("propias.toml:4:13"), "{stderr}");
}

#[test]
fn the_config_switches_rules_off_changes_severity_and_adds_rules() {
    let dir = tree(&[
        (
            "cuadra.toml",
            b"rule-files = [\"propias.toml\"]\nextensions = [\"md\", \"borrador\"]\n\n[rules]\nrepetition = \"off\"\n\"repetition.doubled-word\" = \"error\"\n\"placeholder.x-marks\" = \"info\"\n",
        ),
        (
            "propias.toml",
            "language = \"es\"\n[[rule]]\nid = \"placeholder.sede\"\nkind = \"pattern\"\nseverity = \"error\"\npatterns = ['LUGAR POR ASIGNAR']\nmessage = \"Sede sin definir\"\nhelp = \"Escriba la sede.\"\n".as_bytes(),
        ),
        ("sub/nota.borrador", "El evento será en LUGAR POR ASIGNAR con XX invitados de de la región. Texto repetido en la misma oración, texto repetido en la misma oración.".as_bytes()),
    ]);
    let out = cuadra(dir.path(), &["check", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["severity"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("placeholder.sede".to_string(), "error".to_string()),
            ("placeholder.x-marks".to_string(), "info".to_string()),
            ("repetition.doubled-word".to_string(), "error".to_string()),
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unknown_rule_in_the_config_is_an_error() {
    let dir = tree(&[("cuadra.toml", b"[rules]\n\"placeholder.nada\" = \"off\"\n"), ("a.md", b"x")]);
    let out = cuadra(dir.path(), &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no rule or family named `placeholder.nada`"));
}

#[test]
fn suppression_comments_silence_what_they_name() {
    let out = cuadra(root(), &["check", "fixtures/suppression/directives.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("placeholder.x-marks".to_string(), 8),
            ("placeholder.underscores".to_string(), 13),
            ("placeholder.x-marks".to_string(), 16),
        ]
    );
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let one = cuadra(root(), &["check", "fixtures", "-j", "1", "--format", "json"]);
    let four = cuadra(root(), &["check", "fixtures", "-j", "4", "--format", "json"]);
    assert_eq!(one.stdout, four.stdout);
    assert!(!one.stdout.is_empty());
}

#[test]
fn checking_never_writes_to_the_checked_files() {
    let dir = tree(&[("a.md", "Se realizaron trasplantes de de órganos el XX de mayo.".as_bytes())]);
    let p = dir.path().join("a.md");
    let before = (std::fs::read(&p).unwrap(), std::fs::metadata(&p).unwrap().modified().unwrap());
    let out = cuadra(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1));
    let after = (std::fs::read(&p).unwrap(), std::fs::metadata(&p).unwrap().modified().unwrap());
    assert_eq!(before, after);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no file was created");
}

#[test]
fn rules_list_test_and_explain() {
    let out = cuadra(root(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("placeholder.underscores"));

    let out = cuadra(root(), &["rules", "test"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(" passed, 0 failed"));

    let dir = tree(&[(
        "mia.toml",
        b"[[rule]]\nid = \"placeholder.mia\"\nkind = \"pattern\"\npatterns = ['ZZ']\nmessage = \"m\"\n[rule.examples]\nfail = [\"sin marca\"]\npass = [\"ZZ\"]\n",
    )]);
    let out = cuadra(dir.path(), &["rules", "test", "mia.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("0 passed, 2 failed"), "{}", text(&out.stdout));

    let out = cuadra(root(), &["explain", "repetition.phrase"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("director de esta unidad médica"));
    assert_eq!(cuadra(root(), &["explain", "nada.nada"]).status.code(), Some(2));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(cuadra(root(), &["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(cuadra(root(), &["nada"]).status.code(), Some(2));
    assert_eq!(cuadra(root(), &["--help"]).status.code(), Some(0));
}

#[test]
fn fail_on_comes_from_the_configuration_unless_given() {
    let dir = tree(&[
        ("cuadra.toml", b"fail-on = \"warning\"\n"),
        ("a.md", "Se realizaron trasplantes de de órganos.".as_bytes()),
    ]);
    assert_eq!(cuadra(dir.path(), &["check", "a.md"]).status.code(), Some(1));
    assert_eq!(cuadra(dir.path(), &["check", "a.md", "--fail-on", "error"]).status.code(), Some(0));
}

#[test]
fn each_directory_of_a_walk_takes_its_nearest_config() {
    // The nearest `cuadra.toml` is looked up once per directory of the walk: files next to
    // each other share it, and a subdirectory with its own one is checked by that one.
    let dir = tree(&[
        ("cuadra.toml", b"[rules]\n\"placeholder.x-marks\" = \"error\"\n"),
        ("a.md", b"Hay XX invitados.\n"),
        ("b.md", b"Hay XX invitados.\n"),
        ("sub/cuadra.toml", b"[rules]\n\"placeholder.x-marks\" = \"off\"\n"),
        ("sub/c.md", b"Hay XX invitados.\n"),
        ("sub/d.md", b"Hay XX invitados.\n"),
        ("sub/deeper/e.md", b"Hay XX invitados.\n"),
        ("other/f.md", b"Hay XX invitados.\n"),
    ]);
    let out = cuadra(dir.path(), &["check", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut got: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "placeholder.x-marks")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    assert_eq!(got, ["a.md", "b.md", "other/f.md"]);
}
