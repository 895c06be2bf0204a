//! The online link checker: is each link of the bulletins alive?
//!
//! The engine collects the links of every file, and hands the distinct URLs to
//! [`LinkChecker::check_all`], which answers one [`LinkStatus`] per URL. Only `--online`
//! (or `online = true`) runs it: it is the only part of cuadra that touches the network.
//!
//! How a URL is checked (lychee is the model):
//! 1. parse it (`url`), refuse non-HTTP schemes, drop the fragment (the server never sees it);
//! 2. reuse a fresh cached success, if any (`cache.rs`);
//! 3. otherwise fetch it on a bounded worker pool, at most `max_per_host` at a time per host
//!    (`schedule.rs`): HEAD, then GET when HEAD's answer is not usable; redirects followed
//!    by hand up to `max_redirects`; 429/5xx retried with backoff and `Retry-After`
//!    (`client.rs`, `retry.rs`);
//! 4. every hop's address is resolved and vetted before connecting (`resolve.rs`,
//!    `safety.rs`): by default no loopback, private, link-local or metadata address is
//!    ever contacted, so an untrusted draft cannot make CI probe its own network.
//!
//! Invariants: `check_all` always returns, in input order, one status per input; every
//! wait in it is bounded by the configuration; it never panics on any input string.

mod cache;
mod client;
mod config;
mod hosts;
mod resolve;
mod retry;
mod safety;
mod schedule;
mod status;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, SystemTime};

pub use cache::{CachePath, DEFAULT_CACHE_FILE};
pub use config::{DEFAULT_USER_AGENT, OnlineConfig, StatusRange, StatusRangeError};
pub use resolve::{NameResolver, ResolveError, SystemResolver};
pub use safety::{AddressClass, AddressPolicy, DefaultPolicy, check_scheme, classify};
pub use status::{BrokenReason, LinkStatus, reason_phrase};

use cache::Cache;
use client::{Client, host_key};
use schedule::{Job, Scheduler};

/// Checks links over the network. Create one per run; it is `Sync` and can be shared.
#[derive(Debug)]
pub struct LinkChecker {
    config: OnlineConfig,
    cache: Option<Cache>,
    policy: Arc<dyn AddressPolicy>,
    /// Whether the policy is the default one with private addresses forbidden: cache
    /// entries made under a laxer policy are not reused by a strict run.
    strict_policy: bool,
    names: Arc<dyn NameResolver>,
    warnings: Mutex<Vec<String>>,
}

/// What to do with one input URL.
enum Plan {
    /// Decided without the network (invalid URL, refused scheme).
    Decided(LinkStatus),
    /// Fetch the URL with this key (the URL without fragment).
    Fetch(String),
}

impl LinkChecker {
    /// A checker with `config` (normalised, see [`OnlineConfig::normalized`]) and an
    /// optional cache file; `None` is the no-cache mode. A corrupt or unreadable cache file
    /// is ignored and reported through [`LinkChecker::take_warnings`].
    #[must_use]
    pub fn new(config: OnlineConfig, cache: Option<CachePath>) -> Self {
        let config = config.normalized();
        let mut warnings = Vec::new();
        let cache = cache.map(|path| {
            let (cache, warning) = Cache::load(&path, Duration::from_secs(config.cache_max_age_secs));
            warnings.extend(warning);
            cache
        });
        let policy = DefaultPolicy { allow_private: config.allow_private };
        Self {
            strict_policy: !policy.allow_private,
            policy: Arc::new(policy),
            config,
            cache,
            names: Arc::new(SystemResolver),
            warnings: Mutex::new(warnings),
        }
    }

    /// Replaces the address policy (the default is [`DefaultPolicy`] with the config's
    /// `allow_private`). Tests use it to allow exactly their own loopback server.
    #[must_use]
    pub fn with_address_policy(mut self, policy: Arc<dyn AddressPolicy>) -> Self {
        self.policy = policy;
        self.strict_policy = false;
        self
    }

