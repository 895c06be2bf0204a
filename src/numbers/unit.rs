//! The unit of a figure: the noun phrase it counts ("193 mil 024 atenciones médicas",
//! "30 trasplantes de órganos", "12 de córneas" -> "córneas", "88 mil 145 Consultas de
//! Medicina Familiar", "33.33 por ciento de las metas" -> "metas").
//!
//! There is no part-of-speech tagger here, only language data: a content word is any word
//! that is not a stopword, a number word, a month or a conjugated-looking verb. Where the
//! language puts the noun first (`head = "first"`, Spanish), a lowercase head takes up to two
//! following adjectives and one "de" complement; where it puts it last (`head = "last"`,
//! English), up to three lowercase words are taken and the last is the head ("medical
//! consultations"). A capitalised phrase takes the rest of the name, across joiners ("de",
//! "y"). The phrase never crosses punctuation.
//!
//! Invariant: the returned span is `start of its first word .. end of its last word`, both
//! token boundaries, so it is on char boundaries and inside the text.

use std::ops::Range;

use super::QuantityKind;
use super::cursor::Cx;
use super::fold::fold;
use super::grammar::Figure;
use super::lexer::Case;
use super::lexicon::{UnitHead, flag};

/// The unit of a figure.
#[derive(Debug, Clone)]
pub(crate) struct UnitFound {
    pub span: Range<usize>,
    /// Folded head noun.
    pub head: String,
    pub head_token: usize,
}

/// The unit of `fig`, if a noun phrase follows it.
pub(crate) fn unit_after(cx: &Cx, fig: &Figure) -> Option<UnitFound> {
    let mut k = fig.end;
    if !cx.is_word(k) {
        return None;
    }
    if cx.glued(k) {
        // "5km": only an abbreviation glued to a bare number is a unit.
        if fig.single_num.is_some() && cx.has(k, flag::GLUED_UNIT) {
            let t = &cx.toks[k];
            return Some(UnitFound { span: t.start..t.end, head: fold(cx.slice(k)), head_token: k });
        }
        return None;
    }
    if fig.kind != QuantityKind::Ordinal && cx.has(k, flag::SKIP_BEFORE_UNIT) && cx.spaced(k + 1) {
        k += 1;
        if fig.kind == QuantityKind::Percent && cx.has(k, flag::ARTICLE) && cx.spaced(k + 1) {
            k += 1;
        }
    }
    if !is_content(cx, k) {
        return None;
    }
    let head = k;
    let first = k;
    let max = cx.lex.max_unit_words;
    let mut last = head;
    let mut words = 1;
    k += 1;
    if cx.case(head) == Case::Lower && cx.lex.unit_head == UnitHead::Last {
        // "medical consultations": up to three lowercase words, the last is the noun.
        let mut head = head;
        while words < 3.min(max) && is_modifier(cx, k) && cx.case(k) == Case::Lower {
            head = k;
            k += 1;
            words += 1;
        }
        return Some(UnitFound {
            span: cx.toks[first].start..cx.toks[head].end,
            head: fold(cx.slice(head)),
            head_token: head,
        });
    }
    if cx.case(head) == Case::Lower {
        let mut adjectives = 0;
        while adjectives < 2 && words < max && is_modifier(cx, k) && cx.case(k) == Case::Lower {
            last = k;
            k += 1;
            adjectives += 1;
            words += 1;
        }
        // One "de" complement: "trasplantes de órganos", "detecciones de enfermedades".
        if words + 1 < max
            && cx.has(k, flag::SKIP_BEFORE_UNIT)
            && cx.spaced(k)
            && is_modifier(cx, k + 1)
            && cx.case(k + 1) == Case::Lower
        {
            last = k + 1;
            k += 2;
            words += 2;
            if words < max && is_modifier(cx, k) && cx.case(k) == Case::Lower {
                last = k;
            }
        }
    } else {
        // A capitalised name: "Consultas de Medicina Familiar", "Estudios Auxiliares de
        // Diagnóstico y Tratamiento".
        while words < max {
            if is_modifier(cx, k) && cx.case(k) != Case::Lower {
                last = k;
                k += 1;
                words += 1;
                continue;
            }
            let mut m = k;
            while m < k + 2 && cx.spaced(m) && cx.is_word(m) && cx.has(m, flag::NAME_JOINER) {
                m += 1;
            }
            if m > k && words + (m - k) < max && is_modifier(cx, m) && cx.case(m) != Case::Lower {
                words += m - k + 1;
                last = m;
                k = m + 1;
                continue;
            }
            break;
        }
    }
    // In a name the head is its first word in Spanish ("Consultas de Medicina Familiar") and
    // the last before any joiner in English ("National Day").
    let head = match cx.lex.unit_head {
        UnitHead::First => head,
        UnitHead::Last => (head..=last).take_while(|t| !cx.has(*t, flag::NAME_JOINER)).last().unwrap_or(head),
    };
    Some(UnitFound { span: cx.toks[first].start..cx.toks[last].end, head: fold(cx.slice(head)), head_token: head })
}

/// Can token `k` be the head of a counted noun phrase?
fn is_content(cx: &Cx, k: usize) -> bool {
    content(cx, k, false)
}

/// Can token `k` modify a head noun ("médicas", "de órganos")?
fn is_modifier(cx: &Cx, k: usize) -> bool {
    content(cx, k, true)
}

fn content(cx: &Cx, k: usize, modifier: bool) -> bool {
    if !cx.spaced(k) || !cx.is_word(k) {
        return false;
    }
    let info = cx.info(k);
    if info.is_number_word() || info.has(flag::STOP | flag::MONTH | flag::WEEKDAY | flag::ARTICLE_LIKE | flag::AND) {
        return false;
    }
    let word = cx.slice(k);
    if word.chars().count() < 2 {
        return false;
    }
    !cx.lex.looks_like_verb(word, modifier)
}
