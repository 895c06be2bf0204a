//! Trigger phrases of the arithmetic rules: `de los cuales`, `aumentó`, `en total`…
//!
//! A [`Phrases`] list matches its phrases as whole words, case-insensitively, with any run
//! of white space between their words. It is one Aho-Corasick automaton rather than a
//! regex: compiling a case-insensitive Unicode regex for each of the dozen lists cost more
//! (38 M instructions, about 5 ms) than the whole check of a bulletin, and the pre-commit
//! case pays that start-up on every run.
//!
//! How the regex features are kept:
//! - Case: ASCII letters through the automaton's ASCII case folding; each accented letter
//!   (`á`, `Ñ`…) through variants of the phrase with that letter in both cases.
//! - White space: the automaton sees each phrase with single spaces; a text with other
//!   white space (line breaks, tabs, runs, U+00A0) is searched in a copy where every run is
//!   one space, and matches are mapped back to the original bytes.
//! - Word boundaries: ASCII ones, checked on the original text, and only on a side where the
//!   phrase starts or ends with an ASCII letter or digit (`aumentó` needs none after `ó`).
//! - Overlaps: at the leftmost place where a phrase matches, the longest phrase wins, so
//!   `de las cuales` beats `de las`.

use crate::error::SpannedProblem;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Accented letters taken in both cases: beyond this many in one phrase, only the all-lower,
/// all-upper and capitalised spellings are searched (2^n variants would be too many).
const MAX_CASED_LETTERS: usize = 4;

/// A list of phrases matched as whole words, case-insensitively, with any white space
/// between their words. Built on first use.
#[derive(Debug, Clone)]
pub struct Phrases {
    patterns: Arc<[Pattern]>,
    compiled: Arc<OnceLock<Option<Matcher>>>,
}

/// One spelling of one phrase, as the automaton sees it.
#[derive(Debug)]
struct Pattern {
    text: String,
    boundary_start: bool,
    boundary_end: bool,
}

/// The automata of a list: a contiguous NFA, built in microseconds, and once a run has
/// searched enough text with it, a DFA, which searches about a third faster but costs more
/// to build than the pre-commit case (one bulletin) spends searching.
#[derive(Debug)]
struct Matcher {
    /// The longest pattern, in bytes.
    longest: usize,
    nfa: AhoCorasick,
    dfa: OnceLock<Option<AhoCorasick>>,
    searched: AtomicUsize,
}

/// Bytes searched with the NFA before the DFA is built.
const DFA_AFTER_BYTES: usize = 256 * 1024;

impl Matcher {
    /// The automaton for a search of `len` bytes (`patterns`: the list it was built from).
    fn automaton(&self, len: usize, patterns: &[Pattern]) -> &AhoCorasick {
        if let Some(Some(dfa)) = self.dfa.get() {
            return dfa;
        }
        if self.searched.fetch_add(len, Ordering::Relaxed) < DFA_AFTER_BYTES {
            return &self.nfa;
        }
        let dfa = || builder(AhoCorasickKind::DFA).build(patterns.iter().map(|p| &p.text)).ok();
        self.dfa.get_or_init(dfa).as_ref().unwrap_or(&self.nfa)
    }
}

impl Phrases {
    /// Compile `list` (or `default` when the key is absent).
    pub(crate) fn compile(
        list: &Option<toml::Spanned<Vec<String>>>,
        default: &[&str],
        problems: &mut Vec<SpannedProblem>,
    ) -> Self {
        let (items, span): (Vec<String>, Range<usize>) = match list {
            Some(l) => (l.get_ref().clone(), l.span()),
            None => (default.iter().map(|s| (*s).to_string()).collect(), 0..0),
        };
        let mut patterns = Vec::new();
        for phrase in &items {
            let words: Vec<&str> = phrase.split_whitespace().collect();
            if words.is_empty() {
                continue;
            }
            let text = words.join(" ");
            let boundary_start = text.starts_with(|c: char| c.is_ascii_alphanumeric());
            let boundary_end = text.ends_with(|c: char| c.is_ascii_alphanumeric());
            for text in case_variants(&text) {
                patterns.push(Pattern { text, boundary_start, boundary_end });
            }
        }
        let phrases = Self { patterns: patterns.into(), compiled: Arc::new(OnceLock::new()) };
        // A user's rule file hears about a list that cannot be built while it loads (and
        // keeps what was built).
        if crate::rules::loading_eagerly() && !phrases.patterns.is_empty() {
            let built = build(&phrases.patterns);
            if let Err(e) = &built {
                problems.push(SpannedProblem::new(format!("cannot compile the phrase list: {e}"), span));
            }
            let _ = phrases.compiled.set(built.ok());
        }
        phrases
    }

