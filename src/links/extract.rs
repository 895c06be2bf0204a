//! Finding link targets the Markdown parser does not see: bare URLs in prose (well-formed or
//! misspelled) and `href`/`src` values in raw HTML.
//!
//! Bare URLs follow the GFM autolink-extension rules, adapted to Spanish prose:
//! - a URL starts with `http://`, `https://` or `www.` at a word boundary;
//! - it runs to whitespace (any Unicode space, including U+00A0), a control character, or one
//!   of `< > " « » “ ” ‘ \` | [ ]`;
//! - trailing `. , ; : ! ? ' ’ * _ ~ \ …` are not part of it, a trailing `&entity;` neither,
//!   and a trailing `)` only when the URL has more `)` than `(` (so
//!   `(ver https://es.wikipedia.org/wiki/Foo_(bar)).` keeps `Foo_(bar)`).
//!
//! Would-be URLs that are broken are found too, so they can be reported: misspelled schemes
//! (`http//`, `htps://`, `https;//`, see [`super::scheme`]), a host split by a stray space
//! (`www.imss. gob.mx`, `www. ljz.mx`), and a Markdown destination that failed to parse because
//! it contains spaces (`![](http://ljz.mx/fotos/p8 prosoft.jpg)`, which CommonMark leaves as
//! text): the span then covers the whole intended URL, spaces included. Pass each span to
//! [`super::check_target`] to learn what is wrong with it.
//!
//! Invariant: spans lie on char boundaries; candidates are found with `memchr` on the bytes
//! `/`, `\` and `.`, so the cost on prose without URLs is one SIMD scan.

use std::ops::Range;

use memchr::{memchr, memchr3_iter, memmem};

use super::policy::LinkPolicy;
use super::scheme::parse_http_scheme;

/// Find bare URLs (and malformed would-be URLs) in prose, using the built-in TLD hints.
///
/// ```
/// use cuadra::links::find_bare_urls;
/// let text = "Consulte «https://imss.gob.mx/prensa». (ver www.gob.mx/imss).";
/// let urls: Vec<&str> = find_bare_urls(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(urls, ["https://imss.gob.mx/prensa", "www.gob.mx/imss"]);
/// ```
#[must_use]
pub fn find_bare_urls(text: &str) -> Vec<Range<usize>> {
    find_bare_urls_with(text, LinkPolicy::builtin())
}

/// [`find_bare_urls`] with the TLD hints of a given policy.
#[must_use]
pub fn find_bare_urls_with(text: &str, policy: &LinkPolicy) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut resume = 0;
    for pos in memchr3_iter(b'/', b'\\', b'.', bytes) {
        if pos < resume {
            continue;
        }
        let Some(candidate) = candidate_at(text, pos) else {
            continue;
        };
        if candidate.start < resume {
            continue;
        }
        if let Some(end) = scan_url(text, &candidate, policy) {
            found.push(candidate.start..end);
            resume = end;
        }
    }
    found
}

/// The start of a possible URL and the offset where its host should begin.
struct Candidate {
    start: usize,
    body: usize,
}

