#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for r in vigie_ingest::JsonlReader::new(data, vigie_ingest::Limits { max_record_bytes: 4096 }) {
        let _ = r;
    }
});
