//! The upstream plan's budget, shared by every user and instance, and the
//! queue in front of it, fair between users.
//!
//! Requests wait in one queue per user; a single dispatcher takes the users
//! in turn (round robin), so a user with a hundred requests waiting delays
//! another user's one request by at most one slot. Each slot is a hit on
//! [`LimitKey::Upstream`] in the server's [`Limiter`]: in process for one
//! instance, in Redis for several, so all instances together send no more
//! than the plan allows in any window. The window is a little longer than
//! a second ([`MARGIN`]), so that requests bunched by the network still
//! arrive at most `rps` per second.
//!
//! A request that cannot be sent within the queue timeout gets a 429 whose
//! `X-RateLimit-Reset` says when the queue ahead of it would have drained;
//! one that could not be sent in time even if it waited is refused at once.
//!
//! An upstream 429 pauses every dispatch until its reset, on every
//! instance: the pause is written to the limiter ([`Limiter::pause`]), and
//! each slot is asked for with [`Limiter::hit_unless_paused`], which reads
//! the pause in the same call (one Redis round trip per slot, as before).
//! Each instance also keeps the latest pause it knows of, its own 429s' and
//! those the limiter reported, in process: while that lasts the dispatcher
//! sleeps without asking the limiter, and a pause holds on the instance
//! that saw the 429 even if the limiter cannot be reached.

use chartgate_core::{Clock, Decision, LimitKey, Limiter, Rule, Slot, UnixTime, UserId};
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Notify, oneshot};

/// How much longer than a second the upstream window is: requests granted
/// a window apart may reach the upstream closer together when the first is
/// delayed more (scheduling, connecting, the network). Costs a tenth of the
/// plan's rate; what jitter beyond it causes, an upstream 429, pauses the
/// queue and the request (without a body) is queued again.
pub const MARGIN: Duration = Duration::from_millis(100);

/// The longest pause an upstream 429 can impose (a bogus reset far in the
/// future must not stop the broker for days).
const MAX_PAUSE: Duration = Duration::from_secs(3600);

/// The upstream's budget and its queue.
pub struct Pacer {
    shared: Arc<Shared>,
    dispatcher: tokio::task::JoinHandle<()>,
}

struct Shared {
    rule: Rule,
    limiter: Arc<dyn Limiter>,
    clock: Arc<dyn Clock>,
    queue: Mutex<FairQueue>,
    wake: Notify,
    /// No dispatch before this moment (microseconds since the epoch): the
    /// latest pause this instance knows of.
    paused_until: AtomicU64,
    timeout: Duration,
}

/// Waiting requests: one FIFO per user, users in turn.
#[derive(Default)]
struct FairQueue {
    turn: VecDeque<UserId>,
    waiting: HashMap<UserId, VecDeque<oneshot::Sender<()>>>,
    len: usize,
}

impl FairQueue {
    fn push(&mut self, user: UserId, tx: oneshot::Sender<()>) {
        let queue = self.waiting.entry(user).or_default();
        if queue.is_empty() {
            self.turn.push_back(user);
        }
        queue.push_back(tx);
        self.len += 1;
    }

