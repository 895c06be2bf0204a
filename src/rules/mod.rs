//! Rules: loading rule files, compiling them, and running them on a document.
//!
//! Loading is a separate, fail-fast phase: every problem in every rule file is collected
//! and reported together (with spans into the TOML), and nothing is checked until the rules
//! are sound. A compiled [`Rule`] is its metadata plus a [`Check`], one variant per rule kind;
//! each kind lives in its own module with its documentation, parameters and tests.

mod arithmetic;
mod date;
mod link;
mod pattern;
mod repetition;
pub mod selftest;
pub mod spec;
pub mod template;

pub use arithmetic::{
    Phrases, breakdown::BreakdownRule, change::ChangeRule, ordinal::OrdinalRule, partition::PartitionRule,
    ratio::RatioRule, restated::RestatedRule,
};
pub use link::{LinkCheck, LinkRule};
pub use pattern::PatternRule;
pub use repetition::RepetitionRule;
pub use spec::{Examples, RuleFile, RuleSpec};
pub use template::Template;

use crate::diagnostic::{Finding, Label, Severity};
use crate::document::{BlockKind, Document};
use crate::error::{SpannedProblem, TomlError};
use crate::lang::Language;
use crate::span::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The rule families: the part of a rule id before the dot. A public contract.
pub const FAMILIES: &[&str] = &["placeholder", "repetition", "arithmetic", "link", "date"];

/// The rule files shipped in the binary.
pub const BUILTIN_RULE_FILES: &[(&str, &str)] = &[
    ("rules/es/placeholder.toml", include_str!("../../rules/es/placeholder.toml")),
    ("rules/es/repetition.toml", include_str!("../../rules/es/repetition.toml")),
    ("rules/en/placeholder.toml", include_str!("../../rules/en/placeholder.toml")),
    ("rules/en/repetition.toml", include_str!("../../rules/en/repetition.toml")),
    ("rules/es/arithmetic.toml", include_str!("../../rules/es/arithmetic.toml")),
    ("rules/en/arithmetic.toml", include_str!("../../rules/en/arithmetic.toml")),
    ("rules/es/link.toml", include_str!("../../rules/es/link.toml")),
    ("rules/en/link.toml", include_str!("../../rules/en/link.toml")),
    ("rules/es/date.toml", include_str!("../../rules/es/date.toml")),
    ("rules/en/date.toml", include_str!("../../rules/en/date.toml")),
];

/// Which blocks a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    headings: bool,
    paragraphs: bool,
    list_items: bool,
    table_cells: bool,
    block_quotes: bool,
}

impl Scope {
    /// Everything but headings.
    pub const PROSE: Scope =
        Scope { headings: false, paragraphs: true, list_items: true, table_cells: true, block_quotes: true };
    /// Every block.
    pub const ALL: Scope =
        Scope { headings: true, paragraphs: true, list_items: true, table_cells: true, block_quotes: true };

    /// Whether the rule reads blocks of `kind`.
    #[must_use]
    pub fn includes(self, kind: BlockKind) -> bool {
        match kind {
            BlockKind::Heading(_) => self.headings,
            BlockKind::Paragraph => self.paragraphs,
            BlockKind::ListItem => self.list_items,
            BlockKind::TableCell => self.table_cells,
            BlockKind::BlockQuote => self.block_quotes,
        }
    }

    fn parse(names: &[String]) -> Result<Self, String> {
        let mut s =
            Scope { headings: false, paragraphs: false, list_items: false, table_cells: false, block_quotes: false };
        for n in names {
            match n.as_str() {
                "all" => s = Scope::ALL,
                "prose" => {
                    let h = s.headings;
                    s = Scope::PROSE;
                    s.headings = h;
                }
                "headings" | "heading" => s.headings = true,
                "paragraph" | "paragraphs" => s.paragraphs = true,
                "list-item" | "list-items" => s.list_items = true,
                "table-cell" | "table-cells" => s.table_cells = true,
                "block-quote" | "block-quotes" => s.block_quotes = true,
                other => {
                    return Err(format!(
                        "unknown scope `{other}` (expected all, prose, headings, paragraph, list-item, table-cell, block-quote)"
                    ));
                }
            }
        }
        Ok(s)
    }
}

