//! Fixture-like tests of the reader and the checks: each problem on a short text, and correct
//! text that must stay silent.

use super::*;

fn blocks(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

fn facts_es(text: &str) -> DateFacts {
    scan(&blocks(text), Calendar::spanish())
}

fn problems_es(text: &str) -> Vec<DateProblem> {
    check(&facts_es(text))
}

fn problems_es_on(text: &str, document_date: Date) -> Vec<DateProblem> {
    check_with(&facts_es(text), &CheckOptions { document_date: Some(document_date), default_year: None })
}

fn problems_en(text: &str) -> Vec<DateProblem> {
    check(&scan(&blocks(text), Calendar::english()))
}

fn ids(problems: &[DateProblem]) -> Vec<&'static str> {
    problems.iter().map(DateProblem::rule_id).collect()
}

fn messages(text: &str, cal: &Calendar) -> Vec<String> {
    let b = blocks(text);
    check(&scan(&b, cal)).iter().map(|p| p.describe(cal, &b).message).collect()
}

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::new(y, m, day).unwrap()
}

fn text_at<'a>(text: &'a str, span: &BlockSpan) -> &'a str {
    &blocks(text)[span.block][span.range.clone()]
}

// ---- reading ----

#[test]
fn reads_a_full_spanish_date_with_weekday() {
    let text = "La reunión fue el martes 7 de julio de 2025 en la sede.";
    let facts = facts_es(text);
    let [m] = facts.mentions.as_slice() else { panic!("{facts:#?}") };
    assert_eq!((m.day, m.month, m.year), (Some(7), Some(7), Some(2025)));
    assert_eq!(text_at(text, &m.span), "martes 7 de julio de 2025");
    assert_eq!(m.weekday.as_ref().map(|w| w.0), Some(Weekday::Tuesday));
    assert_eq!(text_at(text, m.year_span.as_ref().unwrap()), "2025");
    assert!(m.date_context);
}

#[test]
fn reads_ordinals_numeric_dates_and_del_years() {
    let facts = facts_es("El 1º de mayo, el 1o. de junio y el 31/12/2024. Lunes 2 de noviembre del 2020.");
    let dates: Vec<_> = facts.mentions.iter().map(|m| (m.day, m.month, m.year)).collect();
    assert_eq!(
        dates,
        vec![
            (Some(1), Some(5), None),
            (Some(1), Some(6), None),
            (Some(31), Some(12), Some(2024)),
            (Some(2), Some(11), Some(2020)),
        ]
    );
    assert_eq!(facts.mentions[2].form, DateForm::Numeric);
}

#[test]
fn reads_ranges_and_lists_sharing_month_and_year() {
    let text = "Del 3 al 5 de mayo de 2024 y entre el 10 y el 14 de junio. Los días viernes 16 y sábado 17 de octubre.";
    let facts = facts_es(text);
    let dates: Vec<_> = facts.mentions.iter().map(|m| (m.day, m.month, m.year)).collect();
    assert_eq!(
        dates,
        vec![
            (Some(3), Some(5), Some(2024)),
            (Some(5), Some(5), Some(2024)),
            (Some(10), Some(6), None),
            (Some(14), Some(6), None),
            (Some(16), Some(10), None),
            (Some(17), Some(10), None),
        ]
    );
    assert_eq!(facts.mentions[0].range_end, Some(1));
    assert_eq!(facts.mentions[2].range_end, Some(3));
    assert_eq!(facts.mentions[4].range_end, None);
    assert!(!facts.mentions[0].owns_year() && facts.mentions[1].owns_year());
    assert_eq!(text_at(text, &facts.mentions[4].span), "viernes 16");
}

#[test]
fn a_range_across_new_year_gives_the_start_the_year_before() {
    let facts = facts_es("del 28 de diciembre al 3 de enero de 2025");
    assert_eq!(facts.mentions[0].year, Some(2024));
    assert_eq!(facts.mentions[1].year, Some(2025));
    assert!(check(&facts).is_empty());
}

