//! `cuadra check --online` end to end, against a server on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

/// A server that answers 404 for `/roto`, 301 to `/ok` for `/viejo`, and 200 otherwise.
/// It stops after a bounded number of requests (the test never needs more).
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).map_or(true, |n| n == 0) || line == "\r\n" {
                    break;
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/");
            let response = match path {
                "/roto" => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                "/viejo" => format!(
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.1:{port}/ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
                _ => "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    port
}

#[test]
fn online_links_are_classified_per_place_they_are_written() {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cuadra.toml"),
        "[online-settings]\nallow-private = true\ntimeout-secs = 5\nmax-retries = 0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("boletin.md"),
        format!(
            "El Instituto informó.\n\n- [Fotos](http://127.0.0.1:{port}/ok)\n- [Video](http://127.0.0.1:{port}/roto)\n- [Nota](http://127.0.0.1:{port}/viejo)\n"
        ),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cuadra"))
            .args(["check", "boletin.md", "--format", "json", "--no-cache"])
            .args(extra)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["--online"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, vec![("link.broken".to_string(), 4), ("link.redirected".to_string(), 5)], "{v:#}");
    assert_eq!(out.status.code(), Some(1));
    // Offline (the default), nothing is fetched and nothing is reported.
    let out = run(&[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v:#}");
    assert!(!dir.path().join(".cuadra-cache").exists(), "--no-cache writes no cache");
}

#[test]
fn private_addresses_are_refused_by_default() {
    let port = serve();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("boletin.md"), format!("Ver <http://127.0.0.1:{port}/ok>.\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cuadra"))
        .args(["check", "boletin.md", "--format", "json", "--online", "--no-cache"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "link.unverifiable", "{v:#}");
    assert!(f["message"].as_str().unwrap().contains("not checked"), "{f}");
}
