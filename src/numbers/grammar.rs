//! The figure grammar: from the token at hand, reads the longest well-formed figure —
//! digits, spelled numbers, multipliers ("193 mil 024", "2 millones 778 mil 541",
//! "ciento treinta y dos", "5 mil millones"), ordinals ("8va", "octava", "décimo segundo"),
//! a currency prefix ("$"), a percent or percentage-point suffix, and a currency abbreviation
//! that carries a multiplier ("110 mdp").
//!
//! Invariants:
//! - Parsing is greedy with checkpoints: every element (a number, a multiplier) is added only
//!   if the whole stays well-formed, and the figure ends at the last point where it was
//!   complete. So "30 mil 2024" reads "30 mil" and leaves "2024"; "dos mil y tres mil" never
//!   becomes 2003.
//! - Well-formed means Spanish/English grouping: multipliers strictly decrease ("mil" may be
//!   followed by "millones", which multiplies it: "5 mil millones"), each group stays below
//!   the multiplier before it ("2 mil 76" = 2 076, "mil 6" = 1 006), and digits written after
//!   a multiplier are a group of at most three ("193 mil 024", not "5 millones 2024").
//! - All arithmetic is checked `Decimal` arithmetic: an absurd input stops the figure, it
//!   never overflows or panics.
//! - The grammar knows nothing about context (years, dates, identifiers): that is
//!   [`super::context`]'s job, applied to the figure read here.

use rust_decimal::Decimal;

use super::cursor::Cx;
use super::lexer::{NumLit, TokKind};
use super::lexicon::{AndJoins, flag};
use super::{NumberForm, QuantityKind};

/// A figure as read from the tokens, before context and unit.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// First token (currency prefix or sign included).
    pub first: usize,
    /// First token of the number itself.
    pub core_first: usize,
    /// Token after the whole figure.
    pub end: usize,
    pub value: Decimal,
    pub granularity: Decimal,
    pub kind: QuantityKind,
    pub form: NumberForm,
    pub article_like: bool,
    /// The number is exactly one digit literal, read as written.
    pub single_num: Option<NumLit>,
    /// The multiplier the figure ends with ("14 mil" -> 1000, "110 mdp" -> 10^6), which an
    /// elided range start shares ("entre 12 y 14 mil" = 12 mil to 14 mil).
    pub trailing_multiplier: Option<Decimal>,
}

/// Can a figure begin at token `k`? (A cheap filter before [`figure_at`].)
pub(crate) fn can_start(cx: &Cx, k: usize) -> bool {
    match cx.kind(k) {
        Some(TokKind::Num) => true,
        Some(TokKind::Word) => cx.has(k, flag::FIGURE_START),
        Some(TokKind::Punct(c)) => {
            cx.has(k, flag::FIGURE_START) || (matches!(c, '-' | '\u{2212}') && cx.is_num(k + 1) && cx.glued(k + 1))
        }
        None => false,
    }
}

/// Reads the figure that begins at token `i`, if any.
pub(crate) fn figure_at(cx: &Cx, i: usize) -> Option<Figure> {
    let mut j = i;
    let mut money = false;
    if let Some((_, e)) = cx.phrase_at(j, &cx.lex.money_prefixes) {
        if starts_number(cx, e) {
            money = true;
            j = e;
        }
    }
    let mut negative = false;
    if cx.is_punct(j, &['-', '\u{2212}']) && cx.is_num(j + 1) && cx.glued(j + 1) && !cx.glued(j) {
        negative = true;
        j += 1;
    }
    let core_first = j;
    if !money && !negative {
        if let Some(f) = digit_ordinal(cx, j).or_else(|| word_ordinal(cx, j)) {
            return Some(Figure { first: i, ..f });
        }
    }
    let core = parse_core(cx, j, money)?;
    if core.article_like && cx.is_num(core.end) {
        // "un 12 %", "una 8va edición": the article of the number that follows.
        return None;
    }
    let mut kind = if money { QuantityKind::Money } else { QuantityKind::Count };
    let mut end = core.end;
    if !money {
        if let Some((p, e)) = cx.phrase_at(end, &cx.lex.percent) {
            kind = p.value;
            end = e;
        }
    }
    let mut value = core.value;
    let mut granularity = core.granularity;
    let mut trailing_multiplier = core.trailing_multiplier;
    if kind != QuantityKind::Percent && kind != QuantityKind::Points && cx.spaced(end) {
        if let Some(power) = cx.info(end).money_scale {
            // "110 mdp": the abbreviation carries "millones de pesos".
            let scale = Decimal::from(10u64.pow(u32::from(power)));
            if let (Some(v), Some(g)) = (value.checked_mul(scale), granularity.checked_mul(scale)) {
                value = v;
                granularity = g;
                kind = QuantityKind::Money;
                trailing_multiplier = Some(scale);
            }
        }
    }
    if negative {
        value = -value;
    }
    Some(Figure {
        first: i,
        core_first,
        end,
        value,
        granularity,
        kind,
        form: core.form,
        article_like: core.article_like && kind == QuantityKind::Count,
        single_num: if negative { None } else { core.single_num },
        trailing_multiplier,
    })
}

