//! Checking one URL: HEAD with a GET fallback, manual redirects, retries with backoff.
//!
//! Invariants:
//! - ureq never follows redirects itself (`max_redirects(0)`): each hop is parsed here,
//!   scheme-checked, and fetched through the vetting resolver, so the address of every hop
//!   passes the [`AddressPolicy`](super::safety::AddressPolicy);
//! - no proxy is used (a proxy would resolve names itself, out of the policy's reach);
//! - every request has a timeout, every body read is capped, every retry loop and redirect
//!   chain is bounded by the configuration, so a check always ends;
//! - anything not positively verified ends as `Broken`, `Unverifiable` or `Refused`, never
//!   as `Ok`.

use std::collections::HashSet;
use std::io::{self, Read};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime};

use ureq::Agent;
use ureq::unversioned::transport::DefaultConnector;
use url::Url;

use super::config::OnlineConfig;
use super::hosts::GetFirstHosts;
use super::resolve::{HostNotFound, LookupFailed, NameResolver, VettingResolver};
use super::retry::{backoff, is_retryable_status, parse_retry_after};
use super::safety::{AddressPolicy, Refusal, check_scheme};
use super::schedule::{HostSlot, Scheduler};
use super::status::{BrokenReason, LinkStatus, reason_phrase};

/// Browsers' `Accept`: some sites negotiate on it and answer 404 or 406 to `*/*` alone.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Head,
    Get,
}

/// What one exchange (after retries) produced.
#[derive(Debug)]
struct Answer {
    code: u16,
    location: Option<String>,
    /// The server's `Retry-After`, when it gave one with a 429 or 5xx.
    retry_after: Option<Duration>,
}

/// The per-run HTTP client.
#[derive(Debug)]
pub(crate) struct Client<'a> {
    agent: Agent,
    config: &'a OnlineConfig,
    get_first: GetFirstHosts,
    /// Hosts whose HEAD failed where GET worked during this run: asked with GET from then on.
    learned_get_first: Mutex<HashSet<String>>,
}

impl<'a> Client<'a> {
    pub fn new(config: &'a OnlineConfig, names: Arc<dyn NameResolver>, policy: Arc<dyn AddressPolicy>) -> Self {
        let agent_config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(config.user_agent.as_str())
            .accept(ACCEPT)
            .timeout_global(Some(Duration::from_secs(config.timeout_secs)))
            .max_idle_connections(config.max_concurrency.saturating_mul(2))
            .max_idle_connections_per_host(config.max_per_host)
            .save_redirect_history(false)
            .build();
        let agent = Agent::with_parts(agent_config, DefaultConnector::new(), VettingResolver { names, policy });
        Self {
            agent,
            config,
            get_first: GetFirstHosts::new(&config.get_first_hosts),
            learned_get_first: Mutex::new(HashSet::new()),
        }
    }

