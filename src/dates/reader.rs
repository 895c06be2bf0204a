//! Reads the dates of one prose block: single dates, ranges and lists of days, in words
//! (day-first `7 de julio de 2025` and, where the pack allows, month-first `July 7, 2025`) or
//! in figures (`31/12/2024`), with their weekdays, relative words and future-tense phrases,
//! and the bare years of the block.
//!
//! The reader works on tokens ([`super::lexer`]) and is deliberately strict, because every
//! date it reads can become an error on a correct bulletin:
//! - a weekday belongs to a date only when it stands right before the day (`martes 7`,
//!   `Tuesday, July 7`), so names such as `Viernes Santo` or `Martes de Carnaval` are never
//!   weekdays of a date;
//! - a day without a month (`el pasado lunes 3`) is read only with its weekday, after a date
//!   word or a relative word, and before a punctuation mark or a listed follower word;
//! - a day written in words (`dieciséis de noviembre`) needs a date word before it.
//!
//! Invariants: token indices stay in bounds (all access goes through `get`), spans come from
//! token ranges (char boundaries), and the reader consumes each token at most once per group.

use std::ops::Range;

use jiff::civil::Weekday;

use super::calendar::{Calendar, Deixis, NumericOrder, RangeShape};
use super::lexer::{Token, TokenKind, tokenize};
use super::resolve::{date, days_between};
use super::{BlockSpan, DateForm, DateMention, YearMention};

/// Most tokens allowed between a future-tense phrase and the date it announces.
const FUTURE_WINDOW_AFTER: usize = 6;
/// Most tokens allowed between a sentence start and a date announced by a phrase after it.
const FUTURE_WINDOW_SENTENCE_START: usize = 3;
/// Most tokens looked at before a date for a relative word (`el pasado`, `hoy ,`).
const DEIXIS_LOOKBACK: usize = 4;
/// Longest range read as starting in the month before the one written (`del 28 al 4 de
/// agosto` = 28 July to 4 August). Such elliptical ranges span days or a few weeks; a longer
/// reading (`del 15 al 12 de agosto` would be 28 days) is more likely a reversed range.
const MAX_ELLIPTICAL_RANGE_DAYS: i32 = 21;

/// A mention and the tokens it was read from.
#[derive(Debug)]
pub(crate) struct ReadMention {
    pub mention: DateMention,
    /// One past the last token of the whole group the mention belongs to.
    pub group_end: usize,
    /// First token of the group, before any opener (`del`, `entre el`).
    pub group_start: usize,
    /// Whether the group is a single date (not a range or list).
    pub single: bool,
}

/// What [`read_block`] found.
#[derive(Debug)]
pub(crate) struct BlockRead {
    pub tokens: Vec<Token>,
    pub mentions: Vec<ReadMention>,
    pub years: Vec<YearMention>,
}

/// One date of a group, as written.
#[derive(Clone, Debug)]
struct Item {
    start: usize,
    end: usize,
    weekday: Option<(Weekday, usize)>,
    day: Option<u8>,
    day_tokens: Range<usize>,
    spelled: bool,
    month: Option<(u8, Range<usize>)>,
    year: Option<(i16, Range<usize>)>,
    year_offset: Option<(i8, Range<usize>)>,
    numeric: bool,
}

/// A group of dates written together.
#[derive(Debug)]
struct Group {
    start: usize,
    end: usize,
    items: Vec<Item>,
    range: bool,
    deixis: Option<(Deixis, Range<usize>)>,
    context: bool,
}

/// Reads one block. `groups` numbers the groups across the document and is advanced;
/// `tokens` is a buffer to reuse (it comes back in [`BlockRead::tokens`]).
pub(crate) fn read_block(
    block: usize,
    text: &str,
    cal: &Calendar,
    groups: &mut usize,
    mut tokens: Vec<Token>,
) -> BlockRead {
    tokenize(text, &cal.keys, &mut tokens);
    let reader = Reader { cal, text, tokens: &tokens, block };
    let mut mentions = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let Some(group) = reader.may_start_group(at).then(|| reader.group_at(at)).flatten() else {
            at += 1;
            continue;
        };
        let base = mentions.len();
        let group_id = *groups;
        *groups += 1;
        let single = group.items.len() == 1;
        for (i, item) in group.items.iter().enumerate() {
            let mut mention = reader.mention(item, &group, i, group_id);
            if group.range && i == 0 {
                mention.range_end = Some(base + 1);
            }
            mentions.push(ReadMention { mention, group_end: group.end, group_start: group.start, single });
        }
        covered.push(group.start..group.end);
        at = group.end.max(at + 1);
    }
    reader.attach_future_tense(&mut mentions);
    let years = reader.years(&covered);
    BlockRead { tokens, mentions, years }
}

