//! The language of a document.
//!
//! Rules and language packs are written for one language; a rule file may say which. When
//! the configuration does not fix the language, it is guessed from the share of common
//! Spanish and English function words, which is reliable on anything longer than a line.

use crate::words::fold_key;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A language cuadra has packs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Spanish (Mexican press style by default).
    Es,
    /// English.
    En,
}

impl Language {
    /// The ISO 639-1 code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
        }
    }

    /// Parse an ISO 639-1 code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "es" => Some(Language::Es),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// Guess the language of `text` (Spanish when in doubt: the house language).
    #[must_use]
    pub fn detect(text: &str) -> Self {
        const ES: &[&str] = &["de", "la", "el", "que", "los", "las", "del", "por", "con", "una", "para", "se"];
        const EN: &[&str] = &["the", "of", "and", "to", "is", "that", "for", "with", "was", "on", "are", "by"];
        static KEYS: std::sync::LazyLock<(Vec<u64>, Vec<u64>)> = std::sync::LazyLock::new(|| {
            (ES.iter().map(|w| fold_key(w)).collect(), EN.iter().map(|w| fold_key(w)).collect())
        });
        let (es_keys, en_keys) = &*KEYS;
        // The first few kilobytes decide; no need to read a whole archive file.
        let mut end = text.len().min(8192);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let (mut es, mut en) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 4).take(4000) {
            let k = fold_key(word);
            if es_keys.contains(&k) {
                es += 1;
            } else if en_keys.contains(&k) {
                en += 1;
            }
        }
        if en > es * 2 && en >= 3 { Language::En } else { Language::Es }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn detects_spanish_and_english() {
        assert_eq!(Language::detect("Del total de acciones realizadas en la jornada, los OOAD sumaron"), Language::Es);
        assert_eq!(Language::detect("The hospital said that more than 500 of the patients were treated"), Language::En);
        assert_eq!(Language::detect(""), Language::Es);
    }
}