#[test]
fn reads_days_in_words_only_after_date_words() {
    let facts = facts_es("El lunes dieciséis de noviembre y el primero de mayo.");
    let dates: Vec<_> = facts.mentions.iter().map(|m| (m.day, m.month)).collect();
    assert_eq!(dates, vec![(Some(16), Some(11)), (Some(1), Some(5))]);
    assert!(facts_es("Llegaron dos de mayo a la fecha.").mentions.is_empty());
}

#[test]
fn reads_monthless_days_only_with_weekday_and_date_word() {
    let facts = facts_es("El pasado lunes 3, hubo junta. El sábado 20 a las 17 horas.");
    assert_eq!(facts.mentions.len(), 2);
    assert_eq!(facts.mentions[0].month, None);
    assert_eq!(facts.mentions[0].deixis.as_ref().map(|d| d.0), Some(Deixis::Past));
    for counted in
        ["El domingo 10 mil personas marcharon.", "Un viernes 13 cualquiera.", "Cada lunes 3 personas llegan."]
    {
        assert!(facts_es(counted).mentions.is_empty(), "{counted}");
    }
}

#[test]
fn does_not_read_counts_identifiers_and_times() {
    for text in [
        "Se realizaron 2 mil 844 cirugías y 30 trasplantes, de los cuales fueron 13 renales.",
        "Hospital General Regional No. 220 y COVID-19.",
        "a las 10:30 horas; 3.5 de cada 10; 3/4 partes",
        "entre 2 y 7 años",
    ] {
        assert!(facts_es(text).mentions.is_empty(), "{text}: {:?}", facts_es(text).mentions);
    }
}

#[test]
fn reads_the_dateline_and_bulletin_number() {
    let text = "BOLETÍN DE PRENSA\n\nCiudad de México, 14 de junio de 2025\n\nNo. 318/2025\n\nEl IMSS informó.";
    let facts = facts_es(text);
    let dateline = facts.dateline.as_ref().expect("dateline");
    assert_eq!(dateline.place, "Ciudad de México");
    assert_eq!((dateline.day, dateline.month, dateline.year), (Some(14), 6, Some(2025)));
    let bulletin = facts.bulletin.as_ref().expect("bulletin");
    assert_eq!((bulletin.number.as_str(), bulletin.year), ("318", Some(2025)));
    assert_eq!(text_at(text, &bulletin.span), "No. 318/2025");
    assert!(facts.years.is_empty(), "{:?}", facts.years);
}

#[test]
fn reads_datelines_with_a_and_weekday_and_blanks() {
    let cases = [
        ("Tijuana, Baja California, a 27 de octubre.- El alcalde dijo.", "Tijuana, Baja California", Some(27), None),
        (
            "Playas de Rosarito, Baja California; miércoles 21 de octubre de 2020.- A nombre del",
            "Playas de Rosarito, Baja California",
            Some(21),
            Some(2020),
        ),
        ("Ciudad de México, _____ de mayo de 2024", "Ciudad de México", None, Some(2024)),
    ];
    for (text, place, day, year) in cases {
        let facts = facts_es(text);
        let dateline = facts.dateline.as_ref().unwrap_or_else(|| panic!("{text}"));
        assert_eq!(dateline.place, place);
        assert_eq!((dateline.day, dateline.year), (day, year), "{text}");
    }
    assert!(facts_es("En Zacatecas, el 3 de mayo de 2013 llovió.").dateline.is_none());
    let blank = facts_es("No. 2__/2024").bulletin.expect("bulletin");
    assert_eq!((blank.number.as_str(), blank.year), ("2__", Some(2024)));
}

// ---- weekday ----

#[test]
fn flags_a_weekday_that_does_not_match() {
    let text = "El martes 7 de julio de 2025 inicia la campaña.";
    let problems = problems_es(text);
    let [DateProblem::WeekdayMismatch { written, actual, year_assumed, weekday_span, .. }] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!((*written, *actual), (Weekday::Tuesday, Weekday::Monday));
    assert_eq!(*year_assumed, None);
    assert_eq!(text_at(text, weekday_span), "martes");
    assert_eq!(messages(text, Calendar::spanish()), vec!["El 7 de julio de 2025 es lunes, no martes"]);
}

