//! The language data of the date reader: month and weekday names, connectors, relative
//! words, future-tense markers and message templates, read from a TOML language pack
//! (`rules/es/calendar.toml`, `rules/en/calendar.toml`).
//!
//! The TOML is deserialized into `CalendarFile` (unknown fields are an error) and compiled
//! once into a [`Calendar`]: every name and phrase is folded and split into token keys so the
//! reader compares tokens, never raw strings. The two built-in packs are embedded with
//! `include_str!` and compiled lazily ([`Calendar::spanish`], [`Calendar::english`]).

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use jiff::civil::Weekday;
use regex::{Captures, Regex};
use serde::Deserialize;

use super::lexer::{Keys, NO_SYM, Phrase, PhraseSet, Sym, fold};

const SPANISH_TOML: &str = include_str!("../../rules/es/calendar.toml");
const ENGLISH_TOML: &str = include_str!("../../rules/en/calendar.toml");

static SPANISH: LazyLock<Calendar> =
    LazyLock::new(|| Calendar::from_toml(SPANISH_TOML).expect("the embedded rules/es/calendar.toml is valid"));
static ENGLISH: LazyLock<Calendar> =
    LazyLock::new(|| Calendar::from_toml(ENGLISH_TOML).expect("the embedded rules/en/calendar.toml is valid"));

/// Weekdays in the order of the language packs (Monday first).
pub(crate) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// A language pack that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// The TOML is malformed, has an unknown field or a value of the wrong type. The error
    /// carries the byte span into the TOML source.
    #[error("invalid calendar file: {0}")]
    Toml(#[from] toml::de::Error),
    /// The TOML is well formed but its content is unusable.
    #[error("invalid calendar file: {0}")]
    Invalid(String),
}

