//! `cargo bench`: how fast cuadra lints, measured on the release binary.
//!
//! Cases: the archive corpus `../shared/corpus/real/` (about 10,000 small files), the long
//! transcripts of `../shared/corpus/real_transcripts/`, one small bulletin (the pre-commit
//! case: process start to exit), one large file made of many bulletins concatenated (at 10
//! and 20 MB, to see that time grows linearly), and the corpus on one thread against two.
//! Each case runs after a warm-up, several times; the median wall time, MB/s, files/s and
//! peak memory (from `/usr/bin/time`, when present) are printed. Cases whose input is
//! absent are skipped with a message. Offline rules only, every family on.
//!
//! `CUADRA_BENCH_RUNS` sets the number of runs (default 5). `CUADRA_BENCH_BIN` measures
//! another build of cuadra instead of this one (an older release, to compare before and
//! after a change on the same machine and the same load).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Measure {
    wall: Duration,
    peak_kb: Option<u64>,
}

fn binary() -> PathBuf {
    std::env::var_os("CUADRA_BENCH_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cuadra")), PathBuf::from)
}

/// One run of `cuadra check ARGS`: its wall time, measured on the binary itself, or (with
/// `peak`) its peak memory, measured through `/usr/bin/time` when present. The two are kept
/// apart because the wrapper's own start-up (a millisecond or two) would otherwise count in
/// the one-bulletin case.
fn run_once(args: &[&str], peak: bool) -> Measure {
    let time = Path::new("/usr/bin/time");
    let wrapped = peak && time.exists();
    let start = Instant::now();
    let output = if wrapped {
        Command::new(time).arg("-f").arg("%M").arg(binary()).args(args).output()
    } else {
        Command::new(binary()).args(args).output()
    }
    .expect("cuadra runs");
    let wall = start.elapsed();
    let code = output.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "cuadra failed ({code}): {}", String::from_utf8_lossy(&output.stderr));
    let peak_kb = wrapped
        .then(|| String::from_utf8_lossy(&output.stderr).lines().last().and_then(|l| l.trim().parse().ok()))
        .flatten();
    Measure { wall, peak_kb }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn dir_size(dir: &Path) -> (u64, usize) {
    let mut bytes = 0;
    let mut files = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            files += 1;
        }
    }
    (bytes, files)
}

fn case(name: &str, args: &[&str], bytes: u64, files: usize, runs: usize) -> Duration {
    let peak = run_once(args, true).peak_kb; // also the warm-up: page cache
    let wall = median((0..runs).map(|_| run_once(args, false).wall).collect());
    let secs = wall.as_secs_f64().max(1e-9);
    println!(
        "{name:<34} median {:>8.1} ms  {:>7.1} MB/s  {:>9.0} files/s  peak {}",
        secs * 1000.0,
        bytes as f64 / 1e6 / secs,
        files as f64 / secs,
        peak.map_or("n/a".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0)),
    );
    wall
}

fn main() {
    // `cargo bench -- --bench` passes flags; nothing to parse.
    let runs: usize = std::env::var("CUADRA_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    let common = ["--format", "json", "-q", "--offline", "--no-cache"];

    println!(
        "cuadra throughput ({runs} runs after a warm-up; {} cores; {})",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        binary().display()
    );

    let seed = root.join("fixtures/seeds/imss-8va-jornada.md");
    let seed_s = seed.to_string_lossy().to_string();
    let mut args = vec!["check", seed_s.as_str()];
    args.extend(common);
    let size = std::fs::metadata(&seed).map(|m| m.len()).unwrap_or(0);
    case("one bulletin (process start to exit)", &args, size, 1, runs.max(10));

    for (name, dir) in
        [("corpus real/", corpus.join("real")), ("corpus real_transcripts/", corpus.join("real_transcripts"))]
    {
        if !dir.is_dir() {
            println!("{name:<34} skipped: {} is absent", dir.display());
            continue;
        }
        let (bytes, files) = dir_size(&dir);
        let d = dir.to_string_lossy().to_string();
        let mut args = vec!["check", d.as_str()];
        args.extend(common);
        case(name, &args, bytes, files, runs);
        if name == "corpus real/" {
            let mut one = args.clone();
            one.extend(["-j", "1"]);
            let t1 = case("corpus real/ on 1 thread", &one, bytes, files, runs);
            let mut two = args.clone();
            two.extend(["-j", "2"]);
            let t2 = case("corpus real/ on 2 threads", &two, bytes, files, runs);
            println!("{:<34} {:.2}x", "scaling 1 → 2 threads", t1.as_secs_f64() / t2.as_secs_f64().max(1e-9));
        }
    }

    // One large file of many bulletins: time must grow linearly with size.
    let real = corpus.join("real");
    let tmp = std::env::temp_dir().join(format!("cuadra-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut texts: Vec<String> = Vec::new();
    if real.is_dir() {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(&real).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        texts = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
    }
    if texts.is_empty() {
        texts.push(std::fs::read_to_string(&seed).unwrap_or_default());
    }
    let mut times = Vec::new();
    for mb in [10u64, 20] {
        let path = tmp.join(format!("archivo-{mb}mb.md"));
        let mut big = String::new();
        let mut i = 0;
        while (big.len() as u64) < mb * 1_000_000 {
            big.push_str(&texts[i % texts.len()]);
            big.push_str("\n\n---\n\n");
            i += 1;
        }
        std::fs::write(&path, &big).expect("write big file");
        let p = path.to_string_lossy().to_string();
        let mut args = vec!["check", p.as_str()];
        args.extend(common);
        times.push(case(&format!("one {mb} MB file"), &args, big.len() as u64, 1, runs.min(3)));
    }
    println!(
        "{:<34} {:.2}x (linear: 2.0x)",
        "20 MB / 10 MB time",
        times[1].as_secs_f64() / times[0].as_secs_f64().max(1e-9)
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
