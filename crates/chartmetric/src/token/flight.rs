//! A refresh in flight: one spawned task, any number of waiters.
//!
//! The task mints, retries transient failures with jittered backoff (one
//! mint per backoff step, however many callers wait), installs the new token,
//! publishes the outcome on a `watch` channel and saves a rotated refresh
//! token. It is detached from every caller's future: dropping a caller never
//! cancels it.

use super::cached::{self, Cached};
use super::mint::{MintFailure, Minted, mint_once};
use super::{Inner, persist};
use crate::clock::Clock;
use crate::error::{Error, ErrorKind};
use crate::metrics::Counters;
use crate::secret::bearer_header;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::watch;
use tracing::Instrument;

/// What waiters see of a refresh.
#[derive(Clone)]
pub(super) enum FlightState {
    /// Still trying; `failures` attempts have failed so far.
    Running { failures: u32 },
    /// Finished: the new token, or the last error.
    Done(Result<Arc<Cached>, Error>),
}

/// The refresh in flight, as kept in the manager's slot.
pub(crate) struct Flight {
    id: u64,
    receiver: watch::Receiver<FlightState>,
    control: Arc<Control>,
}

/// What joining callers can change about a running refresh.
#[derive(Debug)]
struct Control {
    max_attempts: AtomicU32,
    /// Someone waits for it: its failure delays the next refresh.
    waited: AtomicBool,
}

impl Flight {
    /// Finished, or its task is gone (a panic, or the runtime that ran it
    /// shut down): either way a new refresh must start.
    fn is_done(&self) -> bool {
        self.receiver.has_changed().is_err() || matches!(*self.receiver.borrow(), FlightState::Done(_))
    }

    /// Finished with a token that may still be sent. A caller that read the
    /// cache before this flight installed its token takes that token
    /// instead of starting a second mint.
    fn delivered_usable(&self, clock: &dyn Clock) -> bool {
        matches!(&*self.receiver.borrow(), FlightState::Done(Ok(cached)) if cached.usable(clock))
    }
}

/// Backoff that outlives a single refresh: after a refresh failed, the next
/// one waits before its first attempt.
#[derive(Debug, Default)]
pub(super) struct MintBackoff {
    consecutive_failures: u32,
    not_before: Option<tokio::time::Instant>,
    /// Why the last refresh failed, for callers turned away before `not_before`.
    last_error: Option<Error>,
}

impl MintBackoff {
    /// How long until the next mint may be sent.
    fn remaining(&self) -> Duration {
        self.not_before.map_or(Duration::ZERO, |at| at.saturating_duration_since(tokio::time::Instant::now()))
    }
}

/// With no refresh running: the error to return at once when the next mint
/// may not be sent for longer than the policy would ever sleep (the server
/// asked for a long wait).
pub(super) fn turned_away(inner: &Inner, slot: &Option<Flight>) -> Option<Error> {
    if slot.as_ref().is_some_and(|f| !f.is_done()) {
        return None;
    }
    let backoff = inner.backoff.lock();
    let remaining = backoff.remaining();
    if remaining <= inner.policy.max_delay {
        return None;
    }
    let fallback = || Error::new(ErrorKind::Transport, "the token route asked to wait before the next mint");
    Some(backoff.last_error.clone().unwrap_or_else(fallback))
}

/// Why a refresh runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The one opportunistic attempt of the early window. Its failure does
    /// not delay the late window's refresh.
    Background,
    /// Callers wait for it: late window, expiry, 401.
    Waited,
}

static FLIGHT_IDS: AtomicU64 = AtomicU64::new(1);

/// Starts a one-attempt background refresh unless one is already running.
pub(super) fn start_background(inner: &Arc<Inner>, slot: &mut Option<Flight>) -> bool {
    // Not while a backoff lasts: the task would sleep through it, and
    // callers that must wait would join it.
    if slot.as_ref().is_some_and(|f| !f.is_done()) || !inner.backoff.lock().remaining().is_zero() {
        return false;
    }
    *slot = Some(start(inner, 1, Mode::Background));
    true
}

/// Joins the running refresh, giving it the full retry budget, or starts one.
pub(super) fn join_or_start(inner: &Arc<Inner>, slot: &mut Option<Flight>) -> watch::Receiver<FlightState> {
    let attempts = inner.policy.max_attempts;
    if let Some(flight) = slot.as_ref().filter(|f| f.delivered_usable(&inner.clock)) {
        return flight.receiver.clone();
    }
    if let Some(flight) = slot.as_ref().filter(|f| !f.is_done()) {
        flight.control.max_attempts.fetch_max(attempts, Ordering::AcqRel);
        flight.control.waited.store(true, Ordering::Release);
        return flight.receiver.clone();
    }
    let flight = start(inner, attempts, Mode::Waited);
    let receiver = flight.receiver.clone();
    *slot = Some(flight);
    receiver
}