/// Recognise a URL prefix whose anchor byte (`.` of `www.`, first slash of `://`) is at `pos`.
fn candidate_at(text: &str, pos: usize) -> Option<Candidate> {
    let bytes = text.as_bytes();
    if bytes[pos] == b'.' {
        let start = pos.checked_sub(3)?;
        // Also glued to a previous word (`portalwww.consulta.mx`), but not inside `wwww.`.
        let glued = start > 0 && bytes[start - 1].is_ascii_alphabetic() && (bytes[start - 1] | 0x20) != b'w';
        return (bytes[start..pos].eq_ignore_ascii_case(b"www") && (glued || boundary_before(text, start)))
            .then_some(Candidate { start, body: pos + 1 });
    }
    if pos > 0 && matches!(bytes[pos - 1], b'/' | b'\\') {
        return None; // Only the first slash of a run anchors a scheme.
    }
    // Walk back over `[:;.,]{0,2} ?` and the scheme word.
    let mut j = pos;
    if j > 0 && bytes[j - 1] == b' ' {
        j -= 1;
    }
    let mut punct = 0;
    while punct < 2 && j > 0 && matches!(bytes[j - 1], b':' | b';' | b'.' | b',') {
        j -= 1;
        punct += 1;
    }
    let word_end = j;
    while j > 0 && word_end - j <= 6 && bytes[j - 1].is_ascii_alphabetic() {
        j -= 1;
    }
    if j == word_end {
        return None;
    }
    if boundary_before(text, j) {
        if let Some(scheme) = parse_http_scheme(&text[j..]) {
            if j + scheme.slashes_at == pos {
                return Some(Candidate { start: j, body: j + scheme.len });
            }
        }
    }
    // Glued to the previous word or sentence (`internethttp://smn.conagua.gob.mx`,
    // `página.https://…`): only an exact, well-formed scheme, so ordinary words never start a
    // misspelled one.
    [5, 4].into_iter().find_map(|len| {
        let start = word_end.checked_sub(len).filter(|&s| s >= j)?;
        let scheme = parse_http_scheme(&text[start..])?;
        (scheme.well_formed && start + scheme.slashes_at == pos)
            .then_some(Candidate { start, body: start + scheme.len })
    })
}

/// Whether a URL may start at `i`: start of text, or after a character that cannot be part of
/// a word or of a larger URL or e-mail address.
fn boundary_before(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_none_or(|c| {
        !(c.is_alphanumeric() || matches!(c, '.' | '@' | '-' | '/' | '\\' | '%' | '&' | '=' | '?' | '#' | '+'))
    })
}

/// Scan the rest of a URL after its prefix. Returns the end of the URL, or `None` when no host
/// follows the prefix.
fn scan_url(text: &str, candidate: &Candidate, policy: &LinkPolicy) -> Option<usize> {
    let mut host_start = candidate.body;
    // A stray space right after the prefix: `www. ljz.mx`, `https:// www.imss.gob.mx`.
    if let Some(space) = char_at(text, host_start).filter(|&c| is_inline_space(c)) {
        let after = host_start + space.len_utf8();
        domain_after_prefix(text, after, policy)?;
        host_start = after;
    }
    if !char_at(text, host_start).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let mut raw_end = scan_chars(text, host_start);
    if text[..candidate.start].ends_with("](") {
        // A Markdown destination ends at its first unbalanced `)` (`](http://x/a)de` in a
        // source that was not parsed as Markdown).
        raw_end = first_unbalanced_paren(text, host_start, raw_end);
    }
    let host_end = text[host_start..raw_end].find(['/', '?', '#']).map_or(raw_end, |i| host_start + i);
    // A host split by a stray space: `www.imss. gob.mx`, `www.imss .gob.mx`.
    if host_end == raw_end {
        if let Some(continued) = host_continuation(text, host_start, raw_end, policy) {
            raw_end = scan_chars(text, continued);
        }
    }
    let mut end = trim_trailing(text, candidate.start, host_start, raw_end);
    if end <= host_start {
        return None;
    }
    if let Some(dest_end) = broken_destination_end(text, candidate.start, raw_end) {
        end = dest_end;
    }
    Some(end)
}

/// The offset of the first `)` in `from..to` with no matching `(` before it, or `to`.
fn first_unbalanced_paren(text: &str, from: usize, to: usize) -> usize {
    let mut depth = 0usize;
    for (i, b) in text.as_bytes()[from..to].iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return from + i,
            b')' => depth -= 1,
            _ => {}
        }
    }
    to
}

/// The char at byte `i`, if `i` is inside `text` and on a boundary.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// A space that may separate words within a line (not a line break).
fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// Characters that end a URL in prose.
fn is_terminator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '<' | '>'
                | '"'
                | '«'
                | '»'
                | '“'
                | '”'
                | '„'
                | '‘'
                | '`'
                | '|'
                | '['
                | ']'
                | '\u{200B}'
                | '\u{FEFF}'
                | '\u{FFFD}'
        )
}

