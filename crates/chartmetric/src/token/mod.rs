//! The token manager: one access token for every request, refreshed once.
//!
//! * Fast path: a read lock, two clock reads and a reference-count bump on a
//!   header value built at mint time. No allocation, no await point.
//! * Early window: the first caller to see it starts ONE background refresh;
//!   everyone keeps using the current token meanwhile.
//! * Late window: callers make sure a refresh (with the full retry budget)
//!   is in flight and keep sending the still-valid token; a hanging token
//!   route never stalls them.
//! * Expiry, or a 401: callers join the single refresh in flight (starting
//!   it if there is none) and wait for its result. A failed refresh never
//!   throws away a valid token.
//! * The refresh runs in a spawned task ([`flight`]): a caller that gives up
//!   cannot cancel it, so a rotated refresh token is always stored.

mod cached;
mod flight;
mod limits;
mod mint;
mod persist;
#[cfg(test)]
mod tests;

use crate::backoff::RetryPolicy;
use crate::clock::{Clock, ClockSource};
use crate::error::Error;
use crate::metrics::Counters;
use crate::secret::bearer_header;
use crate::store::RefreshTokenStore;
use cached::{Cached, Freshness, Origin};
use flight::Flight;
use limits::MintBudget;
use parking_lot::{Mutex, RwLock};
use reqwest::header::HeaderValue;
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

pub(crate) use cached::window_leads;
pub use limits::MintLimits;

/// What the token manager is built from.
pub(crate) struct TokenConfig {
    pub(crate) http: reqwest::Client,
    pub(crate) token_url: reqwest::Url,
    pub(crate) refresh_token: SecretString,
    pub(crate) store: Option<Arc<dyn RefreshTokenStore>>,
    pub(crate) clock: ClockSource,
    pub(crate) policy: RetryPolicy,
    pub(crate) limits: MintLimits,
    pub(crate) counters: Arc<Counters>,
}

/// What to do about a 401 on a data call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On401 {
    /// The token was retired; replay with a new one.
    Remint,
    /// A newer token is already there; replay with it (no mint).
    Replay,
    /// Not the token's fault, or minting is capped: report the 401.
    Report,
}

/// A ready `Authorization` value and the mint it came from.
pub(crate) struct Bearer {
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
}

/// Shared by every clone of a client.
#[derive(Clone)]
pub(crate) struct TokenManager {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    token_url: reqwest::Url,
    refresh_token: Mutex<SecretString>,
    store: Option<Arc<dyn RefreshTokenStore>>,
    clock: ClockSource,
    policy: RetryPolicy,
    limits: MintLimits,
    budget: MintBudget,
    counters: Arc<Counters>,
    cache: RwLock<Option<Arc<Cached>>>,
    flight: Mutex<Option<Flight>>,
    generation: AtomicU64,
    /// A 401 retired the current token: the next one minted is `Reminted`.
    remint_pending: AtomicBool,
    backoff: Mutex<flight::MintBackoff>,
    /// What was handed to the store; held by a refresh from before its mint
    /// until its rotated refresh token is saved.
    saved: tokio::sync::Mutex<persist::SaveState>,
    #[cfg(test)]
    hooks: tests::Hooks,
}

impl TokenManager {
    pub(crate) fn new(config: TokenConfig) -> Self {
        let inner = Inner {
            http: config.http,
            token_url: config.token_url,
            refresh_token: Mutex::new(config.refresh_token),
            store: config.store,
            clock: config.clock,
            policy: config.policy,
            limits: config.limits,
            budget: MintBudget::new(config.limits.per_hour),
            counters: config.counters,
            cache: RwLock::new(None),
            flight: Mutex::new(None),
            generation: AtomicU64::new(0),
            remint_pending: AtomicBool::new(false),
            backoff: Mutex::new(flight::MintBackoff::default()),
            saved: tokio::sync::Mutex::new(persist::SaveState::default()),
            #[cfg(test)]
            hooks: tests::Hooks::default(),
        };
        Self { inner: Arc::new(inner) }
    }

