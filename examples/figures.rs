//! Prints every figure the quantity extractor reads in a file: value, kind, qualifier, byte
//! span, the figure's text and its unit.
//!
//! ```text
//! cargo run --example figures -- path/to/bulletin.md... [--en] [--stats]
//! ```
//!
//! `--stats` prints only totals and the time spent in `scan` (a throughput check).
//!
//! The whole file is scanned as one text (no Markdown stripping), so it shows exactly what
//! `cuadra::numbers::scan` sees and returns.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use cuadra::numbers::{NumberLexicon, format_grouped, scan};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lex = if args.iter().any(|a| a == "--en") { NumberLexicon::english() } else { NumberLexicon::spanish() };
    let stats = args.iter().any(|a| a == "--stats");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (mut bytes_total, mut figures_total, mut scan_time) = (0usize, 0usize, Duration::ZERO);
    if paths.is_empty() {
        eprintln!("usage: figures FILE... [--en]");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for path in &paths {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::from(2);
                continue;
            }
        };
        let started = Instant::now();
        let found = scan(&text, lex);
        scan_time += started.elapsed();
        bytes_total += text.len();
        figures_total += found.len();
        if stats {
            continue;
        }
        let prefix = if paths.len() > 1 { format!("{path}:") } else { String::new() };
        for q in found {
            let qualifier = match &q.qualifier_span {
                Some(s) => format!("{:?} «{}»", q.qualifier, &text[s.clone()]),
                None => format!("{:?}", q.qualifier),
            };
            let unit = q.unit.as_ref().map_or(String::new(), |u| {
                format!("  unit «{}» ({})", &text[u.clone()], q.unit_head.as_deref().unwrap_or(""))
            });
            println!(
                "{prefix}{:>7}..{:<7} {:>16} {:?} {:?} {}{}{}  «{}»{}",
                q.span.start,
                q.span.end,
                format_grouped(&q.value),
                q.kind,
                q.form,
                qualifier,
                q.range.map_or(String::new(), |r| format!(" {r:?}")),
                if q.article_like { " article-like" } else { "" },
                &text[q.span.clone()].replace('\n', " "),
                unit,
            );
        }
    }
    if stats {
        println!(
            "{} files, {bytes_total} bytes, {figures_total} figures, scan {:.1} ms ({:.1} MB/s)",
            paths.len(),
            scan_time.as_secs_f64() * 1000.0,
            bytes_total as f64 / 1e6 / scan_time.as_secs_f64().max(1e-9),
        );
    }
    status
}
