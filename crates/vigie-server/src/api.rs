//! The routes under `/api/v1` and their OpenAPI description.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as OpenApiDoc, RefOr, ResponseBuilder};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vigie_model::{Category, Document, IdentifierKind, Level};
use vigie_store::{
    ConversationView, DocumentView, IdentifierQuery, IngestStatus, NetworkView, NewDocument,
    SearchPage, SearchQuery,
};

use crate::auth::{Caller, READERS, SCANNERS, SESSION_COOKIE, WRITERS, cookie, peer};
use crate::problem::{Problem, RecordProblem};
use crate::{AppState, batch, conversations};

/// The OpenAPI document (3.1), completed at run time with the routes, the problem responses and
/// the security schemes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vigie",
        description = "API de Vigie : analyse de messages et d'annonces (recrutement de mineurs \
                       en vue de prostitution), stockage, recherche. Vigie classe et explique ; \
                       une personne décide.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    components(schemas(Problem, RecordProblem, LevelParam, KindParam)),
    security(("bearer" = []), ("cookie" = []))
)]
pub struct ApiDoc;

/// Adds the security schemes and a problem response to every operation (applied once the routes
/// are collected).
pub(crate) struct Completions;

impl Modify for Completions {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
        let problem = ResponseBuilder::new()
            .description("Erreur (RFC 9457)")
            .content(
                crate::problem::PROBLEM_JSON,
                Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Problem")))),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch]
                    .into_iter()
                    .flatten()
            {
                for code in [
                    "400", "401", "403", "404", "405", "406", "413", "415", "422", "429", "500",
                    "503", "default",
                ] {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| RefOr::T(problem.clone()));
                }
            }
        }
    }
}

/// Every route of the API with its OpenAPI description.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(scan))
        .routes(routes!(post_documents))
        .routes(routes!(get_document))
        .routes(routes!(get_conversation))
        .routes(routes!(get_network))
        .routes(routes!(search))
        .routes(routes!(match_hashes))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .merge(crate::review::routes())
        .merge(crate::cases::routes())
}

/// Service health.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// `ok`, or `degraded` when the database does not answer.
    status: String,
    /// `sqlite` or `postgres`.
    backend: String,
    /// Server version.
    version: String,
}

/// Whether the service and its database answer. No authentication.
#[utoipa::path(get, path = "/api/v1/health", tag = "service", security(()),
    responses((status = 200, description = "En service", body = Health)))]
async fn health(State(state): State<AppState>) -> Response {
    let ok = state.inner.store.ping().await;
    let backend = match state.inner.store.backend() {
        vigie_store::Backend::Sqlite => "sqlite",
        vigie_store::Backend::Postgres => "postgres",
    };
    let body = Health {
        status: if ok { "ok" } else { "degraded" }.to_owned(),
        backend: backend.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    if ok {
        Json(body).into_response()
    } else {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "db-down", "la base ne répond pas")
            .into_response()
    }
}

pub(crate) fn body_or_problem(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Problem> {
    body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(status, "too-large", "corps de requête trop volumineux")
        } else {
            Problem::new(status, "unreadable-body", "corps de requête illisible")
        }
    })
}

/// Options of `POST /scan`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ScanParams {
    /// Assemble conversations (messages joined by `conversation` or their participants); default true.
    conversations: Option<bool>,
}

/// A document assessment as `vigie scan --format json` writes it.
#[derive(Serialize)]
struct Located<'a> {
    record: &'static str,
    origin: &'a str,
    line: u64,
    #[serde(flatten)]
    assessment: &'a vigie_model::Assessment,
}

/// Assesses documents without storing anything: the same JSON array as `vigie scan --format
/// json` (documents with `record: "document"`, `origin: "request"` and their line, then
/// conversations). Body: a JSON array of documents, or NDJSON (`application/x-ndjson`). Any bad
/// record: 422 with every record error.
#[utoipa::path(post, path = "/api/v1/scan", tag = "analyse", params(ScanParams),
    request_body(content = Vec<serde_json::Value>, content_type = "application/json",
        description = "Documents (format JSONL de `vigie scan`), ou NDJSON ; un enregistrement invalide : 422"),
    responses((status = 200, description = "Évaluations", body = Vec<Object>)))]