/// Everything about a rule except how it checks.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family.name`.
    pub id: Arc<str>,
    /// The rule kind (`pattern`, `repetition`, …).
    pub kind: &'static str,
    /// Severity in force.
    pub severity: Severity,
    /// Severity the rule file gives.
    pub default_severity: Severity,
    /// Whether it runs.
    pub enabled: bool,
    /// Language it is written for.
    pub language: Option<Language>,
    /// Blocks it reads.
    pub scope: Scope,
    /// The message template.
    pub message: Template,
    /// The help template.
    pub help: Option<Template>,
    /// The label template.
    pub label: Option<Template>,
    /// What it does and why.
    pub description: String,
    /// Self-tests.
    pub examples: Examples,
    /// The rule file it came from.
    pub origin: String,
    /// Its `[[rule]]` table as written.
    pub definition: String,
}

impl RuleMeta {
    /// The rule's family.
    #[must_use]
    pub fn family(&self) -> &str {
        self.id.split('.').next().unwrap_or(&self.id)
    }

    /// Whether `selector` (an id or a family) names this rule.
    #[must_use]
    pub fn matches(&self, selector: &str) -> bool {
        *self.id == *selector || self.family() == selector
    }

    /// A finding at `span`, with templates filled by `vars`.
    #[must_use]
    pub fn finding(&self, span: Span, vars: &dyn Fn(&str) -> String) -> Finding {
        Finding {
            rule: self.id.clone(),
            severity: self.severity,
            message: self.message.render(vars),
            help: self.help.as_ref().map(|h| h.render(vars)),
            span,
            label: self.label.as_ref().map(|l| l.render(vars)),
            labels: Vec::new(),
            fix: None,
        }
    }
}

/// What a rule reads besides the document.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its language.
    pub language: Language,
    /// Facts read from the document once, shared by every rule.
    pub facts: &'a crate::facts::Facts<'a>,
}

/// What rules produce for one document.
#[derive(Debug, Default)]
pub struct Output {
    /// Findings.
    pub findings: Vec<Finding>,
    /// Every arithmetic statement checked, right or wrong.
    pub ledger: Vec<crate::ledger::Entry>,
}

/// How a rule checks: one variant per rule kind.
#[derive(Debug, Clone)]
pub enum Check {
    /// Regular expressions.
    Pattern(PatternRule),
    /// Repeated words, phrases and paragraphs.
    Repetition(RepetitionRule),
    /// Parts and their total in one sentence.
    Breakdown(BreakdownRule),
    /// A later sentence splitting an earlier total.
    Partition(PartitionRule),
    /// A percentage and the figures it comes from.
    Ratio(RatioRule),
    /// A percentage change and the figures it goes between.
    Change(ChangeRule),
    /// One figure stated twice with two values.
    Restated(RestatedRule),
    /// One event numbered two ways.
    Ordinal(OrdinalRule),
    /// Links.
    Link(LinkRule),
    /// Dates.
    Date(date::DateRule),
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Metadata.
    pub meta: RuleMeta,
    /// The check.
    pub check: Check,
}

impl Rule {
    /// Run on one document.
    pub fn run(&self, cx: &Context<'_>, out: &mut Output) {
        if let Some(lang) = self.meta.language
            && lang != cx.language
        {
            return;
        }
        match &self.check {
            Check::Pattern(r) => r.check(&self.meta, cx, &mut out.findings),
            Check::Repetition(r) => r.check(&self.meta, cx, &mut out.findings),
            Check::Breakdown(r) => r.check(&self.meta, cx, out),
            Check::Partition(r) => r.check(&self.meta, cx, out),
            Check::Ratio(r) => r.check(&self.meta, cx, out),
            Check::Change(r) => r.check(&self.meta, cx, out),
            Check::Restated(r) => r.check(&self.meta, cx, out),
            Check::Ordinal(r) => r.check(&self.meta, cx, out),
            Check::Link(r) => r.check(&self.meta, cx, &mut out.findings),
            Check::Date(r) => r.check(&self.meta, cx, &mut out.findings),
        }
    }
}

/// A rule kind: the keys it reads, the variables its messages may use, and its compiler.
struct KindDef {
    name: &'static str,
    fields: &'static [&'static str],
    vars: &'static [&'static str],
    compile: fn(&RuleSpec, &mut Vec<SpannedProblem>) -> Option<Check>,
}

