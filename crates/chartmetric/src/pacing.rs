//! Staying within the plan's rate: a shared pause after a 429, and optional
//! client-side pacing so that a well-configured client never sees one.

use crate::backoff::jitter;
use crate::error::{Error, ErrorKind};
use crate::metrics::Counters;
use crate::response::RateLimitReset;
use parking_lot::Mutex;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Spread of wake-up times after a shared pause, so that the tasks released
/// at the reset do not all hit the server in the same millisecond.
const PAUSE_JITTER: Duration = Duration::from_millis(200);

/// Slack added to the one-second window of the pacer.
const PACING_MARGIN: Duration = Duration::from_millis(25);

/// One pause for every task of a client: set by a 429, honoured by all
/// requests before they are sent. A 429 also teaches the gate the plan's
/// rate (`X-RateLimit-Limit`): from then on requests are paced to it, so
/// the tasks released at the reset go at the plan's pace instead of
/// tripping the limit again all together.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    state: Mutex<Pause>,
    learned: Mutex<Option<(u32, Pacer)>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Pause {
    until: Option<Instant>,
    reset: Option<SystemTime>,
}

impl RateGate {
    /// Records a 429's reset; a later reset extends the pause, an earlier one
    /// never shortens it.
    pub(crate) fn pause(&self, info: RateLimitReset) {
        let now = Instant::now();
        let until = now.checked_add(info.wait).unwrap_or(now);
        let mut state = self.state.lock();
        if state.until.is_none_or(|current| until > current) {
            *state = Pause { until: Some(until), reset: info.reset };
        }
    }

    /// Paces to `limit` requests per second from now on (a 429's
    /// `X-RateLimit-Limit`); a new limit (the plan changed) replaces the old.
    pub(crate) fn learn_limit(&self, limit: u32) {
        if limit == 0 {
            return;
        }
        let mut learned = self.learned.lock();
        if learned.as_ref().is_none_or(|(known, _)| *known != limit) {
            tracing::info!(limit, "pacing to the plan's rate from the 429's X-RateLimit-Limit");
            *learned = Some((limit, Pacer::new(limit)));
        }
    }

    /// The pacer learned from a 429, if any.
    pub(crate) fn learned_pacer(&self) -> Option<Pacer> {
        self.learned.lock().as_ref().map(|(_, pacer)| pacer.clone())
    }

    /// Waits out the pause in force, if any. Fails at once, sending
    /// nothing, when the pause is longer than `max_wait`.
    pub(crate) async fn wait(&self, max_wait: Duration, counters: &Counters) -> Result<(), Error> {
        let mut waited = false;
        loop {
            let pause = *self.state.lock();
            let Some(until) = pause.until.filter(|&u| u > Instant::now()) else {
                return Ok(());
            };
            let remaining = until - Instant::now();
            if remaining > max_wait {
                return Err(rate_limited(pause.reset, remaining));
            }
            if !waited {
                Counters::bump(&counters.rate_limit_waits);
                tracing::info!(wait_ms = remaining.as_millis() as u64, "rate limited; pausing");
                waited = true;
            }
            // With a learned rate the pacer spreads the released tasks; without
            // one, a random delay does.
            let spread = if self.learned.lock().is_some() { Duration::ZERO } else { jitter(PAUSE_JITTER) };
            tokio::time::sleep_until(until + spread).await;
        }
    }
}

/// The error for a wait longer than the caller allows.
pub(crate) fn rate_limited(reset: Option<SystemTime>, wait: Duration) -> Error {
    Error::new(
        ErrorKind::RateLimited { reset },
        format!(
            "rate limited: the next request may be sent in {} s, longer than the maximum wait",
            wait.as_secs_f64().ceil()
        ),
    )
}

/// Client-side pacing to `n` requests per second.
///
/// Each request holds one of `n` slots from the moment it is sent until one
/// second after its response arrived. The server counts a request when it
/// receives it, which is after we send it and before its response comes
/// back, so no one-second window at the server ever sees more than `n`
/// requests, whatever the network latency.
#[derive(Debug, Clone)]
pub(crate) struct Pacer {
    slots: Arc<Semaphore>,
}

impl Pacer {
    pub(crate) fn new(per_second: u32) -> Self {
        Self { slots: Arc::new(Semaphore::new(per_second as usize)) }
    }

    /// Waits for a free slot (FIFO), holding it until the permit is dropped
    /// plus one second.
    pub(crate) async fn acquire(&self) -> PacerPermit {
        let permit = Arc::clone(&self.slots).acquire_owned().await.ok();
        PacerPermit { permit }
    }
}

/// A pacing slot; dropping it frees the slot one second later.
#[derive(Debug)]
pub(crate) struct PacerPermit {
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for PacerPermit {
    fn drop(&mut self) {
        let Some(permit) = self.permit.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                tokio::time::sleep(Duration::from_secs(1) + PACING_MARGIN).await;
                drop(permit);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_pause_longer_than_the_max_wait_fails_without_waiting() {
        let gate = RateGate::default();
        let reset = Some(SystemTime::now() + Duration::from_secs(3600));
        gate.pause(RateLimitReset { wait: Duration::from_secs(3600), reset });
        let err = gate.wait(Duration::from_secs(5), &Counters::default()).await.expect_err("too long");
        assert_eq!(err.kind(), ErrorKind::RateLimited { reset });
    }

    #[tokio::test]
    async fn an_earlier_reset_never_shortens_a_pause() {
        let gate = RateGate::default();
        let long = RateLimitReset { wait: Duration::from_secs(100), reset: None };
        gate.pause(long);
        gate.pause(RateLimitReset { wait: Duration::from_secs(1), reset: None });
        let err = gate.wait(Duration::from_secs(50), &Counters::default()).await;
        assert!(err.is_err());
    }
}
