//! Link text that shows one URL while the link leads to another.
//!
//! `[www.imss.gob.mx](https://www.gob.mx/imss)` shows one address and opens another: readers
//! who copy the text, or print the bulletin, get a different page, and it is the pattern of a
//! phishing link. The comparison forgives what does not change the destination:
//! - scheme (`http`/`https`), a leading `www.`, a trailing slash, the case of the host,
//!   percent-encoding (`Bogotá` = `Bogot%C3%A1`), default ports;
//! - a text that shows only the host (`imss.gob.mx`) for a page on that host;
//! - a query or fragment on the target that the text does not show (tracking parameters);
//! - a text shortened with `…` or `...`, which must be a prefix of the target.
//!
//! Relative targets cannot be compared and are silent.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use url::Url;

use super::policy::LinkPolicy;
use super::scheme::parse_http_scheme;
use super::{LinkProblem, LinkProblemKind};

/// Compare a link's text with its target. Returns a [`LinkProblemKind::TextTargetMismatch`]
/// (span: the target, trimmed; detail: the URL the text shows) when the text is a URL or an
/// e-mail address that differs from the target; `None` when they agree or the text is not an
/// address.
///
/// ```
/// use cuadra::links::check_text_vs_target;
/// assert!(check_text_vs_target("www.imss.gob.mx", "https://imss.gob.mx/").is_none());
/// assert!(check_text_vs_target("www.imss.gob.mx", "https://www.gob.mx/imss").is_some());
/// assert!(check_text_vs_target("Boletín 220", "https://www.gob.mx/imss").is_none());
/// ```
#[must_use]
pub fn check_text_vs_target(text: &str, target: &str) -> Option<LinkProblem> {
    let shown = strip_decorations(text);
    if shown.is_empty() || shown.contains(char::is_whitespace) {
        return None;
    }
    let base = target.len() - target.trim_start().len();
    let t = target.trim();
    let mismatch = || LinkProblem {
        kind: LinkProblemKind::TextTargetMismatch,
        span: base..base + t.len(),
        detail: shown.to_owned(),
        reason: None,
        fix: None,
    };

    if is_email(shown) {
        let address = t.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map(|_| {
            let end = t.find('?').unwrap_or(t.len());
            percent_decode_str(&t[7..end]).decode_utf8_lossy()
        })?;
        return (!address.trim().eq_ignore_ascii_case(shown)).then(mismatch);
    }

    let (shown_body, prefix_mode) = match shown.strip_suffix('…').or_else(|| shown.strip_suffix("...")) {
        Some(body) => (body, true),
        None => (shown, false),
    };
    let shown_url = parse_absolute(shown_body, true)?;
    let target_url = parse_absolute(t, false)?;
    let shown_norm = Normal::of(&shown_url);
    let target_norm = Normal::of(&target_url);

    let same = if prefix_mode {
        target_norm.joined().starts_with(shown_norm.joined().trim_end_matches('/'))
    } else {
        shown_norm.host == target_norm.host
            && (shown_norm.is_host_only()
                || (shown_norm.path == target_norm.path
                    && (shown_norm.query.is_none() || shown_norm.query == target_norm.query)
                    && (shown_norm.fragment.is_none() || shown_norm.fragment == target_norm.fragment)))
    };
    (!same).then(mismatch)
}

/// Trim spaces, quotes, angle brackets and emphasis around a link text, and final punctuation.
fn strip_decorations(text: &str) -> &str {
    text.trim()
        .trim_matches(|c: char| {
            matches!(c, '<' | '>' | '"' | '\'' | '«' | '»' | '“' | '”' | '`' | '*' | '_') || c.is_whitespace()
        })
        .trim_end_matches([',', ';', ':', '!', '?'])
}

fn is_email(s: &str) -> bool {
    !s.contains('/') && s.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
}

/// Parse an absolute http(s) URL, or a scheme-less `www.…` one. With `allow_bare_domain`,
/// also `imss.gob.mx/…` (a link text may show the site that way).
fn parse_absolute(s: &str, allow_bare_domain: bool) -> Option<Url> {
    if let Some(m) = parse_http_scheme(s) {
        return m.well_formed.then(|| Url::parse(s).ok()).flatten();
    }
    if let Some(rest) = s.strip_prefix("//") {
        return Url::parse(&format!("https://{rest}")).ok();
    }
    let www = s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
    if www || (allow_bare_domain && looks_like_domain(s)) {
        return Url::parse(&format!("https://{s}")).ok();
    }
    None
}

