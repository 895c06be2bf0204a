//! Splits one prose block into the tokens the date reader works on.
//!
//! A token is a run of letters (a word), a run of ASCII digits (a number), a run of
//! underscores (an unfilled blank, as in `_____ de mayo`) or any other single non-space
//! character (punctuation). Whitespace of every kind (U+00A0 and U+202F included) only
//! separates tokens; each token remembers whether whitespace or a line break stood before it.
//!
//! Every token has a folded key: for a word, the word in lower case without accents
//! ([`fold`]), so the reader compares `Miércoles`, `miercoles` and `MIÉRCOLES` as one word; for
//! a number or a punctuation mark, its text; for a blank, `_`. The reader never needs the keys
//! as strings, only to compare them with the names and phrases of its language pack, so
//! [`tokenize`] interns each key in the pack's [`Keys`] table as a [`Sym`]: two tokens with
//! keys in the table have the same symbol exactly when they have the same key, and a key
//! outside it (most words of the prose) gets [`NO_SYM`], which no name or phrase contains.
//! [`tokenize_keys`] is the plain version, with keys as strings, used to read the pack itself
//! (and, in tests, as the reference the interned version must agree with).
//!
//! Invariants: token ranges are byte ranges into the block, in order, non-overlapping, and
//! always on char boundaries. Folding a word costs no allocation: ASCII words are looked up as
//! they are (compared in lower case) and accented Latin letters are folded through a table
//! computed from [`fold`] itself, into a reused buffer; any other character falls back to
//! [`fold`].

use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Number,
    Blank,
    Punct,
}

/// A folded key interned in a [`Keys`] table.
pub(crate) type Sym = u32;

/// The symbol of every key that is not in the table.
pub(crate) const NO_SYM: Sym = u32::MAX;

/// One token of a block.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
    /// The interned folded key ([`NO_SYM`] when the pack has no such key).
    pub sym: Sym,
    /// The mark of a punctuation token, `_` for a blank, `'\0'` otherwise.
    mark: char,
    /// Whitespace stands between this token and the previous one (or the block start).
    pub space_before: bool,
    /// A line break stands between this token and the previous one (or this is the first
    /// token of the block).
    pub line_start: bool,
}

impl Token {
    /// The token's text in `text`, the block it was read from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range.clone()).unwrap_or("")
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// The key of a punctuation mark or a blank (`_`) as a char; `None` for words and numbers,
    /// whose keys are never a single mark.
    pub fn mark(&self) -> Option<char> {
        matches!(self.kind, TokenKind::Punct | TokenKind::Blank).then_some(self.mark)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.mark == c
    }

    /// The value of a number token of at most `max_digits` digits; `text` is its block.
    pub fn number(&self, text: &str, max_digits: usize) -> Option<u32> {
        if self.kind != TokenKind::Number || self.range.len() > max_digits {
            return None;
        }
        self.text(text).parse().ok()
    }
}

/// Case-folds a word and strips its accents, so that spellings with and without accents
/// compare equal. `ñ` becomes `n`; that is fine because both sides are folded alike.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// The folded keys of a language pack, each with its symbol.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    /// How many keys the table holds.
    len: usize,
    /// The symbol of each one-byte key, by byte (ASCII only).
    ascii: Vec<Sym>,
    /// The longest key, in bytes: a longer key is not in the table.
    max_len: usize,
    /// Whether some key has an ASCII digit (numbers need no look-up otherwise).
    digit_keys: bool,
    /// The keys again, in [`BUCKETS`] buckets by [`bucket`]: a look-up hashes a few bytes and
    /// compares at most a couple of keys, and most words of the prose find an empty bucket.
    buckets: Vec<Vec<(Box<str>, Sym)>>,
}

/// How many buckets [`Keys::buckets`] has (a power of two).
const BUCKETS: usize = 4096;