/// The month of an `earlier` day that shares the `month` written after a `later` day. A day
/// that goes down (`el 31 y 1 de septiembre`, `del 28 al 4 de agosto`) belongs to the month
/// before, when that month has the day and, for a range, the range stays short.
fn shared_month(earlier: &Item, later: &Item, month: u8, range: bool) -> u8 {
    let (Some(a), Some(b)) = (earlier.day, later.day) else {
        return month;
    };
    if a <= b {
        return month;
    }
    let previous = if month == 1 { 12 } else { month - 1 };
    // Any year does for the month lengths; a leap year keeps 29 February possible.
    let later_year = later.year.as_ref().map_or(2000, |y| y.0);
    let earlier_year = if month == 1 { later_year - 1 } else { later_year };
    let (Some(start), Some(end)) = (date(earlier_year, previous, a), date(later_year, month, b)) else {
        return month;
    };
    if range && days_between(start, end) > MAX_ELLIPTICAL_RANGE_DAYS {
        return month;
    }
    previous
}

struct Reader<'a> {
    cal: &'a Calendar,
    text: &'a str,
    tokens: &'a [Token],
    block: usize,
}

impl Reader<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    fn span(&self, tokens: Range<usize>) -> BlockSpan {
        let start = self.token(tokens.start).map_or(0, |t| t.range.start);
        let end = tokens.end.checked_sub(1).and_then(|last| self.token(last)).map_or(start, |t| t.range.end);
        BlockSpan { block: self.block, range: start..end.max(start) }
    }

    /// Whether token `i` is glued to the one before it (no whitespace between).
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.token(i).is_some_and(|t| !t.space_before)
    }

    fn capital_ok(&self, t: &Token) -> bool {
        !self.cal.names_need_capital || t.text(self.text).chars().next().is_some_and(char::is_uppercase)
    }

    fn weekday_at(&self, i: usize) -> Option<Weekday> {
        let t = self.token(i)?;
        let weekday = self.cal.weekday_of(t.sym)?;
        (t.is_word() && self.capital_ok(t)).then_some(weekday)
    }

    /// Whether a group may start at token `i`: a group starts with a number, a blank, a range
    /// opener, a weekday, a day in words or (month first) a month, so [`Reader::group_at`]
    /// need not look at any other token.
    fn may_start_group(&self, i: usize) -> bool {
        self.token(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::Number | TokenKind::Blank) || self.cal.may_start_group(t.sym))
    }

    /// A month name at `i`: the month and the index after it. A full stop glued to an
    /// abbreviation is part of it when a number follows (`Jan. 7`).
    fn month_at(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.token(i)?;
        let month = self.cal.month_of(t.sym)?;
        if !t.is_word() || !self.capital_ok(t) {
            return None;
        }
        let mut end = i + 1;
        if self.token(end).is_some_and(|t| t.is_punct('.'))
            && self.glued(end)
            && self.token(end + 1).is_some_and(|t| t.kind == TokenKind::Number)
        {
            end += 1;
        }
        Some((month, end))
    }

    /// Whether the number token at `i` stands alone: not part of a decimal, a time, a
    /// fraction, a path or a glued word (`3.5`, `10:30`, `3/4`, `5G`, `No.5`). A hyphen is
    /// allowed on either side: `3-5 de mayo` is a range.
    fn lone_number(&self, i: usize) -> bool {
        let is_number = |k: usize| self.token(k).is_some_and(|t| t.kind == TokenKind::Number);
        let mark = |k: usize| self.token(k).and_then(Token::mark);
        if self.glued(i) {
            let before = mark(i - 1);
            let prev_is_text = self
                .token(i - 1)
                .is_some_and(|p| matches!(p.kind, TokenKind::Number | TokenKind::Word | TokenKind::Blank));
            if prev_is_text || matches!(before, Some('/' | '.' | ',' | ':' | '#' | '$')) {
                return false;
            }
        }
        if self.glued(i + 1) {
            let after = mark(i + 1);
            if matches!(after, Some('/' | '%' | '_')) {
                return false;
            }
            if matches!(after, Some('.' | ',' | ':')) && self.glued(i + 2) && is_number(i + 2) {
                return false;
            }
        }
        true
    }

    /// A day number with an optional ordinal mark (`1º`, `1o.`, `3rd`): value and end.
    fn day_number_at(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.token(i)?;
        let value = u8::try_from(t.number(self.text, 2)?).ok()?;
        if value == 0 || !self.lone_number(i) {
            return None;
        }
        let mut end = i + 1;
        if self.glued(end) {
            let next = self.token(end)?;
            if matches!(next.kind, TokenKind::Word | TokenKind::Punct) && self.cal.is_ordinal_suffix(next.sym) {
                end += 1;
                // `1o. de mayo`: the full stop of the abbreviation, when a word follows.
                if self.glued(end)
                    && self.token(end).is_some_and(|t| t.is_punct('.'))
                    && self.token(end + 1).is_some_and(Token::is_word)
                {
                    end += 1;
                }
            } else if next.kind == TokenKind::Word {
                return None; // `5G`, `3am`
            }
        }
        Some((value, end))
    }

    /// A four-digit year at `i` (standing alone): value and end.
    fn year_number_at(&self, i: usize) -> Option<(i16, usize)> {
        let t = self.token(i)?;
        if t.kind != TokenKind::Number || t.range.len() != 4 || !self.lone_number(i) {
            return None;
        }
        if self.glued(i + 1) && self.token(i + 1).is_some_and(|n| matches!(n.kind, TokenKind::Word | TokenKind::Number))
        {
            return None;
        }
        let year: i16 = t.text(self.text).parse().ok()?;
        (1000..=9999).contains(&year).then_some((year, i + 1))
    }

    /// A numeric date at `i` (`31/12/2024`, `31-12-2024`, `2024-12-31`): day, month, year,
    /// the token of each, and the end.
    fn numeric_at(&self, i: usize) -> Option<(Item, usize)> {
        let parts = [i, i + 2, i + 4];
        let sep = self.token(i + 1)?.mark()?;
        if !matches!(sep, '/' | '-' | '.')
            || self.token(i + 3).is_none_or(|t| !t.is_punct(sep))
            || !(1..=4).all(|k| self.glued(i + k))
            || parts.iter().any(|&p| self.token(p).is_none_or(|t| t.kind != TokenKind::Number))
        {
            return None;
        }
        // Nothing glued around it: `/2020/10/21/` is a path, `1.2.2024.5` a version.
        let glued_before = self.glued(i)
            && self
                .token(i - 1)
                .is_some_and(|p| p.kind != TokenKind::Punct || matches!(p.mark(), Some('/' | '-' | '.' | ',')));
        let glued_after = self.glued(i + 5)
            && self.token(i + 5).is_some_and(|n| {
                n.kind != TokenKind::Punct
                    || (matches!(n.mark(), Some('/' | '-' | '.' | ','))
                        && self.glued(i + 6)
                        && self.token(i + 6).is_some_and(|t| t.kind == TokenKind::Number))
            });
        if glued_before || glued_after {
            return None;
        }
        let texts = parts.map(|p| self.token(p).map_or("", |t| t.text(self.text)));
        let (year_index, month_index, day_index) = if texts[0].len() == 4 {
            (0, 1, 2)
        } else if texts[2].len() == 4 {
            match self.cal.numeric_order {
                NumericOrder::Dmy => (2, 1, 0),
                NumericOrder::Mdy => (2, 0, 1),
            }
        } else {
            return None;
        };
        if texts[month_index].len() > 2 || texts[day_index].len() > 2 {
            return None;
        }
        let year: i16 = texts[year_index].parse().ok()?;
        let month: u8 = texts[month_index].parse().ok()?;
        let day: u8 = texts[day_index].parse().ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1000..=9999).contains(&year) {
            return None;
        }
        let tok = |k: usize| parts[k]..parts[k] + 1;
        let item = Item {
            start: i,
            end: i + 5,
            weekday: None,
            day: Some(day),
            day_tokens: tok(day_index),
            spelled: false,
            month: Some((month, tok(month_index))),
            year: Some((year, tok(year_index))),
            year_offset: None,
            numeric: true,
        };
        Some((item, i + 5))
    }

    /// A day at `i`: a number, a day in words, or a blank (`_____`). Returns the day (`None`
    /// for a blank), whether it is spelled, and the end.
    fn day_at(&self, i: usize, allow_blank: bool) -> Option<(Option<u8>, bool, usize)> {
        let t = self.token(i)?;
        match t.kind {
            TokenKind::Number => self.day_number_at(i).map(|(d, end)| (Some(d), false, end)),
            TokenKind::Blank if allow_blank => Some((None, false, i + 1)),
            TokenKind::Word => {
                let (index, len) = self.cal.day_words.longest_at(self.tokens, i)?;
                let day = *self.cal.day_word_values.get(index)?;
                Some((Some(day), true, i + len))
            }
            _ => None,
        }
    }

    /// A year after a month at `i`: a connector (`de`, `del`, `,`) and four digits, or a
    /// relative year phrase (`de este año`).
    fn year_after(&self, i: usize, item: &mut Item) -> usize {
        if let Some((index, len)) = self.cal.year_phrases.longest_at(self.tokens, i) {
            if let Some(&offset) = self.cal.year_offsets.get(index) {
                item.year_offset = Some((offset, i..i + len));
                return i + len;
            }
        }
        if let Some((_, len)) = self.cal.year_connectors.longest_at(self.tokens, i) {
            if let Some((year, end)) = self.year_number_at(i + len) {
                item.year = Some((year, i + len..end));
                return end;
            }
        }
        if !self.cal.year_connector_required {
            if let Some((year, end)) = self.year_number_at(i) {
                item.year = Some((year, i..end));
                return end;
            }
        }
        i
    }

    /// One date at `i`: `[weekday [,]] day [de month [de year]]`, `[weekday [,]] month day
    /// [, year]`, or `[weekday] dd/mm/yyyy`.
    fn item_at(&self, i: usize) -> Option<Item> {
        let mut at = i;
        let mut weekday = None;
        if let Some(w) = self.weekday_at(at) {
            if self.in_weekday_list(at) {
                // `el jueves y el viernes, 5 y 6 de marzo`: the weekdays pair with the days in
                // order, not the last weekday with the first day.
                return None;
            }
            weekday = Some((w, at));
            at += 1;
            if self.token(at).is_some_and(|t| t.is_punct(',')) {
                at += 1;
            }
        }
        if let Some((mut item, end)) = self.numeric_at(at) {
            item.start = i;
            item.weekday = weekday;
            item.end = end;
            return Some(item);
        }
        let empty = |start: usize| Item {
            start: i,
            end: start,
            weekday,
            day: None,
            day_tokens: start..start,
            spelled: false,
            month: None,
            year: None,
            year_offset: None,
            numeric: false,
        };
        if self.cal.day_first {
            if let Some((day, spelled, day_end)) = self.day_at(at, true) {
                let mut item = empty(day_end);
                item.day = day;
                item.spelled = spelled;
                item.day_tokens = at..day_end;
                let month_at = match self.cal.day_month_connectors.longest_at(self.tokens, day_end) {
                    Some((_, len)) => Some(day_end + len),
                    // With a weekday the connector may be dropped: `el lunes 6 mayo`.
                    None if !self.cal.day_month_connector_required || weekday.is_some() => Some(day_end),
                    None => None,
                };
                let month = month_at.and_then(|m| self.month_at(m).map(|(month, end)| (month, m, end)));
                match month {
                    Some((month, month_token, month_end)) => {
                        item.month = Some((month, month_token..month_token + 1));
                        item.end = self.year_after(month_end, &mut item);
                    }
                    // A blank day needs its month: `_____ de mayo`.
                    None if day.is_none() => return None,
                    // `from May 3 to 5, 2025`: the year of a month-first range follows its end.
                    None if self.cal.month_first => item.end = self.year_after(day_end, &mut item),
                    None => {}
                }
                return Some(item);
            }
        }
        if self.cal.month_first {
            if let Some((month, month_end)) = self.month_at(at) {
                if let Some((Some(day), spelled, day_end)) = self.day_at(month_end, false) {
                    let mut item = empty(day_end);
                    item.day = Some(day);
                    item.spelled = spelled;
                    item.day_tokens = month_end..day_end;
                    item.month = Some((month, at..at + 1));
                    item.end = self.year_after(day_end, &mut item);
                    return Some(item);
                }
            }
        }
        None
    }

    /// A group of dates starting at `i`: an optional range opener, a first date, and more
    /// dates after range or list joiners.
    fn group_at(&self, i: usize) -> Option<Group> {
        // The longest opener of any range shape.
        let opener = self
            .cal
            .ranges
            .iter()
            .enumerate()
            .filter_map(|(shape, r)| r.openers.longest_at(self.tokens, i).map(|(_, len)| (shape, len)))
            .max_by_key(|&(_, len)| len);
        let first_at = opener.map_or(i, |(_, len)| i + len);
        // The shapes the group may take: those with the longest opener, or without openers.
        let in_shape = |r: &&RangeShape| match opener {
            Some((_, len)) => r.openers.longest_at(self.tokens, i).is_some_and(|(_, l)| l == len),
            None => r.openers.is_empty(),
        };
        let first = self.item_at(first_at)?;
        let mut items = vec![first];
        let mut range = false;
        while let Some(last) = items.last() {
            let at = last.end;
            if items.len() == 1 {
                let joiner = self
                    .cal
                    .ranges
                    .iter()
                    .filter(in_shape)
                    .filter_map(|r| r.joiners.longest_at(self.tokens, at))
                    .map(|(_, len)| len)
                    .max();
                if let Some(item) = joiner.and_then(|len| self.item_at(at + len)) {
                    items.push(item);
                    range = true;
                    break;
                }
            }
            // A numeric date is never part of a list in words (`el 1 de mayo y el 31/12/2024`).
            let next = self
                .cal
                .list_joiners
                .longest_at(self.tokens, at)
                .and_then(|(_, len)| self.item_at(at + len))
                .filter(|item| item.numeric == last.numeric);
            match next {
                Some(item) => items.push(item),
                None => break,
            }
        }
        let start = if opener.is_some() && range { i } else { first_at };
        let mut group = Group {
            start,
            end: items.last().map_or(first_at, |it| it.end),
            items,
            range,
            deixis: None,
            context: false,
        };
        self.complete(&mut group, opener.is_some())?;
        Some(group)
    }

    /// Shares months and years across the group, drops trailing days that belong to no date,
    /// and decides whether the group is a date at all.
    fn complete(&self, group: &mut Group, opened: bool) -> Option<()> {
        let items = &mut group.items;
        // A month-first language shares a month forwards: `May 3 to 5`, `May 3 and 5`.
        if self.cal.month_first {
            for k in 1..items.len() {
                if items[k].month.is_none() && !items[k].numeric {
                    if let Some(m) = items[k - 1].month.clone() {
                        items[k].month = Some(m);
                    }
                }
            }
        }
        // Backwards: `del 3 al 5 de mayo`, `viernes 16 y sábado 17 de octubre`.
        for k in (0..items.len().saturating_sub(1)).rev() {
            if items[k].month.is_none() {
                if let Some((month, span)) = items[k + 1].month.clone() {
                    let month = shared_month(&items[k], &items[k + 1], month, group.range);
                    items[k].month = Some((month, span));
                }
            }
            if items[k].year.is_none() && items[k].year_offset.is_none() && !items[k + 1].numeric {
                let later_month = items[k + 1].month.as_ref().map(|m| m.0);
                let crosses =
                    matches!((items[k].month.as_ref().map(|m| m.0), later_month), (Some(a), Some(b)) if a > b);
                let shift = i16::from(crosses);
                if let Some((year, span)) = items[k + 1].year.clone() {
                    items[k].year = Some((year - shift, span));
                } else if let Some((offset, span)) = items[k + 1].year_offset.clone() {
                    items[k].year_offset = Some((offset.saturating_sub(i8::from(crosses)), span));
                }
            }
        }
        let any_month = items.iter().any(|it| it.month.is_some());
        // Trailing days with no month of their own (`el 30 de abril y el sábado 1`) stay only
        // when they would stand as monthless days on their own; otherwise they are counts
        // (`el 12 de mayo, 15 personas`, `el 29 de diciembre, lunes, nueve mil 157`).
        if any_month {
            while items.len() > 1
                && items.last().is_some_and(|it| {
                    it.month.is_none() && (!Self::monthless_item_ok(it) || !self.monthless_end_ok(it.end))
                })
            {
                items.pop();
            }
        }
        group.end = items.last().map_or(group.end, |it| it.end);
        if items.len() == 1 {
            group.range = false;
        }
        if !group.range && opened {
            group.start = items.first().map_or(group.start, |it| it.start);
        }
        let first_start = items.first()?.start;
        let context_point = group.start;
        group.deixis = self.deixis_before(context_point);
        let date_word = self.cal.date_words.longest_before(self.tokens, context_point).is_some()
            || self.cal.date_words.longest_before(self.tokens, first_start).is_some();
        group.context = date_word || group.deixis.is_some() || group.range;
        let first = items.first()?;
        if first.spelled && !group.context && first.weekday.is_none() {
            return None;
        }
        // A day past 31 is a date only alone with its month (`el 32 de mayo`); in a range it is
        // a year or a count (`desde 82 al 1º de julio del 2018`).
        if items.len() > 1 && items.iter().any(|it| it.day.is_some_and(|d| d > 31)) {
            return None;
        }
        // A group without any month: every day must stand as a monthless day, after a date
        // word or a relative word (`el sábado 20`, `el pasado lunes 3`; not `un viernes 13`).
        if !any_month
            && (!items.iter().all(Self::monthless_item_ok)
                || !(date_word || group.deixis.is_some())
                || !self.monthless_end_ok(group.end))
        {
            return None;
        }
        Some(())
    }

    /// Whether a day without a month can be a date: in figures, at most 31, with a weekday
    /// (`el domingo 10 mil personas`, `el lunes, nueve mil 157` are counts).
    fn monthless_item_ok(item: &Item) -> bool {
        item.weekday.is_some() && item.day.is_some_and(|d| d <= 31) && !item.spelled
    }

    /// Whether the weekday at `i` ends a list of weekday names (`sábado, domingo, lunes`,
    /// `el jueves y el viernes`).
    fn in_weekday_list(&self, i: usize) -> bool {
        let mut at = i;
        for _ in 0..3 {
            let Some(previous) = at.checked_sub(1) else {
                return false;
            };
            if self.weekday_at(previous).is_some() {
                return at != i;
            }
            let joins = self.token(previous).is_some_and(|t| self.cal.weekday_list_joins.contains(&t.sym));
            if !joins {
                return false;
            }
            at = previous;
        }
        false
    }

    fn monthless_end_ok(&self, end: usize) -> bool {
        match self.token(end) {
            None => true,
            Some(t) if t.line_start => true,
            Some(t) if t.kind == TokenKind::Punct => true,
            Some(_) => self.cal.monthless_followers.longest_at(self.tokens, end).is_some(),
        }
    }

    /// A relative word before `start`, skipping articles and commas (`el pasado`, `hoy ,`).
    fn deixis_before(&self, start: usize) -> Option<(Deixis, Range<usize>)> {
        let mut at = start;
        for _ in 0..DEIXIS_LOOKBACK {
            if let Some((index, len)) = self.cal.deixis.longest_before(self.tokens, at) {
                let kind = *self.cal.deixis_kinds.get(index)?;
                return Some((kind, at - len..at));
            }
            let (_, len) = self.cal.deixis_skip.longest_before(self.tokens, at)?;
            at -= len;
        }
        None
    }

    fn mention(&self, item: &Item, group: &Group, index: usize, group_id: usize) -> DateMention {
        let first = index == 0;
        DateMention {
            span: self.span(item.start..item.end),
            day: item.day,
            day_span: self.span(item.day_tokens.clone()),
            month: item.month.as_ref().map(|m| m.0),
            month_span: item.month.as_ref().map(|m| self.span(m.1.clone())),
            year: item.year.as_ref().map(|y| y.0),
            year_span: item.year.as_ref().map(|y| self.span(y.1.clone())),
            year_offset: item.year_offset.as_ref().map(|(o, r)| (*o, self.span(r.clone()))),
            weekday: item.weekday.map(|(w, t)| (w, self.span(t..t + 1))),
            range_end: None,
            deixis: if first { group.deixis.as_ref().map(|(d, r)| (*d, self.span(r.clone()))) } else { None },
            future_tense: None,
            date_context: group.context
                || item.weekday.is_some()
                || self.cal.date_words.longest_before(self.tokens, item.start).is_some(),
            group: group_id,
            form: if item.numeric { DateForm::Numeric } else { DateForm::Words },
        }
    }

    fn is_sentence_end(&self, i: usize) -> bool {
        self.token(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && matches!(t.mark(), Some('.' | '!' | '?' | ';' | ':')))
    }

    /// Links each future-tense phrase to the date it announces: the first date right after it
    /// (`se realizará el 3 de mayo`), or a date that opens the sentence and ends right before
    /// it (`El 3 de mayo se realizará`).
    fn attach_future_tense(&self, mentions: &mut [ReadMention]) {
        if mentions.is_empty() {
            return;
        }
        // Sentence start of every token, in one pass.
        let mut sentence_starts = Vec::with_capacity(self.tokens.len());
        let mut sentence_start = 0;
        for k in 0..self.tokens.len() {
            sentence_starts.push(sentence_start);
            if self.is_sentence_end(k) {
                sentence_start = k + 1;
            }
        }
        // Mentions are in reading order, so their group starts and ends never go down.
        let mut at = 0;
        while at < self.tokens.len() {
            let Some((_, len)) = self.cal.future_tense.longest_at(self.tokens, at) else {
                at += 1;
                continue;
            };
            let span = self.span(at..at + len);
            let after = at + len;
            let next = mentions.partition_point(|m| m.group_start < after);
            let following = mentions.get(next).filter(|m| {
                m.group_start - after <= FUTURE_WINDOW_AFTER && !(after..m.group_start).any(|k| self.is_sentence_end(k))
            });
            let target = if following.is_some() {
                Some(next)
            } else {
                let sentence_start = sentence_starts.get(at).copied().unwrap_or(0);
                let ending = mentions.partition_point(|m| m.group_end < at);
                mentions
                    .get(ending)
                    .filter(|m| {
                        m.group_end == at
                            && m.group_start >= sentence_start
                            && m.group_start - sentence_start <= FUTURE_WINDOW_SENTENCE_START
                    })
                    .map(|_| ending)
            };
            if let Some(m) = target.and_then(|i| mentions.get_mut(i)) {
                m.mention.future_tense = Some(span);
            }
            at += len;
        }
    }

    /// Four-digit years between 1900 and 2100 outside any date group.
    fn years(&self, covered: &[Range<usize>]) -> Vec<YearMention> {
        let mut years = Vec::new();
        // `covered` is in reading order and its ranges do not overlap: walk it alongside.
        let mut groups = covered.iter().peekable();
        for i in 0..self.tokens.len() {
            while groups.peek().is_some_and(|r| r.end <= i) {
                groups.next();
            }
            if self.token(i).is_none_or(|t| t.kind != TokenKind::Number)
                || groups.peek().is_some_and(|r| r.contains(&i))
            {
                continue;
            }
            let Some((year, _)) = self.year_number_at(i) else {
                continue;
            };
            if !(1900..=2100).contains(&year) {
                continue;
            }
            let current_marker =
                self.cal.current_year_phrases.longest_before(self.tokens, i).map(|(_, len)| self.span(i - len..i));
            years.push(YearMention { span: self.span(i..i + 1), year, current_marker });
        }
        years
    }
}
