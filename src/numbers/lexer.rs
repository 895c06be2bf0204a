//! Splits prose into the tokens the figure grammar reads: words, digit literals, punctuation.
//!
//! Invariants:
//! - Tokens are in text order, non-overlapping, and every `start..end` lies on char boundaries
//!   (the lexer only advances by whole chars). Whitespace is not a token; two tokens are
//!   "glued" when the first ends where the second starts.
//! - A digit literal is a maximal run of ASCII digits with the separators that belong to it
//!   (`1,250.50`, `1.250,5`, `193 024` with typographic spaces). Its reading is decided here,
//!   once: thousands groups must be three digits and consistent, the last separator is the
//!   decimal one when the grouping says so, and a lone `1.300` (locale decimal separator + three
//!   digits) is left for the grammar to settle with context (`NumLit::lone3`).
//!   Comma lists that merely look like decimals (`1,2,3`, `10,11 y 12`) are split into
//!   separate literals; dotted chains that are no number (`31.12.2024`, `192.168.1.1`) become
//!   one literal marked invalid, so nothing inside them is read as a figure.
//! - Word tokens carry the lexicon id of their folded form (one hash look-up into a reused
//!   buffer: no allocation per token) and their letter case.

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::fold::{fold_char_bytes, fold_into, is_combining_mark};
use super::lexicon::{NO_WORD, NumberLexicon, WORD_HASH_SEED, WordId, flag, word_hash};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    Num,
    Punct(char),
}

/// Letter case of a word token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Case {
    #[default]
    Lower,
    /// First letter uppercase, not all caps ("Consultas").
    Capitalized,
    /// Two or more letters, all uppercase ("IMSS", "UMF").
    AllCaps,
}

/// The reading of a digit literal.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NumLit {
    /// The value (for `lone3`, the thousands reading: `1.300` -> 1300).
    pub value: Decimal,
    /// Digits after the decimal separator.
    pub scale: u32,
    /// Digits before the decimal separator, thousands groups included.
    pub int_digits: u32,
    /// No separator at all ("2024", "6149607").
    pub plain: bool,
    /// The literal is a well-formed number.
    pub valid: bool,
    /// A single locale-decimal separator followed by exactly three digits ("1.300" in es-MX):
    /// decimal or thousands, decided by the grammar from context.
    pub lone3: bool,
    /// For `lone3`: the three digits end in 0 ("1.300"), which a decimal would not write.
    pub lone3_trailing_zero: bool,
}

impl NumLit {
    /// The decimal reading of a `lone3` literal ("1.125" -> 1.125).
    pub(crate) fn lone3_decimal(&self) -> Decimal {
        let mut v = self.value;
        // value is an integer here; rescaling by three places divides by 1000 exactly.
        let _ = v.set_scale(self.value.scale() + 3);
        v
    }

    pub(crate) fn is_integer(&self) -> bool {
        self.scale == 0 && !self.lone3
    }
}

/// One token of the scanned text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Lexicon id (words and punctuation marks the lexicon knows), else [`NO_WORD`].
    pub id: WordId,
    /// The lexicon flags of `id`, copied here because the scanner tests them per token.
    pub flags: u32,
    pub case: Case,
    /// For digit literals, the index of its reading in [`Tokens::nums`].
    pub num: u32,
}

/// The tokens of one text, with the readings of its digit literals kept aside (most tokens
/// are words, and a small token keeps the scan cache-friendly).
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub toks: Vec<Token>,
    pub nums: Vec<NumLit>,
}

impl Tokens {
    fn push_num(&mut self, start: usize, end: usize, lit: NumLit) {
        let num = u32::try_from(self.nums.len()).unwrap_or(u32::MAX);
        self.nums.push(lit);
        self.toks.push(Token { start, end, kind: TokKind::Num, id: NO_WORD, flags: 0, case: Case::Lower, num });
    }
}

impl Token {
    fn punct(start: usize, c: char, lex: &NumberLexicon) -> Token {
        let id = lex.punct_id(c);
        Token {
            start,
            end: start + c.len_utf8(),
            kind: TokKind::Punct(c),
            id,
            flags: lex.flags(id),
            case: Case::Lower,
            num: u32::MAX,
        }
    }
}

/// Class of a char for tokenization; shared with [`split_phrase`] so lexicon phrases split
/// exactly like text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Space,
    Digit,
    Letter,
    Mark,
    Other,
}

fn classify(c: char) -> CharClass {
    classify_cased(c).0
}

