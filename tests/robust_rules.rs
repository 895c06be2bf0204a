//! Hostile rule files and configurations: each is a clear error with a span into the
//! TOML (exit 2), never a hang, a crash or a stack overflow. Complements tests/rules.rs.

use cuadra::rules::{MAX_INCLUDE_DEPTH, RuleLoader, RuleSource};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn cuadra(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cuadra")).args(args).current_dir(dir).env("COLUMNS", "100").output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Load rule-file text; the errors as `(message, text under the span)`.
fn load(toml: &str) -> (usize, Vec<(String, String)>) {
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "r.toml".into(), text: Arc::from(toml), path: None });
    let errors = loader
        .errors
        .iter()
        .map(|e| {
            let under = e.span.map_or(String::new(), |s| toml[s.offset()..s.offset() + s.len()].to_string());
            (e.message.clone(), under)
        })
        .collect();
    (rules.len(), errors)
}

/// Load a rule file from disk; the errors as `(message, text under the span)`.
fn load_path(path: &Path) -> Vec<(String, String)> {
    let mut loader = RuleLoader::default();
    let _ = loader.load_path(path, None);
    loader
        .errors
        .iter()
        .map(|e| {
            let under =
                match (e.span, miette::SourceCode::read_span(&e.source_code, &e.span.unwrap_or((0, 0).into()), 0, 0)) {
                    (Some(_), Ok(c)) => String::from_utf8_lossy(c.data()).into_owned(),
                    _ => String::new(),
                };
            (e.message.clone(), under)
        })
        .collect()
}

fn rule(patterns: &str) -> String {
    format!("[[rule]]\nid = \"placeholder.demo\"\nkind = \"pattern\"\npatterns = {patterns}\nmessage = \"m\"\n")
}

#[test]
fn regexes_that_would_explode_are_refused_by_size() {
    let too_big = "regular expression is too big once compiled (limit 1048576 bytes)";
    for pattern in [r"(\w{50}){50}", r"\w{2000}", r"[\p{L}\p{N}]{800}", r"(([a-z\d]{30}\s){30}){3}"] {
        let toml = rule(&format!("['{pattern}']"));
        let started = Instant::now();
        let (n, errors) = load(&toml);
        assert_eq!(n, 0, "{pattern}: loaded");
        assert_eq!(errors, vec![(too_big.to_string(), format!("'{pattern}'"))], "{pattern}");
        assert!(started.elapsed() < Duration::from_secs(10), "{pattern}: {:?}", started.elapsed());
    }
    // In `exceptions` too.
    let toml = rule("['XX']").replace("message", "exceptions = ['\\w{2000}']\nmessage");
    assert_eq!(load(&toml).1, vec![(too_big.to_string(), r"'\w{2000}'".to_string())]);
    // Nesting deeper than the parser allows is an invalid pattern, not a stack overflow.
    let deep = format!("['{}a{}']", "(".repeat(5000), ")".repeat(5000));
    let (_, errors) = load(&rule(&deep));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].0.starts_with("invalid regular expression: "), "{errors:?}");
    assert!(errors[0].0.contains("nest"), "{errors:?}");
}

#[test]
fn pathological_regexes_run_in_linear_time() {
    // Patterns that backtrack exponentially elsewhere: the regex crate is linear.
    let toml = rule(r"['(a|aa)*b', '(x+x+)+y', '(\w+\s?)+$Z']");
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "r.toml".into(), text: Arc::from(toml), path: None });
    assert!(loader.errors.is_empty(), "{:?}", loader.errors);
    let config = cuadra::config::Config { rules, ..cuadra::config::Config::builtin() };
    let src: Arc<str> = format!("{} {} {}", "a".repeat(100_000), "x".repeat(100_000), "casa ".repeat(20_000)).into();
    let started = Instant::now();
    let r = cuadra::engine::check_source(Path::new("a.md"), src, &config);
    assert!(r.findings.is_empty());
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn thousands_of_rules_load_and_run() {
    let mut toml = String::from("language = \"es\"\n");
    for i in 0..3000 {
        toml.push_str(&format!(
            "[[rule]]\nid = \"placeholder.r{i}\"\nkind = \"pattern\"\npatterns = ['Z{i}Z', 'Q{i}Q']\nexceptions = ['W{i}W']\nmessage = \"m {{match}}\"\n"
        ));
    }
    let mut loader = RuleLoader::default();
    let rules = loader.load(&RuleSource { name: "r.toml".into(), text: Arc::from(toml), path: None });
    assert!(loader.errors.is_empty());
    let config = cuadra::config::Config { rules, ..cuadra::config::Config::builtin() };
    let src: Arc<str> = "Se atendió a Z17Z personas y a Q2999Q más.\n\n".repeat(200).into();
    let started = Instant::now();
    let r = cuadra::engine::check_source(Path::new("a.md"), src, &config);
    assert_eq!(r.findings.len(), 400);
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

#[test]
fn deeply_nested_toml_is_an_error_with_a_span() {
    for (name, toml) in [
        ("arrays", format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000))),
        ("inline tables", format!("x = {}1{}\n", "{a = ".repeat(5000), "}".repeat(5000))),
        ("dotted key", format!("[{}]\n", vec!["a"; 20_000].join("."))),
        ("array tables", format!("[[{}]]\n", vec!["rule"; 20_000].join("."))),
    ] {
        let (n, errors) = load(&toml);
        assert_eq!(n, 0, "{name}");
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
    }
    // Through the binary, in a configuration file: exit 2 and a drawn span.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cuadra.toml"), format!("x = {}1{}\n", "{a = ".repeat(5000), "}".repeat(5000)))
        .unwrap();
    std::fs::write(dir.path().join("a.md"), "Hola XX").unwrap();
    let out = cuadra(dir.path(), &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cuadra.toml:1:"), "{}", text(&out.stderr));
}