/// Is token `k` the start of a number (a digit literal or a number word)?
fn starts_number(cx: &Cx, k: usize) -> bool {
    if cx.num(k).is_some() {
        return true;
    }
    let info = cx.info(k);
    cx.is_word(k)
        && (info.cardinal.is_some()
            || info.has(flag::HALF | flag::ONE_BEFORE_MULT)
            || info.multiplier.is_some_and(|m| cx.lex.multipliers[usize::from(m)].bare))
}

/// "8va", "1er", "8º", "8°", "1.º", "8th".
fn digit_ordinal(cx: &Cx, j: usize) -> Option<Figure> {
    let lit = cx.num(j)?;
    if !lit.is_integer() || lit.value.is_zero() {
        return None;
    }
    let k = j + 1;
    if !cx.glued(k) {
        return None;
    }
    let end = if cx.is_word(k) && cx.has(k, flag::ORD_SUFFIX) {
        k + 1
    } else if cx.has(k, flag::INDICATOR) && !cx.is_word(k) {
        if cx.punct(k) == Some('°') && (!cx.is_word(k + 1) || cx.has(k + 1, flag::DEGREE_UNIT)) {
            // 38°C, 17° Celsius, "llegará a los 23°.": degrees. An ordinal needs its noun
            // ("el 8° lugar").
            return None;
        }
        k + 1
    } else if cx.is_punct(k, &['.']) && cx.glued(k + 1) && cx.has(k + 1, flag::INDICATOR) {
        k + 2
    } else {
        return None;
    };
    Some(Figure {
        first: j,
        core_first: j,
        end,
        value: lit.value,
        granularity: Decimal::ONE,
        kind: QuantityKind::Ordinal,
        form: NumberForm::Digits,
        article_like: false,
        single_num: Some(lit),
        trailing_multiplier: None,
    })
}

/// "octava", "décimo segundo", "vigésimo primer", "twenty-first".
fn word_ordinal(cx: &Cx, j: usize) -> Option<Figure> {
    if !cx.is_word(j) {
        return None;
    }
    let info = cx.info(j);
    let (mut acc, mut end) = if let Some(o) = info.ordinal {
        (o, j + 1)
    } else if info.cardinal.is_some() {
        let (v, e) = words_small(cx, j)?;
        let pos = if cx.lex.hyphen_joins && hyphen_between(cx, e) {
            e + 1
        } else if cx.spaced(e) {
            e
        } else {
            return None;
        };
        let o = cx.info(pos).ordinal?;
        if !cx.is_word(pos) || !valid_add(v, o, false, cx.lex.and_joins) {
            return None;
        }
        (v + o, pos + 1)
    } else {
        return None;
    };
    while cx.spaced(end) && cx.is_word(end) {
        match cx.info(end).ordinal {
            Some(o) if valid_add_ordinal(acc, o) => {
                acc += o;
                end += 1;
            }
            _ => break,
        }
    }
    Some(Figure {
        first: j,
        core_first: j,
        end,
        value: Decimal::from(acc),
        granularity: Decimal::ONE,
        kind: QuantityKind::Ordinal,
        form: NumberForm::Words,
        article_like: false,
        single_num: None,
        trailing_multiplier: None,
    })
}

/// Is token `k` a hyphen glued on both sides to words ("twenty-five")?
fn hyphen_between(cx: &Cx, k: usize) -> bool {
    cx.is_punct(k, &['-']) && cx.glued(k) && cx.glued(k + 1) && cx.is_word(k + 1)
}

