//! Hosts asked with GET first (see `get_first_hosts.toml` for why the list exists).
//!
//! Invariant: matching is on whole DNS labels, case-insensitively, so `amazon.com` covers
//! `www.amazon.com` but not `notamazon.com`.

use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostList {
    host: Vec<HostEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostEntry {
    domain: String,
    /// Documentation only: why the host is on the list.
    #[allow(dead_code)]
    why: String,
}

const BUILT_IN_TOML: &str = include_str!("get_first_hosts.toml");

static BUILT_IN: LazyLock<Vec<String>> = LazyLock::new(|| {
    // The file is part of the binary and covered by a test, so a parse failure here is a
    // build defect; still, degrade to "no list" rather than panic at run time.
    toml::from_str::<HostList>(BUILT_IN_TOML)
        .map(|list| list.host.into_iter().map(|entry| entry.domain.to_ascii_lowercase()).collect())
        .unwrap_or_default()
});

/// The built-in domains plus the user's.
#[derive(Debug, Clone)]
pub(crate) struct GetFirstHosts {
    domains: Vec<String>,
}

impl GetFirstHosts {
    pub fn new(extra: &[String]) -> Self {
        let mut domains = BUILT_IN.clone();
        domains.extend(extra.iter().map(|domain| domain.trim().trim_matches('.').to_ascii_lowercase()));
        domains.retain(|domain| !domain.is_empty());
        Self { domains }
    }

    /// Whether `host` (a host name without port) is one of the domains or below one.
    pub fn matches(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|domain| {
            host == *domain || host.strip_suffix(domain.as_str()).is_some_and(|prefix| prefix.ends_with('.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_list_parses() {
        let list: HostList = toml::from_str(BUILT_IN_TOML).unwrap();
        assert!(!list.host.is_empty());
        assert_eq!(BUILT_IN.len(), list.host.len());
    }

    #[test]
    fn matches_whole_labels_only() {
        let hosts = GetFirstHosts::new(&["Example.GOB.mx".to_owned(), "  ".to_owned()]);
        assert!(hosts.matches("amazon.com"));
        assert!(hosts.matches("WWW.Amazon.com."));
        assert!(!hosts.matches("notamazon.com"));
        assert!(hosts.matches("www.example.gob.mx"));
        assert!(!hosts.matches("gob.mx"));
        assert!(!hosts.matches(""));
    }
}