/// Non-ASCII chars below this take [`SMALL_CHARS`] (Latin, Greek, combining marks).
const SMALL_END: u32 = 0x400;

/// [`classify_slow`] and `char::is_uppercase` of the chars U+0080..U+03FF, computed once: the
/// accented letters of prose would otherwise search the Unicode tables each time.
static SMALL_CHARS: LazyLock<Box<[(CharClass, bool)]>> = LazyLock::new(|| {
    (0x80..SMALL_END)
        .map(|u| char::from_u32(u).map_or((CharClass::Other, false), |c| (classify_slow(c), c.is_uppercase())))
        .collect()
});

/// The class of `c` and whether it is upper-case.
#[inline]
fn classify_cased(c: char) -> (CharClass, bool) {
    let u = c as u32;
    if (0x80..SMALL_END).contains(&u) { SMALL_CHARS[(u - 0x80) as usize] } else { (classify_slow(c), c.is_uppercase()) }
}

fn classify_slow(c: char) -> CharClass {
    if c.is_ascii_digit() {
        CharClass::Digit
    } else if c.is_whitespace() {
        CharClass::Space
    } else if is_combining_mark(c) {
        CharClass::Mark
    } else if c.is_alphabetic() && c != 'º' && c != 'ª' {
        // º and ª are letters to Unicode, but in prose they are ordinal indicators ("8º").
        CharClass::Letter
    } else {
        CharClass::Other
    }
}

/// A piece of a lexicon phrase.
pub(crate) enum PhrasePiece<'a> {
    Word(&'a str),
    Punct(char),
}

/// Splits a lexicon phrase into words and punctuation marks, as [`tokenize`] splits text.
pub(crate) fn split_phrase(phrase: &str) -> Vec<PhrasePiece<'_>> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in phrase.char_indices() {
        match classify(c) {
            CharClass::Letter | CharClass::Mark => {
                word_start.get_or_insert(i);
            }
            class => {
                if let Some(s) = word_start.take() {
                    out.push(PhrasePiece::Word(&phrase[s..i]));
                }
                if class != CharClass::Space {
                    out.push(PhrasePiece::Punct(c));
                }
            }
        }
    }
    if let Some(s) = word_start {
        out.push(PhrasePiece::Word(&phrase[s..]));
    }
    out
}

/// Tokenizes `text` into `out` (cleared first). `buf` is scratch space for folding.
/// Byte classes for the ASCII fast paths (one table look-up per byte).
const DIGIT: u8 = 1;
const ALPHA: u8 = 2;
const UPPER: u8 = 4;
const SPACE: u8 = 8;
const NON_ASCII: u8 = 16;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALPHA
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Tokenizes `text` into `out` (cleared first). `buf` is scratch space for folding.
pub(crate) fn tokenize(text: &str, lex: &NumberLexicon, out: &mut Tokens, buf: &mut String) {
    out.toks.clear();
    out.nums.clear();
    // Prose runs about one token per six bytes; reserving avoids regrowing on long texts.
    out.toks.reserve(text.len() / 6);
    let bytes = text.as_bytes();
    let mut p = 0;
    while p < bytes.len() {
        let b = bytes[p];
        let class = BYTE_CLASS[usize::from(b)];
        if class & SPACE != 0 {
            p += 1;
        } else if class & ALPHA != 0 {
            p = lex_word(text, p, lex, out, buf);
        } else if class & DIGIT != 0 {
            p = lex_number(text, p, lex, out, buf);
        } else if class & NON_ASCII == 0 {
            out.toks.push(Token::punct(p, char::from(b), lex));
            p += 1;
        } else {
            let Some(c) = text[p..].chars().next() else {
                break;
            };
            match classify(c) {
                CharClass::Letter => p = lex_word(text, p, lex, out, buf),
                CharClass::Space => p += c.len_utf8(),
                _ => {
                    out.toks.push(Token::punct(p, c, lex));
                    p += c.len_utf8();
                }
            }
        }
    }
}