/// The bucket of a key: from its length and its first, second and last bytes, taken in
/// ASCII lower case so that an ASCII word finds its bucket without being lower-cased first.
fn bucket(key: &[u8]) -> usize {
    let byte = |i: usize| usize::from(key.get(i).copied().unwrap_or(0).to_ascii_lowercase());
    let len = key.len();
    (len.wrapping_mul(0x9e5)
        ^ byte(0).wrapping_mul(0x3f)
        ^ byte(1).wrapping_mul(0x2b1)
        ^ byte(len.wrapping_sub(1)).wrapping_mul(0x1d3))
        & (BUCKETS - 1)
}

impl Default for Keys {
    fn default() -> Keys {
        Keys { len: 0, ascii: vec![NO_SYM; 128], max_len: 0, digit_keys: false, buckets: vec![Vec::new(); BUCKETS] }
    }
}

impl Keys {
    /// The symbol of `key`, added to the table if it is new.
    pub fn intern(&mut self, key: &str) -> Sym {
        let known = self.get(key);
        if known != NO_SYM {
            return known;
        }
        // A pack holds a few hundred keys; 2³² − 1 of them could not be read into memory.
        let sym = Sym::try_from(self.len).unwrap_or(NO_SYM - 1).min(NO_SYM - 1);
        self.len += 1;
        self.max_len = self.max_len.max(key.len());
        self.digit_keys |= key.bytes().any(|b| b.is_ascii_digit());
        if let Some(list) = self.buckets.get_mut(bucket(key.as_bytes())) {
            list.push((key.into(), sym));
        }
        if let [byte] = key.as_bytes() {
            if let Some(slot) = self.ascii.get_mut(usize::from(*byte)) {
                *slot = sym;
            }
        }
        sym
    }

    /// How many keys the table holds (symbols are `0..len`).
    pub fn len(&self) -> usize {
        self.len
    }

    /// The symbol of `key`, or [`NO_SYM`].
    pub fn get(&self, key: &str) -> Sym {
        if key.len() > self.max_len {
            return NO_SYM;
        }
        let Some(list) = self.buckets.get(bucket(key.as_bytes())) else {
            return NO_SYM;
        };
        list.iter().find(|(k, _)| **k == *key).map_or(NO_SYM, |&(_, sym)| sym)
    }

    fn ascii(&self, byte: u8) -> Sym {
        self.ascii.get(usize::from(byte)).copied().unwrap_or(NO_SYM)
    }

    /// The symbol of an ASCII word, whose key is the word in lower case.
    fn ascii_word(&self, word: &str) -> Sym {
        if word.len() > self.max_len {
            return NO_SYM;
        }
        let Some(list) = self.buckets.get(bucket(word.as_bytes())) else {
            return NO_SYM;
        };
        list.iter()
            .find(|(k, _)| {
                k.len() == word.len() && k.bytes().zip(word.bytes()).all(|(k, w)| k == w.to_ascii_lowercase())
            })
            .map_or(NO_SYM, |&(_, sym)| sym)
    }

    /// Reads the word that starts at byte `start` of `text` and whose bytes up to `i` are
    /// ASCII letters: its end and the symbol of its folded key. `buf` is scratch space.
    fn long_word(&self, text: &str, start: usize, i: usize, buf: &mut String) -> (usize, Sym) {
        let head = text.get(start..i).unwrap_or("");
        let rest = text.get(i..).unwrap_or("");
        buf.clear();
        buf.push_str(head);
        buf.make_ascii_lowercase();
        let latin = &*LATIN;
        let mut table = true;
        let mut end = text.len();
        for (offset, c) in rest.char_indices() {
            if c.is_ascii() {
                if !c.is_ascii_alphabetic() {
                    end = i + offset;
                    break;
                }
                buf.push(c.to_ascii_lowercase());
                continue;
            }
            let folded = u32::from(c)
                .checked_sub(LATIN_FIRST)
                .and_then(|index| latin.get(usize::try_from(index).ok()?).copied().flatten());
            match folded {
                // Only word characters are in the table.
                Some(LatinFold::Drop) => {}
                Some(LatinFold::Char(f)) => buf.push(f),
                None if is_word_char(c) => table = false,
                None => {
                    end = i + offset;
                    break;
                }
            }
        }
        if !table {
            *buf = fold(text.get(start..end).unwrap_or(""));
        }
        (end, self.get(buf))
    }
}

