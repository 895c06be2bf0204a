//! `cuadra.toml`: the project's configuration, and the settings a run uses.
//!
//! A `cuadra.toml` is found by walking up from each checked path (or given with
//! `--config`). It can switch rules or whole families off, change their severity, add rule
//! files (which may redefine a built-in rule by its id to change its options), and set
//! run options. Every key is checked: an unknown or mistyped key is an error that points
//! into the file.

use crate::diagnostic::Severity;
use crate::error::{SpannedProblem, TomlError};
use crate::lang::Language;
use crate::links::online::OnlineConfig;
use crate::links::{LinkPolicy, LinkPolicySpec};
use crate::rules::{self, FAMILIES, Rule, RuleLoader};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The configuration file name.
pub const CONFIG_FILE: &str = "cuadra.toml";

/// What `[rules]` can say about a rule or a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// Do not run.
    Off,
    /// Run, reporting as info.
    Info,
    /// Run, reporting as warning.
    Warning,
    /// Run, reporting as error.
    Error,
}

/// The configuration file's schema.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Extra rule files, relative to the configuration file.
    #[serde(default)]
    pub rule_files: Vec<Spanned<String>>,
    /// Whether the built-in rules are loaded (default true).
    pub builtin_rules: Option<bool>,
    /// Rule ids or families → `off` or a severity.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RuleSetting>>,
    /// Findings at or above this severity fail the run (default `error`).
    pub fail_on: Option<Severity>,
    /// `es`, `en` or `auto` (default).
    pub language: Option<Spanned<String>>,
    /// File extensions checked when walking directories (default md, markdown, txt).
    pub extensions: Option<Vec<String>>,
    /// Glob patterns of paths not to check, relative to the configuration file.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Files larger than this many bytes are skipped (default 64 MiB).
    pub max_file_size: Option<u64>,
    /// Check links over the network (as `--online`).
    pub online: Option<bool>,
    /// Additions to the link checks' host lists.
    pub links: Option<Spanned<LinkPolicySpec>>,
    /// Settings of the online link checker.
    #[serde(rename = "online-settings")]
    pub online_settings: Option<OnlineConfig>,
}

/// A loaded configuration: the file's settings plus where it was found.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (None: defaults).
    pub path: Option<PathBuf>,
    /// Severity threshold for failure.
    pub fail_on: Option<Severity>,
    /// Fixed language, if any.
    pub language: Option<Language>,
    /// Extensions walked.
    pub extensions: Vec<String>,
    /// Compiled exclusions.
    pub exclude: Option<ignore::overrides::Override>,
    /// Size limit.
    pub max_file_size: u64,
    /// The rules, with settings applied.
    pub rules: Vec<Rule>,
    /// Host lists and placeholder forms for the link checks.
    pub link_policy: Arc<LinkPolicy>,
    /// Whether links are checked over the network.
    pub online: bool,
    /// How the online checker behaves.
    pub online_config: OnlineConfig,
}

/// Default size limit for a checked file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

impl Config {
    /// The defaults: built-in rules, nothing changed.
    #[must_use]
    pub fn builtin() -> Self {
        Self {
            path: None,
            fail_on: None,
            language: None,
            extensions: default_extensions(),
            exclude: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rules: rules::builtin().to_vec(),
            link_policy: Arc::new(LinkPolicy::builtin().clone()),
            online: false,
            online_config: OnlineConfig::default(),
        }
    }

