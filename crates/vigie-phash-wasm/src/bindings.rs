//! The `wasm_bindgen` exports: thin wrappers, the work is in the crate's plain functions.

use wasm_bindgen::prelude::*;

/// `hashImage(bytes, applyExifOrientation)`: the photo's hashes as JSON, or a French error.
#[wasm_bindgen(js_name = hashImage)]
pub fn hash_image(bytes: &[u8], apply_exif_orientation: bool) -> Result<String, JsError> {
    crate::hash_json(bytes, apply_exif_orientation).map_err(|e| JsError::new(&e))
}

/// `exportList(requestJson)`: the list file and its counts as JSON, or a French error.
#[wasm_bindgen(js_name = exportList)]
pub fn export_list(request: &str) -> Result<String, JsError> {
    crate::export_json(request).map_err(|e| JsError::new(&e))
}

/// `engineVersion()`: the version of Vigie the module was built from.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    crate::ENGINE_VERSION.to_string()
}
