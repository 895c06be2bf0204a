//! Writing figures back: grouped digits for help lines ("193 024"), the bulletin style with
//! multiplier words ("193 mil 024", "2 millones 778 mil 541"), and spelled words
//! ("ciento treinta y dos"). The last two are driven by the lexicon, so they speak its
//! language; all three read back through [`super::scan`] to the same value (round-trip tests).

use rust_decimal::Decimal;

use super::lexicon::{Multiplier, NumberLexicon};

/// Digits in groups of three separated by spaces, "." before decimals: `193024` ->
/// `"193 024"`, `-1250.5` -> `"-1 250.5"`. Trailing decimal zeros are dropped.
pub fn format_grouped(v: &Decimal) -> String {
    let v = v.normalize();
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The bulletin style: digit groups with the lexicon's multiplier words, the group after
/// the thousands word padded to three digits, as Mexican bulletins write them:
/// `193024` -> `"193 mil 024"`, `1125` -> `"mil 125"`, `2778541` ->
/// `"2 millones 778 mil 541"`, `1000021` -> `"un millón 21"`, `154626.57` ->
/// `"154 mil 626.57"`. Below 1000 it is the plain number.
pub fn format_mixed(v: &Decimal, lex: &NumberLexicon) -> String {
    let v = v.normalize();
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    let abs = v.abs();
    let int = abs.trunc();
    let frac = (abs - int).normalize();
    let frac_text = frac.to_string();
    let frac_digits = frac_text.strip_prefix('0').unwrap_or("");
    let Some(n) = decimal_to_u128(int) else {
        out.push_str(&abs.to_string());
        return out;
    };
    let mults = spelled_multipliers(lex);
    let mut body = String::new();
    mixed_into(n, &mults, false, &mut body);
    if body.is_empty() {
        body.push('0');
    }
    out.push_str(&body);
    if !frac_digits.is_empty() {
        if n % 1000 == 0 && n >= 1000 {
            // "5 mil 000.5": the decimals need a group to sit on.
            out.push_str(if n % 1_000_000 == 0 { " 0" } else { " 000" });
        }
        out.push_str(frac_digits);
    }
    out
}

fn mixed_into(n: u128, mults: &[(u128, &Multiplier)], pad: bool, out: &mut String) {
    let Some(&(m, mult)) = mults.iter().find(|(m, _)| *m <= n) else {
        if n > 0 || out.is_empty() {
            push_word(out, &if pad { format!("{n:03}") } else { n.to_string() });
        }
        return;
    };
    let (q, r) = (n / m, n % m);
    if q == 1 {
        push_word(out, &mult.one);
        push_word(out, &mult.singular);
    } else {
        mixed_into(q, mults, false, out);
        push_word(out, &mult.plural);
    }
    if r > 0 {
        mixed_into(r, mults, m == 1000, out);
    }
}

/// A whole number in words, in the lexicon's language: `132` -> `"ciento treinta y dos"`,
/// `21000` -> `"veintiún mil"`, `2000000000` -> `"dos mil millones"`. `None` for negative
/// or fractional values and for values beyond the lexicon's largest multiplier squared.
pub fn format_words(v: &Decimal, lex: &NumberLexicon) -> Option<String> {
    let v = v.normalize();
    if v.is_sign_negative() && !v.is_zero() || v.scale() != 0 {
        return None;
    }
    let n = decimal_to_u128(v)?;
    let mults = spelled_multipliers(lex);
    let largest = mults.first().map_or(1, |(m, _)| *m);
    if n >= largest.checked_mul(largest)? {
        return None;
    }
    let mut out = String::new();
    if n == 0 {
        out.push_str(lex.spelling.units.first()?);
    } else {
        words_into(n, &mults, lex, &mut out);
    }
    Some(out)
}

fn words_into(n: u128, mults: &[(u128, &Multiplier)], lex: &NumberLexicon, out: &mut String) {
    let Some(&(m, mult)) = mults.iter().find(|(m, _)| *m <= n) else {
        // n < 1000 here: the multipliers include 1000.
        push_word(out, &small_words(u32::try_from(n).unwrap_or(0), lex));
        return;
    };
    let (q, r) = (n / m, n % m);
    if q == 1 {
        push_word(out, &mult.one);
        push_word(out, &mult.singular);
    } else {
        let mut left = String::new();
        words_into(q, mults, lex, &mut left);
        push_word(out, &apocope(&left, lex));
        push_word(out, &mult.plural);
    }
    if r > 0 {
        words_into(r, mults, lex, out);
    }
}

/// Words for 1..=999.
fn small_words(n: u32, lex: &NumberLexicon) -> String {
    let s = &lex.spelling;
    let units = |i: u32| s.units.get(i as usize).map_or("", String::as_str);
    let under_hundred = |n: u32| -> String {
        if (n as usize) < s.units.len() {
            units(n).to_string()
        } else {
            let tens = s.tens.get((n / 10) as usize).map_or("", String::as_str);
            if n % 10 == 0 { tens.to_string() } else { format!("{tens}{}{}", s.tens_joiner, units(n % 10)) }
        }
    };
    if n < 100 {
        return under_hundred(n);
    }
    if n == 100 {
        return s.hundred_exact.clone();
    }
    let hundreds = s.hundreds.get((n / 100) as usize).map_or("", String::as_str);
    if n % 100 == 0 { hundreds.to_string() } else { format!("{hundreds} {}", under_hundred(n % 100)) }
}

/// The short form of the last word before a multiplier ("veintiuno" -> "veintiún").
fn apocope(words: &str, lex: &NumberLexicon) -> String {
    let (head, last) = words.rsplit_once(' ').unwrap_or(("", words));
    match lex.spelling.apocope.get(last) {
        Some(short) if head.is_empty() => short.clone(),
        Some(short) => format!("{head} {short}"),
        None => words.to_string(),
    }
}

fn push_word(out: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The multipliers the formatters use, largest first.
fn spelled_multipliers(lex: &NumberLexicon) -> Vec<(u128, &Multiplier)> {
    let mut v: Vec<(u128, &Multiplier)> =
        lex.multipliers.iter().filter(|m| m.spell).filter_map(|m| decimal_to_u128(m.value).map(|v| (v, m))).collect();
    v.sort_by_key(|m| std::cmp::Reverse(m.0));
    v
}

fn decimal_to_u128(v: Decimal) -> Option<u128> {
    use rust_decimal::prelude::ToPrimitive;
    v.trunc().to_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn grouped() {
        assert_eq!(format_grouped(&d("193024")), "193 024");
        assert_eq!(format_grouped(&d("117.90")), "117.9");
        assert_eq!(format_grouped(&d("-1250.5")), "-1 250.5");
        assert_eq!(format_grouped(&d("999")), "999");
        assert_eq!(format_grouped(&d("0")), "0");
    }

    #[test]
    fn mixed() {
        let es = NumberLexicon::spanish();
        assert_eq!(format_mixed(&d("193024"), es), "193 mil 024");
        assert_eq!(format_mixed(&d("1125"), es), "mil 125");
        assert_eq!(format_mixed(&d("2778541"), es), "2 millones 778 mil 541");
        assert_eq!(format_mixed(&d("1000021"), es), "un millón 21");
        assert_eq!(format_mixed(&d("154626.57"), es), "154 mil 626.57");
        assert_eq!(format_mixed(&d("5000200100"), es), "5 mil millones 200 mil 100");
        assert_eq!(format_mixed(&d("1000000000000"), es), "un billón");
        assert_eq!(format_mixed(&d("0"), es), "0");
        assert_eq!(format_mixed(&d("42"), es), "42");
    }

    #[test]
    fn words() {
        let es = NumberLexicon::spanish();
        let w = |s: &str| format_words(&d(s), es).unwrap();
        assert_eq!(w("0"), "cero");
        assert_eq!(w("132"), "ciento treinta y dos");
        assert_eq!(w("100"), "cien");
        assert_eq!(w("21000"), "veintiún mil");
        assert_eq!(w("101000"), "ciento un mil");
        assert_eq!(w("1000000"), "un millón");
        assert_eq!(w("2000000000"), "dos mil millones");
        assert_eq!(w("999999"), "novecientos noventa y nueve mil novecientos noventa y nueve");
        assert_eq!(format_words(&d("1.5"), es), None);
        let en = NumberLexicon::english();
        assert_eq!(format_words(&d("125"), en).unwrap(), "one hundred twenty-five");
        assert_eq!(format_words(&d("2000000"), en).unwrap(), "two million");
    }
}