/// How a numeric date (`31/12/2024`) orders its day and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumericOrder {
    /// Day, month, year: `31/12/2024` (Spanish).
    Dmy,
    /// Month, day, year: `12/31/2024` (US English).
    Mdy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    language: String,
    months: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
    names_need_capital: bool,
    #[serde(default)]
    day_words: BTreeMap<String, u8>,
    grammar: GrammarFile,
    deixis: DeixisFile,
    tense: TenseFile,
    bulletin: BulletinFile,
    messages: Messages,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrammarFile {
    ordinal_suffixes: Vec<String>,
    day_first: bool,
    month_first: bool,
    day_month_connectors: Vec<String>,
    day_month_connector_required: bool,
    year_connectors: Vec<String>,
    year_connector_required: bool,
    numeric_order: NumericOrder,
    date_words: Vec<String>,
    list_joiners: Vec<String>,
    monthless_followers: Vec<String>,
    ranges: Vec<RangeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeFile {
    openers: Vec<String>,
    joiners: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeixisFile {
    current: Vec<String>,
    past: Vec<String>,
    future: Vec<String>,
    skip: Vec<String>,
    year_phrases: BTreeMap<String, i8>,
    current_year: CurrentYearFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentYearFile {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenseFile {
    future: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulletinFile {
    prefixes: Vec<String>,
}

/// Message templates of a language pack (the `[messages]` table). Fields in braces
/// (`{date}`, `{actual}`…) are filled in by [`super::DateProblem::describe`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is the template of the message of the same name
pub struct Messages {
    pub date: String,
    pub date_without_year: String,
    pub verb_past: String,
    pub verb_present: String,
    pub verb_future: String,
    pub weekday_mismatch: String,
    pub weekday_mismatch_help: String,
    pub weekday_mismatch_suggestion: String,
    pub weekday_label: String,
    pub date_label: String,
    pub year_assumed_note: String,
    pub month_assumed_note: String,
    pub source_dateline: String,
    pub source_bulletin: String,
    pub source_document: String,
    pub source_default: String,
    pub source_relative: String,
    pub impossible: String,
    pub impossible_day_help: String,
    pub impossible_leap_help: String,
    pub impossible_label: String,
    pub reversed_range: String,
    pub reversed_range_help: String,
    pub range_start_label: String,
    pub range_end_label: String,
    pub bulletin_year: String,
    pub bulletin_year_help: String,
    pub bulletin_label: String,
    pub dateline_label: String,
    pub stale_year: String,
    pub stale_year_help: String,
    pub marker_label: String,
    pub year_label: String,
    pub past_future: String,
    pub past_future_help: String,
    pub tense_label: String,
    pub event_label: String,
}

/// A range shape: the phrases that open it and the phrases that join its start and end.
#[derive(Clone, Debug)]
pub(crate) struct RangeShape {
    pub openers: PhraseSet,
    pub joiners: PhraseSet,
}

/// Whether a relative word places a date before, at or after the day of writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Deixis {
    /// `el pasado lunes 3`, `ayer`: on or before the reference date.
    Past,
    /// `hoy`, `este lunes`: the reference date or close to it.
    Current,
    /// `el próximo 3 de mayo`, `mañana`: on or after the reference date.
    Future,
}

/// Compiled language data for the date reader. Build one with [`Calendar::from_toml`], or
/// use the embedded [`Calendar::spanish`] and [`Calendar::english`].
#[derive(Debug)]
pub struct Calendar {
    language: String,
    /// Finds month names in raw text, for [`Calendar::may_hold_a_date`].
    month_finder: aho_corasick::AhoCorasick,
    month_display: Vec<String>,
    weekday_display: Vec<String>,
    pub(crate) names_need_capital: bool,
    /// The folded keys of every name and phrase below, for [`super::lexer::tokenize`].
    pub(crate) keys: Keys,
    /// By symbol: the month (1–12) a key names, or 0.
    month_by_sym: Vec<u8>,
    /// By symbol: the weekday a key names.
    weekday_by_sym: Vec<Option<Weekday>>,
    /// By symbol: whether a key is an ordinal mark.
    ordinal_by_sym: Vec<bool>,
    /// By symbol: whether a date group may start with a word or mark of this key (see
    /// [`Calendar::may_start_group`]).
    group_start_by_sym: Vec<bool>,
    /// The keys that join a list of weekday names (`,`, `y`, `el`, `and`…).
    pub(crate) weekday_list_joins: Vec<Sym>,
    /// The key `a` (`Tijuana, Baja California, a 27 de octubre`).
    pub(crate) dateline_a: Sym,
    pub(crate) day_words: PhraseSet,
    pub(crate) day_word_values: Vec<u8>,
    pub(crate) day_first: bool,
    pub(crate) month_first: bool,
    pub(crate) day_month_connectors: PhraseSet,
    pub(crate) day_month_connector_required: bool,
    pub(crate) year_connectors: PhraseSet,
    pub(crate) year_connector_required: bool,
    pub(crate) numeric_order: NumericOrder,
    pub(crate) date_words: PhraseSet,
    pub(crate) list_joiners: PhraseSet,
    pub(crate) monthless_followers: PhraseSet,
    pub(crate) ranges: Vec<RangeShape>,
    pub(crate) deixis: PhraseSet,
    pub(crate) deixis_kinds: Vec<Deixis>,
    pub(crate) deixis_skip: PhraseSet,
    pub(crate) year_phrases: PhraseSet,
    pub(crate) year_offsets: Vec<i8>,
    pub(crate) current_year_phrases: PhraseSet,
    pub(crate) future_tense: PhraseSet,
    pub(crate) bulletin: BulletinPattern,
    messages: Messages,
}

fn phrases(list: &[String], keys: &mut Keys) -> PhraseSet {
    PhraseSet::from_texts(list, keys)
}

impl Calendar {
    /// Reads a language pack. Errors on malformed TOML, unknown fields, or content the reader
    /// cannot use (not 12 months or 7 weekdays, an empty name, a day word outside 1–31).
    pub fn from_toml(source: &str) -> Result<Calendar, CalendarError> {
        let file: CalendarFile = toml::from_str(source)?;
        Calendar::compile(file)
    }

    /// The embedded Spanish (es-MX) pack, `rules/es/calendar.toml`.
    pub fn spanish() -> &'static Calendar {
        &SPANISH
    }

    /// The embedded English pack, `rules/en/calendar.toml`.
    pub fn english() -> &'static Calendar {
        &ENGLISH
    }

    /// The embedded pack for a language code (`"es"`, `"en"`, or a tag such as `"es-MX"`).
    pub fn for_language(code: &str) -> Option<&'static Calendar> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "es" => Some(Calendar::spanish()),
            "en" => Some(Calendar::english()),
            _ => None,
        }
    }

    fn compile(file: CalendarFile) -> Result<Calendar, CalendarError> {
        if file.months.len() != 12 {
            return Err(CalendarError::Invalid(format!("`months` must list 12 months, found {}", file.months.len())));
        }
        if file.weekdays.len() != 7 {
            return Err(CalendarError::Invalid(format!(
                "`weekdays` must list 7 weekdays, found {}",
                file.weekdays.len()
            )));
        }
        let mut keys = Keys::default();
        let mut month_names = HashMap::default();
        let mut month_syms = Vec::new();
        let mut month_display = Vec::new();
        for (index, names) in file.months.iter().enumerate() {
            let number = u8::try_from(index + 1).unwrap_or(u8::MAX);
            let display = names
                .first()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| CalendarError::Invalid(format!("month {number} has no name")))?;
            month_display.push(display.clone());
            for name in names {
                let (key, sym) = single_word(name, "month", &mut keys)?;
                month_names.insert(key, number);
                month_syms.push((sym, number));
            }
        }
        let mut weekday_syms = Vec::new();
        let mut weekday_display = Vec::new();
        for (names, weekday) in file.weekdays.iter().zip(WEEKDAYS) {
            let display = names
                .first()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| CalendarError::Invalid(format!("weekday {weekday:?} has no name")))?;
            weekday_display.push(display.clone());
            for name in names {
                let (_, sym) = single_word(name, "weekday", &mut keys)?;
                weekday_syms.push((sym, weekday));
            }
        }
        let mut day_words = Vec::new();
        let mut day_word_values = Vec::new();
        for (words, &day) in &file.day_words {
            if !(1..=31).contains(&day) {
                return Err(CalendarError::Invalid(format!(
                    "day word `{words}` must be a day from 1 to 31, found {day}"
                )));
            }
            let phrase = Phrase::new(words, &mut keys);
            if phrase.len() > 0 {
                day_words.push(phrase);
                day_word_values.push(day);
            }
        }
        let grammar = &file.grammar;
        if !grammar.day_first && !grammar.month_first {
            return Err(CalendarError::Invalid(
                "at least one of `day_first` and `month_first` must be true".to_owned(),
            ));
        }
        let mut deixis = Vec::new();
        let mut deixis_kinds = Vec::new();
        for (list, kind) in [
            (&file.deixis.current, Deixis::Current),
            (&file.deixis.past, Deixis::Past),
            (&file.deixis.future, Deixis::Future),
        ] {
            for phrase in list.iter().map(|p| Phrase::new(p, &mut keys)).filter(|p| p.len() > 0) {
                deixis.push(phrase);
                deixis_kinds.push(kind);
            }
        }
        let mut year_phrases = Vec::new();
        let mut year_offsets = Vec::new();
        for (text, &offset) in &file.deixis.year_phrases {
            let phrase = Phrase::new(text, &mut keys);
            if phrase.len() > 0 {
                year_phrases.push(phrase);
                year_offsets.push(offset);
            }
        }
        // Month names as keys are folded (lower case, no accents); raw text is matched
        // ignoring ASCII case, which covers them: month names are ASCII in both packs, and
        // an accented spelling only costs the fast path, never a date.
        let month_finder = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Longest first: `March` must not be found as `Mar` and then dropped for the
            // letter after it, which made a block with `March` and no digit look dateless.
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(month_names.keys())
            .map_err(|e| CalendarError::Invalid(format!("month names: {e}")))?;
        let ordinal_syms: Vec<Sym> = grammar.ordinal_suffixes.iter().map(|s| keys.intern(&fold(s))).collect();
        let day_month_connectors = phrases(&grammar.day_month_connectors, &mut keys);
        let year_connectors = phrases(&grammar.year_connectors, &mut keys);
        let date_words = phrases(&grammar.date_words, &mut keys);
        let list_joiners = phrases(&grammar.list_joiners, &mut keys);
        let monthless_followers = phrases(&grammar.monthless_followers, &mut keys);
        let ranges: Vec<RangeShape> = grammar
            .ranges
            .iter()
            .map(|r| RangeShape { openers: phrases(&r.openers, &mut keys), joiners: phrases(&r.joiners, &mut keys) })
            .collect();
        let deixis_skip = phrases(&file.deixis.skip, &mut keys);
        let current_year_phrases = phrases(&file.deixis.current_year.phrases, &mut keys);
        let future_tense = phrases(&file.tense.future, &mut keys);
        // The reader's own words (see `Reader::in_weekday_list` and `header::find_dateline`).
        let weekday_list_joins = [",", "y", "e", "el", "o", "and", "or"].map(|k| keys.intern(k)).to_vec();
        let dateline_a = keys.intern("a");
        let mut month_by_sym = vec![0; keys.len()];
        let mut weekday_by_sym = vec![None; keys.len()];
        let mut ordinal_by_sym = vec![false; keys.len()];
        // A name written twice belongs to the later month or weekday.
        for (sym, month) in month_syms {
            if let Some(slot) = usize::try_from(sym).ok().and_then(|i| month_by_sym.get_mut(i)) {
                *slot = month;
            }
        }
        for (sym, weekday) in weekday_syms {
            if let Some(slot) = usize::try_from(sym).ok().and_then(|i| weekday_by_sym.get_mut(i)) {
                *slot = Some(weekday);
            }
        }
        for sym in ordinal_syms {
            if let Some(slot) = usize::try_from(sym).ok().and_then(|i| ordinal_by_sym.get_mut(i)) {
                *slot = true;
            }
        }
        let day_words = PhraseSet::new(day_words);
        // A group starts with a range opener or a date; a date, with a weekday, a number, a
        // blank, a day in words or (month first) a month.
        let group_start_by_sym = (0..keys.len())
            .map(|index| {
                let sym = Sym::try_from(index).unwrap_or(NO_SYM);
                let month = month_by_sym.get(index).is_some_and(|&m| m != 0);
                let weekday = weekday_by_sym.get(index).is_some_and(Option::is_some);
                weekday
                    || (grammar.month_first && month)
                    || day_words.starts_with(sym)
                    || ranges.iter().any(|r| r.openers.starts_with(sym))
            })
            .collect();
        Ok(Calendar {
            language: file.language,
            month_finder,
            month_display,
            weekday_display,
            names_need_capital: file.names_need_capital,
            keys,
            month_by_sym,
            weekday_by_sym,
            ordinal_by_sym,
            group_start_by_sym,
            weekday_list_joins,
            dateline_a,
            day_words,
            day_word_values,
            day_first: grammar.day_first,
            month_first: grammar.month_first,
            day_month_connectors,
            day_month_connector_required: grammar.day_month_connector_required,
            year_connectors,
            year_connector_required: grammar.year_connector_required,
            numeric_order: grammar.numeric_order,
            date_words,
            list_joiners,
            monthless_followers,
            ranges,
            deixis: PhraseSet::new(deixis),
            deixis_kinds,
            deixis_skip,
            year_phrases: PhraseSet::new(year_phrases),
            year_offsets,
            current_year_phrases,
            future_tense,
            bulletin: bulletin_regex(&file.bulletin.prefixes)?,
            messages: file.messages,
        })
    }

    /// The language code of the pack (`"es"`, `"en"`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The message templates of the pack.
    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    /// The display name of a month (1–12), as written first in the pack.
    pub fn month_name(&self, month: u8) -> &str {
        usize::from(month).checked_sub(1).and_then(|i| self.month_display.get(i)).map_or("", String::as_str)
    }

    /// The display name of a weekday, as written first in the pack.
    pub fn weekday_name(&self, weekday: Weekday) -> &str {
        let index = usize::try_from(weekday.to_monday_zero_offset()).unwrap_or(0);
        self.weekday_display.get(index).map_or("", String::as_str)
    }

    /// The month a folded word names, if any.
    /// Whether `text` may hold a date: it has a digit, or a month name as a word. Most
    /// paragraphs have neither, and the reader need not tokenize them.
    #[must_use]
    pub fn may_hold_a_date(&self, text: &str) -> bool {
        if has_ascii_digit(text.as_bytes()) {
            return true;
        }
        self.month_finder.find_iter(text).any(|m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }

    #[cfg(test)]
    pub(crate) fn month(&self, key: &str) -> Option<u8> {
        self.month_of(self.keys.get(key))
    }

    /// The weekday a folded word names, if any.
    #[cfg(test)]
    pub(crate) fn weekday(&self, key: &str) -> Option<Weekday> {
        self.weekday_of(self.keys.get(key))
    }

    /// The month a token's key names, if any.
    pub(crate) fn month_of(&self, sym: Sym) -> Option<u8> {
        self.month_by_sym.get(usize::try_from(sym).ok()?).copied().filter(|&m| m != 0)
    }

    /// The weekday a token's key names, if any.
    pub(crate) fn weekday_of(&self, sym: Sym) -> Option<Weekday> {
        self.weekday_by_sym.get(usize::try_from(sym).ok()?).copied().flatten()
    }

    /// Whether a date group may start with a word or mark of key `sym`: a range opener, a
    /// weekday, a day in words or (month first) a month. Numbers and blanks always may.
    pub(crate) fn may_start_group(&self, sym: Sym) -> bool {
        usize::try_from(sym).ok().and_then(|s| self.group_start_by_sym.get(s)).copied().unwrap_or(false)
    }

    /// Whether a token's key is one of the pack's ordinal marks (`º`, `o`, `th`).
    pub(crate) fn is_ordinal_suffix(&self, sym: Sym) -> bool {
        sym != NO_SYM && self.ordinal_by_sym.get(usize::try_from(sym).unwrap_or(usize::MAX)).copied().unwrap_or(false)
    }
}

