//! A run: find the files, check each one in parallel, collect sorted results.
//!
//! Data flows one way: paths → files → [`Document`] → rules → findings → reporters.
//! Each file is read once and parsed once; every rule reads the same document. Results are
//! sorted by path (and findings by position) whatever order the threads finish in.

use crate::config::Config;
use crate::diagnostic::Finding;
use crate::document::{Document, Format, LineIndex};
use crate::error::TomlError;
use crate::facts::Facts;
use crate::input::{self, Input};
use crate::lang::Language;
use crate::ledger::Entry;
use crate::rules::{Context, Output};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The findings of one checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given or walked (`-` for standard input).
    pub path: PathBuf,
    /// The text checked (empty when a lean run dropped the text of a clean file: see
    /// [`RunOptions::lean`]).
    pub source: Arc<str>,
    /// The length of the text checked, in bytes.
    pub length: usize,
    /// Its line index.
    pub lines: LineIndex,
    /// Its language.
    pub language: Language,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// Arithmetic statements checked, sorted by position.
    pub ledger: Vec<Entry>,
    /// Links: target as written and where (for the online checker).
    pub links: Vec<(String, crate::span::Span)>,
    /// Notes about how the file was read.
    pub notes: Vec<String>,
}

impl FileReport {
    /// The path for display (forward slashes, as written).
    #[must_use]
    pub fn display_path(&self) -> String {
        display(&self.path)
    }

    /// 1-based line and column of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.source, offset)
    }
}

/// A path that was not checked.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The path.
    pub path: String,
    /// Why.
    pub reason: String,
    /// Whether it is an error (unreadable) rather than a note (binary, too large).
    pub error: bool,
    /// What to do.
    pub help: Option<String>,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct RunResult {
    /// Checked files, sorted by path.
    pub files: Vec<FileReport>,
    /// Paths not checked, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Warnings about the run itself (an unreadable link cache).
    pub warnings: Vec<String>,
    /// `fail-on` of the configuration that governs the first path (or `--config`).
    pub fail_on: Option<crate::diagnostic::Severity>,
    /// The rules enabled in the configurations this run used, sorted by id then language:
    /// what machine formats (SARIF) describe, whether or not a rule reported.
    pub rules: Vec<crate::rules::RuleMeta>,
}

impl RunResult {
    /// All findings with their files, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.files.iter().flat_map(|f| f.findings.iter().map(move |x| (f, x)))
    }

    /// Whether any input could not be read.
    #[must_use]
    pub fn had_input_errors(&self) -> bool {
        self.skipped.iter().any(|s| s.error)
    }
}

/// How a run is set up, beyond each file's configuration.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `--config`: one configuration for every path.
    pub config: Option<PathBuf>,
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// Name shown for standard input, and its format.
    pub stdin_name: Option<PathBuf>,
    /// `--online` (`Some(true)`) or `--offline` (`Some(false)`); `None` follows the configuration.
    pub online: Option<bool>,
    /// How the online pass runs.
    pub online_options: crate::linkcheck::OnlineOptions,
    /// Told of each file checked, from the worker threads.
    pub progress: Option<Progress>,
    /// Drop the text (and line index) of each file without findings once it is checked, so
    /// that a run over an archive holds only the files it will show. The editorial report,
    /// which shows every bulletin, leaves this off; so does a run with an online pass still
    /// to come (it may add findings to any file).
    pub lean: bool,
}

/// A callback told `(files done, files total)` each time a file has been checked. It is
/// called from worker threads, so it must be cheap and thread-safe.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// Configurations by file: `--config`, or the nearest `cuadra.toml` of each path.
pub struct Configs {
    fixed: Option<Arc<Config>>,
    by_file: HashMap<PathBuf, Arc<Config>>,
    /// The nearest `cuadra.toml` of each directory a walk has met: looking it up again for
    /// every file cost six system calls a file (a third of a 10,000-file run's walk).
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    default: Arc<Config>,
    options: RunOptions,
}

impl Configs {
    /// Load `--config` if given.
    ///
    /// # Errors
    /// Problems in the configuration or its rule files.
    pub fn new(options: &RunOptions) -> Result<Self, Vec<TomlError>> {
        let fixed = match &options.config {
            Some(p) => Some(Arc::new(filtered(Config::load(p)?, options))),
            None => None,
        };
        Ok(Self {
            fixed,
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
            default: Arc::new(filtered(Config::builtin(), options)),
            options: options.clone(),
        })
    }

