//! The date reader and checks on whole documents: the two seed bulletins (whose dates are
//! consistent: no problem may be reported) and the corpus of real Spanish news texts in
//! `../shared/corpus/real/` (every weekday mismatch reported there must be real; the test
//! prints them with their context for a human to check, and skips when the corpus is absent).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use cuadra::dates::{Calendar, CheckOptions, Date, DateProblem, check_with, scan};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The prose blocks of a Markdown text: paragraphs, headings, list items and table cells,
/// without code, HTML or image descriptions; soft and hard breaks become line breaks.
fn prose_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut skip = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                skip = skip.saturating_sub(1);
            }
            Event::Text(text) if skip == 0 => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak if skip == 0 => current.push('\n'),
            Event::Code(_) if skip == 0 => current.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                if !current.trim().is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        blocks.push(current);
    }
    blocks
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

#[test]
fn the_seed_bulletins_have_no_date_problem() {
    let seeds = shared().join("seeds");
    let Ok(entries) = fs::read_dir(&seeds) else {
        eprintln!("skipped: {} is absent", seeds.display());
        return;
    };
    let mut seen = 0;
    for entry in entries.flatten() {
        let text = fs::read_to_string(entry.path()).expect("seed is UTF-8");
        let blocks = prose_blocks(&text);
        let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
        let facts = scan(&refs, Calendar::spanish());
        // The seeds mention dates (`Del 3 al 5 de mayo`, `el pasado 30 de abril`) and one
        // has an unfilled dateline and bulletin number.
        assert!(!facts.mentions.is_empty(), "{}", entry.path().display());
        for default_year in [None, Some(2024)] {
            let options = CheckOptions { document_date: None, default_year };
            let problems = check_with(&facts, &options);
            assert!(problems.is_empty(), "{}: {problems:#?}", entry.path().display());
        }
        seen += 1;
    }
    assert_eq!(seen, 2, "both seeds are read");
}

#[test]
fn the_seed_with_an_unfilled_dateline_is_read() {
    let path = shared().join("seeds/003_b54c2382bcf6bae4.txt");
    let Ok(text) = fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let blocks = prose_blocks(&text);
    let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
    let facts = scan(&refs, Calendar::spanish());
    let dateline = facts.dateline.expect("dateline");
    assert_eq!(dateline.place, "Ciudad de México");
    assert_eq!((dateline.day, dateline.month, dateline.year), (None, 5, Some(2024)));
    let bulletin = facts.bulletin.expect("bulletin number");
    assert_eq!((bulletin.number.as_str(), bulletin.year), ("2__", Some(2024)));
}

/// The corpus manifest: file name → publication date.
fn manifest_dates(dir: &Path) -> BTreeMap<String, Date> {
    let Ok(manifest) = fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        return BTreeMap::new();
    };
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let date = fields.get(4)?.parse::<Date>().ok()?;
            Some(((*fields.first()?).to_owned(), date))
        })
        .collect()
}

