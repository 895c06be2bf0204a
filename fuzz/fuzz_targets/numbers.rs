//! The quantity extractor: every figure, qualifier and unit span on char boundaries of the
//! scanned text, in text order; never a panic on any text.
#![no_main]

use cuadra::numbers::{NumberLexicon, scan};
use cuadra_fuzz::assert_range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lex in [NumberLexicon::spanish(), NumberLexicon::english()] {
        let mut last = 0;
        for q in scan(text, lex) {
            assert_range(text, q.span.clone(), "figure");
            assert!(q.span.start >= last, "figures out of text order");
            last = q.span.start;
            if let Some(r) = &q.qualifier_span {
                assert_range(text, r.clone(), "qualifier");
            }
            if let Some(r) = &q.unit {
                assert_range(text, r.clone(), "unit");
            }
        }
    }
});
