//! Context that makes a well-formed number no figure: years ("durante 2024"), dates
//! ("3 de mayo", "31/12/2024", "el próximo 28"), times ("19:04", "a las 10"), phone numbers
//! ("(661) 6149607", "55 1234 5678", "9-1-1"), codes ("018000253955", ungrouped long numbers
//! that count nothing), list markers ("7. Exar…") and identifiers ("No. 220", "3-A",
//! "COVID-19", "Ruta 4", "UMF 64", "siglo 20").
//!
//! Invariants:
//! - Only numbers written with digits are ever glued identifiers, phones, codes or years;
//!   spelled numbers are checked for identifier prefixes ("número cinco", when no noun
//!   follows) and dates ("cinco de mayo").
//! - A rejected figure is skipped whole, and identifier skips extend over glued "-N"/"/N"
//!   tails and listed numbers ("IMC 30-35", "artículos 3 y 73", "teléfonos 92 2 01 80"), so
//!   no fragment of a name resurfaces as a figure.
//! - All the words involved are language data (`[context]` of the lexicon); the code only
//!   knows shapes (glued punctuation, parentheses, digit counts, line starts).

use super::cursor::Cx;
use super::grammar::Figure;
use super::lexer::{Case, TokKind};
use super::lexicon::flag;
use super::unit::UnitFound;
use super::{NumberForm, Qualifier, QuantityKind};

/// What to do with a figure read by the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Keep,
    /// Not a figure: continue scanning at this token.
    Skip(usize),
}

/// If a phone number starts at token `i` (a digit literal), the token after it.
pub(crate) fn phone_run(cx: &Cx, i: usize) -> Option<usize> {
    let first = cx.num(i)?;
    if !first.plain {
        return None;
    }
    // "(661) 6149607", "(55) 1234 5678"
    if cx.is_punct(i.wrapping_sub(1), &['('])
        && cx.glued(i)
        && (2..=3).contains(&first.int_digits)
        && cx.is_punct(i + 1, &[')'])
        && cx.glued(i + 1)
    {
        let (end, digits, _) = plain_run(cx, i + 2);
        if digits >= 7 {
            return Some(end);
        }
    }
    let (end, digits, parts) = plain_run(cx, i);
    // "9-1-1", "92-3-94-94": three or more numbers chained by hyphens.
    let hyphens = (i..end).filter(|k| cx.is_punct(*k, &['-'])).count();
    if hyphens >= 2 {
        return Some(end);
    }
    let plus = cx.is_punct(i.wrapping_sub(1), &['+']) && cx.glued(i);
    let two_years = parts == 2 && first.int_digits == 4 && digits == 8;
    if (parts >= 2 && digits >= 8 && !two_years) || (plus && digits >= 8) {
        return Some(end);
    }
    None
}

/// Digit literals without separators, one after another, separated by a space or a glued
/// hyphen: (token after the run, total digits, literals).
fn plain_run(cx: &Cx, start: usize) -> (usize, u32, u32) {
    let mut k = start;
    let mut digits = 0;
    let mut parts = 0;
    while let Some(lit) = cx.num(k) {
        if !lit.plain || (parts > 0 && cx.glued(k) && !cx.is_punct(k - 1, &['-'])) {
            break;
        }
        digits += lit.int_digits;
        parts += 1;
        k += 1;
        if cx.is_punct(k, &['-']) && cx.glued(k) && cx.glued(k + 1) && cx.is_num(k + 1) {
            k += 1;
        } else if !cx.spaced(k) {
            break;
        }
    }
    if parts > 0 && cx.is_punct(k.wrapping_sub(1), &['-']) {
        k -= 1;
    }
    (k, digits, parts)
}

/// Decides whether `fig` is a figure. `qualifier` and `has_unit` come from the words around it.
/// A figure's qualifier, and whether its words come before the figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Qualified {
    pub qualifier: Qualifier,
    pub before: bool,
}

pub(crate) fn verdict(cx: &Cx, fig: &Figure, qualifier: Qualified, unit: Option<&UnitFound>) -> Verdict {
    let skip = Verdict::Skip(fig.end);
    if cx.kind(fig.core_first) == Some(TokKind::Num) && cx.num(fig.core_first).is_none() {
        return skip; // malformed literal: "31.12.2024", "192.168.1.1"
    }
    let digits = fig.form != NumberForm::Words;
    if digits && glued_to_name(cx, fig) {
        return identifier_skip(cx, fig.end);
    }
    // Spelled numbers after a prefix name something only when they count nothing:
    // "Jurisdicción número cinco", but "entregó este día cuatro camionetas".
    if (digits || unit.is_none()) && named_by_prefix(cx, fig) {
        return identifier_skip(cx, fig.end);
    }
    if is_time(cx, fig) || is_date(cx, fig) || is_list_marker(cx, fig) {
        return skip;
    }
    if unit.is_none()
        && fig.single_num.is_some()
        && small_integer(fig, 31)
        && fig.kind == QuantityKind::Count
        && cx.phrase_before(fig.first, &cx.lex.date_before).is_some()
    {
        return skip; // "el próximo 28, que vence la prórroga"
    }
    if is_year(cx, fig, qualifier, unit) || is_code(cx, fig, qualifier, unit.is_some()) {
        return skip;
    }
    Verdict::Keep
}

