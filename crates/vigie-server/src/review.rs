//! Review routes under `/api/v1`: queue, claims, verdicts, comments, rules, verdict export.
//!
//! Roles: `admin`, `analyste` and `moderateur` review (claim, judge, comment); `lecture` also reads
//! the queue, a subject's review, the rules and the export; `auditeur` nothing here. Only an admin
//! assigns. The export carries a minor's text only for a caller with the minors permission.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vigie_model::{Category, Level};
use vigie_store::{
    ClaimInfo, CommentInfo, DEFAULT_LEASE_SECS, NewVerdict, QueuePage, QueueQuery, ReviewError,
    ReviewView, Role, RuleStats, SignalRef, VerdictInfo, VerdictKind,
};

use crate::AppState;
use crate::auth::{Caller, READERS, SCANNERS};
use crate::problem::Problem;

/// Roles that review: claim, judge, comment, refute links.
const REVIEWERS: [Role; 3] = SCANNERS;

/// The review routes.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(next))
        .routes(routes!(claim))
        .routes(routes!(release))
        .routes(routes!(assign))
        .routes(routes!(verdict))
        .routes(routes!(comment))
        .routes(routes!(review))
        .routes(routes!(refute_link))
        .routes(routes!(rules))
        .routes(routes!(export))
}

impl From<ReviewError> for Problem {
    fn from(e: ReviewError) -> Problem {
        match e {
            ReviewError::NotFound(what) => Problem::not_found(what),
            ReviewError::Conflict(msg) => Problem::new(StatusCode::CONFLICT, "conflict", msg),
            ReviewError::Invalid(msg) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", msg)
            }
            ReviewError::Store(e) => Problem::from(e),
            _ => Problem::internal(),
        }
    }
}

/// A JSON body of type `T`; an empty body is `T::default()` when `optional`. 415 without
/// `application/json`, 400 when unreadable, 422 when of the wrong shape (never quoting it).
fn body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
    optional: bool,
) -> Result<T, Problem> {
    let bytes = bytes.map_err(|e| {
        Problem::new(e.status(), "unreadable-body", "corps de requête illisible ou trop volumineux")
    })?;
    if optional && bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Content-Type attendu : application/json",
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Problem::bad_request(
            "invalid-json",
            format!("corps JSON illisible (ligne {}, colonne {})", e.line(), e.column()),
        )
    })?;
    serde_json::from_value(value).map_err(|_| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            "champs manquants, inconnus ou de mauvais type",
        )
    })
}

/// Filters of the queue.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct QueueParams {
    /// `message`, `conversation`, `ad` or `network`.
    kind: Option<String>,
    /// A category (`pimping_offer`…) of the subject or of a member of the network.
    category: Option<String>,
    /// Lowest level: `low`, `medium`, `high`, `critical`.
    level: Option<String>,
    /// Review state: `pending` (default), `confirme`, `refute`, `incertain`.
    state: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Items per page, 1–500 (default 50).
    limit: Option<i64>,
}

impl QueueParams {
    fn query(self) -> Result<QueueQuery, Problem> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=500).contains(&limit) {
            return Err(Problem::bad_request("bad-limit", "limit doit être entre 1 et 500"));
        }
        if let Some(c) = &self.category
            && Category::parse(c).is_none()
        {
            return Err(Problem::bad_request("bad-category", "catégorie inconnue"));
        }
        let min_level = match self.level.as_deref() {
            Some(l) => Some(
                Level::parse(l)
                    .ok_or_else(|| Problem::bad_request("bad-level", "niveau inconnu"))?,
            ),
            None => None,
        };
        Ok(QueueQuery {
            kind: self.kind,
            category: self.category,
            min_level,
            state: self.state,
            cursor: self.cursor,
            limit,
        })
    }
}

/// Maps the store's refusals of a query (unknown kind, state, cursor) to 400.
fn query_problem(e: ReviewError) -> Problem {
    match e {
        ReviewError::Invalid(msg) => Problem::bad_request("bad-query", msg),
        other => Problem::from(other),
    }
}

/// The review queue: pending subjects (messages, conversations, ads, networks — a network's
/// members are reviewed through it), by level, then minor cues, then time waiting; each item
/// says why (`reasons`, in French) and who holds it.
#[utoipa::path(get, path = "/api/v1/queue", tag = "revue", params(QueueParams),
    responses((status = 200, description = "File de revue", body = QueuePage)))]
async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<QueueParams>, QueryRejection>,
) -> Result<Json<QueuePage>, Problem> {
    caller.require(&READERS)?;
    let Query(params) =
        params.map_err(|_| Problem::bad_request("bad-query", "paramètres invalides"))?;
    let page = state.inner.store.queue(&params.query()?).await.map_err(query_problem)?;
    tracing::info!(items = page.items.len(), "file de revue");
    Ok(Json(page))
}

