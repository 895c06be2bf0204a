//! Dates in a bulletin's prose: reading them ([`scan`]) and checking them ([`check`]).
//!
//! The engine hands [`scan`] the prose blocks of one document, in order, with Markdown markup
//! already removed; every span in the result is a [`BlockSpan`]: a block index and a byte range
//! into that block's text. The reader finds:
//!
//! - dates in words, Spanish first (`martes 7 de julio de 2025`, `1º de mayo`, `el pasado
//!   lunes 3`, `del 3 al 5 de mayo`, `entre el 10 y el 14 de junio`) and English second
//!   (`Tuesday, July 7, 2025`, `7 July 2025`, `from May 3 to 5`), and numeric dates
//!   (`31/12/2024`, `2024-12-31`): [`DateMention`];
//! - the dateline (`Ciudad de México, 14 de junio de 2025`, `Tijuana, Baja California, a 27 de
//!   octubre.-`, with an unfilled day `_____ de mayo de 2024`): [`Dateline`];
//! - the bulletin number (`No. 318/2025`, `Boletín 45/2024`, `No. 2__/2024`): [`BulletinNumber`];
//! - bare years (`durante este 2024`): [`YearMention`].
//!
//! [`check`] turns those facts into [`DateProblem`]s, one enum variant per rule id
//! ([`DateProblem::rule_id`]): `date.weekday-mismatch`, `date.impossible`,
//! `date.reversed-range`, `date.bulletin-year`, `date.stale-year`, `date.past-future`.
//! Each problem carries the spans to label and structured values; [`DateProblem::describe`]
//! renders the message, help and labels from the templates of the language pack
//! (`[messages]` in `rules/*/calendar.toml`), so an engine may use either.
//!
//! ```
//! use cuadra::dates::{Calendar, check, scan};
//!
//! let blocks = [
//!     "Ciudad de México, 14 de junio de 2025",
//!     "El martes 7 de julio de 2025 inicia la campaña.",
//! ];
//! let facts = scan(&blocks, Calendar::spanish());
//! let problems = check(&facts);
//! assert_eq!(problems[0].rule_id(), "date.weekday-mismatch");
//! let text = problems[0].describe(Calendar::spanish(), &blocks);
//! assert_eq!(text.message, "El 7 de julio de 2025 será lunes, no martes");
//! assert_eq!(&blocks[1][problems[0].primary_span().range.clone()], "martes");
//! ```
//!
//! Year assumptions: a date without a year takes the year that puts it nearest the reference
//! date (the dateline; else [`CheckOptions::document_date`], the bulletin number's year or
//! [`CheckOptions::default_year`]), and a weekday is flagged only when it fits none of the
//! plausible readings (other years near the reference, years written nearby); the problem
//! then says which year it assumed ([`YearAssumption`]).
//!
//! Invariants: nothing here panics on any input; every span is on char boundaries of its
//! block; the reader never reports a date whose day is unfilled (`_____ de mayo`), which is
//! the placeholder rules' job. All calendar arithmetic (weekdays, month lengths, leap years)
//! is done by `jiff`.

mod calendar;
mod checks;
mod header;
mod lexer;
mod message;
mod reader;
mod resolve;

use std::ops::Range;

pub use calendar::{Calendar, CalendarError, Deixis, Messages, NumericOrder};
pub use checks::{
    CheckOptions, DateProblem, ImpossibleReason, Level, Tense, WrittenDate, YearAssumption, YearSource, bulletin_year,
    check, check_with, impossible_dates, past_future, reversed_ranges, stale_years, weekday_mismatches,
};
pub use jiff::civil::{Date, Weekday};
pub use message::{Label, ProblemText};
pub use resolve::Reference;

/// A byte range inside one prose block of the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlockSpan {
    /// Index of the block in the slice given to [`scan`].
    pub block: usize,
    /// Byte range into that block's text; always on char boundaries.
    pub range: Range<usize>,
}

impl BlockSpan {
    /// Whether `other` lies inside this span (same block, contained range).
    pub fn contains(&self, other: &BlockSpan) -> bool {
        self.block == other.block && self.range.start <= other.range.start && other.range.end <= self.range.end
    }
}

/// How a date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// In words: `7 de julio de 2025`, `July 7`.
    Words,
    /// In figures: `31/12/2024`, `2024-12-31`.
    Numeric,
}