    /// The next live waiter, the users taken in turn; waiters that gave up
    /// are dropped on the way.
    fn pop(&mut self) -> Option<oneshot::Sender<()>> {
        while let Some(user) = self.turn.pop_front() {
            let Some(queue) = self.waiting.get_mut(&user) else { continue };
            let mut found = None;
            while let Some(tx) = queue.pop_front() {
                self.len -= 1;
                if !tx.is_closed() {
                    found = Some(tx);
                    break;
                }
            }
            if queue.is_empty() {
                self.waiting.remove(&user);
            } else {
                self.turn.push_back(user);
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

impl Drop for Pacer {
    fn drop(&mut self) {
        self.dispatcher.abort();
    }
}

impl Pacer {
    /// A budget of `rps` upstream requests per second on `limiter`; waits
    /// end after `timeout`. Spawns the dispatcher (call within a runtime).
    pub fn new(rps: u32, timeout: Duration, limiter: Arc<dyn Limiter>, clock: Arc<dyn Clock>) -> Self {
        let shared = Arc::new(Shared {
            rule: Rule { limit: rps.max(1), window: Duration::from_secs(1) + MARGIN },
            limiter,
            clock,
            queue: Mutex::new(FairQueue::default()),
            wake: Notify::new(),
            paused_until: AtomicU64::new(0),
            timeout,
        });
        let dispatcher = tokio::spawn(dispatch(Arc::clone(&shared)));
        Self { shared, dispatcher }
    }

    /// Waits for a slot of the upstream budget, in the caller's turn; a 429
    /// decision when none comes within the timeout (or could not).
    pub async fn acquire(&self, user: UserId) -> Result<(), Decision> {
        let s = &self.shared;
        let (tx, rx) = oneshot::channel();
        {
            let mut q = s.queue.lock();
            if q.len as f64 >= f64::from(s.rule.limit) * s.timeout.as_secs_f64() {
                return Err(s.refusal(q.len));
            }
            q.push(user, tx);
        }
        s.wake.notify_one();
        match tokio::time::timeout(s.timeout, rx).await {
            Ok(Ok(())) => Ok(()),
            // The dispatcher is gone (shutting down) or the wait timed out.
            Ok(Err(_)) | Err(_) => Err(s.refusal(s.queue.lock().len)),
        }
    }

    /// Stops dispatching until `until` (an upstream 429's reset, at most
    /// [`MAX_PAUSE`] away) here at once, and on every instance sharing the
    /// limiter from their next slot on. Whether the other instances were
    /// told (this one keeps the pause either way).
    pub async fn pause_until(&self, until: UnixTime) -> bool {
        let s = &self.shared;
        let now = s.clock.now();
        let until = until.min(now.plus(MAX_PAUSE));
        s.note_pause(until);
        match s.limiter.pause(LimitKey::Upstream, until, now).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "cannot share the upstream's pause with other instances; pausing this one");
                false
            }
        }
    }

    /// Requests waiting now.
    pub fn waiting(&self) -> usize {
        self.shared.queue.lock().len
    }
}

impl Shared {
    /// Keeps `until` as the end of the pause, unless a later one is known.
    fn note_pause(&self, until: UnixTime) {
        self.paused_until.fetch_max(until.as_micros(), Ordering::AcqRel);
    }

    /// The 429 figures for a request with `ahead` requests queued before
    /// it: reset when they would have been sent, or the pause ends.
    fn refusal(&self, ahead: usize) -> Decision {
        let now = self.clock.now();
        let drain = self.rule.window.as_micros() as u64 * (ahead as u64 + 1) / u64::from(self.rule.limit);
        let free = (now.as_micros() + drain).max(self.paused_until.load(Ordering::Acquire));
        Decision::new(false, self.rule, self.rule.limit as usize, UnixTime::from_micros(free), now)
    }

