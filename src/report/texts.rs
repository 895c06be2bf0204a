//! The interface text of the editorial report, in each language (`rules/report.toml`).
//!
//! Invariants: the file is embedded in the binary and parsed once; every key is required in
//! every language (`deny_unknown_fields`, no defaults), and the test suite renders every
//! template of every language, so a missing or misspelt key fails the build's tests rather
//! than a user's report. Templates use `{name}` variables, filled by [`fill`].

use crate::lang::Language;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const REPORT_TOML: &str = include_str!("../../rules/report.toml");

/// A word or phrase in the singular and the plural, chosen by a count.
#[derive(Debug, Clone, Deserialize)]
pub struct Plural(pub [String; 2]);

impl Plural {
    /// `1 error`, `2 errores`: the count and the right form.
    #[must_use]
    pub fn count(&self, n: usize) -> String {
        format!("{n} {}", self.form(n))
    }

    /// The form for `n` alone.
    #[must_use]
    pub fn form(&self, n: usize) -> &str {
        if n == 1 { &self.0[0] } else { &self.0[1] }
    }
}

/// Every string the report shows, in one language. Field docs are in `rules/report.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[allow(missing_docs)]
pub struct Texts {
    pub title: String,
    pub generated: String,
    pub generated_undated: String,
    pub date: String,
    pub months: [String; 12],
    pub summary: String,
    pub bulletins_checked: Plural,
    pub bulletins: Plural,
    pub with_findings: String,
    pub findings: Plural,
    pub errors: Plural,
    pub warnings: Plural,
    pub infos: Plural,
    pub figures_verified: Plural,
    pub figures_failed: Plural,
    pub by_family: String,
    pub family: String,
    pub total: String,
    pub worst_first: String,
    pub bulletin: String,
    pub language: String,
    pub figures: String,
    pub links: String,
    pub clean: String,
    pub no_bulletins: String,
    pub not_checked: String,
    pub marked_copy: String,
    pub clean_copy: String,
    pub notes_heading: String,
    pub help: String,
    pub fix: String,
    pub see_also: String,
    pub line: String,
    pub line_short: String,
    pub ledger_heading: String,
    pub ledger_empty: String,
    pub ledger_status: String,
    pub ledger_kind: String,
    pub ledger_figure: String,
    pub ledger_computation: String,
    pub ledger_rule: String,
    pub ledger_ok: String,
    pub ledger_failed: String,
    pub links_heading: String,
    pub links_empty: String,
    pub link: String,
    pub link_status: String,
    pub link_ok_offline: String,
    pub link_not_online: String,
    pub link_online_fine: String,
    pub links_offline_note: String,
    pub links_online_note: String,
    pub file_notes: String,
    pub truncated: String,
    pub markdown_failed_figures: String,
    pub markdown_all_clean: String,
    pub markdown_more_bulletins: String,
    /// Family names by family id (`placeholder` → `Datos pendientes`).
    pub families: BTreeMap<String, String>,
    /// Names of the ledger's kinds of check, by their kebab-case name.
    pub checks: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportToml {
    es: Texts,
    en: Texts,
}

fn all() -> &'static ReportToml {
    static PARSED: OnceLock<ReportToml> = OnceLock::new();
    // The embedded file is checked by the test suite; a broken build cannot ship.
    PARSED.get_or_init(|| toml::from_str(REPORT_TOML).unwrap_or_else(|e| panic!("rules/report.toml: {e}")))
}

/// The texts of `language`.
#[must_use]
pub fn texts(language: Language) -> &'static Texts {
    match language {
        Language::Es => &all().es,
        Language::En => &all().en,
    }
}

impl Texts {
    /// A family's display name (the id itself for a family the file does not know).
    #[must_use]
    pub fn family_name<'a>(&'a self, family: &'a str) -> &'a str {
        self.families.get(family).map_or(family, String::as_str)
    }

    /// The name of a kind of ledger check.
    #[must_use]
    pub fn check_name(&self, check: crate::ledger::Check) -> String {
        let key = serde_json::to_value(check).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        self.checks.get(&key).cloned().unwrap_or(key)
    }

