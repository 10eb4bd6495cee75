#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mapping = vigie_ingest::CsvMapping::default();
    if let Ok(reader) = vigie_ingest::CsvReader::new(data, mapping, vigie_ingest::Limits { max_record_bytes: 4096 }) {
        for r in reader {
            let _ = r;
        }
    }
});