/// A refresh the caller asked for: joins one running, else starts one.
pub(super) fn force(inner: &Arc<Inner>, slot: &mut Option<Flight>) -> watch::Receiver<FlightState> {
    if let Some(flight) = slot.as_ref().filter(|f| !f.is_done()) {
        flight.control.max_attempts.fetch_max(inner.policy.max_attempts, Ordering::AcqRel);
        flight.control.waited.store(true, Ordering::Release);
        return flight.receiver.clone();
    }
    let flight = start(inner, inner.policy.max_attempts, Mode::Waited);
    let receiver = flight.receiver.clone();
    *slot = Some(flight);
    receiver
}

fn start(inner: &Arc<Inner>, attempts: u32, mode: Mode) -> Flight {
    let id = FLIGHT_IDS.fetch_add(1, Ordering::Relaxed);
    // After failed refreshes, this one starts with a backoff wait: waiters
    // holding a valid token see the earlier failures and do not sit it out.
    let failures = inner.backoff.lock().consecutive_failures;
    let (sender, receiver) = watch::channel(FlightState::Running { failures });
    let control =
        Arc::new(Control { max_attempts: AtomicU32::new(attempts), waited: AtomicBool::new(mode == Mode::Waited) });
    let span = tracing::info_span!("chartmetric.refresh", flight = id, ?mode);
    let task = run(Arc::clone(inner), id, sender, Arc::clone(&control));
    tokio::spawn(task.instrument(span));
    Flight { id, receiver, control }
}

/// Waits for a refresh. With a still-valid `fallback`, returns it as soon as
/// an attempt fails instead of waiting through the backoff.
pub(super) async fn wait(
    mut receiver: watch::Receiver<FlightState>,
    fallback: Option<Arc<Cached>>,
    clock: &dyn Clock,
) -> Result<Arc<Cached>, Error> {
    let valid_fallback = || fallback.as_ref().filter(|c| c.usable(clock)).cloned();
    loop {
        let state = receiver.borrow_and_update().clone();
        match state {
            FlightState::Done(Ok(cached)) => return Ok(cached),
            FlightState::Done(Err(error)) => return valid_fallback().ok_or(error),
            FlightState::Running { failures } if failures > 0 => {
                if let Some(cached) = valid_fallback() {
                    return Ok(cached);
                }
            }
            FlightState::Running { .. } => {}
        }
        if receiver.changed().await.is_err() {
            let lost = Error::new(ErrorKind::Transport, "the token refresh task ended unexpectedly");
            return valid_fallback().ok_or(lost);
        }
    }
}

async fn run(inner: Arc<Inner>, id: u64, sender: watch::Sender<FlightState>, control: Arc<Control>) {
    wait_for_backoff(&inner).await;
    // Held from before the mint until a rotated token is saved: the next
    // refresh cannot send a rotated token before it is stored.
    let mut saved = inner.saved.lock().await;
    persist::retry_pending(&inner, &mut saved).await;
    let outcome = attempts(&inner, &sender, &control.max_attempts).await;
    let waited = control.waited.load(Ordering::Acquire);
    let rotated = finish(&inner, &sender, outcome, waited);
    if let Some((token, generation)) = rotated {
        persist::save_rotated(&inner, &mut saved, token, generation).await;
    }
    drop(saved);
    let mut slot = inner.flight.lock();
    if slot.as_ref().is_some_and(|f| f.id == id) {
        *slot = None;
    }
}

async fn wait_for_backoff(inner: &Inner) {
    let not_before = inner.backoff.lock().not_before;
    if let Some(at) = not_before {
        tokio::time::sleep_until(at).await;
    }
}