    /// Load `path`.
    ///
    /// # Errors
    /// Every problem in the file and in the rule files it names.
    pub fn load(path: &Path) -> Result<Self, Vec<TomlError>> {
        let name = path.display().to_string();
        let text = rules::read_toml(path).map_err(|e| {
            vec![
                SpannedProblem { message: e, span: None, label: String::new(), help: None }
                    .into_error(&name, &Arc::from("")),
            ]
        })?;
        let file: ConfigFile =
            toml::from_str(&text).map_err(|e| vec![SpannedProblem::from_toml(&e).into_error(&name, &text)])?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut problems = Vec::new();
        let mut loader = RuleLoader::default();

        let mut rules: Vec<Rule> =
            if file.builtin_rules.unwrap_or(true) { rules::builtin().to_vec() } else { Vec::new() };
        for rf in &file.rule_files {
            let rpath = base.join(rf.get_ref());
            let extra = loader.load_path(&rpath, Some((&name, &text, rf.span())));
            // A user rule with the id of a built-in one (for the same language) replaces it.
            for rule in extra {
                rules.retain(|r| {
                    !(r.meta.id == rule.meta.id
                        && r.meta.language == rule.meta.language
                        && r.meta.origin.starts_with("rules/"))
                });
                rules.push(rule);
            }
        }
        let language = match &file.language {
            None => None,
            Some(l) if l.get_ref() == "auto" => None,
            Some(l) => match Language::from_code(l.get_ref()) {
                Some(lang) => Some(lang),
                None => {
                    problems.push(
                        SpannedProblem::new(format!("unknown language `{}`", l.get_ref()), l.span())
                            .help("use `es`, `en` or `auto`"),
                    );
                    None
                }
            },
        };
        // `[rules]` keys are not spanned by serde for a map; find each key in the text.
        for (selector, setting) in &file.rules {
            let known = rules.iter().any(|r| r.meta.matches(selector)) || FAMILIES.contains(&selector.as_str());
            if !known {
                problems.push(
                    SpannedProblem::new(format!("no rule or family named `{selector}`"), setting.span())
                        .label("set for an unknown rule")
                        .help("`cuadra rules` lists the rule ids; families: placeholder, repetition, arithmetic, link, date"),
                );
            }
        }
        apply_settings(&mut rules, &file.rules);
        let exclude = if file.exclude.is_empty() {
            None
        } else {
            let mut b = ignore::overrides::OverrideBuilder::new(base);
            for g in &file.exclude {
                if let Err(e) = b.add(&format!("!{}", g.get_ref())) {
                    problems.push(SpannedProblem::new(format!("invalid glob: {e}"), g.span()));
                }
            }
            match b.build() {
                Ok(o) => Some(o),
                Err(e) => {
                    problems.push(SpannedProblem {
                        message: format!("invalid exclude globs: {e}"),
                        span: None,
                        label: String::new(),
                        help: None,
                    });
                    None
                }
            }
        };
        let link_policy = match &file.links {
            None => LinkPolicy::builtin().clone(),
            Some(spec) => LinkPolicy::builtin().extended(spec.get_ref()).unwrap_or_else(|e| {
                problems.push(SpannedProblem::new(format!("invalid `[links]`: {e}"), spec.span()));
                LinkPolicy::builtin().clone()
            }),
        };
        let mut errors: Vec<TomlError> = problems.into_iter().map(|p| p.into_error(&name, &text)).collect();
        errors.append(&mut loader.errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            path: Some(path.to_path_buf()),
            fail_on: file.fail_on,
            language,
            extensions: file.extensions.unwrap_or_else(default_extensions),
            exclude,
            max_file_size: file.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            rules,
            link_policy: Arc::new(link_policy),
            online: file.online.unwrap_or(false),
            online_config: file.online_settings.unwrap_or_default(),
        })
    }

    /// The nearest `cuadra.toml` at or above `path`.
    #[must_use]
    pub fn discover(path: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(path).ok()?;
        let start = if abs.is_dir() { abs.as_path() } else { abs.parent()? };
        start.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.is_file())
    }

    /// Keep only the rules `select` names (all when empty) and drop those `ignore` names.
    pub fn filter(&mut self, select: &[String], ignore: &[String]) {
        for r in &mut self.rules {
            if !select.is_empty() && !select.iter().any(|s| r.meta.matches(s)) {
                r.meta.enabled = false;
            }
            if ignore.iter().any(|s| r.meta.matches(s)) {
                r.meta.enabled = false;
            }
            // Naming a rule on the command line switches it on even if it ships off.
            if select.iter().any(|s| *r.meta.id == **s) && !ignore.iter().any(|s| r.meta.matches(s)) {
                r.meta.enabled = true;
            }
        }
    }
}

/// Apply `[rules]`: families first, then ids, so `repetition = "off"` with
/// `"repetition.doubled-word" = "warning"` keeps only the doubled-word rule.
fn apply_settings(rules: &mut [Rule], settings: &BTreeMap<String, Spanned<RuleSetting>>) {
    let ordered =
        settings.iter().filter(|(k, _)| !k.contains('.')).chain(settings.iter().filter(|(k, _)| k.contains('.')));
    for (selector, setting) in ordered {
        for r in rules.iter_mut().filter(|r| r.meta.matches(selector)) {
            match setting.get_ref() {
                RuleSetting::Off => r.meta.enabled = false,
                RuleSetting::Info => set(r, Severity::Info),
                RuleSetting::Warning => set(r, Severity::Warning),
                RuleSetting::Error => set(r, Severity::Error),
            }
        }
    }
}

fn set(rule: &mut Rule, severity: Severity) {
    rule.meta.enabled = true;
    rule.meta.severity = severity;
}

fn default_extensions() -> Vec<String> {
    ["md", "markdown", "txt"].iter().map(|s| (*s).to_string()).collect()
}
