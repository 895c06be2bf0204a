//! Settings of the online link checker: the `[online]` table of `cuadra.toml`.
//!
//! Invariants: every field has a default, unknown keys are an error (`deny_unknown_fields`),
//! and the values a run uses are normalised by [`OnlineConfig::normalized`] so that zero
//! concurrency or an empty accept list can never stall or silently accept everything.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `[online]` table of `cuadra.toml`. Keys are snake_case (`allow_private`); the
/// kebab-case spelling (`allow-private`) used elsewhere in cuadra's TOML is accepted too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct OnlineConfig {
    /// Timeout of one HTTP exchange (resolve, connect, TLS, headers, capped body), in seconds.
    pub timeout_secs: u64,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host (`host:port`).
    pub max_per_host: usize,
    /// Redirect hops followed before the link is reported as unverifiable.
    pub max_redirects: usize,
    /// Retries after a 429, a 5xx or a dropped connection; 0 disables retrying.
    pub max_retries: u32,
    /// Base of the exponential backoff in milliseconds: attempt `n` waits about `base * 2^n`.
    pub retry_base_ms: u64,
    /// Longest `Retry-After` that is honoured; a server asking for more is not waited for.
    pub max_retry_after_secs: u64,
    /// Status codes that count as a working link, as `"200-299"` or `"403"` strings.
    pub accept: Vec<StatusRange>,
    /// Allow requests to loopback, private, CGNAT, ULA and link-local addresses.
    /// Cloud metadata, unspecified, multicast and broadcast addresses stay refused.
    pub allow_private: bool,
    /// `User-Agent` header sent with every request.
    pub user_agent: String,
    /// Age after which a cached result is checked again, in seconds.
    pub cache_max_age_secs: u64,
    /// Most response-body bytes read from a GET (read only so the connection can be reused).
    pub max_body_bytes: u64,
    /// Extra domains (subdomains included) asked with GET straight away instead of HEAD,
    /// added to the built-in list of sites whose HEAD answers are unreliable.
    pub get_first_hosts: Vec<String>,
}

/// Default `User-Agent`: names the tool so that site owners can tell who is knocking.
pub const DEFAULT_USER_AGENT: &str = concat!("cuadra/", env!("CARGO_PKG_VERSION"), " (+link checker)");

impl Default for OnlineConfig {
    fn default() -> Self {
        Self {
            timeout_secs: 20,
            max_concurrency: 32,
            max_per_host: 4,
            max_redirects: 5,
            max_retries: 3,
            retry_base_ms: 500,
            max_retry_after_secs: 30,
            accept: vec![StatusRange::new(200, 299)],
            allow_private: false,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            cache_max_age_secs: 24 * 60 * 60,
            max_body_bytes: 64 * 1024,
            get_first_hosts: Vec::new(),
        }
    }
}

impl OnlineConfig {
    /// The configuration a run actually uses: zero limits become one (zero would stall the
    /// pool or fail every link), an empty accept list becomes the default 2xx range, and an
    /// empty user agent becomes the default one.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        self.timeout_secs = self.timeout_secs.max(1);
        self.max_concurrency = self.max_concurrency.max(1);
        self.max_per_host = self.max_per_host.max(1);
        if self.accept.is_empty() {
            self.accept = Self::default().accept;
        }
        if self.user_agent.trim().is_empty() {
            self.user_agent = DEFAULT_USER_AGENT.to_owned();
        }
        self
    }

    /// Whether `code` counts as a working link.
    #[must_use]
    pub fn accepts(&self, code: u16) -> bool {
        self.accept.iter().any(|range| range.contains(code))
    }
}

/// An inclusive range of HTTP status codes, written `"200-299"` or `"403"` (a bare integer
/// is accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRange {
    start: u16,
    end: u16,
}

impl StatusRange {
    /// The range `start..=end`.
    ///
    /// # Panics
    /// When `start > end`; parse user input with [`str::parse`] instead.
    #[must_use]
    pub const fn new(start: u16, end: u16) -> Self {
        assert!(start <= end, "status range start must not exceed its end");
        Self { start, end }
    }

    /// Whether `code` lies in the range.
    #[must_use]
    pub const fn contains(&self, code: u16) -> bool {
        self.start <= code && code <= self.end
    }
}

/// Why a status range string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid status range {input:?}: {why} (expected \"200-299\" or \"403\", codes 100-999)")]
pub struct StatusRangeError {
    input: String,
    why: &'static str,
}

impl FromStr for StatusRange {
    type Err = StatusRangeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |why| StatusRangeError { input: input.to_owned(), why };
        let code = |text: &str| -> Result<u16, StatusRangeError> {
            let text = text.trim();
            let value: u16 = text.parse().map_err(|_| fail("not a number"))?;
            if (100..=999).contains(&value) { Ok(value) } else { Err(fail("code out of range")) }
        };
        // `..=` is accepted because Rust users write it by habit; `-` is the documented form.
        let (start, end) = match input.split_once("..=").or_else(|| input.split_once('-')) {
            Some((start, end)) => (code(start)?, code(end)?),
            None => {
                let single = code(input)?;
                (single, single)
            }
        };
        if start > end {
            return Err(fail("start is greater than end"));
        }
        Ok(Self { start, end })
    }
}

impl fmt::Display for StatusRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end { write!(f, "{}", self.start) } else { write!(f, "{}-{}", self.start, self.end) }
    }
}

impl Serialize for StatusRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatusRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = StatusRange;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status code or range such as \"403\" or \"200-299\"")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<StatusRange, E> {
                value.parse().map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<StatusRange, E> {
                value.to_string().parse().map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<StatusRange, E> {
                value.to_string().parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_single_codes() {
        assert_eq!("200-299".parse::<StatusRange>().unwrap(), StatusRange::new(200, 299));
        assert_eq!(" 403 ".parse::<StatusRange>().unwrap(), StatusRange::new(403, 403));
        assert_eq!("200..=204".parse::<StatusRange>().unwrap(), StatusRange::new(200, 204));
        for bad in ["", "abc", "299-200", "42", "1000", "200-", "-5", "200-299-300"] {
            assert!(bad.parse::<StatusRange>().is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn toml_table_with_defaults_and_unknown_keys() {
        let config: OnlineConfig = toml::from_str("timeout-secs = 5\naccept = [\"200-299\", \"403\", 429]\n").unwrap();
        assert_eq!(config.timeout_secs, 5);
        assert_eq!(config.max_per_host, 4);
        assert!(config.accepts(204) && config.accepts(403) && config.accepts(429));
        assert!(!config.accepts(404));
        assert!(toml::from_str::<OnlineConfig>("timeout = 5").is_err());
        let kebab: OnlineConfig = toml::from_str("allow-private = true\nmax-per-host = 2").unwrap();
        assert!(kebab.allow_private);
        assert_eq!(kebab.max_per_host, 2);
        assert!(toml::from_str::<OnlineConfig>("accept = [\"600-100\"]").is_err());
    }

    #[test]
    fn normalization_prevents_stalls() {
        let config = OnlineConfig {
            max_concurrency: 0,
            max_per_host: 0,
            accept: vec![],
            user_agent: " ".into(),
            ..OnlineConfig::default()
        }
        .normalized();
        assert_eq!((config.max_concurrency, config.max_per_host), (1, 1));
        assert!(config.accepts(200) && !config.accepts(404));
        assert!(config.user_agent.starts_with("cuadra/"));
    }
}
