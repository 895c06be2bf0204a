//! Integration tests of the online link checker against local HTTP servers on 127.0.0.1.
//!
//! No test touches the internet: every URL points at a server started here, at a name
//! resolved by a fixed in-test table, or at an address the policy must refuse before any
//! connection. Every server thread, wait and loop is bounded.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use cuadra::links::online::{
    AddressPolicy, BrokenReason, CachePath, DefaultPolicy, LinkChecker, LinkStatus, NameResolver, OnlineConfig,
    ResolveError,
};

// ---------------------------------------------------------------------------------------
// A small HTTP/1.1 server: one thread per connection, `Connection: close` answers.

/// A parsed request, as much as the routes need.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
}

/// What a route answers.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
}

enum Body {
    Bytes(Vec<u8>),
    /// Chunks of 1 KiB written until the client hangs up (bounded by `ENDLESS_LIMIT`).
    Endless,
}

const ENDLESS_LIMIT: Duration = Duration::from_secs(10);

impl Response {
    fn status(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: Body::Bytes(b"hello".to_vec()), delay: Duration::ZERO }
    }

    fn redirect(status: u16, location: &str) -> Self {
        Self::status(status).header("Location", location)
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

type Route = dyn Fn(&Request, &Hits) -> Response + Send + Sync;

/// Request counters, per `METHOD path` and in total, plus the peak of requests in flight.
#[derive(Default)]
struct Hits {
    by_route: Mutex<HashMap<String, usize>>,
    total: AtomicUsize,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
}

impl Hits {
    /// Number of requests for `path` (any method).
    fn path(&self, path: &str) -> usize {
        let map = self.by_route.lock().unwrap();
        map.iter().filter(|(key, _)| key.split_once(' ').is_some_and(|(_, p)| p == path)).map(|(_, n)| n).sum()
    }

    fn method(&self, method: &str, path: &str) -> usize {
        *self.by_route.lock().unwrap().get(&format!("{method} {path}")).unwrap_or(&0)
    }

    /// How many requests for `path` came before this one (0 for the first).
    fn seen_before(&self, path: &str) -> usize {
        self.path(path) - 1
    }
}

struct TestServer {
    addr: SocketAddr,
    hits: Arc<Hits>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl TestServer {
    fn start(route: impl Fn(&Request, &Hits) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(Hits::default());
        let stop = Arc::new(AtomicBool::new(false));
        let route: Arc<Route> = Arc::new(route);
        let acceptor = {
            let (hits, stop) = (Arc::clone(&hits), Arc::clone(&stop));
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (hits, route) = (Arc::clone(&hits), Arc::clone(&route));
                    thread::spawn(move || serve(stream, &hits, &*route));
                }
            })
        };
        Self { addr, hits, stop, acceptor: Some(acceptor) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn serve(stream: TcpStream, hits: &Hits, route: &Route) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&stream) else {
        return;
    };
    *hits.by_route.lock().unwrap().entry(format!("{} {}", request.method, request.path)).or_insert(0) += 1;
    hits.total.fetch_add(1, Ordering::SeqCst);
    let now = hits.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    hits.peak_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = route(&request, hits);
    thread::sleep(response.delay);
    // Done before the answer leaves: once the client has read it, it may rightly send the
    // next request to this host, and counting this one still in flight would be a race.
    hits.in_flight.fetch_sub(1, Ordering::SeqCst);
    write_response(stream, &request, response);
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    // Skip the headers (bounded by the `take` above).
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    Some(Request { method, path })
}

