//! Language data for the quantity extractor: the `rules/<lang>/numbers.toml` schema and its
//! compiled, look-up-ready form.
//!
//! Invariants:
//! - Every word the extractor needs to recognise (number words, multipliers, ordinals, the words
//!   of every phrase) is folded (see [`super::fold`]) and interned once, at load time, into a
//!   single map from folded word to a dense [`WordId`]. Scanning folds each word of the text
//!   into a reused buffer and does one hash look-up; everything after that compares integers.
//! - Phrases ("más de", "No.", "a.m.") are stored as id sequences, split exactly the way the
//!   lexer splits text (see [`super::lexer::split_phrase`]), so matching never re-reads text.
//! - A lexicon that loads is internally consistent: the checks in [`NumberLexicon::from_toml`]
//!   reject data the scanner or the formatters could not use (wrong table sizes, multipliers
//!   that are not powers of ten, empty phrases, a decimal separator that is also a thousands
//!   separator), so nothing downstream needs to re-validate it.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::fold::fold;
use super::lexer::{PhrasePiece, split_phrase};
use super::{Qualifier, QuantityKind};

/// Dense id of a folded word or punctuation mark known to the lexicon.
pub(crate) type WordId = u32;
/// Id of any word the lexicon does not know.
pub(crate) const NO_WORD: WordId = u32::MAX;

/// Per-word boolean properties, as bits of [`WordInfo::flags`].
pub(crate) mod flag {
    pub const MONTH: u32 = 1 << 0;
    pub const WEEKDAY: u32 = 1 << 1;
    pub const STOP: u32 = 1 << 2;
    pub const MONEY_UNIT: u32 = 1 << 3;
    pub const DEGREE_UNIT: u32 = 1 << 4;
    pub const ORD_SUFFIX: u32 = 1 << 5;
    pub const GLUED_UNIT: u32 = 1 << 6;
    pub const ARTICLE_LIKE: u32 = 1 << 7;
    pub const ONE_BEFORE_MULT: u32 = 1 << 8;
    pub const HALF: u32 = 1 << 9;
    pub const AND: u32 = 1 << 10;
    pub const HUNDRED: u32 = 1 << 11;
    pub const NAME_JOINER: u32 = 1 << 12;
    pub const SKIP_BEFORE_UNIT: u32 = 1 << 13;
    pub const ARTICLE: u32 = 1 << 14;
    /// The word can begin a figure (number word, multiplier, ordinal, half, money prefix).
    pub const FIGURE_START: u32 = 1 << 15;
    pub const INDICATOR: u32 = 1 << 16;
}

/// What the lexicon knows about one folded word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub cardinal: Option<u32>,
    pub ordinal: Option<u32>,
    /// Index into [`NumberLexicon::multipliers`].
    pub multiplier: Option<u8>,
    /// For abbreviations that carry a multiplier ("mdp"): its power of ten.
    pub money_scale: Option<u8>,
    pub flags: u32,
}

impl WordInfo {
    pub(crate) fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// A word that is part of a number (never a counted noun).
    pub(crate) fn is_number_word(&self) -> bool {
        self.cardinal.is_some()
            || self.ordinal.is_some()
            || self.multiplier.is_some()
            || self.has(flag::HALF | flag::HUNDRED)
    }
}

/// A phrase as a sequence of word ids, with what it means.
#[derive(Debug, Clone)]
pub(crate) struct Phrase<T> {
    pub ids: Box<[WordId]>,
    pub value: T,
}

/// A list of phrases indexed by their first and last word, so that matching at a token only
/// looks at the phrases that can match there.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet<T> {
    pub phrases: Vec<Phrase<T>>,
    by_first: Vec<(WordId, usize)>,
    by_last: Vec<(WordId, usize)>,
    /// For each word id, the range of its entries in `by_first` / `by_last` (ids past the
    /// end have none): a look-up is one index instead of two binary searches.
    first_spans: Vec<(u32, u32)>,
    last_spans: Vec<(u32, u32)>,
}