async fn scan(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<ScanParams>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    caller.require(&SCANNERS)?;
    let Query(params) =
        params.map_err(|_| Problem::bad_request("bad-query", "paramètres invalides"))?;
    let body = body_or_problem(body)?;
    let max = state.inner.config.max_record_bytes;
    let batch = batch::read(&headers, &body, max)?;
    if !batch.errors.is_empty() {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-records",
            format!(
                "{} enregistrement(s) invalide(s) sur {}",
                batch.errors.len(),
                batch.received()
            ),
        );
        p.errors = batch.errors;
        return Err(p);
    }
    let detector = Arc::clone(&state.inner.detector);
    let with_conversations = params.conversations.unwrap_or(true);
    let out =
        tokio::task::spawn_blocking(move || scan_json(&detector, batch.good, with_conversations))
            .await
            .map_err(|_| Problem::internal())?;
    tracing::info!(documents = out.1, "analyse sans stockage");
    let mut res = out.0.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(res)
}

/// The bytes `vigie scan --format json` would write for these documents, and their count.
fn scan_json(
    detector: &vigie_detect::Detector,
    good: Vec<batch::Good>,
    with_conversations: bool,
) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(good.len() * 2048);
    let mut count = 0usize;
    let mut scanner = detector.scanner();
    let mut set = vigie_detect::Conversations::new();
    let sep = |out: &mut Vec<u8>, count: &mut usize| {
        out.extend_from_slice(if *count == 0 { b"[\n" } else { b",\n" });
        *count += 1;
    };
    let n = good.len();
    for g in good {
        let a = scanner.assess(&g.doc);
        sep(&mut out, &mut count);
        let located =
            Located { record: "document", origin: "request", line: g.line, assessment: &a };
        let _ = serde_json::to_writer(&mut out, &located);
        if with_conversations && vigie_detect::conversation_key(&g.doc).is_some() {
            let _ = set.push(g.doc, a, "request", g.line);
        }
    }
    let mut convs: Vec<_> = set
        .finish()
        .into_iter()
        .map(|c| {
            detector
                .assess_conversation_with(&c, vigie_detect::ConversationOptions { models: true })
        })
        .collect();
    convs.sort_by(|x, y| y.score.total_cmp(&x.score));
    for c in &convs {
        #[derive(Serialize)]
        struct Record<'a> {
            record: &'static str,
            #[serde(flatten)]
            conversation: &'a vigie_model::ConversationAssessment,
        }
        sep(&mut out, &mut count);
        let _ =
            serde_json::to_writer(&mut out, &Record { record: "conversation", conversation: c });
    }
    out.extend_from_slice(if count == 0 { b"[]\n" } else { b"\n]\n" });
    (out, n)
}

/// The outcome of one stored record.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IngestResult {
    /// Position in the batch (0-based).
    index: u64,
    /// Document key.
    id: String,
    /// `stored`, `duplicate` (same key, same content: nothing written) or `conflict` (same key,
    /// other content: nothing written).
    status: IngestStatus,
}

/// What `POST /documents` did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IngestReport {
    /// Records read.
    received: u64,
    /// Stored now.
    stored: u64,
    /// Already stored, identical.
    duplicates: u64,
    /// Already stored under the same key with another content.
    conflicts: u64,
    /// Rejected records (see `errors`).
    rejected: u64,
    /// One result per good record.
    results: Vec<IngestResult>,
    /// One error per bad record.
    errors: Vec<RecordProblem>,
}

/// Stores, assesses and links documents. Body: a JSON array of documents or NDJSON
/// (`application/x-ndjson`), in the formats `vigie scan` reads. Idempotent on the document key.
/// Bad records are reported with their index, line, field and reason; the others are stored, in
/// one transaction (all or none of them).
#[utoipa::path(post, path = "/api/v1/documents", tag = "stockage",
    request_body(content = Vec<serde_json::Value>, content_type = "application/json",
        description = "Documents (format JSONL de `vigie scan`), ou NDJSON ; chaque élément invalide est une erreur de `errors`"),
    responses((status = 200, description = "Lot traité", body = IngestReport)))]