    /// Installs an access token obtained elsewhere, valid until `valid_until`.
    pub(crate) fn seed(&self, token: SecretString, valid_until: SystemTime) -> Result<(), Error> {
        let inner = &self.inner;
        let lifetime = valid_until
            .duration_since(inner.clock.wall())
            .map_err(|_| Error::config("the cached access token has already expired"))?;
        let header =
            bearer_header(&token).map_err(|_| Error::config("the cached access token is not a valid header value"))?;
        let generation = inner.generation.fetch_add(1, Ordering::AcqRel) + 1;
        let cached = Cached::new(token, header, (generation, Origin::Seeded), lifetime, &inner.clock);
        *inner.cache.write() = Some(Arc::new(cached));
        Ok(())
    }

    /// Mints a new token now (joining a refresh already running), whatever
    /// the current one's freshness; subject to the mint budget.
    pub(crate) async fn refresh(&self) -> Result<(), Error> {
        let receiver = {
            let mut slot = self.inner.flight.lock();
            if let Some(error) = flight::turned_away(&self.inner, &slot) {
                return Err(error);
            }
            flight::force(&self.inner, &mut slot)
        };
        flight::wait(receiver, None, &self.inner.clock).await.map(|_| ())
    }

    /// The current token and its wall-clock expiry, if it may be sent; never mints.
    pub(crate) fn current(&self) -> Option<(SecretString, SystemTime)> {
        let guard = self.inner.cache.read();
        let cached = guard.as_ref().filter(|c| c.usable(&self.inner.clock))?;
        Some((cached.token.clone(), cached.expires_at()))
    }

    /// Waits for a save of a rotated refresh token in progress, retries one
    /// that failed, and reports the failure if it still fails.
    pub(crate) async fn persist(&self) -> Result<(), Error> {
        let mut state = self.inner.saved.lock().await;
        persist::retry_pending(&self.inner, &mut state).await;
        state.failure().map_or(Ok(()), Err)
    }

    /// The `Authorization` value to send, minting only when needed.
    #[inline]
    pub(crate) async fn bearer(&self) -> Result<Bearer, Error> {
        let bearer = |c: &Cached| Bearer { header: c.header.clone(), generation: c.generation };
        if let Some(ready) = self.fresh(bearer) {
            return Ok(ready);
        }
        self.slow().await.map(|c| bearer(&c))
    }

    /// [`bearer`](Self::bearer), giving up after `deadline` on the slow path.
    #[inline]
    pub(crate) async fn bearer_within(&self, deadline: Duration) -> Result<Bearer, Error> {
        let bearer = |c: &Cached| Bearer { header: c.header.clone(), generation: c.generation };
        if let Some(ready) = self.fresh(bearer) {
            return Ok(ready);
        }
        // Boxed: the cached path's future stays as small as before.
        Box::pin(within(deadline, self.slow())).await.map(|c| bearer(&c))
    }

    /// The access token itself, minting only when needed, within `deadline`.
    pub(crate) async fn access_token(&self, deadline: Duration) -> Result<SecretString, Error> {
        if let Some(token) = self.fresh(|c| c.token.clone()) {
            return Ok(token);
        }
        within(deadline, self.slow()).await.map(|c| c.token.clone())
    }