#[test]
fn the_verb_follows_the_dateline() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nEl martes 7 de julio de 2025 inicia.\n\nEl sábado 2 de junio de 2025 terminó.";
    assert_eq!(
        messages(text, Calendar::spanish()),
        vec!["El 7 de julio de 2025 será lunes, no martes", "El 2 de junio de 2025 fue lunes, no sábado",]
    );
}

#[test]
fn a_date_without_year_takes_the_datelines_year_and_says_so() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nEl martes 7 de julio inicia la campaña.";
    let b = blocks(text);
    let problems = check(&scan(&b, Calendar::spanish()));
    let [problem @ DateProblem::WeekdayMismatch { year_assumed, .. }] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!(*year_assumed, Some(YearAssumption { year: 2025, source: YearSource::Dateline }));
    let rendered = problem.describe(Calendar::spanish(), &b);
    assert_eq!(rendered.message, "El 7 de julio de 2025 será lunes, no martes");
    assert_eq!(
        rendered.note.as_deref(),
        Some("El texto no dice el año: se tomó 2025, el año de la fecha del boletín.")
    );
    // Without dateline, a default year.
    let facts = facts_es("El martes 7 de julio inicia la campaña.");
    assert!(check(&facts).is_empty(), "no year, no reference: nothing to say");
    let with_default = check_with(&facts, &CheckOptions { document_date: None, default_year: Some(2025) });
    assert_eq!(ids(&with_default), vec!["date.weekday-mismatch"]);
}

#[test]
fn a_yearless_date_near_new_year_takes_the_nearest_year() {
    // 30 December 2024 was a Monday; in 2025 it is a Tuesday.
    let text = "Ciudad de México, 3 de enero de 2025\n\nEl lunes 30 de diciembre se firmó el convenio.";
    assert!(problems_es(text).is_empty());
    let wrong = "Ciudad de México, 3 de enero de 2025\n\nEl martes 30 de diciembre se firmó el convenio.";
    assert_eq!(ids(&problems_es(wrong)), vec!["date.weekday-mismatch"]);
}

#[test]
fn a_year_written_in_the_same_paragraph_is_a_plausible_reading() {
    // 5 March 2019 was a Tuesday; the dateline's 2025 would make it a Wednesday.
    let text = "Ciudad de México, 14 de junio de 2025\n\nEn 2019, el martes 5 de marzo se inauguró la clínica.";
    assert!(problems_es(text).is_empty(), "{:?}", problems_es(text));
}

#[test]
fn monthless_days_resolve_against_the_reference_date() {
    // 22 April 2013 (a Monday): `el sábado 20` is 20 April 2013, a Saturday.
    let text = "La programación dio inicio el sábado 20 a las 17 horas.";
    assert!(problems_es_on(text, d(2013, 4, 22)).is_empty());
    let wrong = "La programación dio inicio el pasado domingo 20 a las 17 horas.";
    let problems = problems_es_on(wrong, d(2013, 4, 22));
    let [DateProblem::WeekdayMismatch { date, month_assumed, .. }] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!(*date, d(2013, 4, 20));
    assert!(*month_assumed);
}

#[test]
fn english_dates_are_read_and_checked() {
    assert_eq!(ids(&problems_en("The clinic opens Tuesday, July 7, 2025.")), vec!["date.weekday-mismatch"]);
    assert_eq!(
        messages("The clinic opens Tuesday, July 7, 2025.", Calendar::english()),
        vec!["July 7, 2025 is a Monday, not a Tuesday"]
    );
    assert!(problems_en("The clinic opens Monday, July 7, 2025, and on 7 July 2025 too.").is_empty());
    let facts = scan(&["It ran from May 3 to 5 and again on 7 July 2025."], Calendar::english());
    let dates: Vec<_> = facts.mentions.iter().map(|m| (m.day, m.month, m.year)).collect();
    assert_eq!(dates, vec![(Some(3), Some(5), None), (Some(5), Some(5), None), (Some(7), Some(7), Some(2025))]);
    assert_eq!(facts.mentions[0].range_end, Some(1));
    assert!(scan(&["You may 3 times march on."], Calendar::english()).mentions.is_empty());
    let facts = scan(&["It ran from May 3 to 5, 2025."], Calendar::english());
    let years: Vec<_> = facts.mentions.iter().map(|m| m.year).collect();
    assert_eq!(years, vec![Some(2025), Some(2025)]);
}

