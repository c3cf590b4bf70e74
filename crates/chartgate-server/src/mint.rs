//! The mint use case: exchange a refresh token for an access token.
//!
//! The token is parsed, looked up (one bounded store read, or none for a
//! token this instance has looked up before while its user is unchanged:
//! [`crate::directory::Directory::holder`]), and the user's state, plan
//! and mint budget checked. A refresh token that names no user
//! counts against its client network's failed-mint budget (an IPv4 address
//! or an IPv6 /64); past it, such a mint gets 429. A valid refresh token is
//! never refused for what others at its address did (behind a load balancer
//! that address is everyone): guessing is bounded by the token's 256 random
//! bits, and the failed-mint budget keeps each network's wrong answers to a
//! trickle (docs/OPERATIONS.md, "Security").
//!
//! With rotation on, each mint replaces the refresh token sent by a new one
//! and the store keeps the replaced token's hash. Presented again within the
//! grace period (`ServerConfig::refresh_grace`), a replaced token mints and
//! rotates again: a retry after a lost response, or a mint that lost the
//! race to a concurrent one. Presented later, it is taken as stolen: the
//! user's refresh token is revoked, its access tokens end, and the event is
//! audited ([`chartgate_core::reuse`]).

use crate::error::ApiError;
use crate::limits::Budget;
use crate::state::AppState;
use chartgate_core::refresh::RefreshTokenFormatError;
use chartgate_core::{
    Action, AuditEvent, Claims, Decision, LimitKey, LimiterError, PlanName, RefreshToken, ReplacedRefreshToken, Reuse,
    Rule, StoreError, Subject, UnixTime, User,
};
use chartmetric_types::TokenResponse;
use std::net::IpAddr;
use std::time::Duration;

/// A successful mint: the body, and the user's mint budget after it.
#[derive(Debug)]
pub struct Minted {
    /// The `POST /api/token` body.
    pub body: TokenResponse,
    /// The mint budget, for the `X-RateLimit-*` headers.
    pub budget: Decision,
}

/// Why a mint was refused.
#[derive(Debug, thiserror::Error)]
pub enum MintError {
    /// The client address used up its failed-mint budget.
    #[error("failed token mints from this address")]
    AddressBlocked(Decision),
    /// The refresh token has leading or trailing white space (a copy-paste
    /// slip, not a guess: not counted as a failure).
    #[error("{0}")]
    Whitespace(RefreshTokenFormatError),
    /// The refresh token is not of the refresh-token format.
    #[error("{0}")]
    Malformed(RefreshTokenFormatError),
    /// No user holds this refresh token.
    #[error("refresh token not recognised: it is unknown, was rotated or was revoked")]
    Unknown,
    /// The user is disabled.
    #[error("this user is disabled")]
    Disabled,
    /// The user's mint budget is used up.
    #[error("token mints")]
    MintBudget(Decision),
    /// With rotation on, a refresh token replaced by an earlier mint was
    /// presented after its grace period: taken as stolen.
    #[error(
        "this refresh token was replaced by a newer one and presented again after the grace period: \
         it is taken as stolen, so the user's refresh token is revoked and its access tokens end; \
         ask the operator for a new refresh token"
    )]
    Reused,
    /// The user's plan does not exist (a store inconsistency).
    #[error("user's plan {0} does not exist")]
    PlanMissing(PlanName),
    /// The store failed or is away.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The limiter failed or is away.
    #[error(transparent)]
    Limiter(#[from] LimiterError),
}

impl MintError {
    /// The metric label of this outcome: one match, no catch-all.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Whitespace(_) | Self::Malformed(_) | Self::Unknown | Self::Disabled => "unauthorized",
            Self::Reused => "reuse_detected",
            Self::AddressBlocked(_) | Self::MintBudget(_) => "rate_limited",
            Self::Store(StoreError::Unavailable(_)) | Self::Limiter(LimiterError::Unavailable(_)) => "unavailable",
            Self::Store(StoreError::NotFound(_) | StoreError::Conflict(_) | StoreError::Corrupt(_))
            | Self::Store(StoreError::Backend(_))
            | Self::PlanMissing(_) => "error",
        }
    }
}

