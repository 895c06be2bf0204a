//! When to retry a request and how long to wait first.
//!
//! Retries happen on 429 and on 5xx answers other than 501 (which means "method not
//! supported" and is handled by the GET fallback instead), and on connections dropped
//! mid-exchange. The wait is the server's `Retry-After` when it gives one (seconds or an
//! HTTP date) and otherwise exponential backoff with jitter, so that many links on one
//! slow host do not retry in lockstep. A `Retry-After` longer than the configured cap is
//! not waited for at all: the link is reported as unverifiable instead, since waiting
//! only part of the time would just earn another 429.

use std::hash::{BuildHasher, Hash};
use std::time::{Duration, SystemTime};

/// Whether an HTTP status is worth retrying.
#[must_use]
pub const fn is_retryable_status(code: u16) -> bool {
    code == 429 || (code >= 500 && code <= 599 && code != 501)
}

/// Parses a `Retry-After` value: delta-seconds or an HTTP date (relative to `now`). A date
/// in the past means "now". Unparsable values are ignored (`None`).
#[must_use]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff for retry number `attempt` (0-based): `base * 2^attempt`, with the
/// upper half jittered by a hash of `key` so that concurrent retries spread out.
#[must_use]
pub fn backoff(base: Duration, attempt: u32, key: &str) -> Duration {
    let full = base.saturating_mul(1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX));
    let half = full / 2;
    // RandomState is seeded per process: a cheap source of jitter without a rand dependency.
    let mut hasher = std::hash::RandomState::new().build_hasher();
    (key, attempt).hash(&mut hasher);
    let fraction = (std::hash::Hasher::finish(&hasher) % 1000) as u32;
    half + half.mul_f64(f64::from(fraction) / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_statuses() {
        for code in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(code), "{code}");
        }
        for code in [200, 301, 400, 403, 404, 405, 410, 501, 999] {
            assert!(!is_retryable_status(code), "{code}");
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let base = Duration::from_millis(100);
        for attempt in 0..4 {
            let wait = backoff(base, attempt, "https://a.example/");
            let full = base * 2u32.pow(attempt);
            assert!(wait >= full / 2 && wait <= full, "attempt {attempt}: {wait:?}");
        }
        // Absurd attempt numbers saturate instead of overflowing.
        assert!(backoff(base, 1000, "x") <= base * 65_536);
    }
}
