//! Read-only view over the tokens of one scanned text, with the small queries every stage of
//! the extractor asks (is this token glued to the previous one, which lexicon phrase starts or
//! ends here).
//!
//! Invariant: every query is bounds-checked and answers "no" outside the token list, so the
//! grammar can probe ahead and behind without its own index arithmetic guards.

use super::lexer::{Case, NumLit, TokKind, Token};
use super::lexicon::{NO_WORD, NumberLexicon, Phrase, PhraseSet, WordInfo};

pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub nums: &'a [NumLit],
    pub lex: &'a NumberLexicon,
}

impl<'a> Cx<'a> {
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    /// Token `k` starts exactly where token `k - 1` ends (no whitespace between).
    pub(crate) fn glued(&self, k: usize) -> bool {
        k > 0 && k < self.toks.len() && self.toks[k].start == self.toks[k - 1].end
    }

    /// Token `k` exists and is separated from the previous one by whitespace.
    pub(crate) fn spaced(&self, k: usize) -> bool {
        k > 0 && k < self.toks.len() && !self.glued(k)
    }

    /// The whitespace before token `k` holds a blank line (a paragraph break).
    pub(crate) fn paragraph_break(&self, k: usize) -> bool {
        if k == 0 || k >= self.toks.len() {
            return false;
        }
        let (from, to) = (self.toks[k - 1].end, self.toks[k].start);
        // Most gaps are one space: no blank line fits in fewer than two bytes.
        to >= from + 2 && self.text.as_bytes()[from..to].iter().filter(|b| **b == b'\n').count() >= 2
    }

    pub(crate) fn kind(&self, k: usize) -> Option<TokKind> {
        self.toks.get(k).map(|t| t.kind)
    }

    pub(crate) fn is_word(&self, k: usize) -> bool {
        self.kind(k) == Some(TokKind::Word)
    }

    pub(crate) fn is_num(&self, k: usize) -> bool {
        self.kind(k) == Some(TokKind::Num)
    }

    /// The digit literal at `k`, if that token is a well-formed one.
    pub(crate) fn num(&self, k: usize) -> Option<NumLit> {
        self.toks
            .get(k)
            .filter(|t| t.kind == TokKind::Num)
            .and_then(|t| self.nums.get(t.num as usize))
            .filter(|lit| lit.valid)
            .copied()
    }

    pub(crate) fn punct(&self, k: usize) -> Option<char> {
        match self.kind(k) {
            Some(TokKind::Punct(c)) => Some(c),
            _ => None,
        }
    }

    pub(crate) fn is_punct(&self, k: usize, set: &[char]) -> bool {
        self.punct(k).is_some_and(|c| set.contains(&c))
    }

    pub(crate) fn case(&self, k: usize) -> Case {
        self.toks.get(k).map_or(Case::Lower, |t| t.case)
    }

    pub(crate) fn id(&self, k: usize) -> u32 {
        self.toks.get(k).map_or(NO_WORD, |t| t.id)
    }

    pub(crate) fn info(&self, k: usize) -> WordInfo {
        self.lex.word_info(self.id(k))
    }

    pub(crate) fn has(&self, k: usize, f: u32) -> bool {
        self.toks.get(k).is_some_and(|t| t.flags & f != 0)
    }

    pub(crate) fn slice(&self, k: usize) -> &'a str {
        self.toks.get(k).map_or("", |t| self.text.get(t.start..t.end).unwrap_or(""))
    }

    fn matches_at<T>(&self, k: usize, p: &Phrase<T>) -> bool {
        let len = p.ids.len();
        k + len <= self.toks.len()
            && self.toks[k..k + len].iter().zip(p.ids.iter()).all(|(t, id)| t.id == *id && t.kind != TokKind::Num)
    }

    /// The longest phrase of `phrases` that starts at token `k`, with the index after it.
    pub(crate) fn phrase_at<'p, T>(&self, k: usize, phrases: &'p PhraseSet<T>) -> Option<(&'p Phrase<T>, usize)> {
        if k >= self.toks.len() || self.toks[k].id == NO_WORD {
            return None;
        }
        phrases
            .starting_with(self.toks[k].id)
            .filter(|p| self.matches_at(k, p))
            .max_by_key(|p| p.ids.len())
            .map(|p| (p, k + p.ids.len()))
    }

    /// The longest phrase of `phrases` that ends just before token `k`, with its first index.
    pub(crate) fn phrase_before<'p, T>(&self, k: usize, phrases: &'p PhraseSet<T>) -> Option<(&'p Phrase<T>, usize)> {
        if k == 0 || k > self.toks.len() || self.toks[k - 1].id == NO_WORD {
            return None;
        }
        phrases
            .ending_with(self.toks[k - 1].id)
            .filter(|p| p.ids.len() <= k && self.matches_at(k - p.ids.len(), p))
            .max_by_key(|p| p.ids.len())
            .map(|p| (p, k - p.ids.len()))
    }
}