/// Options of `POST /queue/next`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NextRequest {
    /// Lease in seconds (60–28 800, default 900).
    lease_secs: Option<i64>,
    /// Only this kind (`message`, `conversation`, `ad`, `network`).
    kind: Option<String>,
    /// Only subjects with this category.
    category: Option<String>,
    /// Lowest level.
    level: Option<String>,
}

/// Claims the highest-priority pending subject that nobody holds. 204 when there is none.
/// Concurrent reviewers never get the same subject.
#[utoipa::path(post, path = "/api/v1/queue/next", tag = "revue",
    request_body(content = Option<NextRequest>, content_type = "application/json",
        description = "Facultatif"),
    responses((status = 200, description = "Sujet réservé", body = ClaimInfo),
        (status = 204, description = "File vide")))]
async fn next(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    caller.require(&REVIEWERS)?;
    let req: NextRequest = body(&headers, bytes, true)?;
    let q = QueueParams {
        kind: req.kind,
        category: req.category,
        level: req.level,
        ..QueueParams::default()
    }
    .query()?;
    let lease = req.lease_secs.unwrap_or(DEFAULT_LEASE_SECS);
    match state.inner.store.next_item(&q, caller.0.user_id, lease).await? {
        Some(c) => Ok(Json(c).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// Options of a claim.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClaimRequest {
    /// Lease in seconds (60–28 800, default 900).
    lease_secs: Option<i64>,
}

/// Claims a subject (or renews the caller's claim). 409 while another account holds it.
#[utoipa::path(post, path = "/api/v1/subjects/{key}/claim", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet (`doc:…`, `conv:…`, `net:…`)")),
    request_body(content = Option<ClaimRequest>, content_type = "application/json",
        description = "Facultatif"),
    responses((status = 200, description = "Sujet réservé", body = ClaimInfo)))]
async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Json<ClaimInfo>, Problem> {
    caller.require(&REVIEWERS)?;
    let req: ClaimRequest = body(&headers, bytes, true)?;
    let lease = req.lease_secs.unwrap_or(DEFAULT_LEASE_SECS);
    Ok(Json(state.inner.store.claim(&key, caller.0.user_id, lease).await?))
}

/// Releases the caller's claim (an admin may release anyone's). 409 while another account holds
/// it.
#[utoipa::path(post, path = "/api/v1/subjects/{key}/release", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet")),
    responses((status = 204, description = "Réservation levée (ou aucune)")))]
async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<StatusCode, Problem> {
    caller.require(&REVIEWERS)?;
    let admin = caller.0.role == Role::Admin;
    state.inner.store.release(&key, caller.0.user_id, admin).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An assignment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssignRequest {
    /// Account name of the reviewer.
    user: String,
    /// Lease in seconds (60–28 800, default 900).
    lease_secs: Option<i64>,
}

/// Assigns a subject to a reviewer (admin only), overriding any claim.
#[utoipa::path(post, path = "/api/v1/subjects/{key}/assign", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet")),
    request_body(content = AssignRequest, content_type = "application/json"),
    responses((status = 200, description = "Sujet attribué", body = ClaimInfo)))]
async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Json<ClaimInfo>, Problem> {
    caller.require(&[Role::Admin])?;
    let req: AssignRequest = body(&headers, bytes, false)?;
    let store = &state.inner.store;
    let Some((to, _, role, _, disabled)) = store.user(&req.user).await? else {
        return Err(Problem::not_found("compte"));
    };
    if disabled || !REVIEWERS.contains(&role) {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not-a-reviewer",
            "ce compte ne peut pas réviser",
        ));
    }
    let lease = req.lease_secs.unwrap_or(DEFAULT_LEASE_SECS);
    Ok(Json(store.assign(&key, to, caller.0.user_id, lease).await?))
}

/// A verdict.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerdictRequest {
    /// `confirme`, `refute` or `incertain` (`confirmé`, `réfuté` accepted).
    verdict: VerdictKind,
    /// Why; required for `refute`.
    reason: Option<String>,
    /// The signal judged (rule code and span of the latest assessment); absent: the subject.
    signal: Option<SignalRef>,
}

impl Default for VerdictRequest {
    fn default() -> VerdictRequest {
        VerdictRequest { verdict: VerdictKind::Incertain, reason: None, signal: None }
    }
}

/// Records a verdict on a subject or on one of its signals. A subject verdict decides the
/// subject's review state and ends the claim; signal verdicts measure the rules (`GET /rules`).
/// 422 for a refutation without reason or a signal absent from the latest assessment; 409 while
/// another account holds the subject.
#[utoipa::path(post, path = "/api/v1/subjects/{key}/verdicts", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet")),
    request_body(content = VerdictRequest, content_type = "application/json"),
    responses((status = 201, description = "Verdict enregistré", body = VerdictInfo)))]