    /// The configuration for `path`.
    ///
    /// # Errors
    /// Problems in the discovered configuration.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<Config>, Vec<TomlError>> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let probe = if path == Path::new("-") { Path::new(".") } else { path };
        self.for_discovered(Config::discover(probe))
    }

    /// The configuration of a file found by a directory walk (so known to be a file).
    fn for_walked_file(&mut self, path: &Path) -> Result<Arc<Config>, Vec<TomlError>> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let Some(dir) = path.parent() else { return self.for_path(path) };
        let found = match self.by_dir.get(dir) {
            Some(found) => found.clone(),
            None => {
                let found = Config::discover(dir);
                self.by_dir.insert(dir.to_path_buf(), found.clone());
                found
            }
        };
        self.for_discovered(found)
    }

    fn for_discovered(&mut self, file: Option<PathBuf>) -> Result<Arc<Config>, Vec<TomlError>> {
        let Some(file) = file else {
            return Ok(self.default.clone());
        };
        if let Some(c) = self.by_file.get(&file) {
            return Ok(c.clone());
        }
        let c = Arc::new(filtered(Config::load(&file)?, &self.options));
        self.by_file.insert(file, c.clone());
        Ok(c)
    }
}

fn filtered(mut c: Config, o: &RunOptions) -> Config {
    c.filter(&o.select, &o.ignore);
    c
}

/// A file to check and the configuration it is checked with.
struct Job {
    path: PathBuf,
    config: Arc<Config>,
}

/// Check `paths`.
///
/// # Errors
/// Problems in a configuration file (nothing is checked then).
pub fn run(paths: &[PathBuf], options: &RunOptions) -> Result<RunResult, Vec<TomlError>> {
    let mut configs = Configs::new(options)?;
    let fail_on = match paths.first() {
        Some(p) => configs.for_path(p)?.fail_on,
        None => None,
    };
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    let mut roots = Vec::new();
    for path in paths {
        let config = configs.for_path(path)?;
        roots.push(config.clone());
        if path == Path::new("-") {
            jobs.push(Job { path: path.clone(), config });
            continue;
        }
        match std::fs::metadata(path) {
            Err(_) if path.symlink_metadata().is_ok() => skipped.push(Skipped {
                path: display(path),
                reason: "broken symbolic link".into(),
                error: true,
                help: None,
            }),
            Err(_) => skipped.push(Skipped {
                path: display(path),
                reason: "no such file or directory".into(),
                error: true,
                help: None,
            }),
            Ok(m) if m.is_dir() => walk(path, &mut configs, &mut jobs, &mut skipped)?,
            Ok(_) => jobs.push(Job { path: path.clone(), config }),
        }
    }
    // The same file named twice (or reached twice) is checked once.
    jobs.sort_by(|a, b| a.path.cmp(&b.path));
    jobs.dedup_by(|a, b| a.path == b.path);

    let stdin_name = options.stdin_name.clone();
    let (total, done) = (jobs.len(), std::sync::atomic::AtomicUsize::new(0));
    let check_job = |job: &Job| {
        let mut checked = check_file(&job.path, &job.config, stdin_name.as_deref());
        if options.lean
            && !options.online.unwrap_or(job.config.online)
            && let Ok(report) = &mut checked
            && report.findings.is_empty()
            && report.ledger.is_empty()
        {
            report.source = Arc::from("");
            report.lines = LineIndex::new("");
        }
        let checked = checked.map(|r| (r, job.config.clone()));
        if let Some(Progress(tell)) = &options.progress {
            tell(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
        }
        checked
    };
    // One file (the pre-commit case) needs no thread pool, whose start-up it would pay for.
    let outcomes: Vec<Result<(FileReport, Arc<Config>), Skipped>> =
        if jobs.len() > 1 { jobs.par_iter().map(check_job).collect() } else { jobs.iter().map(check_job).collect() };
    let rules = rules_in_force(jobs.iter().map(|j| &j.config).chain(&roots));
    let mut result = RunResult { files: Vec::new(), skipped, warnings: Vec::new(), fail_on, rules };
    let mut checked = Vec::new();
    for o in outcomes {
        match o {
            Ok(f) => checked.push(f),
            Err(s) => result.skipped.push(s),
        }
    }
    if options.online.is_some() || checked.iter().any(|(_, c)| c.online) {
        if let Some(force) = options.online {
            for (_, c) in &mut checked {
                if c.online != force {
                    let mut changed = (**c).clone();
                    changed.online = force;
                    *c = Arc::new(changed);
                }
            }
        }
        result.warnings = crate::linkcheck::check(&mut checked, &options.online_options);
    }
    result.files = checked.into_iter().map(|(f, _)| f).collect();
    result.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(result)
}

/// The enabled rules of `configs` (each configuration counted once), by id then language.
fn rules_in_force<'a>(configs: impl Iterator<Item = &'a Arc<Config>>) -> Vec<crate::rules::RuleMeta> {
    let mut seen: Vec<&Arc<Config>> = Vec::new();
    let mut rules: Vec<crate::rules::RuleMeta> = Vec::new();
    for c in configs {
        if seen.iter().any(|s| Arc::ptr_eq(s, c)) {
            continue;
        }
        seen.push(c);
        rules.extend(c.rules.iter().filter(|r| r.meta.enabled).map(|r| r.meta.clone()));
    }
    let key = |m: &crate::rules::RuleMeta| (m.id.clone(), m.language.map(crate::lang::Language::code));
    rules.sort_by_key(key);
    rules.dedup_by(|a, b| key(a) == key(b));
    rules
}