#[inline]
fn lex_word(text: &str, start: usize, lex: &NumberLexicon, out: &mut Tokens, buf: &mut String) -> usize {
    let bytes = text.as_bytes();
    // Fast path: a run of ASCII letters, hashed (lower-cased) as it is read, looked up in place.
    let mut end = start;
    let mut upper = 0usize;
    let mut hash = WORD_HASH_SEED;
    while let Some(&b) = bytes.get(end) {
        let class = BYTE_CLASS[usize::from(b)];
        if class & ALPHA == 0 {
            break;
        }
        upper += usize::from(class & UPPER != 0);
        hash = word_hash(hash, b | 0x20);
        end += 1;
    }
    let mut letters = end - start;
    let mut first_upper = letters > 0 && BYTE_CLASS[usize::from(bytes[start])] & UPPER != 0;
    let mut ascii = true;
    if end < bytes.len() && !bytes[end].is_ascii() {
        for c in text[end..].chars() {
            let (class, is_upper) = classify_cased(c);
            match class {
                CharClass::Letter => {
                    if is_upper {
                        upper += 1;
                        first_upper |= letters == 0;
                    }
                    letters += 1;
                }
                CharClass::Mark => {}
                _ => break,
            }
            fold_char_bytes(c, |b| hash = word_hash(hash, b));
            ascii = false;
            end += c.len_utf8();
        }
    }
    let id = if ascii {
        lex.lookup_ascii_letters(&bytes[start..end], hash)
    } else {
        let word = &text[start..end];
        buf.clear();
        if word.len() > 4 * lex.max_word_len + 8 {
            lex.lookup(buf)
        } else if lex.has_hash(hash) {
            // `hash` is the hash of the folded word: write it out only when it may be a hit.
            fold_into(word, buf);
            lex.lookup(buf)
        } else {
            NO_WORD
        }
    };
    let case = if letters >= 2 && upper == letters {
        Case::AllCaps
    } else if first_upper {
        Case::Capitalized
    } else {
        Case::Lower
    };
    out.toks.push(Token { start, end, kind: TokKind::Word, id, flags: lex.flags(id), case, num: u32::MAX });
    end
}

/// Separator kinds inside a digit literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Comma,
    Dot,
    Space,
}

