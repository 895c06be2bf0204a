//! Turns a written date into calendar dates: the document's reference date (the dateline, or
//! what the caller knows) and, for each mention, the date it most likely names plus every
//! other date the writer may reasonably have meant.
//!
//! A date without a year takes the year that puts it nearest the reference date (a January
//! bulletin's `lunes 30 de diciembre` is last December), or the one its relative word asks
//! for (`el pasado`, `el próximo`). A day without a month (`el pasado lunes 3`) takes the
//! nearest month likewise. Checks flag a weekday only when it fits none of the plausible
//! readings, so that a guess never turns a correct text into an error.

use jiff::civil::Date;

use super::calendar::Deixis;
use super::{DateFacts, DateMention};

/// Most days between the reference date and another plausible year of a yearless date
/// (`15 de diciembre` in a June bulletin may be last or next December).
const PLAUSIBLE_YEAR_DAYS: i32 = 240;
/// Most days between the reference date and another plausible month of a monthless day.
const PLAUSIBLE_MONTH_DAYS: i32 = 45;

/// Where a year that the text does not write was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSource {
    /// The dateline's year.
    Dateline,
    /// The bulletin number's year.
    BulletinNumber,
    /// The document date given by the caller ([`super::CheckOptions::document_date`]).
    DocumentDate,
    /// The default year given by the caller ([`super::CheckOptions::default_year`]).
    DefaultYear,
    /// A relative phrase of the text (`de este año`, `del año pasado`).
    Relative,
}

/// The date a document is written on, as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The year.
    pub year: i16,
    /// The month, when known.
    pub month: Option<u8>,
    /// The day, when known (never without the month).
    pub day: Option<u8>,
    /// Where the year comes from.
    pub source: YearSource,
    /// Whether month and day come from the dateline (the day of writing) rather than from the
    /// caller's document date (often the day of publication, a day or more later).
    pub from_dateline: bool,
}

impl Reference {
    /// The reference as a full calendar date, when month and day are known and valid.
    pub fn date(&self) -> Option<Date> {
        date(self.year, self.month?, self.day?)
    }

    /// The days the reference may be: its date, or the whole month when the day is unknown
    /// (`_____ de mayo de 2024`). `None` without a month.
    pub fn window(&self) -> Option<(Date, Date)> {
        let month = self.month?;
        match self.date() {
            Some(d) => Some((d, d)),
            None => {
                let first = date(self.year, month, 1)?;
                Some((first, first.last_of_month()))
            }
        }
    }

    /// Days between `d` and the nearest day of [`Reference::window`].
    pub fn distance(&self, d: Date) -> Option<i32> {
        let (first, last) = self.window()?;
        Some(if d < first {
            days_between(d, first)
        } else if d > last {
            days_between(last, d)
        } else {
            0
        })
    }

    /// Finds the reference of a document: the dateline (its year, or the bulletin number's,
    /// or the caller's), else the caller's document date, else the bulletin number's year,
    /// else the caller's default year.
    pub fn of(facts: &DateFacts, document_date: Option<Date>, default_year: Option<i16>) -> Option<Reference> {
        let bulletin_year = facts.bulletin.as_ref().and_then(|b| b.year);
        let fallback_year = bulletin_year
            .map(|y| (y, YearSource::BulletinNumber))
            .or_else(|| document_date.map(|d| (d.year(), YearSource::DocumentDate)))
            .or_else(|| default_year.map(|y| (y, YearSource::DefaultYear)));
        if let Some(dateline) = &facts.dateline {
            let (year, source) = match dateline.year {
                Some(year) => (year, YearSource::Dateline),
                None => fallback_year?,
            };
            return Some(Reference {
                year,
                month: Some(dateline.month),
                day: dateline.day.filter(|&d| date(year, dateline.month, d).is_some()),
                source,
                from_dateline: true,
            });
        }
        if let Some(d) = document_date {
            return Some(Reference {
                year: d.year(),
                month: u8::try_from(d.month()).ok(),
                day: u8::try_from(d.day()).ok(),
                source: YearSource::DocumentDate,
                from_dateline: false,
            });
        }
        let (year, source) = fallback_year?;
        Some(Reference { year, month: None, day: None, source, from_dateline: false })
    }
}

/// A valid calendar date, or `None`.
pub(crate) fn date(year: i16, month: u8, day: u8) -> Option<Date> {
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: Date, b: Date) -> i32 {
    a.until(b).map_or(i32::MAX, |span| span.get_days())
}

/// How the year of a resolved date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearFrom {
    /// Written in the text (in the mention or its group).
    Written,
    /// Assumed from the reference.
    Assumed(YearSource),
}

/// A mention read as calendar dates.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// The most likely date.
    pub date: Date,
    /// Every date the writer may have meant, `date` included.
    pub plausible: Vec<Date>,
    pub year_from: YearFrom,
    pub month_assumed: bool,
}

/// What the surroundings of a mention suggest.
#[derive(Default)]
pub(crate) struct Context {
    /// Years written in the mention's block.
    pub years: Vec<i16>,
    /// The date of the nearest earlier mention that writes its month.
    pub anchor: Option<Date>,
}

