//! Hostile input files: nothing panics, hangs or takes unbounded memory, and every span
//! lands on the right characters. Big inputs are generated in a temporary directory at test
//! time; each test stays within seconds in a debug build.

mod common;

use common::{check_text, found, json};
use cuadra::input::{Input, decode};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn cuadra(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("cuadra runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

/// `(rule, line, column, end_line, end_column)` of every finding of a JSON report.
fn positions(v: &serde_json::Value) -> Vec<(String, u64, u64, u64, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (f["rule"].as_str().unwrap().to_string(), n("line"), n("column"), n("end_line"), n("end_column"))
        })
        .collect()
}

/// Every span of every finding is inside the text and on char boundaries.
fn assert_spans_sound(report: &cuadra::engine::FileReport) {
    let src = &*report.source;
    for f in &report.findings {
        for s in std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)) {
            assert!(s.start <= s.end && s.end <= src.len(), "{}: {s:?} outside the text", f.rule);
            assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end), "{}: {s:?} splits a char", f.rule);
        }
    }
}

/// Run `f` on another thread and fail (instead of hanging the suite) if it takes longer
/// than `limit`; the limit is generous, for a loaded CI machine: a regression to quadratic
/// time takes minutes, not seconds.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()).unwrap());
    let started = Instant::now();
    rx.recv_timeout(limit).unwrap_or_else(|_| panic!("still running after {:?}", started.elapsed()))
}

// ---------------------------------------------------------------------------------------
// Encodings and bytes.

