//! Shared state, and the two use cases of the request path: minting an
//! access token and authenticating a bearer. Handlers stay thin around them.

use crate::catalog::Catalog;
use crate::config::ServerConfig;
use crate::directory::{Directory, UserView};
use crate::error::ApiError;
use crate::verified::{self, Verified, VerifiedCache};
use chartgate_core::refresh::RefreshTokenFormatError;
use chartgate_core::{
    Claims, Clock, Decision, KeyRing, LimitKey, Limiter, Plan, RefreshToken, Rule, Store, UnixTime, UserId, bearer,
};
use chartmetric_types::TokenResponse;
use std::net::IpAddr;
use std::sync::Arc;

/// The backends a server runs on, chosen once by the binary.
pub struct Backends {
    /// Users, plans, keys, catalog.
    pub store: Arc<dyn Store>,
    /// Rate limits.
    pub limiter: Arc<dyn Limiter>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Signing and verifying keys.
    pub keys: KeyRing,
}

/// State shared by every request.
#[derive(Clone)]
pub struct AppState(pub(crate) Arc<Inner>);

pub(crate) struct Inner {
    pub store: Arc<dyn Store>,
    pub limiter: Arc<dyn Limiter>,
    pub clock: Arc<dyn Clock>,
    pub keys: KeyRing,
    pub directory: Directory,
    pub verified: VerifiedCache,
    pub catalog: Catalog,
    pub metrics: crate::metrics::Metrics,
    pub config: ServerConfig,
}

/// An authenticated caller, as the data routes see it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The verified token: its user, epoch and scopes.
    pub token: Arc<Verified>,
    /// The user's current plan.
    pub plan: Arc<Plan>,
}

const UNKNOWN_REFRESH: &str = "refresh token not recognised: it is unknown, was rotated or was revoked";

impl AppState {
    pub(crate) fn new(backends: Backends, directory: Directory, config: ServerConfig) -> Self {
        Self(Arc::new(Inner {
            store: backends.store,
            limiter: backends.limiter,
            clock: backends.clock,
            keys: backends.keys,
            directory,
            verified: VerifiedCache::new(config.verified_cache_capacity),
            catalog: Catalog::new(config.catalog_cache_capacity),
            metrics: crate::metrics::Metrics::default(),
            config,
        }))
    }

    /// The current time.
    pub fn now(&self) -> UnixTime {
        self.0.clock.now()
    }

    /// Exchanges a refresh token for an access token; the decision describes
    /// the caller's mint budget.
    pub async fn mint(&self, ip: IpAddr, raw: &str) -> Result<(TokenResponse, Decision), ApiError> {
        let s = &self.0;
        let now = self.now();
        let gate = self.limit("failed_mint", LimitKey::FailedMint(ip), s.config.failed_mint_rule, now, false).await?;
        if !gate.allowed {
            return Err(ApiError::RateLimited { decision: gate, what: "failed token mints from this address" });
        }
        let token = match RefreshToken::parse(raw) {
            Ok(t) => t,
            Err(e @ RefreshTokenFormatError::Whitespace) => return Err(ApiError::invalid_token(e)),
            Err(e) => return Err(self.failed_mint(ip, now, e.to_string()).await),
        };
        let started = std::time::Instant::now();
        let found = self.bounded(s.store.user_by_refresh_token(&token.hash())).await;
        s.metrics.backend("store", started.elapsed(), found.is_ok());
        let Some(user) = found? else {
            return Err(self.failed_mint(ip, now, UNKNOWN_REFRESH.into()).await);
        };
        s.directory.observe(&user);
        if !user.enabled {
            return Err(ApiError::invalid_token("this user is disabled"));
        }
        let plan = self.plan_of(&user.plan).await?;
        let decision = self.limit("mint", LimitKey::Mint(user.id), Rule::per_second(plan.mint_rps), now, true).await?;
        if !decision.allowed {
            return Err(ApiError::RateLimited { decision, what: "token mints" });
        }
        let refresh = self.next_refresh_token(user.id, token).await?;
        let claims = Claims::issue(user.id, &plan.scopes, user.epoch, now);
        let body = TokenResponse {
            token: s.keys.sign(&claims),
            expires_in: chartgate_core::jwt::TTL_SECS,
            refresh_token: refresh.expose().to_owned(),
            scope: claims.scope,
        };
        Ok((body, decision))
    }

    /// The refresh token to return: the one sent (the default, as the real
    /// API), or, with rotation on, a new one swapped in atomically.
    async fn next_refresh_token(&self, user: UserId, sent: RefreshToken) -> Result<RefreshToken, ApiError> {
        if !self.0.config.rotate_refresh_tokens {
            return Ok(sent);
        }
        let fresh = RefreshToken::generate();
        match self.bounded(self.0.store.swap_refresh_token(user, &sent.hash(), &fresh.hash())).await? {
            Some(_) => Ok(fresh),
            None => Err(ApiError::invalid_token(
                "this refresh token was just rotated by another mint; use the refresh token that mint returned",
            )),
        }
    }

