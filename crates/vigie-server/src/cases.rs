//! Cases, four-eyes exports and the journal's checkpoints under `/api/v1`.
//!
//! A case is seen by its members only (others get 404, as for a case that does not exist). An
//! export for the authorities is refused until two different accounts have validated it; the
//! bundle then carries a freshly signed journal checkpoint and, for every journal entry it cites,
//! the entry and its RFC 6962 inclusion proof, so that `vigie journal verify --export` checks it
//! offline without trusting the server.

use std::fmt::Write as _;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vigie_store::{CaseSummary, CaseView, CheckpointRow, DocumentView, JournalRow, Role};

use crate::AppState;
use crate::api::{body_or_problem, json_body, redact};
use crate::auth::Caller;
use crate::problem::Problem;

/// Roles that work on cases.
pub const CASE_ROLES: [Role; 3] = [Role::Admin, Role::Analyste, Role::Moderateur];
/// Roles that read the journal's checkpoints and entries.
pub const AUDIT_ROLES: [Role; 2] = [Role::Admin, Role::Auditeur];

/// The case and journal routes.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_case, list_cases))
        .routes(routes!(get_case))
        .routes(routes!(add_member))
        .routes(routes!(add_subject))
        .routes(routes!(request_export))
        .routes(routes!(validate_export))
        .routes(routes!(get_export))
        .routes(routes!(checkpoints))
        .routes(routes!(entries))
}

/// A new case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCase {
    /// Name (1–200 characters).
    name: String,
    /// Notes.
    #[serde(default)]
    notes: String,
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Created {
    /// Id.
    id: i64,
}

fn case_id(text: &str) -> Result<i64, Problem> {
    text.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| Problem::bad_request("bad-id", "identifiant invalide"))
}

/// Creates a case; its creator is its first member. Journaled.
#[utoipa::path(post, path = "/api/v1/cases", tag = "dossiers",
    request_body(content = NewCase, content_type = "application/json"),
    responses((status = 201, description = "Dossier créé", body = Created)))]
async fn create_case(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    caller.require(&CASE_ROLES)?;
    let req: NewCase = json_body(&headers, &body_or_problem(body)?)?;
    let id = state.inner.store.create_case(caller.0.user_id, &req.name, &req.notes).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The cases the caller is a member of.
#[utoipa::path(get, path = "/api/v1/cases", tag = "dossiers",
    responses((status = 200, description = "Dossiers", body = Vec<CaseSummary>)))]
async fn list_cases(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<CaseSummary>>, Problem> {
    caller.require(&CASE_ROLES)?;
    Ok(Json(state.inner.store.cases(caller.0.user_id).await?))
}

/// A case: members, subjects, exports. Members only (404 otherwise); the read is journaled.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant du dossier")),
    responses((status = 200, description = "Dossier", body = CaseView)))]
async fn get_case(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, Problem> {
    caller.require(&CASE_ROLES)?;
    Ok(Json(state.inner.store.case(case_id(&id)?, caller.0.user_id).await?))
}

/// An account to add to a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewMember {
    /// Account name.
    user: String,
}

/// Adds a member to a case (by a member). Journaled.
#[utoipa::path(post, path = "/api/v1/cases/{id}/members", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant du dossier")),
    request_body(content = NewMember, content_type = "application/json"),
    responses((status = 204, description = "Membre ajouté")))]
async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, Problem> {
    caller.require(&CASE_ROLES)?;
    let case = case_id(&id)?;
    let req: NewMember = json_body(&headers, &body_or_problem(body)?)?;
    state.inner.store.add_case_member(case, caller.0.user_id, &req.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A stored subject to add to a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCaseSubject {
    /// Subject key: a document key, a conversation key, or `net:…` for a network.
    key: String,
    /// Why it belongs to the case.
    #[serde(default)]
    note: String,
}

/// Adds a subject to a case (by a member). Journaled.
#[utoipa::path(post, path = "/api/v1/cases/{id}/subjects", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant du dossier")),
    request_body(content = NewCaseSubject, content_type = "application/json"),
    responses((status = 204, description = "Sujet ajouté")))]