/// The first terminator at or after `from`, or the end of the text.
fn scan_chars(text: &str, from: usize) -> usize {
    text[from..].char_indices().find(|&(_, c)| is_terminator(c)).map_or(text.len(), |(i, _)| from + i)
}

/// Drop trailing punctuation from `start..raw_end` (never below `host_start`).
fn trim_trailing(text: &str, start: usize, host_start: usize, raw_end: usize) -> usize {
    let url = &text[start..raw_end];
    let mut opens = url.bytes().filter(|&b| b == b'(').count();
    let mut closes = url.bytes().filter(|&b| b == b')').count();
    let mut end = raw_end;
    while end > host_start {
        let Some(c) = text[..end].chars().next_back() else {
            break;
        };
        match c {
            '.' | ',' | ':' | '!' | '?' | '\'' | '’' | '*' | '_' | '~' | '\\' | '…' | '¡' | '¿' => {
                end -= c.len_utf8();
            }
            ';' => {
                end -= 1;
                // `…&amp;` is an HTML entity after the URL, not part of it.
                let before = &text[host_start..end];
                if let Some(amp) = before.rfind('&') {
                    let name = &before[amp + 1..];
                    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        end = host_start + amp;
                    }
                }
            }
            ')' if closes > opens => {
                end -= 1;
                closes -= 1;
            }
            '(' => {
                // An unmatched `(` at the very end is punctuation too.
                end -= 1;
                opens -= 1;
            }
            _ => break,
        }
    }
    end
}

/// After a prefix followed by a space (`www. ljz.mx`): the end of a lower-case domain with at
/// least two labels and a known TLD, or `None`.
fn domain_after_prefix(text: &str, from: usize, policy: &LinkPolicy) -> Option<usize> {
    let (labels, end) = domain_labels(text, from)?;
    (labels.len() >= 2 && labels.last().is_some_and(|l| policy.is_tld(l))).then_some(end)
}

/// A host that ended at a stray space, continued: `www.imss. gob.mx` or `www.imss .gob.mx`.
/// Returns the end of the continuation when the text after the space is made only of domain
/// suffix labels ending in a TLD, and the host before it is not already complete (if it ends
/// in a TLD, the space is a sentence break: `www.imss.gob.mx. com`…).
fn host_continuation(text: &str, host_start: usize, raw_end: usize, policy: &LinkPolicy) -> Option<usize> {
    let host = &text[host_start..raw_end];
    let space = char_at(text, raw_end).filter(|&c| is_inline_space(c))?;
    let mut from = raw_end + space.len_utf8();
    if !host.ends_with('.') {
        // `www.imss .gob.mx`: the dot comes after the space.
        if char_at(text, from) != Some('.') {
            return None;
        }
        from += 1;
    }
    let before = host.trim_end_matches('.');
    if before.is_empty()
        || before.ends_with('.')
        || !before.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
        || before.rsplit('.').next().is_some_and(|last| policy.is_tld(last))
    {
        return None;
    }
    let (labels, end) = domain_labels(text, from)?;
    let suffix_only = labels.iter().all(|l| policy.is_domain_suffix_label(l));
    (suffix_only && labels.last().is_some_and(|l| policy.is_tld(l))).then_some(end)
}

/// Lower-case ASCII domain labels starting at `from` (`gob.mx`), followed by a boundary.
/// A final dot (end of sentence) is not included. Returns the labels and their end.
fn domain_labels(text: &str, from: usize) -> Option<(Vec<&str>, usize)> {
    let rest = text.get(from..)?;
    let len =
        rest.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'.').count();
    let domain = rest[..len].trim_end_matches('.');
    // The domain must end at a boundary, not inside a word (`gob.mxico`, `com_x`).
    let after = rest[domain.len()..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '@')) {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if domain.is_empty() || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some((labels, from + domain.len()))
}

