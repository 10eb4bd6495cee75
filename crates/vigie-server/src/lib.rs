//! Vigie's HTTP API (`vigie serve`): axum under `/api/v1`, described by an OpenAPI 3.1 document
//! generated from the code (utoipa), with accounts, roles and API tokens.
//!
//! Every answer that is not a success is one `application/problem+json` document
//! ([`problem::Problem`]). Every route but `GET /api/v1/health` and `GET /openapi.json` needs a
//! session or a token, and checks the caller's role. Log lines carry ids, counts, codes and routes
//! only: never message text, identifiers, query strings or tokens.

mod api;
pub mod auth;
mod batch;
mod conversations;
pub mod problem;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use vigie_detect::Detector;
use vigie_store::Store;

pub use api::ApiDoc;

/// Limits and settings of the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body accepted, in bytes (larger: 413).
    pub max_body_bytes: usize,
    /// Largest record (one NDJSON line or one array element), in bytes (larger: a per-record
    /// error).
    pub max_record_bytes: usize,
    /// Session lifetime, in seconds.
    pub session_ttl_secs: i64,
    /// Requests per minute allowed per API token.
    pub token_per_minute: u32,
    /// Failed authentications per minute allowed per address.
    pub failed_auth_per_minute: u32,
    /// Login attempts per minute allowed per address and per account.
    pub login_per_minute: u32,
    /// Mark cookies `Secure` (off only for plain-HTTP tests).
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_body_bytes: 64 * 1024 * 1024,
            max_record_bytes: 16 * 1024 * 1024,
            session_ttl_secs: 8 * 3600,
            token_per_minute: 600_000,
            failed_auth_per_minute: 120,
            login_per_minute: 10,
            secure_cookies: true,
        }
    }
}

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) detector: Arc<Detector>,
    pub(crate) config: Config,
    pub(crate) limiter: auth::Limiter,
}

/// What every handler shares: the store, the engine, the settings, the rate limiter.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

impl AppState {
    /// A state over `store` and `detector`.
    pub fn new(store: Store, detector: Arc<Detector>, config: Config) -> AppState {
        AppState {
            inner: Arc::new(Inner { store, detector, config, limiter: auth::Limiter::default() }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Assesses the conversations left pending (after a crash, or by another server); returns how
    /// many were assessed.
    pub async fn assess_pending(&self) -> Result<usize, vigie_store::StoreError> {
        conversations::drain(self, usize::MAX).await
    }
}

/// The router: the API under `/api/v1`, `GET /openapi.json`, and problem documents for every
/// error (unknown route, wrong method, body too large…).
pub fn router(state: AppState) -> Router {
    let max_body = state.inner.config.max_body_bytes;
    let (api, mut openapi) = api::routes().split_for_parts();
    utoipa::Modify::modify(&api::Completions, &mut openapi);
    let openapi_json = Arc::new(openapi.to_json().unwrap_or_else(|_| "{}".to_owned()));
    api.route(
        "/openapi.json",
        axum::routing::get(move || {
            let body = Arc::clone(&openapi_json);
            async move {
                let mut res = (*body).clone().into_response();
                res.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                res
            }
        }),
    )
    .fallback(|| async { problem::Problem::not_found("ressource") })
    .layer(DefaultBodyLimit::max(max_body))
    .layer(middleware::from_fn(problems_and_logs))
    .with_state(state)
}

/// Turns every bare error answer (axum's 404, 405, 413, 415…) into a problem document, keeping
/// its headers (`Allow` on 405); logs one line per request with the route pattern, never the
/// path or query (they can hold identifiers).
async fn problems_and_logs(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "-".to_owned(), |m| m.as_str().to_owned());
    let res = next.run(req).await;
    let status = res.status();
    tracing::info!(
        method = %method,
        route = %route,
        status = status.as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "requête"
    );
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(problem::PROBLEM_JSON.as_bytes()));
    if is_problem {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    let problem = problem::Problem::status(status);
    let fresh = problem.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(problem::PROBLEM_JSON));
    let (_, body) = fresh.into_parts();
    Response::from_parts(parts, Body::new(body))
}

/// Serves `router(state)` on `listener` until `shutdown` resolves, then drains.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
