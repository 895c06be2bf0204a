//! Table-driven tests and property tests for the quantity extractor.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

fn es() -> &'static NumberLexicon {
    NumberLexicon::spanish()
}

fn en() -> &'static NumberLexicon {
    NumberLexicon::english()
}

fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

/// (figure text, value) of every quantity.
fn read(text: &str, lex: &NumberLexicon) -> Vec<(String, Decimal)> {
    scan(text, lex).into_iter().map(|q| (text[q.span.clone()].to_string(), q.value)).collect()
}

fn first(text: &str, lex: &NumberLexicon) -> Quantity {
    match scan(text, lex).into_iter().next() {
        Some(q) => q,
        None => panic!("no figure in {text:?}"),
    }
}

fn values(text: &str, lex: &NumberLexicon) -> Vec<Decimal> {
    scan(text, lex).into_iter().map(|q| q.value).collect()
}

#[track_caller]
fn check_first(text: &str, value: &str, kind: QuantityKind, qualifier: Qualifier) {
    let q = first(text, es());
    assert_eq!(
        (q.value, q.kind, q.qualifier),
        (d(value), kind, qualifier),
        "{text:?}: read {:?}",
        &text[q.span.clone()]
    );
}

use Qualifier::{About, AtLeast, Exact, LessThan, MoreThan, UpTo};
use QuantityKind::{Count, Money, Ordinal, Percent, Points};

#[test]
fn spanish_grouping_with_mil() {
    for (text, value) in [
        ("193 mil 024 atenciones", "193024"),
        ("88 mil 145 consultas", "88145"),
        ("con mil 125 servicios", "1125"),
        ("1 mil 804 beneficiarios", "1804"),
        ("2 mil 76 despensas", "2076"),
        ("11 mil 22 estudios", "11022"),
        ("mil 6 firmas", "1006"),
        ("33 mil 000 boletos", "33000"),
        ("41 mil 65.1 toneladas", "41065.1"),
        ("154 mil 626.57 hectáreas", "154626.57"),
        ("1.3 millones de atenciones", "1300000"),
        ("2 millones 778 mil 541 personas", "2778541"),
        ("un millón 405 mil 318 dosis", "1405318"),
        ("un millón 21 son mayores", "1000021"),
        ("dos millones 45 pesos", "2000045"),
        ("medio millón de vacunas", "500000"),
        ("un millón y medio de personas", "1500000"),
        ("5 mil millones de pesos", "5000000000"),
        ("mil 300 millones de pesos", "1300000000"),
        ("tres mil 061.58 millones de pesos", "3061580000"),
        ("3.154 billones de pesos", "3154000000000"),
        ("19.375 millones de pesos", "19375000"),
        ("142.000 millones de dólares", "142000000000"),
        ("1,75 millones de reales", "1750000"),
        ("2,5 millones de años", "2500000"),
    ] {
        assert_eq!(first(text, es()).value, d(value), "{text}");
    }
}

#[test]
fn digits_and_separators() {
    for (text, value) in [
        ("1,250 pacientes", "1250"),
        ("9,122 viviendas", "9122"),
        ("12,878 casos", "12878"),
        ("1,234,567 votos", "1234567"),
        ("1.250,5 toneladas", "1250.5"),
        ("1.300 kilogramos", "1300"),
        ("875.000 dólares", "875000"),
        ("740.797 pesos", "740797"),
        ("1.125 por ciento", "1.125"),
        ("0.435 puntos", "0.435"),
        ("193\u{a0}024 atenciones", "193024"),
        ("193\u{202f}024 atenciones", "193024"),
        ("1\u{2009}234\u{2009}567 votos", "1234567"),
        ("38,7 por ciento", "38.7"),
        ("4.72 metros", "4.72"),
    ] {
        assert_eq!(first(text, es()).value, d(value), "{text}");
    }
}