/// A line of context around a span, for the printout.
fn context(block: &str, range: std::ops::Range<usize>) -> String {
    let floor = |mut i: usize| {
        while !block.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while i < block.len() && !block.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let start = floor(range.start.saturating_sub(90));
    let end = ceil((range.end + 90).min(block.len()));
    format!("…{}[[{}]]{}…", &block[start..range.start], &block[range.clone()], &block[range.end..end])
        .replace('\n', " ")
}

/// Weekday mismatches that were checked by hand in the corpus and are real errors of the
/// published texts (file, the date as written, and why). The test fails if the reader reports
/// any other, so a new false positive cannot slip in unnoticed. The year is the publication
/// date's (MANIFEST.tsv) unless the text or its dateline says otherwise.
const VERIFIED_MISMATCHES: &[(&str, &str)] = &[
    // Dateline Tuesday 29 Dec 2020; the 31st was a Thursday.
    ("0272.md", "miércoles 31 de diciembre"),
    // Dateline Monday 18 Jan 2021: "martes 20, sábado 23 y domingo 24"; the 20th was a Wednesday.
    ("0331.md", "martes 20"),
    // Festival Cultural Zacatecas 2013, published Thursday 4 April: the month is wrong.
    ("0484.md", "jueves 4 de marzo"),
    // Published 18 June 2013; 1 July 2013 was a Monday (the only one not certain: the
    // text gives no year and 1 July 2012 was a Sunday).
    ("2692.md", "domingo primero de julio"),
    // 2013 forum on the education reform; 21 May 2013 was a Tuesday.
    ("2751.md", "viernes 21 de mayo"),
    // Published Wednesday 3 July 2013 ("este miércoles 3"): June is a slip for July.
    ("3065.md", "miércoles 3 de junio"),
    // PREP count of the 7 July 2013 election "del 8 de julio" earlier: August is a slip.
    ("3222.md", "lunes 8 de agosto"),
    // Published Wednesday 10 July 2013, school year 2013-2014; the 10th was a Wednesday.
    ("3265.md", "martes 10 de julio"),
    // Same agenda: "jueves 8 de agosto", "viernes 9 de agosto" (2013); the 7th was a Wednesday.
    ("3996.md", "viernes 7 de agosto"),
    // Same agenda: "viernes 16 de agosto" (2013); the 15th was a Thursday.
    ("4122.md", "viernes 15 de agosto"),
    // Feria del Libro 2013, published 25 Aug 2013; the 23rd was a Friday.
    ("4445.md", "sábado 23"),
    // Peña Nieto's first informe (2013) was on Monday 2 September; the 5th was a Thursday.
    ("4948.md", "lunes 5 de septiembre"),
    // Published Friday 27 Sept 2013; the 26th was a Thursday.
    ("5491.md", "miércoles 26 de septiembre"),
    // The Naucalpan-Toluca bus crash was on Friday 4 October 2013: September is a slip.
    ("5924.md", "viernes 4 de septiembre"),
    // "las cinco fechas programadas para el 2013"; 24 Nov 2013 was a Sunday.
    ("7204.md", "sábado 24 de noviembre"),
    // Published Tuesday 3 Dec 2013; the 2nd was a Monday.
    ("7574.md", "martes 2 de diciembre"),
    // Same text: "este domingo 16", "el próximo miércoles 19" (Feb 2014); the 17th was a Monday.
    ("9759.md", "domingo 17"),
    // Published Friday 21 Feb 2014; the 21st was a Friday (two reprints of one bulletin).
    ("9933.md", "sábado 21 de febrero"),
    ("9941.md", "sábado 21 de febrero"),
];

#[test]
fn corpus_weekday_mismatches_are_real() {
    let dir = shared().join("corpus/real");
    let Ok(entries) = fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let dates = manifest_dates(&dir);
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    files.sort();
    let cal = Calendar::spanish();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut mismatches = Vec::new();
    // Dates read, dates with a weekday, datelines.
    let mut read = (0usize, 0usize, 0usize);
    for path in &files {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        let blocks = prose_blocks(&text);
        let refs: Vec<&str> = blocks.iter().map(String::as_str).collect();
        let facts = scan(&refs, cal);
        read.0 += facts.mentions.len();
        read.1 += facts.mentions.iter().filter(|m| m.weekday.is_some()).count();
        read.2 += usize::from(facts.dateline.is_some());
        let options = CheckOptions { document_date: dates.get(&name).copied(), default_year: None };
        for problem in check_with(&facts, &options) {
            *counts.entry(problem.rule_id()).or_default() += 1;
            let rendered = problem.describe(cal, &refs);
            let span = problem.primary_span();
            let block = refs[span.block];
            println!(
                "{name} {}: {}{}\n    {}",
                problem.rule_id(),
                rendered.message,
                rendered.note.map(|n| format!(" ({n})")).unwrap_or_default(),
                context(block, span.range.clone())
            );
            if let DateProblem::WeekdayMismatch { date_span, .. } = &problem {
                let written = refs[date_span.block][date_span.range.clone()].to_owned();
                mismatches.push((name.clone(), written));
            }
        }
    }
    println!(
        "{} files; {} dates read, {} with a weekday, {} datelines; problems by rule: {counts:?}",
        files.len(),
        read.0,
        read.1,
        read.2
    );
    println!("weekday mismatches: {}", mismatches.len());
    for (file, written) in &mismatches {
        assert!(
            VERIFIED_MISMATCHES.iter().any(|(f, w)| f == file && w == written),
            "unverified weekday mismatch in {file}: «{written}»"
        );
    }
}