/// What [`fold`] makes of one character of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LatinFold {
    /// Nothing (a combining mark).
    Drop,
    /// One character (`É` → `e`, `ñ` → `n`, `º` → `º`).
    Char(char),
}

/// First and one-past-last characters of the table [`LATIN`]: Latin-1, Latin
/// Extended-A and B, IPA, spacing modifiers and the combining diacritical marks.
const LATIN_FIRST: u32 = 0x80;
const LATIN_END: u32 = 0x370;

/// [`fold`] of each word character of the table's range, when it is at most one character.
/// Within a word these fold one by one: [`fold`] decomposes each character on its own, and
/// canonical reordering only moves combining marks, which it then drops.
static LATIN: LazyLock<Vec<Option<LatinFold>>> = LazyLock::new(|| {
    (LATIN_FIRST..LATIN_END)
        .map(|code| {
            let c = char::from_u32(code).filter(|&c| is_word_char(c))?;
            let folded = fold(c.encode_utf8(&mut [0; 4]));
            let mut chars = folded.chars();
            match (chars.next(), chars.next()) {
                (None, _) => Some(LatinFold::Drop),
                (Some(one), None) => Some(LatinFold::Char(one)),
                _ => None,
            }
        })
        .collect()
});

/// The end of the run of bytes that `class` accepts from byte `i` of `bytes`.
fn run_end(bytes: &[u8], i: usize, class: impl Fn(u8) -> bool) -> usize {
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest.iter().position(|&b| !class(b)).unwrap_or(rest.len())
}

/// Splits `text` into `tokens` (cleared first), interning their keys in `keys`.
pub(crate) fn tokenize(text: &str, keys: &Keys, tokens: &mut Vec<Token>) {
    tokens.clear();
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut space_before = false;
    let mut line_start = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let (kind, sym, mark);
        if b.is_ascii() {
            match b {
                b' ' | b'\t' | b'\x0b' | b'\x0c' => {
                    space_before = true;
                    i += 1;
                    continue;
                }
                b'\n' | b'\r' => {
                    space_before = true;
                    line_start = true;
                    i += 1;
                    continue;
                }
                b'0'..=b'9' => {
                    i = run_end(bytes, i + 1, |b| b.is_ascii_digit());
                    kind = TokenKind::Number;
                    mark = '\0';
                    sym = if keys.digit_keys { keys.get(&text[start..i]) } else { NO_SYM };
                }
                b'_' => {
                    i = run_end(bytes, i + 1, |b| b == b'_');
                    kind = TokenKind::Blank;
                    mark = '_';
                    sym = keys.ascii(b'_');
                }
                b'a'..=b'z' | b'A'..=b'Z' => {
                    // ASCII letters first; the rest of the word, if any, in `Keys::long_word`.
                    let rest = bytes.get(i..).unwrap_or_default();
                    i += rest.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len());
                    kind = TokenKind::Word;
                    mark = '\0';
                    if bytes.get(i).is_some_and(|b| !b.is_ascii()) {
                        (i, sym) = keys.long_word(text, start, i, &mut buf);
                    } else {
                        sym = keys.ascii_word(&text[start..i]);
                    }
                }
                _ => {
                    i += 1;
                    kind = TokenKind::Punct;
                    mark = char::from(b);
                    sym = keys.ascii(b);
                }
            }
        } else {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                space_before = true;
                if c == '\u{2028}' || c == '\u{2029}' {
                    line_start = true;
                }
                continue;
            }
            if is_word_char(c) {
                (i, sym) = keys.long_word(text, start, start, &mut buf);
                kind = TokenKind::Word;
                mark = '\0';
            } else {
                kind = TokenKind::Punct;
                mark = c;
                sym = keys.get(c.encode_utf8(&mut [0; 4]));
            }
        }
        tokens.push(Token { kind, range: start..i, sym, mark, space_before, line_start });
        space_before = false;
        line_start = false;
    }
}

