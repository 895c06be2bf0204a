//! Every line of the shared figure vectors (`../shared/vectors/figures.tsv`, relative to the
//! crate root) must read as its expectation: the first figure of the phrase, with its value,
//! kind and qualifier; `not-a-figure` lines must produce no quantity covering that number.
//! Skips (with a message) when the shared folder is absent.

use std::path::Path;

use cuadra::numbers::{NumberLexicon, Qualifier, Quantity, QuantityKind, scan};
use rust_decimal::Decimal;

fn kind_name(k: QuantityKind) -> &'static str {
    match k {
        QuantityKind::Count => "count",
        QuantityKind::Percent => "percent",
        QuantityKind::Points => "points",
        QuantityKind::Ordinal => "ordinal",
        QuantityKind::Money => "money",
        _ => "other",
    }
}

fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::MoreThan => "more_than",
        Qualifier::LessThan => "less_than",
        Qualifier::About => "about",
        Qualifier::UpTo => "up_to",
        Qualifier::AtLeast => "at_least",
        _ => "other",
    }
}

/// Byte ranges where the digits of `value` occur as a whole number in `phrase`.
fn occurrences(phrase: &str, value: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = phrase.as_bytes();
    phrase
        .match_indices(value)
        .map(|(i, m)| i..i + m.len())
        .filter(|r| {
            let before = r.start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(r.end).copied();
            !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
        })
        .collect()
}

fn describe(q: &[Quantity], phrase: &str) -> String {
    q.iter()
        .map(|q| {
            format!("{:?}={} {} {}", &phrase[q.span.clone()], q.value, kind_name(q.kind), qualifier_name(q.qualifier))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn figures_tsv() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/figures.tsv");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let lex = NumberLexicon::spanish();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in data.lines() {
        if line.starts_with('#') || line.starts_with("phrase\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [phrase, value, kind, qualifier] = cols[..] else {
            failures.push(format!("malformed line: {line:?}"));
            continue;
        };
        checked += 1;
        let found = scan(phrase, lex);
        if kind == "not-a-figure" {
            let spots = occurrences(phrase, value);
            if spots.is_empty() {
                failures.push(format!("{phrase:?}: {value} does not occur in the phrase"));
            }
            let covered = found.iter().any(|q| spots.iter().any(|s| q.span.start < s.end && s.start < q.span.end));
            if covered {
                failures.push(format!("{phrase:?}: {value} should not be a figure, got {}", describe(&found, phrase)));
            }
            continue;
        }
        let expected: Decimal = match value.parse() {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{phrase:?}: bad value {value:?}: {e}"));
                continue;
            }
        };
        match found.first() {
            Some(q) if q.value == expected && kind_name(q.kind) == kind && qualifier_name(q.qualifier) == qualifier => {
            }
            _ => failures
                .push(format!("{phrase:?}: expected {value} {kind} {qualifier}, got [{}]", describe(&found, phrase))),
        }
    }
    assert!(checked > 0, "no vectors read from {}", path.display());
    assert!(failures.is_empty(), "{} of {checked} vectors fail:\n{}", failures.len(), failures.join("\n"));
}
