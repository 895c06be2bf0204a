//! The link extractor and the offline link checks: spans inside their input, on char
//! boundaries; fixes apply cleanly.
#![no_main]

use cuadra::links::{LinkPolicy, check_destination, check_target, check_text_vs_target, find_bare_urls, find_html_links};
use cuadra_fuzz::assert_range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let policy = LinkPolicy::builtin();
    for r in find_bare_urls(text) {
        assert_range(text, r.clone(), "bare url");
        let url = &text[r];
        for p in check_target(url, policy) {
            assert_range(url, p.span.clone(), "check_target problem");
            if let Some(fix) = &p.fix {
                let _ = fix.apply(url);
            }
        }
    }
    for r in find_html_links(text) {
        assert_range(text, r, "html link");
    }
    // The whole input as a Markdown destination, and split as `text|target`.
    for p in check_destination(text, policy) {
        assert_range(text, p.span.clone(), "check_destination problem");
        if let Some(fix) = &p.fix {
            assert_range(text, fix.span.clone(), "fix span");
            let _ = fix.apply(text);
        }
    }
    if let Some((shown, target)) = text.split_once('|') {
        if let Some(p) = check_text_vs_target(shown, target) {
            assert_range(target, p.span, "text/target mismatch");
        }
    }
});