/// A token with its key as a string, as [`tokenize_keys`] reads it.
#[derive(Clone, Debug)]
// The pack only needs the keys; the tests compare the rest with `tokenize`.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct KeyedToken {
    pub kind: TokenKind,
    pub range: Range<usize>,
    /// Folded text: lower case without accents for words, `_` for blanks, the text itself
    /// otherwise.
    pub key: String,
    pub space_before: bool,
    pub line_start: bool,
}

/// Splits `text` into tokens with their keys as strings: the plain version of [`tokenize`],
/// used to read the language pack.
pub(crate) fn tokenize_keys(text: &str) -> Vec<KeyedToken> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut space_before = false;
    let mut line_start = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            space_before = true;
            if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
                line_start = true;
            }
            continue;
        }
        let class: fn(char) -> bool = if is_word_char(c) {
            is_word_char
        } else if c.is_ascii_digit() {
            |c| c.is_ascii_digit()
        } else if c == '_' {
            |c| c == '_'
        } else {
            |_| false
        };
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if !class(next) {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let raw = &text[start..end];
        let (kind, key) = if is_word_char(c) {
            (TokenKind::Word, fold(raw))
        } else if c.is_ascii_digit() {
            (TokenKind::Number, raw.to_owned())
        } else if c == '_' {
            (TokenKind::Blank, "_".to_owned())
        } else {
            (TokenKind::Punct, raw.to_owned())
        };
        tokens.push(KeyedToken { kind, range: start..end, key, space_before, line_start });
        space_before = false;
        line_start = false;
    }
    tokens
}

/// A phrase of the language pack, split into token keys ("desde el" → ["desde", "el"]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Phrase(pub Vec<Sym>);

impl Phrase {
    /// Splits `text` into keys, interning them in `keys`.
    pub fn new(text: &str, keys: &mut Keys) -> Phrase {
        Phrase(tokenize_keys(text).iter().map(|t| keys.intern(&t.key)).collect())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the phrase is written at `tokens[at..]`.
    pub fn matches_at(&self, tokens: &[Token], at: usize) -> bool {
        !self.0.is_empty()
            && tokens
                .get(at..at + self.0.len())
                .is_some_and(|window| window.iter().zip(&self.0).all(|(t, k)| t.sym == *k))
    }

    /// Whether the phrase is written right before `tokens[end]` (ending at `end - 1`).
    pub fn matches_before(&self, tokens: &[Token], end: usize) -> bool {
        end >= self.0.len() && self.matches_at(tokens, end - self.0.len())
    }
}

/// A set of phrases, indexed by their first and last keys so that matching a token costs an
/// array lookup rather than a scan of every phrase.
#[derive(Clone, Debug, Default)]
pub(crate) struct PhraseSet {
    phrases: Vec<Phrase>,
    /// By symbol: the phrases that start with it.
    by_first: Vec<Vec<usize>>,
    /// By symbol: the phrases that end with it.
    by_last: Vec<Vec<usize>>,
}

impl PhraseSet {
    /// Builds a set; empty phrases are dropped, indices refer to the remaining ones.
    pub fn new(phrases: impl IntoIterator<Item = Phrase>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for phrase in phrases.into_iter().filter(|p| p.len() > 0) {
            let index = set.phrases.len();
            if let (Some(first), Some(last)) = (phrase.0.first(), phrase.0.last()) {
                for (by, sym) in [(&mut set.by_first, *first), (&mut set.by_last, *last)] {
                    let Ok(sym) = usize::try_from(sym) else { continue };
                    if by.len() <= sym {
                        by.resize_with(sym + 1, Vec::new);
                    }
                    if let Some(list) = by.get_mut(sym) {
                        list.push(index);
                    }
                }
            }
            set.phrases.push(phrase);
        }
        set
    }