    /// Replaces the name resolver (the default is the system's). Tests use it to map
    /// names to addresses without sending DNS queries.
    #[must_use]
    pub fn with_name_resolver(mut self, names: Arc<dyn NameResolver>) -> Self {
        self.names = names;
        self
    }

    /// The configuration in use (normalised).
    #[must_use]
    pub const fn config(&self) -> &OnlineConfig {
        &self.config
    }

    /// Warnings gathered so far (corrupt cache file, cache not writable), emptied by the
    /// call. They concern the run, not a link: the engine prints them once.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn warn(&self, warning: String) {
        self.warnings.lock().unwrap_or_else(PoisonError::into_inner).push(warning);
    }

    /// Checks every URL and returns `(url, status)` in input order, one per input
    /// (duplicates, and URLs differing only in their fragment, are fetched once).
    ///
    /// Blocks until done; requests run on up to `max_concurrency` threads. `progress`,
    /// when given, is called on the calling thread with `(done, total)` counted in distinct
    /// URLs, after each one is settled. The cache file, if any, is written at the end.
    pub fn check_all(&self, urls: &[String], progress: Option<&dyn Fn(usize, usize)>) -> Vec<(String, LinkStatus)> {
        let plans: Vec<Plan> = urls.iter().map(|url| plan(url)).collect();

        // Distinct fetch keys, in first-seen order.
        let mut keys: Vec<&str> = Vec::new();
        let mut key_index: HashMap<&str, usize> = HashMap::new();
        for plan in &plans {
            if let Plan::Fetch(key) = plan {
                key_index.entry(key.as_str()).or_insert_with(|| {
                    keys.push(key.as_str());
                    keys.len() - 1
                });
            }
        }

        let now = SystemTime::now();
        let mut results: Vec<Option<LinkStatus>> = keys
            .iter()
            .map(|key| {
                let cache = self.cache.as_ref()?;
                cache.get(key, now, self.strict_policy, |code| self.config.accepts(code))
            })
            .collect();

        let jobs: Vec<Job> = keys
            .iter()
            .enumerate()
            .filter(|(index, _)| results[*index].is_none())
            .filter_map(|(index, key)| {
                let url = url::Url::parse(key).ok()?;
                let host = host_key(&url)?;
                Some(Job { index, host, url })
            })
            .collect();
        let total = keys.len();
        let mut done = total - jobs.len();
        if let Some(report) = progress {
            if done > 0 {
                report(done, total);
            }
        }

        if !jobs.is_empty() {
            let workers = self.config.max_concurrency.min(jobs.len());
            let scheduler = Scheduler::new(jobs, self.config.max_per_host);
            let client = Client::new(&self.config, Arc::clone(&self.names), Arc::clone(&self.policy));
            let (sender, receiver) = mpsc::channel::<(usize, LinkStatus)>();
            let work = |sender: &mpsc::Sender<(usize, LinkStatus)>| {
                while let Some((job, slot)) = scheduler.next_job() {
                    let status = check_guarded(&client, job.url, slot, &scheduler);
                    if sender.send((job.index, status)).is_err() {
                        break;
                    }
                }
            };
            std::thread::scope(|scope| {
                let mut started = 0;
                for number in 0..workers {
                    let sender = sender.clone();
                    let work = &work;
                    let spawned = std::thread::Builder::new()
                        .name(format!("cuadra-link-{number}"))
                        .spawn_scoped(scope, move || work(&sender));
                    if spawned.is_ok() {
                        started += 1;
                    }
                }
                if started == 0 {
                    // The OS refused every thread: check on this thread rather than not at all.
                    work(&sender);
                }
                // Only the workers hold senders now: the loop ends when the last one quits.
                drop(sender);
                for (index, status) in receiver {
                    results[index] = Some(status);
                    done += 1;
                    if let Some(report) = progress {
                        report(done, total);
                    }
                }
            });
        }

        let finished = SystemTime::now();
        if let Some(cache) = &self.cache {
            for (key, status) in keys.iter().zip(&results) {
                if let Some(status) = status {
                    cache.insert(key, status, finished, self.strict_policy);
                }
            }
            if let Err(warning) = cache.save(finished) {
                self.warn(warning);
            }
        }

        urls.iter()
            .zip(&plans)
            .map(|(url, plan)| {
                let status = match plan {
                    Plan::Decided(status) => status.clone(),
                    Plan::Fetch(key) => key_index
                        .get(key.as_str())
                        .and_then(|&index| results[index].clone())
                        // Unreachable unless a worker died; still, never report it as fine.
                        .unwrap_or_else(|| LinkStatus::Unverifiable { reason: "the check did not complete".into() }),
                };
                (url.clone(), status)
            })
            .collect()
    }
}