async fn post_documents(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IngestReport>, Problem> {
    caller.require(&WRITERS)?;
    let body = body_or_problem(body)?;
    let batch = batch::read(&headers, &body, state.inner.config.max_record_bytes)?;
    drop(body);
    let received = batch.received() as u64;
    if batch.good.is_empty() && !batch.errors.is_empty() {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-records",
            format!("aucun enregistrement valide sur {received}"),
        );
        p.errors = batch.errors;
        return Err(p);
    }
    let detector = Arc::clone(&state.inner.detector);
    let good = batch.good;
    let (indices, docs) = tokio::task::spawn_blocking(move || {
        let mut scanner = detector.scanner();
        let mut indices = Vec::with_capacity(good.len());
        let mut docs = Vec::with_capacity(good.len());
        for g in good {
            let assessment = scanner.assess(&g.doc);
            let conversation = conversations::key_of(&g.doc);
            indices.push(g.index);
            docs.push(NewDocument { doc: g.doc, assessment, conversation });
        }
        (indices, docs)
    })
    .await
    .map_err(|_| Problem::internal())?;
    let outcomes = state.inner.store.ingest(&docs, Some(&caller.actor())).await?;
    let mut report = IngestReport {
        received,
        stored: 0,
        duplicates: 0,
        conflicts: 0,
        rejected: batch.errors.len() as u64,
        results: Vec::with_capacity(outcomes.len()),
        errors: batch.errors,
    };
    for (index, o) in indices.into_iter().zip(outcomes) {
        match o.status {
            IngestStatus::Stored => report.stored += 1,
            IngestStatus::Duplicate => report.duplicates += 1,
            IngestStatus::Conflict => report.conflicts += 1,
        }
        report.results.push(IngestResult { index, id: o.key, status: o.status });
    }
    tracing::info!(
        received = report.received,
        stored = report.stored,
        duplicates = report.duplicates,
        conflicts = report.conflicts,
        rejected = report.rejected,
        "lot ingéré"
    );
    // The batch is stored: a failed conversation assessment stays pending (retried after the
    // next batch or at start-up) and does not fail the request.
    if report.stored > 0
        && let Err(e) = conversations::drain(&state, 10_000).await
    {
        tracing::warn!(code = %crate::problem::store_error_code(&e), "conversations non évaluées");
    }
    Ok(Json(report))
}

/// Removes text from a JSON value: `text`, `matched` and `excerpt` fields, at any depth.
pub(crate) fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in ["text", "matched", "excerpt"] {
                if map.contains_key(key) {
                    map.insert(key.to_owned(), serde_json::Value::Null);
                }
            }
            map.values_mut().for_each(redact);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// A stored document, with its text unless it is a minor's and the caller lacks the permission.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DocumentOut {
    #[serde(flatten)]
    view: DocumentView,
    /// True when the text was withheld (minors' text needs its own permission).
    text_withheld: bool,
}

/// A stored document with its latest assessment (and its versions), conversation, network and
/// events.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "stockage",
    params(("id" = String, Path, description = "Clé du document")),
    responses((status = 200, description = "Document", body = DocumentOut)))]
async fn get_document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocumentOut>, Problem> {
    caller.require(&READERS)?;
    let mut view =
        state.inner.store.document(&id).await?.ok_or_else(|| Problem::not_found("document"))?;
    let withhold = view.minor && !caller.0.minors_text;
    if withhold {
        redact(&mut view.document);
        if let Some(a) = &mut view.assessment {
            redact(a);
        }
    }
    // Who read which text is journaled (the key and whether the text was shown; never the text).
    let read = vigie_store::JournalEvent {
        action: "document.read",
        object_kind: "subject",
        object_id: view.id.clone(),
        data_class: "read",
        body: serde_json::json!({ "text": !withhold, "minor": view.minor }),
    };
    state.inner.store.journal_append(Some(caller.0.user_id), &read).await?;
    Ok(Json(DocumentOut { view, text_withheld: withhold }))
}

/// A conversation: its messages (keys, no text) and its latest assessment, with versions.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "stockage",
    params(("id" = String, Path, description = "Fil (`conversation` des messages), ou `thread:…` / `participants:…`")),
    responses((status = 200, description = "Conversation", body = ConversationView)))]
