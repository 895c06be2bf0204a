//! Renders a [`DateProblem`] as text from the templates of a language pack (`[messages]` in
//! `rules/*/calendar.toml`): the message, a help line, an optional note and one label per
//! span. Templates name their fields in braces (`{date}`); an unknown field stays as written,
//! so a typo in a template shows up in the output instead of failing.

use jiff::civil::Date;

use super::BlockSpan;
use super::calendar::Calendar;
use super::checks::{DateProblem, ImpossibleReason, Tense, WrittenDate, YearAssumption, YearSource};

/// A span with its label text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The span to underline.
    pub span: BlockSpan,
    /// What to write under it.
    pub text: String,
}

/// A problem rendered in the language of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemText {
    /// The one-line message.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// An extra remark (an assumed year or month), if any.
    pub note: Option<String>,
    /// Labels; the first is on the primary span.
    pub labels: Vec<Label>,
}

/// Fills `{name}` fields of `template`.
fn fill(template: &str, fields: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in fields {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Upper-cases the first letter of a sentence.
fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

fn format_written(cal: &Calendar, d: &WrittenDate) -> String {
    let messages = cal.messages();
    let fields = [
        ("day", d.day.to_string()),
        ("month", cal.month_name(d.month).to_owned()),
        ("year", d.year.map(|y| y.to_string()).unwrap_or_default()),
    ];
    match d.year {
        Some(_) => fill(&messages.date, &fields),
        None => fill(&messages.date_without_year, &fields),
    }
}

fn format_date(cal: &Calendar, d: Date) -> String {
    format_written(
        cal,
        &WrittenDate {
            day: u8::try_from(d.day()).unwrap_or(0),
            month: u8::try_from(d.month()).unwrap_or(0),
            year: Some(d.year()),
        },
    )
}

fn source_text(cal: &Calendar, source: YearSource) -> &str {
    let m = cal.messages();
    match source {
        YearSource::Dateline => &m.source_dateline,
        YearSource::BulletinNumber => &m.source_bulletin,
        YearSource::DocumentDate => &m.source_document,
        YearSource::DefaultYear => &m.source_default,
        YearSource::Relative => &m.source_relative,
    }
}

fn assumed_note(cal: &Calendar, assumed: Option<&YearAssumption>, month: Option<u8>) -> Option<String> {
    let assumed = assumed?;
    let m = cal.messages();
    let fields = [
        ("year", assumed.year.to_string()),
        ("source", source_text(cal, assumed.source).to_owned()),
        ("month", month.map(|mo| cal.month_name(mo).to_owned()).unwrap_or_default()),
    ];
    let template = if month.is_some() { &m.month_assumed_note } else { &m.year_assumed_note };
    Some(sentence(fill(template, &fields)))
}

fn text_of<'a>(blocks: &[&'a str], span: &BlockSpan) -> &'a str {
    blocks.get(span.block).and_then(|b| b.get(span.range.clone())).unwrap_or("")
}