async fn add_subject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, Problem> {
    caller.require(&CASE_ROLES)?;
    let case = case_id(&id)?;
    let req: NewCaseSubject = json_body(&headers, &body_or_problem(body)?)?;
    state.inner.store.add_case_subject(case, caller.0.user_id, &req.key, &req.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An export request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewExport {
    /// Why (requisition number, report to the prosecutor…).
    purpose: String,
}

/// Requests an export of a case for the authorities; it needs two validations by two different
/// accounts before it can be downloaded. Journaled.
#[utoipa::path(post, path = "/api/v1/cases/{id}/exports", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant du dossier")),
    request_body(content = NewExport, content_type = "application/json"),
    responses((status = 201, description = "Demande enregistrée", body = Created)))]
async fn request_export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    caller.require(&CASE_ROLES)?;
    let case = case_id(&id)?;
    let req: NewExport = json_body(&headers, &body_or_problem(body)?)?;
    let id = state.inner.store.request_export(case, caller.0.user_id, &req.purpose).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Validations of an export.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Validations {
    /// Validations by distinct accounts.
    validations: i64,
    /// Whether the export can now be downloaded.
    ready: bool,
}

/// Validates an export (once per account; a member of the case). Journaled.
#[utoipa::path(post, path = "/api/v1/exports/{id}/validations", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant de l'export")),
    responses((status = 200, description = "Validation enregistrée", body = Validations)))]
async fn validate_export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Validations>, Problem> {
    caller.require(&CASE_ROLES)?;
    let n = state.inner.store.validate_export(case_id(&id)?, caller.0.user_id).await?;
    Ok(Json(Validations { validations: n, ready: n >= vigie_store::EXPORT_VALIDATIONS }))
}

/// A journal entry cited by an export, with its inclusion proof in the checkpoint's tree.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CitedEntry {
    /// The entry as stored.
    #[serde(flatten)]
    pub entry: JournalRowOut,
    /// Audit path (hex hashes), RFC 6962.
    pub proof: Vec<String>,
}

/// A journal entry (same fields as stored).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JournalRowOut {
    /// Sequence number.
    pub seq: i64,
    /// Unix seconds.
    pub ts: i64,
    /// Pseudonymous actor.
    pub actor: String,
    /// Action.
    pub action: String,
    /// Object kind.
    pub object_kind: String,
    /// Object id.
    pub object_id: String,
    /// Salted hash of the body (hex).
    pub body_hash: String,
    /// Leaf hash (hex).
    pub leaf_hash: String,
}

impl From<JournalRow> for JournalRowOut {
    fn from(r: JournalRow) -> JournalRowOut {
        JournalRowOut {
            seq: r.seq,
            ts: r.ts,
            actor: r.actor,
            action: r.action,
            object_kind: r.object_kind,
            object_id: r.object_id,
            body_hash: r.body_hash,
            leaf_hash: r.leaf_hash,
        }
    }
}

/// The journal part of an export: what an auditor checks offline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportJournal {
    /// Checkpoint origin (`vigie.<instance>/journal`).
    pub origin: String,
    /// The instance's public key (C2SP verifier key text); pin it with `--public-key`.
    pub public_key: String,
    /// The signed checkpoint (C2SP signed note) covering every cited entry.
    pub checkpoint: String,
    /// The cited entries, each with its inclusion proof.
    pub entries: Vec<CitedEntry>,
}