    async fn failed_mint(&self, ip: IpAddr, now: UnixTime, message: String) -> ApiError {
        let rule = self.0.config.failed_mint_rule;
        match self.limit("failed_mint", LimitKey::FailedMint(ip), rule, now, true).await {
            // Concurrent failures all pass the gate's peek before any is
            // counted; the atomic hit decides, so concurrency buys no guesses.
            Ok(decision) if !decision.allowed => {
                ApiError::RateLimited { decision, what: "failed token mints from this address" }
            }
            Ok(_) => ApiError::invalid_token(message),
            Err(e) => e,
        }
    }

    /// Asks the limiter (counting when `consume`), recording the decision
    /// and the call's latency.
    async fn limit(
        &self,
        budget: &'static str,
        key: LimitKey,
        rule: Rule,
        now: UnixTime,
        consume: bool,
    ) -> Result<Decision, ApiError> {
        let (limiter, metrics) = (&self.0.limiter, &self.0.metrics);
        let started = std::time::Instant::now();
        let asked = if consume { limiter.hit(key, rule, now).await } else { limiter.peek(key, rule, now).await };
        metrics.backend("limiter", started.elapsed(), asked.is_ok());
        match &asked {
            Ok(d) if consume => metrics.limit(budget, if d.allowed { "allowed" } else { "refused" }),
            Ok(_) => {}
            Err(_) => metrics.limit(budget, "error"),
        }
        Ok(asked?)
    }

    async fn plan_of(&self, name: &chartgate_core::PlanName) -> Result<Arc<Plan>, ApiError> {
        if let Some(p) = self.0.directory.plan(name) {
            return Ok(p);
        }
        self.bounded(self.0.directory.refresh(&*self.0.store)).await?;
        self.0.directory.plan(name).ok_or_else(|| ApiError::Internal(format!("user's plan {name} does not exist")))
    }

    /// Checks an `Authorization` header: format, signature and lifetime
    /// (once per token, then cached), then the user's current state.
    pub async fn authenticate(&self, header: Option<&[u8]>) -> Result<Caller, ApiError> {
        let now = self.now();
        let token = bearer::parse(header)?;
        let verified = self.verify(token, now)?;
        let user = self.user_view(verified.user).await?;
        if !user.enabled {
            return Err(ApiError::invalid_token("the access token's user is disabled"));
        }
        if verified.epoch < user.epoch {
            return Err(ApiError::invalid_token(
                "the access token was revoked (its refresh token was rotated or revoked); mint a new one",
            ));
        }
        Ok(Caller { token: verified, plan: user.plan })
    }

    fn verify(&self, token: &str, now: UnixTime) -> Result<Arc<Verified>, ApiError> {
        let key = verified::key(token);
        if let Some(v) = self.0.verified.get(&key, now) {
            return Ok(v);
        }
        let claims = self.0.keys.verify(token, now)?;
        let v = Verified::from_claims(&claims)
            .ok_or_else(|| ApiError::invalid_token("the access token's scope claim is malformed"))?;
        let v = Arc::new(v);
        self.0.verified.insert(key, Arc::clone(&v));
        Ok(v)
    }

    async fn user_view(&self, id: UserId) -> Result<UserView, ApiError> {
        if let Some(u) = self.0.directory.user(id) {
            return Ok(u);
        }
        self.bounded(self.0.directory.fetch_user(&*self.0.store, id))
            .await?
            .ok_or_else(|| ApiError::invalid_token("the access token's user does not exist"))
    }

    /// Runs a store call on the request path, giving up after the
    /// configured store timeout (the database is then as good as away).
    pub async fn bounded<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, chartgate_core::StoreError>>,
    ) -> Result<T, chartgate_core::StoreError> {
        let limit = self.0.config.store_timeout;
        match tokio::time::timeout(limit, call).await {
            Ok(result) => result,
            Err(_) => Err(chartgate_core::StoreError::Unavailable(format!("no answer within {limit:?}"))),
        }
    }

    /// Counts a data request against the caller's plan.
    pub async fn charge(&self, caller: &Caller) -> Result<Decision, ApiError> {
        let rule = Rule::per_second(caller.plan.rps);
        self.limit("data", LimitKey::Data(caller.token.user), rule, self.now(), true).await
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        &*self.0.store
    }

    /// The artist catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    /// The limiter.
    pub fn limiter(&self) -> &dyn Limiter {
        &*self.0.limiter
    }

    /// The metrics.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.0.metrics
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.0.config
    }
}
