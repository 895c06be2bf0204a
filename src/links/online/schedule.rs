//! Host-aware work distribution: at most `max_per_host` requests in flight to one host.
//!
//! Workers take the next job whose host has a free slot, so a long queue of links to one
//! slow site does not idle the workers that could be checking other sites (no head-of-line
//! blocking). A redirect to another host gives up its slot before waiting for the next
//! host's slot: a worker never holds one slot while waiting for another, so slots cannot
//! deadlock, and every wait ends because every slot holder is bounded by timeouts.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// One URL to check: its index among the distinct URLs, its host key, and the URL.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub index: usize,
    pub host: String,
    pub url: url::Url,
}

#[derive(Debug, Default)]
struct State {
    /// Pending jobs per host.
    pending: HashMap<String, VecDeque<Job>>,
    /// Hosts with pending jobs, in round-robin order.
    order: VecDeque<String>,
    /// Requests in flight per host.
    active: HashMap<String, usize>,
}

/// The shared queue and per-host slot counter.
#[derive(Debug)]
pub(crate) struct Scheduler {
    max_per_host: usize,
    state: Mutex<State>,
    freed: Condvar,
}

/// A slot for one host, released on drop.
#[derive(Debug)]
pub(crate) struct HostSlot<'a> {
    scheduler: &'a Scheduler,
    host: String,
}

impl HostSlot<'_> {
    /// The host this slot is for.
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl Drop for HostSlot<'_> {
    fn drop(&mut self) {
        let mut state = self.scheduler.lock();
        if let Some(count) = state.active.get_mut(&self.host) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                state.active.remove(&self.host);
            }
        }
        drop(state);
        self.scheduler.freed.notify_all();
    }
}

impl Scheduler {
    pub fn new(jobs: Vec<Job>, max_per_host: usize) -> Self {
        let mut state = State::default();
        for job in jobs {
            if !state.pending.contains_key(&job.host) {
                state.order.push_back(job.host.clone());
            }
            state.pending.entry(job.host.clone()).or_default().push_back(job);
        }
        Self { max_per_host: max_per_host.max(1), state: Mutex::new(state), freed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking worker cannot leave the counters inconsistent (each update is a
        // single step), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next job whose host has a free slot, with that slot; `None` when no job is left.
    /// Blocks while jobs remain but all their hosts are busy.
    pub fn next_job(&self) -> Option<(Job, HostSlot<'_>)> {
        let mut state = self.lock();
        loop {
            if state.order.is_empty() {
                return None;
            }
            let max = self.max_per_host;
            let free = state.order.iter().position(|host| state.active.get(host).copied().unwrap_or(0) < max);
            if let Some(position) = free {
                let host = state.order.remove(position).unwrap_or_default();
                let queue = state.pending.get_mut(&host);
                let job = queue.and_then(VecDeque::pop_front);
                let more = state.pending.get(&host).is_some_and(|queue| !queue.is_empty());
                if more {
                    // Round robin: the host goes to the back so other hosts get a turn.
                    state.order.push_back(host.clone());
                } else {
                    state.pending.remove(&host);
                }
                if let Some(job) = job {
                    *state.active.entry(host.clone()).or_insert(0) += 1;
                    return Some((job, HostSlot { scheduler: self, host }));
                }
                continue;
            }
            state = self.freed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A slot for `host` (used for redirect hops); blocks until one is free. The caller
    /// must not hold another slot while calling this.
    pub fn acquire(&self, host: &str) -> HostSlot<'_> {
        let mut state = self.lock();
        while state.active.get(host).copied().unwrap_or(0) >= self.max_per_host {
            state = self.freed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        *state.active.entry(host.to_owned()).or_insert(0) += 1;
        HostSlot { scheduler: self, host: host.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn job(index: usize, host: &str) -> Job {
        Job { index, host: host.to_owned(), url: url::Url::parse(&format!("http://{host}/{index}")).unwrap() }
    }

    #[test]
    fn per_host_limit_holds_under_concurrency() {
        let jobs: Vec<Job> = (0..40).map(|i| job(i, if i % 4 == 0 { "b.test" } else { "a.test" })).collect();
        let scheduler = Scheduler::new(jobs, 2);
        let in_flight: HashMap<&str, AtomicUsize> =
            [("a.test", AtomicUsize::new(0)), ("b.test", AtomicUsize::new(0))].into();
        let peak = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    while let Some((job, slot)) = scheduler.next_job() {
                        let now = in_flight[job.host.as_str()].fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        in_flight[job.host.as_str()].fetch_sub(1, Ordering::SeqCst);
                        drop(slot);
                        done.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 40);
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn busy_host_does_not_block_other_hosts() {
        let scheduler = Scheduler::new(vec![job(0, "a.test"), job(1, "a.test"), job(2, "b.test")], 1);
        let (first, _slot_a) = scheduler.next_job().unwrap();
        assert_eq!(first.host, "a.test");
        // a.test is busy: the next job handed out is b.test's, not a blocked wait.
        let (second, slot_b) = scheduler.next_job().unwrap();
        assert_eq!((second.host.as_str(), slot_b.host()), ("b.test", "b.test"));
    }

    #[test]
    fn redirect_slot_waits_for_release() {
        let scheduler = Scheduler::new(vec![], 1);
        let held = scheduler.acquire("c.test");
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| scheduler.acquire("c.test").host().to_owned());
            std::thread::sleep(Duration::from_millis(20));
            assert!(!waiter.is_finished());
            drop(held);
            assert_eq!(waiter.join().unwrap(), "c.test");
        });
        assert!(scheduler.next_job().is_none());
    }
}