fn looks_like_domain(s: &str) -> bool {
    let host = &s[..s.find(['/', '?', '#']).unwrap_or(s.len())];
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|l| LinkPolicy::builtin().is_tld(l))
}

/// A URL reduced to what decides the destination.
struct Normal {
    host: String,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

impl Normal {
    fn of(url: &Url) -> Self {
        let host = url.host_str().unwrap_or_default().trim_end_matches('.');
        let host = host.strip_prefix("www.").unwrap_or(host).to_owned();
        let decode = |s: &str| -> String { percent_decode_str(s).decode_utf8_lossy().into_owned() };
        let path = decode(url.path().trim_end_matches('/'));
        let port = url.port().map_or(Cow::Borrowed(""), |p| Cow::Owned(format!(":{p}")));
        Self {
            host: format!("{host}{port}"),
            path,
            query: url.query().filter(|q| !q.is_empty()).map(decode),
            fragment: url.fragment().filter(|f| !f.is_empty()).map(decode),
        }
    }

    fn is_host_only(&self) -> bool {
        self.path.is_empty() && self.query.is_none() && self.fragment.is_none()
    }

    fn joined(&self) -> String {
        let mut s = format!("{}{}", self.host, self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        if let Some(f) = &self.fragment {
            s.push('#');
            s.push_str(f);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mismatch(text: &str, target: &str) -> bool {
        check_text_vs_target(text, target).is_some()
    }

    #[test]
    fn equal_after_normalisation_is_silent() {
        for (text, target) in [
            ("www.imss.gob.mx", "https://www.imss.gob.mx/"),
            ("http://imss.gob.mx", "https://www.imss.gob.mx"),
            ("IMSS.GOB.MX", "https://imss.gob.mx"),
            ("imss.gob.mx", "https://www.imss.gob.mx/prensa/boletin-220"),
            ("https://es.wikipedia.org/wiki/Bogotá", "https://es.wikipedia.org/wiki/Bogot%C3%A1"),
            ("<https://imss.gob.mx/prensa>", "https://imss.gob.mx/prensa/"),
            ("https://imss.gob.mx/prensa", "https://imss.gob.mx/prensa?utm_source=x#top"),
            ("https://imss.gob.mx/prensa/2024/…", "https://imss.gob.mx/prensa/2024/boletin-220"),
            ("https://imss.gob.mx:443/x", "https://imss.gob.mx/x"),
            ("prensa@imss.gob.mx", "mailto:Prensa@IMSS.gob.mx?subject=Hola"),
        ] {
            assert!(!mismatch(text, target), "{text} vs {target}");
        }
    }

    #[test]
    fn different_urls_are_reported() {
        for (text, target) in [
            ("www.imss.gob.mx", "https://www.gob.mx/imss"),
            ("https://imss.gob.mx/prensa", "https://imss.gob.mx/noticias"),
            ("https://imss.gob.mx/Prensa", "https://imss.gob.mx/prensa"),
            ("https://imss.gob.mx/a?id=1", "https://imss.gob.mx/a?id=2"),
            ("https://imss.gob.mx/prensa/2024/…", "https://imss.gob.mx/videos/x"),
            ("prensa@imss.gob.mx", "mailto:comunicacion@imss.gob.mx"),
            ("imss.gob.mx", "https://bit.ly/3xyz"),
        ] {
            assert!(mismatch(text, target), "{text} vs {target}");
        }
        let p = check_text_vs_target("www.imss.gob.mx", "  https://www.gob.mx/imss ").unwrap();
        assert_eq!(p.span, 2..25);
        assert_eq!(p.detail, "www.imss.gob.mx");
    }

    #[test]
    fn texts_that_are_not_addresses_and_relative_targets_are_silent() {
        for (text, target) in [
            ("Boletín 220", "https://www.gob.mx/imss"),
            ("aquí", "https://www.gob.mx/imss"),
            ("IMSS", "https://imss.gob.mx"),
            ("informe.pdf", "https://imss.gob.mx/x.pdf"),
            ("www.imss.gob.mx/prensa", "/prensa"),
            ("www.imss.gob.mx", "#ancla"),
            ("", "https://imss.gob.mx"),
            ("ver en www.imss.gob.mx", "https://gob.mx"),
        ] {
            assert!(!mismatch(text, target), "{text} vs {target}");
        }
    }
}