    fn matcher(&self) -> Option<&Matcher> {
        if self.patterns.is_empty() {
            return None;
        }
        self.compiled.get_or_init(|| build(&self.patterns).ok()).as_ref()
    }

    /// Matches in `text`, leftmost first, not overlapping.
    pub fn find_iter(&self, text: &str) -> impl Iterator<Item = Range<usize>> + use<> {
        self.find_in(&SearchText::new(text)).into_iter()
    }

    /// Matches in a text prepared once for several lists, leftmost first, not overlapping.
    #[must_use]
    pub fn find_in(&self, text: &SearchText<'_>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if let Some(matcher) = self.matcher() {
            let mut from = 0;
            while let Some((end, range)) = self.next_match(matcher, text.original, &text.hay, from) {
                out.push(range);
                from = end;
            }
        }
        out
    }

    /// Whether a phrase occurs in `text`.
    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_in(&SearchText::new(text))
    }

    /// Whether a phrase occurs in a text prepared once for several lists.
    #[must_use]
    pub fn is_match_in(&self, text: &SearchText<'_>) -> bool {
        self.matcher().is_some_and(|m| self.next_match(m, text.original, &text.hay, 0).is_some())
    }

    /// Whether `text` starts with a phrase (after white space), and where it ends.
    #[must_use]
    pub fn prefix(&self, text: &str) -> Option<usize> {
        let lead = text.len() - text.trim_start().len();
        let rest = &text[lead..];
        let matcher = self.matcher()?;
        // A phrase at the start is at most the longest pattern long, once white space is
        // normalised: only that much of the rest is copied (items can be long).
        let hay = Haystack::window(rest, matcher.longest + 1);
        self.longest_at(matcher, rest, &hay, 0, hay.text.len()).map(|(_, r)| lead + r.end)
    }

    /// The first match at or after byte `from` of the searched text whose word boundaries
    /// hold: where it ends in the searched text, and its range in `text`.
    fn next_match(
        &self,
        matcher: &Matcher,
        text: &str,
        hay: &Haystack<'_>,
        from: usize,
    ) -> Option<(usize, Range<usize>)> {
        let searched = hay.text.as_bytes();
        let mut from = from;
        while from < searched.len() {
            let m =
                matcher.automaton(searched.len() - from, &self.patterns).find(Input::new(searched).range(from..))?;
            if let Some(found) = self.longest_at(matcher, text, hay, m.start(), m.end()) {
                return Some(found);
            }
            // No phrase starting there has its boundaries: look further on.
            from = m.start() + 1;
        }
        None
    }

    /// The longest match starting at byte `start` of the searched text, ending by `end`,
    /// whose word boundaries hold. The automaton gives the longest; when that one fails
    /// a boundary (`de las` in `de lascas`), shorter ones are tried.
    fn longest_at(
        &self,
        matcher: &Matcher,
        text: &str,
        hay: &Haystack<'_>,
        start: usize,
        mut end: usize,
    ) -> Option<(usize, Range<usize>)> {
        let searched = hay.text.as_bytes();
        while end > start {
            let input = Input::new(searched).range(start..end).anchored(Anchored::Yes);
            let m = matcher.automaton(end - start, &self.patterns).find(input)?;
            let range = hay.original(m.range());
            if self.boundaries_hold(m.pattern().as_usize(), text, &range) {
                return Some((m.end(), range));
            }
            end = m.end() - 1;
        }
        None
    }

    fn boundaries_hold(&self, pattern: usize, text: &str, range: &Range<usize>) -> bool {
        let pattern = &self.patterns[pattern];
        let bytes = text.as_bytes();
        let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let start_ok = !pattern.boundary_start || range.start == 0 || !word(range.start - 1);
        let end_ok = !pattern.boundary_end || !word(range.end);
        start_ok && end_ok
    }
}