fn write_response(mut stream: TcpStream, request: &Request, response: Response) {
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Whatever",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\nConnection: close\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match response.body {
        Body::Bytes(body) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let _ = stream.write_all(head.as_bytes());
            if request.method != "HEAD" {
                let _ = stream.write_all(&body);
            }
        }
        Body::Endless => {
            head.push_str("Content-Type: text/html\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            let started = Instant::now();
            let chunk = [b'x'; 1024];
            while request.method != "HEAD" && started.elapsed() < ENDLESS_LIMIT {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

/// The routes most tests use.
fn standard_routes(other: Option<SocketAddr>) -> impl Fn(&Request, &Hits) -> Response + Send + Sync + 'static {
    move |request, hits| {
        let path = request.path.as_str();
        let route = path.split('?').next().unwrap_or(path);
        match route {
            "/ok" => Response::status(200),
            "/chain/1" => Response::redirect(301, "/chain/2"),
            "/chain/2" => Response::redirect(308, "/chain/3#frag"),
            "/chain/3" => Response::status(200),
            "/temporary" => Response::redirect(302, "/ok"),
            "/moved-then-missing" => Response::redirect(301, "/missing"),
            "/missing" => Response::status(404),
            "/gone" => Response::status(410),
            "/forbidden" => Response::status(403),
            "/rate" if hits.seen_before(path) == 0 => Response::status(429).header("Retry-After", "1"),
            "/rate" => Response::status(200),
            "/rate-long" => Response::status(429).header("Retry-After", "3600"),
            "/flaky" if hits.seen_before(path) == 0 => Response::status(500),
            "/flaky" => Response::status(200),
            "/always-500" => Response::status(500),
            "/head-405" if request.method == "HEAD" => Response::status(405),
            "/head-405" => Response::status(200),
            "/head-404" if request.method == "HEAD" => Response::status(404),
            "/head-404" => Response::status(200),
            "/self" => Response::redirect(302, "/self"),
            "/to-ftp" => Response::redirect(302, "ftp://127.0.0.1/pub"),
            "/to-metadata" => Response::redirect(302, "http://169.254.169.254/latest/meta-data/"),
            "/to-mapped-loopback" => Response::redirect(302, "http://[::ffff:127.0.0.1]:9/"),
            "/to-other" => match other {
                Some(addr) => Response::redirect(302, &format!("http://{addr}/ok")),
                None => Response::status(500),
            },
            "/endless" if request.method == "HEAD" => Response::status(405),
            "/endless" => Response { body: Body::Endless, ..Response::status(200) },
            "/slow" => Response { delay: Duration::from_millis(100), ..Response::status(200) },
            _ if route.starts_with("/loop/") => {
                let n: u32 = path["/loop/".len()..].parse().unwrap_or(0);
                Response::redirect(301, &format!("/loop/{}", n + 1))
            }
            _ => Response::status(404),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers.

/// Small timings so the suite stays fast: 1 s timeout, 10 ms backoff base.
fn test_config(allow_private: bool) -> OnlineConfig {
    OnlineConfig {
        timeout_secs: 1,
        retry_base_ms: 10,
        max_retries: 2,
        max_retry_after_secs: 5,
        allow_private,
        ..OnlineConfig::default()
    }
}

fn check_one(checker: &LinkChecker, url: &str) -> LinkStatus {
    let mut results = checker.check_all(&[url.to_owned()], None);
    assert_eq!(results.len(), 1);
    results.pop().unwrap().1
}

/// Allows exactly one socket address (the test server); everything else is judged by the
/// strict default policy, so other private targets stay refused.
#[derive(Debug)]
struct OnlyThisServer {
    allowed: SocketAddr,
}

impl AddressPolicy for OnlyThisServer {
    fn check(&self, addr: SocketAddr) -> Result<(), String> {
        if addr == self.allowed { Ok(()) } else { DefaultPolicy { allow_private: false }.check(addr) }
    }
}

/// A fixed name table instead of DNS.
#[derive(Debug)]
struct FixedNames(Vec<(&'static str, SocketAddr)>);

impl NameResolver for FixedNames {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        let found: Vec<SocketAddr> = self
            .0
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, addr)| SocketAddr::new(addr.ip(), port))
            .collect();
        if found.is_empty() { Err(ResolveError::NoSuchHost) } else { Ok(found) }
    }
}

fn is_refused(status: &LinkStatus) -> bool {
    matches!(status, LinkStatus::Refused { .. })
}

// ---------------------------------------------------------------------------------------
// Status classification.

#[test]
fn ok_and_broken_statuses() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    assert_eq!(check_one(&checker, &server.url("/ok")), LinkStatus::Ok { code: 200 });
    assert_eq!(
        check_one(&checker, &server.url("/missing")),
        LinkStatus::Broken { reason: BrokenReason::Status { code: 404, final_url: None } }
    );
    assert_eq!(
        check_one(&checker, &server.url("/gone")),
        LinkStatus::Broken { reason: BrokenReason::Status { code: 410, final_url: None } }
    );
    let forbidden = check_one(&checker, &server.url("/forbidden"));
    assert!(matches!(&forbidden, LinkStatus::Unverifiable { reason } if reason.contains("403")), "{forbidden:?}");
    // The fragment is not sent, and the first request for /ok was a HEAD.
    assert_eq!(check_one(&checker, &server.url("/ok#section")), LinkStatus::Ok { code: 200 });
    assert!(server.hits.method("HEAD", "/ok") >= 1);
    assert_eq!(server.hits.method("GET", "/ok"), 0, "a HEAD success needs no GET");
}

#[test]
fn permanent_redirect_chain_is_reported_with_final_url() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    assert_eq!(
        check_one(&checker, &server.url("/chain/1")),
        LinkStatus::Redirected { code: 200, final_url: server.url("/chain/3"), permanent: true }
    );
    assert_eq!(
        check_one(&checker, &server.url("/temporary")),
        LinkStatus::Redirected { code: 200, final_url: server.url("/ok"), permanent: false }
    );
    assert_eq!(
        check_one(&checker, &server.url("/moved-then-missing")),
        LinkStatus::Broken { reason: BrokenReason::Status { code: 404, final_url: Some(server.url("/missing")) } }
    );
}

#[test]
fn too_many_redirects_and_loops_are_unverifiable() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(OnlineConfig { max_redirects: 3, ..test_config(true) }, None);
    let status = check_one(&checker, &server.url("/loop/0"));
    assert!(
        matches!(&status, LinkStatus::Unverifiable { reason } if reason.contains("too many redirects")),
        "{status:?}"
    );
    // Exactly max_redirects hops were followed, plus the first request: /loop/0 ..= /loop/3.
    assert_eq!(server.hits.path("/loop/3"), 1);
    assert_eq!(server.hits.path("/loop/4"), 0);
    let status = check_one(&checker, &server.url("/self"));
    assert!(matches!(&status, LinkStatus::Unverifiable { reason } if reason.contains("loop")), "{status:?}");
}

#[test]
fn head_405_falls_back_to_get() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    assert_eq!(check_one(&checker, &server.url("/head-405")), LinkStatus::Ok { code: 200 });
    assert_eq!(server.hits.method("HEAD", "/head-405"), 1);
    assert_eq!(server.hits.method("GET", "/head-405"), 1);
    // A server that answers 404 to HEAD only is not reported broken.
    let fresh = LinkChecker::new(test_config(true), None);
    assert_eq!(check_one(&fresh, &server.url("/head-404")), LinkStatus::Ok { code: 200 });
}

