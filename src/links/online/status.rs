//! The verdict on one link, as handed back to the engine.
//!
//! Invariant: every failure is visible. A link that could not be verified is
//! [`LinkStatus::Unverifiable`] (a warning), never folded into `Ok`; a link that was not
//! fetched on purpose is [`LinkStatus::Refused`] with the reason.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The result of checking one URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkStatus {
    /// The URL answered with an accepted status and no redirect.
    Ok {
        /// Final HTTP status code.
        code: u16,
    },
    /// The URL works, but only after one or more redirects.
    Redirected {
        /// Status code of the final URL (an accepted one).
        code: u16,
        /// Where the redirect chain ended.
        final_url: String,
        /// Every hop was permanent (301 or 308): the link should be updated to `final_url`.
        permanent: bool,
    },
    /// The link is dead: 404, 410 or another client error, unknown host, connection refused.
    Broken {
        /// What exactly failed.
        reason: BrokenReason,
    },
    /// The link could not be verified: 401/403/429/999, timeouts, TLS trouble, server
    /// errors after retries, too many redirects. Reported as a warning.
    Unverifiable {
        /// Human-readable explanation (English; the engine may translate by prefix).
        reason: String,
    },
    /// The link was not fetched on purpose: a non-HTTP scheme, or a host that resolves to
    /// a private, loopback, link-local or metadata address.
    Refused {
        /// Human-readable explanation.
        reason: String,
    },
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BrokenReason {
    /// The server answered with a client-error status (404, 410, 400, …).
    Status {
        /// The status code.
        code: u16,
        /// Set when the error came at the end of a redirect chain.
        final_url: Option<String>,
    },
    /// The host name does not exist (DNS answered "no such name").
    HostNotFound {
        /// The host name that was looked up.
        host: String,
    },
    /// The host exists but refused the TCP connection.
    ConnectionRefused {
        /// The `host:port` that refused.
        host: String,
    },
    /// The URL (or a redirect target) cannot be parsed or has no host.
    InvalidUrl {
        /// What is wrong with it.
        detail: String,
    },
    /// A redirect answer pointed nowhere usable (missing or unparsable `Location`).
    BadRedirect {
        /// What is wrong with it.
        detail: String,
    },
}

impl LinkStatus {
    /// Whether the link works (possibly after redirects).
    #[must_use]
    pub const fn is_ok(&self) -> bool {
        matches!(self, Self::Ok { .. } | Self::Redirected { .. })
    }

    /// Whether the result may be stored in the cache. Failures are never cached (they may
    /// be transient and must be re-checked next run), nor are refusals (they depend on the
    /// policy of the run, not on the remote site).
    #[must_use]
    pub const fn is_cacheable(&self) -> bool {
        self.is_ok()
    }
}

impl fmt::Display for BrokenReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status { code, final_url: None } => write!(f, "HTTP {code} {}", reason_phrase(*code)),
            Self::Status { code, final_url: Some(url) } => {
                write!(f, "HTTP {code} {} after redirect to {url}", reason_phrase(*code))
            }
            Self::HostNotFound { host } => write!(f, "host not found: {host}"),
            Self::ConnectionRefused { host } => write!(f, "connection refused by {host}"),
            Self::InvalidUrl { detail } => write!(f, "invalid URL: {detail}"),
            Self::BadRedirect { detail } => write!(f, "bad redirect: {detail}"),
        }
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ok { code } => write!(f, "ok (HTTP {code})"),
            Self::Redirected { code, final_url, permanent: true } => {
                write!(f, "moved permanently to {final_url} (HTTP {code})")
            }
            Self::Redirected { code, final_url, permanent: false } => {
                write!(f, "redirects to {final_url} (HTTP {code})")
            }
            Self::Broken { reason } => write!(f, "broken: {reason}"),
            Self::Unverifiable { reason } => write!(f, "could not verify: {reason}"),
            Self::Refused { reason } => write!(f, "not checked: {reason}"),
        }
    }
}

/// The standard reason phrase of the codes a link checker reports, for messages.
#[must_use]
pub fn reason_phrase(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        999 => "(non-standard; bot blocking)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_working_links_are_cacheable() {
        assert!(LinkStatus::Ok { code: 200 }.is_cacheable());
        let moved = LinkStatus::Redirected { code: 200, final_url: "https://a.example/".into(), permanent: true };
        assert!(moved.is_cacheable());
        let gone = LinkStatus::Broken { reason: BrokenReason::Status { code: 410, final_url: None } };
        assert!(!gone.is_cacheable());
        assert!(!LinkStatus::Unverifiable { reason: "timeout".into() }.is_cacheable());
        assert!(!LinkStatus::Refused { reason: "loopback".into() }.is_cacheable());
    }

    #[test]
    fn serde_round_trip_and_display() {
        let status = LinkStatus::Broken { reason: BrokenReason::Status { code: 404, final_url: None } };
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(serde_json::from_str::<LinkStatus>(&json).unwrap(), status);
        assert_eq!(status.to_string(), "broken: HTTP 404 Not Found");
    }
}