impl<T> PhraseSet<T> {
    fn new(phrases: Vec<Phrase<T>>) -> Self {
        let index = |pick: fn(&[WordId]) -> WordId| {
            let mut v: Vec<(WordId, usize)> = phrases.iter().enumerate().map(|(i, p)| (pick(&p.ids), i)).collect();
            v.sort_unstable();
            v
        };
        let by_first = index(|ids| ids[0]);
        let by_last = index(|ids| ids[ids.len() - 1]);
        let first_spans = Self::spans(&by_first);
        let last_spans = Self::spans(&by_last);
        PhraseSet { phrases, by_first, by_last, first_spans, last_spans }
    }

    /// The range of each id's entries in a sorted index (ids up to the largest below
    /// [`NO_WORD`]; entries for [`NO_WORD`] itself are found by binary search).
    fn spans(index: &[(WordId, usize)]) -> Vec<(u32, u32)> {
        let ids = index.iter().map(|(w, _)| *w).filter(|w| *w != NO_WORD).max().map_or(0, |m| m as usize + 1);
        (0..ids)
            .map(|id| {
                let id = WordId::try_from(id).unwrap_or(NO_WORD);
                let from = index.partition_point(|(w, _)| *w < id);
                let to = index.partition_point(|(w, _)| *w <= id);
                (u32::try_from(from).unwrap_or(u32::MAX), u32::try_from(to).unwrap_or(u32::MAX))
            })
            .collect()
    }

    fn with<'s>(index: &'s [(WordId, usize)], spans: &[(u32, u32)], id: WordId) -> &'s [(WordId, usize)] {
        match spans.get(id as usize) {
            Some(&(from, to)) => &index[from as usize..to as usize],
            None if id == NO_WORD => {
                let from = index.partition_point(|(w, _)| *w < id);
                &index[from..]
            }
            None => &[],
        }
    }

    /// Phrases whose first word is `id`.
    pub(crate) fn starting_with(&self, id: WordId) -> impl Iterator<Item = &Phrase<T>> {
        Self::with(&self.by_first, &self.first_spans, id).iter().map(|(_, i)| &self.phrases[*i])
    }

    /// Phrases whose last word is `id`.
    pub(crate) fn ending_with(&self, id: WordId) -> impl Iterator<Item = &Phrase<T>> {
        Self::with(&self.by_last, &self.last_spans, id).iter().map(|(_, i)| &self.phrases[*i])
    }
}

/// A multiplier word ("mil", "millones", "million").
#[derive(Debug, Clone)]
pub(crate) struct Multiplier {
    pub value: Decimal,
    pub singular: String,
    pub plural: String,
    pub one: String,
    pub bare: bool,
    pub spell: bool,
}

/// How the "and" connector joins spelled numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AndJoins {
    /// Spanish: "treinta y dos" (only between tens and units).
    TensUnits,
    /// English: "one hundred and five" (only after a whole hundred).
    AfterHundreds,
}

/// Canonical spelling tables, for the words formatter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spelling {
    pub units: Vec<String>,
    pub tens: Vec<String>,
    pub tens_joiner: String,
    pub hundreds: Vec<String>,
    pub hundred_exact: String,
    pub apocope: BTreeMap<String, String>,
}

