//! Nothing lost: without `--fix`, no checked file (nor anything else in the tree) is
//! written, created, removed or touched, whatever the command and the findings.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Every path under `root` (symbolic links not followed) with its bytes (or link target)
/// and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime, u32)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            let content = if meta.file_type().is_symlink() {
                std::fs::read_link(&path).unwrap().into_os_string().into_encoded_bytes()
            } else if meta.is_dir() {
                stack.push(path.clone());
                Vec::new()
            } else {
                std::fs::read(&path).unwrap()
            };
            out.insert(path.strip_prefix(root).unwrap().to_path_buf(), (content, meta.modified().unwrap(), mode));
        }
    }
    out
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &[u8])] = &[
        ("cuadra.toml", b"rule-files = [\"reglas/propias.toml\"]\n[rules]\n\"repetition.doubled-word\" = \"error\"\n"),
        (
            "reglas/propias.toml",
            b"[[rule]]\nid = \"placeholder.sede\"\nkind = \"pattern\"\npatterns = ['SEDE']\nmessage = \"m\"\n[rule.examples]\nfail = [\"SEDE\"]\n",
        ),
        ("boletin.md", "Se realizaron trasplantes de de órganos el XX de mayo en la SEDE.\r\n".as_bytes()),
        ("sub/nota.txt", "Ciudad de México, 14 de junio de 2025\n\nEl martes 7 de julio de 2025 ___ [enlace](htps://x).\n".as_bytes()),
        ("sub/limpio.md", "Texto sin problemas.\n".as_bytes()),
        ("sub/utf16.md", b"\xff\xfeX\x00X\x00"),
        ("roto.md", b"mu\xffndo"),
        ("imagen.md", b"\x89PNG\0\0"),
        ("vacio.md", b""),
    ];
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
    }
    std::fs::set_permissions(dir.path().join("sub/limpio.md"), std::os::unix::fs::PermissionsExt::from_mode(0o444))
        .unwrap();
    std::os::unix::fs::symlink("boletin.md", dir.path().join("enlace.md")).unwrap();
    dir
}

#[test]
fn no_command_without_fix_writes_anything() {
    let dir = tree();
    let before = snapshot(dir.path());
    // Let any write have a visibly different modification time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let bin = env!("CARGO_BIN_EXE_cuadra");
    let runs: &[&[&str]] = &[
        &["check"],
        &["check", "."],
        &["check", ".", "--format", "json"],
        &["check", ".", "-j", "1", "--fail-on", "info", "-q"],
        &["check", "boletin.md", "sub/nota.txt", "enlace.md", "roto.md"],
        &["check", ".", "--select", "repetition", "--no-color"],
        &["check", ".", "--offline"],
        &["rules"],
        &["rules", "test"],
        &["rules", "test", "reglas/propias.toml"],
        &["explain", "repetition.doubled-word"],
        &["check", ".", "--diff"],
        &["check", "boletin.md", "--format", "sarif"],
        &["report", "."],
        &["report", ".", "--markdown"],
        &["facts", "boletin.md"],
        // A refused `--output` over a checked file leaves it alone.
        &["check", ".", "--output", "boletin.md"],
    ];
    let mut codes = Vec::new();
    for args in runs {
        let out = Command::new(bin).args(*args).current_dir(dir.path()).output().unwrap();
        codes.push(out.status.code());
    }
    // Standard input too.
    let mut child = Command::new(bin)
        .args(["check", "-", "--stdin-filename", "boletin.md"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("Hola XX de de".as_bytes()).unwrap();
    codes.push(child.wait().unwrap().code());
    // Exit 2: the tree holds an unreadable file (`roto.md`); `--output` over a checked file is refused.
    let expected =
        [[Some(2); 7].as_slice(), &[Some(0); 4], &[Some(2), Some(1), Some(2), Some(2), Some(0), Some(2)], &[Some(1)]];
    assert_eq!(codes, expected.concat());
    let after = snapshot(dir.path());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "a file was created or removed");
    for (path, b) in &before {
        assert_eq!(b, &after[path], "{} changed", path.display());
    }
}

#[test]
fn output_over_a_checked_file_is_refused_in_every_spelling() {
    // `check . -o boletin.md` used to replace the bulletin with its own report.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("boletin.md"), "Hola XX de de.\n").unwrap();
    std::os::unix::fs::symlink("boletin.md", d.join("enlace.txt")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    let bin = env!("CARGO_BIN_EXE_cuadra");
    for (args, shown) in [
        (&["check", "boletin.md", "-o", "boletin.md"][..], "boletin.md"),
        (&["check", ".", "--output", "./boletin.md"][..], "./boletin.md"),
        (&["check", "boletin.md", "-o", "sub/../boletin.md"][..], "sub/../boletin.md"),
        (&["check", "boletin.md", "-o", "enlace.txt", "--format", "json"][..], "enlace.txt"),
        (&["check", "boletin.md", "--diff", "-o", "boletin.md"][..], "boletin.md"),
    ] {
        let out = Command::new(bin).args(args).current_dir(d).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr
                .contains(&format!("refusing to write the report over `{shown}`: it is one of the checked bulletins")),
            "{args:?}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(d.join("boletin.md")).unwrap(), "Hola XX de de.\n", "{args:?}");
    }
    // Elsewhere, the report is written.
    let out = Command::new(bin).args(["check", "boletin.md", "-o", "informe.txt"]).current_dir(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::read_to_string(d.join("informe.txt")).unwrap().contains("placeholder.x-marks"));
}
