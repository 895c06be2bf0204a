//! Splits one prose block into the tokens the date reader works on.
//!
//! A token is a run of letters (a word), a run of ASCII digits (a number), a run of
//! underscores (an unfilled blank, as in `_____ de mayo`) or any other single non-space
//! character (punctuation). Whitespace of every kind (U+00A0 and U+202F included) only
//! separates tokens; each token remembers whether whitespace or a line break stood before it.
//!
//! Invariants: token ranges are byte ranges into the block, in order, non-overlapping, and
//! always on char boundaries (they are built from `char_indices`). Word keys are folded with
//! [`fold`], so the reader compares `Miércoles`, `miercoles` and `MIÉRCOLES` as one word.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

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

/// One token of a block.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
    /// Folded text: lower case without accents for words, the text itself otherwise.
    pub key: String,
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

    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == TokenKind::Punct && self.key == c
    }

    /// The value of a number token of at most `max_digits` digits.
    pub fn number(&self, max_digits: usize) -> Option<u32> {
        if self.kind != TokenKind::Number || self.key.len() > max_digits {
            return None;
        }
        self.key.parse().ok()
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

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
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
        tokens.push(Token { kind, range: start..end, key, space_before, line_start });
        space_before = false;
        line_start = false;
    }
    tokens
}

/// A phrase of the language pack, split into token keys ("desde el" → ["desde", "el"]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Phrase(pub Vec<String>);

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        Phrase(tokenize(text).into_iter().map(|t| t.key).collect())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the phrase is written at `tokens[at..]`.
    pub fn matches_at(&self, tokens: &[Token], at: usize) -> bool {
        !self.0.is_empty()
            && tokens
                .get(at..at + self.0.len())
                .is_some_and(|window| window.iter().zip(&self.0).all(|(t, k)| t.key == *k))
    }

    /// Whether the phrase is written right before `tokens[end]` (ending at `end - 1`).
    pub fn matches_before(&self, tokens: &[Token], end: usize) -> bool {
        end >= self.0.len() && self.matches_at(tokens, end - self.0.len())
    }
}

/// A set of phrases, indexed by their first and last keys so that matching a token costs a
/// hash lookup rather than a scan of every phrase.
#[derive(Clone, Debug, Default)]
pub(crate) struct PhraseSet {
    phrases: Vec<Phrase>,
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
}

impl PhraseSet {
    /// Builds a set; empty phrases are dropped, indices refer to the remaining ones.
    pub fn new(phrases: impl IntoIterator<Item = Phrase>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for phrase in phrases.into_iter().filter(|p| p.len() > 0) {
            let index = set.phrases.len();
            if let (Some(first), Some(last)) = (phrase.0.first(), phrase.0.last()) {
                set.by_first.entry(first.clone()).or_default().push(index);
                set.by_last.entry(last.clone()).or_default().push(index);
            }
            set.phrases.push(phrase);
        }
        set
    }

    /// Builds a set from the phrases' texts.
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> PhraseSet {
        PhraseSet::new(texts.iter().map(|t| Phrase::new(t.as_ref())))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The longest phrase written at `tokens[at..]`: its index and length in tokens.
    pub fn longest_at(&self, tokens: &[Token], at: usize) -> Option<(usize, usize)> {
        let key = &tokens.get(at)?.key;
        self.by_first
            .get(key)?
            .iter()
            .filter(|&&i| self.phrases[i].matches_at(tokens, at))
            .map(|&i| (i, self.phrases[i].len()))
            .max_by_key(|&(_, len)| len)
    }

    /// The longest phrase written right before `tokens[end]`: its index and length.
    pub fn longest_before(&self, tokens: &[Token], end: usize) -> Option<(usize, usize)> {
        let key = &tokens.get(end.checked_sub(1)?)?.key;
        self.by_last
            .get(key)?
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
        tokenize(text).into_iter().map(|t| (t.kind, &text[t.range])).collect()
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
        let tokens = tokenize("MIÉRCOLES\u{a0}3\r\nmiércoles");
        assert_eq!(tokens[0].key, "miercoles");
        assert_eq!(tokens[2].key, "miercoles");
        assert!(tokens[1].space_before && !tokens[1].line_start);
        assert!(tokens[2].line_start);
        // A decomposed accent (e + U+0301) stays inside its word and folds the same way.
        let decomposed = tokenize("mie\u{301}rcoles");
        assert_eq!(decomposed.len(), 1);
        assert_eq!(decomposed[0].key, "miercoles");
    }

    #[test]
    fn phrases_match_forwards_and_backwards() {
        let tokens = tokenize("desde el 3 hasta el 5");
        let phrases = PhraseSet::from_texts(&["el", "desde el", ""]);
        assert_eq!(phrases.len(), 2);
        assert_eq!(phrases.longest_at(&tokens, 0), Some((1, 2)));
        assert_eq!(phrases.longest_before(&tokens, 2), Some((1, 2)));
        assert_eq!(phrases.longest_before(&tokens, 5), Some((0, 1)));
        assert_eq!(phrases.longest_before(&tokens, 0), None);
        assert_eq!(phrases.longest_at(&tokens, 99), None);
    }
}