/// Number-reading data for one language, compiled from `rules/<lang>/numbers.toml`.
///
/// Load a custom one with [`NumberLexicon::from_toml`], or use the embedded packs
/// [`NumberLexicon::spanish`] and [`NumberLexicon::english`].
#[derive(Debug)]
pub struct NumberLexicon {
    pub(crate) words: WordTable,
    pub(crate) info: Vec<WordInfo>,
    /// Punctuation marks that appear in phrases, with their ids (a handful: linear search).
    pub(crate) punct_ids: Vec<(char, WordId)>,
    pub(crate) max_word_len: usize,
    /// For each ASCII first byte of a folded word, a bit per word length (< 64) present in
    /// the lexicon: a look-up that cannot hit is skipped without hashing.
    pub(crate) len_mask: [u64; 128],
    pub(crate) decimal: char,
    pub(crate) thousands: Vec<char>,
    pub(crate) group_spaces: Vec<char>,
    pub(crate) and_joins: AndJoins,
    pub(crate) hyphen_joins: bool,
    pub(crate) multipliers: Vec<Multiplier>,
    pub(crate) spelling: Spelling,
    pub(crate) percent: PhraseSet<QuantityKind>,
    pub(crate) money_prefixes: PhraseSet<()>,
    pub(crate) qualifiers: PhraseSet<Qualifier>,
    pub(crate) about_after: PhraseSet<()>,
    pub(crate) identifier_prefixes: PhraseSet<()>,
    pub(crate) year_range: (u32, u32),
    pub(crate) year_before: PhraseSet<()>,
    pub(crate) date_of: PhraseSet<()>,
    pub(crate) date_joiners: PhraseSet<()>,
    pub(crate) date_before: PhraseSet<()>,
    pub(crate) time_before: PhraseSet<()>,
    pub(crate) time_after: PhraseSet<()>,
    pub(crate) range_open: PhraseSet<()>,
    pub(crate) range_join: PhraseSet<()>,
    /// Lowercase verb endings with their length in chars.
    pub(crate) verb_endings: Vec<(String, usize)>,
    pub(crate) modifier_stop_endings: Vec<(String, usize)>,
    pub(crate) plural_endings: Vec<String>,
    pub(crate) max_unit_words: usize,
    pub(crate) unit_head: UnitHead,
}

static SPANISH: LazyLock<NumberLexicon> = LazyLock::new(|| {
    NumberLexicon::from_toml(include_str!("../../rules/es/numbers.toml"))
        .expect("embedded rules/es/numbers.toml is valid (checked by tests)")
});

static ENGLISH: LazyLock<NumberLexicon> = LazyLock::new(|| {
    NumberLexicon::from_toml(include_str!("../../rules/en/numbers.toml"))
        .expect("embedded rules/en/numbers.toml is valid (checked by tests)")
});