async fn verdict(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    caller.require(&REVIEWERS)?;
    let req: VerdictRequest = body(&headers, bytes, false)?;
    let v = NewVerdict { verdict: req.verdict, reason: req.reason, signal: req.signal };
    let out = state.inner.store.add_verdict(&key, caller.0.user_id, &v).await?;
    tracing::info!(verdict = out.verdict.as_str(), signal = out.signal.is_some(), "verdict");
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// A comment.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommentRequest {
    /// The comment (1–4,000 characters).
    text: String,
}

/// Adds a comment to a subject.
#[utoipa::path(post, path = "/api/v1/subjects/{key}/comments", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet")),
    request_body(content = CommentRequest, content_type = "application/json"),
    responses((status = 201, description = "Commentaire ajouté", body = CommentInfo)))]
async fn comment(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    caller.require(&REVIEWERS)?;
    let req: CommentRequest = body(&headers, bytes, false)?;
    let out = state.inner.store.add_comment(&key, caller.0.user_id, &req.text).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// The review of a subject: state, live claim, verdicts and comments.
#[utoipa::path(get, path = "/api/v1/subjects/{key}/review", tag = "revue",
    params(("key" = String, Path, description = "Clé du sujet")),
    responses((status = 200, description = "Revue du sujet", body = ReviewView)))]
async fn review(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<Json<ReviewView>, Problem> {
    caller.require(&READERS)?;
    let view = state.inner.store.review(&key).await?;
    // Reviewers' reasons and comments are case content: who read them is journaled.
    let read = vigie_store::JournalEvent {
        action: "review.read",
        object_kind: "subject",
        object_id: key,
        data_class: "read",
        body: serde_json::json!({}),
    };
    state.inner.store.journal_append(Some(caller.0.user_id), &read).await?;
    Ok(Json(view))
}

/// A link refuted by a reviewer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefuteLinkRequest {
    /// Subject key of the first document (`doc:…`).
    a: String,
    /// Subject key of the second document.
    b: String,
    /// Why the two are not linked (required).
    reason: String,
}

/// Records that two documents are wrongly linked. 409 when already refuted.
#[utoipa::path(post, path = "/api/v1/links/refute", tag = "revue",
    request_body(content = RefuteLinkRequest, content_type = "application/json"),
    responses((status = 204, description = "Lien réfuté")))]
async fn refute_link(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, Problem> {
    caller.require(&REVIEWERS)?;
    let req: RefuteLinkRequest = body(&headers, bytes, false)?;
    state.inner.store.refute_link(&req.a, &req.b, caller.0.user_id, &req.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every rule with hits: hits (subjects), confirmations, refutations and uncertain verdicts on
/// its signals, precision = confirmed / (confirmed + refuted), and the refuted examples.
#[utoipa::path(get, path = "/api/v1/rules", tag = "revue",
    responses((status = 200, description = "Règles mesurées par les verdicts", body = Vec<RuleStats>)))]
async fn rules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<RuleStats>>, Problem> {
    caller.require(&READERS)?;
    Ok(Json(state.inner.store.rules_stats().await?))
}

/// Header giving how many judged documents were left out of the export (minors' texts without
/// the permission).
pub(crate) const WITHHELD_HEADER: &str = "x-vigie-withheld";

/// The verdicts as an evaluation corpus, one JSON item per line (`vigie eval rules --data`):
/// text, `expected` categories from confirmed signals and subjects, `must_not` from refuted ones,
/// `source: "verdicts"`. A minor's document is exported only to a caller with the minors
/// permission; the others are counted in `x-vigie-withheld`.
#[utoipa::path(get, path = "/api/v1/verdicts/export", tag = "revue",
    responses((status = 200, description = "Corpus d'évaluation (NDJSON)",
        content_type = "application/x-ndjson", body = vigie_store::EvalItem)))]
async fn export(State(state): State<AppState>, caller: Caller) -> Result<Response, Problem> {
    caller.require(&READERS)?;
    let out = state.inner.store.verdicts_export(caller.0.minors_text).await?;
    let mut body = Vec::with_capacity(out.items.len() * 512);
    for item in &out.items {
        serde_json::to_writer(&mut body, item).map_err(|_| Problem::internal())?;
        body.push(b'\n');
    }
    tracing::info!(items = out.items.len(), withheld = out.withheld, "export des verdicts");
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"));
    res.headers_mut().insert(WITHHELD_HEADER, HeaderValue::from(out.withheld));
    Ok(res)
}
