//! Name resolution with the safety check built in.
//!
//! ureq asks its [`Resolver`] for the socket addresses of each connection and then connects
//! to exactly those addresses (we run without a proxy, so nothing else resolves the name).
//! [`VettingResolver`] resolves the name itself, drops every address the
//! [`AddressPolicy`] refuses, and hands ureq only the vetted ones: the address that is
//! checked is the address that is dialled, so a DNS answer that changes between a check
//! and a connect (rebinding) cannot slip a private target through. When nothing survives,
//! resolution fails with a [`Refusal`] payload that the checker reports as `Refused`.

use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

use super::safety::{AddressPolicy, Refusal};

/// Why a host name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The name does not exist (or has no address): the link is broken.
    NoSuchHost,
    /// The lookup itself failed (no network, resolver down, timeout): nothing is known.
    LookupFailed(String),
}

/// Turns a host name into socket addresses. The system resolver is the default; tests
/// inject a fixed table so that they never send a DNS query.
pub trait NameResolver: fmt::Debug + Send + Sync + 'static {
    /// Resolves `host` (a name, never an IP literal) for `port`.
    ///
    /// # Errors
    /// [`ResolveError::NoSuchHost`] when the name does not exist,
    /// [`ResolveError::LookupFailed`] when the lookup could not be completed.
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError>;
}

/// The operating system's resolver (`getaddrinfo` through std).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl NameResolver for SystemResolver {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        match (host, port).to_socket_addrs() {
            Ok(addrs) => {
                let addrs: Vec<SocketAddr> = addrs.collect();
                if addrs.is_empty() { Err(ResolveError::NoSuchHost) } else { Ok(addrs) }
            }
            Err(error) => Err(classify_lookup_error(&error.to_string())),
        }
    }
}

/// std reports `getaddrinfo` failures only as text (`gai_strerror`), so the distinction
/// between "no such name" (a broken link) and "could not ask" (offline CI, resolver down:
/// nothing is known) has to be read from it. Anything unrecognised counts as a failed
/// lookup, which is the cautious side: a warning, not a false "broken".
fn classify_lookup_error(message: &str) -> ResolveError {
    let lower = message.to_ascii_lowercase();
    let no_such_name = ["name or service not known", "no address associated", "nodename nor servname", "no such host"];
    if no_such_name.iter().any(|pattern| lower.contains(pattern)) {
        ResolveError::NoSuchHost
    } else {
        ResolveError::LookupFailed(message.to_owned())
    }
}

/// The marker payload for "the DNS answer says this name does not exist".
#[derive(Debug)]
pub(crate) struct HostNotFound {
    pub host: String,
}

impl fmt::Display for HostNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "host not found: {}", self.host)
    }
}

impl std::error::Error for HostNotFound {}

/// The payload for "the lookup could not be completed".
#[derive(Debug)]
pub(crate) struct LookupFailed {
    pub host: String,
    pub detail: String,
}

impl fmt::Display for LookupFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DNS lookup of {} failed: {}", self.host, self.detail)
    }
}

impl std::error::Error for LookupFailed {}

/// The ureq resolver that resolves and vets (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct VettingResolver {
    pub names: Arc<dyn NameResolver>,
    pub policy: Arc<dyn AddressPolicy>,
}

impl VettingResolver {
    /// Resolves `host` with a deadline: `getaddrinfo` cannot be cancelled, so a slow lookup
    /// runs on its own thread and is abandoned (it finishes in the background) when the
    /// deadline passes.
    fn lookup(&self, host: &str, port: u16, deadline: Option<Duration>) -> Result<Vec<SocketAddr>, ureq::Error> {
        let result = match deadline {
            None => self.names.resolve(host, port),
            Some(deadline) => {
                let (sender, receiver) = mpsc::sync_channel(1);
                let names = Arc::clone(&self.names);
                let owned_host = host.to_owned();
                thread::Builder::new()
                    .name("cuadra-dns".into())
                    .spawn(move || {
                        // The receiver may be gone after a timeout; nothing to do then.
                        let _ = sender.send(names.resolve(&owned_host, port));
                    })
                    .map_err(ureq::Error::Io)?;
                match receiver.recv_timeout(deadline) {
                    Ok(result) => result,
                    Err(_) => return Err(ureq::Error::Timeout(ureq::Timeout::Resolve)),
                }
            }
        };
        result.map_err(|error| match error {
            ResolveError::NoSuchHost => ureq::Error::Other(Box::new(HostNotFound { host: host.to_owned() })),
            ResolveError::LookupFailed(detail) => {
                ureq::Error::Other(Box::new(LookupFailed { host: host.to_owned(), detail }))
            }
        })
    }

