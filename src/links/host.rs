//! Host-name syntax: splitting the authority off a URL and checking the host as written.
//!
//! The checks run on the raw text, before the `url` crate normalises it, so spans point at
//! what the editor typed (the space in `www.imss. gob.mx`, the final dot of
//! `www.fovissste.gob.mx.`). All offsets are relative to the string passed in and lie on char
//! boundaries (only ASCII delimiters are searched for).

use std::ops::Range;

use super::MalformedReason;

/// Where the authority and the host lie within the text after `scheme://`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Authority {
    /// End of the authority (start of path, query or fragment, or end of text).
    pub end: usize,
    /// The host, without user info and port.
    pub host: Range<usize>,
}

/// Split the authority at the start of `rest` (the text after `//`).
pub(crate) fn split_authority(rest: &str) -> Authority {
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_port = &authority[host_start..];
    let host_len = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port.len(), |close| close + 1)
    } else {
        // A port is digits after the last colon; anything else stays in the host so the
        // host check reports it.
        match host_port.rfind(':') {
            Some(colon) if host_port[colon + 1..].bytes().all(|b| b.is_ascii_digit()) => colon,
            _ => host_port.len(),
        }
    };
    Authority { end, host: host_start..host_start + host_len }
}

/// Check a host name as written. Returns the first problem and its span within `host`.
pub(crate) fn check_host(host: &str) -> Option<(MalformedReason, Range<usize>)> {
    if host.is_empty() {
        return Some((MalformedReason::EmptyHost, 0..0));
    }
    if host.starts_with('[') {
        // An IPv6 literal: the URL parser validates it.
        return None;
    }
    if let Some(first) = host.find(char::is_whitespace) {
        let last =
            host.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(first + 1, |(i, c)| i + c.len_utf8());
        return Some((MalformedReason::SpaceInHost, first..last));
    }
    if let Some((i, c)) = host.char_indices().find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))) {
        return Some((MalformedReason::InvalidHostChar, i..i + c.len_utf8()));
    }
    if host.starts_with('.') {
        return Some((MalformedReason::EmptyHostLabel, 0..1));
    }
    if let Some(i) = host.find("..") {
        return Some((MalformedReason::EmptyHostLabel, i..i + 2));
    }
    if host.ends_with('.') {
        return Some((MalformedReason::HostEndsWithDot, host.len() - 1..host.len()));
    }
    let mut offset = 0;
    let labels: Vec<(usize, &str)> = host
        .split('.')
        .map(|label| {
            let at = offset;
            offset += label.len() + 1;
            (at, label)
        })
        .collect();
    for &(at, label) in &labels {
        if label.starts_with('-') {
            return Some((MalformedReason::InvalidHostChar, at..at + 1));
        }
        if label.ends_with('-') {
            let end = at + label.len();
            return Some((MalformedReason::InvalidHostChar, end - 1..end));
        }
    }
    // Underscores occur in subdomains (`mi_blog.blogspot.com`) but never in the registered
    // domain or the TLD (the GFM autolink rule uses the same cut).
    for &(at, label) in labels.iter().rev().take(2) {
        if let Some(i) = label.find('_') {
            return Some((MalformedReason::InvalidHostChar, at + i..at + i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_parts() {
        assert_eq!(split_authority("imss.gob.mx/prensa").host, 0..11);
        assert_eq!(split_authority("user:pw@imss.gob.mx:8080/x").host, 8..19);
        assert_eq!(split_authority("[::1]:80/x").host, 0..5);
        assert_eq!(split_authority("imss.gob.mx?q=1").end, 11);
        assert_eq!(split_authority("").host, 0..0);
        // An empty port is allowed (`http://https://x` is caught by the scheme check).
        assert_eq!(split_authority("https:").host, 0..5);
    }

    #[test]
    fn host_problems() {
        use MalformedReason as R;
        assert_eq!(check_host("www.imss. gob.mx"), Some((R::SpaceInHost, 9..10)));
        assert_eq!(check_host("www.fovissste.gob.mx."), Some((R::HostEndsWithDot, 20..21)));
        assert_eq!(check_host("www..imss.gob.mx"), Some((R::EmptyHostLabel, 3..5)));
        assert_eq!(check_host(".imss.gob.mx"), Some((R::EmptyHostLabel, 0..1)));
        assert_eq!(check_host("imss,gob.mx"), Some((R::InvalidHostChar, 4..5)));
        assert_eq!(check_host("-imss.gob.mx"), Some((R::InvalidHostChar, 0..1)));
        assert_eq!(check_host("imss-.gob.mx"), Some((R::InvalidHostChar, 4..5)));
        assert_eq!(check_host("www.im_ss.mx"), Some((R::InvalidHostChar, 6..7)));
        assert_eq!(check_host(""), Some((R::EmptyHost, 0..0)));
    }

    #[test]
    fn good_hosts() {
        for host in [
            "imss.gob.mx",
            "www.imss.gob.mx",
            "mi_blog.blogspot.com",
            "españa.es",
            "192.168.0.1",
            "[2001:db8::1]",
            "localhost",
            "xn--espaa-rta.es",
        ] {
            assert_eq!(check_host(host), None, "{host}");
        }
    }
}
