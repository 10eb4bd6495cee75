//! The discord importer never panics, and its counts always add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[allow(unused_imports)]
use vigie_import::{ExportFormat, Options, import};

fuzz_target!(|data: &[u8]| {
    let options = Options { format: Some(ExportFormat::Discord), ..Options::default() };
    if let Ok(out) = import("fuzz", data, &options) {
        assert!(out.stats.balanced(), "{:?}", out.stats);
        assert_eq!(out.documents.len() as u64, out.stats.messages + out.stats.system);
    }
});