#[test]
fn get_body_is_capped() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(OnlineConfig { max_body_bytes: 4096, timeout_secs: 5, ..test_config(true) }, None);
    let started = Instant::now();
    assert_eq!(check_one(&checker, &server.url("/endless")), LinkStatus::Ok { code: 200 });
    assert!(started.elapsed() < Duration::from_secs(4), "the endless body was not cut off: {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------
// Retries and timeouts.

#[test]
fn retry_after_is_honoured_on_429() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    let started = Instant::now();
    assert_eq!(check_one(&checker, &server.url("/rate")), LinkStatus::Ok { code: 200 });
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "Retry-After: 1 was not honoured ({waited:?})");
    assert!(waited < Duration::from_secs(4), "{waited:?}");
    assert_eq!(server.hits.path("/rate"), 2);
}

#[test]
fn retry_after_beyond_the_cap_is_not_waited_for() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    let started = Instant::now();
    let status = check_one(&checker, &server.url("/rate-long"));
    assert!(matches!(&status, LinkStatus::Unverifiable { reason } if reason.contains("429")), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.hits.path("/rate-long"), 1, "neither retried nor re-asked with GET");
}

#[test]
fn server_error_is_retried_then_succeeds() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    assert_eq!(check_one(&checker, &server.url("/flaky")), LinkStatus::Ok { code: 200 });
    assert_eq!(server.hits.path("/flaky"), 2);
}

