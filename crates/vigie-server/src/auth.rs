//! Who is calling: API tokens (`Authorization: Bearer …`) and browser sessions (cookie), roles,
//! and rate limits on login and token use.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use vigie_store::{Principal, Role};

use crate::AppState;
use crate::problem::Problem;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "vigie_session";

/// Fixed-window counters per key (IP, account, token). Hand-written (~40 lines) rather than
/// `tower_governor`: the keys here are accounts and tokens known only after the request is read,
/// not just peer addresses.
#[derive(Debug, Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// Counts one hit on `key`; `Err(seconds to wait)` past `max` hits in `window`.
    pub fn hit(&self, key: &str, max: u32, window: Duration) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = map.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > max {
            let wait = window.saturating_sub(now.duration_since(entry.0));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

/// How long a verified API token is trusted without asking the database again. A token revoked
/// or expired stops working within this time (sessions are never cached: logout and role changes
/// take effect at once).
pub const TOKEN_CACHE_TTL: Duration = Duration::from_secs(5);

/// API tokens verified recently, keyed by the SHA-256 of the token (never the token): a platform
/// calling `POST /scan` thousands of times a second costs one database look-up per token and
/// period instead of one per request (on PostgreSQL that look-up was the p99 of `/scan`).
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<[u8; 32], (Principal, Instant)>>,
}

impl TokenCache {
    fn key(token: &str) -> [u8; 32] {
        use sha2::Digest as _;
        sha2::Sha256::digest(token.as_bytes()).into()
    }

    fn get(&self, token: &str) -> Option<Principal> {
        let key = Self::key(token);
        let map = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(&key).filter(|(_, at)| at.elapsed() < TOKEN_CACHE_TTL).map(|(p, _)| p.clone())
    }

    fn put(&self, token: &str, principal: &Principal) {
        let now = Instant::now();
        let mut map = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 10_000 {
            map.retain(|_, (_, at)| now.duration_since(*at) < TOKEN_CACHE_TTL);
        }
        map.insert(Self::key(token), (principal.clone(), now));
    }
}

/// The peer's address, or `local` when the server runs without connection info (tests).
pub(crate) fn peer(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

/// The value of cookie `name`, if sent.
pub(crate) fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl Caller {
    /// Refuses the call unless the caller's role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), Problem> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "le rôle {} ne permet pas cette opération",
                self.0.role.as_str()
            )))
        }
    }

    /// The pseudonymous actor written in events (`user:<id>`): never a name.
    pub fn actor(&self) -> String {
        format!("user:{}", self.0.user_id)
    }
}

/// Roles that read stored documents.
pub const READERS: [Role; 4] = [Role::Admin, Role::Analyste, Role::Moderateur, Role::Lecture];
/// Roles that store documents.
pub const WRITERS: [Role; 2] = [Role::Admin, Role::Analyste];
/// Roles that scan and match without storing.
pub const SCANNERS: [Role; 3] = [Role::Admin, Role::Analyste, Role::Moderateur];

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let config = &state.inner.config;
        let ip = peer(parts);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim);
        let found = if let Some(token) = bearer {
            // Malformed tokens are refused before any database look-up.
            let well_formed = token.len() == 72
                && token.starts_with("vigie_t_")
                && token[8..].bytes().all(|b| b.is_ascii_hexdigit());
            if !well_formed {
                None
            } else if let Some(p) = state.inner.tokens.get(token) {
                Some(p)
            } else {
                let p = state.inner.store.token_principal(token).await?;
                if let Some(p) = &p {
                    state.inner.tokens.put(token, p);
                }
                p
            }
        } else if let Some(session) = cookie(parts, SESSION_COOKIE) {
            let p = if session.len() == 72 && session.starts_with("vigie_s_") {
                state.inner.store.session_principal(session).await?
            } else {
                None
            };
            // SameSite=Strict already stops cross-site requests; refuse a cross-site unsafe call
            // that a browser would still label as such.
            let unsafe_method =
                !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            let cross_site = parts
                .headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v != "same-origin" && v != "none");
            if p.is_some() && unsafe_method && cross_site {
                return Err(Problem::forbidden("requête inter-sites refusée"));
            }
            p
        } else {
            None
        };
        let Some(principal) = found else {
            // Failed attempts are limited per address (token guessing).
            state
                .inner
                .limiter
                .hit(&format!("fail:{ip}"), config.failed_auth_per_minute, Duration::from_mins(1))
                .map_err(Problem::too_many)?;
            tracing::info!(code = "auth_failed", "authentification refusée");
            return Err(Problem::unauthorized());
        };
        if let Some(id) = principal.token_id {
            state
                .inner
                .limiter
                .hit(&format!("token:{id}"), config.token_per_minute, Duration::from_mins(1))
                .map_err(Problem::too_many)?;
        }
        Ok(Caller(principal))
    }
}
