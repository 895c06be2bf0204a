//! The date reader and checks: spans on char boundaries of their block; messages render.
#![no_main]

use cuadra::dates::{Calendar, CheckOptions, check_with, scan};
use cuadra_fuzz::assert_range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Blocks separated by blank lines, as the document model would hand them over.
    let blocks: Vec<&str> = text.split("\n\n").collect();
    for cal in [Calendar::spanish(), Calendar::english()] {
        let facts = scan(&blocks, cal);
        for m in &facts.mentions {
            assert_range(blocks[m.span.block], m.span.range.clone(), "date mention");
        }
        for y in &facts.years {
            assert_range(blocks[y.span.block], y.span.range.clone(), "year");
        }
        let options = CheckOptions { default_year: Some(2025), ..CheckOptions::default() };
        for p in check_with(&facts, &options) {
            let s = p.primary_span();
            assert_range(blocks[s.block], s.range.clone(), p.rule_id());
            let described = p.describe(cal, &blocks);
            for l in &described.labels {
                assert_range(blocks[l.span.block], l.span.range.clone(), "date label");
            }
        }
    }
});