#[test]
fn persistent_server_error_is_unverifiable_after_bounded_retries() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    let status = check_one(&checker, &server.url("/always-500"));
    assert!(matches!(&status, LinkStatus::Unverifiable { reason } if reason.contains("500")), "{status:?}");
    // HEAD: 1 + 2 retries; GET fallback: 1 + 2 retries.
    assert_eq!(server.hits.path("/always-500"), 6);
}

#[test]
fn silent_server_times_out() {
    // Accepts connections and never answers; the held streams are dropped at the end.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let holder = {
        let done = Arc::clone(&done);
        thread::spawn(move || {
            let mut held = Vec::new();
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(20) {
                if let Ok((stream, _)) = listener.accept() {
                    held.push(stream);
                }
                thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let checker = LinkChecker::new(test_config(true), None);
    let started = Instant::now();
    let status = check_one(&checker, &format!("http://{addr}/never"));
    let elapsed = started.elapsed();
    done.store(true, Ordering::SeqCst);
    holder.join().unwrap();
    assert!(matches!(&status, LinkStatus::Unverifiable { reason } if reason.contains("timed out")), "{status:?}");
    assert!(elapsed < Duration::from_secs(5), "timeouts must not be retried at length: {elapsed:?}");
}

#[test]
fn refused_connection_is_broken() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let checker = LinkChecker::new(test_config(true), None);
    let status = check_one(&checker, &format!("http://127.0.0.1:{port}/"));
    assert!(matches!(status, LinkStatus::Broken { reason: BrokenReason::ConnectionRefused { .. } }), "{status:?}");
}

#[test]
fn tls_trouble_is_unverifiable_not_broken() {
    // TLS spoken to a plain-HTTP server: the handshake fails.
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(true), None);
    let status = check_one(&checker, &format!("https://{}/ok", server.addr));
    assert!(matches!(status, LinkStatus::Unverifiable { .. }), "{status:?}");
}

// ---------------------------------------------------------------------------------------
// Safety.

#[test]
fn private_addresses_are_refused_by_default_without_any_request() {
    let server = TestServer::start(standard_routes(None));
    let checker = LinkChecker::new(test_config(false), None);
    for url in [server.url("/ok"), format!("http://localhost:{}/ok", server.addr.port())] {
        let status = check_one(&checker, &url);
        assert!(matches!(&status, LinkStatus::Refused { reason } if reason.contains("loopback")), "{url}: {status:?}");
    }
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:9/",
        "http://[fd00:ec2::254]/",
        "http://10.0.0.1/",
        "http://0.0.0.0:9/",
        // Other spellings of loopback, normalised by the URL parser before resolution.
        "http://127.1:9/",
        "http://2130706433:9/",
        "http://0x7f.0.0.1:9/",
        "http://[::1]:9/",
    ] {
        assert!(is_refused(&check_one(&checker, url)), "{url}");
    }
    assert_eq!(server.hits.total.load(Ordering::SeqCst), 0);
}