/// A case export for the authorities.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ExportBundle {
    /// `vigie-case-export/1`.
    format: String,
    /// Export id.
    export: i64,
    /// The case.
    case: CaseView,
    /// The documents of the case (and of its networks and conversations), with their latest
    /// assessments; text withheld for minors unless the caller holds the minors permission.
    documents: Vec<DocumentView>,
    /// Whether some texts were withheld.
    text_withheld: bool,
    /// One row per subject (CSV, RFC 4180).
    subjects_csv: String,
    /// The documents and the identifiers that join them (GEXF 1.3, for Gephi).
    graph_gexf: String,
    /// The journal checkpoint and the inclusion proof of every entry the export cites.
    journal: ExportJournal,
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn xml(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// GEXF of documents (nodes) and the identifiers they share (identifier nodes and mention edges).
fn gexf(documents: &[DocumentView], edges: &[(String, String, String)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n\
         <graph defaultedgetype=\"undirected\">\n<attributes class=\"node\"><attribute id=\"0\" title=\"type\" type=\"string\"/>\
         <attribute id=\"1\" title=\"niveau\" type=\"string\"/></attributes>\n<nodes>\n",
    );
    let mut ids = std::collections::BTreeSet::new();
    for d in documents {
        if ids.insert(format!("d:{}", d.id)) {
            let level = d
                .assessment
                .as_ref()
                .and_then(|a| a.get("level"))
                .and_then(|l| l.as_str())
                .unwrap_or("");
            let _ = writeln!(
                out,
                "<node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue for=\"1\" value=\"{}\"/></attvalues></node>",
                xml(&format!("d:{}", d.id)),
                xml(&d.id),
                xml(&d.kind),
                xml(level)
            );
        }
    }
    for (_, kind, value) in edges {
        let id = format!("i:{kind}:{value}");
        if ids.insert(id.clone()) {
            let _ = writeln!(
                out,
                "<node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/></attvalues></node>",
                xml(&id),
                xml(value),
                xml(kind)
            );
        }
    }
    out.push_str("</nodes>\n<edges>\n");
    for (n, (doc, kind, value)) in edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "<edge id=\"{n}\" source=\"{}\" target=\"{}\"/>",
            xml(&format!("d:{doc}")),
            xml(&format!("i:{kind}:{value}"))
        );
    }
    out.push_str("</edges>\n</graph>\n</gexf>\n");
    out
}

/// Downloads a validated export (members only): JSON with the case, its documents, a CSV of
/// the subjects, a GEXF graph, and the journal checkpoint with the inclusion proof of every
/// entry it cites. Refused (403) until two different accounts have validated it. Journaled.
#[utoipa::path(get, path = "/api/v1/exports/{id}", tag = "dossiers",
    params(("id" = String, Path, description = "Identifiant de l'export")),
    responses((status = 200, description = "Export", body = ExportBundle)))]
async fn get_export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ExportBundle>, Problem> {
    caller.require(&CASE_ROLES)?;
    let export = case_id(&id)?;
    let store = &state.inner.store;
    let Some(journal) = state.inner.config.journal.as_deref() else {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no-journal-key",
            "clé de signature du journal absente : relancer `vigie serve` avec --journal-key",
        ));
    };
    let case_id = store.open_export(export, caller.0.user_id).await?;
    let case = store.case(case_id, caller.0.user_id).await?;
    // Documents: the subjects themselves, and the members of their conversations and networks.
    let mut keys: Vec<String> = Vec::new();
    let mut edges = Vec::new();
    for s in &case.subjects {
        match s.kind.as_str() {
            "network" => {
                if let Some(view) = store.network_by_key(&s.key).await? {
                    keys.extend(view.members.iter().map(|m| m.id.clone()));
                    edges.extend(
                        view.edges
                            .into_iter()
                            .filter(|e| !e.hub)
                            .map(|e| (e.document, e.identifier_kind, e.identifier)),
                    );
                }
            }
            "conversation" => {
                let key = s.key.strip_prefix("conv:").unwrap_or(&s.key);
                if let Some(view) = store.conversation(key).await? {
                    keys.extend(view.messages.iter().map(|m| m.id.clone()));
                }
            }
            _ => keys.push(s.key.strip_prefix("doc:").unwrap_or(&s.key).to_owned()),
        }
    }
    keys.sort();
    keys.dedup();
    let mut documents = Vec::with_capacity(keys.len());
    let mut withheld = false;
    for key in &keys {
        if let Some(mut view) = store.document(key).await? {
            if view.minor && !caller.0.minors_text {
                redact(&mut view.document);
                if let Some(a) = &mut view.assessment {
                    redact(a);
                }
                withheld = true;
            }
            documents.push(view);
        }
    }
    let mut csv = String::from("cle,type,niveau,score,etat,note,ajoute\n");
    for s in &case.subjects {
        let _ = writeln!(
            csv,
            "{},{},{},{:.3},{},{},{}",
            csv_field(&s.key),
            csv_field(&s.kind),
            csv_field(s.level.as_deref().unwrap_or("")),
            s.score,
            csv_field(&s.review_state),
            csv_field(&s.note),
            s.added_at
        );
    }
    // Cited entries: the case's, its exports', and the review of its subjects.
    let mut cited = store.journal_about("case", &[case_id.to_string()]).await?;
    let export_ids: Vec<String> = case.exports.iter().map(|e| e.id.to_string()).collect();
    cited.extend(store.journal_about("export", &export_ids).await?);
    // Review entries name subjects by their subject key or by the document key: cite both.
    let subject_keys: Vec<String> = case
        .subjects
        .iter()
        .flat_map(|s| {
            let short = s.key.split_once(':').map(|(_, k)| k.to_owned());
            std::iter::once(s.key.clone()).chain(short)
        })
        .collect();
    cited.extend(store.journal_about("subject", &subject_keys).await?);
    cited.sort_by_key(|r| r.seq);
    cited.dedup_by_key(|r| r.seq);
    let checkpoint = store.checkpoint(&journal.key, &journal.origin).await?;
    let leaves = store.journal_leaves(checkpoint.size).await?;
    let tree = vigie_journal::Tree::new(&leaves);
    let mut entries = Vec::with_capacity(cited.len());
    for row in cited.into_iter().filter(|r| r.seq < checkpoint.size) {
        let proof = tree
            .inclusion_proof(row.seq as u64)
            .map_err(|_| Problem::internal())?
            .iter()
            .map(hex::encode)
            .collect();
        entries.push(CitedEntry { entry: row.into(), proof });
    }
    tracing::info!(export, documents = documents.len(), cited = entries.len(), "export de dossier");
    Ok(Json(ExportBundle {
        format: "vigie-case-export/1".to_owned(),
        export,
        graph_gexf: gexf(&documents, &edges),
        case,
        documents,
        text_withheld: withheld,
        subjects_csv: csv,
        journal: ExportJournal {
            origin: journal.origin.clone(),
            public_key: journal.key.verifying_key().to_text(),
            checkpoint: checkpoint.note,
            entries,
        },
    }))
}