/// A spelled number below a multiplier ("ciento treinta y dos", "veinticinco",
/// "one hundred twenty-five"): its value and the token after it.
pub(crate) fn words_small(cx: &Cx, k: usize) -> Option<(u32, usize)> {
    if !cx.is_word(k) {
        return None;
    }
    let mut acc = cx.info(k).cardinal?;
    let mut end = k + 1;
    loop {
        let mut pos = end;
        let mut via_and = false;
        if cx.lex.hyphen_joins && hyphen_between(cx, pos) {
            pos += 1;
        } else if cx.spaced(pos) && cx.has(pos, flag::AND) && cx.spaced(pos + 1) {
            via_and = true;
            pos += 1;
        } else if !cx.spaced(pos) {
            break;
        }
        if !cx.is_word(pos) {
            break;
        }
        let info = cx.info(pos);
        if let Some(c) = info.cardinal {
            if !valid_add(acc, c, via_and, cx.lex.and_joins) {
                break;
            }
            acc += c;
            end = pos + 1;
        } else if info.has(flag::HUNDRED) && !via_and && (1..=99).contains(&acc) {
            acc *= 100;
            end = pos + 1;
        } else {
            break;
        }
    }
    Some((acc, end))
}

/// May `c` be added to the spelled number `acc` ("ciento" + "treinta", "treinta" + "dos")?
/// Each added term must fit in the trailing zeros of what is there, and teens end a number.
pub(crate) fn valid_add(acc: u32, c: u32, via_and: bool, rule: AndJoins) -> bool {
    if (10..=19).contains(&(acc % 100)) || !fits(acc, c) {
        return false;
    }
    if via_and {
        return match rule {
            AndJoins::TensUnits => acc % 100 >= 20 && acc % 10 == 0 && c < 10,
            AndJoins::AfterHundreds => acc % 100 == 0 && c < 100,
        };
    }
    true
}

/// May the ordinal `c` follow the ordinal `acc` ("décimo" + "segundo", "vigésimo" +
/// "primero")? Ordinal tens take units, teens included ("décimo segundo" = 12).
fn valid_add_ordinal(acc: u32, c: u32) -> bool {
    fits(acc, c)
}

/// `c` fits in the trailing zeros of `acc` (both non-zero).
fn fits(acc: u32, c: u32) -> bool {
    if acc == 0 || c == 0 {
        return false;
    }
    let mut room = 1u32;
    let mut rest = acc;
    while rest % 10 == 0 && room < 1_000_000 {
        rest /= 10;
        room *= 10;
    }
    c < room
}

/// The numeric core of a figure.
struct Core {
    end: usize,
    value: Decimal,
    granularity: Decimal,
    form: NumberForm,
    article_like: bool,
    single_num: Option<NumLit>,
    trailing_multiplier: Option<Decimal>,
}

/// Accumulator for "2 millones 778 mil 541": `total` holds what big multipliers closed,
/// `pending` the thousands group, `small` the number read last.
#[derive(Debug, Clone, Copy)]
struct Acc {
    total: Decimal,
    total_gran: Option<Decimal>,
    pending: Decimal,
    pending_gran: Option<Decimal>,
    small: Option<Decimal>,
    small_gran: Decimal,
    last_big: Option<Decimal>,
    /// What the next number must stay below (1000 after "mil", M after a big multiplier).
    bound: Option<Decimal>,
    last_was_mult: bool,
    needs_mult: bool,
    has_digits: bool,
    has_words: bool,
    elems: u32,
    single_num: Option<NumLit>,
    article_like: bool,
    /// The multiplier applied by the last element, if it was one.
    trailing_multiplier: Option<Decimal>,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            total: Decimal::ZERO,
            total_gran: None,
            pending: Decimal::ZERO,
            pending_gran: None,
            small: None,
            small_gran: Decimal::ONE,
            last_big: None,
            bound: None,
            last_was_mult: false,
            needs_mult: false,
            has_digits: false,
            has_words: false,
            elems: 0,
            single_num: None,
            article_like: false,
            trailing_multiplier: None,
        }
    }

    fn complete(&self) -> bool {
        !self.needs_mult && (self.small.is_some() || !self.pending.is_zero() || self.total_gran.is_some())
    }

    fn value(&self) -> Option<Decimal> {
        self.total.checked_add(self.pending)?.checked_add(self.small.unwrap_or(Decimal::ZERO))
    }

    fn granularity(&self) -> Decimal {
        [self.total_gran, self.pending_gran, self.small.map(|_| self.small_gran)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(Decimal::ONE)
    }

    /// May a number be read now (start, or right after a multiplier)?
    fn accepts_number(&self) -> bool {
        self.small.is_none() && (self.elems == 0 || self.last_was_mult)
    }

    fn within_bound(&self, v: Decimal) -> bool {
        self.bound.is_none_or(|b| v < b)
    }

    fn set_small(&mut self, v: Decimal, gran: Decimal) {
        self.small = Some(v);
        self.small_gran = gran;
        self.last_was_mult = false;
        self.trailing_multiplier = None;
    }
}

