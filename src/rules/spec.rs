//! The TOML schema of rule files, as serde structs.
//!
//! One flat [`RuleSpec`] holds the common keys and every kind's keys, each wrapped in
//! `toml::Spanned` so that the compile step can point at any value. A flat struct with
//! `deny_unknown_fields` is deliberate: serde's internally tagged enums and `flatten` both
//! lose `deny_unknown_fields` and toml's spans (serde-rs/serde#2123, toml-rs/toml#535), and
//! a misspelled key must be an error that points at the key. Each kind declares which of the
//! kind-specific keys it reads; the compiler rejects the others with their span.

use crate::diagnostic::Severity;
use serde::Deserialize;
use toml::Spanned;

/// A whole rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Language of every rule in the file that does not say otherwise (`es`, `en`).
    pub language: Option<Spanned<String>>,
    /// Other rule files to load first, relative to this one.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// The rules.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Spanned<RuleSpec>>,
}

/// Texts a rule must flag and texts it must leave alone: its documentation and its tests.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each must produce at least one finding of this rule.
    #[serde(default)]
    pub fail: Vec<String>,
    /// Each must produce none.
    #[serde(default)]
    pub pass: Vec<String>,
}

macro_rules! rule_spec {
    ( $( $(#[$doc:meta])* $field:ident : $ty:ty => $key:literal ),* $(,)? ) => {
        /// One `[[rule]]` table.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RuleSpec {
            /// Stable id, `family.name`.
            pub id: Spanned<String>,
            /// Which rule kind runs it.
            pub kind: Spanned<String>,
            /// `error`, `warning` or `info` (default `warning`).
            pub severity: Option<Spanned<Severity>>,
            /// The finding's message; may quote values such as `{match}`.
            pub message: Option<Spanned<String>>,
            /// What the editor should do.
            pub help: Option<Spanned<String>>,
            /// Text of the label under the words at fault.
            pub label: Option<Spanned<String>>,
            /// What the rule does and why (shown by `cuadra explain`).
            pub description: Option<String>,
            /// `false` ships the rule switched off.
            pub enabled: Option<bool>,
            /// Language the rule is written for; it runs only on documents in it.
            pub language: Option<Spanned<String>>,
            /// Blocks the rule reads: `prose`, `headings`, `all`, or block kinds.
            pub scope: Option<Spanned<Vec<String>>>,
            /// Self-tests.
            pub examples: Option<Spanned<Examples>>,
            $( $(#[$doc])* #[serde(default, rename = $key)] pub $field: Option<Spanned<$ty>>, )*
        }

        impl RuleSpec {
            /// The kind-specific keys present, with their spans.
            pub fn params_present(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
                let mut present = Vec::new();
                $( if let Some(v) = &self.$field { present.push(($key, v.span())); } )*
                present
            }
        }
    };
}

rule_spec! {
    /// `pattern`: regular expressions to find.
    patterns: Vec<Spanned<String>> => "patterns",
    /// `pattern`: a match inside a match of one of these is not reported.
    exceptions: Vec<Spanned<String>> => "exceptions",
    /// `pattern`: match case-insensitively.
    ignore_case: bool => "ignore-case",
    /// `repetition`, `date`, `link`: which check of the kind.
    check: String => "check",
    /// `repetition`: shortest phrase or sentence, in words.
    min_words: usize => "min-words",
    /// `repetition`: words that may legitimately be doubled.
    allow: Vec<String> => "allow",
    /// `repetition`: function words that do not make a phrase by themselves.
    stopwords: Vec<String> => "stopwords",
    /// arithmetic kinds: phrases that introduce parts or totals.
    triggers: Vec<String> => "triggers",
    /// arithmetic kinds: phrases that introduce a list that may be partial.
    partial_triggers: Vec<String> => "partial-triggers",
    /// arithmetic kinds: allowed absolute difference (a decimal string).
    tolerance: String => "tolerance",
    /// arithmetic kinds: the most blocks between a total and what refers to it.
    max_distance: usize => "max-distance",
    /// `restated`: largest relative difference (a decimal string, `0.05` = 5 %) still taken for
    /// the same figure restated.
    max_relative_difference: String => "max-relative-difference",
    /// arithmetic kinds: phrases that introduce a total after its parts.
    total_triggers: Vec<String> => "total-triggers",
    /// arithmetic kinds: words that may stand before a part of a list (`y`, `además de`).
    connectors: Vec<String> => "connectors",
    /// `ratio`: phrases between a part and its base (`de los`, `de un total de`).
    bases: Vec<String> => "bases",
    /// `change`: verbs of decrease (the `triggers` are verbs of increase).
    decrease: Vec<String> => "decrease",
    /// `change`: phrases that state a multiple (`se duplicó` = 2).
    multiples: std::collections::BTreeMap<String, u32> => "multiples",
    /// `link`: help lines by reason code (`malformed` links: `space-in-host`, …).
    reason_help: std::collections::BTreeMap<String, String> => "reason-help",
}
