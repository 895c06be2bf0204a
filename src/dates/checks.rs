//! The date checks: each [`DateProblem`] variant is one rule (`date.weekday-mismatch`,
//! `date.impossible`, `date.reversed-range`, `date.bulletin-year`, `date.stale-year`,
//! `date.past-future`), and each has its own function so an engine can run them apart.
//!
//! Precision first: a weekday is flagged only when it fits none of the plausible readings of
//! its date ([`super::resolve`]); an impossible day needs words that make it a date (`el 31
//! de junio`, not `31 de junio` as a count); unfilled dates are never checked.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

use jiff::civil::{Date, Weekday};

use super::resolve::{Context, Reference, Resolved, YearFrom, date, days_between, resolve};
use super::{BlockSpan, DateFacts, DateMention, Deixis};

pub use super::resolve::YearSource;

/// Days around the reference date within which a date's year may differ from the
/// reference's without being stale (`este lunes 30 de diciembre de 2024` in a bulletin of
/// 2 January 2025).
const STALE_YEAR_GRACE_DAYS: i32 = 31;
/// Days around a new year within which `este 2014` may name the coming or the past year
/// (`para este 2014` written in late November 2013).
const STALE_BARE_YEAR_GRACE_DAYS: i32 = 60;
/// Most days a yearless date may lie before the reference date and still be flagged when
/// announced in the future tense.
pub const PAST_FUTURE_YEARLESS_DAYS: i32 = 31;
/// Days a text may be published after it was written: with a caller's document date as the
/// reference, a future-tense date up to this many days before it is not flagged.
pub const PUBLICATION_LAG_DAYS: i32 = 7;

/// What the checks know beyond the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// The document's date (from file metadata or the caller), used when it has no dateline.
    pub document_date: Option<Date>,
    /// The year to assume when neither the document nor `document_date` gives one.
    pub default_year: Option<i16>,
}

/// How serious a problem is by default; the engine may override it per rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// A date that is certainly wrong.
    Error,
    /// A date that is probably stale or inconsistent.
    Warning,
}

/// A year the text did not write, and where it was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearAssumption {
    /// The year assumed.
    pub year: i16,
    /// Where it comes from.
    pub source: YearSource,
}

/// A date as written: day, month and, when known, year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrittenDate {
    /// Day of the month (may be impossible, e.g. 32).
    pub day: u8,
    /// Month, 1–12.
    pub month: u8,
    /// Year, when written.
    pub year: Option<i16>,
}

/// Whether a date lies before, at or after the reference date (chooses "fue / es / será").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Before the reference date.
    Past,
    /// The reference date, or no reference date known.
    Present,
    /// After the reference date.
    Future,
}

/// Why a date cannot exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImpossibleReason {
    /// The month has fewer days (`31 de junio`, `32 de mayo`).
    DayOutOfRange {
        /// Days in that month (29 for February when no year is written).
        max_day: u8,
    },
    /// 29 February of a common year (`29 de febrero de 2025`).
    NotLeapYear,
}

