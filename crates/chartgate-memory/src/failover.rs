//! A shared limiter with a documented behaviour for when its backend is away.
//!
//! [`Failover`] asks the shared limiter (Redis) first. When that fails or
//! times out, it opens a breaker for a second, during which no request waits
//! on the backend, and then either
//!
//! - **fails open** ([`OnFailure::Open`]): each instance enforces its share of
//!   the limit in process, `ceil(limit / instances)`, so N instances together
//!   accept about the plan's limit; or
//! - **fails closed** ([`OnFailure::Closed`]): the error goes up and the
//!   server answers 503.
//!
//! After the breaker's second the next request tries the backend again, so
//! recovery is automatic.
//!
//! A pause ([`Limiter::pause`]) is kept in process as well as shared, so
//! this instance keeps to it while the shared limiter is away (failing
//! open or closed alike).

use crate::MemoryLimiter;
use chartgate_core::{Decision, LimitKey, Limiter, LimiterError, Rule, Slot, UnixTime};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What to do while the shared limiter is unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Enforce `ceil(limit / instances)` per instance, in process.
    Open {
        /// How many instances share the limit.
        instances: u32,
    },
    /// Refuse with 503.
    Closed,
}

/// How long the breaker stays open after a backend failure.
pub const BREAKER: Duration = Duration::from_secs(1);

/// A shared limiter with an in-process fallback.
pub struct Failover {
    shared: Arc<dyn Limiter>,
    local: MemoryLimiter,
    policy: OnFailure,
    /// Until when (µs since the epoch) the backend is not asked.
    open_until: AtomicU64,
}

impl Failover {
    /// Wraps a shared limiter.
    pub fn new(shared: Arc<dyn Limiter>, policy: OnFailure) -> Self {
        Self { shared, local: MemoryLimiter::new(), policy, open_until: AtomicU64::new(0) }
    }

    /// Whether the breaker is open at `now` (the backend is being skipped).
    pub fn is_open(&self, now: UnixTime) -> bool {
        now.as_micros() < self.open_until.load(Ordering::Relaxed)
    }

    async fn decide(&self, ask: Ask, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        if !self.is_open(now) {
            match ask.of(&*self.shared, key, rule, now).await {
                Ok(slot) => return Ok(slot),
                Err(e) => self.trip(now, &e),
            }
        }
        match self.policy {
            OnFailure::Closed => Err(LimiterError::Unavailable("the shared rate limiter is unreachable".into())),
            OnFailure::Open { instances } => {
                let share = Rule { limit: rule.limit.div_ceil(instances.max(1)), window: rule.window };
                ask.of(&self.local, key, share, now).await
            }
        }
    }

    /// Opens the breaker after the shared limiter failed at `now`.
    fn trip(&self, now: UnixTime, e: &LimiterError) {
        self.open_until.store(now.plus(BREAKER).as_micros(), Ordering::Relaxed);
        tracing::warn!(error = %e, policy = ?self.policy, "shared rate limiter unavailable");
    }
}

/// What is asked of a limiter.
#[derive(Clone, Copy)]
enum Ask {
    Hit,
    Peek,
    HitUnlessPaused,
}

impl Ask {
    async fn of(self, l: &dyn Limiter, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        match self {
            Self::Hit => l.hit(key, rule, now).await.map(Slot::unpaused),
            Self::Peek => l.peek(key, rule, now).await.map(Slot::unpaused),
            Self::HitUnlessPaused => l.hit_unless_paused(key, rule, now).await,
        }
    }
}

#[async_trait::async_trait]
impl Limiter for Failover {
    async fn hit(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.decide(Ask::Hit, key, rule, now).await.map(|s| s.decision)
    }

    async fn peek(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.decide(Ask::Peek, key, rule, now).await.map(|s| s.decision)
    }

    /// Paused in process too, so that the pause holds on this instance while
    /// the shared limiter is away; the shared one tells the others.
    async fn pause(&self, key: LimitKey, until: UnixTime, now: UnixTime) -> Result<(), LimiterError> {
        self.local.pause(key, until, now).await?;
        if self.is_open(now) {
            return Err(LimiterError::Unavailable("the shared rate limiter is unreachable".into()));
        }
        self.shared.pause(key, until, now).await.inspect_err(|e| self.trip(now, e))
    }

    async fn hit_unless_paused(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        self.decide(Ask::HitUnlessPaused, key, rule, now).await
    }

    async fn ready(&self) -> Result<(), LimiterError> {
        self.shared.ready().await
    }

    fn housekeeping(&self, now: UnixTime) {
        self.local.sweep(now);
        self.shared.housekeeping(now);
    }
}