#[test]
fn spelled_numbers() {
    for (text, value) in [
        ("cuatro de células", "4"),
        ("uno de hígado", "1"),
        ("una unidad móvil", "1"),
        ("veinticinco voluntarios", "25"),
        ("ciento treinta y dos camas", "132"),
        ("dos mil médicos", "2000"),
        ("siete mil 500 pruebas", "7500"),
        ("novecientos noventa y nueve mil novecientos noventa y nueve casos", "999999"),
        ("tres millones de habitantes", "3000000"),
        ("veintiún mil personas", "21000"),
        ("ciento un mil votos", "101000"),
        ("cien mil árboles", "100000"),
        ("dos mil millones de pesos", "2000000000"),
        ("DOS MIL PERSONAS", "2000"),
    ] {
        assert_eq!(first(text, es()).value, d(value), "{text}");
    }
    // "y" between numbers that do not compose is a list, not a sum.
    assert_eq!(values("entre dos y siete años", es()), [d("2"), d("7")]);
    assert_eq!(values("entre dos mil y tres mil personas", es()), [d("2000"), d("3000")]);
    assert_eq!(values("treinta y dos", es()), [d("32")]);
    assert_eq!(values("veinte y treinta", es()), [d("20"), d("30")]);
}

#[test]
fn kinds_and_qualifiers() {
    check_first("más de 1.3 millones de atenciones", "1300000", Count, MoreThan);
    check_first("5 mil millones de pesos", "5000000000", Money, Exact);
    check_first("$33 millones 771 mil 755 pesos", "33771755", Money, Exact);
    check_first("$1,250.50 pesos", "1250.50", Money, Exact);
    check_first("$1, 250 millones 300 mil pesos", "1250300000", Money, Exact);
    check_first("$5 mil millones 200 mil 100 pesos", "5000200100", Money, Exact);
    check_first("con inversión de 110 mdp", "110000000", Money, Exact);
    check_first("cerca de cuatro mil toneladas", "4000", Count, About);
    check_first("alrededor de 300 empleados", "300", Count, About);
    check_first("aproximadamente 45 mil litros", "45000", Count, About);
    check_first("unos 300 asistentes", "300", Count, About);
    check_first("300 asistentes aproximadamente", "300", Count, Exact);
    check_first("fueron 300 aproximadamente", "300", Count, About);
    check_first("casi 60 por ciento", "60", Percent, About);
    check_first("menos de 10 por ciento", "10", Percent, LessThan);
    check_first("hasta 500 personas", "500", Count, UpTo);
    check_first("hasta un 30 por ciento", "30", Percent, UpTo);
    check_first("poco más de 60 empresas", "60", Count, MoreThan);
    check_first("al menos 20 escuelas", "20", Count, AtLeast);
    check_first("por lo menos 20 escuelas", "20", Count, AtLeast);
    check_first("133.4 por ciento de productividad", "133.4", Percent, Exact);
    check_first("el 25% de la meta", "25", Percent, Exact);
    check_first("un 12 % más", "12", Percent, Exact);
    check_first("ocho por ciento", "8", Percent, Exact);
    check_first("17 porciento de los casos", "17", Percent, Exact);
    check_first("61. 3 por ciento", "61.3", Percent, Exact);
    check_first("11. 3 millones de personas", "11300000", Count, Exact);
    check_first("2.5 puntos porcentuales", "2.5", Points, Exact);
    check_first("85 puntos", "85", Count, Exact);
    check_first("la 8va Jornada Nacional", "8", Ordinal, Exact);
    check_first("el 8° lugar nacional", "8", Ordinal, Exact);
    check_first("el 8º lugar", "8", Ordinal, Exact);
    check_first("la 1.ª edición", "1", Ordinal, Exact);
    check_first("el 3er informe", "3", Ordinal, Exact);
    check_first("la octava jornada", "8", Ordinal, Exact);
    check_first("la tercera Jornada", "3", Ordinal, Exact);
    check_first("el décimo segundo informe", "12", Ordinal, Exact);
    check_first("la vigésima primera edición", "21", Ordinal, Exact);
    check_first("temperaturas de 38°C", "38", Count, Exact);
    check_first("con caída de -3.2 por ciento", "-3.2", Percent, Exact);
    // "+15 por ciento" is a sign; "+52 55 1234 5678" is caught as a phone.
    check_first("con alza de +15 por ciento", "15", Percent, Exact);
}