impl NumberLexicon {
    /// The embedded Spanish (es-MX) pack, `rules/es/numbers.toml`, parsed once.
    pub fn spanish() -> &'static NumberLexicon {
        &SPANISH
    }

    /// The embedded English pack, `rules/en/numbers.toml`, parsed once.
    pub fn english() -> &'static NumberLexicon {
        &ENGLISH
    }

    /// Parses and compiles a `numbers.toml` language pack.
    ///
    /// Unknown fields, wrong types and inconsistent data (see the module docs) are errors.
    pub fn from_toml(src: &str) -> Result<Self, toml::de::Error> {
        let file: LexiconFile = toml::from_str(src)?;
        Builder::default()
            .build(file)
            .map_err(|msg| <toml::de::Error as serde::de::Error>::custom(format!("numbers lexicon: {msg}")))
    }

    /// The decimal separator this language writes by default.
    pub fn decimal_separator(&self) -> char {
        self.decimal
    }

    pub(crate) fn lookup(&self, folded: &str) -> WordId {
        let bytes = folded.as_bytes();
        if !self.may_hold(bytes) {
            return NO_WORD;
        }
        let h = bytes.iter().fold(WORD_HASH_SEED, |h, &b| word_hash(h, b));
        self.words.get(h, |key| key == bytes)
    }

    /// [`Self::lookup`] of the lower-case form of a word of ASCII letters, given `hash`, the
    /// [`word_hash`] of its lower-case bytes (the lexer computes it while reading the word).
    #[inline]
    pub(crate) fn lookup_ascii_letters(&self, word: &[u8], hash: u64) -> WordId {
        let lower_first = word.first().map(u8::to_ascii_lowercase);
        if word.len() > self.max_word_len
            || lower_first.is_some_and(|f| word.len() < 64 && self.len_mask[usize::from(f)] & (1 << word.len()) == 0)
        {
            return NO_WORD;
        }
        // `word` is ASCII letters, so `w | 0x20` is its lower-case form.
        self.words.get(hash, |key| key.len() == word.len() && key.iter().zip(word).all(|(k, w)| *k == w | 0x20))
    }

    /// Whether some word of the lexicon has this [`word_hash`] (if not, no folded word with
    /// this hash is in the lexicon, and it need not be written out to be looked up).
    #[inline]
    pub(crate) fn has_hash(&self, hash: u64) -> bool {
        self.words.get(hash, |_| true) != NO_WORD
    }

    /// Cheap exact pre-checks: a folded word that fails them is not in the lexicon.
    fn may_hold(&self, folded: &[u8]) -> bool {
        let len = folded.len();
        if len > self.max_word_len {
            return false;
        }
        match folded.first() {
            Some(&first) if first < 128 && len < 64 => self.len_mask[usize::from(first)] & (1 << len) != 0,
            _ => true,
        }
    }

    /// The lexicon flags of `id` ([`NO_WORD`] has none).
    pub(crate) fn flags(&self, id: WordId) -> u32 {
        if id == NO_WORD { 0 } else { self.info[id as usize].flags }
    }

    pub(crate) fn punct_id(&self, c: char) -> WordId {
        self.punct_ids.iter().find(|(p, _)| *p == c).map_or(NO_WORD, |(_, id)| *id)
    }

    pub(crate) fn word_info(&self, id: WordId) -> WordInfo {
        if id == NO_WORD { WordInfo::default() } else { self.info[id as usize] }
    }

    /// Does this folded word end like a plural noun?
    pub(crate) fn looks_plural(&self, folded: &str) -> bool {
        self.plural_endings.iter().any(|e| folded.len() > e.len() && folded.ends_with(e.as_str()))
    }

    /// Does this word end like a conjugated verb (case-insensitively)? `modifier`: in the
    /// position of an adjective after a head noun, where more endings give it away.
    pub(crate) fn looks_like_verb(&self, word: &str, modifier: bool) -> bool {
        // Lowercase the last few chars into a stack buffer once (endings are short), then
        // compare bytes; this runs for every candidate unit word.
        const TAIL_CHARS: usize = 8;
        let mut tail = [0u8; 4 * TAIL_CHARS];
        let mut at = tail.len();
        let mut total_chars = 0usize;
        for c in word.chars().rev() {
            total_chars += 1;
            if total_chars <= TAIL_CHARS {
                let lower = if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) };
                let mut utf8 = [0u8; 4];
                let encoded = lower.encode_utf8(&mut utf8).as_bytes();
                at -= encoded.len();
                tail[at..at + encoded.len()].copy_from_slice(encoded);
            }
        }
        let tail = &tail[at..];
        let last = tail.last().copied();
        let ends = |list: &[(String, usize)]| {
            list.iter().any(|(e, chars)| {
                e.as_bytes().last().copied() == last && total_chars >= chars + 2 && tail.ends_with(e.as_bytes())
            })
        };
        ends(&self.verb_endings) || (modifier && ends(&self.modifier_stop_endings))
    }
}

