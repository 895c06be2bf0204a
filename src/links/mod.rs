//! Links: bare URL finding (interim, replaced by the link module).

use std::ops::Range;

/// Bare URLs in prose.
#[must_use]
pub fn find_bare_urls(text: &str) -> Vec<Range<usize>> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>«»]+").expect("valid regex")
    });
    RE.find_iter(text)
        .map(|m| {
            let s = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', ')', '»', '"', '!', '?']);
            m.start()..m.start() + s.len()
        })
        .collect()
}
