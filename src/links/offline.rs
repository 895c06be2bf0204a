//! The offline classification of one link target (no network).
//!
//! Two entry points differ only in where the target came from:
//! - [`check_target`]: a URL found in prose by [`super::find_bare_urls`]. `www.imss.gob.mx`
//!   is fine there (readers and autolinkers understand it).
//! - [`check_destination`]: a Markdown link destination or an HTML `href`/`src` value. There
//!   a scheme-less `www.imss.gob.mx` is resolved by the browser as a path on the current site,
//!   so it is also reported as [`LinkProblemKind::MissingScheme`].
//!
//! Order of checks, and why: empty → placeholder (a stand-in is not worth parsing) → scheme
//! spelling → host syntax (as written, so spans point at the typo) → spaces in the URL →
//! the `url` crate's parser → host lists (placeholder host, expiring, cloud drive, shortener,
//! one at most) → http on an HTTPS host. Relative targets (`/ruta`, `#ancla`, `foto.jpg`) and
//! other schemes (`tel:`, `ftp:`) are silent, except `mailto:` (address checked) and `file:`
//! (a file on the editor's computer).
//!
//! Invariant: every span is within the target and on char boundaries.

use std::ops::Range;

use url::Url;

use super::host::{check_host, split_authority};
use super::policy::{HostCategory, LinkPolicy};
use super::scheme::{Scheme, parse_http_scheme};
use super::{LinkFix, LinkProblem, LinkProblemKind, MalformedReason};

/// Check a URL found in prose (see the module doc).
///
/// ```
/// use cuadra::links::{check_target, LinkPolicy, LinkProblemKind};
/// let problems = check_target("htps://www.imss.gob.mx", LinkPolicy::builtin());
/// assert_eq!(problems[0].kind, LinkProblemKind::Malformed);
/// assert_eq!(problems[0].fix.as_ref().unwrap().apply("htps://www.imss.gob.mx"), "https://www.imss.gob.mx");
/// assert!(check_target("www.imss.gob.mx", LinkPolicy::builtin()).is_empty());
/// ```
#[must_use]
pub fn check_target(target: &str, policy: &LinkPolicy) -> Vec<LinkProblem> {
    Checker { policy, destination: false, problems: Vec::new() }.run(target)
}

/// Check a Markdown link destination or an HTML `href`/`src` value (see the module doc).
///
/// ```
/// use cuadra::links::{check_destination, LinkPolicy, LinkProblemKind};
/// let problems = check_destination("www.imss.gob.mx", LinkPolicy::builtin());
/// assert_eq!(problems[0].kind, LinkProblemKind::MissingScheme);
/// assert!(check_destination("/prensa/boletin-220", LinkPolicy::builtin()).is_empty());
/// ```
#[must_use]
pub fn check_destination(target: &str, policy: &LinkPolicy) -> Vec<LinkProblem> {
    Checker { policy, destination: true, problems: Vec::new() }.run(target)
}

struct Checker<'p> {
    policy: &'p LinkPolicy,
    /// Whether the target is a link destination (see the module doc).
    destination: bool,
    problems: Vec<LinkProblem>,
}

