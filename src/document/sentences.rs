//! Sentence boundaries inside one block of prose.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (and any closing quotes or brackets after it)
//! when whitespace follows and the next word starts like a sentence: an upper-case letter,
//! `¿`, `¡`, an opening quote or a dash. Not after an abbreviation (`No.`, `Dr.`, `H.`),
//! and never inside a number (`1.3 millones`, `61. 3 por ciento`).

use std::ops::Range;

/// Abbreviations that end with a period without ending a sentence (lower-cased, no period).
const ABBREVIATIONS: &[&str] = &[
    "no", "núm", "num", "dr", "dra", "lic", "ing", "mtro", "mtra", "sr", "sra", "srta", "prof", "profa", "arq", "gral",
    "col", "av", "blvd", "cd", "edo", "fracc", "ext", "tel", "art", "fr", "pág", "págs", "vol", "cap", "dir", "depto",
    "mr", "mrs", "ms", "st", "jr", "vs", "approx", "a.c", "s.a", "c.p", "cp", "etc.", "sto", "sta",
];

/// Split `text` into sentence ranges (trimmed of surrounding whitespace).
#[must_use]
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut p = 0;
    let mut terminators = Terminators::new(text);
    while let Some((i, c)) = terminators.next(p) {
        // Swallow runs of terminators and closing punctuation: `?!`, `.»`, `.)`, `...`.
        let mut end = i + c.len_utf8();
        for d in text[end..].chars() {
            if matches!(d, '.' | '!' | '?' | '…' | '»' | '"' | '”' | '\'' | '’' | ')' | ']') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        p = end;
        let rest = &text[end..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() && !rest.is_empty() {
            continue; // no whitespace after: `1.3`, `imss.gob.mx`
        }
        let next = trimmed.chars().next();
        let starts_sentence = match next {
            None => true,
            Some(n) => n.is_uppercase() || matches!(n, '¿' | '¡' | '«' | '"' | '“' | '—' | '–' | '-' | '('),
        };
        if !starts_sentence || (c == '.' && is_abbreviation(&text[start..i])) {
            continue;
        }
        push(&mut out, text, start, end);
        start = end;
    }
    push(&mut out, text, start, text.len());
    out
}

/// Finds the terminators `.`, `!`, `?` and `…` of a text in order, with vectorised searches
/// (`…` is three bytes, searched apart and remembered until passed).
struct Terminators<'a> {
    text: &'a str,
    /// The next `…` at or after the last search position, if any (`None`: none left).
    ellipsis: Option<usize>,
}

impl<'a> Terminators<'a> {
    fn new(text: &'a str) -> Self {
        let ellipsis = memchr::memmem::find(text.as_bytes(), "…".as_bytes());
        Terminators { text, ellipsis }
    }

    /// The first terminator at or after byte `from`, with its position.
    fn next(&mut self, from: usize) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        if from > bytes.len() {
            return None;
        }
        if self.ellipsis.is_some_and(|e| e < from) {
            self.ellipsis = memchr::memmem::find(&bytes[from..], "…".as_bytes()).map(|e| e + from);
        }
        let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map(|i| i + from);
        match (ascii, self.ellipsis) {
            (Some(a), Some(e)) if e < a => Some((e, '…')),
            (Some(a), _) => Some((a, char::from(bytes[a]))),
            (None, Some(e)) => Some((e, '…')),
            (None, None) => None,
        }
    }
}

fn push(out: &mut Vec<Range<usize>>, text: &str, start: usize, end: usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push(start + lead..end - trail);
    }
}

/// Whether the word just before a period is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '«' || c == '"').next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    // A single letter is an initial: `H. Consejo`, `J. López`.
    if let (Some(first), None) = (chars.next(), chars.next()) {
        return first.is_alphabetic();
    }
    if word.is_ascii() {
        // The common case, without allocating a lower-case copy (the list is in lower case).
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) || word.contains('.');
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || lower.contains('.')
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_at_terminators_before_capitals() {
        assert_eq!(
            sentences("Se atendió a 1.3 millones. Del total, 30 fueron niños. ¿Y luego? Nada."),
            vec!["Se atendió a 1.3 millones.", "Del total, 30 fueron niños.", "¿Y luego?", "Nada."]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences("El HGR No. 220 y el H. Consejo Técnico del IMSS aprobó 61. 3 por ciento."),
            vec!["El HGR No. 220 y el H. Consejo Técnico del IMSS aprobó 61. 3 por ciento."]
        );
    }

    #[test]
    fn ellipses_exclamations_and_abbreviations() {
        assert_eq!(
            sentences("Llegó… Luego ¡no! Sí?! «Bien.» Etc. Dr. López. ETC. Fin… ¿a?"),
            vec!["Llegó…", "Luego ¡no!", "Sí?!", "«Bien.»", "Etc.", "Dr. López.", "ETC.", "Fin…", "¿a?"]
        );
        assert_eq!(sentences("NÚM. 3 y Núm. Tres. Sra. Pérez"), vec!["NÚM. 3 y Núm. Tres.", "Sra. Pérez"]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(sentences("Dijo: «Basta.» Luego se fue."), vec!["Dijo: «Basta.»", "Luego se fue."]);
    }
}
