//! Recognising `http://` / `https://` at the start of a string, including the ways people
//! misspell it (`http//`, `http:/x`, `htps://`, `htttp://`, `https;//`, `http: //`,
//! `http:\\`, `http/host.mx`).
//!
//! Shared by the prose finder and the target checks so both agree on what a misspelled
//! scheme is. Only ASCII is inspected, so every returned offset is a char boundary.

/// The scheme a written prefix stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub(crate) const fn prefix(self) -> &'static str {
        match self {
            Self::Http => "http://",
            Self::Https => "https://",
        }
    }
}

/// An http-like scheme recognised at the start of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SchemeMatch {
    /// Byte length of the scheme word plus separator as written (`htps://` → 7).
    pub len: usize,
    /// Byte offset of the first slash (or backslash) of the separator.
    pub slashes_at: usize,
    /// The scheme the writer meant.
    pub scheme: Scheme,
    /// `true` when written exactly `http://` or `https://` (any letter case).
    pub well_formed: bool,
}

/// The longest scheme word considered (`htttps`).
const MAX_WORD: usize = 6;

/// Recognise an http-like scheme at the start of `s`.
///
/// Returns `None` when `s` does not start with one: other schemes (`ftp://`, `mailto:`), words
/// that merely resemble it without a slash (`http:` alone, `https`), or `http/2`.
pub(crate) fn parse_http_scheme(s: &str) -> Option<SchemeMatch> {
    let bytes = s.as_bytes();
    let word_len = bytes.iter().take(MAX_WORD + 1).take_while(|b| b.is_ascii_alphabetic()).count();
    if !(3..=MAX_WORD).contains(&word_len) {
        return None;
    }
    let mut word = [0u8; MAX_WORD];
    for (dst, src) in word.iter_mut().zip(&bytes[..word_len]) {
        *dst = src.to_ascii_lowercase();
    }
    let word = &word[..word_len];
    let (scheme, word_ok) = classify_word(word)?;

    // Separator: up to two of `:;.,`, then (only after punctuation) one space, then 1–3
    // slashes or backslashes.
    let mut i = word_len;
    let punct_start = i;
    while i < bytes.len() && i - punct_start < 2 && matches!(bytes[i], b':' | b';' | b'.' | b',') {
        i += 1;
    }
    let punct = &bytes[punct_start..i];
    let mut spaced = false;
    if !punct.is_empty() && bytes.get(i) == Some(&b' ') {
        spaced = true;
        i += 1;
    }
    let slashes_at = i;
    while i < bytes.len() && i - slashes_at < 3 && matches!(bytes[i], b'/' | b'\\') {
        i += 1;
    }
    let slashes = &bytes[slashes_at..i];
    if slashes.is_empty() || bytes.get(i).is_some_and(|b| matches!(b, b'/' | b'\\')) {
        return None;
    }
    let well_formed = word_ok && punct == b":" && !spaced && slashes == b"//";
    if !well_formed {
        // Something must follow that can start a host, or this is prose about the protocol.
        let rest = &s[i..];
        if !rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        // `http/…` with neither colon nor a second slash is only a URL when a dotted host
        // follows (`http/transparencia.zacatecas.gob.mx`), not in `HTTP/2` or `http/https`.
        if punct.is_empty() && slashes.len() == 1 && !starts_with_dotted_host(rest) {
            return None;
        }
    }
    Some(SchemeMatch { len: i, slashes_at, scheme, well_formed })
}

/// Classify a lower-case scheme word: exact `http`/`https`, or one edit away from either
/// (a misspelling), starting with `h` or `t` (`ttps` lost its `h`). Ties go to `https`.
fn classify_word(word: &[u8]) -> Option<(Scheme, bool)> {
    match word {
        b"http" => return Some((Scheme::Http, true)),
        b"https" => return Some((Scheme::Https, true)),
        _ => {}
    }
    if !matches!(word.first(), Some(b'h' | b't')) {
        return None;
    }
    if within_one_edit(word, b"https") {
        Some((Scheme::Https, false))
    } else if within_one_edit(word, b"http") {
        Some((Scheme::Http, false))
    } else {
        None
    }
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of adjacent bytes (optimal string alignment distance ≤ 1).
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diffs.as_slice() {
                [] | [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[prefix..] == long[prefix + 1..]
        }
        _ => false,
    }
}

/// Whether `s` starts with `label.label…` (ASCII letters, digits, hyphens) — a host name.
fn starts_with_dotted_host(s: &str) -> bool {
    let host: &str = s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')).next().unwrap_or("");
    let mut labels = host.trim_end_matches('.').split('.');
    let first_ok = labels.next().is_some_and(|l| !l.is_empty());
    let rest: Vec<&str> = labels.collect();
    first_ok
        && !rest.is_empty()
        && rest.iter().all(|l| !l.is_empty())
        && rest.last().is_some_and(|l| l.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<(usize, Scheme, bool)> {
        parse_http_scheme(s).map(|m| (m.len, m.scheme, m.well_formed))
    }

    #[test]
    fn well_formed_schemes() {
        assert_eq!(parse("https://imss.gob.mx"), Some((8, Scheme::Https, true)));
        assert_eq!(parse("http://imss.gob.mx"), Some((7, Scheme::Http, true)));
        assert_eq!(parse("HTTPS://IMSS.GOB.MX"), Some((8, Scheme::Https, true)));
    }

    #[test]
    fn misspelled_schemes() {
        for (text, len, scheme) in [
            ("http//imss.gob.mx", 6, Scheme::Http),
            ("http:/imss.gob.mx", 6, Scheme::Http),
            ("htps://imss.gob.mx", 7, Scheme::Https),
            ("htttp://imss.gob.mx", 8, Scheme::Http),
            ("https;//imss.gob.mx", 8, Scheme::Https),
            ("http: //imss.gob.mx", 8, Scheme::Http),
            ("http:\\\\imss.gob.mx", 7, Scheme::Http),
            ("http:///imss.gob.mx", 8, Scheme::Http),
            ("hhtp://imss.gob.mx", 7, Scheme::Http),
            ("ttps://imss.gob.mx", 7, Scheme::Https),
            ("httsp://imss.gob.mx", 8, Scheme::Https),
            ("http/transparencia.zacatecas.gob.mx", 5, Scheme::Http),
        ] {
            assert_eq!(parse(text), Some((len, scheme, false)), "{text}");
        }
    }

    #[test]
    fn not_schemes() {
        for text in [
            "ftp://files.example.org",
            "mailto:prensa@imss.gob.mx",
            "http:",
            "https",
            "HTTP/2",
            "http/https",
            "hxxp://malo.com",
            "html/index",
            "http:////x",
            "httpsss://x.com",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"htps", b"https"));
        assert!(within_one_edit(b"htttp", b"http"));
        assert!(within_one_edit(b"htpt", b"http"));
        assert!(!within_one_edit(b"htm", b"http"));
        assert!(!within_one_edit(b"ftp", b"http"));
    }
}
