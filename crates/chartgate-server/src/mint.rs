//! The mint use case: exchange a refresh token for an access token.
//!
//! The token is parsed, looked up (one bounded store read), and the user's
//! state, plan and mint budget checked. A refresh token that names no user
//! counts against its client network's failed-mint budget (an IPv4 address
//! or an IPv6 /64); past it, such a mint gets 429. A valid refresh token is
//! never refused for what others at its address did (behind a load balancer
//! that address is everyone): guessing is bounded by the token's 256 random
//! bits, and the failed-mint budget keeps each network's wrong answers to a
//! trickle (docs/OPERATIONS.md, "Security").

use crate::error::ApiError;
use crate::limits::Budget;
use crate::state::AppState;
use chartgate_core::refresh::RefreshTokenFormatError;
use chartgate_core::{
    Claims, Decision, LimitKey, LimiterError, PlanName, RefreshToken, Rule, StoreError, UnixTime, UserId,
};
use chartmetric_types::TokenResponse;
use std::net::IpAddr;

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
    /// With rotation on, another mint swapped this refresh token first.
    #[error("this refresh token was just rotated by another mint; use the refresh token that mint returned")]
    RotatedConcurrently,
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
            Self::Whitespace(_) | Self::Malformed(_) | Self::Unknown | Self::Disabled | Self::RotatedConcurrently => {
                "unauthorized"
            }
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
            | MintError::RotatedConcurrently) => ApiError::invalid_token(e),
            e @ MintError::PlanMissing(_) => ApiError::Internal(e.to_string()),
            MintError::Store(e) => e.into(),
            MintError::Limiter(e) => e.into(),
        }
    }
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
        let Some(user) = s.store.call(s.store.get().user_by_refresh_token(&token.hash())).await? else {
            return Err(self.failed_mint(ip, now, MintError::Unknown).await);
        };
        s.directory.observe(&user);
        if !user.enabled {
            return Err(MintError::Disabled);
        }
        let plan = s.directory.plan(&user.plan).await?.ok_or_else(|| MintError::PlanMissing(user.plan.clone()))?;
        let rule = Rule::per_second(plan.mint_rps);
        let budget = self.limit(Budget::Mint, LimitKey::Mint(user.id), rule, now).await?;
        if !budget.allowed {
            return Err(MintError::MintBudget(budget));
        }
        let refresh = self.next_refresh_token(user.id, token, now).await?;
        let claims = Claims::issue(user.id, &plan.scopes, user.epoch, now);
        let body = TokenResponse {
            token: s.keys.sign(&claims),
            expires_in: chartgate_core::jwt::TTL_SECS,
            refresh_token: refresh.expose().to_owned(),
            scope: claims.scope,
        };
        Ok(Minted { body, budget })
    }

    /// The refresh token to return: the one sent (the default, as the real
    /// API), or, with rotation on, a new one swapped in atomically.
    async fn next_refresh_token(
        &self,
        user: UserId,
        sent: RefreshToken,
        now: UnixTime,
    ) -> Result<RefreshToken, MintError> {
        if !self.0.config.rotate_refresh_tokens {
            return Ok(sent);
        }
        let fresh = RefreshToken::generate();
        let store = &self.0.store;
        match store.call(store.get().swap_refresh_token(user, &sent.hash(), &fresh.hash(), now)).await? {
            Some(_) => Ok(fresh),
            None => Err(MintError::RotatedConcurrently),
        }
    }

    /// Counts a failed mint against the address; `failure` is the answer
    /// unless that used up the address's budget.
    async fn failed_mint(&self, ip: IpAddr, now: UnixTime, failure: MintError) -> MintError {
        let rule = self.0.config.failed_mint_rule;
        // The hit is atomic, so concurrent failures buy no extra 401s.
        match self.limit(Budget::FailedMint, LimitKey::failed_mint(ip), rule, now).await {
            Ok(decision) if !decision.allowed => MintError::AddressBlocked(decision),
            Ok(_) => failure,
            Err(e) => e.into(),
        }
    }
}