    /// How long to wait before asking the limiter again after a refusal:
    /// a fraction of a slot, so a slot freed is used soon after.
    fn poll_interval(&self) -> Duration {
        (self.rule.window / (2 * self.rule.limit)).clamp(Duration::from_millis(2), Duration::from_millis(100))
    }
}

/// The dispatcher: takes the next waiter in turn, waits for a slot of the
/// budget for it, and lets it go. A waiter that gives up meanwhile hands
/// its place to the next one; the slot is only taken for a live waiter.
async fn dispatch(s: Arc<Shared>) {
    let mut next: Option<oneshot::Sender<()>> = None;
    loop {
        let tx = match next.take() {
            Some(tx) if !tx.is_closed() => Some(tx),
            _ => s.queue.lock().pop(),
        };
        let Some(tx) = tx else {
            s.wake.notified().await;
            continue;
        };
        let now = s.clock.now().as_micros();
        let paused = s.paused_until.load(Ordering::Acquire);
        if paused > now {
            next = Some(tx);
            tokio::time::sleep(Duration::from_micros(paused - now)).await;
            continue;
        }
        match s.limiter.hit_unless_paused(LimitKey::Upstream, s.rule, s.clock.now()).await {
            Ok(Slot { paused_until: Some(until), .. }) => {
                // Another instance saw a 429: sleep (above) until it ends.
                s.note_pause(until);
                next = Some(tx);
            }
            Ok(Slot { decision, .. }) if decision.allowed => {
                // A waiter that gave up since hands the slot on.
                let mut given = tx.send(());
                while given.is_err() {
                    let Some(other) = s.queue.lock().pop() else { break };
                    given = other.send(());
                }
            }
            Ok(_) => {
                next = Some(tx);
                tokio::time::sleep(s.poll_interval()).await;
            }
            Err(e) => {
                next = Some(tx);
                tracing::warn!(error = %e, "cannot reach the rate limiter for the upstream budget; waiting");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_take_turns_and_waiters_that_gave_up_are_skipped() {
        let mut q = FairQueue::default();
        let (a, b) = (UserId(1), UserId(2));
        let mut rx = Vec::new();
        for (user, tag) in [(a, "a1"), (a, "a2"), (a, "a3"), (b, "b1")] {
            let (tx, r) = oneshot::channel::<()>();
            q.push(user, tx);
            rx.push((tag, r));
        }
        // a2 gives up.
        let (_, a2) = rx.remove(1);
        drop(a2);
        let mut order = Vec::new();
        while let Some(tx) = q.pop() {
            tx.send(()).unwrap();
            for (tag, r) in rx.iter_mut() {
                if r.try_recv().is_ok() {
                    order.push(*tag);
                }
            }
        }
        assert_eq!(order, ["a1", "b1", "a3"]);
        assert_eq!(q.len, 0);
        assert!(q.waiting.is_empty() && q.turn.is_empty());
    }

    #[tokio::test]
    async fn no_window_of_a_second_holds_more_grants_than_the_rate() {
        let limiter = Arc::new(chartgate_memory::MemoryLimiter::new());
        let pacer = Arc::new(Pacer::new(5, Duration::from_secs(10), limiter, Arc::new(chartgate_core::SystemClock)));
        let started = std::time::Instant::now();
        let mut set = tokio::task::JoinSet::new();
        for i in 0..12 {
            let pacer = Arc::clone(&pacer);
            set.spawn(async move {
                pacer.acquire(UserId(i % 3)).await.unwrap();
                started.elapsed()
            });
        }
        let mut grants = set.join_all().await;
        grants.sort();
        for (i, t) in grants.iter().enumerate() {
            let within = grants[i..].iter().take_while(|u| **u < *t + Duration::from_secs(1)).count();
            assert!(within <= 5, "{within} grants in the second after {t:?}: {grants:?}");
        }
        assert!(grants[11] >= 2 * (Duration::from_secs(1) + MARGIN), "{grants:?}");
    }

    /// Two pacers on one limiter play two instances sharing Redis.
    #[tokio::test]
    async fn a_pause_one_pacer_saw_holds_back_another_on_the_same_limiter() {
        let limiter: Arc<dyn Limiter> = Arc::new(chartgate_memory::MemoryLimiter::new());
        let clock: Arc<dyn Clock> = Arc::new(chartgate_core::SystemClock);
        let timeout = Duration::from_secs(10);
        let seen = Pacer::new(5, timeout, Arc::clone(&limiter), Arc::clone(&clock));
        let other = Pacer::new(5, timeout, limiter, Arc::clone(&clock));
        let until = clock.now().plus(Duration::from_millis(300));
        assert!(seen.pause_until(until).await, "the limiter took the pause");
        other.acquire(UserId(1)).await.unwrap();
        assert!(clock.now() >= until, "dispatched before the pause ended");
        seen.acquire(UserId(1)).await.unwrap();
    }
}