impl From<MintError> for ApiError {
    fn from(e: MintError) -> Self {
        match e {
            MintError::AddressBlocked(decision) => {
                ApiError::RateLimited { decision, what: "failed token mints from this address" }
            }
            MintError::MintBudget(decision) => ApiError::RateLimited { decision, what: "token mints" },
            e @ (MintError::Whitespace(_)
            | MintError::Malformed(_)
            | MintError::Unknown
            | MintError::Disabled
            | MintError::Reused) => ApiError::invalid_token(e),
            e @ MintError::PlanMissing(_) => ApiError::Internal(e.to_string()),
            MintError::Store(e) => e.into(),
            MintError::Limiter(e) => e.into(),
        }
    }
}

/// How the refresh token sent relates to its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// It is the user's refresh token.
    Current,
    /// Rotation replaced it within the grace period: a retry.
    Replaced,
}

impl AppState {
    /// Exchanges a refresh token, sent from `ip`, for an access token.
    pub async fn mint(&self, ip: IpAddr, raw: &str) -> Result<Minted, MintError> {
        let s = &self.0;
        let now = self.now();
        let token = match RefreshToken::parse(raw) {
            Ok(t) => t,
            Err(e @ RefreshTokenFormatError::Whitespace) => return Err(MintError::Whitespace(e)),
            Err(e) => return Err(self.failed_mint(ip, now, MintError::Malformed(e)).await),
        };
        let (user, held) = self.holder(ip, &token, now).await?;
        if !user.enabled {
            return Err(MintError::Disabled);
        }
        let plan = s.directory.plan(&user.plan).await?.ok_or_else(|| MintError::PlanMissing(user.plan.clone()))?;
        let rule = Rule::per_second(plan.mint_rps);
        let budget = self.limit(Budget::Mint, LimitKey::Mint(user.id), rule, now).await?;
        if !budget.allowed {
            return Err(MintError::MintBudget(budget));
        }
        let refresh = self.next_refresh_token(&user, token, held, now).await?;
        let ttl = u64::from(plan.access_ttl);
        let claims = Claims::issue(user.id, &plan.scopes, user.epoch, now, ttl);
        let body = TokenResponse {
            token: s.keys.load().sign(&claims),
            expires_in: ttl,
            refresh_token: refresh.expose().to_owned(),
            scope: claims.scope,
        };
        s.activity.minted(user.id, now);
        Ok(Minted { body, budget })
    }

    /// The user the refresh token belongs to (one store read, or none: see
    /// the module's doc), recorded in the directory, or, with
    /// rotation on, belonged to until rotation replaced it within the grace
    /// period (a second read, for tokens that are not current only).
    async fn holder(&self, ip: IpAddr, token: &RefreshToken, now: UnixTime) -> Result<(User, Held), MintError> {
        let (store, config) = (&self.0.store, &self.0.config);
        let hash = token.hash();
        // Without rotation a mint writes nothing, so a refresh token looked
        // up before is answered from memory while its user's row is
        // unchanged and the view current; with rotation the store decides.
        let directory = &self.0.directory;
        let remembered = !config.rotate_refresh_tokens && directory.staleness() <= config.max_staleness;
        if remembered && let Some(user) = directory.holder(&hash) {
            return Ok((user, Held::Current));
        }
        if let Some(user) = store.call(store.get().user_by_refresh_token(&hash)).await? {
            directory.observe(&user);
            if !config.rotate_refresh_tokens {
                directory.held_by(&hash, &user);
            }
            return Ok((user, Held::Current));
        }
        let replaced = match config.rotate_refresh_tokens {
            true => store.call(store.get().replaced_refresh_token(&hash)).await?,
            false => None,
        };
        let Some(replaced) = replaced else {
            return Err(self.failed_mint(ip, now, MintError::Unknown).await);
        };
        match replaced.reuse(now, config.refresh_grace) {
            Reuse::Retry => {
                directory.observe(&replaced.user);
                Ok((replaced.user, Held::Replaced))
            }
            Reuse::Superseded => Err(self.failed_mint(ip, now, MintError::Unknown).await),
            Reuse::Theft { replaced_ago } => Err(self.reuse_detected(ip, &replaced, replaced_ago, now).await),
        }
    }