impl DateProblem {
    /// Renders the problem with the templates of `cal`. `blocks` are the blocks given to
    /// [`super::scan`] (to quote the words of the text).
    pub fn describe(&self, cal: &Calendar, blocks: &[&str]) -> ProblemText {
        let m = cal.messages();
        let label = |span: &BlockSpan, text: String| Label { span: span.clone(), text };
        match self {
            DateProblem::WeekdayMismatch {
                weekday_span,
                date_span,
                written,
                actual,
                date,
                year_assumed,
                month_assumed,
                tense,
                suggestion,
                ..
            } => {
                let verb = match tense {
                    Tense::Past => &m.verb_past,
                    Tense::Present => &m.verb_present,
                    Tense::Future => &m.verb_future,
                };
                let fields = [
                    ("date", format_date(cal, *date)),
                    ("verb", verb.clone()),
                    ("written", cal.weekday_name(*written).to_owned()),
                    ("actual", cal.weekday_name(*actual).to_owned()),
                    ("day", date.day().to_string()),
                    ("month", cal.month_name(u8::try_from(date.month()).unwrap_or(0)).to_owned()),
                    ("suggestion", suggestion.map(|s| format_date(cal, s)).unwrap_or_default()),
                ];
                let help = if suggestion.is_some() { &m.weekday_mismatch_suggestion } else { &m.weekday_mismatch_help };
                let month = month_assumed.then(|| u8::try_from(date.month()).unwrap_or(0));
                ProblemText {
                    message: sentence(fill(&m.weekday_mismatch, &fields)),
                    help: sentence(fill(help, &fields)),
                    note: assumed_note(cal, year_assumed.as_ref(), month),
                    labels: vec![
                        label(weekday_span, fill(&m.weekday_label, &fields)),
                        label(date_span, fill(&m.date_label, &fields)),
                    ],
                }
            }
            DateProblem::Impossible { span, written, reason, .. } => {
                let fields = [
                    ("date", format_written(cal, written)),
                    ("month", cal.month_name(written.month).to_owned()),
                    ("year", written.year.map(|y| y.to_string()).unwrap_or_default()),
                    (
                        "max",
                        match reason {
                            ImpossibleReason::DayOutOfRange { max_day } => max_day.to_string(),
                            ImpossibleReason::NotLeapYear => "28".to_owned(),
                        },
                    ),
                ];
                let help = match reason {
                    ImpossibleReason::DayOutOfRange { .. } => &m.impossible_day_help,
                    ImpossibleReason::NotLeapYear => &m.impossible_leap_help,
                };
                ProblemText {
                    message: sentence(fill(&m.impossible, &fields)),
                    help: sentence(fill(help, &fields)),
                    note: None,
                    labels: vec![label(span, fill(&m.impossible_label, &fields))],
                }
            }
            DateProblem::ReversedRange { start_span, end_span, start_date, end_date, .. } => {
                let fields = [("start", format_written(cal, start_date)), ("end", format_written(cal, end_date))];
                ProblemText {
                    message: sentence(fill(&m.reversed_range, &fields)),
                    help: sentence(fill(&m.reversed_range_help, &fields)),
                    note: None,
                    labels: vec![
                        label(end_span, fill(&m.range_end_label, &fields)),
                        label(start_span, fill(&m.range_start_label, &fields)),
                    ],
                }
            }
            DateProblem::BulletinYear { bulletin_span, dateline_span, bulletin_year, dateline_year } => {
                let fields =
                    [("bulletin_year", bulletin_year.to_string()), ("dateline_year", dateline_year.to_string())];
                ProblemText {
                    message: sentence(fill(&m.bulletin_year, &fields)),
                    help: sentence(fill(&m.bulletin_year_help, &fields)),
                    note: None,
                    labels: vec![
                        label(bulletin_span, fill(&m.bulletin_label, &fields)),
                        label(dateline_span, fill(&m.dateline_label, &fields)),
                    ],
                }
            }
            DateProblem::StaleYear { marker_span, year_span, year, reference_year, reference_source, .. } => {
                let fields = [
                    ("marker", text_of(blocks, marker_span).to_owned()),
                    ("year", year.to_string()),
                    ("reference_year", reference_year.to_string()),
                    ("source", source_text(cal, *reference_source).to_owned()),
                ];
                ProblemText {
                    message: sentence(fill(&m.stale_year, &fields)),
                    help: sentence(fill(&m.stale_year_help, &fields)),
                    note: None,
                    labels: vec![
                        label(year_span, fill(&m.year_label, &fields)),
                        label(marker_span, fill(&m.marker_label, &fields)),
                    ],
                }
            }
            DateProblem::PastFuture { tense_span, date_span, date, reference, year_assumed, .. } => {
                let fields = [("date", format_date(cal, *date)), ("reference", format_date(cal, *reference))];
                ProblemText {
                    message: sentence(fill(&m.past_future, &fields)),
                    help: sentence(fill(&m.past_future_help, &fields)),
                    note: assumed_note(cal, year_assumed.as_ref(), None),
                    labels: vec![
                        label(date_span, fill(&m.event_label, &fields)),
                        label(tense_span, fill(&m.tense_label, &fields)),
                    ],
                }
            }
        }
    }
}