/// A URL that starts a Markdown destination (`](http://…`) and stopped at a space: CommonMark
/// rejected the link because the destination has spaces. Returns the end of the intended URL
/// (before the closing parenthesis on the same line), or `None`.
fn broken_destination_end(text: &str, start: usize, raw_end: usize) -> Option<usize> {
    if !text[..start].ends_with("](") {
        return None;
    }
    let rest = &text[raw_end..];
    if !rest.chars().next().is_some_and(is_inline_space) {
        return None;
    }
    let line = &rest[..memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
    let close = memchr(b')', line.as_bytes())?;
    let inner = &line[..close];
    // A title (`"…"`, `'…'`, `(…)`) means the parser had other reasons; a terminator means this
    // is not one URL.
    if inner.trim().is_empty()
        || inner.chars().any(|c| matches!(c, '\'' | '(') || (is_terminator(c) && !is_inline_space(c)))
    {
        return None;
    }
    Some(raw_end + inner.trim_end_matches(is_inline_space).len())
}

/// Find the values of `href` and `src` attributes in raw HTML. Spans cover the value only
/// (without quotes); an empty value gives an empty span, so `href=""` can be reported as an
/// empty link. Comments (`<!-- … -->`) are skipped.
///
/// ```
/// use cuadra::links::find_html_links;
/// let html = r#"<a class='x' HREF="https://imss.gob.mx">IMSS</a><img src=foto.jpg>"#;
/// let values: Vec<&str> = find_html_links(html).into_iter().map(|r| &html[r]).collect();
/// assert_eq!(values, ["https://imss.gob.mx", "foto.jpg"]);
/// ```
#[must_use]
pub fn find_html_links(html: &str) -> Vec<Range<usize>> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let lt = i + offset;
        if bytes[lt + 1..].starts_with(b"!--") {
            i = memmem::find(&bytes[lt + 4..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3);
            continue;
        }
        if !bytes.get(lt + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        i = scan_tag(bytes, lt + 1, &mut found);
    }
    found
}

/// Scan one tag's attributes from just after `<`; push link values; return where to resume.
fn scan_tag(bytes: &[u8], from: usize, found: &mut Vec<Range<usize>>) -> usize {
    let len = bytes.len();
    let mut j = from;
    while j < len && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b':')) {
        j += 1;
    }
    loop {
        while j < len && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
            j += 1;
        }
        match bytes.get(j) {
            None => return len,
            Some(b'>') => return j + 1,
            Some(b'<') => return j, // Unclosed tag: the next one starts here.
            Some(_) => {}
        }
        let name_start = j;
        while j < len && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'=' | b'>' | b'<') {
            j += 1;
        }
        let name = &bytes[name_start..j];
        if name.is_empty() {
            j += 1; // A stray `=`.
            continue;
        }
        let mut k = j;
        while k < len && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if bytes.get(k) != Some(&b'=') {
            continue; // Attribute without a value.
        }
        k += 1;
        while k < len && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        let value = match bytes.get(k) {
            Some(&quote @ (b'"' | b'\'')) => {
                let Some(close) = memchr(quote, &bytes[k + 1..]) else {
                    return len; // Unterminated quote: nothing after it is reliable.
                };
                j = k + 1 + close + 1;
                k + 1..k + 1 + close
            }
            _ => {
                let mut e = k;
                while e < len && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                    e += 1;
                }
                j = e;
                k..e
            }
        };
        if name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src") {
            found.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_bare_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_url() {
        assert_eq!(urls("Visite https://imss.gob.mx."), ["https://imss.gob.mx"]);
        assert_eq!(urls("en www.imss.gob.mx, y"), ["www.imss.gob.mx"]);
        assert_eq!(urls("«https://imss.gob.mx/prensa»."), ["https://imss.gob.mx/prensa"]);
        assert_eq!(urls("“https://imss.gob.mx/prensa”;"), ["https://imss.gob.mx/prensa"]);
        assert_eq!(urls("\"https://imss.gob.mx\"!"), ["https://imss.gob.mx"]);
        assert_eq!(urls("'https://imss.gob.mx'?"), ["https://imss.gob.mx"]);
        assert_eq!(urls("¿Ya vio https://imss.gob.mx?"), ["https://imss.gob.mx"]);
        assert_eq!(urls("ver: https://imss.gob.mx:"), ["https://imss.gob.mx"]);
        assert_eq!(urls("**https://imss.gob.mx**."), ["https://imss.gob.mx"]);
        assert_eq!(urls("https://imss.gob.mx…"), ["https://imss.gob.mx"]);
        assert_eq!(urls("x https://a.mx/?a=1&amp; y"), ["https://a.mx/?a=1"]);
    }

    #[test]
    fn parentheses_follow_the_gfm_rule() {
        assert_eq!(urls("(ver https://es.wikipedia.org/wiki/Foo_(bar))."), ["https://es.wikipedia.org/wiki/Foo_(bar)"]);
        assert_eq!(urls("(ver www.gob.mx/imss)."), ["www.gob.mx/imss"]);
        assert_eq!(urls("(https://a.mx/x_(y)_(z))"), ["https://a.mx/x_(y)_(z)"]);
    }

    #[test]
    fn urls_with_underscores_accents_queries_and_fragments_are_whole() {
        for url in [
            "https://es.wikipedia.org/wiki/Instituto_Mexicano_del_Seguro_Social",
            "https://es.wikipedia.org/wiki/Bogotá",
            "https://www.youtube.com/watch?v=fxOJB6zdOHk&list=PLBF865A5E91324EF7",
            "https://imss.gob.mx/prensa#boletin-220",
            "http://ljz.mx/images/stories/fotos_marzo2013/ife.png",
            "www.gob.mx/diconsa",
            "https://www.facebook.com/tijuanaimjuv/photos/a.1932733500146528/3509472799139249",
        ] {
            let text = format!("Más información en {url}. Gracias");
            assert_eq!(urls(&text), [url]);
        }
    }

    #[test]
    fn word_boundaries() {
        assert!(urls("wwww.imss.gob.mx").is_empty());
        assert!(urls("correo@www.imss.gob.mx").is_empty());
        assert!(urls("x.www.imss.gob.mx").is_empty());
        assert!(urls("awww. Qué lindo").is_empty());
        // Glued to the previous word (a missing space): the URL is still found.
        assert_eq!(urls("internethttp://smn.conagua.gob.mx/, y"), ["http://smn.conagua.gob.mx/"]);
        assert_eq!(urls("portalwww.consulta.mx y"), ["www.consulta.mx"]);
        assert_eq!(urls("la página.https://imss.gob.mx"), ["https://imss.gob.mx"]);
        // …but a misspelled scheme must start a word.
        assert!(urls("xhtps://imss.gob.mx").is_empty());
        assert!(urls("el protocolo HTTP/2 y http/https").is_empty());
        assert!(urls("y/o, 3/5/2024, www., https:// y http://").is_empty());
        assert_eq!(urls("(https://imss.gob.mx)"), ["https://imss.gob.mx"]);
        assert_eq!(urls("_www.imss.gob.mx_"), ["www.imss.gob.mx"]);
    }

    #[test]
    fn urls_stop_at_spaces_of_every_kind() {
        assert_eq!(urls("https://imss.gob.mx\u{a0}hoy"), ["https://imss.gob.mx"]);
        assert_eq!(urls("https://imss.gob.mx\r\n"), ["https://imss.gob.mx"]);
        assert_eq!(urls("<https://imss.gob.mx>"), ["https://imss.gob.mx"]);
        assert_eq!(urls("https://imss.gob.mx\u{1}x"), ["https://imss.gob.mx"]);
    }

    #[test]
    fn malformed_schemes_are_found() {
        for bad in [
            "http//imss.gob.mx",
            "http:/imss.gob.mx",
            "htps://imss.gob.mx",
            "htttp://imss.gob.mx",
            "https;//imss.gob.mx",
            "http: //imss.gob.mx",
            "http/transparencia.zacatecas.gob.mx/dependencias",
        ] {
            let text = format!("Consulte {bad}, por favor.");
            assert_eq!(urls(&text), [bad], "{text}");
        }
    }

    #[test]
    fn hosts_split_by_a_space_are_found_whole() {
        assert_eq!(urls("en www.imss. gob.mx hoy"), ["www.imss. gob.mx"]);
        assert_eq!(urls("portal www.rosarito. gob.mx"), ["www.rosarito. gob.mx"]);
        assert_eq!(urls("la página www. ljz.mx."), ["www. ljz.mx"]);
        assert_eq!(urls("en www.imss .gob.mx/prensa."), ["www.imss .gob.mx/prensa"]);
        assert_eq!(urls("en https://www.imss. gob.mx/x."), ["https://www.imss. gob.mx/x"]);
        assert_eq!(urls("en https:// www.imss.gob.mx"), ["https:// www.imss.gob.mx"]);
        // Sentence breaks are not glued: the host before the space is complete, or what follows
        // is a word.
        assert_eq!(urls("Visite www.imss.gob.mx. com"), ["www.imss.gob.mx"]);
        assert_eq!(urls("Visite www.imss.gob.mx. es decir"), ["www.imss.gob.mx"]);
        assert_eq!(urls("Visite www.imss. Gob.mx"), ["www.imss"]);
        assert_eq!(urls("Visite www.imss. comunicado"), ["www.imss"]);
        assert!(urls("la página www. de la dependencia").is_empty());
    }

    #[test]
    fn broken_markdown_destinations_keep_their_spaces() {
        let text = "![](http://ljz.mx/images/stories/fotos_marzo2013/p8 cercos de nopal.jpg)\n";
        assert_eq!(urls(text), ["http://ljz.mx/images/stories/fotos_marzo2013/p8 cercos de nopal.jpg"]);
        // Not after `](`, or with a title: the URL stops at the space.
        assert_eq!(urls("(http://a.mx/p8 foto.jpg)"), ["http://a.mx/p8"]);
        assert_eq!(urls("[a](http://a.mx/x \"T\")"), ["http://a.mx/x"]);
        // Unparsed Markdown source: the destination ends at its closing parenthesis.
        assert_eq!(
            urls("[**videochat **](http://twitcam.livestream.com/en3oi)de La Jornada"),
            ["http://twitcam.livestream.com/en3oi"]
        );
        assert_eq!(urls("[x](https://a.mx/Foo_(bar))y"), ["https://a.mx/Foo_(bar)"]);
    }

    #[test]
    fn several_urls() {
        let text = "Fotos: https://drive.google.com/x y video: https://we.tl/t-abc; www.gob.mx";
        assert_eq!(urls(text), ["https://drive.google.com/x", "https://we.tl/t-abc", "www.gob.mx"]);
    }

    #[test]
    fn html_attribute_values() {
        let html = "<a href=\"https://imss.gob.mx\" target=_blank>x</a> <!-- <a href=\"no\"> --> \
                    <IMG SRC = 'f.jpg' alt=\"a > b\"><a href=\"\">e</a><img data-src=\"x\" src=y.png/>";
        let got: Vec<&str> = find_html_links(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(got, ["https://imss.gob.mx", "f.jpg", "", "y.png/"]);
    }

    #[test]
    fn html_survives_truncation() {
        for html in ["<", "<a", "<a href", "<a href=", "<a href=\"x", "<!--", "<a b='c' <img src=d>"] {
            for r in find_html_links(html) {
                assert!(html.get(r).is_some());
            }
        }
        let html = "<a b='c' <img src=d>";
        let got: Vec<&str> = find_html_links(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(got, ["d"]);
    }
}