fn build(patterns: &[Pattern]) -> Result<Matcher, aho_corasick::BuildError> {
    let nfa = builder(AhoCorasickKind::ContiguousNFA).build(patterns.iter().map(|p| &p.text))?;
    let longest = patterns.iter().map(|p| p.text.len()).max().unwrap_or(0);
    Ok(Matcher { longest, nfa, dfa: OnceLock::new(), searched: AtomicUsize::new(0) })
}

fn builder(kind: AhoCorasickKind) -> aho_corasick::AhoCorasickBuilder {
    let mut builder = AhoCorasick::builder();
    builder
        // The longest phrase at the leftmost place; a shorter one only when the longest
        // fails a word boundary (see `Phrases::longest_at`).
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .kind(Some(kind))
        .ascii_case_insensitive(true);
    builder
}

/// The spellings of `phrase` that ASCII case folding alone would not find: its non-ASCII
/// letters in lower and upper case.
fn case_variants(phrase: &str) -> Vec<String> {
    let single = |mut it: std::iter::Peekable<std::char::ToLowercase>| -> Option<char> {
        let c = it.next()?;
        it.peek().is_none().then_some(c)
    };
    // (byte position, lower, upper) of each non-ASCII letter with a one-to-one case pair.
    let cased: Vec<(usize, char, char)> = phrase
        .char_indices()
        .filter(|(_, c)| !c.is_ascii())
        .filter_map(|(i, c)| {
            let lower = single(c.to_lowercase().peekable())?;
            let mut upper = c.to_uppercase();
            let up = upper.next()?;
            let same_width = lower.len_utf8() == c.len_utf8() && up.len_utf8() == c.len_utf8();
            (upper.next().is_none() && lower != up && same_width).then_some((i, lower, up))
        })
        .collect();
    if cased.is_empty() {
        return vec![phrase.to_string()];
    }
    let with = |choose: &dyn Fn(usize) -> bool| -> String {
        let mut s = phrase.to_string();
        for (k, &(i, lower, upper)) in cased.iter().enumerate() {
            let c = if choose(k) { upper } else { lower };
            let mut buf = [0u8; 4];
            s.replace_range(i..i + c.len_utf8(), c.encode_utf8(&mut buf));
        }
        s
    };
    let mut out: Vec<String> = if cased.len() <= MAX_CASED_LETTERS {
        (0..1usize << cased.len()).map(|bits| with(&|k| bits & (1 << k) != 0)).collect()
    } else {
        let first = phrase.chars().next().map_or(0, char::len_utf8);
        vec![with(&|_| false), with(&|_| true), with(&|k| cased[k].0 < first)]
    };
    out.dedup();
    out
}

/// A text prepared for phrase searches (its white space normalised once), for a rule that
/// looks for several lists in the same sentence.
pub struct SearchText<'t> {
    original: &'t str,
    hay: Haystack<'t>,
}

impl<'t> SearchText<'t> {
    /// Prepare `text`.
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        Self { original: text, hay: Haystack::new(text) }
    }
}

/// The text a search runs on: the original when its white space is all single spaces,
/// otherwise a copy with every run of white space made one space, with a map back.
struct Haystack<'t> {
    text: Cow<'t, str>,
    /// For each byte of a copy, the original byte it came from; empty for the original.
    origin: Vec<usize>,
}

/// Whether `text` has white space other than single ASCII spaces. It runs on every
/// sentence each phrase list searches, so it is a few vectorised scans rather than a loop
/// over characters: the UTF-8 lead bytes of Unicode's other white space are `C2` (U+0085,
/// U+00A0), `E1` (U+1680), `E2` (U+2000…U+205F) and `E3` (U+3000).
fn has_odd_space(text: &str) -> bool {
    use memchr::{memchr_iter, memchr2, memchr3, memchr3_iter, memmem};
    let bytes = text.as_bytes();
    memchr3(b'\n', b'\r', b'\t', bytes).is_some()
        || memchr2(b'\x0b', b'\x0c', bytes).is_some()
        || memmem::find(bytes, b"  ").is_some()
        || memchr_iter(0xC2, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x85 | 0xA0)))
        || memchr3_iter(0xE1, 0xE2, 0xE3, bytes).any(|i| text[i..].chars().next().is_some_and(char::is_whitespace))
}

impl<'t> Haystack<'t> {
    fn new(text: &'t str) -> Self {
        if !has_odd_space(text) {
            return Self { text: Cow::Borrowed(text), origin: Vec::new() };
        }
        Self::window(text, usize::MAX)
    }

