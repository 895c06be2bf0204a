//! The link policy: host lists, placeholder forms and TLD hints, loaded from TOML.
//!
//! The built-in policy is `rules/links.toml`, embedded with `include_str!` and compiled once
//! ([`LinkPolicy::builtin`]). A user's configuration extends it with the same schema
//! ([`LinkPolicySpec`], e.g. a `[links]` table in `cuadra.toml`) and can exempt hosts with
//! `allow`. Unknown fields are errors (`deny_unknown_fields`), so a typo in a list name is
//! reported instead of silently ignored.
//!
//! Invariants: host entries are stored lower case without a scheme; an entry matches a host
//! equal to it or ending in `.` + entry (label suffix), and, when the entry has a path
//! (`dropbox.com/t/`), only URLs whose path starts with it.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The embedded default policy.
const BUILTIN_TOML: &str = include_str!("../../rules/links.toml");

/// The serde model of a link policy file (`rules/links.toml`) and of a user extension.
/// Every field is optional so that an extension may name only the lists it adds to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinkPolicySpec {
    /// Host lists by category.
    #[serde(default)]
    pub hosts: HostListsSpec,
    /// Placeholder targets and patterns.
    #[serde(default)]
    pub placeholder: PlaceholderSpec,
    /// TLD hints for recognising hosts in prose.
    #[serde(default)]
    pub domains: DomainsSpec,
    /// Hosts (same syntax as the host lists) never reported by the host-list checks
    /// (expiring, cloud drive, shortener, insecure http, placeholder host).
    #[serde(default)]
    pub allow: Vec<String>,
}

/// Host lists, each entry `host` or `host/path-prefix`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HostListsSpec {
    /// File-transfer hosts whose links expire.
    #[serde(default)]
    pub expiring: Vec<String>,
    /// Cloud storage hosts.
    #[serde(default)]
    pub cloud_drive: Vec<String>,
    /// URL shorteners.
    #[serde(default)]
    pub shortener: Vec<String>,
    /// Hosts known to serve HTTPS.
    #[serde(default)]
    pub https_only: Vec<String>,
    /// Reserved or stand-in hosts (`example.com`).
    #[serde(default)]
    pub placeholder: Vec<String>,
}

/// Placeholder targets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderSpec {
    /// Whole targets, compared after folding case and accents and collapsing spaces.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Regular expressions searched in the target.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// TLD hints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DomainsSpec {
    /// Top-level domains that complete a host name.
    #[serde(default)]
    pub tlds: Vec<String>,
    /// Labels that come before a country code (`gob` in `gob.mx`).
    #[serde(default)]
    pub second_level: Vec<String>,
}

/// An error in a link policy (the built-in one, a user's file, or a user's extension).
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The TOML does not match the schema. Carries the span into the TOML source.
    #[error("invalid link policy: {0}")]
    Toml(#[from] toml::de::Error),
    /// A host entry that cannot match anything (scheme, spaces, empty).
    #[error("invalid host entry {entry:?} in `{list}`: {problem}")]
    InvalidHost {
        /// The list it was found in (`hosts.expiring`, `allow`, …).
        list: &'static str,
        /// The entry as written.
        entry: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A placeholder pattern that does not compile.
    #[error("invalid placeholder pattern {pattern:?}: {source}")]
    InvalidPattern {
        /// The pattern as written.
        pattern: String,
        /// The regex compiler's error.
        source: regex::Error,
    },
}

/// The host-list categories, in the order they are checked (first match wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostCategory {
    Placeholder,
    Expiring,
    CloudDrive,
    Shortener,
    HttpsOnly,
    Allow,
}

/// One host entry, keyed in [`LinkPolicy`] by its host part.
#[derive(Debug, Clone)]
struct HostEntry {
    category: HostCategory,
    /// Path prefix the URL path must start with (`/t/`), if any.
    path_prefix: Option<String>,
    /// The entry as normalised, for messages.
    entry: String,
}