fn parse_core(cx: &Cx, start: usize, money: bool) -> Option<Core> {
    let mut acc = Acc::new();
    let mut best: Option<(usize, Acc)> = None;
    let mut k = start;
    while k < cx.len() {
        let glued_ok = cx.is_num(k.wrapping_sub(1)) && cx.is_word(k) && cx.info(k).multiplier.is_some();
        if acc.elems > 0 && ((cx.glued(k) && !glued_ok) || cx.paragraph_break(k)) {
            break;
        }
        let next = match cx.kind(k) {
            Some(TokKind::Num) => number_element(cx, k, money, &mut acc),
            Some(TokKind::Word) => word_element(cx, k, &mut acc),
            _ => None,
        };
        let Some(next) = next else { break };
        acc.elems += 1;
        k = next;
        if acc.complete() {
            best = Some((k, acc));
        }
    }
    let (end, acc) = best?;
    let value = acc.value()?;
    let form = match (acc.has_digits, acc.has_words) {
        (true, true) => NumberForm::Mixed,
        (false, true) => NumberForm::Words,
        _ => NumberForm::Digits,
    };
    let single = acc.elems == 1;
    Some(Core {
        end,
        value,
        granularity: acc.granularity(),
        form,
        article_like: single && acc.article_like,
        single_num: if single { acc.single_num } else { None },
        trailing_multiplier: acc.trailing_multiplier,
    })
}

/// A digit literal as an element; returns the token after it.
fn number_element(cx: &Cx, k: usize, money: bool, acc: &mut Acc) -> Option<usize> {
    let lit = cx.num(k)?;
    if !acc.accepts_number() {
        return None;
    }
    if acc.elems > 0 && (lit.int_digits > 3 || (!lit.plain && lit.scale == 0)) {
        // After a multiplier only a written group ("024", "626.57") may follow.
        return None;
    }
    let (v, scale, end) = read_digits(cx, k, lit, money);
    if !acc.within_bound(v) {
        return None;
    }
    acc.set_small(v, Decimal::new(1, scale));
    acc.has_digits = true;
    if acc.elems == 0 && end == k + 1 && !lit.lone3 {
        acc.single_num = Some(lit);
    }
    Some(end)
}

/// The value of the digit literal at `k`, with the fix-ups that need its neighbours.
fn read_digits(cx: &Cx, k: usize, lit: NumLit, money: bool) -> (Decimal, u32, usize) {
    let lex = cx.lex;
    // "61. 3 por ciento", "152. 9 millones": a decimal broken by a stray space.
    if lit.plain && lit.int_digits <= 3 && cx.punct(k + 1) == Some(lex.decimal) && cx.glued(k + 1) && cx.spaced(k + 2) {
        if let Some(frac) = cx.num(k + 2) {
            let followed = cx.phrase_at(k + 3, &lex.percent).is_some()
                || (cx.is_word(k + 3) && cx.info(k + 3).multiplier.is_some());
            if frac.plain && (1..=2).contains(&frac.int_digits) && followed {
                let scale = frac.int_digits;
                let joined =
                    lit.value.checked_mul(Decimal::from(10u32.pow(scale))).and_then(|v| v.checked_add(frac.value));
                if let Some(mut v) = joined {
                    if v.set_scale(scale).is_ok() {
                        return (v, scale, k + 3);
                    }
                }
            }
        }
    }
    // "$1, 250 millones": a thousands comma followed by a stray space, in an amount.
    if money && lit.plain && lit.int_digits <= 3 {
        let mut v = lit.value;
        let mut e = k + 1;
        while cx.punct(e) == Some(',') && cx.glued(e) && cx.spaced(e + 1) {
            match cx.num(e + 1) {
                Some(g) if g.plain && g.int_digits == 3 => {
                    match v.checked_mul(Decimal::from(1000)).and_then(|x| x.checked_add(g.value)) {
                        Some(x) => v = x,
                        None => break,
                    }
                    e += 2;
                }
                _ => break,
            }
        }
        if e > k + 1 && cx.is_word(e) && cx.info(e).multiplier.is_some() {
            return (v, 0, e);
        }
    }
    if lit.lone3 {
        // "1.300": decimals are not written with a trailing zero and centavos have two
        // digits, so those read as thousands; otherwise the locale's decimal reading stands.
        let thousands = lit.lone3_trailing_zero || money || cx.has(k + 1, flag::MONEY_UNIT);
        return if thousands { (lit.value, 0, k + 1) } else { (lit.lone3_decimal(), 3, k + 1) };
    }
    (lit.value, lit.scale, k + 1)
}