#[test]
fn spans_units_and_granularity() {
    let text = "Realizó IMSS más de 193 mil atenciones médicas durante la jornada";
    let q = first(text, es());
    assert_eq!(&text[q.span.clone()], "193 mil");
    assert_eq!(&text[q.qualifier_span.clone().unwrap()], "más de");
    assert_eq!(&text[q.unit.clone().unwrap()], "atenciones médicas");
    assert_eq!(q.unit_head.as_deref(), Some("atenciones"));
    assert_eq!(q.granularity, d("1000"));
    assert_eq!(q.form, NumberForm::Mixed);

    let text = "con $33 millones 771 mil 755 pesos";
    let q = first(text, es());
    assert_eq!(&text[q.span.clone()], "$33 millones 771 mil 755");
    assert_eq!(q.unit_head.as_deref(), Some("pesos"));
    assert_eq!(q.granularity, Decimal::ONE);

    let text = "30 trasplantes de órganos, 12 de córneas";
    let qs = scan(text, es());
    assert_eq!(&text[qs[0].unit.clone().unwrap()], "trasplantes de órganos");
    assert_eq!(&text[qs[1].unit.clone().unwrap()], "córneas");
    assert_eq!(qs[1].unit_head.as_deref(), Some("corneas"));

    let text = "88 mil 145 Consultas de Medicina Familiar, 68 mil 499 detecciones";
    let qs = scan(text, es());
    assert_eq!(&text[qs[0].unit.clone().unwrap()], "Consultas de Medicina Familiar");

    let text = "llegó a 133.4 por ciento de productividad";
    let q = first(text, es());
    assert_eq!(&text[q.span.clone()], "133.4 por ciento");
    assert_eq!(q.granularity, d("0.1"));
    assert_eq!(&text[q.unit.clone().unwrap()], "productividad");

    for (text, gran) in [
        ("1.3 millones de atenciones", "100000"),
        ("193 mil 024 atenciones", "1"),
        ("medio millón de vacunas", "100000"),
        ("un millón y medio de personas", "500000"),
        ("5 mil millones de pesos", "1000000000"),
        ("dos mil médicos", "1000"),
    ] {
        assert_eq!(first(text, es()).granularity, d(gran), "{text}");
    }

    // A verb is not a unit.
    assert_eq!(first("40 cumplieron 20 años", es()).unit, None);
    assert_eq!(first("un millón 21 son mayores de edad", es()).unit, None);
}

#[test]
fn articles() {
    let q = first("una unidad móvil", es());
    assert!(q.article_like);
    assert_eq!(q.form, NumberForm::Words);
    assert_eq!(first("un total de 1 mil 804 beneficiarios", es()).value, d("1804"));
    assert!(!first("uno de hígado", es()).article_like);
    assert!(!first("un millón de personas", es()).article_like);
}

#[test]
fn not_figures() {
    for text in [
        "durante 2024 el Instituto",
        "en 2020",
        "para 2024",
        "de mayo de 2024",
        "el 3 de mayo",
        "el 30 de abril el H. Consejo",
        "el 1º de mayo",
        "del 3 al 5 de mayo",
        "los días 10,11 y 12 de octubre",
        "el 3, 4 y 5 de diciembre",
        "el martes 7 de julio",
        "el 31/12/2024",
        "el 31.12.2024",
        "a las 19:04 horas",
        "a las 10",
        "a las siete horas",
        "de 8 a las 14 horas",
        "al teléfono (661) 6149607",
        "llame al 55 1234 5678",
        "marque 800-123-4567",
        "al +52 55 1234 5678",
        "emergencias 9-1-1",
        "Hospital General Regional No. 220 en Toluca",
        "Hospital de Gineco Pediatría No. 3-A",
        "enfermó de COVID-19 y detonó",
        "el virus H1N1",
        "un rifle AK-47",
        "la Ruta 4 del transporte",
        "la UMF 64 de Tijuana",
        "el CMN Siglo XXI",
        "Boletín 45/2024",
        "No. 2__/2024",
        "los artículos 3 y 73 constitucionales",
        "el folio 018000253955",
        "código de acceso: 174768",
        "la Jurisdicción Sanitaria número cinco",
        "la música de los 60´s",
        "el Festival Cultural 2013",
        "este 2013 muchas familias",
        "Zacatecas 1808-1814",
        "construida en el siglo 18, y",
        "el próximo 28, que vence la prórroga",
        "las secciones 34 y 58 del SNTE",
        "a los teléfonos 925 3308 y 921 3225",
        "\n7. Exar Jesús Ríos",
    ] {
        let found: Vec<_> =
            scan(text, es()).into_iter().filter(|q| !q.article_like).map(|q| text[q.span].to_string()).collect();
        assert!(found.is_empty(), "{text:?} read {found:?}");
    }
    // Years become counts with a plural noun and no year context.
    assert_eq!(values("se contabilizaron 2024 casos", es()), [d("2024")]);
    assert_eq!(values("más de 2000 personas", es()), [d("2000")]);
    assert_eq!(values("2 mil 24 personas", es()), [d("2024")]);
}

