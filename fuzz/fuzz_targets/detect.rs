#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    use std::sync::OnceLock;
    static DETECTOR: OnceLock<vigie_detect::Detector> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else { return };
    let d = DETECTOR.get_or_init(|| vigie_detect::Detector::builder().build().expect("shipped rules"));
    let doc = vigie_model::Document { id: "f".into(), text: text.into(), ..Default::default() };
    let a = d.assess(&doc);
    for s in &a.signals {
        assert_eq!(&text[s.span.start..s.span.end], s.matched);
    }
});