const KINDS: &[KindDef] = &[
    KindDef { name: "pattern", fields: pattern::FIELDS, vars: pattern::VARS, compile: pattern::compile },
    KindDef { name: "repetition", fields: repetition::FIELDS, vars: repetition::VARS, compile: repetition::compile },
    KindDef {
        name: "breakdown",
        fields: arithmetic::breakdown::FIELDS,
        vars: arithmetic::breakdown::VARS,
        compile: arithmetic::breakdown::compile,
    },
    KindDef {
        name: "partition",
        fields: arithmetic::partition::FIELDS,
        vars: arithmetic::partition::VARS,
        compile: arithmetic::partition::compile,
    },
    KindDef {
        name: "ratio",
        fields: arithmetic::ratio::FIELDS,
        vars: arithmetic::ratio::VARS,
        compile: arithmetic::ratio::compile,
    },
    KindDef {
        name: "change",
        fields: arithmetic::change::FIELDS,
        vars: arithmetic::change::VARS,
        compile: arithmetic::change::compile,
    },
    KindDef {
        name: "restated",
        fields: arithmetic::restated::FIELDS,
        vars: arithmetic::restated::VARS,
        compile: arithmetic::restated::compile,
    },
    KindDef {
        name: "ordinal",
        fields: arithmetic::ordinal::FIELDS,
        vars: arithmetic::ordinal::VARS,
        compile: arithmetic::ordinal::compile,
    },
    KindDef { name: "link", fields: link::FIELDS, vars: link::VARS, compile: link::compile },
    KindDef { name: "date", fields: date::FIELDS, vars: date::VARS, compile: date::compile },
];

/// The text of a rule file and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Name shown in errors (a path, or `rules/es/…` for built-in files).
    pub name: String,
    /// The TOML text.
    pub text: Arc<str>,
    /// On-disk path, for resolving `include`.
    pub path: Option<PathBuf>,
}

/// Compiles rule files, following includes and collecting every problem.
#[derive(Default)]
pub struct RuleLoader {
    /// Problems found so far.
    pub errors: Vec<TomlError>,
    stack: Vec<PathBuf>,
    loaded: Vec<PathBuf>,
}

impl RuleLoader {
    /// Compile a rule file (and, first, the files it includes).
    pub fn load(&mut self, source: &RuleSource) -> Vec<Rule> {
        let mut problems = Vec::new();
        let file: RuleFile = match toml::from_str(&source.text) {
            Ok(f) => f,
            Err(e) => {
                self.errors.push(SpannedProblem::from_toml(&e).into_error(&source.name, &source.text));
                return Vec::new();
            }
        };
        let mut rules = Vec::new();
        for inc in &file.include {
            match self.include(source, inc) {
                Ok(mut included) => rules.append(&mut included),
                Err(p) => problems.push(p),
            }
        }
        let file_language = file.language.as_ref().and_then(|l| language(l, &mut problems));
        let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        for spanned in &file.rules {
            let spec = spanned.get_ref();
            let id = spec.id.get_ref();
            if let Some(first) = seen.get(id) {
                problems.push(
                    SpannedProblem::new(format!("duplicate rule id `{id}`"), spec.id.span())
                        .label("defined again here")
                        .help(format!("the first definition is at byte {}; ids must be unique in a file", first.start)),
                );
                continue;
            }
            seen.insert(id.clone(), spec.id.span());
            let definition = source.text.get(spanned.span()).unwrap_or("").to_string();
            if let Some(rule) = compile_rule(spec, file_language, &source.name, definition, &mut problems) {
                rules.push(rule);
            }
        }
        self.errors.extend(problems.into_iter().map(|p| p.into_error(&source.name, &source.text)));
        rules
    }