/// Start value of [`word_hash`].
pub(crate) const WORD_HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Hash of a folded word, one byte at a time (FNV-1a), so that the lexer can compute it in
/// the loop that finds the end of a word.
#[inline]
pub(crate) fn word_hash(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The folded words of a lexicon, in a table keyed by [`word_hash`], which the lexer computes
/// while it reads a word: a look-up needs neither a lower-case copy of the word nor a second
/// pass over it.
#[derive(Debug)]
pub(crate) struct WordTable {
    /// (full hash, folded key, id).
    entries: hashbrown::HashTable<(u64, Box<[u8]>, WordId)>,
}

impl WordTable {
    fn new<S>(words: &HashMap<Box<str>, WordId, S>) -> Self {
        let mut entries = hashbrown::HashTable::with_capacity(words.len());
        for (key, &id) in words {
            let hash = key.bytes().fold(WORD_HASH_SEED, word_hash);
            entries.insert_unique(Self::mix(hash), (hash, key.as_bytes().into(), id), |e| Self::mix(e.0));
        }
        WordTable { entries }
    }

    /// FNV's low bits alone spread short words badly: the table gets a multiplicative mix.
    #[inline]
    fn mix(hash: u64) -> u64 {
        hash.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(32)
    }

    /// The id of the key with this hash for which `eq` holds, else [`NO_WORD`].
    #[inline]
    fn get(&self, hash: u64, eq: impl Fn(&[u8]) -> bool) -> WordId {
        self.entries.find(Self::mix(hash), |e| e.0 == hash && eq(&e.1)).map_or(NO_WORD, |e| e.2)
    }
}

// ---------------------------------------------------------------------------------------------
// TOML schema
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    separators: SeparatorsSpec,
    cardinals: BTreeMap<String, u32>,
    words: WordsSpec,
    multipliers: Vec<MultiplierSpec>,
    spelling: Spelling,
    ordinals: OrdinalsSpec,
    percent: PercentSpec,
    money: MoneySpec,
    qualifiers: QualifiersSpec,
    context: ContextSpec,
    units: UnitsSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeparatorsSpec {
    decimal: char,
    thousands: Vec<char>,
    group_spaces: Vec<char>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsSpec {
    article_like: Vec<String>,
    one_before_multiplier: Vec<String>,
    half: Vec<String>,
    and: Vec<String>,
    and_joins: AndJoins,
    hyphen_joins: bool,
    hundred: Vec<String>,
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MultiplierSpec {
    value: u64,
    singular: String,
    plural: String,
    #[serde(default)]
    bare: bool,
    #[serde(default)]
    one: String,
    #[serde(default = "default_true")]
    spell: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrdinalsSpec {
    words: BTreeMap<String, u32>,
    suffixes: Vec<String>,
    indicators: Vec<char>,
    degree_units: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PercentSpec {
    percent: Vec<String>,
    points: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneySpec {
    prefixes: Vec<String>,
    units: Vec<String>,
    scaled_units: BTreeMap<String, u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifiersSpec {
    more_than: Vec<String>,
    at_least: Vec<String>,
    less_than: Vec<String>,
    about: Vec<String>,
    up_to: Vec<String>,
    about_after: Vec<String>,
    articles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextSpec {
    identifier_prefixes: Vec<String>,
    year_range: [u32; 2],
    year_before: Vec<String>,
    months: Vec<String>,
    weekdays: Vec<String>,
    date_of: Vec<String>,
    date_joiners: Vec<String>,
    date_before: Vec<String>,
    time_before: Vec<String>,
    time_after: Vec<String>,
    range_open: Vec<String>,
    range_join: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsSpec {
    skip_before: Vec<String>,
    stopwords: Vec<String>,
    verb_endings: Vec<String>,
    modifier_stop_endings: Vec<String>,
    plural_endings: Vec<String>,
    name_joiners: Vec<String>,
    glued: Vec<String>,
    max_words: usize,
    head: UnitHead,
}

/// Where the head noun sits in a unit phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum UnitHead {
    /// Spanish: the noun comes first, adjectives follow ("atenciones médicas").
    First,
    /// English: adjectives come first, the noun last ("medical consultations").
    Last,
}

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Builder {
    words: HashMap<Box<str>, WordId, BuildHasherDefault<FxHasher>>,
    info: Vec<WordInfo>,
    punct_ids: Vec<(char, WordId)>,
    max_word_len: usize,
}

impl Builder {
    fn intern_word(&mut self, folded: &str) -> WordId {
        if let Some(id) = self.words.get(folded) {
            return *id;
        }
        let id = WordId::try_from(self.info.len()).unwrap_or(NO_WORD - 1);
        self.words.insert(folded.into(), id);
        self.info.push(WordInfo::default());
        self.max_word_len = self.max_word_len.max(folded.len());
        id
    }

    fn intern_punct(&mut self, c: char) -> WordId {
        if let Some((_, id)) = self.punct_ids.iter().find(|(p, _)| *p == c) {
            return *id;
        }
        let id = WordId::try_from(self.info.len()).unwrap_or(NO_WORD - 1);
        self.info.push(WordInfo::default());
        self.punct_ids.push((c, id));
        id
    }

    /// A single word (an entry of a word list); phrases with spaces are errors here.
    fn single(&mut self, what: &str, word: &str) -> Result<WordId, String> {
        let ids = self.phrase_ids(what, word)?;
        match *ids {
            [id] => Ok(id),
            _ => Err(format!("{what}: {word:?} must be a single word")),
        }
    }

    fn phrase_ids(&mut self, what: &str, phrase: &str) -> Result<Box<[WordId]>, String> {
        let mut ids = Vec::new();
        for piece in split_phrase(phrase) {
            ids.push(match piece {
                PhrasePiece::Word(w) => self.intern_word(&fold(w)),
                PhrasePiece::Punct(c) => self.intern_punct(c),
            });
        }
        if ids.is_empty() {
            return Err(format!("{what}: empty entry {phrase:?}"));
        }
        Ok(ids.into_boxed_slice())
    }

    fn phrases<T: Copy>(&mut self, what: &str, list: &[String], value: T) -> Result<Vec<Phrase<T>>, String> {
        list.iter().map(|p| Ok(Phrase { ids: self.phrase_ids(what, p)?, value })).collect()
    }

    fn flag_all(&mut self, what: &str, list: &[String], f: u32) -> Result<(), String> {
        for w in list {
            let id = self.single(what, w)?;
            self.info[id as usize].flags |= f;
        }
        Ok(())
    }

    fn build(mut self, file: LexiconFile) -> Result<NumberLexicon, String> {
        let LexiconFile {
            separators,
            cardinals,
            words,
            multipliers,
            spelling,
            ordinals,
            percent,
            money,
            qualifiers,
            context,
            units,
        } = file;

        if !matches!(separators.decimal, '.' | ',') {
            return Err("separators.decimal must be \".\" or \",\"".into());
        }
        if separators.thousands.contains(&separators.decimal) {
            return Err("separators.decimal is also listed in separators.thousands".into());
        }
        if let Some(c) = separators.thousands.iter().find(|c| !matches!(c, '.' | ',') && !c.is_whitespace()) {
            return Err(format!("separators.thousands: unsupported separator {c:?}"));
        }
        if let Some(c) = separators.group_spaces.iter().find(|c| !c.is_whitespace()) {
            return Err(format!("separators.group_spaces: {c:?} is not a space"));
        }

        for (word, value) in &cardinals {
            if *value > 999 {
                return Err(format!("cardinals: {word:?} = {value} is above 999"));
            }
            let id = self.single("cardinals", word)?;
            let info = &mut self.info[id as usize];
            info.cardinal = Some(*value);
            info.flags |= flag::FIGURE_START;
        }
        for (word, value) in &ordinals.words {
            if *value == 0 || *value > 999 {
                return Err(format!("ordinals.words: {word:?} = {value} is out of 1..=999"));
            }
            let id = self.single("ordinals.words", word)?;
            let info = &mut self.info[id as usize];
            info.ordinal = Some(*value);
            info.flags |= flag::FIGURE_START;
        }

        let mut compiled_multipliers = Vec::with_capacity(multipliers.len());
        for (index, m) in multipliers.iter().enumerate() {
            if m.value < 1000 || !is_power_of_ten(m.value) {
                return Err(format!("multipliers: {} must be a power of ten, at least 1000", m.value));
            }
            let index = u8::try_from(index).map_err(|_| "too many multipliers".to_string())?;
            for w in [&m.singular, &m.plural] {
                let id = self.single("multipliers", w)?;
                let info = &mut self.info[id as usize];
                info.multiplier = Some(index);
                info.flags |= flag::FIGURE_START;
            }
            compiled_multipliers.push(Multiplier {
                value: Decimal::from(m.value),
                singular: m.singular.clone(),
                plural: m.plural.clone(),
                one: m.one.clone(),
                bare: m.bare,
                spell: m.spell,
            });
        }
        if !compiled_multipliers.iter().any(|m| m.spell && m.value == Decimal::from(1000)) {
            return Err("multipliers: a spelled multiplier with value 1000 is required".into());
        }

        if spelling.units.len() < 10 || spelling.units.len() > 100 {
            return Err("spelling.units must list the words for 0 up to at least 9".into());
        }
        if spelling.tens.len() != 10 || spelling.hundreds.len() != 10 {
            return Err("spelling.tens and spelling.hundreds must have 10 entries each".into());
        }
        let units_len = spelling.units.len();
        for (i, t) in spelling.tens.iter().enumerate() {
            if t.is_empty() && i * 10 >= units_len && i > 0 {
                return Err(format!("spelling.tens[{i}] is empty but needed"));
            }
        }

        self.flag_all("words.article_like", &words.article_like, flag::ARTICLE_LIKE)?;
        self.flag_all(
            "words.one_before_multiplier",
            &words.one_before_multiplier,
            flag::ONE_BEFORE_MULT | flag::FIGURE_START,
        )?;
        self.flag_all("words.half", &words.half, flag::HALF | flag::FIGURE_START)?;
        self.flag_all("words.and", &words.and, flag::AND)?;
        self.flag_all("words.hundred", &words.hundred, flag::HUNDRED)?;

        self.flag_all("ordinals.suffixes", &ordinals.suffixes, flag::ORD_SUFFIX)?;
        self.flag_all("ordinals.degree_units", &ordinals.degree_units, flag::DEGREE_UNIT)?;
        for c in &ordinals.indicators {
            let id = self.intern_punct(*c);
            self.info[id as usize].flags |= flag::INDICATOR;
        }

        let mut percent_phrases = self.phrases("percent.percent", &percent.percent, QuantityKind::Percent)?;
        percent_phrases.extend(self.phrases("percent.points", &percent.points, QuantityKind::Points)?);

        let money_prefixes = self.phrases("money.prefixes", &money.prefixes, ())?;
        for p in &money_prefixes {
            self.info[p.ids[0] as usize].flags |= flag::FIGURE_START;
        }
        self.flag_all("money.units", &money.units, flag::MONEY_UNIT)?;
        for (word, power) in &money.scaled_units {
            if !(1..=15).contains(power) {
                return Err(format!("money.scaled_units: {word:?} = {power} is out of 1..=15"));
            }
            let id = self.single("money.scaled_units", word)?;
            let info = &mut self.info[id as usize];
            info.money_scale = Some(*power);
            info.flags |= flag::MONEY_UNIT;
        }

        let mut qualifier_phrases = Vec::new();
        for (list, q) in [
            (&qualifiers.more_than, Qualifier::MoreThan),
            (&qualifiers.at_least, Qualifier::AtLeast),
            (&qualifiers.less_than, Qualifier::LessThan),
            (&qualifiers.about, Qualifier::About),
            (&qualifiers.up_to, Qualifier::UpTo),
        ] {
            qualifier_phrases.extend(self.phrases("qualifiers", list, q)?);
        }
        let about_after = self.phrases("qualifiers.about_after", &qualifiers.about_after, ())?;
        self.flag_all("qualifiers.articles", &qualifiers.articles, flag::ARTICLE)?;

        let [year_lo, year_hi] = context.year_range;
        if year_lo > year_hi || year_hi > 9999 || year_lo < 1000 {
            return Err("context.year_range must be two four-digit years, low first".into());
        }
        let identifier_prefixes = self.phrases("context.identifier_prefixes", &context.identifier_prefixes, ())?;
        let year_before = self.phrases("context.year_before", &context.year_before, ())?;
        self.flag_all("context.months", &context.months, flag::MONTH)?;
        self.flag_all("context.weekdays", &context.weekdays, flag::WEEKDAY)?;
        let date_of = self.phrases("context.date_of", &context.date_of, ())?;
        let date_joiners = self.phrases("context.date_joiners", &context.date_joiners, ())?;
        let date_before = self.phrases("context.date_before", &context.date_before, ())?;
        let time_before = self.phrases("context.time_before", &context.time_before, ())?;
        let time_after = self.phrases("context.time_after", &context.time_after, ())?;
        let range_open = self.phrases("context.range_open", &context.range_open, ())?;
        let range_join = self.phrases("context.range_join", &context.range_join, ())?;

        self.flag_all("units.skip_before", &units.skip_before, flag::SKIP_BEFORE_UNIT)?;
        self.flag_all("units.stopwords", &units.stopwords, flag::STOP)?;
        self.flag_all("units.name_joiners", &units.name_joiners, flag::NAME_JOINER)?;
        self.flag_all("units.glued", &units.glued, flag::GLUED_UNIT)?;
        if units.max_words == 0 {
            return Err("units.max_words must be at least 1".into());
        }
        let lower = |list: &[String]| list.iter().map(|e| (e.to_lowercase(), e.chars().count())).collect::<Vec<_>>();
        if let Some(e) = units
            .verb_endings
            .iter()
            .chain(&units.modifier_stop_endings)
            .find(|e| e.is_empty() || e.chars().count() > 6)
        {
            return Err(format!("units: verb ending {e:?} must have 1 to 6 letters"));
        }
        let verb_endings = lower(&units.verb_endings);
        let modifier_stop_endings = lower(&units.modifier_stop_endings);

        let mut len_mask = [0u64; 128];
        for word in self.words.keys() {
            let (len, first) = (word.len(), word.as_bytes()[0]);
            if first < 128 && len < 64 {
                len_mask[usize::from(first)] |= 1 << len;
            }
        }
        Ok(NumberLexicon {
            len_mask,
            words: WordTable::new(&self.words),
            info: self.info,
            punct_ids: self.punct_ids,
            max_word_len: self.max_word_len,
            decimal: separators.decimal,
            thousands: separators.thousands,
            group_spaces: separators.group_spaces,
            and_joins: words.and_joins,
            hyphen_joins: words.hyphen_joins,
            multipliers: compiled_multipliers,
            spelling,
            percent: PhraseSet::new(percent_phrases),
            money_prefixes: PhraseSet::new(money_prefixes),
            qualifiers: PhraseSet::new(qualifier_phrases),
            about_after: PhraseSet::new(about_after),
            identifier_prefixes: PhraseSet::new(identifier_prefixes),
            year_range: (year_lo, year_hi),
            year_before: PhraseSet::new(year_before),
            date_of: PhraseSet::new(date_of),
            date_joiners: PhraseSet::new(date_joiners),
            date_before: PhraseSet::new(date_before),
            time_before: PhraseSet::new(time_before),
            time_after: PhraseSet::new(time_after),
            range_open: PhraseSet::new(range_open),
            range_join: PhraseSet::new(range_join),
            verb_endings,
            modifier_stop_endings,
            plural_endings: units.plural_endings.iter().map(|e| fold(e)).collect(),
            max_unit_words: units.max_words,
            unit_head: units.head,
        })
    }
}

fn is_power_of_ten(mut v: u64) -> bool {
    while v >= 10 && v % 10 == 0 {
        v /= 10;
    }
    v == 1
}

/// A small, fast, non-cryptographic hasher (the rustc "Fx" hash) for the word map: keys are
/// short folded words from trusted language data, and one look-up per scanned word is the
/// hot path, so SipHash's flood resistance buys nothing here.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_packs_load() {
        let es = NumberLexicon::spanish();
        assert_eq!(es.decimal_separator(), '.');
        let id = es.lookup("millones");
        assert!(es.word_info(id).multiplier.is_some());
        assert_eq!(es.word_info(es.lookup("dieciseis")).cardinal, Some(16));
        let en = NumberLexicon::english();
        assert_eq!(en.word_info(en.lookup("third")).ordinal, Some(3));
    }

    #[test]
    fn rejects_unknown_fields_and_bad_data() {
        let src = include_str!("../../rules/es/numbers.toml");
        let bad = src.replacen("[separators]", "[separators]\nbogus = 1", 1);
        assert!(NumberLexicon::from_toml(&bad).is_err());
        let bad = src.replacen("value = 1000000\n", "value = 1234567\n", 1);
        let err = NumberLexicon::from_toml(&bad).unwrap_err().to_string();
        assert!(err.contains("power of ten"), "{err}");
        let bad = src.replacen("decimal = \".\"", "decimal = \",\"", 1);
        assert!(NumberLexicon::from_toml(&bad).is_err());
    }

    #[test]
    fn power_of_ten() {
        assert!(is_power_of_ten(1000));
        assert!(is_power_of_ten(1_000_000_000_000));
        assert!(!is_power_of_ten(1200));
    }
}