#[test]
fn weekday_names_used_as_names_are_silent() {
    for text in [
        "El Viernes Santo 18 de abril de 2025 no hubo consulta.",
        "Durante el Lunes Verde 3 de marzo de 2025 se plantaron árboles.",
        "El Martes de Carnaval, 4 de marzo de 2025, hubo desfile.",
        "El Domingo de Ramos 13 de abril de 2025 abrió el museo.",
        "El Jueves Santo 17 de abril de 2025.",
    ] {
        assert!(problems_es(text).is_empty(), "{text}: {:?}", problems_es(text));
    }
}

// ---- impossible ----

#[test]
fn flags_impossible_dates() {
    for (text, day, month, year) in [
        ("La cita es el 31 de junio.", 31, 6, None),
        ("Nació el 29 de febrero de 2025.", 29, 2, Some(2025)),
        ("El 32 de mayo de 2025 se entrega.", 32, 5, Some(2025)),
        ("Se firmó el 31/04/2024.", 31, 4, Some(2024)),
    ] {
        let problems = problems_es(text);
        let [DateProblem::Impossible { written, .. }] = problems.as_slice() else { panic!("{text}: {problems:?}") };
        assert_eq!((written.day, written.month, written.year), (day, month, year), "{text}");
    }
    assert_eq!(
        messages("Nació el 29 de febrero de 2025.", Calendar::spanish()),
        vec!["El 29 de febrero de 2025 no existe"]
    );
    let b = blocks("La cita es el 31 de junio.");
    let problems = check(&scan(&b, Calendar::spanish()));
    assert_eq!(problems[0].describe(Calendar::spanish(), &b).help, "Junio tiene 30 días.");
}

#[test]
fn possible_dates_and_counts_are_not_impossible() {
    for text in [
        "Nació el 29 de febrero de 2024.",
        "El 29 de febrero se celebra cada cuatro años.",
        "Se registraron 45 de marzo y 31 de junio en total.",
        "El 31 de diciembre de 2024 cerró.",
    ] {
        assert!(problems_es(text).is_empty(), "{text}: {:?}", problems_es(text));
    }
}

// ---- ranges ----

#[test]
fn flags_reversed_ranges() {
    let text = "La feria será del 15 al 12 de agosto.";
    let problems = problems_es(text);
    let [DateProblem::ReversedRange { start_span, end_span, .. }] = problems.as_slice() else { panic!("{problems:?}") };
    assert_eq!(text_at(text, start_span), "15");
    assert_eq!(text_at(text, end_span), "12 de agosto");
    assert_eq!(
        messages(text, Calendar::spanish()),
        vec!["El periodo termina (12 de agosto) antes de empezar (15 de agosto)"]
    );
    assert_eq!(ids(&problems_es("Del 10 de junio de 2025 al 3 de mayo de 2025.")), vec!["date.reversed-range"]);
    for ok in [
        "Del 3 al 5 de mayo.",
        "Del 15 de agosto al 12 de julio.",
        "Entre el 10 y el 14 de junio.",
        "Del 28 de diciembre al 3 de enero.",
    ] {
        assert!(problems_es(ok).is_empty(), "{ok}");
    }
}

// ---- bulletin year ----

#[test]
fn flags_a_bulletin_number_from_another_year() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nNo. 12/2024\n\nTexto.";
    let problems = problems_es(text);
    let [DateProblem::BulletinYear { bulletin_year, dateline_year, bulletin_span, .. }] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!((*bulletin_year, *dateline_year), (2024, 2025));
    assert_eq!(text_at(text, bulletin_span), "2024");
    assert!(problems_es("Ciudad de México, 14 de junio de 2025\n\nNo. 12/2025").is_empty());
}

// ---- stale year ----