/// A word as an element (number word, multiplier, half); returns the token after it.
fn word_element(cx: &Cx, k: usize, acc: &mut Acc) -> Option<usize> {
    let info = cx.info(k);
    if let Some(m) = info.multiplier {
        return apply_multiplier(cx, k, usize::from(m), acc);
    }
    if info.has(flag::HALF) {
        // "medio millón"
        if acc.elems > 0 || !next_is_multiplier(cx, k + 1) {
            return None;
        }
        acc.set_small(Decimal::new(5, 1), Decimal::new(1, 1));
        acc.needs_mult = true;
        acc.has_words = true;
        return Some(k + 1);
    }
    if info.has(flag::ONE_BEFORE_MULT) && info.cardinal.is_none() {
        // "a million", "a hundred"
        if acc.elems > 0 {
            return None;
        }
        if cx.spaced(k + 1) && cx.has(k + 1, flag::HUNDRED) {
            acc.set_small(Decimal::ONE_HUNDRED, Decimal::ONE);
            acc.has_words = true;
            return Some(k + 2);
        }
        if !next_is_multiplier(cx, k + 1) {
            return None;
        }
        acc.set_small(Decimal::ONE, Decimal::ONE);
        acc.needs_mult = true;
        acc.has_words = true;
        return Some(k + 1);
    }
    if info.cardinal.is_some() {
        if !acc.accepts_number() {
            return None;
        }
        let (v, end) = words_small(cx, k)?;
        let v = Decimal::from(v);
        if !acc.within_bound(v) {
            return None;
        }
        acc.set_small(v, Decimal::ONE);
        acc.has_words = true;
        acc.article_like = acc.elems == 0 && end == k + 1 && info.has(flag::ARTICLE_LIKE);
        return Some(end);
    }
    None
}

fn next_is_multiplier(cx: &Cx, k: usize) -> bool {
    cx.spaced(k) && cx.is_word(k) && cx.info(k).multiplier.is_some()
}

fn apply_multiplier(cx: &Cx, k: usize, m: usize, acc: &mut Acc) -> Option<usize> {
    let mult = &cx.lex.multipliers[m];
    let mv = mult.value;
    let mut end = k + 1;
    if mv == Decimal::ONE_THOUSAND {
        if !acc.pending.is_zero() {
            return None;
        }
        let (base, base_gran) = match acc.small {
            Some(s) => (s, acc.small_gran),
            None if mult.bare && acc.accepts_number() => (Decimal::ONE, Decimal::ONE),
            None => return None,
        };
        if base <= Decimal::ZERO || base >= Decimal::ONE_THOUSAND {
            return None;
        }
        let group = base.checked_mul(mv)?;
        if acc.last_big.is_some_and(|lb| group >= lb) {
            return None;
        }
        acc.pending = group;
        acc.pending_gran = Some(base_gran.checked_mul(mv)?);
        acc.bound = Some(mv);
    } else {
        let level = acc.pending.checked_add(acc.small.unwrap_or(Decimal::ZERO))?;
        if level <= Decimal::ZERO {
            return None;
        }
        let term = level.checked_mul(mv)?;
        if acc.last_big.is_some_and(|lb| mv >= lb || term >= lb) {
            return None;
        }
        let level_gran =
            [acc.pending_gran, acc.small.map(|_| acc.small_gran)].into_iter().flatten().min().unwrap_or(Decimal::ONE);
        let mut term_gran = level_gran.checked_mul(mv)?;
        let mut total = acc.total.checked_add(term)?;
        // "un millón y medio"
        if cx.spaced(k + 1) && cx.has(k + 1, flag::AND) && cx.spaced(k + 2) && cx.has(k + 2, flag::HALF) {
            let half = mv / Decimal::TWO;
            total = total.checked_add(half)?;
            term_gran = term_gran.min(half);
            end = k + 3;
        }
        acc.total = total;
        acc.total_gran = Some(acc.total_gran.map_or(term_gran, |g| g.min(term_gran)));
        acc.pending = Decimal::ZERO;
        acc.pending_gran = None;
        acc.last_big = Some(mv);
        acc.bound = Some(mv);
    }
    acc.small = None;
    acc.needs_mult = false;
    acc.has_words = true;
    acc.last_was_mult = true;
    acc.trailing_multiplier = Some(mv);
    Some(end)
}