/// One finding of the date checks. Spans are block spans of the scanned document; `mention`
/// fields index [`DateFacts::mentions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// `date.weekday-mismatch`: `martes 7 de julio de 2025` (a Monday).
    WeekdayMismatch {
        /// The mention.
        mention: usize,
        /// The weekday as written.
        weekday_span: BlockSpan,
        /// The date it is written with.
        date_span: BlockSpan,
        /// The weekday written.
        written: Weekday,
        /// The weekday of the date.
        actual: Weekday,
        /// The date, as read (with an assumed year or month where the text has none).
        date: Date,
        /// Set when the text writes no year.
        year_assumed: Option<YearAssumption>,
        /// Set when the text writes no month either (`el pasado lunes 3`).
        month_assumed: bool,
        /// The date relative to the reference date.
        tense: Tense,
        /// A date near the reference that has the written weekday and differs from the written
        /// date only in its year or by one month (`martes 12 de enero de 2020` in a bulletin of
        /// January 2021: 12 January 2021 was a Tuesday).
        suggestion: Option<Date>,
    },
    /// `date.impossible`: `31 de junio`, `29 de febrero de 2025`, `32 de mayo`.
    Impossible {
        /// The mention.
        mention: usize,
        /// The date as written.
        span: BlockSpan,
        /// Day, month and year.
        written: WrittenDate,
        /// Why it cannot exist.
        reason: ImpossibleReason,
    },
    /// `date.reversed-range`: `del 15 al 12 de agosto`.
    ReversedRange {
        /// The mention that starts the range.
        start: usize,
        /// The mention that ends it.
        end: usize,
        /// The start as written.
        start_span: BlockSpan,
        /// The end as written.
        end_span: BlockSpan,
        /// The start date.
        start_date: WrittenDate,
        /// The end date.
        end_date: WrittenDate,
    },
    /// `date.bulletin-year`: `No. 12/2024` in a bulletin dated 2025.
    BulletinYear {
        /// The year of the bulletin number.
        bulletin_span: BlockSpan,
        /// The year of the dateline.
        dateline_span: BlockSpan,
        /// Bulletin number year.
        bulletin_year: i16,
        /// Dateline year.
        dateline_year: i16,
    },
    /// `date.stale-year`: `este lunes 3 de marzo de 2024` or `durante este 2024` in a 2025
    /// bulletin.
    StaleYear {
        /// The mention, when the year is part of a date (`None` for a bare year).
        mention: Option<usize>,
        /// The word that says "now" (`este`, `hoy`).
        marker_span: BlockSpan,
        /// The stale year.
        year_span: BlockSpan,
        /// The year written.
        year: i16,
        /// The reference year.
        reference_year: i16,
        /// Where the reference year comes from.
        reference_source: YearSource,
    },
    /// `date.past-future`: `se realizará el 3 de mayo` in a bulletin of 14 June.
    PastFuture {
        /// The mention (for a range, its end).
        mention: usize,
        /// The future-tense phrase.
        tense_span: BlockSpan,
        /// The date.
        date_span: BlockSpan,
        /// The date as read.
        date: Date,
        /// The reference date it falls before.
        reference: Date,
        /// Set when the text writes no year.
        year_assumed: Option<YearAssumption>,
    },
}

impl DateProblem {
    /// The stable rule id of the problem.
    pub fn rule_id(&self) -> &'static str {
        match self {
            DateProblem::WeekdayMismatch { .. } => "date.weekday-mismatch",
            DateProblem::Impossible { .. } => "date.impossible",
            DateProblem::ReversedRange { .. } => "date.reversed-range",
            DateProblem::BulletinYear { .. } => "date.bulletin-year",
            DateProblem::StaleYear { .. } => "date.stale-year",
            DateProblem::PastFuture { .. } => "date.past-future",
        }
    }

    /// The default level of the rule.
    pub fn level(&self) -> Level {
        match self {
            DateProblem::WeekdayMismatch { .. }
            | DateProblem::Impossible { .. }
            | DateProblem::ReversedRange { .. }
            | DateProblem::BulletinYear { .. } => Level::Error,
            DateProblem::StaleYear { .. } | DateProblem::PastFuture { .. } => Level::Warning,
        }
    }

    /// The span to underline first.
    pub fn primary_span(&self) -> &BlockSpan {
        match self {
            DateProblem::WeekdayMismatch { weekday_span, .. } => weekday_span,
            DateProblem::Impossible { span, .. } => span,
            DateProblem::ReversedRange { end_span, .. } => end_span,
            DateProblem::BulletinYear { bulletin_span, .. } => bulletin_span,
            DateProblem::StaleYear { year_span, .. } => year_span,
            DateProblem::PastFuture { date_span, .. } => date_span,
        }
    }
}

/// Runs every date check with no outside knowledge ([`CheckOptions::default`]).
pub fn check(facts: &DateFacts) -> Vec<DateProblem> {
    check_with(facts, &CheckOptions::default())
}

/// Runs every date check. Problems come in document order.
pub fn check_with(facts: &DateFacts, options: &CheckOptions) -> Vec<DateProblem> {
    let reference = Reference::of(facts, options.document_date, options.default_year);
    let mut problems = Vec::new();
    problems.extend(weekday_mismatches(facts, reference.as_ref()));
    problems.extend(impossible_dates(facts));
    problems.extend(reversed_ranges(facts));
    problems.extend(bulletin_year(facts));
    problems.extend(stale_years(facts, reference.as_ref()));
    problems.extend(past_future(facts, reference.as_ref()));
    problems.sort_by_key(|p| {
        let span = p.primary_span();
        (span.block, span.range.start, span.range.end)
    });
    problems
}

