//! Accounts: users with Argon2id passwords, server-side sessions and opaque API tokens.
//!
//! Tokens and session ids are 256 random bits shown once; only their SHA-256 is stored, so a copy
//! of the database does not give access. A role change or a disabled account revokes the user's
//! sessions at once (they are rows, not signed cookies).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row as _;

use crate::{Pool, Result, Store, StoreError, now};

/// What an account may do. `minors_text` (reading minors' message text) is a separate permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, accounts included.
    Admin,
    /// Ingest, search, read, scan, match.
    Analyste,
    /// Read, search, scan (reviews come with the review issue).
    Moderateur,
    /// Read and search.
    Lecture,
    /// The journal only (with the review issue); no document content.
    Auditeur,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] =
        [Role::Admin, Role::Analyste, Role::Moderateur, Role::Lecture, Role::Auditeur];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyste => "analyste",
            Role::Moderateur => "moderateur",
            Role::Lecture => "lecture",
            Role::Auditeur => "auditeur",
        }
    }

    /// Parses a role name (`modérateur` accepted for `moderateur`).
    pub fn parse(name: &str) -> Option<Role> {
        match name.trim().to_lowercase().as_str() {
            "admin" => Some(Role::Admin),
            "analyste" => Some(Role::Analyste),
            "moderateur" | "modérateur" => Some(Role::Moderateur),
            "lecture" => Some(Role::Lecture),
            "auditeur" => Some(Role::Auditeur),
            _ => None,
        }
    }
}

/// Who is calling: resolved from a session cookie or an API token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Principal {
    /// User id.
    pub user_id: i64,
    /// User name.
    pub user: String,
    /// Effective role (a token's scope may be narrower than its user's role).
    pub role: Role,
    /// May read the text of minors' messages.
    pub minors_text: bool,
    /// The token's id when the call came with a token.
    pub token_id: Option<i64>,
}

/// A token as listed (never its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// Token id.
    pub id: i64,
    /// Scope.
    pub role: Role,
    /// Expiry (Unix seconds), if any.
    pub expires_at: Option<i64>,
    /// Last use (Unix seconds, to the minute).
    pub last_used_at: Option<i64>,
}

/// An Argon2id PHC string for `password` (the crate's default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| StoreError::Invalid("aléa indisponible".into()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|_| StoreError::Invalid("sel".into()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| StoreError::Invalid("hachage du mot de passe impossible".into()))
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// 256 random bits, hex, with a prefix that tells what the secret is (`vigie_t_`, `vigie_s_`).
fn secret(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| StoreError::Invalid("aléa indisponible".into()))?;
    Ok(format!("{prefix}{}", hex::encode(bytes)))
}

fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Role stored as text back to the enum (an unknown name gives the weakest role).
fn role_of(name: &str) -> Role {
    Role::parse(name).unwrap_or(Role::Lecture)
}

macro_rules! on_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($p) => $body,
            Pool::Postgres($p) => $body,
        }
    };
}

/// A user row: id, password hash, role, minors permission, disabled.
type UserRow = (i64, String, Role, bool, bool);