/// "7. Exar Jesús…": a number opening a line, followed by "." or ")", numbers a list item.
fn is_list_marker(cx: &Cx, fig: &Figure) -> bool {
    if fig.single_num.is_none() || fig.first != fig.end - 1 {
        return false;
    }
    let start = cx.toks[fig.first].start;
    let line_start =
        cx.text[..start].bytes().rev().find(|b| !matches!(b, b' ' | b'\t')).is_none_or(|b| b == b'\n' || b == b'\r');
    line_start && cx.is_punct(fig.end, &['.', ')']) && cx.glued(fig.end) && !cx.glued(fig.end + 1)
}

/// Skip an identifier with the glued "-N" / "/N" tails that belong to it, and the numbers
/// listed after it ("artículos 3 y 73", "extensiones 53370, 53371", "teléfonos 92 2 01 80").
fn identifier_skip(cx: &Cx, mut end: usize) -> Verdict {
    loop {
        if cx.spaced(end) && cx.num(end).is_some_and(|lit| lit.plain) {
            end += 1;
            continue;
        }
        if cx.is_punct(end, &['-', '/', '\u{2013}']) && cx.glued(end) && cx.glued(end + 1) && cx.is_num(end + 1) {
            end += 2;
            continue;
        }
        let mut k = end;
        if cx.is_punct(k, &[',']) {
            k += 1;
        }
        if cx.is_word(k) && cx.has(k, flag::AND) {
            k += 1;
        }
        let listed =
            k > end && cx.spaced(k) && cx.num(k).is_some_and(|lit| lit.plain) && cx.info(k + 1).multiplier.is_none();
        if !listed {
            return Verdict::Skip(end);
        }
        end = k + 1;
    }
}