/// Whether `bytes` has an ASCII digit, eight bytes at a time.
fn has_ascii_digit(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // "Determine if a word has a byte between m and n" (Bit Twiddling Hacks), with
        // m = b'0' - 1 and n = b'9' + 1: exact for bytes below 128, never set for the others.
        let low = x & (ONES * 127);
        if (ONES * (127 + 0x3a) - low) & !x & (low + ONES * (127 - 0x2f)) & (ONES * 128) != 0 {
            return true;
        }
    }
    tail.iter().any(u8::is_ascii_digit)
}

/// A month or weekday name must be one word, so that the reader can look it up by token.
fn single_word(name: &str, what: &str, keys: &mut Keys) -> Result<(String, Sym), CalendarError> {
    let tokens = super::lexer::tokenize_keys(name);
    match tokens.as_slice() {
        [word] => Ok((word.key.clone(), keys.intern(&word.key))),
        _ => Err(CalendarError::Invalid(format!("{what} name `{name}` must be a single word"))),
    }
}

/// The bulletin-number pattern of [`bulletin_regex`], in two parts: compiling the check of
/// what follows the year (`(?:$|[^0-9\w])`, with the large Unicode `\w`) costs more than the
/// rest, and it is only needed when a match is followed by a non-ASCII char.
#[derive(Debug)]
pub(crate) struct BulletinPattern {
    /// The pattern up to the year.
    head: Regex,
    /// The whole pattern, compiled the first time it is needed.
    full_source: String,
    full: OnceLock<Option<Regex>>,
}