    /// Builds a set from the phrases' texts, interning their keys in `keys`.
    pub fn from_texts<S: AsRef<str>>(texts: &[S], keys: &mut Keys) -> PhraseSet {
        PhraseSet::new(texts.iter().map(|t| Phrase::new(t.as_ref(), keys)).collect::<Vec<_>>())
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether some phrase of the set starts with `sym`.
    pub fn starts_with(&self, sym: Sym) -> bool {
        usize::try_from(sym).ok().and_then(|s| self.by_first.get(s)).is_some_and(|list| !list.is_empty())
    }

    /// The longest phrase written at `tokens[at..]`: its index and length in tokens.
    #[inline]
    pub fn longest_at(&self, tokens: &[Token], at: usize) -> Option<(usize, usize)> {
        let sym = usize::try_from(tokens.get(at)?.sym).ok()?;
        self.by_first
            .get(sym)?
            .iter()
            .filter(|&&i| self.phrases[i].matches_at(tokens, at))
            .map(|&i| (i, self.phrases[i].len()))
            .max_by_key(|&(_, len)| len)
    }

    /// The longest phrase written right before `tokens[end]`: its index and length.
    #[inline]
    pub fn longest_before(&self, tokens: &[Token], end: usize) -> Option<(usize, usize)> {
        let sym = usize::try_from(tokens.get(end.checked_sub(1)?)?.sym).ok()?;
        self.by_last
            .get(sym)?
            .iter()
            .filter(|&&i| self.phrases[i].matches_before(tokens, end))
            .map(|&i| (i, self.phrases[i].len()))
            .max_by_key(|&(_, len)| len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize_keys(text).into_iter().map(|t| (t.kind, &text[t.range])).collect()
    }

    /// A table with every key of `texts`, and the tokens of `text` read with it.
    fn interned(text: &str, texts: &[&str]) -> (Keys, Vec<Token>) {
        let mut keys = Keys::default();
        for t in texts {
            Phrase::new(t, &mut keys);
        }
        let mut tokens = Vec::new();
        tokenize(text, &keys, &mut tokens);
        (keys, tokens)
    }

    /// `tokenize` agrees with `tokenize_keys` on `text`, with a table holding every key of
    /// `text`, and with one holding only the keys of `others`.
    fn assert_same_tokens(text: &str, others: &[&str]) {
        let reference = tokenize_keys(text);
        for texts in [&[text][..], others] {
            let (keys, tokens) = interned(text, texts);
            assert_eq!(tokens.len(), reference.len(), "{text:?}");
            for (t, r) in tokens.iter().zip(&reference) {
                assert_eq!(
                    (t.kind, &t.range, t.space_before, t.line_start),
                    (r.kind, &r.range, r.space_before, r.line_start)
                );
                assert_eq!(t.sym, keys.get(&r.key), "{text:?}: {:?}", r.key);
                if let Some(mark) = t.mark() {
                    assert_eq!(mark.to_string(), r.key);
                }
            }
        }
    }

    #[test]
    fn splits_words_numbers_blanks_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            kinds("Ciudad de México, _____ de mayo de 2024.-"),
            vec![
                (Word, "Ciudad"),
                (Word, "de"),
                (Word, "México"),
                (Punct, ","),
                (Blank, "_____"),
                (Word, "de"),
                (Word, "mayo"),
                (Word, "de"),
                (Number, "2024"),
                (Punct, "."),
                (Punct, "-"),
            ]
        );
        assert_eq!(
            kinds("1º 2__/2024"),
            vec![(Number, "1"), (Word, "º"), (Number, "2"), (Blank, "__"), (Punct, "/"), (Number, "2024"),]
        );
    }

