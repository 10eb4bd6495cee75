#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let n = vigie_text::normalize(text);
    let norm = n.as_str();
    assert_eq!(vigie_text::normalize(norm).as_str(), norm, "idempotent");
    for (i, _) in norm.char_indices() {
        let s = n.original_span(0, i);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
});