async fn get_conversation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ConversationView>, Problem> {
    caller.require(&READERS)?;
    let store = &state.inner.store;
    let mut found = store.conversation(&id).await?;
    if found.is_none() && !id.starts_with("thread:") && !id.starts_with("participants:") {
        found = store.conversation(&format!("thread:{id}")).await?;
        if found.is_none() {
            found = store.conversation(&format!("participants:{id}")).await?;
        }
    }
    let mut view = found.ok_or_else(|| Problem::not_found("conversation"))?;
    if !caller.0.minors_text
        && view.messages.iter().any(|m| m.minor)
        && let Some(a) = &mut view.assessment
    {
        redact(a);
    }
    Ok(Json(view))
}

/// A network: documents joined by shared phones, e-mails and handles, each edge with its
/// identifier (hubs shown, not followed).
#[utoipa::path(get, path = "/api/v1/networks/{id}", tag = "stockage",
    params(("id" = i64, Path, description = "Identifiant du réseau (champ `network` d'un document)")),
    responses((status = 200, description = "Réseau", body = NetworkView)))]
async fn get_network(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<NetworkView>, Problem> {
    caller.require(&READERS)?;
    let id: i64 = id
        .parse()
        .map_err(|_| Problem::bad_request("bad-id", "identifiant de réseau entier attendu"))?;
    let view = state.inner.store.network(id).await?.ok_or_else(|| Problem::not_found("réseau"))?;
    Ok(Json(view))
}

/// Level names accepted by the search.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LevelParam {
    None,
    Low,
    Medium,
    High,
    Critical,
}

/// Subject kinds accepted by the search.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum KindParam {
    Message,
    Ad,
}

/// Search filters; all optional, combined with AND. Results newest first.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// French full text (every word required).
    q: Option<String>,
    /// A phone number in any usual form (normalised to E.164).
    phone: Option<String>,
    /// An e-mail address.
    email: Option<String>,
    /// A handle, as `platform:handle` (e.g. `snapchat:lea.du.75`) or as written.
    handle: Option<String>,
    /// Category of the latest assessment (e.g. `pimping_offer`).
    #[param(schema_with = category_schema)]
    category: Option<String>,
    /// Minimum level of the latest assessment.
    level: Option<LevelParam>,
    /// `message` or `ad`.
    kind: Option<KindParam>,
    /// Place, as written in the documents (case-insensitive).
    place: Option<String>,
    /// Documents dated at or after (RFC 3339; YYYY-MM-DD also accepted).
    #[param(format = DateTime)]
    from: Option<String>,
    /// Documents dated before (RFC 3339; YYYY-MM-DD also accepted).
    #[param(format = DateTime)]
    to: Option<String>,
    /// Cursor from the previous page (`next_cursor`).
    #[param(pattern = "^[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
    /// Page size, 1 to 1000 (default 50).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
    /// Also count matches per level, category, place and month.
    facets: Option<bool>,
}

/// The category names, as an enum schema.
fn category_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(Category::ALL.iter().map(|c| c.as_str())))
        .build()
}

/// A query string value without NUL characters (PostgreSQL text cannot hold them); empty → absent.
fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.replace('\0', " ")).filter(|v| !v.trim().is_empty())
}

fn epoch(field: &str, value: &str) -> Result<i64, Problem> {
    vigie_ingest::parse_timestamp(value)
        .ok()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map(jiff::Timestamp::as_second)
        .ok_or_else(|| {
            Problem::bad_request(
                "bad-date",
                format!("{field} : date illisible (RFC 3339 ou AAAA-MM-JJ)"),
            )
        })
}

/// The normalised value of an identifier written by a person, as the engine extracts it.
fn normalise(detector: &vigie_detect::Detector, kind: IdentifierKind, raw: &str) -> Option<String> {
    let doc = Document { id: "q".to_owned(), text: raw.to_owned(), ..Document::default() };
    detector.assess(&doc).identifiers.into_iter().find(|i| i.kind == kind).map(|i| i.value)
}

/// Searches stored documents: French full text, identifiers, facets; cursor pagination without
/// a cap on the total.
#[utoipa::path(get, path = "/api/v1/search", tag = "recherche", params(SearchParams),
    responses((status = 200, description = "Une page de résultats", body = SearchPage)))]
