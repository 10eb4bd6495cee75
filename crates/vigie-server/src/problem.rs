//! The one error type of the API: RFC 9457 `application/problem+json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A record of a batch that could not be read or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RecordProblem {
    /// Position of the record in the batch (0-based).
    pub index: u64,
    /// Line of the record in an NDJSON body (1-based; for a JSON array, index + 1).
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong (never quotes the record).
    pub reason: String,
}

/// An error, as `application/problem+json` (RFC 9457). Never quotes message text, identifiers or
/// tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short title (French).
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What happened (French).
    pub detail: Option<String>,
    /// Bad records of a batch, each with its index, line, field and reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(nullable = false)]
    pub errors: Vec<RecordProblem>,
    /// Seconds to wait before trying again (429).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A problem with a status, a machine code (`vigie:<code>`) and a French detail.
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("https://vigie.invalid/problems/{code}"),
            title: title(status).to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// A problem that says only its status.
    pub fn status(status: StatusCode) -> Problem {
        Problem {
            kind: "about:blank".to_owned(),
            title: title(status).to_owned(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 400.
    pub fn bad_request(code: &str, detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 401.
    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "authentification requise : jeton d'API (Authorization: Bearer …) ou session",
        )
    }

    /// 403.
    pub fn forbidden(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404.
    pub fn not_found(what: &str) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", format!("{what} introuvable"))
    }

    /// 429.
    pub fn too_many(retry_after: u64) -> Problem {
        let mut p = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "trop de requêtes ; réessayez plus tard",
        );
        p.retry_after = Some(retry_after);
        p
    }

    /// 500, without the cause (logged by code only).
    pub fn internal() -> Problem {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "erreur interne du serveur")
    }
}

/// French titles of the statuses the API answers.
fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Requête invalide",
        401 => "Authentification requise",
        403 => "Accès refusé",
        404 => "Introuvable",
        405 => "Méthode non autorisée",
        406 => "Format de réponse non disponible",
        408 => "Délai dépassé",
        413 => "Corps trop volumineux",
        415 => "Type de contenu non pris en charge",
        422 => "Données invalides",
        429 => "Trop de requêtes",
        503 => "Service indisponible",
        s if s >= 500 => "Erreur interne",
        _ => "Erreur",
    }
}

/// `application/problem+json`.
pub const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (status, body).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

impl From<vigie_store::StoreError> for Problem {
    fn from(e: vigie_store::StoreError) -> Problem {
        match e {
            vigie_store::StoreError::Invalid(msg) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", msg)
            }
            vigie_store::StoreError::NotFound(what) => Problem::not_found(what),
            vigie_store::StoreError::Conflict(msg) => {
                Problem::new(StatusCode::CONFLICT, "conflict", msg)
            }
            vigie_store::StoreError::Forbidden(msg) => Problem::forbidden(msg),
            other => {
                // The error names a table or a constraint at most, never stored text.
                tracing::error!(code = store_error_code(&other), "erreur du stockage");
                Problem::internal()
            }
        }
    }
}

pub(crate) fn store_error_code(e: &vigie_store::StoreError) -> &'static str {
    match e {
        vigie_store::StoreError::BadUrl(_) => "bad_url",
        vigie_store::StoreError::Db(_) => "db",
        vigie_store::StoreError::Migrate(_) => "migrate",
        vigie_store::StoreError::Json(_) => "json",
        vigie_store::StoreError::Invalid(_) => "invalid",
        vigie_store::StoreError::NotFound(_) => "not_found",
        vigie_store::StoreError::Conflict(_) => "conflict",
        vigie_store::StoreError::Forbidden(_) => "forbidden",
    }
}