/// A compiled link policy. Cheap to share; build one per configuration.
#[derive(Debug, Clone)]
pub struct LinkPolicy {
    spec: LinkPolicySpec,
    hosts: HashMap<String, Vec<HostEntry>>,
    placeholder_targets: HashSet<String>,
    placeholder_patterns: Vec<Regex>,
    tlds: HashSet<String>,
    second_level: HashSet<String>,
}

impl LinkPolicy {
    /// The built-in policy (`rules/links.toml`), compiled on first use.
    ///
    /// # Panics
    ///
    /// Never in a released build: the embedded file is validated by the test suite.
    #[must_use]
    pub fn builtin() -> &'static Self {
        static BUILTIN: OnceLock<LinkPolicy> = OnceLock::new();
        BUILTIN.get_or_init(|| Self::from_toml(BUILTIN_TOML).expect("rules/links.toml is valid (tested)"))
    }

    /// Compile a whole policy from TOML source (same schema as `rules/links.toml`).
    ///
    /// # Errors
    ///
    /// Schema errors (with a span into `source`), invalid host entries, bad regexes.
    pub fn from_toml(source: &str) -> Result<Self, PolicyError> {
        let spec: LinkPolicySpec = toml::from_str(source)?;
        Self::from_spec(spec)
    }

    /// Compile a policy from its serde model.
    ///
    /// # Errors
    ///
    /// Invalid host entries, bad regexes.
    pub fn from_spec(spec: LinkPolicySpec) -> Result<Self, PolicyError> {
        let mut hosts: HashMap<String, Vec<HostEntry>> = HashMap::new();
        let lists: [(&'static str, HostCategory, &Vec<String>); 6] = [
            ("hosts.placeholder", HostCategory::Placeholder, &spec.hosts.placeholder),
            ("hosts.expiring", HostCategory::Expiring, &spec.hosts.expiring),
            ("hosts.cloud-drive", HostCategory::CloudDrive, &spec.hosts.cloud_drive),
            ("hosts.shortener", HostCategory::Shortener, &spec.hosts.shortener),
            ("hosts.https-only", HostCategory::HttpsOnly, &spec.hosts.https_only),
            ("allow", HostCategory::Allow, &spec.allow),
        ];
        for (list, category, entries) in lists {
            for raw in entries {
                let (host, path_prefix) = parse_host_entry(list, raw)?;
                let entry = match &path_prefix {
                    Some(path) => format!("{host}{path}"),
                    None => host.clone(),
                };
                hosts.entry(host).or_default().push(HostEntry { category, path_prefix, entry });
            }
        }

        let placeholder_targets = spec.placeholder.targets.iter().map(|t| fold_placeholder(t)).collect();
        let placeholder_patterns = spec
            .placeholder
            .patterns
            .iter()
            .map(|p| {
                RegexBuilder::new(p)
                    // Bounded compile size: a user's pattern must not eat the machine.
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|source| PolicyError::InvalidPattern { pattern: p.clone(), source })
            })
            .collect::<Result<_, _>>()?;
        let lower_set = |v: &Vec<String>| v.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
        let tlds = lower_set(&spec.domains.tlds);
        let second_level = lower_set(&spec.domains.second_level);

        Ok(Self { spec, hosts, placeholder_targets, placeholder_patterns, tlds, second_level })
    }

    /// This policy extended by a user's lists: every list is the union of both, and `allow`
    /// entries exempt hosts from the host-list checks.
    ///
    /// # Errors
    ///
    /// Invalid host entries or bad regexes in the extension.
    pub fn extended(&self, extension: &LinkPolicySpec) -> Result<Self, PolicyError> {
        let mut spec = self.spec.clone();
        let append = |into: &mut Vec<String>, from: &Vec<String>| into.extend(from.iter().cloned());
        append(&mut spec.hosts.expiring, &extension.hosts.expiring);
        append(&mut spec.hosts.cloud_drive, &extension.hosts.cloud_drive);
        append(&mut spec.hosts.shortener, &extension.hosts.shortener);
        append(&mut spec.hosts.https_only, &extension.hosts.https_only);
        append(&mut spec.hosts.placeholder, &extension.hosts.placeholder);
        append(&mut spec.placeholder.targets, &extension.placeholder.targets);
        append(&mut spec.placeholder.patterns, &extension.placeholder.patterns);
        append(&mut spec.domains.tlds, &extension.domains.tlds);
        append(&mut spec.domains.second_level, &extension.domains.second_level);
        append(&mut spec.allow, &extension.allow);
        Self::from_spec(spec)
    }

    /// The lists this policy was compiled from.
    #[must_use]
    pub const fn spec(&self) -> &LinkPolicySpec {
        &self.spec
    }

    /// The first entry of `category` matching `host` (lower case) and `path`, walking the
    /// host's label suffixes from the longest.
    pub(crate) fn host_match(&self, category: HostCategory, host: &str, path: &str) -> Option<&str> {
        let host = host.trim_end_matches('.');
        let mut suffix = host;
        loop {
            if let Some(entries) = self.hosts.get(suffix) {
                let found = entries.iter().find(|e| {
                    e.category == category && e.path_prefix.as_deref().is_none_or(|prefix| path.starts_with(prefix))
                });
                if let Some(e) = found {
                    return Some(&e.entry);
                }
            }
            match suffix.find('.') {
                Some(dot) => suffix = &suffix[dot + 1..],
                None => return None,
            }
        }
    }

    /// Whether the whole target is a listed placeholder.
    pub(crate) fn is_placeholder_target(&self, target: &str) -> bool {
        self.placeholder_targets.contains(&fold_placeholder(target))
    }

    /// The first placeholder pattern match in `target`, as a byte range.
    pub(crate) fn placeholder_pattern(&self, target: &str) -> Option<std::ops::Range<usize>> {
        self.placeholder_patterns.iter().filter_map(|re| re.find(target)).map(|m| m.range()).min_by_key(|r| r.start)
    }

    /// Whether `label` (any case) is a top-level domain that completes a host name.
    pub(crate) fn is_tld(&self, label: &str) -> bool {
        label.len() <= 24 && self.tlds.contains(&label.to_ascii_lowercase())
    }

    /// Whether `label` may precede a country code (`gob`, `edu`, …), or is itself a TLD.
    pub(crate) fn is_domain_suffix_label(&self, label: &str) -> bool {
        label.len() <= 24 && {
            let lower = label.to_ascii_lowercase();
            self.tlds.contains(&lower) || self.second_level.contains(&lower)
        }
    }
}