#[test]
fn invalid_utf8_is_an_error_naming_byte_and_line_and_the_rest_is_checked() {
    // A truncated multi-byte character at the very end, and a stray continuation byte.
    match decode("Año XX\nñ".as_bytes()[..9].to_vec(), 1000) {
        Input::Failed(m, Some(help)) => {
            assert_eq!(m, "invalid UTF-8 at byte 8 (line 2)");
            assert!(help.contains("UTF-8"), "{help}");
        }
        other => panic!("{other:?}"),
    }
    let dir = tree(&[("a.md", b"Dato: XX.\n"), ("b.md", b"uno\ndos\n\x80tres")]);
    let out = cuadra(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: b.md: invalid UTF-8 at byte 8 (line 3)"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("a.md:1:7"), "{}", text(&out.stdout));
}

#[test]
fn utf16_with_a_bom_is_decoded_little_and_big_endian() {
    let body = "Título\n\nSe atendió a XX personas.\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in body.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    let dir = tree(&[("le.md", &le), ("be.md", &be)]);
    let out = cuadra(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stderr), text(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let x = ("placeholder.x-marks".to_string(), 3, 14, 3, 16);
    assert_eq!(positions(&v), vec![x.clone(), x]);
    // Offsets are into the decoded UTF-8 text, as the note says.
    assert_eq!(v["findings"][0]["offset"], body.find("XX").unwrap());
    // The human report says so on stderr.
    let stderr = text(&cuadra(dir.path(), &["check", "."]).stderr);
    assert!(stderr.contains("note: be.md: UTF-16 file decoded; byte offsets refer to its UTF-8 text"), "{stderr}");
    assert!(stderr.contains("note: le.md: UTF-16 file decoded"), "{stderr}");
}

#[test]
fn broken_utf16_is_an_error_with_a_reason() {
    for (bytes, reason) in [
        (&b"\xff\xfeH\x00o"[..], "UTF-16 file with an odd number of bytes"),
        (&b"\xff\xfe\x00\xd8a\x00"[..], "invalid UTF-16 (unpaired surrogate 0xd800)"),
        (&b"\xfe\xff\xdc\x00"[..], "invalid UTF-16 (unpaired surrogate 0xdc00)"),
    ] {
        match decode(bytes.to_vec(), 1000) {
            Input::Failed(m, Some(help)) => {
                assert_eq!(m, reason);
                assert_eq!(help, "save the file as UTF-8");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn binary_files_are_skipped_with_a_note_and_do_not_fail_the_run() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(100_000));
    let dir = tree(&[("foto.md", &png), ("nul.txt", b"Hola\0XX")]);
    let out = cuadra(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("note: foto.md: binary file (contains NUL bytes)"), "{stderr}");
    assert!(stderr.contains("note: nul.txt: binary file (contains NUL bytes)"), "{stderr}");
    assert!(text(&out.stdout).contains("in 0 of 0 files checked (2 not checked)"), "{}", text(&out.stdout));
}

#[test]
fn a_nul_byte_past_the_sniffed_head_is_text_and_checked() {
    // Only the first 8 KiB are sniffed: a NUL later is just a character.
    let src = format!("Hola XX {}\0 fin", "a".repeat(9000));
    let r = check_text("a.md", &src);
    assert_eq!(found(&r), vec![("placeholder.x-marks".to_string(), "XX".to_string())]);
    assert_spans_sound(&r);
}

#[test]
fn empty_blank_and_bom_only_files_pass_with_a_note() {
    let dir = tree(&[("vacio.md", b""), ("blanco.md", b" \n\t\r\n"), ("bom.md", "\u{feff}".as_bytes())]);
    let out = cuadra(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    for f in ["blanco.md", "bom.md", "vacio.md"] {
        assert!(stderr.contains(&format!("note: {f}: empty file: nothing to check")), "{f}: {stderr}");
    }
    assert!(text(&out.stdout).contains("0 errors, 0 warnings, 0 infos in 0 of 3 files checked"));
}

#[test]
fn devices_and_endless_inputs_are_read_up_to_the_limit_only() {
    // `/dev/zero` reports a length of 0 and never ends: it used to be read until memory ran out.
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero here");
        return;
    }
    let dir = tree(&[("cuadra.toml", b"max-file-size = 4096\n")]);
    let out = within(Duration::from_secs(60), {
        let d = dir.path().to_path_buf();
        move || cuadra(&d, &["check", "/dev/zero", "--config", "cuadra.toml"])
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("note: /dev/zero: input is over the limit of 4096 bytes"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_note() {
    let dir =
        tree(&[("cuadra.toml", b"max-file-size = 100\n"), ("grande.md", &[b'a'; 101]), ("justo.md", &[b'a'; 100])]);
    let out = cuadra(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "note: grande.md: file is 101 bytes, over the limit of 100; raise `max-file-size` in cuadra.toml to check it"
        ),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("in 0 of 1 file checked (1 not checked)"), "{}", text(&out.stdout));
}

// ---------------------------------------------------------------------------------------
// Line ends and invisible characters.

#[test]
fn crlf_and_lone_cr_give_the_same_lines_and_columns() {
    for (name, nl) in [("lf.md", "\n"), ("crlf.md", "\r\n"), ("cr.md", "\r")] {
        let src = format!("Título{nl}{nl}Uno XX dos.{nl}{nl}Tres de de cuatro.{nl}");
        let r = check_text(name, &src);
        let v = json(&r);
        assert_eq!(
            positions(&v),
            vec![("placeholder.x-marks".into(), 3, 5, 3, 7), ("repetition.doubled-word".into(), 5, 6, 5, 11)],
            "{name}"
        );
        assert_eq!(found(&r)[1].1, "de de", "{name}");
        assert_spans_sound(&r);
    }
}

#[test]
fn no_break_and_zero_width_spaces_keep_spans_exact() {
    let r = check_text("a.md", "Se atendió a XX\u{a0}personas de\u{a0}de la región.\n");
    assert_eq!(
        found(&r),
        vec![
            ("placeholder.x-marks".to_string(), "XX".to_string()),
            ("repetition.doubled-word".to_string(), "de\u{a0}de".to_string())
        ]
    );
    assert_eq!(positions(&json(&r))[1], ("repetition.doubled-word".into(), 1, 26, 1, 31));
    // A zero-width space is not a space: `de\u{200b}de` is one run, not a doubled word;
    // `X\u{200b}X` is not the mark `XX`; `XX\u{200b}` is.
    let r = check_text("a.md", "Se atendió a X\u{200b}X personas de\u{200b}de la región; XX\u{200b} de mayo.\n");
    assert_eq!(found(&r), vec![("placeholder.x-marks".to_string(), "XX".to_string())]);
    assert_eq!(positions(&json(&r))[0], ("placeholder.x-marks".into(), 1, 44, 1, 46));
    // Entities: `&nbsp;` decodes to U+00A0, and a finding across it covers the entity.
    let r = check_text("a.md", "Tres de&nbsp;de cuatro.\n");
    assert_eq!(found(&r), vec![("repetition.doubled-word".to_string(), "de&nbsp;de".to_string())]);
}

#[test]
fn combining_accents_in_phrases_and_numbers() {
    // `médica` written as `me` + U+0301 + `dica` is the same word as the precomposed one.
    let pre = "El director de esta unidad médica, Doctor Juan Pérez, director de esta unidad médica, explicó el plan.";
    let dec = pre.replacen("médica", "me\u{301}dica", 1);
    for src in [pre.to_string(), dec] {
        let r = check_text("a.md", &src);
        let f = r.findings.iter().find(|f| &*f.rule == "repetition.phrase").expect("phrase found");
        assert_eq!(&src[f.span.range()], "director de esta unidad médica");
        assert_spans_sound(&r);
    }
    // Marks on digits and on a lone mark at the start of a line: no split characters.
    let src =
        "\u{301}Se atendió a XX personas el 1\u{301}\u{301} de mayo: 1\u{301},234 casos y 5\u{308}0 por ciento.\n";
    let r = check_text("a.md", src);
    assert_eq!(found(&r), vec![("placeholder.x-marks".to_string(), "XX".to_string())]);
    assert_spans_sound(&r);
}

#[test]
fn right_to_left_text_and_bidi_controls() {
    let src = "\u{202e}XX\u{202c} שלום XX مرحبا \u{200f}XX\u{200f} de de.\n";
    let r = check_text("a.md", src);
    assert_eq!(
        positions(&json(&r)),
        vec![
            ("placeholder.x-marks".into(), 1, 2, 1, 4),
            ("placeholder.x-marks".into(), 1, 11, 1, 13),
            ("placeholder.x-marks".into(), 1, 21, 1, 23),
            ("repetition.doubled-word".into(), 1, 25, 1, 30),
        ]
    );
    assert_spans_sound(&r);
    // The terminal rendering of each finding works.
    assert_eq!(common::render_all(&r).matches("placeholder.x-marks").count(), 3);
}

// ---------------------------------------------------------------------------------------
// Size and depth.

#[test]
fn a_fifty_megabyte_file_on_one_line() {
    // 12,300 sentences with a mark, a date and a 2,000-character word each, without one
    // line break: columns run past 4 million. Before the column checkpoints this was
    // quadratic (a finding's column counted from the start of its line), and the human
    // report panicked in miette past column 65,535.
    let unit = format!("Se atendió a XX personas el 3 de mayo de 2025 en la clínica {} ", "ñ".repeat(2000));
    let src = unit.repeat(12_300);
    assert!(src.len() > 49_000_000 && !src.contains('\n'));
    let chars_per_unit = unit.chars().count() as u64;
    let r = within(Duration::from_secs(240), move || check_text("uno.md", &src));
    let marks: Vec<_> = r.findings.iter().filter(|f| &*f.rule == "placeholder.x-marks").collect();
    assert_eq!(marks.len(), 12_300);
    let last = marks.last().unwrap();
    assert_eq!(r.line_col(last.span.start), (1, 12_299 * chars_per_unit as usize + 14));
    assert_spans_sound(&r);
    // The human report of a finding far into the line is windowed around it.
    let drawn = cuadra::report::human::render(&r, last, cuadra::report::human::Style::PLAIN);
    assert!(drawn.contains(&format!("uno.md:1:{}", 12_299 * chars_per_unit + 14)), "{drawn}");
    assert!(drawn.lines().all(|l| l.chars().count() < 200), "{drawn}");
}

#[test]
fn a_hundred_thousand_figures_in_one_paragraph() {
    let src: String = (0..100_000).map(|i| format!("{},{:03} personas, ", i % 1000, i % 997)).collect();
    let r = within(Duration::from_secs(120), move || check_text("cifras.md", &src));
    assert_eq!(r.source.len(), 1_789_000);
    assert_spans_sound(&r);
}

#[test]
fn a_sum_of_a_hundred_thousand_parts() {
    // Splitting the list asked every figure for every comma (quadratic: 20,000 parts took
    // 10 s), and drawing 100,000 labels in the terminal never finished.
    let n: u64 = 100_000;
    let parts: Vec<String> = (1..n).map(|i| format!("{i} de córneas")).collect();
    let src = format!(
        "Se realizaron {} trasplantes de órganos, de los cuales fueron {} y {n} de hígado.\n",
        n * (n + 1) / 2 + 7,
        parts.join(", ")
    );
    let r = within(Duration::from_secs(120), move || check_text("suma.md", &src));
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(&*f.rule, "arithmetic.breakdown");
    assert_eq!(f.message, "El desglose suma 5 000 050 000, pero el total es 5 000 050 007");
    assert_eq!(f.labels.len(), 100_000);
    assert_spans_sound(&r);
    let drawn = within(Duration::from_secs(60), move || {
        cuadra::report::human::render(&r, &r.findings[0], cuadra::report::human::Style::PLAIN)
    });
    let hidden = 100_000 - cuadra::report::human::MAX_DRAWN_LABELS;
    assert!(drawn.contains(&format!("{hidden} more places are not drawn; `--format json` lists them all")), "{drawn}");
}

#[test]
fn ten_thousand_nested_block_quotes_and_list_items() {
    // pulldown-cmark does not recurse per nesting level; the document model keeps counters.
    for (name, src) in [
        ("quotes", format!("{}Hola XX\n", "> ".repeat(10_000))),
        ("dashes", format!("{}Hola XX\n", "- ".repeat(10_000))),
        ("numbers", format!("{}Hola XX\n", "1. ".repeat(10_000))),
        ("mixed", format!("{}Hola XX\n", "> - 1. ".repeat(3_400))),
        ("lines", (0..10_000).map(|i| format!("{}> Hola XX {i}\n", "> ".repeat(i % 50))).collect()),
    ] {
        let r = within(Duration::from_secs(60), move || check_text("a.md", &src));
        let xx = r.findings.iter().filter(|f| &*f.rule == "placeholder.x-marks").count();
        assert_eq!(xx, if name == "lines" { 10_000 } else { 1 }, "{name}");
        assert_spans_sound(&r);
    }
    // Deeply nested inline markup: brackets, emphasis, links inside links.
    for src in [
        format!("{}XX{}", "[".repeat(50_000), "]".repeat(50_000)),
        format!("{}XX{}", "*".repeat(50_000), "*".repeat(50_000)),
        format!("{}XX{}", "[a](".repeat(20_000), ")".repeat(20_000)),
        format!("{}XX", "<".repeat(50_000)),
    ] {
        let r = within(Duration::from_secs(60), move || check_text("a.md", &src));
        assert_spans_sound(&r);
    }
}

#[test]
fn a_hundred_thousand_links() {
    let src: String = (0..25_000)
        .map(|i| {
            format!("[t{i}](https://www.imss.gob.mx/{i}) https://imss.gob.mx/b/{i} <https://www.gob.mx/{i}> [x](URL) ")
        })
        .collect();
    let r = within(Duration::from_secs(120), move || check_text("enlaces.md", &src));
    assert_eq!(r.links.len(), 100_000);
    let placeholders = r.findings.iter().filter(|f| &*f.rule == "link.placeholder").count();
    assert_eq!(placeholders, 25_000);
    assert_spans_sound(&r);
}

// ---------------------------------------------------------------------------------------
// The file system.

#[test]
fn a_directory_symlink_loop_ends_and_links_are_not_followed() {
    let dir = tree(&[("a/nota.md", b"Hola XX.\n"), ("fuera/secreto.md", b"Clave XX.\n")]);
    let a = dir.path().join("a");
    std::os::unix::fs::symlink("..", a.join("arriba")).unwrap();
    std::os::unix::fs::symlink(".", a.join("aqui")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("fuera"), a.join("fuera")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("fuera/secreto.md"), a.join("enlace.md")).unwrap();
    let out = within(Duration::from_secs(60), move || cuadra(&a, &["check", ".", "--format", "json"]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["nota.md"]);
}

#[test]
fn unreadable_files_are_errors_even_for_root() {
    // `/proc/self/mem` opens but cannot be read at offset 0: an I/O error as any user.
    if Path::new("/proc/self/mem").exists() {
        let out = cuadra(Path::new("/"), &["check", "/proc/self/mem"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("error: /proc/self/mem: Input/output error (os error 5)"),
            "{}",
            text(&out.stderr)
        );
    } else {
        eprintln!("skipped: no /proc/self/mem here");
    }
    // Permission denied: root reads any file, so run cuadra as `nobody` when we are root.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let p = dir.path().join("secreto.md");
    std::fs::write(&p, "texto XX").unwrap();
    std::fs::write(dir.path().join("publico.md"), "texto XX").unwrap();
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let bin = env!("CARGO_BIN_EXE_cuadra");
    let out = if std::fs::read(&p).is_err() {
        Command::new(bin).args(["check", "."]).current_dir(dir.path()).output().unwrap()
    } else {
        let Ok(out) = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin, "check", "."])
            .current_dir(dir.path())
            .output()
        else {
            eprintln!("skipped: running as root and `setpriv` is not available to drop privileges");
            return;
        };
        if text(&out.stderr).contains("setpriv:") || text(&out.stderr).contains("Permission denied (os error 13)") {
            eprintln!("skipped: cannot run cuadra as nobody here: {}", text(&out.stderr));
            return;
        }
        out
    };
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("error: secreto.md: permission denied"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("publico.md:1:7"), "the readable file is still checked");
}