/// What the surroundings of each mention suggest, computed once per document (linear in its
/// size): the years written in each block, the year written nearest before each mention, and
/// the nearest earlier date with a written month.
struct Surroundings<'a> {
    facts: &'a DateFacts,
    reference: Option<&'a Reference>,
    block_years: HashMap<usize, Vec<i16>>,
    earlier_year: Vec<Option<i16>>,
    anchor: Vec<Option<Date>>,
}

/// A point in the document's reading order, for the sweep in [`Surroundings::new`].
enum Event {
    Year(i16),
    Mention(usize),
}

impl<'a> Surroundings<'a> {
    fn new(facts: &'a DateFacts, reference: Option<&'a Reference>) -> Surroundings<'a> {
        let mut block_years: HashMap<usize, Vec<i16>> = HashMap::default();
        let own_years = facts.mentions.iter().filter(|m| m.owns_year()).filter_map(|m| Some((m.span.block, m.year?)));
        let bare_years = facts.years.iter().map(|y| (y.span.block, y.year));
        for (block, year) in own_years.chain(bare_years) {
            block_years.entry(block).or_default().push(year);
        }
        for years in block_years.values_mut() {
            years.sort_unstable();
            years.dedup();
        }
        // The year written nearest before each mention, in a date or alone (`la semana 11 de
        // 2020 … el viernes 13 de marzo`). The dateline is left out: it is the reference
        // itself, already weighed by `resolve`.
        let mut events: Vec<((usize, usize), Event)> = facts
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.span.block, m.span.range.start), Event::Mention(i)))
            .chain(facts.years.iter().map(|y| ((y.span.block, y.span.range.start), Event::Year(y.year))))
            .collect();
        events.sort_by_key(|(position, _)| *position);
        let dateline = facts.dateline.as_ref().map(|d| d.mention);
        let mut earlier_year = vec![None; facts.mentions.len()];
        let mut last = None;
        for (_, event) in &events {
            match *event {
                Event::Year(year) => last = Some(year),
                Event::Mention(i) => {
                    if let Some(slot) = earlier_year.get_mut(i) {
                        *slot = last;
                    }
                    if dateline != Some(i) {
                        last = facts.mentions.get(i).and_then(|m| m.year).or(last);
                    }
                }
            }
        }
        // The nearest earlier date with a written month, for days written without one.
        let mut anchor = Vec::with_capacity(facts.mentions.len());
        let mut last_dated = None;
        for m in &facts.mentions {
            anchor.push(last_dated);
            if m.month.is_some() && m.day.is_some() {
                if let Some(r) = resolve(m, reference, &Context::default()) {
                    last_dated = Some(r.date);
                }
            }
        }
        Surroundings { facts, reference, block_years, earlier_year, anchor }
    }

    fn context(&self, index: usize) -> Context {
        let Some(m) = self.facts.mentions.get(index) else {
            return Context::default();
        };
        let mut years = self.block_years.get(&m.span.block).cloned().unwrap_or_default();
        if let Some(&Some(year)) = self.earlier_year.get(index) {
            if !years.contains(&year) {
                years.push(year);
            }
        }
        Context { years, anchor: self.anchor.get(index).copied().flatten() }
    }

    fn resolve(&self, index: usize) -> Option<Resolved> {
        let m = self.facts.mentions.get(index)?;
        resolve(m, self.reference, &self.context(index))
    }
}

fn assumption(resolved: &Resolved) -> Option<YearAssumption> {
    match resolved.year_from {
        YearFrom::Written => None,
        YearFrom::Assumed(source) => Some(YearAssumption { year: resolved.date.year(), source }),
    }
}

fn tense(d: Date, reference: Option<&Reference>) -> Tense {
    match reference.and_then(Reference::date).map(|r| d.cmp(&r)) {
        Some(Ordering::Less) => Tense::Past,
        Some(Ordering::Greater) => Tense::Future,
        _ => Tense::Present,
    }
}

/// `date.weekday-mismatch`: a weekday that fits none of the plausible readings of its date.
pub fn weekday_mismatches(facts: &DateFacts, reference: Option<&Reference>) -> Vec<DateProblem> {
    let surroundings = Surroundings::new(facts, reference);
    let mut problems = Vec::new();
    for (index, m) in facts.mentions.iter().enumerate() {
        let Some((written, weekday_span)) = &m.weekday else {
            continue;
        };
        let Some(resolved) = surroundings.resolve(index) else {
            continue;
        };
        if resolved.plausible.iter().any(|d| d.weekday() == *written) {
            continue;
        }
        problems.push(DateProblem::WeekdayMismatch {
            mention: index,
            weekday_span: weekday_span.clone(),
            date_span: m.span.clone(),
            written: *written,
            actual: resolved.date.weekday(),
            date: resolved.date,
            year_assumed: assumption(&resolved),
            month_assumed: resolved.month_assumed,
            tense: tense(resolved.date, reference),
            suggestion: suggestion(*written, resolved.date, reference),
        });
    }
    problems
}