#[test]
fn flags_a_current_date_with_another_year() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nEste lunes 3 de junio de 2024 se entregaron las obras.";
    let problems = problems_es(text);
    assert_eq!(ids(&problems), vec!["date.stale-year"], "{problems:?}");
    let text = "Ciudad de México, 14 de junio de 2025\n\nDurante este 2024 se atendieron 5 mil personas.";
    assert_eq!(ids(&problems_es(text)), vec!["date.stale-year"]);
    let text = "Ciudad de México, 14 de junio de 2025\n\nHoy 14 de junio de 2024 se inauguró.";
    // 14 June 2024 was a Friday, no weekday written: only the stale year.
    assert_eq!(ids(&problems_es(text)), vec!["date.stale-year"]);
}

#[test]
fn a_current_date_near_new_year_is_not_stale() {
    let text = "Ciudad de México, 2 de enero de 2025\n\nEste lunes 30 de diciembre de 2024 se firmó.";
    assert!(problems_es(text).is_empty(), "{:?}", problems_es(text));
    let text = "Ciudad de México, 14 de junio de 2025\n\nDurante este 2025 y en 2024 se atendieron.";
    assert!(problems_es(text).is_empty());
}

// ---- future tense on a past date ----

#[test]
fn flags_a_future_event_dated_before_the_dateline() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nLa jornada se realizará el 3 de mayo de 2025 en todo el país.";
    let problems = problems_es(text);
    assert_eq!(ids(&problems), vec!["date.past-future"], "{problems:?}");
    let text = "Ciudad de México, 14 de junio de 2025\n\nDel 3 al 5 de junio se llevará a cabo la jornada.";
    assert_eq!(ids(&problems_es(text)), vec!["date.past-future"]);
    // The last day of a list counts.
    let text = "Ciudad de México, 14 de junio de 2025\n\nEl curso se llevará a cabo los días 11, 12 y 13 de junio.";
    let problems = problems_es(text);
    let [DateProblem::PastFuture { date, .. }] = problems.as_slice() else { panic!("{problems:?}") };
    assert_eq!(*date, d(2025, 6, 13));
    for ok in [
        "Ciudad de México, 14 de junio de 2025\n\nLa jornada se realizará el próximo 3 de mayo.",
        "Ciudad de México, 14 de junio de 2025\n\nLa jornada se realizará el 3 de julio.",
        "Ciudad de México, 14 de junio de 2025\n\nTras la reunión del 3 de mayo, se realizará otra.",
        "Ciudad de México, 14 de junio de 2025\n\nLa jornada se realizó el 3 de mayo.",
        "Ciudad de México, 14 de junio de 2025\n\nLa feria se llevará a cabo del 10 al 20 de junio.",
        // Too far back for a yearless date: may be next year's calendar.
        "Ciudad de México, 14 de junio de 2025\n\nDel 3 al 5 de mayo se llevará a cabo la jornada.",
    ] {
        assert!(problems_es(ok).is_empty(), "{ok}: {:?}", problems_es(ok));
    }
}

// ---- silence on unfilled dates and correct text ----

#[test]
fn unfilled_dates_are_silent() {
    for text in [
        "Ciudad de México, _____ de mayo de 2024\n\nNo. 2__/2024",
        "El martes _____ de mayo de 2024 inicia.",
        "Del __ al 5 de mayo.",
    ] {
        assert!(problems_es(text).is_empty(), "{text}: {:?}", problems_es(text));
    }
}

#[test]
fn correct_text_is_silent() {
    let text = "Ciudad de México, lunes 7 de julio de 2025\n\nNo. 318/2025\n\n\
        Del 3 al 5 de mayo se realizaron 88 mil 145 consultas; el pasado 30 de abril el Consejo \
        aprobó la medida. El martes 8 de julio se llevará a cabo la ceremonia, y del lunes 14 al \
        viernes 18 de julio habrá jornadas. El 31/12/2024 cerró el ejercicio.";
    assert!(problems_es(text).is_empty(), "{:?}", problems_es(text));
}