/// The journal's signed checkpoints and the key that verifies them.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckpointList {
    /// Checkpoint origin.
    origin: String,
    /// The instance's public key (C2SP verifier key text).
    public_key: Option<String>,
    /// Current size of the journal.
    size: i64,
    /// Checkpoints, by size.
    checkpoints: Vec<CheckpointRow>,
}

/// The journal's signed checkpoints (auditeur, admin): keep them outside the server; `vigie
/// journal verify --checkpoints` compares the journal with them.
#[utoipa::path(get, path = "/api/v1/journal/checkpoints", tag = "journal",
    responses((status = 200, description = "Points de contrôle signés", body = CheckpointList)))]
async fn checkpoints(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<CheckpointList>, Problem> {
    caller.require(&AUDIT_ROLES)?;
    let store = &state.inner.store;
    let journal = state.inner.config.journal.as_deref();
    if let Some(j) = journal {
        store.checkpoint(&j.key, &j.origin).await?;
    }
    let (size, _) = store.journal_head().await?;
    Ok(Json(CheckpointList {
        origin: journal.map(|j| j.origin.clone()).unwrap_or_default(),
        public_key: journal.map(|j| j.key.verifying_key().to_text()),
        size,
        checkpoints: store.checkpoints().await?,
    }))
}

/// A page of journal entries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EntriesParams {
    /// First sequence number (default 0).
    #[param(minimum = 0)]
    from: Option<i64>,
    /// Page size, 1 to 10,000 (default 1,000).
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<i64>,
}

/// Journal entries in order (auditeur, admin): leaves only, never the bodies.
#[utoipa::path(get, path = "/api/v1/journal/entries", tag = "journal", params(EntriesParams),
    responses((status = 200, description = "Entrées", body = Vec<JournalRowOut>)))]
async fn entries(
    State(state): State<AppState>,
    caller: Caller,
    params: Result<Query<EntriesParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<JournalRowOut>>, Problem> {
    caller.require(&AUDIT_ROLES)?;
    let Query(p) = params.map_err(|_| Problem::bad_request("bad-query", "paramètres invalides"))?;
    let from = p.from.unwrap_or(0);
    let limit = p.limit.unwrap_or(1000);
    if from < 0 || !(1..=10_000).contains(&limit) {
        return Err(Problem::bad_request("bad-query", "from ≥ 0, limit entre 1 et 10 000"));
    }
    let page = state.inner.store.journal_page(from, limit).await?;
    Ok(Json(page.into_iter().map(|r| r.row.into()).collect()))
}