#[test]
fn non_http_schemes_are_refused() {
    let checker = LinkChecker::new(test_config(true), None);
    for url in ["ftp://127.0.0.1/pub", "file:///etc/passwd", "gopher://127.0.0.1:70/"] {
        let status = check_one(&checker, url);
        assert!(matches!(&status, LinkStatus::Refused { reason } if reason.contains("scheme")), "{url}: {status:?}");
    }
}

#[test]
fn every_redirect_hop_is_vetted() {
    let other = TestServer::start(standard_routes(None));
    let server = TestServer::start(standard_routes(Some(other.addr)));
    let policy = Arc::new(OnlyThisServer { allowed: server.addr });
    let checker = LinkChecker::new(test_config(false), None).with_address_policy(policy);

    // The allowed server itself works.
    assert_eq!(check_one(&checker, &server.url("/ok")), LinkStatus::Ok { code: 200 });
    // A redirect to another loopback port is refused, and that server never hears of it.
    let status = check_one(&checker, &server.url("/to-other"));
    assert!(
        matches!(&status, LinkStatus::Refused { reason } if reason.contains("loopback") && reason.starts_with("redirects to")),
        "{status:?}"
    );
    assert_eq!(other.hits.total.load(Ordering::SeqCst), 0);
    // Metadata endpoint and IPv4-mapped loopback behind a redirect.
    let status = check_one(&checker, &server.url("/to-metadata"));
    assert!(matches!(&status, LinkStatus::Refused { reason } if reason.contains("169.254.169.254")), "{status:?}");
    assert!(is_refused(&check_one(&checker, &server.url("/to-mapped-loopback"))));
    // A redirect to another scheme.
    let status = check_one(&checker, &server.url("/to-ftp"));
    assert!(matches!(&status, LinkStatus::Refused { reason } if reason.contains("ftp")), "{status:?}");
}