impl Sep {
    fn char(self) -> Option<char> {
        match self {
            Sep::Comma => Some(','),
            Sep::Dot => Some('.'),
            Sep::Space => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Group {
    sep: Sep,
    /// Byte position of the separator.
    sep_at: usize,
    start: usize,
    end: usize,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

const MAX_GROUPS: usize = 12;

fn digits_end(bytes: &[u8], mut p: usize) -> usize {
    while p < bytes.len() && bytes[p].is_ascii_digit() {
        p += 1;
    }
    p
}

/// Reads the digit literal at `start`, pushes its token(s), returns the position after it.
fn lex_number(text: &str, start: usize, lex: &NumberLexicon, out: &mut Tokens, buf: &mut String) -> usize {
    let bytes = text.as_bytes();
    let int_end = digits_end(bytes, start);
    let mut groups = [Group { sep: Sep::Comma, sep_at: 0, start: 0, end: 0 }; MAX_GROUPS];
    let mut n = 0usize;
    let mut overflow = false;
    let mut q = int_end;
    loop {
        if q >= bytes.len() {
            break;
        }
        let b = bytes[q];
        let (sep, digits_at) = if (b == b',' || b == b'.') && q + 1 < bytes.len() && bytes[q + 1].is_ascii_digit() {
            (if b == b',' { Sep::Comma } else { Sep::Dot }, q + 1)
        } else if b >= 0x80 {
            let Some(c) = text[q..].chars().next() else {
                break;
            };
            if !lex.group_spaces.contains(&c) {
                break;
            }
            let ds = q + c.len_utf8();
            // Only "ddd" groups after a short head, never after a decimal or other separator.
            if digits_end(bytes, ds) - ds != 3 || int_end - start > 3 || groups[..n].iter().any(|g| g.sep != Sep::Space)
            {
                break;
            }
            (Sep::Space, ds)
        } else {
            break;
        };
        let de = digits_end(bytes, digits_at);
        if n < MAX_GROUPS {
            groups[n] = Group { sep, sep_at: q, start: digits_at, end: de };
            n += 1;
        } else {
            overflow = true;
        }
        q = de;
    }
    let end = q;
    let groups = &groups[..n];

    match interpret(bytes, start, int_end, groups, overflow, lex) {
        Reading::Number(lit) => {
            if lit.scale > 0
                && groups.last().is_some_and(|g| g.sep == Sep::Comma)
                && lex.decimal != ','
                && groups.len() == 1
                && followed_by_and_number(text, end, lex, buf)
            {
                // "10,11 y 12 de octubre", "3,4 y 5": a list, not 10.11.
                split_pieces(bytes, start, int_end, groups, lex, out);
            } else {
                out.push_num(start, end, lit);
            }
        }
        Reading::Split => split_pieces(bytes, start, int_end, groups, lex, out),
        Reading::Invalid => out.push_num(start, end, NumLit { valid: false, ..NumLit::default() }),
    }
    end
}

enum Reading {
    Number(NumLit),
    /// Comma/space groups that are no single number: read each piece alone.
    Split,
    /// Dotted chains that are no number (dates, versions, addresses): nothing to read.
    Invalid,
}

fn interpret(
    bytes: &[u8],
    start: usize,
    int_end: usize,
    groups: &[Group],
    overflow: bool,
    lex: &NumberLexicon,
) -> Reading {
    let int_len = int_end - start;
    let n = groups.len();
    let failure = || {
        if groups.iter().any(|g| g.sep == Sep::Dot) { Reading::Invalid } else { Reading::Split }
    };
    if overflow {
        return failure();
    }
    let int_is_zero = bytes[start..int_end].iter().all(|b| *b == b'0');
    let mut lone3 = false;
    let decimal_at: Option<usize> = match groups.last() {
        None => None,
        Some(last) if last.sep == Sep::Space => None,
        Some(last) => {
            let changes_sep = n >= 2 && groups[n - 2].sep != last.sep;
            if last.len() != 3 || changes_sep || int_is_zero || int_len > 3 {
                Some(n - 1)
            } else if n == 1 {
                // "1.300" where "." is this locale's decimal separator (or a separator it
                // does not group thousands with): context decides. A lone thousands
                // separator with three digits groups thousands ("1,250").
                lone3 = last.sep.char().is_some_and(|c| c == lex.decimal || !lex.thousands.contains(&c));
                None
            } else {
                None
            }
        }
    };
    let thousands = &groups[..decimal_at.unwrap_or(n)];
    if let Some(first) = thousands.first() {
        if int_len > 3 || thousands.iter().any(|g| g.len() != 3 || g.sep != first.sep) {
            return failure();
        }
    }
    if let Some(d) = decimal_at {
        if thousands.first().is_some_and(|t| t.sep == groups[d].sep) {
            return failure();
        }
    }
    let total_digits: usize = int_len + groups.iter().map(Group::len).sum::<usize>();
    if total_digits > 28 {
        return Reading::Invalid;
    }
    let mut mantissa: i128 = 0;
    let mut push = |range: std::ops::Range<usize>| {
        for b in &bytes[range] {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
    };
    push(start..int_end);
    for g in thousands {
        push(g.start..g.end);
    }
    let mut scale = 0u32;
    if let Some(d) = decimal_at {
        push(groups[d].start..groups[d].end);
        scale = u32::try_from(groups[d].len()).unwrap_or(28);
    }
    let Ok(value) = Decimal::try_from_i128_with_scale(mantissa, scale) else {
        return Reading::Invalid;
    };
    let int_digits = u32::try_from(int_len + thousands.len() * 3).unwrap_or(u32::MAX);
    Reading::Number(NumLit {
        value,
        scale,
        int_digits,
        plain: n == 0,
        valid: true,
        lone3,
        lone3_trailing_zero: lone3 && groups.last().is_some_and(|g| bytes[g.end - 1] == b'0'),
    })
}

/// Pushes the integer pieces of a literal that is no single number, with the separators
/// between them as punctuation tokens.
fn split_pieces(bytes: &[u8], start: usize, int_end: usize, groups: &[Group], lex: &NumberLexicon, out: &mut Tokens) {
    out.push_num(start, int_end, plain_integer(bytes, start, int_end));
    for g in groups {
        if let Some(c) = g.sep.char() {
            out.toks.push(Token::punct(g.sep_at, c, lex));
        }
        out.push_num(g.start, g.end, plain_integer(bytes, g.start, g.end));
    }
}

fn plain_integer(bytes: &[u8], start: usize, end: usize) -> NumLit {
    let mut mantissa: i128 = 0;
    if end - start > 28 {
        return NumLit::default();
    }
    for b in &bytes[start..end] {
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    match Decimal::try_from_i128_with_scale(mantissa, 0) {
        Ok(value) => NumLit {
            value,
            scale: 0,
            int_digits: u32::try_from(end - start).unwrap_or(u32::MAX),
            plain: true,
            valid: true,
            lone3: false,
            lone3_trailing_zero: false,
        },
        Err(_) => NumLit::default(),
    }
}

/// Is the literal ending at `p` followed by "y 12" / "and 12" (a list of numbers)?
fn followed_by_and_number(text: &str, p: usize, lex: &NumberLexicon, buf: &mut String) -> bool {
    let rest = &text[p..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return false;
    }
    let word_len =
        trimmed.char_indices().find(|(_, c)| classify(*c) != CharClass::Letter).map_or(trimmed.len(), |(i, _)| i);
    if word_len == 0 {
        return false;
    }
    buf.clear();
    fold_into(&trimmed[..word_len], buf);
    if !lex.word_info(lex.lookup(buf)).has(flag::AND) {
        return false;
    }
    let after = &trimmed[word_len..];
    let after_trimmed = after.trim_start();
    after_trimmed.len() < after.len() && after_trimmed.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(text: &str) -> Vec<(String, Option<String>)> {
        let lex = NumberLexicon::spanish();
        let mut out = Tokens::default();
        let mut buf = String::new();
        tokenize(text, lex, &mut out, &mut buf);
        out.toks
            .iter()
            .filter(|t| t.kind == TokKind::Num)
            .map(|t| {
                let lit = out.nums[t.num as usize];
                let shown = lit.valid.then(|| {
                    if lit.lone3 { format!("{}|{}", lit.value, lit.lone3_decimal()) } else { lit.value.to_string() }
                });
                (text[t.start..t.end].to_string(), shown)
            })
            .collect()
    }

    fn one(text: &str) -> Option<String> {
        let v = lits(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].1.clone()
    }

    #[test]
    fn reads_separators() {
        assert_eq!(one("1,250.50").as_deref(), Some("1250.50"));
        assert_eq!(one("1.250,5").as_deref(), Some("1250.5"));
        assert_eq!(one("1,250").as_deref(), Some("1250"));
        assert_eq!(one("1,234,567").as_deref(), Some("1234567"));
        assert_eq!(one("38,7 por ciento").as_deref(), Some("38.7"));
        assert_eq!(one("1,75 millones").as_deref(), Some("1.75"));
        assert_eq!(one("133.4").as_deref(), Some("133.4"));
        assert_eq!(one("0.435").as_deref(), Some("0.435"));
        assert_eq!(one("1.300").as_deref(), Some("1300|1.300"));
        assert_eq!(one("193\u{a0}024").as_deref(), Some("193024"));
        assert_eq!(one("1\u{202f}234\u{202f}567,5").as_deref(), Some("1234567.5"));
    }

    #[test]
    fn malformed_chains() {
        assert_eq!(one("31.12.2024"), None);
        assert_eq!(one("192.168.1.1"), None);
        let v = lits("1,2,3 por los valores");
        assert_eq!(v.len(), 3);
        let v = lits("los días 10,11 y 12 de octubre");
        assert_eq!(v.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["10", "11", "12"]);
        let v = lits("1234\u{a0}567");
        assert_eq!(v.len(), 2, "no space group after a long head: {v:?}");
    }

    #[test]
    fn phrases_split_like_text() {
        let pieces = split_phrase("n.º");
        assert_eq!(pieces.len(), 3);
        assert!(matches!(pieces[2], PhrasePiece::Punct('º')));
    }

    #[test]
    fn char_table_agrees_with_unicode() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(classify_cased(c), (classify_slow(c), c.is_uppercase()), "{c:?}");
        }
    }

    #[test]
    fn word_ids_agree_with_folding_each_word() {
        for lex in [NumberLexicon::spanish(), NumberLexicon::english()] {
            let text = "Más de MIL millones, Décimo SEGUNDO, año Años ÉL él Ñandú an\u{303}o me\u{301}s \
                        Σίσυφος ΩMEGA İstanbul dieciséis DIECISÉIS veintiún cuarenta y dos thousand Hundred \
                        percent PORCIENTO pòr ciénto Ｍil mïl x\u{301}\u{301}\u{301}y";
            let mut out = Tokens::default();
            let mut buf = String::new();
            tokenize(text, lex, &mut out, &mut buf);
            let mut hits = 0;
            for t in out.toks.iter().filter(|t| t.kind == TokKind::Word) {
                let folded = super::super::fold::fold(&text[t.start..t.end]);
                assert_eq!(t.id, lex.lookup(&folded), "{}", &text[t.start..t.end]);
                hits += usize::from(t.id != NO_WORD);
            }
            assert!(hits >= 3, "{hits}");
        }
    }

    #[test]
    fn word_case() {
        let lex = NumberLexicon::spanish();
        let mut out = Tokens::default();
        let mut buf = String::new();
        tokenize("IMSS Consultas mil", lex, &mut out, &mut buf);
        let toks = &out.toks;
        assert_eq!(toks[0].case, Case::AllCaps);
        assert_eq!(toks[1].case, Case::Capitalized);
        assert_eq!(toks[2].case, Case::Lower);
        assert_ne!(toks[2].id, NO_WORD);
    }
}