    /// Checks `url` (already scheme-checked, without fragment), holding `slot` for its
    /// host; redirect hops to other hosts take their own slot from `scheduler`.
    pub fn check<'s>(&self, url: Url, slot: HostSlot<'s>, scheduler: &'s Scheduler) -> LinkStatus {
        let mut slot = slot;
        let mut current = url;
        let mut visited = vec![current.as_str().to_owned()];
        let mut all_permanent = true;
        loop {
            let answer = match self.fetch(&current) {
                Ok(answer) => answer,
                Err(error) => {
                    let status = self.status_of_error(error, &current);
                    return if visited.len() > 1 { after_redirect(status, &current) } else { status };
                }
            };
            let redirect_target = match (is_followed_redirect(answer.code), &answer.location) {
                (true, Some(location)) if !self.config.accepts(answer.code) => Some(location),
                _ => None,
            };
            let Some(location) = redirect_target else {
                let redirected = visited.len() > 1;
                return self.status_of_answer(&answer, redirected.then_some(&current), all_permanent);
            };
            let next = match current.join(location.trim()) {
                Ok(mut next) => {
                    next.set_fragment(None);
                    next
                }
                Err(error) => {
                    let detail = format!("HTTP {} to unparsable Location {location:?}: {error}", answer.code);
                    return LinkStatus::Broken { reason: BrokenReason::BadRedirect { detail } };
                }
            };
            if let Err(reason) = check_scheme(next.scheme()) {
                return LinkStatus::Refused { reason: format!("redirects to {next}: {reason}") };
            }
            if visited.len() > self.config.max_redirects {
                let reason = format!("too many redirects (more than {})", self.config.max_redirects);
                return LinkStatus::Unverifiable { reason };
            }
            if visited.iter().any(|seen| seen == next.as_str()) {
                return LinkStatus::Unverifiable { reason: format!("redirect loop at {next}") };
            }
            all_permanent &= matches!(answer.code, 301 | 308);
            let Some(next_host) = host_key(&next) else {
                let detail = format!("redirect to {next} has no host");
                return LinkStatus::Broken { reason: BrokenReason::BadRedirect { detail } };
            };
            if next_host != slot.host() {
                // Release before acquiring: a worker never waits while holding a slot.
                drop(slot);
                slot = scheduler.acquire(&next_host);
            }
            visited.push(next.as_str().to_owned());
            current = next;
        }
    }

    /// HEAD (unless the host is known to need GET), then GET when HEAD's answer cannot be
    /// trusted: anything but a success or a followable redirect, or a malformed response.
    fn fetch(&self, url: &Url) -> Result<Answer, ureq::Error> {
        let host = url.host_str().unwrap_or_default();
        let get_first = self.get_first.matches(host)
            || self.learned_get_first.lock().unwrap_or_else(PoisonError::into_inner).contains(host);
        if !get_first {
            match self.exchange_with_retries(Method::Head, url) {
                Ok(answer) if !self.head_needs_get(&answer) => return Ok(answer),
                // A rate limit applies to GET as much as to HEAD: don't knock again.
                Ok(answer) if answer.code == 429 => return Ok(answer),
                Ok(_) => {}
                // These say nothing about the method; GET would fail the same way.
                Err(error) if !head_error_may_be_method_specific(&error) => return Err(error),
                Err(_) => {}
            }
            let answer = self.exchange_with_retries(Method::Get, url)?;
            if !self.head_needs_get(&answer) {
                self.learned_get_first.lock().unwrap_or_else(PoisonError::into_inner).insert(host.to_owned());
            }
            return Ok(answer);
        }
        self.exchange_with_retries(Method::Get, url)
    }

    fn head_needs_get(&self, answer: &Answer) -> bool {
        let followable = is_followed_redirect(answer.code) && answer.location.is_some();
        !self.config.accepts(answer.code) && !followable
    }

    /// One request, repeated on 429, 5xx (except 501) and dropped connections, waiting
    /// `Retry-After` (when within the cap) or an exponential backoff in between.
    fn exchange_with_retries(&self, method: Method, url: &Url) -> Result<Answer, ureq::Error> {
        let base = Duration::from_millis(self.config.retry_base_ms);
        let cap = Duration::from_secs(self.config.max_retry_after_secs);
        let mut attempt = 0;
        loop {
            let result = self.exchange(method, url);
            let retries_left = attempt < self.config.max_retries;
            let wait = match &result {
                Ok(answer) if retries_left && is_retryable_status(answer.code) => {
                    match answer.retry_after {
                        // The server wants more patience than we are allowed: report, don't wait.
                        Some(asked) if asked > cap => return result,
                        Some(asked) => asked,
                        None => backoff(base, attempt, url.as_str()).min(cap.max(base)),
                    }
                }
                Err(error) if retries_left && is_transient(error) => {
                    backoff(base, attempt, url.as_str()).min(cap.max(base))
                }
                _ => return result,
            };
            thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One HTTP exchange; for GET, at most `max_body_bytes` of the body are read (so the
    /// connection can be reused when the body is small) and the rest is dropped.
    fn exchange(&self, method: Method, url: &Url) -> Result<Answer, ureq::Error> {
        let mut response = match method {
            Method::Head => self.agent.head(url.as_str()).call()?,
            Method::Get => self.agent.get(url.as_str()).call()?,
        };
        let code = response.status().as_u16();
        let headers = response.headers();
        // Servers do send raw UTF-8 in Location; lossy decoding keeps it usable for `join`.
        let location =
            headers.get(ureq::http::header::LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let retry_after = headers
            .get(ureq::http::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        if method == Method::Get && self.config.max_body_bytes > 0 {
            let mut reader = response.body_mut().as_reader().take(self.config.max_body_bytes);
            // The status is already known: a body that fails or stalls changes nothing.
            let _ = io::copy(&mut reader, &mut io::sink());
        }
        Ok(Answer { code, location, retry_after })
    }

    fn status_of_answer(&self, answer: &Answer, final_url: Option<&Url>, all_permanent: bool) -> LinkStatus {
        let code = answer.code;
        if self.config.accepts(code) {
            return match final_url {
                None => LinkStatus::Ok { code },
                Some(url) => LinkStatus::Redirected { code, final_url: url.to_string(), permanent: all_permanent },
            };
        }
        let after = final_url.map(|url| format!(" after redirect to {url}")).unwrap_or_default();
        let phrase = reason_phrase(code);
        let label = if phrase.is_empty() { format!("HTTP {code}") } else { format!("HTTP {code} {phrase}") };
        match code {
            404 | 410 => {
                LinkStatus::Broken { reason: BrokenReason::Status { code, final_url: final_url.map(Url::to_string) } }
            }
            401 | 403 | 407 => LinkStatus::Unverifiable {
                reason: format!("{label}{after}: the site refuses automated checks or needs a login"),
            },
            429 => {
                let wait = answer
                    .retry_after
                    .map(|wait| format!("; it asks to wait {} s", wait.as_secs()))
                    .unwrap_or_default();
                LinkStatus::Unverifiable { reason: format!("{label}{after}: rate limited{wait}") }
            }
            300..=399 => {
                LinkStatus::Unverifiable { reason: format!("{label}{after}: redirect without a usable Location") }
            }
            500..=599 => LinkStatus::Unverifiable {
                reason: format!("{label}{after}: server error after {} retries", self.config.max_retries),
            },
            _ => LinkStatus::Unverifiable { reason: format!("{label}{after}") },
        }
    }

    fn status_of_error(&self, error: ureq::Error, url: &Url) -> LinkStatus {
        let host = host_key(url).unwrap_or_default();
        match error {
            ureq::Error::Other(payload) => {
                if let Some(refusal) = payload.downcast_ref::<Refusal>() {
                    LinkStatus::Refused { reason: refusal.reason.clone() }
                } else if let Some(not_found) = payload.downcast_ref::<HostNotFound>() {
                    LinkStatus::Broken { reason: BrokenReason::HostNotFound { host: not_found.host.clone() } }
                } else if let Some(failed) = payload.downcast_ref::<LookupFailed>() {
                    LinkStatus::Unverifiable { reason: failed.to_string() }
                } else {
                    LinkStatus::Unverifiable { reason: payload.to_string() }
                }
            }
            ureq::Error::HostNotFound => {
                let host = url.host_str().unwrap_or_default().to_owned();
                LinkStatus::Broken { reason: BrokenReason::HostNotFound { host } }
            }
            ureq::Error::Timeout(_) => {
                LinkStatus::Unverifiable { reason: format!("timed out after {} s", self.config.timeout_secs) }
            }
            ureq::Error::Io(io_error) => match io_error.kind() {
                io::ErrorKind::ConnectionRefused => {
                    LinkStatus::Broken { reason: BrokenReason::ConnectionRefused { host } }
                }
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                    LinkStatus::Unverifiable { reason: format!("timed out after {} s", self.config.timeout_secs) }
                }
                _ => LinkStatus::Unverifiable { reason: format!("connection to {host} failed: {io_error}") },
            },
            ureq::Error::Tls(detail) => LinkStatus::Unverifiable { reason: format!("TLS error with {host}: {detail}") },
            ureq::Error::Rustls(detail) => {
                LinkStatus::Unverifiable { reason: format!("TLS error with {host}: {detail}") }
            }
            ureq::Error::BadUri(detail) => LinkStatus::Broken { reason: BrokenReason::InvalidUrl { detail } },
            ureq::Error::Http(detail) => {
                LinkStatus::Broken { reason: BrokenReason::InvalidUrl { detail: detail.to_string() } }
            }
            other => LinkStatus::Unverifiable { reason: format!("request to {host} failed: {other}") },
        }
    }
}

/// Says where a failure happened when it was not at the URL the user wrote.
fn after_redirect(status: LinkStatus, at: &Url) -> LinkStatus {
    match status {
        LinkStatus::Refused { reason } => LinkStatus::Refused { reason: format!("redirects to {at}: {reason}") },
        LinkStatus::Unverifiable { reason } => {
            LinkStatus::Unverifiable { reason: format!("after redirect to {at}: {reason}") }
        }
        other => other,
    }
}

/// The redirect codes that are followed. 300 and 304 are answers, not moves.
const fn is_followed_redirect(code: u16) -> bool {
    matches!(code, 301 | 302 | 303 | 307 | 308)
}

/// Errors worth retrying: the connection dropped mid-exchange (often a stale pooled
/// connection or a server restarting). Timeouts are not retried: the request already
/// waited its whole budget.
fn is_transient(error: &ureq::Error) -> bool {
    matches!(error, ureq::Error::Io(e) if matches!(
        e.kind(),
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted | io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe
    ))
}

/// Whether a HEAD failure could be HEAD's fault (a server that mishandles HEAD may send a
/// malformed response or drop the connection), so that GET is worth a try. Refusals,
/// unknown hosts, refused connections and timeouts are not.
fn head_error_may_be_method_specific(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => true,
        ureq::Error::Io(e) => !matches!(e.kind(), io::ErrorKind::ConnectionRefused | io::ErrorKind::TimedOut),
        _ => false,
    }
}

/// The key of the per-host limit: lower-cased host and effective port.
pub(crate) fn host_key(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    let port = url.port_or_known_default().unwrap_or(0);
    Some(format!("{}:{port}", host.to_ascii_lowercase()))
}