async fn search(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchPage>, Problem> {
    caller.require(&READERS)?;
    let Query(p) = params
        .map_err(|_| Problem::bad_request("bad-query", "paramètres de recherche invalides"))?;
    let (text, phone, email, handle, place) =
        (clean(p.q), clean(p.phone), clean(p.email), clean(p.handle), clean(p.place));
    let limit = p.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(Problem::bad_request("bad-limit", "limit doit être entre 1 et 1000"));
    }
    if let Some(c) = &p.category
        && Category::parse(c).is_none()
    {
        return Err(Problem::bad_request("bad-category", "catégorie inconnue"));
    }
    let cursor = match &p.cursor {
        Some(c) => Some(
            c.parse::<i64>()
                .ok()
                .filter(|c| *c > 0)
                .ok_or_else(|| Problem::bad_request("bad-cursor", "curseur invalide"))?,
        ),
        None => None,
    };
    let detector = &state.inner.detector;
    let identifier = if let Some(phone) = phone.as_deref() {
        // A number the engine cannot read is looked up by its digits: it matches nothing stored.
        let value = normalise(detector, IdentifierKind::Phone, phone)
            .unwrap_or_else(|| phone.chars().filter(char::is_ascii_digit).collect());
        Some(IdentifierQuery { kind: "phone".to_owned(), value })
    } else if let Some(email) = email.as_deref() {
        Some(IdentifierQuery { kind: "email".to_owned(), value: email.trim().to_lowercase() })
    } else {
        handle.as_deref().map(|h| {
            let value = if h.contains(':') {
                h.trim().to_lowercase()
            } else {
                normalise(detector, IdentifierKind::Handle, h)
                    .unwrap_or_else(|| h.trim().to_lowercase())
            };
            IdentifierQuery { kind: "handle".to_owned(), value }
        })
    };
    let min_level = p.level.map(|l| match l {
        LevelParam::None => Level::None,
        LevelParam::Low => Level::Low,
        LevelParam::Medium => Level::Medium,
        LevelParam::High => Level::High,
        LevelParam::Critical => Level::Critical,
    });
    let query = SearchQuery {
        text,
        identifier,
        category: p.category,
        min_level,
        kind: p.kind.map(|k| match k {
            KindParam::Message => "message".to_owned(),
            KindParam::Ad => "ad".to_owned(),
        }),
        place,
        from: p.from.as_deref().map(|f| epoch("from", f)).transpose()?,
        to: p.to.as_deref().map(|t| epoch("to", t)).transpose()?,
        cursor,
        limit,
        facets: p.facets.unwrap_or(false),
    };
    let page = state.inner.store.search(&query).await?;
    tracing::info!(hits = page.hits.len(), "recherche");
    Ok(Json(page))
}

/// Hashes to look for among the stored documents' media.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchRequest {
    /// PDQ hashes, 64 hexadecimal characters each (at most 1,000).
    hashes: Vec<String>,
    /// Largest Hamming distance that counts as a match among the stored media (0–128, default
    /// 31); the hash lists keep the distances they were loaded with.
    #[schema(minimum = 0, maximum = 128)]
    max_distance: Option<u32>,
}

/// A stored document whose media is close to a queried hash.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HashMatch {
    /// Document key.
    document: String,
    /// Hamming distance (0–256).
    distance: u32,
}

/// A hash-list entry within its list's distance of a queried hash (as `vigie match`).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListHit {
    /// List name.
    list: String,
    /// `positive` (content to act on) or `negative` (known benign: vetoes the others).
    kind: String,
    /// Hamming distance (0–256).
    distance: u32,
    /// The list's match distance.
    max_distance: u32,
    /// What happens to this hit: `PDQ-HIT-ACT`, `PDQ-HIT-NEGATIVE`, `PDQ-HIT-SUPPRESSED`,
    /// `PDQ-HIT-HELD`, `PDQ-HIT-FLOOD`, `PDQ-HIT-DECONFIRMED`.
    decision: String,
    /// The entry's review status (`confirmed`, `unconfirmed`, `quarantined`, `deconfirmed`…).
    status: String,
    /// Where the entry came from.
    provenance: String,
}