#[test]
fn irregular_forms() {
    assert_eq!(values("llegaron 230 personas0 al evento", es()), [d("230")]);
    assert_eq!(
        read("11. 3 millones (38,7 por ciento) mujeres y 61. 3 por ciento", es()),
        [
            ("11. 3 millones".to_string(), d("11300000")),
            ("38,7 por ciento".to_string(), d("38.7")),
            ("61. 3 por ciento".to_string(), d("61.3")),
        ]
    );
    // Only an amount glues "1, 250"; in a list it stays two numbers.
    assert_eq!(values("entre 1, 250 y 300 casos", es()), [d("1"), d("250"), d("300")]);
    assert_eq!(values("1,2,3 por los valores", es()), [d("1"), d("2"), d("3")]);
    // A figure never spans a blank line; a soft line break is only a space.
    assert_eq!(values("fueron 30 mil\n\n500 personas", es()), [d("30000"), d("500")]);
    assert_eq!(values("fueron 256\nmil 349 personas", es()), [d("256349")]);
    // "30 mil 2024": a group after a multiplier is at most three digits.
    assert_eq!(values("fueron 30 mil 2024 fue difícil", es()), [d("30000")]);
    // Glued unit abbreviations.
    assert_eq!(first("corrieron 5km", es()).unit_head.as_deref(), Some("km"));
}

#[test]
fn ranges_and_lists() {
    let qs = scan("Los jóvenes de 12 a 17 años, 2 mil 300 en total", es());
    assert_eq!(qs.len(), 3);
    assert_eq!(qs[0].range, Some(RangeEnd::From));
    assert_eq!(qs[1].range, Some(RangeEnd::To));
    assert_eq!(qs[0].unit_head.as_deref(), Some("anos"));
    assert_eq!(qs[2].range, None);

    let qs = scan("desde 10 hasta 20 personas", es());
    assert_eq!(qs[1].qualifier, Qualifier::Exact);
    assert_eq!(qs[1].range, Some(RangeEnd::To));

    let qs = scan("les cuesta entre 12 y 14 mil pesos", es());
    assert_eq!((qs[0].value, qs[0].kind), (d("12000"), Money));
    let qs = scan("de 4 a 7 por ciento", es());
    assert_eq!((qs[0].value, qs[0].kind), (d("4"), Percent));
    let qs = scan("de 2 mil a 2 mil 300", es());
    assert_eq!((qs[0].value, qs[1].value), (d("2000"), d("2300")));
    let qs = scan("de 12-17 años", es());
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[0].range, Some(RangeEnd::From));

    let qs = scan("aumentaron 13.9 y 3.4 por ciento real", es());
    assert_eq!((qs[0].kind, qs[1].kind), (Percent, Percent));
    let qs = scan("de 5, 10 y 15 por ciento", es());
    assert!(qs.iter().all(|q| q.kind == Percent), "{qs:?}");
    let qs = scan("los premios de 10, 8 y 5 mil pesos", es());
    let got: Vec<_> = qs.iter().map(|q| (q.value, q.kind)).collect();
    assert_eq!(got, [(d("10000"), Money), (d("8000"), Money), (d("5000"), Money)]);
    let qs = scan("créditos por 256 y 251 millones de dólares", es());
    assert_eq!(qs[0].value, d("256000000"));
    // A counted list before a percentage stays counts.
    let qs = scan("fueron 13 renales y 12 por ciento", es());
    assert_eq!(qs[0].kind, Count);
}