    /// A calendar date in this language (`25 de noviembre de 2025`, `November 25, 2025`).
    #[must_use]
    pub fn format_date(&self, date: CivilDate) -> String {
        let month = self.months.get(usize::from(date.month).saturating_sub(1)).map_or("", String::as_str);
        fill(&self.date, &[("day", &date.day.to_string()), ("month", month), ("year", &date.year.to_string())])
    }
}

/// Replace each `{name}` of `template` by its value; unknown names are left as written.
#[must_use]
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if vars.iter().any(|(k, _)| *k == &after[..close]) => {
                let name = &after[..close];
                out.push_str(vars.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A day of the proleptic Gregorian calendar (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilDate {
    /// The year.
    pub year: i64,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl CivilDate {
    /// The UTC date of a moment.
    #[must_use]
    pub fn of(time: std::time::SystemTime) -> Self {
        let secs = match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self::from_days(secs.div_euclid(86_400))
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    #[must_use]
    pub fn from_days(days: i64) -> Self {
        let z = days.saturating_add(719_468);
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // `day` is 1..=31 and `month` 1..=12 by construction.
        Self { year, month: u8::try_from(month).unwrap_or(1), day: u8::try_from(day).unwrap_or(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Check;

    /// Every template of both languages, with the variables the report passes it.
    fn templates(t: &Texts) -> Vec<(&str, &String, &[&str])> {
        vec![
            ("generated", &t.generated, &["version", "date"]),
            ("generated-undated", &t.generated_undated, &["version"]),
            ("date", &t.date, &["day", "month", "year"]),
            ("with-findings", &t.with_findings, &["count"]),
            ("truncated", &t.truncated, &["findings", "figures", "bulletins"]),
            ("markdown-more-bulletins", &t.markdown_more_bulletins, &["bulletins"]),
        ]
    }

    #[test]
    fn both_languages_fill_every_template_completely() {
        for lang in [Language::Es, Language::En] {
            let t = texts(lang);
            for (name, template, vars) in templates(t) {
                let values: Vec<(&str, &str)> = vars.iter().map(|v| (*v, "X")).collect();
                let filled = fill(template, &values);
                assert!(!filled.contains('{'), "{lang} {name}: unfilled variable in {filled:?}");
                for v in vars {
                    assert!(template.contains(&format!("{{{v}}}")), "{lang} {name}: does not use {{{v}}}");
                }
            }
            for family in crate::rules::FAMILIES {
                assert!(t.families.contains_key(*family), "{lang}: no name for family {family}");
            }
            for check in [Check::Sum, Check::Ratio, Check::Change, Check::Restated, Check::Ordinal] {
                let key = serde_json::to_value(check).unwrap();
                assert!(t.checks.contains_key(key.as_str().unwrap()), "{lang}: no name for {key}");
            }
        }
    }

    #[test]
    fn fill_leaves_unknown_and_unclosed_braces_alone() {
        assert_eq!(fill("{a} y {b} {", &[("a", "1")]), "1 y {b} {");
        assert_eq!(fill("{a}{a}", &[("a", "ñ")]), "ññ");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn civil_dates_and_their_spelling() {
        assert_eq!(CivilDate::from_days(0), CivilDate { year: 1970, month: 1, day: 1 });
        assert_eq!(CivilDate::from_days(19_782), CivilDate { year: 2024, month: 2, day: 29 });
        assert_eq!(CivilDate::from_days(-1), CivilDate { year: 1969, month: 12, day: 31 });
        let d = CivilDate { year: 2025, month: 11, day: 25 };
        assert_eq!(texts(Language::Es).format_date(d), "25 de noviembre de 2025");
        assert_eq!(texts(Language::En).format_date(d), "November 25, 2025");
        assert_eq!(texts(Language::Es).errors.count(1), "1 error");
        assert_eq!(texts(Language::Es).errors.count(3), "3 errores");
    }
}
