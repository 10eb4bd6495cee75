//! `vigie-phash` for the browser: PDQ hashes computed on the person's own device, and the hash
//! list exported in the format `vigie lists import` reads. Built to `wasm32-unknown-unknown` by
//! `web/protection/build.sh`, used by the page `web/protection/` (served by `vigie serve` at
//! `/protection`, and usable straight from the disk).
//!
//! Bit-exact with the native `vigie hash` by construction: this crate adds no image code of its
//! own. [`hash_record`] calls [`vigie_phash::hash_image`] with the same default
//! [`vigie_phash::DecodeLimits`] as the CLI and the same EXIF choice as its
//! `--no-exif-orientation`, so the same decoders (`image` 0.25: zune-jpeg, png, image-webp…) and
//! the same PDQ code run in both. [`export_list`] writes with [`vigie_phash::write_list`] and reads
//! its own output back with [`vigie_phash::read_list`] before handing it out.
//!
//! The functions here are plain Rust taking and returning strings and bytes, so they are tested
//! natively (`cargo test -p vigie-phash-wasm`); the `wasm_bindgen` exports (module `bindings`, only
//! on `wasm32`) are one-line wrappers:
//!
//! | JavaScript | Rust |
//! |---|---|
//! | `hashImage(bytes: Uint8Array, applyExifOrientation: boolean) → string` (JSON) | [`hash_record`] |
//! | `exportList(request: string) → string` (JSON) | [`export_list`] |
//! | `engineVersion() → string` | [`ENGINE_VERSION`] |
//!
//! ```
//! let err = vigie_phash_wasm::hash_json(b"not an image", true).unwrap_err();
//! assert!(err.starts_with("format d'image non reconnu"));
//! ```
#![deny(clippy::disallowed_methods)]
#![deny(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod bindings;
mod export;
mod hashing;

pub use export::{ExportEntry, ExportOutcome, ExportRequest, export_json, export_list};
pub use hashing::{HashRecord, describe, hash_json, hash_record};

/// Version of the engine, shown on the page and written nowhere else.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
