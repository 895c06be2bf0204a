//! Benchmark of the online link checker against local servers that answer after 50 ms.
//!
//! ```text
//! cargo bench --bench online -- [LINKS=1000] [HOSTS=10] [DELAY_MS=50]
//! ```
//!
//! Each "host" is a server on its own 127.0.0.1 port (the per-host limit counts
//! `host:port`). With the default limits (32 in flight, 4 per host) and 10 hosts, 1,000
//! links take about 1000 × 50 ms / 32 ≈ 1.6 s plus overhead; sequential checking would
//! take 50 s. With a single host the per-host limit dominates: 1000 × 50 ms / 4 ≈ 12.5 s.
//! This is a benchmark, not a test: it prints timings and asserts nothing about them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use cuadra::links::online::{LinkChecker, LinkStatus, OnlineConfig};

fn main() {
    let mut args = std::env::args().skip(1).map(|arg| arg.parse::<u64>());
    let mut next = |default: u64| args.next().and_then(Result::ok).unwrap_or(default).max(1);
    let (links, hosts, delay_ms) = (next(1000), next(10), next(50));
    let delay = Duration::from_millis(delay_ms);

    let ports: Vec<u16> = (0..hosts).map(|_| start_server(delay)).collect();
    let urls: Vec<String> =
        (0..links).map(|i| format!("http://127.0.0.1:{}/page/{i}", ports[(i % hosts) as usize])).collect();

    let config = OnlineConfig { allow_private: true, ..OnlineConfig::default() };
    let (max_concurrency, max_per_host) = (config.max_concurrency, config.max_per_host);
    let checker = LinkChecker::new(config, None);
    let started = Instant::now();
    let results = checker.check_all(&urls, None);
    let wall = started.elapsed();

    let ok = results.iter().filter(|(_, status)| matches!(status, LinkStatus::Ok { .. })).count();
    println!("links:        {links} on {hosts} host(s), server delay {delay_ms} ms");
    println!("limits:       {max_concurrency} in flight, {max_per_host} per host");
    println!("ok:           {ok}/{}", results.len());
    println!("wall time:    {:.2} s", wall.as_secs_f64());
    println!("throughput:   {:.0} links/s", links as f64 / wall.as_secs_f64());
    let ideal = links as f64 * delay.as_secs_f64() / (max_concurrency.min(max_per_host * hosts as usize)) as f64;
    println!("lower bound:  {ideal:.2} s (links × delay / effective concurrency)");
    println!("sequential:   {:.2} s", links as f64 * delay.as_secs_f64());
    if let Some((url, status)) = results.iter().find(|(_, status)| !status.is_ok()) {
        println!("first failure: {url}: {status}");
    }
}

/// Starts a server on a free loopback port answering every request with 200 after
/// `delay`; its threads end with the process.
fn start_server(delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || answer(stream, delay));
        }
    });
    port
}

fn answer(stream: TcpStream, delay: Duration) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new((&stream).take(16 * 1024));
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    thread::sleep(delay);
    let _ = (&stream).write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}
