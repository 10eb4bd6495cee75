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
pub mod cases;
mod conversations;
pub mod problem;
mod protection;
mod review;

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
    /// The hash lists `POST /api/v1/hashes/match` screens against (as `vigie match`), if any.
    pub lists: Option<Arc<HashLists>>,
    /// The key that signs the journal's checkpoints (exports are refused without it).
    pub journal: Option<Arc<JournalKey>>,
}

/// The journal's signing key and checkpoint origin.
pub struct JournalKey {
    /// Ed25519 key (C2SP signed notes).
    pub key: vigie_journal::SigningKey,
    /// Checkpoint origin, `vigie.<instance>/journal`.
    pub origin: String,
}

impl std::fmt::Debug for JournalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JournalKey").field("origin", &self.origin).finish_non_exhaustive()
    }
}

/// Hash lists loaded at start, with the flood guard that quarantines an entry that suddenly
/// matches too many uploads (shared by every request, as `vigie match --flood-state` shares it
/// between runs).
pub struct HashLists {
    matcher: vigie_phash::Matcher,
    guard: std::sync::Mutex<vigie_phash::FloodGuard>,
}

impl HashLists {
    /// Lists screened through `matcher`.
    pub fn new(matcher: vigie_phash::Matcher) -> HashLists {
        HashLists { matcher, guard: std::sync::Mutex::new(vigie_phash::FloodGuard::new()) }
    }

    /// Screens one hash (quality unknown: a hash sent by a client carries none).
    pub(crate) fn screen(&self, hash: vigie_phash::Hash256) -> vigie_phash::Verdict {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let mut guard = self.guard.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.matcher.screen(
            &vigie_phash::Query::hash(hash, None),
            &mut guard,
            vigie_phash::Timestamp::from_unix_seconds(now),
        )
    }

    /// Entries per list, as loaded.
    pub fn stats(&self) -> &vigie_phash::MatcherStats {
        self.matcher.stats()
    }
}

impl std::fmt::Debug for HashLists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashLists")
            .field("entries", &self.matcher.stats().entries)
            .finish_non_exhaustive()
    }
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
            lists: None,
            journal: None,
        }
    }
}

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) detector: Arc<Detector>,
    pub(crate) config: Config,
    pub(crate) limiter: auth::Limiter,
    pub(crate) tokens: auth::TokenCache,
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
            inner: Arc::new(Inner {
                store,
                detector,
                config,
                limiter: auth::Limiter::default(),
                tokens: auth::TokenCache::default(),
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Signs a checkpoint of the journal when it grew by `every` entries, or grew at all and
    /// the last checkpoint is older than `max_age` seconds; returns the new checkpoint's size.
    pub async fn checkpoint_if_due(
        &self,
        every: i64,
        max_age: i64,
    ) -> Result<Option<i64>, vigie_store::StoreError> {
        let Some(j) = self.inner.config.journal.as_deref() else { return Ok(None) };
        let store = &self.inner.store;
        let (size, _) = store.journal_head().await?;
        let last = store.checkpoints().await?.into_iter().next_back();
        let (last_size, last_at) = last.map_or((0, 0), |c| (c.size, c.created_at));
        let now = jiff::Timestamp::now().as_second();
        let due = size > last_size && (size - last_size >= every || now - last_at >= max_age);
        if !due {
            return Ok(None);
        }
        Ok(Some(store.checkpoint(&j.key, &j.origin).await?.size))
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
    .merge(protection::routes())
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
