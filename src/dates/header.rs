//! Finds the two header facts of a bulletin: the dateline (place and date at the start of a
//! line, `Ciudad de México, 14 de junio de 2025`) and the bulletin number (`No. 318/2025`).
//!
//! Both must open a line in the head of the document (its first [`HEADER_BLOCKS`] blocks, and
//! a block's first [`HEADER_LINES`] lines), so a place-and-date or a `No. 12/2024` further
//! down — a quoted date in a transcript, an agreement number — is never taken for them. Only
//! the first of each in the document counts.

use super::calendar::Calendar;
use super::lexer::TokenKind;
use super::reader::BlockRead;
use super::{BlockSpan, BulletinNumber, DateForm, Dateline};

/// Most tokens a place may have (`Playas de Rosarito, Baja California`).
const MAX_PLACE_TOKENS: usize = 14;
/// The dateline and the bulletin number are looked for in this many first blocks…
pub(crate) const HEADER_BLOCKS: usize = 8;
/// …and in this many first lines of each.
pub(crate) const HEADER_LINES: usize = 4;

/// The first dateline of a block, if any. `first_mention` is the index, in the document's
/// mentions, of the block's first mention.
pub(crate) fn find_dateline(
    block: usize,
    text: &str,
    read: &BlockRead,
    first_mention: usize,
    cal: &Calendar,
) -> Option<Dateline> {
    if block >= HEADER_BLOCKS {
        return None;
    }
    let tokens = &read.tokens;
    // The first tokens of the block's first lines; the next line start ends the search.
    let line_starts: Vec<usize> =
        (0..tokens.len()).filter(|&k| tokens.get(k).is_some_and(|t| t.line_start)).take(HEADER_LINES + 1).collect();
    let zone_end = line_starts.get(HEADER_LINES).copied().unwrap_or(tokens.len());
    for (index, read_mention) in read.mentions.iter().enumerate() {
        if read_mention.group_start >= zone_end {
            break;
        }
        let mention = &read_mention.mention;
        let (Some(month), true) = (mention.month, read_mention.single) else {
            continue;
        };
        if mention.form != DateForm::Words || !mention.owns_month() {
            continue;
        }
        let date_start = read_mention.group_start;
        // The place runs from the start of the line to a comma or semicolon, optionally
        // followed by `a` (`Tijuana, Baja California, a 27 de octubre`).
        let Some(&line_start) = line_starts.iter().rev().find(|&&k| k < date_start) else {
            continue;
        };
        let Some(mut separator) = date_start.checked_sub(1) else {
            continue;
        };
        if tokens.get(separator).is_some_and(|t| t.sym == cal.dateline_a) {
            let Some(before) = separator.checked_sub(1) else {
                continue;
            };
            separator = before;
        }
        if separator <= line_start || !tokens.get(separator).is_some_and(|t| t.is_punct(',') || t.is_punct(';')) {
            continue;
        }
        let place_tokens = tokens.get(line_start..separator)?;
        let place_ok = place_tokens.len() <= MAX_PLACE_TOKENS
            && place_tokens.first().is_some_and(|t| {
                t.is_word() && t.text(text).chars().next().is_some_and(char::is_uppercase)
            })
            // A place names no month or weekday (`Ahí va marzo, 8 de marzo` is speech).
            && place_tokens
                .iter()
                .all(|t| cal.month_of(t.sym).is_none() && cal.weekday_of(t.sym).is_none())
            && place_tokens.iter().all(|t| {
                t.is_word()
                    || (t.kind == TokenKind::Punct
                        && matches!(t.mark(), Some(',' | '.' | ';' | '(' | ')' | '-')))
            });
        // The date ends the line or is followed by punctuation (`.-`, `.`, `—`).
        let end_ok = tokens.get(read_mention.group_end).is_none_or(|t| t.line_start || t.kind == TokenKind::Punct);
        if !place_ok || !end_ok {
            continue;
        }
        let place_start = place_tokens.first()?.range.start;
        let place_end = place_tokens.last()?.range.end;
        let place_span = BlockSpan { block, range: place_start..place_end };
        return Some(Dateline {
            span: BlockSpan { block, range: place_start..mention.span.range.end },
            place: text.get(place_start..place_end)?.to_owned(),
            place_span,
            day: mention.day,
            month,
            year: mention.year.filter(|_| mention.owns_year()),
            year_span: mention.year_span.clone().filter(|_| mention.owns_year()),
            mention: first_mention + index,
        });
    }
    None
}

/// The first bulletin number of a block that opens a line, if any.
pub(crate) fn find_bulletin(block: usize, text: &str, cal: &Calendar) -> Option<BulletinNumber> {
    if block >= HEADER_BLOCKS {
        return None;
    }
    let caps = cal.bulletin.captures(text)?;
    let line = text.get(..caps.get(0)?.start())?.matches('\n').count() + 1;
    if line > HEADER_LINES {
        return None;
    }
    let whole = caps.get(0)?;
    let number = caps.name("number")?;
    let year = caps.name("year")?;
    let start = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
    Some(BulletinNumber {
        span: BlockSpan { block, range: start..year.end() },
        number: number.as_str().to_owned(),
        year: year.as_str().parse().ok(),
        year_span: BlockSpan { block, range: year.range() },
    })
}
