//! Properties of the link helpers on arbitrary input, and the throughput of bare URL finding.

use std::path::Path;
use std::time::{Duration, Instant};

use cuadra::links::{
    LinkPolicy, check_destination, check_target, check_text_vs_target, find_bare_urls, find_html_links,
};
use proptest::prelude::*;

/// Text shaped like bulletins with links: URL pieces, Spanish punctuation, no-break and odd
/// spaces, accents, emoji, CRLF, control characters.
fn linkish_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "http", "https", "htps", "www", "://", ":/", "//", "/", "\\", ";", ":", ".", ",", " ", "\u{a0}", "\u{202f}",
        "\r\n", "\n", "(", ")", "[", "](", "<", ">", "\"", "'", "«", "»", "“", "”", "…", "&amp;", "?", "#", "=", "_",
        "-", "@", "imss", "gob", "mx", "com", "é", "ñ", "😀", "\u{1}", "\u{fffd}", "<a href=", "src='", "<!--", "-->",
        "%20", "XXX", "{{", "}}", "mailto:", "tel:", "file:", "C:\\",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn assert_spans(text: &str, spans: &[std::ops::Range<usize>]) {
    for r in spans {
        assert!(r.start <= r.end && text.get(r.clone()).is_some(), "{r:?} in {text:?}");
    }
}

fn check_all(text: &str) {
    let policy = LinkPolicy::builtin();
    let urls = find_bare_urls(text);
    assert_spans(text, &urls);
    for pair in urls.windows(2) {
        assert!(pair[0].end <= pair[1].start, "overlapping spans in {text:?}");
    }
    for r in &urls {
        assert!(!r.is_empty());
        let url = &text[r.clone()];
        for p in check_target(url, policy) {
            assert_spans(url, std::slice::from_ref(&p.span));
            if let Some(fix) = &p.fix {
                assert_spans(url, std::slice::from_ref(&fix.span));
            }
        }
    }
    assert_spans(text, &find_html_links(text));
    for p in check_target(text, policy).into_iter().chain(check_destination(text, policy)) {
        assert_spans(text, std::slice::from_ref(&p.span));
        if let Some(fix) = &p.fix {
            assert_spans(text, std::slice::from_ref(&fix.span));
            let _ = fix.apply(text);
        }
    }
    let mid = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    if let Some(p) = check_text_vs_target(&text[..mid], &text[mid..]) {
        assert_spans(&text[mid..], std::slice::from_ref(&p.span));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_all(&text);
    }

    #[test]
    fn linkish_strings_never_panic_and_spans_are_char_aligned(text in linkish_text()) {
        check_all(&text);
    }

    #[test]
    fn a_url_in_prose_is_found_whole(
        before in "[a-zñáé ,.()«»]{0,12}",
        path in "[a-zA-Z0-9_ñé/-]{0,20}",
        query in prop::option::of("[a-z]{1,5}=[a-z0-9]{1,5}"),
        after in prop::sample::select(vec!["", ".", ",", ").", "».", "”;", " y más", "\u{a0}hoy", "!\n"]),
    ) {
        let mut url = format!("https://www.imss.gob.mx/{path}");
        while url.ends_with(['_', '/']) && url.len() > 24 { url.pop(); }
        if let Some(q) = query { url = format!("{url}?{q}"); }
        let text = format!("{before} {url}{after}");
        let found: Vec<&str> = find_bare_urls(&text).into_iter().map(|r| &text[r]).collect();
        prop_assert_eq!(found, vec![url.as_str()]);
    }
}

/// The real corpus (about 25 MB) as one set of prose strings, or `None` if absent.
fn corpus() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    (!texts.is_empty()).then_some(texts)
}

fn time_find_bare_urls(texts: &[String]) -> (usize, usize, Duration) {
    let bytes = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let found = texts.iter().map(|t| find_bare_urls(t).len()).sum();
    (bytes, found, start.elapsed())
}

/// Unoptimised builds are slow by design; this only guards against a quadratic blow-up.
#[test]
fn bare_url_finding_is_linear_on_the_corpus() {
    let Some(texts) = corpus() else {
        eprintln!("corpus absent: skipped");
        return;
    };
    let (bytes, found, elapsed) = time_find_bare_urls(&texts);
    eprintln!("find_bare_urls: {bytes} bytes, {found} URLs, {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

/// The throughput target: `cargo test --release --test links_props -- --ignored`.
#[test]
#[ignore = "timing: run in release"]
fn bare_url_finding_on_25_mb_takes_well_under_100_ms() {
    let Some(texts) = corpus() else {
        eprintln!("corpus absent: skipped");
        return;
    };
    let _warm = time_find_bare_urls(&texts);
    let (bytes, found, elapsed) = time_find_bare_urls(&texts);
    eprintln!("find_bare_urls: {bytes} bytes, {found} URLs, {elapsed:?}");
    assert!(bytes > 20_000_000);
    assert!(elapsed < Duration::from_millis(50), "{elapsed:?}");
}