#[test]
fn huge_strings_and_huge_files() {
    // A 3 MB message is under the 4 MiB limit: it loads.
    let toml = rule("['QQ']").replace("message = \"m\"", &format!("message = \"{}\"", "m".repeat(3 << 20)));
    assert_eq!(load(&toml), (1, vec![]));
    // A 5 MiB rule file is refused before it is parsed, naming the limit.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("grande.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(5 << 20))).unwrap();
    let errors = load_path(&big);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].0,
        format!("{} is 5242883 bytes; rule and configuration files are limited to 4194304", big.display())
    );
}

#[test]
fn duplicate_ids_point_at_the_second_definition() {
    let toml = format!("{}\n{}", rule("['AA']"), rule("['BB']"));
    let (n, errors) = load(&toml);
    assert_eq!(n, 1);
    assert_eq!(errors, vec![("duplicate rule id `placeholder.demo`".to_string(), "\"placeholder.demo\"".to_string())]);
}

#[test]
fn include_cycles_are_errors_with_a_span() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A file including itself.
    std::fs::write(d.join("yo.toml"), "include = ['yo.toml']\n").unwrap();
    let errors = load_path(&d.join("yo.toml"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, format!("include cycle: {} is already being loaded", d.join("yo.toml").display()));
    assert_eq!(errors[0].1, "'yo.toml'");
    // A cycle of three, with a rule in each file: the rules load once, the cycle is named.
    for (name, next) in [("a", "b"), ("b", "c"), ("c", "a")] {
        std::fs::write(
            d.join(format!("{name}.toml")),
            format!("include = ['{next}.toml']\n{}", rule("['QQ']").replace("demo", name)),
        )
        .unwrap();
    }
    let mut loader = RuleLoader::default();
    let rules = loader.load_path(&d.join("a.toml"), None);
    assert_eq!(rules.len(), 3);
    assert_eq!(loader.errors.len(), 1);
    assert_eq!(
        loader.errors[0].message,
        format!("include cycle: {} is already being loaded", d.join("a.toml").display())
    );
    // A diamond (two files including the same third) is not a cycle: loaded once.
    std::fs::write(d.join("top.toml"), "include = ['l.toml', 'r.toml']\n").unwrap();
    std::fs::write(d.join("l.toml"), "include = ['base.toml']\n").unwrap();
    std::fs::write(d.join("r.toml"), "include = ['base.toml']\n").unwrap();
    std::fs::write(d.join("base.toml"), rule("['QQ']")).unwrap();
    let mut loader = RuleLoader::default();
    assert_eq!(loader.load_path(&d.join("top.toml"), None).len(), 1);
    assert!(loader.errors.is_empty(), "{:?}", loader.errors);
}

#[test]
fn a_long_include_chain_is_an_error_not_a_stack_overflow() {
    // 3,000 files each including the next overflowed the stack (an abort).
    let dir = tempfile::tempdir().unwrap();
    let n = 3000;
    for i in 0..n {
        let body = if i + 1 < n { format!("include = ['r{}.toml']\n", i + 1) } else { String::new() };
        std::fs::write(dir.path().join(format!("r{i}.toml")), body).unwrap();
    }
    std::fs::write(dir.path().join("cuadra.toml"), "rule-files = ['r0.toml']\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "Hola XX").unwrap();
    let out = cuadra(dir.path(), &["check", "a.md"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("includes nested more than {MAX_INCLUDE_DEPTH} files deep")), "{stderr}");
    assert!(stderr.contains(&format!("r{}.toml:1:12", MAX_INCLUDE_DEPTH - 1)), "{stderr}");
}

#[test]
fn includes_and_rule_files_that_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("carpeta")).unwrap();
    std::fs::write(d.join("roto.toml"), b"[[rule]]\nid = \"placeholder.\xff\"\n").unwrap();
    let mut cases = vec![
        ("['carpeta']", "cannot read"),
        ("['no-existe.toml']", "cannot read included file"),
        ("['roto.toml']", "is not valid UTF-8 (at byte 27)"),
    ];
    if Path::new("/dev/zero").exists() {
        // A device reports no length and never ends: read up to the limit, then refused.
        cases.push(("['/dev/zero']", "/dev/zero is over 4194304 bytes"));
    }
    for (include, expected) in cases {
        std::fs::write(d.join("r.toml"), format!("include = {include}\n")).unwrap();
        let errors = load_path(&d.join("r.toml"));
        assert_eq!(errors.len(), 1, "{include}: {errors:?}");
        assert!(errors[0].0.contains(expected), "{include}: {errors:?}");
        assert_eq!(errors[0].1, include.trim_matches(['[', ']']), "{include}");
    }
    // `--config` and `rule-files` naming a device: exit 2, promptly.
    if Path::new("/dev/zero").exists() {
        let started = Instant::now();
        let out = cuadra(d, &["check", "--config", "/dev/zero", "."]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("/dev/zero is over 4194304 bytes"), "{}", text(&out.stderr));
        std::fs::write(d.join("cuadra.toml"), "rule-files = ['/dev/zero']\n").unwrap();
        let out = cuadra(d, &["check", "."]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("cuadra.toml:1:15"), "{}", text(&out.stderr));
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