/// The verdict of the hash lists on one queried hash.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListVerdict {
    /// `PDQ-MATCH`, `PDQ-REVIEW`, `PDQ-SUPPRESSED`, `PDQ-NO-MATCH` or `PDQ-LOW-QUALITY`.
    outcome: String,
    /// Every hit, most consequential first.
    hits: Vec<ListHit>,
    /// Why, in French, one line per node (the English tree is in `explanation_en`).
    explanation: String,
    /// Why, in English.
    explanation_en: String,
}

/// The matches of one queried hash.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HashResult {
    /// Position of the hash in the request.
    index: usize,
    /// The hash lists' verdict (absent when the server was started without `--list`).
    lists: Option<ListVerdict>,
    /// Stored documents whose media is within `max_distance`, closest first (at most 100).
    matches: Vec<HashMatch>,
}

/// Results of `POST /hashes/match`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MatchResponse {
    /// One result per queried hash.
    results: Vec<HashResult>,
    /// Whether hash lists are loaded (`vigie serve --list`); without them only stored media are
    /// searched.
    lists_loaded: bool,
}

fn list_verdict(v: &vigie_phash::Verdict) -> ListVerdict {
    let code = |value: serde_json::Result<serde_json::Value>| {
        value.ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    };
    let explanation = v.explanation();
    ListVerdict {
        outcome: v.outcome.code().to_owned(),
        hits: v
            .hits
            .iter()
            .map(|h| ListHit {
                list: h.list.clone(),
                kind: code(serde_json::to_value(h.kind)),
                distance: h.distance,
                max_distance: h.max_distance,
                decision: h.decision.code().to_owned(),
                status: h.status.code().to_owned(),
                provenance: h.provenance.clone(),
            })
            .collect(),
        explanation: explanation.render(vigie_phash::Lang::Fr),
        explanation_en: explanation.render(vigie_phash::Lang::En),
    }
}

/// Screens PDQ hashes against the hash lists loaded by `vigie serve --list` (with the same
/// policies as `vigie match`: per-list distance, negative lists, quarantine of entries that flood)
/// and against the PDQ hashes of the stored documents' media (Hamming distance ≤ `max_distance`,
/// 31 by default). Hashes only: no image is ever sent.
#[utoipa::path(post, path = "/api/v1/hashes/match", tag = "analyse",
    request_body(content = MatchRequest, content_type = "application/json"),
    responses((status = 200, description = "Correspondances", body = MatchResponse)))]
async fn match_hashes(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<MatchResponse>, Problem> {
    caller.require(&SCANNERS)?;
    let body = body_or_problem(body)?;
    let req: MatchRequest = json_body(&headers, &body)?;
    let max = req.max_distance.unwrap_or(31);
    if max > 128 {
        return Err(Problem::bad_request("bad-distance", "max_distance doit être entre 0 et 128"));
    }
    if req.hashes.len() > 1000 {
        return Err(Problem::bad_request("too-many", "au plus 1 000 empreintes par requête"));
    }
    let mut queries = Vec::with_capacity(req.hashes.len());
    let mut errors = Vec::new();
    for (i, h) in req.hashes.iter().enumerate() {
        match vigie_phash::Hash256::from_hex(h.trim()) {
            Ok(hash) => queries.push(hash),
            Err(_) => errors.push(RecordProblem {
                index: i as u64,
                line: i as u64 + 1,
                field: Some("hashes".to_owned()),
                reason: "64 caractères hexadécimaux attendus".to_owned(),
            }),
        }
    }
    if !errors.is_empty() {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-hashes",
            "empreinte(s) PDQ invalide(s)",
        );
        p.errors = errors;
        return Err(p);
    }
    let lists = state.inner.config.lists.as_deref();
    let mut results: Vec<HashResult> = queries
        .iter()
        .enumerate()
        .map(|(index, q)| HashResult {
            index,
            lists: lists.map(|l| list_verdict(&l.screen(*q))),
            matches: Vec::new(),
        })
        .collect();
    let mut after = 0i64;
    loop {
        let rows = state.inner.store.media_hashes(after, 10_000).await?;
        let Some(last) = rows.last() else { break };
        // A full page may end inside a document's hashes: read that document again (matches
        // are deduplicated below).
        after = if rows.len() < 10_000 || rows[0].0 == last.0 { last.0 } else { last.0 - 1 };
        for (_, key, pdq) in &rows {
            let Ok(stored) = vigie_phash::Hash256::from_hex(pdq) else { continue };
            for (q, r) in queries.iter().zip(results.iter_mut()) {
                let d = q.distance(&stored);
                if d <= max && !r.matches.iter().any(|m| &m.document == key) {
                    r.matches.push(HashMatch { document: key.clone(), distance: d });
                }
            }
        }
        if rows.len() < 10_000 {
            break;
        }
    }
    for r in &mut results {
        r.matches
            .sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.document.cmp(&b.document)));
        r.matches.truncate(100);
    }
    let outcomes = results
        .iter()
        .filter(|r| r.lists.as_ref().is_some_and(|l| l.outcome != "PDQ-NO-MATCH"))
        .count();
    tracing::info!(hashes = results.len(), list_outcomes = outcomes, "empreintes comparées");
    Ok(Json(MatchResponse { results, lists_loaded: lists.is_some() }))
}