    /// The refresh token to return: the one sent (the default, as the real
    /// API), or, with rotation on, a new one swapped in atomically. A mint
    /// that lost the swap to a concurrent one is a retry: it replaces the
    /// winner's token in turn (only hashes are kept, so the winner's token
    /// cannot be returned).
    async fn next_refresh_token(
        &self,
        user: &User,
        sent: RefreshToken,
        held: Held,
        now: UnixTime,
    ) -> Result<RefreshToken, MintError> {
        if !self.0.config.rotate_refresh_tokens {
            return Ok(sent);
        }
        let fresh = RefreshToken::generate();
        let (store, new) = (&self.0.store, fresh.hash());
        if held == Held::Current {
            let swapped = store.call(store.get().swap_refresh_token(user.id, &sent.hash(), &new, now)).await?;
            if swapped.is_some() {
                return Ok(fresh);
            }
        }
        match store.call(store.get().rotate_replaced_refresh_token(user.id, user.epoch, &new, now)).await? {
            Some(_) => Ok(fresh),
            // An operator rotated, revoked or disabled meanwhile.
            None => Err(MintError::Unknown),
        }
    }

    /// A replaced refresh token presented after its grace period: revokes
    /// the user's refresh token (its access tokens end with the epoch) and
    /// audits it, in one store write. A second detection from the same
    /// epoch writes nothing.
    async fn reuse_detected(
        &self,
        ip: IpAddr,
        replaced: &ReplacedRefreshToken,
        replaced_ago: Duration,
        now: UnixTime,
    ) -> MintError {
        let (store, config) = (&self.0.store, &self.0.config);
        let user = &replaced.user;
        let details = serde_json::json!({
            "replaced_secs_ago": replaced_ago.as_secs(),
            "grace_secs": config.refresh_grace.as_secs(),
            "address": ip.to_string(),
        });
        let action = Action::REFRESH_TOKEN_REUSE_DETECTED;
        let event = AuditEvent::new(now, &config.instance, Subject::user(&user.name), action, details);
        match store.call(store.get().revoke_reused_refresh_token(user.id, replaced.epoch, &event)).await {
            Ok(Some(revoked)) => {
                self.0.directory.observe(&revoked);
                tracing::warn!(
                    user_id = %user.id,
                    %ip,
                    replaced_secs_ago = replaced_ago.as_secs(),
                    "refresh-token reuse after the grace period: the user's refresh token is revoked"
                );
                MintError::Reused
            }
            Ok(None) => MintError::Reused,
            Err(e) => e.into(),
        }
    }

    /// Counts a failed mint against the address; `failure` is the answer
    /// unless that used up the address's budget. The first refusal of a
    /// window is audited.
    async fn failed_mint(&self, ip: IpAddr, now: UnixTime, failure: MintError) -> MintError {
        let rule = self.0.config.failed_mint_rule;
        // The hit is atomic, so concurrent failures buy no extra 401s.
        match self.limit(Budget::FailedMint, LimitKey::failed_mint(ip), rule, now).await {
            Ok(decision) if !decision.allowed => {
                if self.first_refusal(ip, rule.window, now).await {
                    self.0.activity.record(self.blocked(ip, now));
                }
                MintError::AddressBlocked(decision)
            }
            Ok(_) => failure,
            Err(e) => e.into(),
        }
    }

    /// The audit event of an address whose failed-mint budget ran out.
    fn blocked(&self, ip: IpAddr, now: UnixTime) -> AuditEvent {
        let config = &self.0.config;
        let rule = config.failed_mint_rule;
        let details = serde_json::json!({ "limit": rule.limit, "window_secs": rule.window.as_secs() });
        AuditEvent::new(now, &config.instance, Subject::address(ip), Action::FAILED_MINTS_BLOCKED, details)
    }
}
