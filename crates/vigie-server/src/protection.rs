//! The photo-protection page (`web/protection`, `docs/protection.md`) served at `/protection/`:
//! PDQ in WebAssembly, photos hashed on the device. Embedded in the binary (no file to deploy),
//! with a Content-Security-Policy that forbids any connection: the page cannot send a photo or a
//! hash anywhere, even if it wanted to. No authentication: it reads nothing from the store.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// The page's policy: its own scripts and the WebAssembly they compile, a worker from a Blob,
/// nothing else, and no connection at all.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; \
    style-src 'self'; img-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'; \
    frame-ancestors 'none'";

const FILES: [(&str, &str, &[u8]); 6] = [
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../../web/protection/index.html"),
    ),
    (
        "protection.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../web/protection/protection.css"),
    ),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../../../web/protection/app.js")),
    (
        "worker.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/protection/worker.js"),
    ),
    (
        "pkg/vigie_phash_wasm.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/protection/pkg/vigie_phash_wasm.js"),
    ),
    (
        "pkg/vigie_phash_wasm_bg.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../web/protection/pkg/vigie_phash_wasm_bg.js"),
    ),
];

fn file(path: &str) -> Response {
    let Some((_, mime, bytes)) = FILES.iter().find(|(name, _, _)| *name == path) else {
        return crate::problem::Problem::not_found("fichier").into_response();
    };
    let mut res = (StatusCode::OK, *bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// `/protection` (redirected to `/protection/`, the page uses relative paths) and its files.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/protection", get(|| async { Redirect::permanent("/protection/") }))
        .route("/protection/", get(|| async { file("index.html") }))
        .route("/protection/{*path}", get(|Path(path): Path<String>| async move { file(&path) }))
}