/// Parses a JSON body of type `T` (415 without `application/json`, 400 when unreadable, 422 when
/// of the wrong shape; messages never quote the body).
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Problem> {
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
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
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

/// Credentials for a browser session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginRequest {
    /// Account name.
    user: String,
    /// Password.
    password: String,
}

/// Opens a browser session: sets an `HttpOnly; Secure; SameSite=Strict` cookie. Rate limited
/// per address and per account.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "comptes", security(()),
    request_body(content = LoginRequest, content_type = "application/json"),
    responses((status = 204, description = "Session ouverte (cookie)")))]
async fn login(
    State(state): State<AppState>,
    req_parts: axum::http::request::Parts,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let config = &state.inner.config;
    let ip = peer(&req_parts);
    let window = std::time::Duration::from_mins(1);
    state
        .inner
        .limiter
        .hit(&format!("login-ip:{ip}"), config.login_per_minute * 3, window)
        .map_err(Problem::too_many)?;
    let body = body_or_problem(body)?;
    let req: LoginRequest = json_body(&req_parts.headers, &body)?;
    state
        .inner
        .limiter
        .hit(&format!("login-user:{}", req.user.trim()), config.login_per_minute, window)
        .map_err(Problem::too_many)?;
    let user = state.inner.store.user(&req.user).await?;
    // Hash even for an unknown account, so that timing does not tell which accounts exist.
    let (ok, id) = if let Some((id, hash, _, _, disabled)) = &user {
        (vigie_store::verify_password(&req.password, hash) && !disabled, *id)
    } else {
        let dummy = DUMMY_HASH.get_or_init(|| vigie_store::hash_password("-").unwrap_or_default());
        let _ = vigie_store::verify_password(&req.password, dummy);
        (false, 0)
    };
    if !ok {
        tracing::info!(code = "login_failed", "connexion refusée");
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad-credentials",
            "identifiants incorrects",
        ));
    }
    let session = state.inner.store.create_session(id, config.session_ttl_secs).await?;
    let secure = if config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={session}; Path=/; HttpOnly{secure}; SameSite=Strict; Max-Age={}",
        config.session_ttl_secs
    );
    tracing::info!(user_id = id, "session ouverte");
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| Problem::internal())?,
    );
    Ok(res)
}

/// An Argon2id hash, verified against for unknown accounts.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Closes the caller's browser session and clears its cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "comptes",
    responses((status = 204, description = "Session fermée")))]
async fn logout(
    State(state): State<AppState>,
    _caller: Caller,
    req_parts: axum::http::request::Parts,
) -> Result<Response, Problem> {
    if let Some(session) = cookie(&req_parts, SESSION_COOKIE) {
        state.inner.store.delete_session(session).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "vigie_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(res)
}

/// Who the caller is: account, role, minors permission.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "comptes",
    responses((status = 200, description = "Compte appelant", body = vigie_store::Principal)))]
async fn me(caller: Caller) -> Json<vigie_store::Principal> {
    Json(caller.0)
}