/// One date written in the text. A range (`del 3 al 5 de mayo`) or a list (`viernes 16 y
/// sábado 17 de octubre`) gives one mention per day, sharing the month and year written once:
/// such a mention's `month_span` / `year_span` then lie outside its own `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The words of this date, from its weekday (if any) to its last own word.
    pub span: BlockSpan,
    /// The day; `None` when it is unfilled (`_____ de mayo`).
    pub day: Option<u8>,
    /// Where the day is written.
    pub day_span: BlockSpan,
    /// The month; `None` when the text does not write it (`el pasado lunes 3`): it is then
    /// resolved against the reference date by [`check`].
    pub month: Option<u8>,
    /// Where the month is written (possibly shared with other mentions of the group).
    pub month_span: Option<BlockSpan>,
    /// The year, written or shared with the rest of its group. In a range that crosses a new
    /// year (`del 28 de diciembre al 3 de enero de 2025`) the start gets the year before.
    pub year: Option<i16>,
    /// Where the year is written (possibly shared with other mentions of the group).
    pub year_span: Option<BlockSpan>,
    /// A year written as an offset from the current one (`de este año` = 0, `del año pasado`
    /// = −1), with its span.
    pub year_offset: Option<(i8, BlockSpan)>,
    /// The weekday written with the date, with its span.
    pub weekday: Option<(Weekday, BlockSpan)>,
    /// For the start of a range: the index (in [`DateFacts::mentions`]) of its end.
    pub range_end: Option<usize>,
    /// A relative word before the date (`el pasado`, `este`, `hoy`, `el próximo`).
    pub deixis: Option<(Deixis, BlockSpan)>,
    /// A future-tense phrase that announces the event on this date (`se realizará`).
    pub future_tense: Option<BlockSpan>,
    /// Whether the words around it make this a date rather than a count: an article or
    /// preposition (`el`, `del`, `día`), a weekday, a relative word, or a range or list.
    pub date_context: bool,
    /// Mentions written together (a range or a list) share a group number.
    pub group: usize,
    /// Words or figures.
    pub form: DateForm,
}

impl DateMention {
    /// Whether the year is written in this mention's own words (not shared from its group).
    pub fn owns_year(&self) -> bool {
        self.year_span.as_ref().is_some_and(|y| self.span.contains(y))
    }

    /// Whether the month is written in this mention's own words.
    pub fn owns_month(&self) -> bool {
        self.month_span.as_ref().is_some_and(|m| self.span.contains(m))
    }
}

/// The dateline: place and date at the head of a bulletin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// From the start of the place to the end of the date.
    pub span: BlockSpan,
    /// The place as written (`Ciudad de México`, `Tijuana, Baja California`).
    pub place: String,
    /// Where the place is written.
    pub place_span: BlockSpan,
    /// The day; `None` when unfilled (`_____ de mayo de 2024`).
    pub day: Option<u8>,
    /// The month.
    pub month: u8,
    /// The year, when written.
    pub year: Option<i16>,
    /// Where the year is written.
    pub year_span: Option<BlockSpan>,
    /// The dateline's date as a mention (index into [`DateFacts::mentions`]).
    pub mention: usize,
}

/// The bulletin number (`No. 318/2025`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulletinNumber {
    /// From the prefix to the end of the year.
    pub span: BlockSpan,
    /// The number as written, blanks included (`318`, `2__`).
    pub number: String,
    /// The year; `None` when unfilled (`No. 12/____`).
    pub year: Option<i16>,
    /// Where the year is written.
    pub year_span: BlockSpan,
}

/// A year written alone (`Durante 2024`), outside any date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearMention {
    /// Where the year is written.
    pub span: BlockSpan,
    /// The year.
    pub year: i16,
    /// A word before it that says it is the current year (`este 2024`), with its span.
    pub current_marker: Option<BlockSpan>,
}

/// Everything the reader found in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateFacts {
    /// Every date, in reading order.
    pub mentions: Vec<DateMention>,
    /// The dateline, if the document has one: the first place-and-date line in the head of
    /// the document (its first 8 blocks, the first 4 lines of a block).
    pub dateline: Option<Dateline>,
    /// The bulletin number, if any: the first one that opens a line in the head of the
    /// document (as for the dateline).
    pub bulletin: Option<BulletinNumber>,
    /// Years written alone, in reading order.
    pub years: Vec<YearMention>,
}

/// Reads the dates of one document. `blocks` are its prose blocks, in order; every span in
/// the result refers to them by index.
pub fn scan(blocks: &[&str], cal: &Calendar) -> DateFacts {
    let mut facts = DateFacts::default();
    let mut groups = 0;
    let mut tokens = Vec::new();
    for (index, text) in blocks.iter().enumerate() {
        // Neither a digit nor a month name: no date, dateline or bulletin number here.
        if !cal.may_hold_a_date(text) {
            continue;
        }
        let read = reader::read_block(index, text, cal, &mut groups, std::mem::take(&mut tokens));
        let first_mention = facts.mentions.len();
        if facts.dateline.is_none() {
            facts.dateline = header::find_dateline(index, text, &read, first_mention, cal);
        }
        if facts.bulletin.is_none() {
            facts.bulletin = header::find_bulletin(index, text, cal);
        }
        let reader::BlockRead { tokens: used, mentions, years } = read;
        tokens = used;
        facts.mentions.extend(mentions.into_iter().map(|mut m| {
            m.mention.range_end = m.mention.range_end.map(|end| end + first_mention);
            m.mention
        }));
        facts.years.extend(years);
    }
    if let Some(bulletin) = &facts.bulletin {
        // A bulletin number's year is not a year of the prose.
        facts.years.retain(|y| !bulletin.span.contains(&y.span));
    }
    facts
}

#[cfg(test)]
mod tests;