#[test]
fn hostile_input_does_not_panic() {
    for text in [
        "",
        "_",
        "de",
        "1º",
        "31/",
        "/31/12/2024/",
        "lunes",
        "lunes ,",
        "del",
        "entre el 3 y",
        "\u{a0}martes\u{a0}7\u{a0}de\u{a0}julio\u{a0}de\u{a0}2025",
        "No. /",
        "No. 9/9999999",
        "el 99 de mayo de 9999",
        "el 1 de enero de 1000",
        "mie\u{301}rcoles 3 de mayo",
        "Ciudad, a",
        "\r\n\r\n",
        "el pasado lunes 31",
        "del 31 de diciembre de 9999 al 1 de enero",
    ] {
        for cal in [Calendar::spanish(), Calendar::english()] {
            let b = blocks(text);
            let facts = scan(&b, cal);
            for p in
                check_with(&facts, &CheckOptions { document_date: Some(d(9999, 12, 31)), default_year: Some(i16::MAX) })
            {
                let _ = p.describe(cal, &b);
            }
        }
    }
}

#[test]
fn a_day_that_goes_down_belongs_to_the_month_before() {
    for (text, first) in [
        ("Festival del 31 al 3 de noviembre.", (31, 10)),
        ("Del 28 al 4 de agosto.", (28, 7)),
        ("El 31 y 1 de septiembre hubo foros.", (31, 8)),
        ("Del 31 al 6 de enero de 2025.", (31, 12)),
    ] {
        let facts = facts_es(text);
        let m = &facts.mentions[0];
        assert_eq!((m.day, m.month), (Some(first.0), Some(first.1)), "{text}");
        assert!(problems_es(text).is_empty(), "{text}: {:?}", problems_es(text));
    }
    assert_eq!(facts_es("Del 31 al 6 de enero de 2025.").mentions[0].year, Some(2024));
    // Too long to be elliptical, or the month before lacks the day: reversed.
    assert_eq!(ids(&problems_es("Del 15 al 12 de agosto.")), vec!["date.reversed-range"]);
    assert_eq!(ids(&problems_es("Del 31 al 2 de octubre.")), vec!["date.reversed-range"]);
}

#[test]
fn bare_current_years_near_new_year_are_not_stale() {
    let on = |date| problems_es_on("Para este 2014 se prevé más inversión.", date);
    assert!(on(d(2013, 11, 19)).is_empty());
    assert!(on(d(2014, 1, 20)).is_empty());
    assert_eq!(ids(&on(d(2013, 7, 16))), vec!["date.stale-year"]);
    assert_eq!(ids(&on(d(2015, 7, 16))), vec!["date.stale-year"]);
}

#[test]
fn english_ranges_datelines_and_relative_words() {
    let en = Calendar::english();
    let facts = scan(
        &[
            "WASHINGTON, July 7, 2025 — The agency said.",
            "It runs from May 3 to 5, between June 10 and 14, and May 3-5.",
            "It ran from May 15 to 12. This Monday, July 7, 2025 it opened.",
        ],
        en,
    );
    let dateline = facts.dateline.as_ref().expect("dateline");
    assert_eq!((dateline.place.as_str(), dateline.day, dateline.year), ("WASHINGTON", Some(7), Some(2025)));
    let ranges: Vec<_> =
        facts.mentions.iter().filter_map(|m| m.range_end.map(|e| (m.day, facts.mentions[e].day, m.month))).collect();
    assert_eq!(
        ranges,
        vec![
            (Some(3), Some(5), Some(5)),
            (Some(10), Some(14), Some(6)),
            (Some(3), Some(5), Some(5)),
            (Some(15), Some(12), Some(5)),
        ]
    );
    let problems = check(&facts);
    assert_eq!(ids(&problems), vec!["date.reversed-range"], "{problems:?}");
    let last = facts.mentions.last().unwrap();
    assert_eq!(last.deixis.as_ref().map(|d| d.0), Some(Deixis::Current));
}