#[test]
fn arithmetic_vector_sentences() {
    for (text, expected) in [
        (
            "Se realizaron 30 trasplantes de órganos, de los cuales fueron 13 renales, 12 de córneas, cuatro de células hematopoyéticas y uno de hígado.",
            &["30", "13", "12", "4", "1"][..],
        ),
        (
            "La instalación contempla 2 mil 549 casillas, de las cuales 1 mil 874 son básicas, 617 contiguas, 18 especiales y 40 extraordinarias.",
            &["2549", "1874", "617", "18", "40"],
        ),
        (
            "Se reconoció a 95 trabajadores, de los cuales 40 cumplieron 20 años de servicio; 30, 25 años; 15, 30 años, y 10, 35 años.",
            &["95", "40", "20", "30", "25", "15", "30", "10", "35"],
        ),
        (
            "La inversión suma 3 millones de pesos, de los cuales 1.4 millones son federales, 400 mil estatales, 500 mil municipales, 300 mil de la iniciativa privada y 400 mil de los beneficiarios.",
            &["3000000", "1400000", "400000", "500000", "300000", "400000"],
        ),
        (
            "Hay mil 69 internos, de los cuales 41, equivalentes a 3.83 por ciento, son mujeres y mil 28, que es 96.16 por ciento, hombres.",
            &["1069", "41", "3.83", "1028", "96.16"],
        ),
        ("Del total, los OOAD sumaron 178 mil 313 y las UMAE 14 mil 681.", &["178313", "14681"]),
        (
            "Se atendió a 1,250 de los 2,500 pacientes en lista de espera, es decir, el 50 por ciento.",
            &["1250", "2500", "50"],
        ),
        ("Durante la 8va Jornada Nacional se atendió a miles.", &["8"]),
    ] {
        let got = values(text, es());
        let want: Vec<Decimal> = expected.iter().map(|v| d(v)).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn english_pack() {
    let check = |text: &str, value: &str, kind: QuantityKind, qualifier: Qualifier| {
        let q = first(text, en());
        assert_eq!(
            (q.value, q.kind, q.qualifier),
            (d(value), kind, qualifier),
            "{text:?}: read {:?}",
            &text[q.span.clone()]
        );
    };
    check("one hundred twenty-five beds", "125", Count, Exact);
    check("one hundred and five beds", "105", Count, Exact);
    check("1.3 million visits", "1300000", Count, Exact);
    check("a million doses", "1000000", Count, Exact);
    check("two thousand five hundred tests", "2500", Count, Exact);
    check("25% of the goal", "25", Percent, Exact);
    check("25 percent of the goal", "25", Percent, Exact);
    check("more than 500 children", "500", Count, MoreThan);
    check("about 300 employees", "300", Count, About);
    check("nearly 60 percent", "60", Percent, About);
    check("at least 10 schools", "10", Count, AtLeast);
    check("up to 500 people", "500", Count, UpTo);
    check("1,250 patients", "1250", Count, Exact);
    check("2.5 percentage points", "2.5", Points, Exact);
    check("the 8th National Day", "8", Ordinal, Exact);
    check("the third day", "3", Ordinal, Exact);
    check("the twenty-first edition", "21", Ordinal, Exact);
    check("$1.5 billion", "1500000000", Money, Exact);
    check("500 dollars", "500", Money, Exact);
    let text = "193,024 medical consultations were given";
    let q = first(text, en());
    assert_eq!(&text[q.unit.clone().unwrap()], "medical consultations");
    assert_eq!(q.unit_head.as_deref(), Some("consultations"));
    assert_eq!(first("17 received a dose", en()).unit, None);
    for text in ["on May 3, 2024", "in 2020", "at 10 am", "Route 66", "COVID-19", "No. 220"] {
        let found = read(text, en());
        assert!(found.is_empty(), "{text:?} read {found:?}");
    }
}

#[test]
fn spain_style_lexicon() {
    let src = include_str!("../../rules/es/numbers.toml").replacen("decimal = \".\"", "decimal = \",\"", 1).replacen(
        "thousands = [\",\"]",
        "thousands = [\".\"]",
        1,
    );
    let lex = NumberLexicon::from_toml(&src).expect("es-ES variant loads");
    assert_eq!(first("1.250,5 toneladas", &lex).value, d("1250.5"));
    assert_eq!(first("3,5 millones de euros", &lex).value, d("3500000"));
    assert_eq!(first("1.300 kilogramos", &lex).value, d("1300"));
    assert_eq!(first("1,125 por ciento", &lex).value, d("1.125"));
    assert_eq!(first("1,300 kilogramos", &lex).value, d("1300"));
}

#[test]
fn scans_text_with_markup_leftovers_and_crlf() {
    let text = "**193 mil 024** atenciones\r\n\r\n- 30 trasplantes 🫀 y 12\u{a0}de córneas";
    let qs = scan(text, es());
    assert_eq!(qs.len(), 3);
    assert_eq!(&text[qs[2].unit.clone().unwrap()], "córneas");
}

// -------------------------------------------------------------------------------------------
// Properties
// -------------------------------------------------------------------------------------------

fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Scans `before{figure} casos` and checks it reads back as one quantity with that value and
/// a span covering exactly the figure.
fn round_trip(figure: &str, n: u64, lex: &NumberLexicon, before: &str, after: &str) -> Result<(), TestCaseError> {
    let text = format!("{before}{figure}{after}");
    let qs = scan(&text, lex);
    prop_assert_eq!(qs.len(), 1, "{:?} -> {:?}", text, qs);
    prop_assert_eq!(qs[0].value, Decimal::from(n), "{:?}", text);
    prop_assert_eq!(&text[qs[0].span.clone()], figure);
    Ok(())
}

/// 512 cases by default; `PROPTEST_CASES` raises it for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn digits_round_trip(n in 0u64..=1_000_000_000_000) {
        round_trip(&n.to_string(), n, es(), "se contabilizaron ", " casos")?;
        round_trip(&with_commas(n), n, es(), "se contabilizaron ", " casos")?;
        round_trip(&with_commas(n), n, en(), "they counted ", " cases")?;
    }

    #[test]
    fn mil_style_round_trip(n in 0u64..=1_000_000_000_000) {
        let v = Decimal::from(n);
        round_trip(&format_mixed(&v, es()), n, es(), "se contabilizaron ", " casos")?;
    }

    #[test]
    fn words_round_trip(n in 0u64..=1_000_000_000_000) {
        let v = Decimal::from(n);
        let es_words = format_words(&v, es()).expect("spelled");
        round_trip(&es_words, n, es(), "se contabilizaron ", " casos")?;
        let en_words = format_words(&v, en()).expect("spelled");
        round_trip(&en_words, n, en(), "they counted ", " cases")?;
    }

    #[test]
    fn small_words_round_trip(n in 0u64..=999_999) {
        let words = format_words(&Decimal::from(n), es()).expect("spelled");
        round_trip(&words, n, es(), "se contabilizaron ", " casos")?;
    }

    #[test]
    fn grouped_decimals_round_trip(int in 0u64..=999_999_999, cents in 0u32..100) {
        let v = Decimal::from(int) + Decimal::new(i64::from(cents), 2);
        let text = format!("con monto de ${}.{cents:02} pesos", with_commas(int));
        let q = first(&text, es());
        prop_assert_eq!(q.value, v);
        prop_assert_eq!(q.kind, Money);
    }

    #[test]
    fn never_panics_and_spans_are_sound(text in arbitrary_prose()) {
        check_invariants(&text, es())?;
        check_invariants(&text, en())?;
    }

    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        check_invariants(&text, es())?;
    }
}