/// Most days between the reference and a suggested date.
const SUGGESTION_DAYS: i32 = 31;

/// A date with the `written` weekday that a slip of the year or the month may have turned
/// into `d`, near the reference date.
fn suggestion(written: Weekday, d: Date, reference: Option<&Reference>) -> Option<Date> {
    let r = reference?;
    let (day, month, year) = (u8::try_from(d.day()).ok()?, u8::try_from(d.month()).ok()?, d.year());
    let other_years =
        (-1..=1).filter_map(|k| r.year.checked_add(k)).filter(|&y| y != year).filter_map(|y| date(y, month, day));
    let (previous, next) = match month {
        1 => ((year.checked_sub(1)?, 12), (year, 2)),
        12 => ((year, 11), (year.checked_add(1)?, 1)),
        m => ((year, m - 1), (year, m + 1)),
    };
    let other_months = [previous, next].into_iter().filter_map(|(y, m)| date(y, m, day));
    other_years
        .chain(other_months)
        .filter(|c| c.weekday() == written)
        .filter_map(|c| Some((r.distance(c)?, c)))
        .filter(|&(days, _)| days <= SUGGESTION_DAYS)
        .min_by_key(|&(days, _)| days)
        .map(|(_, c)| c)
}

fn written_date(m: &DateMention) -> Option<WrittenDate> {
    Some(WrittenDate { day: m.day?, month: m.month?, year: m.year })
}

/// Days in a month; February has 29 when no year is given.
fn days_in_month(year: Option<i16>, month: u8) -> Option<u8> {
    let first = date(year.unwrap_or(2000), month, 1)?;
    u8::try_from(first.days_in_month()).ok()
}

/// `date.impossible`: a day the month does not have. A day past 31 or a day written without
/// date words around it is more likely a count (`45 de marzo` = 45 in March) and is skipped.
pub fn impossible_dates(facts: &DateFacts) -> Vec<DateProblem> {
    let mut problems = Vec::new();
    for (index, m) in facts.mentions.iter().enumerate() {
        let Some(written) = written_date(m) else {
            continue;
        };
        let dated = m.date_context || m.owns_year() || m.weekday.is_some();
        if !dated {
            continue;
        }
        let Some(max_day) = days_in_month(None, written.month) else {
            continue;
        };
        let reason = if written.day > max_day {
            ImpossibleReason::DayOutOfRange { max_day }
        } else {
            match written.year {
                // Only 29 February can exist in some years and not in others.
                Some(year) if date(year, written.month, written.day).is_none() => ImpossibleReason::NotLeapYear,
                _ => continue,
            }
        };
        problems.push(DateProblem::Impossible { mention: index, span: m.span.clone(), written, reason });
    }
    problems
}

/// `date.reversed-range`: a range that ends before it starts. Without years, only a range
/// within one month can be judged (`del 15 de agosto al 12 de julio` may span a year).
pub fn reversed_ranges(facts: &DateFacts) -> Vec<DateProblem> {
    let mut problems = Vec::new();
    for (index, start) in facts.mentions.iter().enumerate() {
        let Some(end_index) = start.range_end else {
            continue;
        };
        let Some(end) = facts.mentions.get(end_index) else {
            continue;
        };
        let (Some(a), Some(b)) = (written_date(start), written_date(end)) else {
            continue;
        };
        let reversed = match (a.year, b.year) {
            (Some(ya), Some(yb)) => match (date(ya, a.month, a.day), date(yb, b.month, b.day)) {
                (Some(da), Some(db)) => db < da,
                _ => false,
            },
            _ => a.month == b.month && b.day < a.day,
        };
        if reversed {
            problems.push(DateProblem::ReversedRange {
                start: index,
                end: end_index,
                start_span: start.span.clone(),
                end_span: end.span.clone(),
                start_date: a,
                end_date: b,
            });
        }
    }
    problems
}