/// Split and validate one host entry: `Host[/path]` → (`host`, `Some("/path")`).
fn parse_host_entry(list: &'static str, raw: &str) -> Result<(String, Option<String>), PolicyError> {
    let invalid = |problem| PolicyError::InvalidHost { list, entry: raw.to_owned(), problem };
    let entry = raw.trim();
    if entry.is_empty() {
        return Err(invalid("empty entry"));
    }
    if entry.contains("://") {
        return Err(invalid("write the host without a scheme"));
    }
    if entry.chars().any(char::is_whitespace) {
        return Err(invalid("a host cannot contain spaces"));
    }
    let (host, path) = match entry.find('/') {
        Some(slash) => (&entry[..slash], Some(entry[slash..].to_owned())),
        None => (entry, None),
    };
    let host = host.trim_end_matches('.').to_lowercase();
    if host.is_empty() || host.starts_with('.') || host.contains("..") {
        return Err(invalid("not a host name"));
    }
    Ok((host, path))
}

/// Fold a target for placeholder comparison: trim, lower case, strip accents, collapse spaces.
fn fold_placeholder(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.trim().nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_policy_compiles_and_has_every_list() {
        let policy = LinkPolicy::builtin();
        let spec = policy.spec();
        assert!(!spec.hosts.expiring.is_empty());
        assert!(!spec.hosts.cloud_drive.is_empty());
        assert!(!spec.hosts.shortener.is_empty());
        assert!(!spec.hosts.https_only.is_empty());
        assert!(!spec.hosts.placeholder.is_empty());
        assert!(!spec.placeholder.targets.is_empty());
        assert!(!spec.placeholder.patterns.is_empty());
        assert!(policy.is_tld("mx") && policy.is_tld("COM"));
        assert!(!policy.is_tld("es"), "`es` is a Spanish word; it must not glue hosts");
    }

    #[test]
    fn host_match_is_by_label_suffix() {
        let p = LinkPolicy::builtin();
        let m = |host: &str| p.host_match(HostCategory::Expiring, host, "/");
        assert_eq!(m("wetransfer.com"), Some("wetransfer.com"));
        assert_eq!(m("www.wetransfer.com"), Some("wetransfer.com"));
        assert_eq!(m("wetransfer.com."), Some("wetransfer.com"));
        assert_eq!(m("notwetransfer.com"), None);
        assert_eq!(m("wetransfer.com.evil.net"), None);
        assert_eq!(m("com"), None);
    }

    #[test]
    fn host_entries_with_a_path_need_that_path() {
        let p = LinkPolicy::builtin();
        assert_eq!(p.host_match(HostCategory::Expiring, "www.dropbox.com", "/t/abc"), Some("dropbox.com/t/"));
        assert_eq!(p.host_match(HostCategory::Expiring, "www.dropbox.com", "/s/abc"), None);
        assert_eq!(p.host_match(HostCategory::CloudDrive, "www.dropbox.com", "/s/abc"), Some("dropbox.com"));
        assert_eq!(p.host_match(HostCategory::CloudDrive, "docs.google.com", "/forms/d/x"), None);
    }

    #[test]
    fn placeholder_targets_fold_case_accents_and_spaces() {
        let p = LinkPolicy::builtin();
        assert!(p.is_placeholder_target("Aquí  va el LINK"));
        assert!(p.is_placeholder_target(" URL "));
        assert!(!p.is_placeholder_target("https://imss.gob.mx"));
    }

    #[test]
    fn unknown_fields_are_errors() {
        let err = LinkPolicy::from_toml("[hosts]\nexpirng = [\"x.com\"]\n").unwrap_err();
        assert!(matches!(err, PolicyError::Toml(_)), "{err}");
        let err = LinkPolicy::from_toml("allw = []\n").unwrap_err();
        assert!(matches!(err, PolicyError::Toml(_)), "{err}");
    }

    #[test]
    fn bad_entries_and_patterns_are_errors() {
        let err = LinkPolicy::from_toml("[hosts]\nshortener = [\"https://bit.ly\"]\n").unwrap_err();
        assert!(matches!(err, PolicyError::InvalidHost { list: "hosts.shortener", .. }));
        let err = LinkPolicy::from_toml("allow = [\"a b.com\"]\n").unwrap_err();
        assert!(matches!(err, PolicyError::InvalidHost { list: "allow", .. }));
        let err = LinkPolicy::from_toml("[placeholder]\npatterns = [\"(\"]\n").unwrap_err();
        assert!(matches!(err, PolicyError::InvalidPattern { .. }));
    }

    #[test]
    fn extension_adds_to_every_list_and_allow_is_recorded() {
        let ext: LinkPolicySpec =
            toml::from_str("allow = [\"drive.google.com\"]\n[hosts]\nexpiring = [\"Transfer.Example.ORG\"]\n").unwrap();
        let p = LinkPolicy::builtin().extended(&ext).unwrap();
        assert_eq!(
            p.host_match(HostCategory::Expiring, "files.transfer.example.org", "/"),
            Some("transfer.example.org")
        );
        assert_eq!(
            p.host_match(HostCategory::Expiring, "wetransfer.com", "/"),
            Some("wetransfer.com"),
            "built-in entries are kept"
        );
        assert_eq!(p.host_match(HostCategory::Allow, "drive.google.com", "/drive/folders/x"), Some("drive.google.com"));
    }
}