    fn include(&mut self, from: &RuleSource, inc: &toml::Spanned<String>) -> Result<Vec<Rule>, SpannedProblem> {
        let Some(base) = from.path.as_deref().and_then(Path::parent) else {
            return Err(SpannedProblem::new("`include` works only in rule files on disk", inc.span()));
        };
        let path = base.join(inc.get_ref());
        let canonical = path.canonicalize().map_err(|e| {
            SpannedProblem::new(format!("cannot read included file {}: {e}", path.display()), inc.span())
        })?;
        if self.stack.contains(&canonical) {
            return Err(SpannedProblem::new(
                format!("include cycle: {} is already being loaded", path.display()),
                inc.span(),
            )
            .label("includes a file that includes this one"));
        }
        if self.loaded.contains(&canonical) {
            return Ok(Vec::new());
        }
        // Each level of includes is a level of recursion: a chain of 3,000 files
        // overflowed the stack (an abort, not an error).
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(SpannedProblem::new(
                format!("includes nested more than {MAX_INCLUDE_DEPTH} files deep"),
                inc.span(),
            )
            .label("one include too many")
            .help("include the files from one rule file instead of in a chain"));
        }
        let text = read_toml(&path).map_err(|e| SpannedProblem::new(e, inc.span()))?;
        self.stack.push(canonical.clone());
        let rules = self.load(&RuleSource { name: path.display().to_string(), text, path: Some(path) });
        self.stack.pop();
        self.loaded.push(canonical);
        Ok(rules)
    }

    /// Load a rule file from disk.
    pub fn load_path(
        &mut self,
        path: &Path,
        span_in_config: Option<(&str, &Arc<str>, std::ops::Range<usize>)>,
    ) -> Vec<Rule> {
        match read_toml(path) {
            Ok(text) => {
                if let Ok(c) = path.canonicalize() {
                    self.stack.push(c.clone());
                    let rules =
                        self.load(&RuleSource { name: path.display().to_string(), text, path: Some(path.into()) });
                    self.stack.pop();
                    self.loaded.push(c);
                    rules
                } else {
                    self.load(&RuleSource { name: path.display().to_string(), text, path: Some(path.into()) })
                }
            }
            Err(e) => {
                let p = match &span_in_config {
                    Some((_, _, span)) => SpannedProblem::new(e, span.clone()),
                    None => SpannedProblem { message: e, span: None, label: String::new(), help: None },
                };
                match span_in_config {
                    Some((name, text, _)) => self.errors.push(p.into_error(name, text)),
                    None => self.errors.push(p.into_error(&path.display().to_string(), &Arc::from(""))),
                }
                Vec::new()
            }
        }
    }
}

/// Largest rule or configuration file read: TOML this big is a mistake or an attack.
const MAX_TOML_BYTES: u64 = 4 << 20;

/// Deepest chain of rule files including each other.
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// Read a TOML file as UTF-8, refusing huge files.
///
/// # Errors
/// A message naming the file.
pub fn read_toml(path: &Path) -> Result<Arc<str>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.len() > MAX_TOML_BYTES {
        return Err(format!(
            "{} is {} bytes; rule and configuration files are limited to {MAX_TOML_BYTES}",
            path.display(),
            meta.len()
        ));
    }
    // Read at most one byte past the limit: `/dev/zero` or a pipe reports no useful length,
    // and `include = ['/dev/zero']` used to read until memory ran out.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_TOML_BYTES + 1), &mut bytes))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_TOML_BYTES {
        return Err(format!(
            "{} is over {MAX_TOML_BYTES} bytes; rule and configuration files are limited to that",
            path.display()
        ));
    }
    String::from_utf8(bytes)
        .map(Arc::from)
        .map_err(|e| format!("{} is not valid UTF-8 (at byte {})", path.display(), e.utf8_error().valid_up_to()))
}