fn check_invariants(text: &str, lex: &NumberLexicon) -> Result<(), TestCaseError> {
    let qs = scan(text, lex);
    let mut last_end = 0;
    for q in &qs {
        for span in [Some(&q.span), q.qualifier_span.as_ref(), q.unit.as_ref()].into_iter().flatten() {
            prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?}", span);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        prop_assert!(q.span.start < q.span.end);
        prop_assert!(q.span.start >= last_end, "overlap or disorder in {:?}", qs);
        last_end = q.span.end;
    }
    Ok(())
}

/// Strings made of the pieces figures are made of: digits, separators, number words,
/// qualifiers, odd spaces, accents, emoji.
fn arbitrary_prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,7}",
        Just(",".to_string()),
        Just(".".to_string()),
        Just(" ".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{202f}".to_string()),
        Just("\r\n".to_string()),
        Just("-".to_string()),
        Just("/".to_string()),
        Just(":".to_string()),
        Just("$".to_string()),
        Just("%".to_string()),
        Just("º".to_string()),
        Just("°".to_string()),
        Just("a\u{301}".to_string()),
        Just("🫀".to_string()),
        prop::sample::select(vec![
            "mil",
            "millones",
            "millón",
            "un",
            "una",
            "y",
            "medio",
            "de",
            "más",
            "por",
            "ciento",
            "puntos",
            "porcentuales",
            "mayo",
            "a",
            "las",
            "No.",
            "veinticinco",
            "ciento",
            "treinta",
            "octava",
            "décimo",
            "segundo",
            "va",
            "er",
            "pesos",
            "mdp",
            "hasta",
            "entre",
            "COVID",
            "hundred",
            "twenty",
            "million",
            "percent",
            "third",
            "casos",
            "Consultas",
            "Ñandú",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}