    /// After a 401 for the token of `generation`: retire it and re-mint
    /// only when it could have expired (past its early window by our clocks,
    /// or seeded from elsewhere) or the server said `invalid_token`, and the
    /// hourly budget has room. A token that was itself minted because of a
    /// 401 must also be `min_interval` old: re-minting did not help, so the
    /// 401 is about something else. Otherwise the token stays in use for
    /// every other task and the 401 is reported.
    pub(crate) fn on_401(&self, generation: u64, says_invalid_token: bool) -> On401 {
        let inner = &self.inner;
        let guard = inner.cache.read();
        let Some(current) = guard.as_ref() else {
            return On401::Replay;
        };
        if current.generation != generation {
            return On401::Replay;
        }
        let (now, wall) = (inner.clock.now(), inner.clock.wall());
        let could_have_expired = current.origin == Origin::Seeded || current.freshness(now, wall) != Freshness::Fresh;
        let old_enough = current.origin != Origin::Reminted
            || now.saturating_duration_since(current.created) >= inner.limits.min_interval;
        if !(says_invalid_token || could_have_expired) {
            tracing::info!(generation, "401 without invalid_token for a fresh token; not re-minting");
            return On401::Report;
        }
        if !old_enough || !inner.budget.has_room(now) {
            tracing::warn!(generation, old_enough, "401 for the current token; re-minting is capped, reporting it");
            return On401::Report;
        }
        tracing::debug!(generation, "access token rejected with 401; retiring it");
        inner.remint_pending.store(true, Ordering::Release);
        current.revoke();
        On401::Remint
    }

    /// The fast path: `Some` when the current token may be used right now.
    #[inline]
    fn fresh<R>(&self, use_token: impl FnOnce(&Cached) -> R) -> Option<R> {
        let guard = self.inner.cache.read();
        let cached = guard.as_ref()?;
        let clock = &self.inner.clock;
        match cached.freshness(clock.now(), clock.wall()) {
            Freshness::Fresh => Some(use_token(cached)),
            Freshness::Early => {
                let out = use_token(cached);
                let starts_refresh = cached.claim_early_refresh();
                drop(guard);
                if starts_refresh {
                    self.start_background_refresh();
                }
                Some(out)
            }
            Freshness::Late => {
                let out = use_token(cached);
                drop(guard);
                self.ensure_refresh();
                Some(out)
            }
            Freshness::Dead => None,
        }
    }

    /// Late window: the token is still valid, so callers keep sending it
    /// while a refresh (with the full retry budget) runs; a hanging token
    /// route never stalls them.
    fn ensure_refresh(&self) {
        let mut slot = self.inner.flight.lock();
        if flight::turned_away(&self.inner, &slot).is_none() {
            flight::join_or_start(&self.inner, &mut slot);
        }
    }

    fn start_background_refresh(&self) {
        let mut slot = self.inner.flight.lock();
        if flight::start_background(&self.inner, &mut slot) {
            Counters::bump(&self.inner.counters.background_refreshes);
            tracing::debug!("access token in its early window; refreshing in the background");
        }
    }

    /// The slow path: join the refresh in flight (or start one) and wait.
    async fn slow(&self) -> Result<Arc<Cached>, Error> {
        let (fallback, receiver) = {
            let mut slot = self.inner.flight.lock();
            let current = self.inner.cache.read().clone();
            if let Some(c) = &current {
                let clock = &self.inner.clock;
                match c.freshness(clock.now(), clock.wall()) {
                    Freshness::Fresh | Freshness::Early => return Ok(Arc::clone(c)),
                    Freshness::Late => {
                        if flight::turned_away(&self.inner, &slot).is_none() {
                            flight::join_or_start(&self.inner, &mut slot);
                        }
                        return Ok(Arc::clone(c));
                    }
                    Freshness::Dead => {}
                }
            }
            #[cfg(test)]
            self.inner.hooks.run(&self.inner.hooks.after_cache_read);
            let fallback = current.filter(|c| c.usable(&self.inner.clock));
            if let Some(error) = flight::turned_away(&self.inner, &slot) {
                return fallback.ok_or(error);
            }
            (fallback, flight::join_or_start(&self.inner, &mut slot))
        };
        flight::wait(receiver, fallback, &self.inner.clock).await
    }
}

/// Runs a token wait under the call's deadline.
async fn within<T>(deadline: Duration, wait: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match tokio::time::timeout(deadline, wait).await {
        Ok(result) => result,
        Err(_) => Err(Error::new(
            crate::error::ErrorKind::Timeout,
            format!("no access token within the deadline of {} s", deadline.as_secs_f64()),
        )),
    }
}