fn compile_rule(
    spec: &RuleSpec,
    file_language: Option<Language>,
    origin: &str,
    definition: String,
    problems: &mut Vec<SpannedProblem>,
) -> Option<Rule> {
    let before = problems.len();
    let id = spec.id.get_ref();
    match id.split_once('.') {
        Some((family, name)) if FAMILIES.contains(&family) && valid_name(name) => {}
        Some((family, _)) if !FAMILIES.contains(&family) => problems.push(
            SpannedProblem::new(format!("unknown rule family `{family}`"), spec.id.span())
                .help(format!("rule ids are `family.name`; families: {}", FAMILIES.join(", "))),
        ),
        _ => problems.push(
            SpannedProblem::new(format!("invalid rule id `{id}`"), spec.id.span())
                .help("rule ids are `family.name`, lower-case words joined by `-`, e.g. `placeholder.underscores`"),
        ),
    }
    let Some(kind) = KINDS.iter().find(|k| k.name == spec.kind.get_ref()) else {
        let names: Vec<_> = KINDS.iter().map(|k| k.name).collect();
        problems.push(
            SpannedProblem::new(format!("unknown rule kind `{}`", spec.kind.get_ref()), spec.kind.span())
                .help(format!("known kinds: {}", names.join(", "))),
        );
        return None;
    };
    for (key, span) in spec.params_present() {
        if !kind.fields.contains(&key) {
            problems.push(
                SpannedProblem::new(format!("key `{key}` does not apply to rule kind `{}`", kind.name), span).help(
                    if kind.fields.is_empty() {
                        format!("kind `{}` takes only the common keys", kind.name)
                    } else {
                        format!("kind `{}` takes: {}", kind.name, kind.fields.join(", "))
                    },
                ),
            );
        }
    }
    let template = |t: &Option<toml::Spanned<String>>, problems: &mut Vec<SpannedProblem>| -> Option<Template> {
        let t = t.as_ref()?;
        match Template::parse(t.get_ref(), kind.vars) {
            Ok(tpl) => Some(tpl),
            Err((msg, r)) => {
                // `r` is in the string's value; the span starts at the opening quote.
                let base = t.span().start + 1;
                let span = (base + r.start).min(t.span().end)..(base + r.end).min(t.span().end);
                problems.push(SpannedProblem::new(msg, span));
                None
            }
        }
    };
    let message = match &spec.message {
        Some(_) => template(&spec.message, problems),
        None => {
            problems.push(
                SpannedProblem::new(format!("rule `{id}` has no `message`"), spec.id.span())
                    .help("every rule needs a message: one line saying what is wrong"),
            );
            None
        }
    };
    let help = template(&spec.help, problems);
    let label = template(&spec.label, problems);
    let language = match &spec.language {
        Some(l) => language(l, problems),
        None => file_language,
    };
    let scope = match &spec.scope {
        Some(s) => match Scope::parse(s.get_ref()) {
            Ok(scope) => scope,
            Err(msg) => {
                problems.push(SpannedProblem::new(msg, s.span()));
                Scope::PROSE
            }
        },
        None => Scope::PROSE,
    };
    let check = (kind.compile)(spec, problems);
    if problems.len() > before {
        return None;
    }
    let severity = spec.severity.as_ref().map_or(Severity::Warning, |s| *s.get_ref());
    Some(Rule {
        meta: RuleMeta {
            id: Arc::from(id.as_str()),
            kind: kind.name,
            severity,
            default_severity: severity,
            enabled: spec.enabled.unwrap_or(true),
            language,
            scope,
            message: message?,
            help,
            label,
            description: spec.description.clone().unwrap_or_default().trim().to_string(),
            examples: spec.examples.as_ref().map(|e| e.get_ref().clone()).unwrap_or_default(),
            origin: origin.to_string(),
            definition,
        },
        check: check?,
    })
}

/// A `language` key's value, or a problem pointing at it.
fn language(value: &toml::Spanned<String>, problems: &mut Vec<SpannedProblem>) -> Option<Language> {
    let lang = Language::from_code(value.get_ref());
    if lang.is_none() {
        problems.push(
            SpannedProblem::new(format!("unknown language `{}`", value.get_ref()), value.span())
                .help("use `es` or `en`"),
        );
    }
    lang
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// Limits on a compiled rule regex, so that a hostile pattern cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_LIMIT: usize = 4 << 20;

thread_local! {
    /// Whether regexes are compiled while rule files load (user files: every error is
    /// reported up front) or on first use (the built-in files, which the test suite
    /// compiles: start-up then costs nothing for rules a document never runs).
    static EAGER: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether rule regexes are being compiled as they load (see `EAGER`).
pub(crate) fn loading_eagerly() -> bool {
    EAGER.with(std::cell::Cell::get)
}

/// A rule regex, compiled when first needed.
///
/// "Needed" is as late as possible: when the pattern can only match text that starts with
/// one of a few literals (`[`, `{{`, `XX`), the regex is not compiled until a block holds
/// one of them. A bulletin without brackets never pays for `\[[\p{Lu}]…\]`, whose
/// Unicode classes take longer to compile than the bulletin takes to check.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: Arc<str>,
    ignore_case: bool,
    /// Literals every match starts with (`None`: unknown, or too many to look for).
    prefixes: Option<Arc<[memchr::memmem::Finder<'static>]>>,
    /// Blocks looked at through the gate.
    gated: Arc<std::sync::atomic::AtomicUsize>,
    compiled: Arc<std::sync::OnceLock<Option<regex::Regex>>>,
}

impl LazyRegex {
    fn build(&self) -> Result<regex::Regex, regex::Error> {
        regex::RegexBuilder::new(&self.pattern)
            .case_insensitive(self.ignore_case)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_LIMIT)
            .build()
    }

    /// The compiled regex (`None` only if a pattern that passed loading fails to build,
    /// which the loader's checks rule out).
    pub fn get(&self) -> Option<&regex::Regex> {
        self.compiled.get_or_init(|| self.build().ok()).as_ref()
    }

    /// The compiled regex if it may match in `text`: `None` when it cannot (no literal a
    /// match starts with occurs in `text`), without compiling it for that.
    pub fn for_text(&self, text: &str) -> Option<&regex::Regex> {
        if let Some(re) = self.compiled.get() {
            return re.as_ref();
        }
        // The gate pays off while few blocks have been seen (one bulletin); on a long run
        // the regex's own prefilter does the same work in one pass, so compile it.
        if let Some(prefixes) = &self.prefixes
            && self.gated.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < GATED_BLOCKS
            && !prefixes.iter().any(|p| p.find(text.as_bytes()).is_some())
        {
            return None;
        }
        self.get()
    }
}

/// Blocks a gated regex looks at before it is compiled anyway.
const GATED_BLOCKS: usize = 512;

/// The literals every match of `hir` starts with, when there are few enough to look for.
fn required_prefixes(hir: &regex_syntax::hir::Hir) -> Option<Arc<[memchr::memmem::Finder<'static>]>> {
    let seq = regex_syntax::hir::literal::Extractor::new().extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.len() > 4 || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| memchr::memmem::Finder::new(l.as_bytes()).into_owned()).collect())
}