/// Mints until success, a permanent error or the attempt budget runs out.
async fn attempts(
    inner: &Inner,
    sender: &watch::Sender<FlightState>,
    max_attempts: &AtomicU32,
) -> Result<Minted, MintFailure> {
    let mut failures = 0;
    loop {
        let attempt = failures + 1;
        if let Err(wait) = inner.budget.take(inner.clock.now()) {
            tracing::warn!(wait_s = wait.as_secs(), "the client's hourly mint budget is used up");
            return Err(MintFailure { error: inner.budget.exhausted(wait), retry_after: Some(wait) });
        }
        let span = tracing::info_span!("chartmetric.mint", attempt);
        let failure = match mint_once(inner).instrument(span).await {
            Ok(minted) => return Ok(minted),
            Err(failure) => failure,
        };
        failures += 1;
        Counters::bump(&inner.counters.mint_failures);
        let budget = max_attempts.load(Ordering::Acquire);
        // A server that asks for a longer wait than the policy allows gets
        // it: the error goes to the callers instead of a sleeping retry.
        let too_long = failure.retry_after.is_some_and(|d| d > inner.policy.max_delay);
        if !failure.error.is_transient() || failures >= budget || too_long {
            tracing::warn!(attempt, error = %failure.error, "token mint failed");
            return Err(failure);
        }
        let delay = inner.policy.delay(failures).max(failure.retry_after.unwrap_or_default());
        retry_after_delay(inner, sender, failures, delay, &failure.error).await;
    }
}

async fn retry_after_delay(
    inner: &Inner,
    sender: &watch::Sender<FlightState>,
    failures: u32,
    delay: Duration,
    error: &Error,
) {
    Counters::bump(&inner.counters.mint_retries);
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    let span = tracing::info_span!("chartmetric.retry", attempt = failures + 1, delay_ms);
    async {
        tracing::warn!(error = %error, "token mint failed; retrying after backoff");
        sender.send_replace(FlightState::Running { failures });
        tokio::time::sleep(delay).await;
    }
    .instrument(span)
    .await;
}

/// Installs the outcome and tells the waiters. Returns a rotated refresh
/// token still to be saved.
fn finish(
    inner: &Inner,
    sender: &watch::Sender<FlightState>,
    outcome: Result<Minted, MintFailure>,
    waited: bool,
) -> Option<(SecretString, u64)> {
    let minted = match outcome {
        Ok(minted) => minted,
        Err(failure) => {
            note_failure(inner, &failure, waited);
            sender.send_replace(FlightState::Done(Err(failure.error)));
            return None;
        }
    };
    *inner.backoff.lock() = MintBackoff::default();
    let generation = inner.generation.fetch_add(1, Ordering::AcqRel) + 1;
    let rotated = adopt_rotation(inner, minted.refresh_token, &minted.sent);
    let installed = install(inner, minted.token, minted.expires_in, generation);
    sender.send_replace(FlightState::Done(installed));
    #[cfg(test)]
    inner.hooks.run(&inner.hooks.published);
    rotated.map(|token| (token, generation))
}

/// Every failed refresh that callers waited for, permanent ones included,
/// delays the next: a rejected refresh token must not be re-sent on every
/// call. (The early window's single background attempt does not count.)
/// Whatever the mode, the next mint waits at least as long as the server's
/// `X-RateLimit-Reset` or `Retry-After` said.
fn note_failure(inner: &Inner, failure: &MintFailure, waited: bool) {
    if !waited && failure.retry_after.is_none() {
        return;
    }
    let mut backoff = inner.backoff.lock();
    let mut delay = failure.retry_after.unwrap_or_default();
    if waited {
        backoff.consecutive_failures = backoff.consecutive_failures.saturating_add(1);
        delay = delay.max(inner.policy.delay(backoff.consecutive_failures));
    }
    let now = tokio::time::Instant::now();
    backoff.not_before = Some(now.checked_add(delay).unwrap_or(now));
    backoff.last_error = Some(failure.error.clone());
}

fn install(inner: &Inner, token: SecretString, expires_in: u64, generation: u64) -> Result<Arc<Cached>, Error> {
    let header = bearer_header(&token)?;
    let lifetime = Duration::from_secs(expires_in).max(cached::MIN_LIFETIME);
    let origin = if inner.remint_pending.swap(false, Ordering::AcqRel) {
        cached::Origin::Reminted
    } else {
        cached::Origin::Minted
    };
    let cached = Arc::new(Cached::new(token, header, (generation, origin), lifetime, &inner.clock));
    *inner.cache.write() = Some(Arc::clone(&cached));
    tracing::info!(generation, expires_in, "minted a new access token");
    Ok(cached)
}

/// Switches to a rotated refresh token; returns it when it changed.
fn adopt_rotation(inner: &Inner, returned: SecretString, sent: &SecretString) -> Option<SecretString> {
    let new = returned.expose_secret();
    if new.is_empty() || crate::secret::same_secret(new, sent.expose_secret()) {
        return None;
    }
    *inner.refresh_token.lock() = returned.clone();
    Counters::bump(&inner.counters.refresh_token_rotations);
    tracing::info!("the server rotated the refresh token");
    Some(returned)
}
