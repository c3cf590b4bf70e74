//! The authenticate use case: who is behind an `Authorization` header, and
//! may they still use the API?
//!
//! Format, signature and lifetime are checked once per token, then cached
//! ([`crate::verified`]); the user's current state comes from the directory,
//! so a token seen before costs no store read and no signature check.

use crate::error::ApiError;
use crate::state::AppState;
use crate::verified::{self, Verified};
use chartgate_core::bearer::{self, BearerError};
use chartgate_core::{Faults, Plan, StoreError, TokenError, UnixTime, UserName};
use http::HeaderMap;
use http::header::AUTHORIZATION;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// An authenticated caller, as the data routes see it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's name.
    pub name: UserName,
    /// The verified token: its user, epoch and scopes.
    pub token: Arc<Verified>,
    /// The user's current plan.
    pub plan: Arc<Plan>,
    /// Sandbox faults set for the user.
    pub faults: Faults,
}

/// Why a bearer was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// More than one `Authorization` header: which one is meant?
    #[error("the request carries more than one Authorization header; send exactly one")]
    Ambiguous,
    /// The header is missing or not `Bearer <token>`.
    #[error(transparent)]
    Bearer(#[from] BearerError),
    /// The token's signature, key or lifetime is wrong.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The token verified but its scope claim does not parse.
    #[error("the access token's scope claim is malformed")]
    MalformedScope,
    /// The token's user no longer exists.
    #[error("the access token's user does not exist")]
    UnknownUser,
    /// The token's user is disabled.
    #[error("the access token's user is disabled")]
    Disabled,
    /// The token was issued before its user's refresh token was rotated or
    /// revoked.
    #[error("the access token was revoked (its refresh token was rotated or revoked); mint a new one")]
    Revoked,
    /// The store failed or is away (reading a user not seen yet).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// This instance has not heard from the store for longer than the
    /// maximum staleness: it could be missing a revocation.
    #[error("this instance has not reached the database for {0:?}; it cannot vouch for revocations")]
    Stale(std::time::Duration),
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            e @ AuthError::Ambiguous => ApiError::InvalidRequest(e.to_string()),
            AuthError::Bearer(e) => e.into(),
            AuthError::Token(e) => e.into(),
            e @ (AuthError::MalformedScope | AuthError::UnknownUser | AuthError::Disabled | AuthError::Revoked) => {
                ApiError::invalid_token(e)
            }
            AuthError::Store(e) => e.into(),
            e @ AuthError::Stale(_) => ApiError::Unavailable(e.to_string()),
        }
    }
}

impl AppState {
    /// Checks the request's one `Authorization` header: format, signature
    /// and lifetime (once per token, then cached), then the user's current
    /// state.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, AuthError> {
        let now = self.now();
        let mut all = headers.get_all(AUTHORIZATION).iter();
        let header = all.next().map(|v| v.as_bytes());
        if all.next().is_some() {
            return Err(AuthError::Ambiguous);
        }
        let token = bearer::parse(header)?;
        let verified = self.verify(token, now).await?;
        let staleness = self.0.directory.staleness();
        if staleness > self.0.config.max_staleness {
            return Err(AuthError::Stale(staleness));
        }
        let user = self.0.directory.user(verified.user).await?.ok_or(AuthError::UnknownUser)?;
        if !user.enabled {
            return Err(AuthError::Disabled);
        }
        if verified.epoch < user.epoch {
            return Err(AuthError::Revoked);
        }
        Ok(Caller { name: user.name, token: verified, plan: user.plan, faults: user.faults })
    }

    async fn verify(&self, token: &str, now: UnixTime) -> Result<Arc<Verified>, AuthError> {
        let key = verified::key(token);
        if let Some(v) = self.0.verified.get(&key, now) {
            return Ok(v);
        }
        let claims = match self.0.keys.load().verify(token, now) {
            Err(TokenError::UnknownKid(_)) if self.reload_keys_on_demand().await => {
                self.0.keys.load().verify(token, now)?
            }
            verified => verified?,
        };
        let v = Arc::new(Verified::from_claims(&claims).ok_or(AuthError::MalformedScope)?);
        self.0.verified.insert(key, Arc::clone(&v));
        Ok(v)
    }
}

impl AppState {
    /// A token signed with a kid this instance does not know may come from
    /// an instance that saw a key rotation first: read the keys once, at
    /// most once a second (a flood of made-up kids costs one read a second).
    /// Whether the ring changed.
    async fn reload_keys_on_demand(&self) -> bool {
        let now_ms = self.0.started.elapsed().as_millis() as u64;
        let last = self.0.keys_read_on_demand_ms.load(Ordering::Acquire);
        if last != 0 && now_ms < last + 1000 {
            return false;
        }
        if self
            .0
            .keys_read_on_demand_ms
            .compare_exchange(last, now_ms.max(1), Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return false;
        }
        self.reload_keys().await.unwrap_or(false)
    }

    /// Reads the stored keys and swaps in the new ring when it differs;
    /// verified tokens are forgotten then, so a retired key's tokens stop
    /// at once. Whether the ring changed.
    pub(crate) async fn reload_keys(&self) -> Result<bool, StoreError> {
        let store = &self.0.store;
        let stored = store.call(store.get().signing_keys()).await?;
        let current = self.0.keys.load();
        let Some(fresh) = current.reloaded(&stored) else {
            return Ok(false);
        };
        if fresh.same_keys(&current) {
            return Ok(false);
        }
        self.0.keys.store(Arc::new(fresh));
        self.0.verified.clear();
        Ok(true)
    }
}