impl Checker<'_> {
    fn push(
        &mut self,
        kind: LinkProblemKind,
        span: Range<usize>,
        detail: &str,
        reason: Option<MalformedReason>,
        fix: Option<LinkFix>,
    ) {
        self.problems.push(LinkProblem { kind, span, detail: detail.to_owned(), reason, fix });
    }

    fn malformed(&mut self, reason: MalformedReason, span: Range<usize>, detail: &str) {
        self.push(LinkProblemKind::Malformed, span, detail, Some(reason), None);
    }

    fn run(mut self, target: &str) -> Vec<LinkProblem> {
        let base = target.len() - target.trim_start().len();
        let t = target.trim();
        let whole = base..base + t.len();
        if t.is_empty() {
            self.push(LinkProblemKind::Empty, 0..target.len(), "", None, None);
            return self.problems;
        }
        if self.policy.is_placeholder_target(t) {
            self.push(LinkProblemKind::Placeholder, whole, t, None, None);
            return self.problems;
        }
        if let Some(r) = self.policy.placeholder_pattern(t) {
            let detail = &t[r.clone()];
            self.push(LinkProblemKind::Placeholder, base + r.start..base + r.end, detail, None, None);
            return self.problems;
        }

        if let Some(m) = parse_http_scheme(t) {
            if !m.well_formed {
                let span = base..base + m.len;
                let fix = LinkFix { span: span.clone(), replacement: m.scheme.prefix().to_owned(), safe: false };
                let written = &t[..m.len];
                self.push(
                    LinkProblemKind::Malformed,
                    span,
                    written,
                    Some(MalformedReason::SchemeMisspelled),
                    Some(fix),
                );
            }
            if let Some(second) = parse_http_scheme(&t[m.len..]) {
                // `http://https://…`: drop the first scheme, keep the one the host follows.
                let span = base..base + m.len + second.len;
                let fix = LinkFix { span: base..base + m.len, replacement: String::new(), safe: second.well_formed };
                let detail = &t[..m.len + second.len];
                self.push(LinkProblemKind::Malformed, span, detail, Some(MalformedReason::DoubledScheme), Some(fix));
                return self.problems;
            }
            let insecure = m.well_formed && m.scheme == Scheme::Http;
            self.check_absolute(t, base, m.len, m.scheme, insecure);
            return self.problems;
        }
        if t.starts_with("//") {
            self.check_absolute(t, base, 2, Scheme::Https, false);
            return self.problems;
        }
        let www = t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
        if www || self.looks_like_bare_domain(t) {
            self.check_absolute(t, base, 0, Scheme::Https, false);
            // A stand-in host needs replacing, not a scheme.
            let placeholder = self.problems.iter().any(|p| p.kind == LinkProblemKind::Placeholder);
            if self.destination && !placeholder {
                self.missing_scheme(t, base);
            }
            return self.problems;
        }
        if let Some(scheme) = other_scheme(t) {
            match scheme.to_ascii_lowercase().as_str() {
                "mailto" => self.check_mailto(t, base, scheme.len() + 1),
                "file" => self.malformed(MalformedReason::LocalFile, whole, t),
                // A Windows drive path (`C:\Users\…`, `C:/…`).
                s if s.len() == 1 && t[2..].starts_with(['\\', '/']) => {
                    self.malformed(MalformedReason::LocalFile, whole, t);
                }
                _ => {}
            }
        }
        // `/http://i.imgur.com/x.jpg`: a URL made site-relative by a stray slash.
        if let Some(inner) = t.strip_prefix('/') {
            let www = inner.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
            if www || parse_http_scheme(inner).is_some() {
                let fix = LinkFix { span: base..base + 1, replacement: String::new(), safe: false };
                let span = base..base + 1;
                self.push(LinkProblemKind::Malformed, span, t, Some(MalformedReason::NestedUrl), Some(fix));
                return self.problems;
            }
        }
        // Anything else is relative (`/ruta`, `#ancla`, `foto.jpg`, `?q=1`): fine offline.
        self.problems
    }

    /// `imss.gob.mx/prensa` as a destination: first segment is a dotted host with a known TLD.
    fn looks_like_bare_domain(&self, t: &str) -> bool {
        let first = &t[..t.find(['/', '?', '#', ':']).unwrap_or(t.len())];
        let labels: Vec<&str> = first.split('.').collect();
        labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            && labels.last().is_some_and(|l| self.policy.is_tld(l))
    }

    fn missing_scheme(&mut self, t: &str, base: usize) {
        let host_end = split_authority(t).end;
        let host = &t[..host_end];
        // Only a host known to serve HTTPS makes the fix certain.
        let known_https = self.policy.host_match(HostCategory::HttpsOnly, &host.to_lowercase(), "/").is_some();
        let fix = LinkFix { span: base..base, replacement: Scheme::Https.prefix().to_owned(), safe: known_https };
        self.push(LinkProblemKind::MissingScheme, base..base + host_end, host, None, Some(fix));
    }

    /// Check an absolute URL whose authority starts at `t[off..]`; `scheme` is the one written
    /// or assumed, `insecure` whether it was written exactly `http://`.
    fn check_absolute(&mut self, t: &str, base: usize, off: usize, scheme: Scheme, insecure: bool) {
        let rest = &t[off..];
        let authority = split_authority(rest);
        let host = &rest[authority.host.clone()];
        let host_span = base + off + authority.host.start..base + off + authority.host.end;
        if let Some((reason, r)) = check_host(host) {
            let span = if r.is_empty() {
                base..base + off + authority.end
            } else {
                host_span.start + r.start..host_span.start + r.end
            };
            let detail = if host.is_empty() { t } else { host };
            self.malformed(reason, span, detail);
            return;
        }

        let after_host = off + authority.end;
        // `http://ljz.mx/http://www.jornada.unam.mx/foto.jpg`: a full URL pasted where a path
        // was expected (a CMS treating an absolute link as relative). Web archives put a URL
        // deeper in the path, never right after the host, so they are not caught here.
        if let Some(inner) = t[after_host..].strip_prefix('/') {
            let www = inner.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."));
            if www || parse_http_scheme(inner).is_some() {
                let span = base..base + after_host + 1;
                let fix = LinkFix { span: span.clone(), replacement: String::new(), safe: false };
                self.push(LinkProblemKind::Malformed, span, t, Some(MalformedReason::NestedUrl), Some(fix));
                return;
            }
        }
        if let Some(first) = t[after_host..].find(char::is_whitespace) {
            let first = after_host + first;
            let last =
                t.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(first + 1, |(i, c)| i + c.len_utf8());
            let fix = LinkFix {
                span: base + first..base + last,
                replacement: percent_encode_spaces(&t[first..last]),
                safe: true,
            };
            self.push(
                LinkProblemKind::Malformed,
                base + first..base + last,
                t,
                Some(MalformedReason::SpaceInUrl),
                Some(fix),
            );
        }

        let normalized = format!("{}{}", scheme.prefix(), percent_encode_spaces(rest));
        let url = match Url::parse(&normalized) {
            Ok(url) => url,
            Err(err) => {
                if !self.problems.iter().any(|p| p.kind == LinkProblemKind::Malformed) {
                    let span = if host_span.is_empty() { base..base + t.len() } else { host_span };
                    self.malformed(MalformedReason::Unparsable, span, &format!("{t}: {err}"));
                }
                return;
            }
        };
        let host_lc = url.host_str().unwrap_or_default();
        let path = url.path();
        let policy = self.policy;
        if policy.host_match(HostCategory::Allow, host_lc, path).is_some() {
            return;
        }
        if let Some(entry) = policy.host_match(HostCategory::Placeholder, host_lc, path) {
            self.push(LinkProblemKind::Placeholder, host_span, entry, None, None);
            return;
        }
        let listed = [
            (HostCategory::Expiring, LinkProblemKind::Expiring),
            (HostCategory::CloudDrive, LinkProblemKind::CloudDrive),
            (HostCategory::Shortener, LinkProblemKind::Shortener),
        ];
        if let Some((kind, entry)) =
            listed.iter().find_map(|&(category, kind)| policy.host_match(category, host_lc, path).map(|e| (kind, e)))
        {
            self.push(kind, host_span.clone(), entry, None, None);
        }
        if insecure && policy.host_match(HostCategory::HttpsOnly, host_lc, path).is_some() {
            let span = base..base + off;
            let fix = LinkFix { span: span.clone(), replacement: Scheme::Https.prefix().to_owned(), safe: true };
            self.push(LinkProblemKind::InsecureHttp, span, host_lc, None, Some(fix));
        }
    }

    /// `mailto:a@b.mx,c@d.mx?subject=…`: every address needs a local part, `@` and a dotted
    /// host.
    fn check_mailto(&mut self, t: &str, base: usize, off: usize) {
        let end = t[off..].find('?').map_or(t.len(), |q| off + q);
        if t[off..end].trim().is_empty() {
            self.malformed(MalformedReason::InvalidEmail, base..base + t.len(), t);
            return;
        }
        let mut at = off;
        for address in t[off..end].split(',') {
            let span = base + at..base + at + address.len();
            at += address.len() + 1;
            let decoded = percent_encoding::percent_decode_str(address.trim()).decode_utf8_lossy();
            let valid = match decoded.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !local.contains(char::is_whitespace)
                        && domain.contains('.')
                        && check_host(domain).is_none()
                }
                None => false,
            };
            if !valid && !address.trim().is_empty() {
                self.malformed(MalformedReason::InvalidEmail, span, address.trim());
            }
        }
    }
}

