//! Words of prose, and folding them for comparison.
//!
//! A word is a run of letters, digits and combining marks (so `é` written as `e` + U+0301
//! stays one word). Words compare equal when they are equal after lower-casing, canonical
//! decomposition and removal of combining marks: `Médica`, `medica` and `me\u{301}dica`
//! are one word. Each word keeps its byte range in the text; folding never allocates.
//!
//! Folding is a function of each char alone, so the words are cut, classified and hashed in
//! one pass over the bytes: ASCII takes a byte loop, the two-byte chars of Latin, Greek and
//! the combining marks (U+0080..U+03FF, every accented letter of Spanish) a table computed
//! once from the general Unicode path, and only rarer chars take that path itself.

use std::ops::Range;
use std::sync::LazyLock;
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

/// FNV-1a over folded chars, the hash behind [`Word::key`] and [`fold_key`].
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a multiplier.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn feed(h: u64, c: u32) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(FNV_PRIME)
}

/// For each ASCII byte: its lower-case form if it is a letter or digit, else 0 (bytes from
/// 0x80 map to 0 too; they are decoded as chars).
const ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Chars below this take the table ([`CharInfo`]); they are one or two bytes of UTF-8.
const TABLE_END: u32 = 0x400;

/// What [`words`] and [`fold_key`] need to know of one non-ASCII char below [`TABLE_END`],
/// computed with the general functions so that the fast paths agree with them exactly.
#[derive(Clone, Copy, Default)]
struct CharInfo {
    word: bool,
    upper: bool,
    /// Number of folded chars in `folded`, or `u8::MAX` when they do not fit (general path).
    n: u8,
    folded: [u32; 3],
}

static CHAR_INFO: LazyLock<Box<[CharInfo]>> = LazyLock::new(|| {
    (0x80..TABLE_END)
        .map(|u| {
            let c = char::from_u32(u).unwrap_or('\0');
            let mut info = CharInfo { word: is_word_char(c), upper: c.is_uppercase(), ..CharInfo::default() };
            let mut n = 0usize;
            fold_chars_of(c, &mut |d| {
                if n < 3 {
                    info.folded[n] = d as u32;
                }
                n += 1;
            });
            info.n = u8::try_from(n).ok().filter(|n| *n <= 3).unwrap_or(u8::MAX);
            info
        })
        .collect()
});

/// The folded chars of one char: lower-cased, decomposed, without combining marks.
#[inline]
fn fold_chars_of(c: char, f: &mut impl FnMut(char)) {
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

/// Feeds the folded chars of the non-ASCII char `c` (info from the table when it has one).
#[inline]
fn feed_char(mut h: u64, c: char, info: Option<&CharInfo>) -> u64 {
    match info {
        Some(i) if i.n != u8::MAX => {
            for &d in &i.folded[..usize::from(i.n)] {
                h = feed(h, d);
            }
        }
        _ => fold_chars_of(c, &mut |d| h = feed(h, d as u32)),
    }
    h
}

/// The char starting at byte `i` of `text` (which must be a char boundary, not at the end).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if (0xc2..0xe0).contains(&b) {
        // Two bytes: valid UTF-8 guarantees the continuation byte.
        let u = (u32::from(b & 0x1f) << 6) | u32::from(bytes[i + 1] & 0x3f);
        return char::from_u32(u).unwrap_or('\0');
    }
    text[i..].chars().next().unwrap_or('\0')
}

/// The words of `text`, in order.
#[must_use]
pub fn words(text: &str) -> Vec<Word> {
    let table = &**CHAR_INFO;
    let bytes = text.as_bytes();
    // Prose runs about one word per six or seven bytes: reserve instead of regrowing.
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the next word char.
        let b = bytes[i];
        let first_upper = if b < 0x80 {
            if ASCII_FOLD[usize::from(b)] == 0 {
                i += 1;
                continue;
            }
            b.is_ascii_uppercase()
        } else {
            let c = char_at(text, i);
            let u = c as u32;
            let (word, upper) = if u < TABLE_END {
                let info = &table[(u - 0x80) as usize];
                (info.word, info.upper)
            } else {
                (is_word_char(c), c.is_uppercase())
            };
            if !word {
                i += c.len_utf8();
                continue;
            }
            upper
        };
        // A word: fold, hash and classify it while finding its end.
        let start = i;
        let mut h = FNV_OFFSET;
        let mut numeric = true;
        while i < bytes.len() {
            let b = bytes[i];
            let folded = ASCII_FOLD[usize::from(b)];
            if folded != 0 {
                numeric &= b.is_ascii_digit();
                h = feed(h, u32::from(folded));
                i += 1;
            } else if b < 0x80 {
                break;
            } else {
                let c = char_at(text, i);
                let u = c as u32;
                let info = if u < TABLE_END { Some(&table[(u - 0x80) as usize]) } else { None };
                if !info.map_or_else(|| is_word_char(c), |i| i.word) {
                    break;
                }
                numeric = false;
                h = feed_char(h, c, info);
                i += c.len_utf8();
            }
        }
        out.push(Word { range: start..i, key: h, numeric, capitalized: first_upper });
    }
    out
}

/// Call `f` with each character of `word` folded (lower-case, no accents).
pub fn fold_chars(word: &str, mut f: impl FnMut(char)) {
    for c in word.chars() {
        fold_chars_of(c, &mut f);
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
/// This runs on every word of every document: ASCII bytes take a byte loop, common accented
/// letters a table, and only rare chars the Unicode tables.
#[must_use]
pub fn fold_key(word: &str) -> u64 {
    let table = &**CHAR_INFO;
    let bytes = word.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            h = feed(h, u32::from(b.to_ascii_lowercase()));
            i += 1;
        } else {
            let c = char_at(word, i);
            let u = c as u32;
            let info = if u < TABLE_END { Some(&table[(u - 0x80) as usize]) } else { None };
            h = feed_char(h, c, info);
            i += c.len_utf8();
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions the fast paths must agree with, written the plain way.
    fn slow_key(word: &str) -> u64 {
        let mut h = FNV_OFFSET;
        fold_chars(word, |c| h = feed(h, c as u32));
        h
    }

    fn slow_words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut push = |s: usize, e: usize| {
            let w = &text[s..e];
            out.push(Word {
                range: s..e,
                key: slow_key(w),
                numeric: w.chars().all(|c| c.is_ascii_digit()),
                capitalized: w.chars().next().is_some_and(char::is_uppercase),
            });
        };
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    push(s, i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            push(s, text.len());
        }
        out
    }

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

    #[test]
    fn fast_paths_agree_with_the_unicode_definition() {
        // Every char up to U+2FFF, then a sample of the rest, alone and inside words.
        let chars = (0..0x3000u32).chain((0x3000..0x11_0000).step_by(97)).filter_map(char::from_u32);
        for c in chars {
            for t in [format!("{c}"), format!("a{c}b"), format!("{c}1 x{c}{c}y, 2{c}"), format!("İ{c}Σ")] {
                assert_eq!(words(&t), slow_words(&t), "{:?}", t);
                assert_eq!(fold_key(&t), slow_key(&t), "{:?}", t);
            }
        }
    }
}
