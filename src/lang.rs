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
        // A bit per key (its low twelve bits): nearly every other word is rejected with one test.
        static MASK: std::sync::LazyLock<[u64; 64]> = std::sync::LazyLock::new(|| {
            let mut m = [0u64; 64];
            for k in KEYS.0.iter().chain(&KEYS.1) {
                m[((k >> 6) & 63) as usize] |= 1 << (k & 63);
            }
            m
        });
        let mask = &*MASK;
        // The first few kilobytes decide; no need to read a whole archive file.
        let mut end = text.len().min(8192);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let bytes = text.as_bytes();
        let (mut es, mut en) = (0usize, 0usize);
        // The runs of alphabetic chars of at most four bytes, the first 4,000 of them.
        let mut taken = 0;
        let mut i = 0;
        while i < bytes.len() && taken < 4000 {
            if bytes[i] < 0x80 && !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            loop {
                i += ascii_letters(&bytes[i..]);
                match bytes.get(i) {
                    Some(&b) if b >= 0x80 => {
                        let c = text[i..].chars().next().unwrap_or('\0');
                        if !is_alphabetic(c) {
                            break;
                        }
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
            if i == start {
                // Not a letter: step over the char.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let end = i;
            // An ASCII char after the word is no letter: step over it now.
            if bytes.get(i).is_some_and(|b| *b < 0x80) {
                i += 1;
            }
            if end - start > 4 {
                continue;
            }
            taken += 1;
            let k = fold_key(&text[start..end]);
            if mask[((k >> 6) & 63) as usize] & (1 << (k & 63)) == 0 {
                continue;
            }
            if es_keys.contains(&k) {
                es += 1;
            } else if en_keys.contains(&k) {
                en += 1;
            }
        }
        if en > es * 2 && en >= 3 { Language::En } else { Language::Es }
    }
}

/// `char::is_alphabetic`, from a table computed once for U+0080..U+03FF (accented letters
/// would otherwise search the Unicode tables each time).
fn is_alphabetic(c: char) -> bool {
    static SMALL: std::sync::LazyLock<Box<[bool]>> = std::sync::LazyLock::new(|| {
        (0x80..0x400).map(|u| char::from_u32(u).is_some_and(char::is_alphabetic)).collect()
    });
    let u = c as u32;
    if (0x80..0x400).contains(&u) { SMALL[(u - 0x80) as usize] } else { c.is_alphabetic() }
}

/// Length of the run of ASCII letters at the start of `bytes`, eight bytes at a time.
#[inline]
fn ascii_letters(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Per byte, without carries between bytes: lower-case it and drop the high bit (so
        // y <= 0x7f), then y >= 'a' sets the high bit of y + 0x1f and y > 'z' that of y + 5.
        let y = (x | 0x2020_2020_2020_2020) & !HIGH;
        let at_least_a = y.wrapping_add(0x1f1f_1f1f_1f1f_1f1f);
        let above_z = y.wrapping_add(0x0505_0505_0505_0505);
        let letters = at_least_a & !above_z & !x & HIGH;
        if letters != HIGH {
            return n + (!letters & HIGH).trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii_alphabetic()).count()
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

    /// The definition, written the plain way.
    fn slow_detect(text: &str) -> Language {
        use crate::words::fold_key;
        let es_words = ["de", "la", "el", "que", "los", "las", "del", "por", "con", "una", "para", "se"];
        let en_words = ["the", "of", "and", "to", "is", "that", "for", "with", "was", "on", "are", "by"];
        let mut end = text.len().min(8192);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let (mut es, mut en) = (0usize, 0usize);
        for word in text[..end].split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 4).take(4000)
        {
            let k = fold_key(word);
            if es_words.iter().any(|w| fold_key(w) == k) {
                es += 1;
            } else if en_words.iter().any(|w| fold_key(w) == k) {
                en += 1;
            }
        }
        if en > es * 2 && en >= 3 { Language::En } else { Language::Es }
    }

    #[test]
    fn alphabetic_table_agrees_with_unicode() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn ascii_letter_runs() {
        for b in 0..=255u8 {
            for at in 0..10 {
                let mut v = vec![b'a'; 12];
                v[at] = b;
                let want = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                assert_eq!(super::ascii_letters(&v), want, "{b:#x} at {at}");
                assert_eq!(super::ascii_letters(&v[..at + 1]), want.min(at + 1), "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn agrees_with_the_plain_definition() {
        let en = "The hospital said that more than 500 of the patients were treated; DÉ THE Of ÁND. ";
        let es = "Del total de acciones realizadas en la jornada, los OOAD sumaron más dé LA. ";
        let cases = [
            en.repeat(3),
            en.repeat(200),
            format!("{}{}", es.repeat(2), en.repeat(10)),
            format!("{}{}", es.repeat(100), en.repeat(400)),
            "a b c the the the of".repeat(900),
            format!("{}the of and", "é".repeat(4095)),
            "ΣΑΣ the οf tο is".repeat(50),
        ];
        for t in &cases {
            assert_eq!(Language::detect(t), slow_detect(t), "{t:.60}");
        }
    }
}