/// The scheme of an absolute URI other than http(s) (`mailto`, `tel`, `ftp`, `C` of `C:\`), if
/// `t` starts with one. Dots are not accepted in the scheme, so `imss.gob.mx:8080` is not one.
fn other_scheme(t: &str) -> Option<&str> {
    let colon = t.find(':')?;
    let scheme = &t[..colon];
    let mut bytes = scheme.bytes();
    let ok = colon <= 32
        && bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-');
    ok.then_some(scheme)
}

/// Replace whitespace with its percent-encoding (`" "` → `%20`, U+00A0 → `%C2%A0`).
fn percent_encode_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(target: &str) -> Option<MalformedReason> {
        check_target(target, LinkPolicy::builtin()).first().and_then(|p| p.reason)
    }

    #[test]
    fn percent_encoding_of_spaces() {
        assert_eq!(percent_encode_spaces("p8 cercos de nopal.jpg"), "p8%20cercos%20de%20nopal.jpg");
        assert_eq!(percent_encode_spaces("a\u{a0}b"), "a%C2%A0b");
    }

    #[test]
    fn other_schemes() {
        assert_eq!(other_scheme("mailto:x@y.mx"), Some("mailto"));
        assert_eq!(other_scheme("tel:+525555"), Some("tel"));
        assert_eq!(other_scheme("imss.gob.mx:8080/x"), None);
        assert_eq!(other_scheme("/ruta:x"), None);
    }

    #[test]
    fn malformed_reasons() {
        use MalformedReason as R;
        assert_eq!(reason("http//imss.gob.mx"), Some(R::SchemeMisspelled));
        assert_eq!(reason("http://https://imss.gob.mx"), Some(R::DoubledScheme));
        assert_eq!(reason("https:///imss.gob.mx"), Some(R::SchemeMisspelled));
        assert_eq!(reason("https://?q=1"), Some(R::EmptyHost));
        assert_eq!(reason("www.imss. gob.mx"), Some(R::SpaceInHost));
        assert_eq!(reason("http://www.fovissste.gob.mx."), Some(R::HostEndsWithDot));
        assert_eq!(reason("https://imss..gob.mx"), Some(R::EmptyHostLabel));
        assert_eq!(reason("https://imss,gob.mx"), Some(R::InvalidHostChar));
        assert_eq!(reason("http://ljz.mx/fotos/p8 prosoft.jpg"), Some(R::SpaceInUrl));
        assert_eq!(reason("mailto:"), Some(R::InvalidEmail));
        assert_eq!(reason("mailto:prensa.imss.gob.mx"), Some(R::InvalidEmail));
        assert_eq!(reason("file:///C:/Users/prensa/boletin.docx"), Some(R::LocalFile));
        assert_eq!(reason("C:\\Users\\prensa\\foto.jpg"), Some(R::LocalFile));
        assert_eq!(reason("https://imss.gob.mx:99999/"), Some(R::Unparsable));
        assert_eq!(reason("http://ljz.mx/http://www.jornada.unam.mx/ultimas/2013/astro2.jpg"), Some(R::NestedUrl));
        assert_eq!(reason("http://ljz.mx/www.jornada.unam.mx/x.jpg"), Some(R::NestedUrl));
        assert_eq!(reason("/http://i.imgur.com/si0X1z1m.jpg"), Some(R::NestedUrl));
        assert_eq!(reason("https://web.archive.org/web/2013/http://ljz.mx/"), None);
        assert_eq!(reason("https://a.mx/salir?url=https://b.mx/"), None);
    }
}
