//! Words of prose, and folding them for comparison.
//!
//! A word is a run of letters, digits and combining marks (so `é` written as `e` + U+0301
//! stays one word). Words compare equal when they are equal after lower-casing, canonical
//! decomposition and removal of combining marks: `Médica`, `medica` and `me\u{301}dica`
//! are one word. Each word keeps its byte range in the text; folding never allocates.

use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Hash of the folded word: equal words have equal keys.
    pub key: u64,
    /// Whether the word is all digits.
    pub numeric: bool,
    /// Whether the first letter is upper-case.
    pub capitalized: bool,
}

fn is_word_char(c: char) -> bool {
    // Most characters of a bulletin are ASCII: skip the Unicode tables for them.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text`, in order.
#[must_use]
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(word(text, s..i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(text, s..text.len()));
    }
    out
}

fn word(text: &str, range: Range<usize>) -> Word {
    let w = &text[range.clone()];
    Word {
        key: fold_key(w),
        numeric: w.chars().all(|c| c.is_ascii_digit()),
        capitalized: w.chars().next().is_some_and(char::is_uppercase),
        range,
    }
}

/// Call `f` with each character of `word` folded (lower-case, no accents).
pub fn fold_chars(word: &str, mut f: impl FnMut(char)) {
    for c in word.chars() {
        for l in c.to_lowercase() {
            if l.is_ascii() {
                f(l);
            } else {
                decompose_canonical(l, |d| {
                    if !is_combining_mark(d) {
                        f(d);
                    }
                });
            }
        }
    }
}

/// The folded form of `text` as a string (for building word lists, not for hot loops).
#[must_use]
pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    fold_chars(text, |c| s.push(c));
    s
}

/// `text` on one line: every run of white space (line breaks included) as one space, for
/// quoting in a message.
#[must_use]
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Hash of the folded form of `word` (FNV-1a over the folded characters).
///
/// This runs on every word of every document: ASCII words, the vast majority, take a
/// byte loop with no Unicode tables; a standard hasher was a third of the run time.
#[must_use]
pub fn fold_key(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut feed = |c: u32| {
        h ^= u64::from(c);
        h = h.wrapping_mul(PRIME);
    };
    if word.is_ascii() {
        for b in word.bytes() {
            feed(u32::from(b.to_ascii_lowercase()));
        }
    } else {
        fold_chars(word, |c| feed(c as u32));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_composition() {
        assert_eq!(fold_key("Médica"), fold_key("medica"));
        assert_eq!(fold_key("me\u{301}dica"), fold_key("médica"));
        assert_ne!(fold_key("año"), fold_key("ano").wrapping_add(1));
        assert_eq!(fold("ÁRBOL Ñandú"), "arbol nandu");
    }

    #[test]
    fn words_keep_ranges_and_combining_marks() {
        let t = "de  de, me\u{301}dica 2024";
        let w = words(t);
        let texts: Vec<_> = w.iter().map(|w| &t[w.range.clone()]).collect();
        assert_eq!(texts, vec!["de", "de", "me\u{301}dica", "2024"]);
        assert!(w[3].numeric);
    }
}
