//! Online link checking from untrusted drafts: what tests/online_links.rs leaves out.
//! Redirects to every spelling of loopback and to the metadata address are refused without
//! contacting them; only http and https are fetched, whatever a draft or a redirect says;
//! hostile answers (huge headers, a body trickled byte by byte, endless redirects) end
//! within the configured bounds.
//!
//! Traffic stays on this machine: one loopback server per test, bounded in time.

use cuadra::links::online::{
    AddressPolicy, DefaultPolicy, LinkChecker, LinkStatus, NameResolver, OnlineConfig, ResolveError,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How a path is answered: raw bytes written to the socket, one chunk at a time with a
/// pause between chunks.
struct Answer {
    chunks: Vec<Vec<u8>>,
    pause: Duration,
}

impl Answer {
    fn raw(text: impl Into<Vec<u8>>) -> Self {
        Self { chunks: vec![text.into()], pause: Duration::ZERO }
    }

    fn redirect(to: &str) -> Self {
        Self::raw(format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
    }

    fn ok() -> Self {
        Self::raw("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }
}

/// A loopback HTTP server that answers by path and counts requests; it stops when
/// dropped, and by itself after 60 seconds.
struct Server {
    addr: SocketAddr,
    hits: Arc<Mutex<Vec<String>>>,
    done: Arc<AtomicBool>,
}

impl Server {
    fn start(route: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(AtomicBool::new(false));
        let route = Arc::new(route);
        {
            let (hits, done) = (hits.clone(), done.clone());
            thread::spawn(move || {
                let started = Instant::now();
                while !done.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(60) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (hits, route, done) = (hits.clone(), route.clone(), done.clone());
                            thread::spawn(move || serve(stream, &hits, &*route, &done));
                        }
                        Err(_) => thread::sleep(Duration::from_millis(2)),
                    }
                }
            });
        }
        Self { addr, hits, done }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

fn serve(stream: TcpStream, hits: &Mutex<Vec<String>>, route: &dyn Fn(&str) -> Answer, done: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new((&stream).take(16 * 1024));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else { return };
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    hits.lock().unwrap().push(format!("{method} {path}"));
    // Routes see `METHOD path`; the usual ones ignore the method.
    let answer = route(&format!("{method} {path}"));
    let mut stream = stream;
    for chunk in answer.chunks {
        if done.load(Ordering::SeqCst) || stream.write_all(&chunk).is_err() {
            return;
        }
        thread::sleep(answer.pause);
    }
}

/// Allows exactly one socket address (the test server); everything else is judged by the
/// strict default policy.
#[derive(Debug)]
struct OnlyThisServer(SocketAddr);

impl AddressPolicy for OnlyThisServer {
    fn check(&self, addr: SocketAddr) -> Result<(), String> {
        if addr == self.0 { Ok(()) } else { DefaultPolicy { allow_private: false }.check(addr) }
    }
}

/// A name table instead of DNS, counting lookups.
#[derive(Debug, Default)]
struct Names(Vec<(&'static str, SocketAddr)>, AtomicUsize);

impl NameResolver for Names {
    fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
        self.1.fetch_add(1, Ordering::SeqCst);
        let found: Vec<_> = self
            .0
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(host))
            .map(|(_, a)| SocketAddr::new(a.ip(), port))
            .collect();
        if found.is_empty() { Err(ResolveError::NoSuchHost) } else { Ok(found) }
    }
}

fn config() -> OnlineConfig {
    OnlineConfig {
        timeout_secs: 2,
        retry_base_ms: 10,
        max_retries: 1,
        max_retry_after_secs: 1,
        ..OnlineConfig::default()
    }
}

fn strict_checker(server: &Server, names: Arc<Names>) -> LinkChecker {
    LinkChecker::new(config(), None)
        .with_address_policy(Arc::new(OnlyThisServer(server.addr)))
        .with_name_resolver(names)
}

fn check(checker: &LinkChecker, url: &str) -> LinkStatus {
    checker.check_all(&[url.to_string()], None).pop().unwrap().1
}

fn refused(status: &LinkStatus) -> Option<&str> {
    match status {
        LinkStatus::Refused { reason } => Some(reason),
        _ => None,
    }
}

#[test]
fn redirects_to_loopback_private_and_metadata_addresses_are_refused_unvisited() {
    // A second server on loopback stands for "something on this machine": it must never be reached.
    let victim = Server::start(|_| Answer::ok());
    let vport = victim.addr.port();
    let targets = [
        format!("http://127.0.0.1:{vport}/admin"),
        format!("http://127.1:{vport}/"),
        format!("http://2130706433:{vport}/"),
        format!("http://0x7f000001:{vport}/"),
        format!("http://localhost:{vport}/"),
        format!("http://[::1]:{vport}/"),
        format!("http://[::ffff:127.0.0.1]:{vport}/"),
        format!("http://0.0.0.0:{vport}/"),
        "http://169.254.169.254/latest/meta-data/iam/".to_string(),
        "http://[fd00:ec2::254]/latest/".to_string(),
        "http://10.0.0.1/".to_string(),
        "http://192.168.1.1/".to_string(),
        "http://metadata.test/computeMetadata/v1/".to_string(),
        "http://inside.test/".to_string(),
    ];
    let routes = targets.clone();
    let server = Server::start(move |request| {
        let path = request.split_once(' ').map_or(request, |(_, p)| p);
        let i: usize = path.trim_start_matches("/r/").parse().unwrap_or(usize::MAX);
        routes.get(i).map_or_else(Answer::ok, |to| Answer::redirect(to))
    });
    let names = Arc::new(Names(
        vec![
            ("localhost", "127.0.0.1:0".parse().unwrap()),
            ("metadata.test", "169.254.169.254:0".parse().unwrap()),
            ("inside.test", "10.9.8.7:0".parse().unwrap()),
        ],
        AtomicUsize::new(0),
    ));
    let checker = strict_checker(&server, names);
    for (i, target) in targets.iter().enumerate() {
        let status = check(&checker, &server.url(&format!("/r/{i}")));
        let reason = refused(&status).unwrap_or_else(|| panic!("{target}: {status:?}"));
        assert!(reason.starts_with("redirects to "), "{target}: {reason}");
    }
    assert!(victim.hits().is_empty(), "the loopback victim was contacted: {:?}", victim.hits());
    assert_eq!(server.hits().len(), targets.len(), "one request per link, none after the refusal");
}

#[test]
fn only_http_and_https_are_fetched_from_drafts_and_redirects() {
    let server = Server::start(|request| match request.split_once(' ').map_or(request, |(_, p)| p) {
        "/file" => Answer::redirect("file:///etc/passwd"),
        "/js" => Answer::redirect("javascript:alert(1)"),
        "/data" => Answer::redirect("data:text/html,hola"),
        "/gopher" => Answer::redirect("gopher://127.0.0.1:70/"),
        "/ws" => Answer::redirect("ws://127.0.0.1/"),
        _ => Answer::ok(),
    });
    let checker = strict_checker(&server, Arc::new(Names::default()));
    for url in [
        "file:///etc/passwd",
        "FILE:///etc/shadow",
        "mailto:prensa@imss.gob.mx",
        "javascript:alert(1)",
        "data:text/html,<script>",
        "ftp://127.0.0.1/pub",
        "ws://127.0.0.1/",
        "ssh://root@127.0.0.1",
    ] {
        let status = check(&checker, url);
        assert!(refused(&status).is_some_and(|r| r.contains("scheme")), "{url}: {status:?}");
    }
    for path in ["/file", "/js", "/data", "/gopher", "/ws"] {
        let status = check(&checker, &server.url(path));
        assert!(refused(&status).is_some_and(|r| r.starts_with("redirects to ")), "{path}: {status:?}");
    }
    // Upper-case schemes are still http.
    assert_eq!(check(&checker, &format!("HTTP://{}/ok", server.addr)), LinkStatus::Ok { code: 200 });
}

#[test]
fn hostile_answers_end_within_the_bounds() {
    let big_header = format!("X-Big: {}\r\n", "a".repeat(512 * 1024));
    let server = Server::start(move |request| match request.split_once(' ').map_or(("", request), |(m, p)| (m, p)) {
        // A header far larger than any real one.
        (_, "/big-header") => Answer::raw(format!("HTTP/1.1 200 OK\r\n{big_header}Content-Length: 0\r\n\r\n")),
        // Ten thousand headers.
        (_, "/many-headers") => {
            Answer::raw(format!("HTTP/1.1 200 OK\r\n{}Content-Length: 0\r\n\r\n", "X-A: b\r\n".repeat(10_000)))
        }
        // Status line and headers one byte every 50 ms: only the global timeout ends it.
        (_, "/trickle") => Answer {
            chunks: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".bytes().map(|b| vec![b]).collect(),
            pause: Duration::from_millis(150),
        },
        // Not HTTP at all.
        (_, "/garbage") => Answer::raw(vec![0xFFu8; 4096]),
        // HEAD refused, so that GET reads the body: it claims 10 GB and would take 4 s.
        ("HEAD", "/huge-body") => Answer::raw("HTTP/1.1 405 No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        (_, "/huge-body") => Answer {
            chunks: std::iter::once(
                b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\nConnection: close\r\n\r\n".to_vec(),
            )
            .chain(std::iter::repeat_n(vec![b'x'; 1024], 200))
            .collect(),
            pause: Duration::from_millis(20),
        },
        // Redirects without end, each to a new path.
        (_, p) if p.starts_with("/loop/") => {
            let n: u64 = p[6..].parse().unwrap_or(0);
            Answer::redirect(&format!("/loop/{}", n + 1))
        }
        _ => Answer::ok(),
    });
    let checker = LinkChecker::new(OnlineConfig { max_redirects: 4, max_body_bytes: 4096, ..config() }, None)
        .with_address_policy(Arc::new(OnlyThisServer(server.addr)));
    // The body is capped at 4 KiB: the endless body is cut after a few chunks.
    let started = Instant::now();
    assert_eq!(check(&checker, &server.url("/huge-body")), LinkStatus::Ok { code: 200 });
    assert!(started.elapsed() < Duration::from_millis(2500), "{:?}", started.elapsed());
    for path in ["/big-header", "/many-headers", "/trickle", "/garbage", "/loop/0"] {
        let started = Instant::now();
        let status = check(&checker, &server.url(path));
        let took = started.elapsed();
        assert!(!matches!(status, LinkStatus::Ok { .. } | LinkStatus::Redirected { .. }), "{path}: {status:?}");
        // 2 s timeout, one retry with backoff, HEAD then GET: well under 15 s.
        assert!(took < Duration::from_secs(15), "{path} took {took:?}");
    }
    // Exactly max_redirects hops were followed after the first request.
    let loops = server.hits().iter().filter(|h| h.contains("/loop/")).count();
    assert!(loops <= 2 * 5, "{loops} requests for the redirect loop");
    assert!(!server.hits().iter().any(|h| h.ends_with("/loop/5")), "{:?}", server.hits());
}