/// Digits glued to letters or to identifier punctuation: "COVID-19", "H1N1", "3-A",
/// "45/2024", "19:04", "No.2", "2__".
fn glued_to_name(cx: &Cx, fig: &Figure) -> bool {
    let a = fig.first;
    if cx.glued(a) {
        match cx.kind(a - 1) {
            Some(TokKind::Word) => return true,
            Some(TokKind::Punct(c)) => {
                if matches!(c, '/' | ':' | '_' | '.' | '#' | '@' | '\'' | '=' | '&') {
                    return true;
                }
                if matches!(c, '-' | '\u{2013}') && cx.glued(a - 1) && cx.is_word(a.wrapping_sub(2)) {
                    return true;
                }
            }
            _ => {}
        }
    }
    let e = fig.end;
    if cx.glued(e) && cx.is_num(e - 1) {
        match cx.kind(e) {
            Some(TokKind::Word) => {
                let glued_unit = fig.single_num.is_some() && cx.has(e, flag::GLUED_UNIT);
                return !glued_unit;
            }
            Some(TokKind::Punct(c)) => {
                let next_glued = cx.glued(e + 1);
                match c {
                    '-' | '\u{2013}' => return next_glued && cx.is_word(e + 1),
                    '/' | ':' => return next_glued && cx.is_num(e + 1),
                    '_' | '@' => return true,
                    // "60´s", "70's": decades.
                    '\'' | '\u{2019}' | '\u{b4}' => return next_glued && cx.is_word(e + 1),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    false
}

/// "No. 220", "Ruta 4", "teléfono 073", "UMF 64", "COVID 19".
fn named_by_prefix(cx: &Cx, fig: &Figure) -> bool {
    let a = fig.first;
    if cx.phrase_before(a, &cx.lex.identifier_prefixes).is_some() {
        return true;
    }
    // An acronym right before a bare number names it, unless the text around is all caps
    // (a headline: "ENTREGA 15 UNIDADES").
    if let Some(lit) = fig.single_num {
        let before = a.wrapping_sub(1);
        if lit.plain
            && lit.int_digits <= 4
            && fig.kind == QuantityKind::Count
            && cx.spaced(a)
            && cx.is_word(before)
            && cx.case(before) == Case::AllCaps
            && cx.info(before).flags == 0
            && cx.info(before).cardinal.is_none()
            && !(cx.is_word(fig.end) && cx.case(fig.end) == Case::AllCaps)
        {
            return true;
        }
    }
    false
}

fn small_integer(fig: &Figure, max: u32) -> bool {
    use rust_decimal::prelude::ToPrimitive;
    fig.value.scale() == 0
        && fig.value.to_u32().is_some_and(|v| (1..=max).contains(&v))
        && matches!(fig.kind, QuantityKind::Count | QuantityKind::Ordinal)
}

/// "a las 10", "10 am", "de 8 a las 14 horas".
fn is_time(cx: &Cx, fig: &Figure) -> bool {
    let simple = fig.single_num.is_some() || fig.form == NumberForm::Words;
    if !simple || fig.kind != QuantityKind::Count || !small_integer(fig, 24) {
        return false;
    }
    let lex = cx.lex;
    if cx.phrase_before(fig.first, &lex.time_before).is_some() {
        return true;
    }
    if cx.phrase_at(fig.end, &lex.time_after).is_some() {
        return true;
    }
    matches!(cx.phrase_at(fig.end, &lex.time_before), Some((_, e)) if cx.is_num(e))
}

/// "3 de mayo", "el 1º de mayo", "del 3 al 5 de mayo", "mayo 3", "lunes 7", "May 3".
fn is_date(cx: &Cx, fig: &Figure) -> bool {
    if !small_integer(fig, 31) {
        return false;
    }
    let a = fig.first;
    let before = a.wrapping_sub(1);
    if cx.spaced(a) && cx.is_word(before) && cx.has(before, flag::MONTH | flag::WEEKDAY) {
        return true;
    }
    date_chain(cx, fig.end)
}

/// From token `k` (right after a day number): does a month follow, possibly after more day
/// numbers ("al 5", ", 4 y 5", "y el 5")?
fn date_chain(cx: &Cx, mut k: usize) -> bool {
    let lex = cx.lex;
    for _ in 0..8 {
        if let Some((_, e)) = cx.phrase_at(k, &lex.date_of) {
            if cx.is_word(e) && cx.has(e, flag::MONTH) {
                return true;
            }
        }
        if cx.spaced(k) && cx.is_word(k) && cx.has(k, flag::MONTH) {
            return true;
        }
        let Some((_, mut e)) = cx.phrase_at(k, &lex.date_joiners) else {
            return false;
        };
        if cx.is_word(e) && cx.has(e, flag::ARTICLE) {
            e += 1;
        }
        match cx.num(e) {
            Some(lit) if lit.plain && lit.int_digits <= 2 => {
                k = e + 1;
                // ordinal marks on the next day number: "1o. y 2 de mayo"
                if cx.glued(k) && (cx.has(k, flag::ORD_SUFFIX) || cx.has(k, flag::INDICATOR)) {
                    k += 1;
                }
            }
            _ => return false,
        }
    }
    false
}

/// A bare four-digit number in the year range is a year unless a lowercase plural noun
/// follows it ("se contabilizaron 2024 casos") and either a comparison precedes it ("más de
/// 2000 personas") or nothing that introduces years does ("durante 2024 decenas",
/// "este 2013 muchas familias", "Censo Económico 2014 datos").
fn is_year(cx: &Cx, fig: &Figure, qualifier: Qualified, unit: Option<&UnitFound>) -> bool {
    let Some(lit) = fig.single_num else {
        return false;
    };
    if !lit.plain || lit.int_digits != 4 || fig.kind != QuantityKind::Count {
        return false;
    }
    use rust_decimal::prelude::ToPrimitive;
    let Some(v) = fig.value.to_u32() else {
        return false;
    };
    let (lo, hi) = cx.lex.year_range;
    if !(lo..=hi).contains(&v) {
        return false;
    }
    let counts_plural = unit.is_some_and(|u| cx.case(u.head_token) == Case::Lower && cx.lex.looks_plural(&u.head));
    if !counts_plural {
        return true;
    }
    if qualifier.before
        && matches!(
            qualifier.qualifier,
            Qualifier::MoreThan | Qualifier::LessThan | Qualifier::About | Qualifier::AtLeast
        )
    {
        return false;
    }
    let a = fig.first;
    let before = a.wrapping_sub(1);
    cx.phrase_before(a, &cx.lex.year_before).is_some()
        || (cx.spaced(a)
            && cx.is_word(before)
            && (cx.has(before, flag::MONTH | flag::WEEKDAY) || cx.case(before) != Case::Lower))
}

/// Long digit strings with no grouping are codes, phone numbers, postal codes or extensions
/// unless they count something: bulletins group large counts ("45 mil", "45,000"). A leading
/// zero ("018000253955", "01492") is never a count.
fn is_code(cx: &Cx, fig: &Figure, qualifier: Qualified, has_unit: bool) -> bool {
    let Some(lit) = fig.single_num else {
        return false;
    };
    if !lit.plain || fig.kind != QuantityKind::Count {
        return false;
    }
    let first_digit = cx.toks[fig.first].start;
    if lit.int_digits >= 2 && cx.text.as_bytes().get(first_digit) == Some(&b'0') {
        return true;
    }
    lit.int_digits >= 5 && !has_unit && !qualifier.before
}
