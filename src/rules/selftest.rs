//! Rule self-tests: every `[rule.examples]` entry checked against its own rule.
//!
//! The test suite runs this over every shipped rule, and `cuadra rules test FILE` runs it
//! over a user's rule file, so a rule is tested the same way wherever it comes from.

use super::Rule;
use crate::config::Config;
use crate::engine::check_source;
use std::path::Path;
use std::sync::Arc;

/// An example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// The rule file.
    pub origin: String,
    /// `fail` or `pass`.
    pub expected: &'static str,
    /// The example text.
    pub text: String,
    /// What the rule reported on it.
    pub found: Vec<String>,
}

/// Check every example of `rules`; returns the ones that misbehave and how many ran.
#[must_use]
pub fn run(rules: &[Rule]) -> (Vec<ExampleFailure>, usize) {
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in rules {
        let mut alone = rule.clone();
        alone.meta.enabled = true;
        let config = Config { language: rule.meta.language, rules: vec![alone], ..Config::builtin() };
        for (expected, list) in [("fail", &rule.meta.examples.fail), ("pass", &rule.meta.examples.pass)] {
            for text in list {
                count += 1;
                let report = check_source(Path::new("example.md"), Arc::from(text.as_str()), &config);
                let found: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| f.rule == rule.meta.id)
                    .map(|f| format!("{} at {}..{}", f.message, f.span.start, f.span.end))
                    .collect();
                let ok = if expected == "fail" { !found.is_empty() } else { found.is_empty() };
                if !ok {
                    failures.push(ExampleFailure {
                        rule: rule.meta.id.to_string(),
                        origin: rule.meta.origin.clone(),
                        expected,
                        text: text.clone(),
                        found,
                    });
                }
            }
        }
    }
    (failures, count)
}