impl Store {
    /// Adds a user; fails when the name is taken.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        minors_text: bool,
    ) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid("nom de compte invalide (1 à 64 caractères)".into()));
        }
        let at = now();
        let id: Option<i64> = on_pool!(self, p => {
            sqlx::query(
                "INSERT INTO users (name, password_hash, role, minors_text, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING id",
            )
            .bind(name)
            .bind(password_hash)
            .bind(role.as_str())
            .bind(i64::from(minors_text))
            .bind(at)
            .fetch_optional(p)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
        });
        id.ok_or_else(|| StoreError::Invalid("ce compte existe déjà".into()))
    }

    /// A user by name: id, password hash, role, minors permission, disabled.
    pub async fn user(&self, name: &str) -> Result<Option<UserRow>> {
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT id, password_hash, role, minors_text, disabled FROM users WHERE name = $1",
            )
            .bind(name.trim())
            .fetch_optional(p)
            .await?;
            row.map(|r| -> Result<UserRow> {
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    role_of(&r.try_get::<String, _>(2)?),
                    r.try_get::<i64, _>(3)? != 0,
                    r.try_get::<i64, _>(4)? != 0,
                ))
            })
            .transpose()
        })
    }

    /// Changes a user's role and minors permission; revokes their sessions at once.
    pub async fn set_role(&self, name: &str, role: Role, minors_text: bool) -> Result<()> {
        on_pool!(self, p => {
            let mut tx = p.begin().await?;
            let row = sqlx::query("UPDATE users SET role = $1, minors_text = $2 WHERE name = $3 RETURNING id")
                .bind(role.as_str())
                .bind(i64::from(minors_text))
                .bind(name.trim())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else { return Err(StoreError::Invalid("compte inconnu".into())) };
            let id: i64 = row.try_get(0)?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Creates an API token for `user` with scope `role` (default: the user's role; only an admin
    /// may hold a token of another role) and an optional lifetime. Returns the token, to be shown
    /// once.
    pub async fn add_token(
        &self,
        user: &str,
        role: Option<Role>,
        ttl_secs: Option<i64>,
    ) -> Result<(i64, String)> {
        let Some((user_id, _, user_role, minors, disabled)) = self.user(user).await? else {
            return Err(StoreError::Invalid("compte inconnu".into()));
        };
        if disabled {
            return Err(StoreError::Invalid("compte désactivé".into()));
        }
        let role = role.unwrap_or(user_role);
        if role != user_role && user_role != Role::Admin {
            return Err(StoreError::Invalid(format!(
                "un compte {} ne peut pas créer de jeton {}",
                user_role.as_str(),
                role.as_str()
            )));
        }
        let token = secret("vigie_t_")?;
        let at = now();
        let expires = ttl_secs.map(|t| at.saturating_add(t));
        let id: i64 = on_pool!(self, p => {
            sqlx::query(
                "INSERT INTO api_tokens (user_id, token_hash, role, minors_text, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(user_id)
            .bind(digest(&token))
            .bind(role.as_str())
            .bind(i64::from(minors))
            .bind(at)
            .bind(expires)
            .fetch_one(p)
            .await?
            .try_get(0)?
        });
        Ok((id, token))
    }

    /// The caller behind an API token, if it is valid (known, not revoked, not expired, its user
    /// enabled). Records the last use, to the minute.
    pub async fn token_principal(&self, token: &str) -> Result<Option<Principal>> {
        let at = now();
        let hash = digest(token);
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT t.id, t.role, t.minors_text, t.expires_at, t.last_used_at, u.id, u.name, u.disabled \
                 FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
            )
            .bind(&hash)
            .fetch_optional(p)
            .await?;
            let Some(r) = row else { return Ok(None) };
            let expires: Option<i64> = r.try_get(3)?;
            if expires.is_some_and(|e| e <= at) || r.try_get::<i64, _>(7)? != 0 {
                return Ok(None);
            }
            let id: i64 = r.try_get(0)?;
            let last: Option<i64> = r.try_get(4)?;
            if last.is_none_or(|l| at - l >= 60) {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(id)
                    .execute(p)
                    .await?;
            }
            Ok(Some(Principal {
                user_id: r.try_get(5)?,
                user: r.try_get(6)?,
                role: role_of(&r.try_get::<String, _>(1)?),
                minors_text: r.try_get::<i64, _>(2)? != 0,
                token_id: Some(id),
            }))
        })
    }

    /// The tokens of a user (never their values).
    pub async fn tokens(&self, user: &str) -> Result<Vec<TokenInfo>> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT t.id, t.role, t.expires_at, t.last_used_at FROM api_tokens t \
                 JOIN users u ON u.id = t.user_id WHERE u.name = $1 AND t.revoked_at IS NULL ORDER BY t.id",
            )
            .bind(user.trim())
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(TokenInfo {
                        id: r.try_get(0)?,
                        role: role_of(&r.try_get::<String, _>(1)?),
                        expires_at: r.try_get(2)?,
                        last_used_at: r.try_get(3)?,
                    })
                })
                .collect()
        })
    }

    /// Revokes API token `id`; `false` if no such unrevoked token exists. A running server stops
    /// accepting it within its token cache period (5 s).
    pub async fn revoke_token(&self, id: i64) -> Result<bool> {
        let at = now();
        let done = on_pool!(self, p => {
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(id)
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Opens a session for a user; returns the session secret for the cookie.
    pub async fn create_session(&self, user_id: i64, ttl_secs: i64) -> Result<String> {
        let session = secret("vigie_s_")?;
        let at = now();
        on_pool!(self, p => {
            sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(digest(&session))
                .bind(user_id)
                .bind(at)
                .bind(at.saturating_add(ttl_secs))
                .execute(p)
                .await?;
        });
        Ok(session)
    }

    /// The caller behind a session secret, if the session is open.
    pub async fn session_principal(&self, session: &str) -> Result<Option<Principal>> {
        let at = now();
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT u.id, u.name, u.role, u.minors_text FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
            )
            .bind(digest(session))
            .bind(at)
            .fetch_optional(p)
            .await?;
            row.map(|r| -> Result<Principal> {
                Ok(Principal {
                    user_id: r.try_get(0)?,
                    user: r.try_get(1)?,
                    role: role_of(&r.try_get::<String, _>(2)?),
                    minors_text: r.try_get::<i64, _>(3)? != 0,
                    token_id: None,
                })
            })
            .transpose()
        })
    }

    /// Closes a session (logout).
    pub async fn delete_session(&self, session: &str) -> Result<()> {
        on_pool!(self, p => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest(session)).execute(p).await?;
        });
        Ok(())
    }
}

/// A random password of 24 hexadecimal characters (96 bits), for `vigie admin user add`.
pub fn generate_password() -> Result<String> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|_| StoreError::Invalid("aléa indisponible".into()))?;
    Ok(hex::encode(bytes))
}