    #[test]
    fn folds_case_and_accents_and_tracks_spacing() {
        let tokens = tokenize_keys("MIÉRCOLES\u{a0}3\r\nmiércoles");
        assert_eq!(tokens[0].key, "miercoles");
        assert_eq!(tokens[2].key, "miercoles");
        assert!(tokens[1].space_before && !tokens[1].line_start);
        assert!(tokens[2].line_start);
        // A decomposed accent (e + U+0301) stays inside its word and folds the same way.
        let decomposed = tokenize_keys("mie\u{301}rcoles");
        assert_eq!(decomposed.len(), 1);
        assert_eq!(decomposed[0].key, "miercoles");
        let (keys, tokens) = interned("MIÉRCOLES\u{a0}3\r\nmie\u{301}rcoles", &["miércoles"]);
        assert_eq!(tokens[0].sym, keys.get("miercoles"));
        assert_eq!(tokens[2].sym, keys.get("miercoles"));
        assert_eq!(tokens[1].sym, NO_SYM);
    }

    #[test]
    fn interned_tokens_agree_with_keyed_tokens() {
        let pack = ["de", "mayo", "miércoles", "º", "°", ",", ".", "_", "/", "2024", "y el", "ß", "i"];
        for text in [
            "Ciudad de México, _____ de mayo de 2024.-",
            "1º 2__/2024 1° 3rd MAYO Mayó MIÉRCOLES mie\u{301}rcoles \u{301}de",
            "a\u{a0}b\u{202f}c\u{2028}d\u{2029}e\u{85}f\x0bg\x0ch\x1ci\r\nj\tk",
            "\u{212a}elvin İstanbul STRASSE straße ǅ ǆ Ω ﬁn ŉ ĳ Ǖ ª ſ Ｍayo ١٢ 𝟙 Ⅻ e\u{301}\u{327}\u{344}",
            "31/12/2024 2024-12-31 1.2.2024 3-5 10:30 3.5 5G No.5 $3 #4 50%",
            "",
            "   ",
            "\u{301}",
            "x",
        ] {
            assert_same_tokens(text, &pack);
        }
    }

    /// The folded key `Keys::long_word` reads for a whole word.
    fn long_word_key(keys: &Keys, word: &str) -> String {
        let mut buf = String::new();
        let (end, _) = keys.long_word(word, 0, 0, &mut buf);
        assert_eq!(end, word.len(), "{word:?}");
        buf
    }

    #[test]
    fn the_latin_table_folds_like_fold() {
        let chars: Vec<char> = ('\u{20}'..'\u{400}')
            .chain(['\u{1e9e}', '\u{212a}', '\u{1f88}', 'ﬁ'])
            .filter(|&c| is_word_char(c))
            .collect();
        let keys = Keys::default();
        for &a in &chars {
            for &b in &chars {
                let word: String = [a, b].iter().collect();
                assert_eq!(long_word_key(&keys, &word), fold(&word), "{word:?}");
            }
        }
        for word in ["e\u{301}\u{327}", "Ǖ\u{344}ñ", "\u{344}\u{301}a\u{327}", "ıİ", "MIÉRCOLES"] {
            assert_eq!(long_word_key(&keys, word), fold(word), "{word:?}");
        }
    }

    #[test]
    fn phrases_match_forwards_and_backwards() {
        let mut keys = Keys::default();
        let phrases = PhraseSet::from_texts(&["el", "desde el", ""], &mut keys);
        let mut tokens = Vec::new();
        tokenize("desde el 3 hasta el 5", &keys, &mut tokens);
        assert_eq!(phrases.len(), 2);
        assert_eq!(phrases.longest_at(&tokens, 0), Some((1, 2)));
        assert_eq!(phrases.longest_before(&tokens, 2), Some((1, 2)));
        assert_eq!(phrases.longest_before(&tokens, 5), Some((0, 1)));
        assert_eq!(phrases.longest_before(&tokens, 0), None);
        assert_eq!(phrases.longest_at(&tokens, 99), None);
        assert_eq!(phrases.longest_at(&tokens, 3), None);
    }
}