fn walk(
    dir: &Path,
    configs: &mut Configs,
    jobs: &mut Vec<Job>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Vec<TomlError>> {
    let root_config = configs.for_path(dir)?;
    let mut builder = ignore::WalkBuilder::new(dir);
    // Symbolic links are not followed: a link loop cannot hang the walk, and a draft
    // repository cannot point the linter outside itself.
    builder.follow_links(false).require_git(false);
    if let Some(ex) = &root_config.exclude {
        builder.overrides(ex.clone());
    }
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                skipped.push(Skipped { path: display(dir), reason: e.to_string(), error: true, help: None });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        let config = configs.for_walked_file(&path)?;
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !ext.is_some_and(|e| config.extensions.iter().any(|x| x.eq_ignore_ascii_case(&e))) {
            continue;
        }
        if let Some(ex) = &config.exclude
            && ex.matched(&path, false).is_ignore()
        {
            continue;
        }
        jobs.push(Job { path, config });
    }
    Ok(())
}

/// Check one file.
fn check_file(path: &Path, config: &Config, stdin_name: Option<&Path>) -> Result<FileReport, Skipped> {
    let shown = if path == Path::new("-") { stdin_name.unwrap_or(Path::new("-")) } else { path };
    let (source, note) = match input::read(path, config.max_file_size) {
        Input::Text(t, note) => (t, note),
        Input::Skipped(reason) => {
            return Err(Skipped { path: display(shown), reason, error: false, help: None });
        }
        Input::Failed(reason, help) => {
            return Err(Skipped { path: display(shown), reason, error: true, help });
        }
    };
    let mut notes: Vec<String> = note.into_iter().collect();
    // A byte-order mark alone is not text either (`trim` keeps U+FEFF).
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        notes.push("empty file: nothing to check".into());
    }
    let shown = shown.to_path_buf();
    // A bug in one rule must not take the other files down with it.
    let checked =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_source(&shown, source.clone(), config)));
    match checked {
        Ok(mut report) => {
            report.notes.extend(notes);
            Ok(report)
        }
        Err(_) => Err(Skipped {
            path: display(&shown),
            reason: "internal error while checking this file (a bug in cuadra: please report it with the file)".into(),
            error: true,
            help: None,
        }),
    }
}

/// Check a text as if it were the file `path`.
#[must_use]
pub fn check_source(path: &Path, source: Arc<str>, config: &Config) -> FileReport {
    let doc = Document::parse(path, source, Format::from_path(path));
    let language = config.language.unwrap_or_else(|| Language::detect(&doc.source));
    let out = check_document(&doc, language, config);
    FileReport {
        path: doc.path.clone(),
        source: doc.source.clone(),
        length: doc.source.len(),
        lines: doc.lines.clone(),
        language,
        findings: out.findings,
        ledger: out.ledger,
        links: doc.links.iter().map(|l| (l.target.clone(), l.target_span)).collect(),
        notes: Vec::new(),
    }
}

/// Run every enabled rule of `config` on `doc`.
#[must_use]
pub fn check_document(doc: &Document, language: Language, config: &Config) -> Output {
    let facts = Facts::new(doc, language, &config.link_policy);
    let cx = Context { doc, language, facts: &facts };
    let rules: Vec<&crate::rules::Rule> = config.rules.iter().filter(|r| r.meta.enabled).collect();
    let run = |rule: &&crate::rules::Rule| {
        let mut out = Output::default();
        rule.run(&cx, &mut out);
        out
    };
    let outputs: Vec<Output> = if doc.is_large() {
        // One large file would otherwise keep one core busy and leave the rest idle.
        facts.read_all();
        rules.par_iter().map(run).collect()
    } else {
        rules.iter().map(run).collect()
    };
    let mut out = Output::default();
    for o in outputs {
        out.findings.extend(o.findings);
        out.ledger.extend(o.ledger);
    }
    crate::suppress::apply(doc, &mut out.findings);
    sort_findings(&mut out.findings);
    out.ledger.sort_by_key(|e| (e.span.start, e.span.end));
    out.ledger.dedup();
    out
}

/// Sort findings by position (then rule) and drop exact repeats.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
    findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
}

/// A path for display, with forward slashes.
#[must_use]
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if cfg!(windows) { s.replace('\\', "/") } else { s.to_string() }
}