impl BulletinPattern {
    /// The captures of the whole pattern in `text` (as `Regex::captures`, except that the
    /// whole match stops at the year).
    ///
    /// The leftmost-first match of `head` followed by the check is the match of the whole
    /// pattern: no match of the whole starts earlier (each starts with a match of `head`),
    /// and at that start the whole pattern prefers the path `head` prefers. When the check
    /// fails, or needs a non-ASCII char, the whole pattern decides.
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        let caps = self.head.captures(text)?;
        let end = caps.get(0)?.end();
        // `(?m)$`, or one char that is neither a digit nor a word char (ASCII `\w` is
        // `[0-9A-Za-z_]`).
        let follows = match text.get(end..).and_then(|rest| rest.chars().next()) {
            None | Some('\n') => Some(true),
            Some(c) if c.is_ascii() => Some(!(c.is_ascii_alphanumeric() || c == '_')),
            Some(_) => None,
        };
        if follows == Some(true) {
            return Some(caps);
        }
        self.full.get_or_init(|| Regex::new(&self.full_source).ok()).as_ref()?.captures(text)
    }
}

/// Builds the bulletin-number pattern: a prefix at the start of a line, a number (digits or
/// blanks), a slash and a four-digit (or blank) year, followed by the end of a line or a char
/// that is neither a digit nor a word char.
fn bulletin_regex(prefixes: &[String]) -> Result<BulletinPattern, CalendarError> {
    let mut alternatives: Vec<String> = prefixes
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| p.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"[\s\u{a0}]*"))
        .collect();
    if alternatives.is_empty() {
        return Err(CalendarError::Invalid("`bulletin.prefixes` must not be empty".to_owned()));
    }
    // Longest first, so that "Boletín No." wins over "Boletín".
    alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let head_source = format!(
        r"(?mi)^[ \t\u{{a0}}]*(?:{})[ \t\u{{a0}}]*(?P<number>[0-9][0-9_]*|_+[0-9_]*)[ \t\u{{a0}}]*/[ \t\u{{a0}}]*(?P<year>[0-9]{{4}}|_{{2,}})",
        alternatives.join("|")
    );
    let head = Regex::new(&head_source).map_err(|e| CalendarError::Invalid(format!("bulletin prefixes: {e}")))?;
    Ok(BulletinPattern { head, full_source: format!(r"{head_source}(?:$|[^0-9\w])"), full: OnceLock::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_name_without_digits_is_a_candidate_block() {
        let en = Calendar::english();
        assert!(en.may_hold_a_date("It happened in March, as planned"));
        assert!(en.may_hold_a_date("Early in MAR, as planned"));
        assert!(!en.may_hold_a_date("The Mayor marched on"));
        let es = Calendar::spanish();
        assert!(es.may_hold_a_date("a finales de marzo"));
        assert!(!es.may_hold_a_date("la mayoría de los casos"));
    }

    #[test]
    fn embedded_packs_load() {
        let es = Calendar::spanish();
        assert_eq!(es.language(), "es");
        assert_eq!(es.month("septiembre"), Some(9));
        assert_eq!(es.month("setiembre"), Some(9));
        assert_eq!(es.weekday("miercoles"), Some(Weekday::Wednesday));
        assert_eq!(es.weekday_name(Weekday::Saturday), "sábado");
        assert_eq!(es.month_name(7), "julio");
        assert_eq!(es.month_name(0), "");
        assert_eq!(es.month_name(13), "");
        let en = Calendar::english();
        assert_eq!(en.month("sept"), Some(9));
        assert_eq!(en.weekday_name(Weekday::Tuesday), "Tuesday");
        assert!(Calendar::for_language("es-MX").is_some());
        assert!(Calendar::for_language("fr").is_none());
    }

    #[test]
    fn finds_ascii_digits_in_any_position() {
        for len in 0..40 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = byte;
                    assert_eq!(has_ascii_digit(&bytes), byte.is_ascii_digit(), "{len} {at} {byte}");
                    bytes.fill(0xff - byte);
                    bytes[at] = byte;
                    assert_eq!(has_ascii_digit(&bytes), bytes.iter().any(u8::is_ascii_digit), "{len} {at} {byte}");
                }
            }
        }
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let source = format!("{SPANISH_TOML}\nunexpected = 1\n");
        let error = Calendar::from_toml(&source).unwrap_err();
        assert!(error.to_string().contains("unexpected"), "{error}");
    }

    #[test]
    fn wrong_month_count_is_rejected() {
        let source = SPANISH_TOML.replace(r#"["noviembre"], ["diciembre"],"#, "");
        let error = Calendar::from_toml(&source).unwrap_err();
        assert!(error.to_string().contains("12 months"), "{error}");
    }

    #[test]
    fn bulletin_pattern_reads_numbers_and_blanks() {
        let es = Calendar::spanish();
        for (text, number, year) in [
            ("No. 318/2025", "318", "2025"),
            ("Boletín 45/2024", "45", "2024"),
            ("BOLETÍN No. 2__/2024", "2__", "2024"),
            ("  No.\u{a0}12 / 2024\n", "12", "2024"),
            ("No. 12/2024é\nNo. 13/2025.", "13", "2025"),
            ("No. 12/20245\nNo. 13/2025", "13", "2025"),
            ("No. 12/2024_\nNo. 14/____x\nNo. 15/___\u{2028}", "15", "___"),
        ] {
            let caps = es.bulletin.captures(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(&caps["number"], number);
            assert_eq!(&caps["year"], year);
        }
        assert!(es.bulletin.captures("Hospital General Regional No. 220").is_none());
        assert!(es.bulletin.captures("el acuerdo No. 12/2024").is_none());
        assert!(es.bulletin.captures("No. 12/2024é").is_none());
        assert!(es.bulletin.captures("No. 12/2024ª").is_none());
        // The whole pattern, compiled in one piece, agrees with the two parts.
        let full = Regex::new(&es.bulletin.full_source).unwrap();
        for text in [
            "No. 12/2024",
            "No. 12/2024 ",
            "No. 12/2024é",
            "No. 12/2024ª\nNo. 3/2025",
            "No. 12/2024a\nNo. 3/2025,",
            "No. 1/____x",
            "No. 1/_____",
            "No. 1/2024\u{a0}",
            "No. 1/2024\u{2028}",
            "No. 1/20245/2026 x",
            "  BOLETÍN No. 2__/2024-",
            "No. 12/2024\r\n",
            "Boletín 5/2024Ω",
            "No. 12/2024\u{301}",
        ] {
            let two = es.bulletin.captures(text);
            let one = full.captures(text);
            assert_eq!(
                two.as_ref().map(|c| c.get(0).unwrap().start()),
                one.as_ref().map(|c| c.get(0).unwrap().start())
            );
            for name in ["number", "year"] {
                assert_eq!(
                    two.as_ref().and_then(|c| c.name(name)).map(|m| m.range()),
                    one.as_ref().and_then(|c| c.name(name)).map(|m| m.range()),
                    "{text:?}"
                );
            }
        }
    }
}