    /// A copy of the start of `text` with every run of white space made one space, up to
    /// `limit` bytes of the copy: enough for an anchored search, whatever the rest's length.
    fn window(text: &'t str, limit: usize) -> Self {
        let mut copy = String::with_capacity(text.len().min(limit.saturating_add(4)));
        let mut origin = Vec::with_capacity(copy.capacity());
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if copy.len() >= limit {
                break;
            }
            if c.is_whitespace() {
                if !in_space {
                    copy.push(' ');
                    origin.push(i);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            copy.push(c);
            origin.extend(i..i + c.len_utf8());
        }
        // An empty map means "the original"; a copy always maps its bytes.
        if origin.is_empty() {
            return Self { text: Cow::Borrowed(""), origin };
        }
        Self { text: Cow::Owned(copy), origin }
    }

    /// The original range of a match in the searched text. Phrases neither start nor end
    /// with white space, so both ends fall on copied characters.
    fn original(&self, r: Range<usize>) -> Range<usize> {
        if self.origin.is_empty() || r.is_empty() {
            return r;
        }
        self.origin[r.start]..self.origin[r.end - 1] + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> Phrases {
        let list = Some(toml::Spanned::new(0..0, list.iter().map(|s| (*s).to_string()).collect()));
        Phrases::compile(&list, &[], &mut Vec::new())
    }

    fn found<'t>(p: &Phrases, text: &'t str) -> Vec<&'t str> {
        p.find_iter(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn longest_phrase_wins_at_the_same_place() {
        let p = phrases(&["de las", "de las cuales"]);
        assert_eq!(found(&p, "50 personas, de las cuales 20"), ["de las cuales"]);
        assert_eq!(found(&p, "de las 50"), ["de las"]);
    }

    #[test]
    fn case_is_ignored_for_accented_letters_too() {
        let p = phrases(&["aumentó", "así como"]);
        assert_eq!(found(&p, "AUMENTÓ y Así Como y ASÍ COMO"), ["AUMENTÓ", "Así Como", "ASÍ COMO"]);
    }

    #[test]
    fn any_white_space_between_words() {
        let p = phrases(&["de los cuales"]);
        let text = "total,  de\nlos\u{a0}cuales 3";
        assert_eq!(found(&p, text), ["de\nlos\u{a0}cuales"]);
        assert_eq!(p.prefix("  de   los cuales 3"), Some("  de   los cuales".len()));
    }

    #[test]
    fn ascii_word_boundaries_only_where_the_phrase_has_ascii_ends() {
        let p = phrases(&["de", "más"]);
        assert_eq!(found(&p, "dedo de, además más"), ["de", "más"]);
        let accented = phrases(&["aumentó"]);
        assert_eq!(found(&accented, "xaumentóy"), Vec::<&str>::new());
        assert_eq!(found(&accented, "aumentóy"), ["aumentó"]);
    }

    #[test]
    fn a_longer_phrase_that_fails_its_boundary_leaves_room_for_a_shorter_one() {
        let p = phrases(&["de las", "de"]);
        assert_eq!(found(&p, "de lasca"), ["de"]);
    }

    #[test]
    fn prefix_only_at_the_start() {
        let p = phrases(&["y", "así como"]);
        assert_eq!(p.prefix(" y 3 casos"), Some(2));
        assert_eq!(p.prefix("3 y casos"), None);
        assert!(p.is_match("3 y casos"));
        assert!(!p.is_match("ya"));
    }

    #[test]
    fn the_dfa_built_after_a_while_finds_what_the_nfa_found() {
        let p = phrases(&["de las", "de las cuales", "así como", "de"]);
        let text = "Así como 50 personas, de las cuales 20 de lasca y DE LAS 3, de";
        let first = found(&p, text);
        assert_eq!(first, ["Así como", "de las cuales", "de", "DE LAS", "de"]);
        for _ in 0..=DFA_AFTER_BYTES / text.len() + 1 {
            assert_eq!(found(&p, text), first);
        }
        assert!(p.matcher().is_some_and(|m| m.dfa.get().is_some_and(Option::is_some)));
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let p = phrases(&["", "  "]);
        assert!(!p.is_match("anything"));
        assert_eq!(p.prefix("anything"), None);
    }
}