#[test]
fn names_are_vetted_after_resolution() {
    let server = TestServer::start(standard_routes(None));
    let names = Arc::new(FixedNames(vec![
        ("allowed.test", server.addr),
        ("rebinding.test", "10.1.2.3:0".parse().unwrap()),
        ("metadata.test", "169.254.169.254:0".parse().unwrap()),
    ]));
    let policy = Arc::new(OnlyThisServer { allowed: server.addr });
    let checker = LinkChecker::new(test_config(false), None).with_address_policy(policy).with_name_resolver(names);
    let port = server.addr.port();
    assert_eq!(check_one(&checker, &format!("http://allowed.test:{port}/ok")), LinkStatus::Ok { code: 200 });
    let status = check_one(&checker, &format!("http://rebinding.test:{port}/ok"));
    assert!(
        matches!(&status, LinkStatus::Refused { reason } if reason.contains("rebinding.test resolves to 10.1.2.3"))
    );
    assert!(is_refused(&check_one(&checker, "http://metadata.test/latest/")));
    let status = check_one(&checker, "https://no-such-name.test/");
    assert_eq!(status, LinkStatus::Broken { reason: BrokenReason::HostNotFound { host: "no-such-name.test".into() } });
    assert_eq!(server.hits.total.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------
// Cache.

#[test]
fn cache_serves_successes_and_never_failures() {
    let server = TestServer::start(standard_routes(None));
    let dir = tempfile::tempdir().unwrap();
    let cache = CachePath::new(dir.path().join(".cuadra-cache"));
    let urls = vec![server.url("/ok"), server.url("/chain/1"), server.url("/missing"), server.url("/forbidden")];

    let first = LinkChecker::new(test_config(true), Some(cache.clone())).check_all(&urls, None);
    let hits_after_first = server.hits.total.load(Ordering::SeqCst);
    let missing_after_first = server.hits.path("/missing");
    assert!(first[0].1.is_ok() && first[1].1.is_ok() && !first[2].1.is_ok() && !first[3].1.is_ok());

    let second_checker = LinkChecker::new(test_config(true), Some(cache.clone()));
    assert!(second_checker.take_warnings().is_empty());
    let second = second_checker.check_all(&urls, None);
    assert_eq!(first, second, "same answers from the cache");
    assert_eq!(server.hits.path("/ok"), 1, "/ok came from the cache");
    assert_eq!(server.hits.path("/chain/1"), 1, "/chain/1 came from the cache");
    assert!(server.hits.path("/missing") > missing_after_first, "failures are checked again");
    assert!(server.hits.total.load(Ordering::SeqCst) > hits_after_first);

    let file = std::fs::read_to_string(cache.path()).unwrap();
    assert!(file.contains("/chain/1") && !file.contains("/missing") && !file.contains("/forbidden"));

    // No-cache mode asks again.
    let uncached = LinkChecker::new(test_config(true), None).check_all(&urls[..1], None);
    assert!(uncached[0].1.is_ok());
    assert_eq!(server.hits.path("/ok"), 2);
}

#[test]
fn corrupt_cache_is_ignored_with_a_warning_and_replaced() {
    let server = TestServer::start(standard_routes(None));
    let dir = tempfile::tempdir().unwrap();
    let cache = CachePath::new(dir.path().join("cache.json"));
    std::fs::write(cache.path(), "{\"version\": 1, \"entries\": {\"x\": tru").unwrap();
    let checker = LinkChecker::new(test_config(true), Some(cache.clone()));
    let warnings = checker.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("corrupt"));
    assert_eq!(check_one(&checker, &server.url("/ok")), LinkStatus::Ok { code: 200 });
    let reloaded = LinkChecker::new(test_config(true), Some(cache));
    assert!(reloaded.take_warnings().is_empty(), "the corrupt file was replaced by a valid one");
}

#[test]
fn strict_run_does_not_reuse_results_of_a_lax_run() {
    let server = TestServer::start(standard_routes(None));
    let dir = tempfile::tempdir().unwrap();
    let cache = CachePath::new(dir.path().join("cache.json"));
    let lax = LinkChecker::new(test_config(true), Some(cache.clone()));
    assert!(check_one(&lax, &server.url("/ok")).is_ok());
    let strict = LinkChecker::new(test_config(false), Some(cache));
    assert!(is_refused(&check_one(&strict, &server.url("/ok"))));
}

// ---------------------------------------------------------------------------------------
// Concurrency, deduplication, order, progress.

#[test]
fn per_host_limit_order_dedup_and_progress() {
    let server = TestServer::start(standard_routes(None));
    let config = OnlineConfig { max_per_host: 2, max_concurrency: 8, ..test_config(true) };
    let checker = LinkChecker::new(config, None);
    let mut urls: Vec<String> = (0..12).map(|i| server.url(&format!("/slow?n={i}"))).collect();
    urls.push(server.url("/missing"));
    urls.push(server.url("/slow?n=0#again")); // same resource as the first one
    urls.push("ftp://127.0.0.1/".to_owned());

    let calls = Mutex::new(Vec::new());
    let progress = |done: usize, total: usize| calls.lock().unwrap().push((done, total));
    let results = checker.check_all(&urls, Some(&progress));

    assert_eq!(results.iter().map(|(url, _)| url.clone()).collect::<Vec<_>>(), urls, "input order");
    assert!(results[..12].iter().all(|(_, status)| *status == LinkStatus::Ok { code: 200 }));
    assert!(matches!(results[12].1, LinkStatus::Broken { .. }));
    assert_eq!(results[13].1, LinkStatus::Ok { code: 200 });
    assert!(is_refused(&results[14].1));
    assert_eq!(server.hits.total.load(Ordering::SeqCst), 12 + 2, "12 slow URLs once each, /missing by HEAD and GET");
    assert!(server.hits.peak_in_flight.load(Ordering::SeqCst) <= 2, "per-host limit exceeded");
    let calls = calls.into_inner().unwrap();
    assert_eq!(calls.last(), Some(&(13, 13)));
    assert!(calls.windows(2).all(|pair| pair[0].0 < pair[1].0), "{calls:?}");
}