#[test]
fn relative_year_phrases_replace_the_year() {
    let text = "Ciudad de México, 14 de junio de 2025\n\nEl lunes 3 de marzo de este año y el martes 10 de diciembre del año pasado.";
    let facts = facts_es(text);
    let offsets: Vec<_> = facts.mentions.iter().map(|m| m.year_offset.as_ref().map(|o| o.0)).collect();
    assert_eq!(offsets, vec![None, Some(0), Some(-1)]);
    // 3 March 2025 was a Monday; 10 December 2024 a Tuesday.
    assert!(problems_es(text).is_empty(), "{:?}", problems_es(text));
    let wrong = text.replace("martes 10", "jueves 10");
    assert_eq!(ids(&problems_es(&wrong)), vec!["date.weekday-mismatch"]);
}

#[test]
fn a_weekday_lets_the_month_connector_drop() {
    let facts = facts_es("El próximo lunes 6 mayo de 2013 y el sábado 8 y domingo 9 próximos.");
    let dates: Vec<_> = facts.mentions.iter().map(|m| (m.day, m.month, m.year)).collect();
    assert_eq!(dates, vec![(Some(6), Some(5), Some(2013)), (Some(8), None, None), (Some(9), None, None)]);
    assert!(facts_es("Llegaron 6 mayo.").mentions.is_empty());
}

#[test]
fn a_slip_of_the_year_or_month_is_suggested() {
    let text = "Ciudad de México, 12 de enero de 2021\n\nSon las 19:01 del martes 12 de enero de 2020.";
    let b = blocks(text);
    let problems = check(&scan(&b, Calendar::spanish()));
    let [problem @ DateProblem::WeekdayMismatch { suggestion, .. }] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!(*suggestion, Some(d(2021, 1, 12)));
    assert_eq!(
        problem.describe(Calendar::spanish(), &b).help,
        "¿Quiso decir el 12 de enero de 2021? Ese día es martes."
    );
    // Published Wednesday 3 July 2013: «este miércoles 3 de junio» meant July.
    let problems = problems_es_on("A partir de este miércoles 3 de junio abre.", d(2013, 7, 3));
    let [DateProblem::WeekdayMismatch { suggestion, .. }] = problems.as_slice() else { panic!("{problems:?}") };
    assert_eq!(*suggestion, Some(d(2013, 7, 3)));
    // No near date fits: no suggestion.
    let problems = problems_es("El martes 7 de julio de 2025 inicia.");
    assert!(matches!(problems.as_slice(), [DateProblem::WeekdayMismatch { suggestion: None, .. }]));
}

#[test]
fn weekday_lists_pair_in_order_and_far_datelines_are_ignored() {
    assert!(
        problems_es_on("Como lo dimos a conocer el jueves y el viernes, 5 y 6 de marzo, hubo sesión.", d(2020, 3, 9))
            .is_empty()
    );
    assert!(
        problems_es_on("Serán tres días, sábado, domingo, lunes, 31 de octubre, 1, 2 de noviembre.", d(2020, 10, 29))
            .is_empty()
    );
    let mut blocks = vec!["Texto."; 10];
    blocks.push("Ahí va, 8 de marzo de 2020");
    assert!(scan(&blocks, Calendar::spanish()).dateline.is_none());
    assert!(facts_es("Ahí va marzo, 8 de marzo de 2020").dateline.is_none());
    assert!(facts_es("Uno\nDos\nTres\nCuatro\nNo. 12/2024").bulletin.is_none());
    let facts = facts_es("desde 82 al 1º de julio del 2018");
    assert_eq!(facts.mentions.len(), 1);
    assert_eq!(facts.mentions[0].day, Some(1));
    assert!(check(&facts).is_empty());
}

#[test]
fn a_monthless_day_may_take_a_year_written_nearby() {
    // In March 2021, about March 2020: 14 March 2020 was a Saturday.
    let text =
        "En la semana 11 de 2020 cerramos las escuelas; se definió el sábado 14 y se anunció el viernes 13 de marzo.";
    assert!(problems_es_on(text, d(2021, 3, 18)).is_empty(), "{:?}", problems_es_on(text, d(2021, 3, 18)));
    let without_year = "Cerramos las escuelas; se definió el sábado 14 y se anunció el viernes 13 de marzo.";
    assert_eq!(problems_es_on(without_year, d(2021, 3, 18)).len(), 2);
}
