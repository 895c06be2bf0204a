//! A lean run (`cuadra check`) keeps the text only of the files it will show.

use cuadra::engine::{RunOptions, run};
use std::path::PathBuf;

#[test]
fn a_lean_run_drops_the_text_of_clean_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let clean = "El Instituto atendió a la población de la región.\n";
    let dirty = "Se realizaron XX cirugías el _____ de mayo.\n";
    std::fs::write(dir.path().join("limpio.md"), clean).unwrap();
    std::fs::write(dir.path().join("sucio.md"), dirty).unwrap();
    let paths = [PathBuf::from(dir.path())];
    for lean in [false, true] {
        let options = RunOptions { lean, online: Some(false), ..RunOptions::default() };
        let result = run(&paths, &options).unwrap();
        let by_name = |name: &str| result.files.iter().find(|f| f.path.ends_with(name)).unwrap();
        let (c, d) = (by_name("limpio.md"), by_name("sucio.md"));
        assert!(c.findings.is_empty() && !d.findings.is_empty());
        assert_eq!((c.length, d.length), (clean.len(), dirty.len()));
        assert_eq!(&*d.source, dirty, "a file with findings keeps its text");
        assert_eq!(&*c.source, if lean { "" } else { clean }, "lean = {lean}");
    }
}
