#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let norm = vigie_text::normalize(text);
    let ctx = vigie_extract::Context::default();
    for id in vigie_extract::extract_kinds(&[vigie_model::IdentifierKind::Place], text, &norm, &ctx) {
        assert_eq!(&text[id.span.start..id.span.end], id.matched);
    }
});