/// `date.bulletin-year`: the bulletin number's year differs from the dateline's.
pub fn bulletin_year(facts: &DateFacts) -> Option<DateProblem> {
    let bulletin = facts.bulletin.as_ref()?;
    let dateline = facts.dateline.as_ref()?;
    let (bulletin_year, dateline_year) = (bulletin.year?, dateline.year?);
    (bulletin_year != dateline_year).then(|| DateProblem::BulletinYear {
        bulletin_span: bulletin.year_span.clone(),
        dateline_span: dateline.year_span.clone().unwrap_or_else(|| dateline.span.clone()),
        bulletin_year,
        dateline_year,
    })
}

/// `date.stale-year`: a date or a year the text calls current (`hoy`, `este`) whose year
/// is not the reference year — typically left over from last year's bulletin.
pub fn stale_years(facts: &DateFacts, reference: Option<&Reference>) -> Vec<DateProblem> {
    let Some(r) = reference else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (index, m) in facts.mentions.iter().enumerate() {
        let Some((Deixis::Current, marker_span)) = &m.deixis else {
            continue;
        };
        let (Some(year), Some(year_span)) = (m.year, &m.year_span) else {
            continue;
        };
        if year == r.year {
            continue;
        }
        // Near a new year, "this Monday" may well be in the other year.
        let near = m
            .month
            .zip(m.day)
            .and_then(|(mo, d)| date(year, mo, d))
            .and_then(|d| r.distance(d))
            .is_some_and(|days| days <= STALE_YEAR_GRACE_DAYS);
        if near {
            continue;
        }
        problems.push(DateProblem::StaleYear {
            mention: Some(index),
            marker_span: marker_span.clone(),
            year_span: year_span.clone(),
            year,
            reference_year: r.year,
            reference_source: r.source,
        });
    }
    for y in &facts.years {
        let Some(marker_span) = &y.current_marker else {
            continue;
        };
        // Days from the reference to the nearest day of the year named.
        let distance = (|| {
            let first = r.distance(date(y.year, 1, 1)?)?;
            let last = r.distance(date(y.year, 12, 31)?)?;
            Some(first.min(last))
        })();
        let near = match distance {
            Some(days) => days <= STALE_BARE_YEAR_GRACE_DAYS,
            // Without a month, only a year two or more away is surely stale.
            None => (i32::from(y.year) - i32::from(r.year)).abs() < 2,
        };
        if y.year != r.year && !near {
            problems.push(DateProblem::StaleYear {
                mention: None,
                marker_span: marker_span.clone(),
                year_span: y.span.clone(),
                year: y.year,
                reference_year: r.year,
                reference_source: r.source,
            });
        }
    }
    problems
}

/// `date.past-future`: an event announced in the future tense on a date before the reference
/// date. For a range or a list, its last day counts (an event under way is still announced in
/// the future). A date without a year counts only when it is at most
/// [`PAST_FUTURE_YEARLESS_DAYS`] before the reference (further back, the writer may mean next
/// year's), and against a caller's document date rather than a dateline the date must be more
/// than [`PUBLICATION_LAG_DAYS`] before it (texts are published after they are written).
pub fn past_future(facts: &DateFacts, reference: Option<&Reference>) -> Vec<DateProblem> {
    let Some(r) = reference else {
        return Vec::new();
    };
    let Some(rd) = r.date() else {
        return Vec::new();
    };
    let lag = if r.from_dateline { 0 } else { PUBLICATION_LAG_DAYS };
    let surroundings = Surroundings::new(facts, reference);
    let mut problems = Vec::new();
    for (index, m) in facts.mentions.iter().enumerate() {
        let Some(tense_span) = &m.future_tense else {
            continue;
        };
        if !m.date_context {
            continue;
        }
        let last = facts
            .mentions
            .iter()
            .enumerate()
            .skip(index)
            .take_while(|(_, o)| o.group == m.group)
            .last()
            .map_or(index, |(i, _)| i);
        let Some(end) = facts.mentions.get(last) else {
            continue;
        };
        let Some(resolved) = surroundings.resolve(last) else {
            continue;
        };
        let before = |d: &Date| days_between(*d, rd) > lag;
        let recent = matches!(resolved.year_from, YearFrom::Written)
            || days_between(resolved.date, rd) <= PAST_FUTURE_YEARLESS_DAYS;
        if recent && resolved.plausible.iter().all(before) {
            problems.push(DateProblem::PastFuture {
                mention: last,
                tense_span: tense_span.clone(),
                date_span: end.span.clone(),
                date: resolved.date,
                reference: rd,
                year_assumed: assumption(&resolved),
            });
        }
    }
    problems
}
