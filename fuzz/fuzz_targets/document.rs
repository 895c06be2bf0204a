//! The document model, Markdown and plain text: every span it stores is char-aligned and
//! inside the file, whatever the bytes.
#![no_main]

use cuadra::document::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = cuadra_fuzz::text_of(data) else { return };
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::parse("fuzz", text.clone(), format);
        cuadra_fuzz::assert_document(&doc);
    }
});