/// Check (and, for user rule files, compile) one regular expression from a rule file.
pub(crate) fn compile_regex(
    pattern: &toml::Spanned<String>,
    ignore_case: bool,
    problems: &mut Vec<SpannedProblem>,
) -> Option<LazyRegex> {
    let mut lazy = LazyRegex {
        pattern: Arc::from(pattern.get_ref().as_str()),
        ignore_case,
        prefixes: None,
        gated: Arc::default(),
        compiled: Arc::new(std::sync::OnceLock::new()),
    };
    let checked = if EAGER.with(std::cell::Cell::get) {
        lazy.build().map(|re| {
            let _ = lazy.compiled.set(Some(re));
        })
    } else {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(ignore_case)
            .build()
            .parse(pattern.get_ref())
            .map(|hir| lazy.prefixes = required_prefixes(&hir))
            .map_err(|e| regex::Error::Syntax(e.to_string()))
    };
    match checked {
        Ok(()) => Some(lazy),
        Err(regex::Error::CompiledTooBig(limit)) => {
            problems.push(
                SpannedProblem::new(
                    format!("regular expression is too big once compiled (limit {limit} bytes)"),
                    pattern.span(),
                )
                .help("simplify the pattern: large counted repetitions such as `a{1000}` multiply its size"),
            );
            None
        }
        Err(e) => {
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or("invalid regular expression").trim();
            problems.push(
                SpannedProblem::new(format!("invalid regular expression: {last}"), pattern.span())
                    .label("this pattern"),
            );
            None
        }
    }
}

/// Helper for kinds: the value of a required key, or a problem.
pub(crate) fn required<'a, T>(
    spec: &'a RuleSpec,
    value: &'a Option<toml::Spanned<T>>,
    key: &str,
    problems: &mut Vec<SpannedProblem>,
) -> Option<&'a T> {
    if value.is_none() {
        problems.push(SpannedProblem::new(format!("rule `{}` needs `{key}`", spec.id.get_ref()), spec.id.span()));
    }
    value.as_ref().map(toml::Spanned::get_ref)
}

/// Build a finding with one extra label; shared by kinds that point at two places.
pub(crate) fn with_label(mut f: Finding, span: Span, text: impl Into<String>) -> Finding {
    f.labels.push(Label { span, text: text.into() });
    f
}

/// The compiled built-in rules (compiled once per process).
///
/// # Panics
/// Never in a released binary: the built-in files are tested.
#[must_use]
pub fn builtin() -> &'static [Rule] {
    static RULES: std::sync::LazyLock<Vec<Rule>> = std::sync::LazyLock::new(|| {
        let mut loader = RuleLoader::default();
        let mut rules = Vec::new();
        EAGER.with(|e| e.set(false));
        for (name, text) in BUILTIN_RULE_FILES {
            rules.extend(loader.load(&RuleSource { name: (*name).to_string(), text: Arc::from(*text), path: None }));
        }
        EAGER.with(|e| e.set(true));
        assert!(loader.errors.is_empty(), "built-in rules are broken: {:?}", loader.errors);
        rules
    });
    &RULES
}