    /// Keeps the addresses the policy allows; refuses when none is left.
    fn vet(&self, host: &str, candidates: &[SocketAddr]) -> Result<Vec<SocketAddr>, Refusal> {
        let mut allowed = Vec::with_capacity(candidates.len());
        let mut first_reason = None;
        for &addr in candidates {
            match self.policy.check(addr) {
                Ok(()) => allowed.push(addr),
                Err(reason) => {
                    first_reason.get_or_insert(reason);
                }
            }
        }
        if allowed.is_empty() {
            let reason = first_reason.unwrap_or_else(|| "no address to connect to".to_owned());
            let reason = if host.parse::<IpAddr>().is_ok() { reason } else { format!("{host} resolves to {reason}") };
            Err(Refusal { reason })
        } else {
            Ok(allowed)
        }
    }
}

impl Resolver for VettingResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let _ = config; // Address family preferences are left to the OS resolver.
        let authority = uri.authority().ok_or_else(|| ureq::Error::BadUri(format!("{uri} has no host")))?;
        let port = authority
            .port_u16()
            .or_else(|| match uri.scheme_str() {
                Some(scheme) if scheme.eq_ignore_ascii_case("https") => Some(443),
                Some(scheme) if scheme.eq_ignore_ascii_case("http") => Some(80),
                _ => None,
            })
            .ok_or_else(|| ureq::Error::BadUri(format!("{uri}: unknown scheme")))?;
        // `Authority::host` keeps IPv6 brackets: `[::1]`.
        let host = authority.host();
        let bare_host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let candidates = match bare_host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => {
                let deadline = (!timeout.after.is_not_happening()).then(|| *timeout.after);
                self.lookup(bare_host, port, deadline)?
            }
        };
        let vetted = self.vet(bare_host, &candidates).map_err(|refusal| ureq::Error::Other(Box::new(refusal)))?;
        let mut out = self.empty();
        // ureq keeps at most 16 addresses; `push` past that would panic.
        for addr in vetted.into_iter().take(16) {
            out.push(addr);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::online::safety::DefaultPolicy;

    #[derive(Debug)]
    struct Table(Vec<(&'static str, Vec<SocketAddr>)>);

    impl NameResolver for Table {
        fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
            let found = self.0.iter().find(|(name, _)| *name == host).ok_or(ResolveError::NoSuchHost)?;
            Ok(found.1.iter().map(|addr| SocketAddr::new(addr.ip(), port)).collect())
        }
    }

    fn resolver(allow_private: bool) -> VettingResolver {
        let table = Table(vec![
            ("public.test", vec!["93.184.216.34:0".parse().unwrap()]),
            ("mixed.test", vec!["10.0.0.1:0".parse().unwrap(), "93.184.216.34:0".parse().unwrap()]),
            ("rebind.test", vec!["169.254.169.254:0".parse().unwrap()]),
        ]);
        VettingResolver { names: Arc::new(table), policy: Arc::new(DefaultPolicy { allow_private }) }
    }

    fn resolve(resolver: &VettingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().unwrap();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::Exact(Duration::from_secs(2)),
            reason: ureq::Timeout::Resolve,
            ..NextTimeout::default()
        };
        resolver.resolve(&uri, &Config::default(), timeout).map(|addrs| addrs.iter().copied().collect())
    }

    fn refusal(error: &ureq::Error) -> Option<&Refusal> {
        match error {
            ureq::Error::Other(payload) => payload.downcast_ref::<Refusal>(),
            _ => None,
        }
    }

    #[test]
    fn vets_after_resolution_and_keeps_only_allowed_addresses() {
        let strict = resolver(false);
        assert_eq!(resolve(&strict, "https://public.test/x").unwrap(), vec!["93.184.216.34:443".parse().unwrap()]);
        assert_eq!(resolve(&strict, "http://mixed.test/").unwrap(), vec!["93.184.216.34:80".parse().unwrap()]);
        let error = resolve(&strict, "http://rebind.test/").unwrap_err();
        assert!(refusal(&error).unwrap().reason.contains("rebind.test resolves to 169.254.169.254"));
        let error = resolve(&strict, "http://[::ffff:127.0.0.1]:8080/").unwrap_err();
        assert!(refusal(&error).unwrap().reason.contains("loopback"));
        assert!(resolve(&resolver(true), "http://127.0.0.1:9/").is_ok());
        assert!(refusal(&resolve(&resolver(true), "http://169.254.169.254/").unwrap_err()).is_some());
    }

    #[test]
    fn unknown_names_are_reported_as_not_found() {
        let error = resolve(&resolver(false), "http://nowhere.test/").unwrap_err();
        assert!(matches!(&error, ureq::Error::Other(p) if p.downcast_ref::<HostNotFound>().is_some()));
    }

    #[test]
    fn lookup_errors_are_told_apart() {
        assert_eq!(
            classify_lookup_error("failed to lookup address information: Name or service not known"),
            ResolveError::NoSuchHost
        );
        assert!(matches!(
            classify_lookup_error("failed to lookup address information: Temporary failure in name resolution"),
            ResolveError::LookupFailed(_)
        ));
    }
}
