//! The date reader against the calendar of `jiff`: every day of every month of 1999–2032
//! (leap years included), written out in Spanish words and in English, is read back with the
//! right day, month, year and weekday; a wrong weekday is flagged with the right one; days a
//! month does not have are flagged as impossible. And no input makes the reader panic or
//! return a span off a char boundary (proptest).

use cuadra::dates::{
    BlockSpan, Calendar, CheckOptions, Date, DateFacts, DateProblem, Weekday, check, check_with, scan,
};
use proptest::prelude::*;

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Days 1–31 in Spanish words, as a writer spells them in a date.
const DAYS_ES: [&str; 31] = [
    "primero",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
    "treinta",
    "treinta y uno",
];

fn weekday_es(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "lunes",
        Weekday::Tuesday => "martes",
        Weekday::Wednesday => "miércoles",
        Weekday::Thursday => "jueves",
        Weekday::Friday => "viernes",
        Weekday::Saturday => "sábado",
        Weekday::Sunday => "domingo",
    }
}

fn weekday_en(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// Every (year, month, day) of 1999–2032 with days 1–31, and the date when it exists.
fn all_days() -> impl Iterator<Item = (i16, i8, i8, Option<Date>)> {
    (1999..=2032).flat_map(|y| (1..=12).flat_map(move |m| (1..=31).map(move |d| (y, m, d, Date::new(y, m, d).ok()))))
}

fn read_one(text: &str, cal: &Calendar) -> DateFacts {
    let facts = scan(&[text], cal);
    assert_eq!(facts.mentions.len(), 1, "{text}: {:#?}", facts.mentions);
    facts
}

#[test]
fn every_spanish_date_of_1999_to_2032_reads_back() {
    let es = Calendar::spanish();
    let mut checked = 0;
    for (y, m, d, date) in all_days() {
        let month = MONTHS_ES[usize::try_from(m - 1).unwrap()];
        let Some(date) = date else {
            // A day the month does not have (including 29 February of a common year).
            let text = format!("La firma fue el {d} de {month} de {y}.");
            let problems = check(&read_one(&text, es));
            assert!(
                matches!(problems.as_slice(), [DateProblem::Impossible { written, .. }] if written.day == u8::try_from(d).unwrap()),
                "{text}: {problems:?}"
            );
            continue;
        };
        let weekday = date.weekday();
        let words = DAYS_ES[usize::try_from(d - 1).unwrap()];
        for day in [d.to_string(), words.to_owned()] {
            let text = format!("La firma fue el {} {day} de {month} de {y}.", weekday_es(weekday));
            let facts = read_one(&text, es);
            let mention = &facts.mentions[0];
            assert_eq!(
                (mention.day, mention.month, mention.year),
                (Some(u8::try_from(d).unwrap()), Some(u8::try_from(m).unwrap()), Some(y)),
                "{text}"
            );
            assert_eq!(mention.weekday.as_ref().map(|w| w.0), Some(weekday), "{text}");
            assert!(check(&facts).is_empty(), "{text}: {:?}", check(&facts));

            let wrong = weekday.next();
            let text = format!("La firma fue el {} {day} de {month} de {y}.", weekday_es(wrong));
            let problems = check(&read_one(&text, es));
            assert!(
                matches!(problems.as_slice(), [DateProblem::WeekdayMismatch { written, actual, date: read, year_assumed: None, .. }]
                    if *written == wrong && *actual == weekday && *read == date),
                "{text}: {problems:?}"
            );
        }
        // Figures: `31/12/2024`.
        let text = format!("El {} {d:02}/{m:02}/{y} cerró.", weekday_es(weekday));
        let facts = read_one(&text, es);
        assert!(check(&facts).is_empty(), "{text}");
        checked += 1;
    }
    // 34 years of 365 days, plus 9 leap days (2000, 2004 … 2032).
    assert_eq!(checked, 34 * 365 + 9);
}

#[test]
fn every_yearless_spanish_date_takes_the_datelines_year() {
    let es = Calendar::spanish();
    for (y, m, d, date) in all_days() {
        let Some(date) = date else { continue };
        let month = MONTHS_ES[usize::try_from(m - 1).unwrap()];
        let dateline = format!("Ciudad de México, 1 de julio de {y}");
        let right = format!("El {} {d} de {month} se firmó.", weekday_es(date.weekday()));
        let facts = scan(&[&dateline, &right], es);
        assert!(check(&facts).is_empty(), "{right} ({y}): {:?}", check(&facts));
        // Far from the new year, no other year is plausible: a wrong weekday is flagged.
        if (4..=9).contains(&m) {
            let wrong = format!("El {} {d} de {month} se firmó.", weekday_es(date.weekday().next()));
            let facts = scan(&[&dateline, &wrong], es);
            let problems = check(&facts);
            assert!(
                matches!(problems.as_slice(), [DateProblem::WeekdayMismatch { actual, year_assumed: Some(assumed), .. }]
                    if *actual == date.weekday() && assumed.year == y),
                "{wrong} ({y}): {problems:?}"
            );
        }
    }
}

#[test]
fn every_english_date_of_1999_to_2032_reads_back() {
    let en = Calendar::english();
    for (y, m, d, date) in all_days() {
        let Some(date) = date else { continue };
        let month = MONTHS_EN[usize::try_from(m - 1).unwrap()];
        let weekday = weekday_en(date.weekday());
        for text in
            [format!("It opened on {weekday}, {month} {d}, {y}."), format!("It opened on {weekday} {d} {month} {y}.")]
        {
            let facts = read_one(&text, en);
            let mention = &facts.mentions[0];
            assert_eq!(
                (mention.day, mention.month, mention.year),
                (Some(u8::try_from(d).unwrap()), Some(u8::try_from(m).unwrap()), Some(y)),
                "{text}"
            );
            assert!(check(&facts).is_empty(), "{text}");
        }
        let wrong = weekday_en(date.weekday().previous());
        let text = format!("It opened on {wrong}, {month} {d}, {y}.");
        assert_eq!(check(&read_one(&text, en)).len(), 1, "{text}");
    }
}

/// Every span the reader and the checks return.
fn spans(facts: &DateFacts, problems: &[DateProblem]) -> Vec<BlockSpan> {
    let mut all = Vec::new();
    for m in &facts.mentions {
        all.push(m.span.clone());
        all.push(m.day_span.clone());
        all.extend(m.month_span.clone());
        all.extend(m.year_span.clone());
        all.extend(m.year_offset.as_ref().map(|y| y.1.clone()));
        all.extend(m.weekday.as_ref().map(|w| w.1.clone()));
        all.extend(m.deixis.as_ref().map(|d| d.1.clone()));
        all.extend(m.future_tense.clone());
    }
    if let Some(d) = &facts.dateline {
        all.push(d.span.clone());
        all.push(d.place_span.clone());
        all.extend(d.year_span.clone());
    }
    if let Some(b) = &facts.bulletin {
        all.push(b.span.clone());
        all.push(b.year_span.clone());
    }
    for y in &facts.years {
        all.push(y.span.clone());
        all.extend(y.current_marker.clone());
    }
    all.extend(problems.iter().map(|p| p.primary_span().clone()));
    all
}

fn assert_sound(blocks: &[&str]) {
    for cal in [Calendar::spanish(), Calendar::english()] {
        let facts = scan(blocks, cal);
        let options = CheckOptions { document_date: Date::new(2025, 6, 14).ok(), default_year: Some(2025) };
        let problems = check_with(&facts, &options);
        for span in spans(&facts, &problems) {
            let block = blocks.get(span.block).expect("span names a block");
            assert!(span.range.start <= span.range.end, "{span:?}");
            assert!(block.get(span.range.clone()).is_some(), "{span:?} off char boundaries of {block:?}");
        }
        for problem in &problems {
            let text = problem.describe(cal, blocks);
            assert!(!text.message.is_empty());
        }
    }
}

/// Words and marks the reader reacts to, to build date-like noise.
fn date_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("de".to_owned()),
        Just("del".to_owned()),
        Just("el".to_owned()),
        Just("al".to_owned()),
        Just("y".to_owned()),
        Just("entre".to_owned()),
        Just("pasado".to_owned()),
        Just("este".to_owned()),
        Just("se realizará".to_owned()),
        Just("No.".to_owned()),
        Just("Boletín".to_owned()),
        Just("_____".to_owned()),
        Just("º".to_owned()),
        Just("Ciudad de México,".to_owned()),
        prop::sample::select(MONTHS_ES.to_vec()).prop_map(str::to_owned),
        prop::sample::select(MONTHS_EN.to_vec()).prop_map(str::to_owned),
        prop::sample::select(vec!["lunes", "Martes", "MIÉRCOLES", "Friday", "Sunday"]).prop_map(str::to_owned),
        (0u32..40).prop_map(|n| n.to_string()),
        (1990u32..2040).prop_map(|n| n.to_string()),
        "[0-9]{1,5}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    let separator = prop::sample::select(vec![" ", " ", "\u{a0}", "", "\n", ", ", "/", "-", ".- ", "\r\n"]);
    prop::collection::vec((piece, separator), 0..24)
        .prop_map(|parts| parts.into_iter().flat_map(|(p, s)| [p, s.to_owned()]).collect())
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(blocks in prop::collection::vec(any::<String>(), 0..4)) {
        let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
        assert_sound(&refs);
    }

    #[test]
    fn date_like_text_never_panics(blocks in prop::collection::vec(date_soup(), 1..4)) {
        let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
        assert_sound(&refs);
    }
}

/// Work grows linearly with the text: one huge block full of dates, relative words,
/// future-tense phrases and bare years is read and checked in a few seconds even in a debug
/// build (a quadratic step would take minutes here).
#[test]
fn huge_blocks_stay_linear() {
    let unit = "Ciudad de México, 14 de junio de 2025.- El pasado lunes 3 de mayo de 2024 se realizará \
                la feria del 15 al 12 de agosto, este 2024, el sábado 20 y el domingo 21; ";
    let block = unit.repeat(20_000);
    let start = std::time::Instant::now();
    for cal in [Calendar::spanish(), Calendar::english()] {
        let facts = scan(&[block.as_str()], cal);
        let _ = check(&facts);
    }
    let elapsed = start.elapsed();
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}