/// Picks among `candidates` the one a relative word asks for, else the nearest to `reference`.
fn pick(candidates: &[Date], reference: Date, deixis: Option<Deixis>) -> Option<Date> {
    let nearest = || candidates.iter().copied().min_by_key(|&c| days_between(reference, c).unsigned_abs());
    match deixis {
        Some(Deixis::Past) => candidates.iter().copied().filter(|&c| c <= reference).max().or_else(nearest),
        Some(Deixis::Future) => candidates.iter().copied().filter(|&c| c >= reference).min().or_else(nearest),
        _ => nearest(),
    }
}

/// Reads a mention as calendar dates. `None` when the day is unfilled, the date does not
/// exist in any reading, or a needed reference is missing.
pub(crate) fn resolve(m: &DateMention, reference: Option<&Reference>, context: &Context) -> Option<Resolved> {
    let day = m.day?;
    let deixis = m.deixis.as_ref().map(|d| d.0);
    match (m.month, m.year, &m.year_offset) {
        (Some(month), Some(year), _) => {
            let d = date(year, month, day)?;
            Some(Resolved { date: d, plausible: vec![d], year_from: YearFrom::Written, month_assumed: false })
        }
        (Some(month), None, Some((offset, _))) => {
            let r = reference?;
            let d = date(r.year.checked_add(i16::from(*offset))?, month, day)?;
            Some(Resolved {
                date: d,
                plausible: vec![d],
                year_from: YearFrom::Assumed(YearSource::Relative),
                month_assumed: false,
            })
        }
        (Some(month), None, None) => {
            let r = reference?;
            let (primary, mut plausible) = match r.date() {
                Some(rd) => {
                    let candidates: Vec<Date> =
                        (-1..=1).filter_map(|k| date(r.year.checked_add(k)?, month, day)).collect();
                    let primary = pick(&candidates, rd, deixis)?;
                    let plausible = if deixis.is_some_and(|d| d != Deixis::Current) {
                        vec![primary]
                    } else {
                        candidates
                            .iter()
                            .copied()
                            .filter(|&c| c == primary || days_between(rd, c).abs() <= PLAUSIBLE_YEAR_DAYS)
                            .collect()
                    };
                    (primary, plausible)
                }
                None => {
                    let mut year = r.year;
                    if let Some(rm) = r.month {
                        match deixis {
                            Some(Deixis::Past) if month > rm => year = year.checked_sub(1)?,
                            Some(Deixis::Future) if month < rm => year = year.checked_add(1)?,
                            _ => {}
                        }
                    }
                    let d = date(year, month, day)?;
                    (d, vec![d])
                }
            };
            plausible.extend(context.years.iter().filter_map(|&y| date(y, month, day)));
            Some(Resolved { date: primary, plausible, year_from: YearFrom::Assumed(r.source), month_assumed: false })
        }
        (None, _, _) => {
            let r = reference?;
            let rd = r.date()?;
            let around = |anchor: Date, months: std::ops::RangeInclusive<i32>| -> Vec<Date> {
                months
                    .filter_map(|k| {
                        let first = anchor.first_of_month().checked_add(jiff::Span::new().months(k)).ok()?;
                        date(first.year(), u8::try_from(first.month()).ok()?, day)
                    })
                    .collect()
            };
            let candidates = around(rd, -1..=1);
            let primary = pick(&candidates, rd, deixis)?;
            let mut plausible: Vec<Date> = if deixis.is_some_and(|d| d != Deixis::Current) {
                vec![primary]
            } else {
                candidates
                    .iter()
                    .copied()
                    .filter(|&c| c == primary || days_between(rd, c).abs() <= PLAUSIBLE_MONTH_DAYS)
                    .collect()
            };
            if let Some(anchor) = context.anchor {
                plausible.extend(around(anchor, 0..=1));
            }
            // A year written nearby with the reference's or the anchor's month (`la semana 11
            // de 2020 … el sábado 14`).
            let months = std::iter::once(rd.month()).chain(context.anchor.map(|a| a.month()));
            for month in months.filter_map(|m| u8::try_from(m).ok()) {
                plausible.extend(context.years.iter().filter_map(|&y| date(y, month, day)));
            }
            Some(Resolved { date: primary, plausible, year_from: YearFrom::Assumed(r.source), month_assumed: true })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn nearest_and_relative_picks() {
        let candidates = [d(2024, 12, 30), d(2025, 12, 30), d(2026, 12, 30)];
        let reference = d(2025, 1, 3);
        assert_eq!(pick(&candidates, reference, None), Some(d(2024, 12, 30)));
        assert_eq!(pick(&candidates, reference, Some(Deixis::Past)), Some(d(2024, 12, 30)));
        assert_eq!(pick(&candidates, reference, Some(Deixis::Future)), Some(d(2025, 12, 30)));
    }

    #[test]
    fn days_between_is_signed() {
        assert_eq!(days_between(d(2025, 1, 1), d(2025, 1, 31)), 30);
        assert_eq!(days_between(d(2025, 1, 31), d(2025, 1, 1)), -30);
        assert_eq!(days_between(d(2024, 2, 28), d(2024, 3, 1)), 2);
    }
}