/// Checks one URL; a panic inside the HTTP stack (a bug, never expected) becomes an
/// `Unverifiable` result for that link instead of tearing down the whole run.
fn check_guarded<'s>(
    client: &Client<'_>,
    url: url::Url,
    slot: schedule::HostSlot<'s>,
    scheduler: &'s Scheduler,
) -> LinkStatus {
    let attempt = std::panic::AssertUnwindSafe(|| client.check(url, slot, scheduler));
    std::panic::catch_unwind(attempt)
        .unwrap_or_else(|_| LinkStatus::Unverifiable { reason: "internal error while checking this link".into() })
}

/// Parses one input URL into a fetch plan.
fn plan(raw: &str) -> Plan {
    let trimmed = raw.trim();
    let mut url = match url::Url::parse(trimmed) {
        Ok(url) => url,
        Err(error) => {
            return Plan::Decided(LinkStatus::Broken {
                reason: BrokenReason::InvalidUrl { detail: format!("{error}: {trimmed:?}") },
            });
        }
    };
    if let Err(reason) = check_scheme(url.scheme()) {
        return Plan::Decided(LinkStatus::Refused { reason });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Plan::Decided(LinkStatus::Broken {
            reason: BrokenReason::InvalidUrl { detail: format!("no host in {trimmed:?}") },
        });
    }
    url.set_fragment(None);
    Plan::Fetch(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<LinkChecker>();
        assert_send_sync::<LinkStatus>();
    }

    #[test]
    fn plans_refuse_and_reject_without_network() {
        assert!(matches!(plan("ftp://example.com/file"), Plan::Decided(LinkStatus::Refused { .. })));
        assert!(matches!(plan("file:///etc/passwd"), Plan::Decided(LinkStatus::Refused { .. })));
        assert!(matches!(plan("javascript:alert(1)"), Plan::Decided(LinkStatus::Refused { .. })));
        assert!(matches!(plan("http//example.com"), Plan::Decided(LinkStatus::Broken { .. })));
        assert!(matches!(plan("https://"), Plan::Decided(LinkStatus::Broken { .. })));
        assert!(matches!(plan(""), Plan::Decided(LinkStatus::Broken { .. })));
        match plan(" https://Example.COM/a b?x=ñ#sección ") {
            Plan::Fetch(key) => assert_eq!(key, "https://example.com/a%20b?x=%C3%B1"),
            Plan::Decided(status) => panic!("unexpected {status:?}"),
        }
    }

    #[test]
    fn decided_urls_come_back_in_order_without_requests() {
        let checker = LinkChecker::new(OnlineConfig::default(), None);
        let urls = vec!["ftp://a.example/".to_owned(), "not a url".to_owned(), "ftp://a.example/".to_owned()];
        let calls = std::cell::Cell::new(0);
        let progress = |_: usize, _: usize| calls.set(calls.get() + 1);
        let results = checker.check_all(&urls, Some(&progress));
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].0, "ftp://a.example/");
        assert!(matches!(results[0].1, LinkStatus::Refused { .. }));
        assert!(matches!(results[1].1, LinkStatus::Broken { .. }));
        assert_eq!(calls.get(), 0, "nothing was fetched, so there is no progress to report");
        assert!(checker.check_all(&[], None).is_empty());
    }
}
