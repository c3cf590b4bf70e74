//! The in-process [`Limiter`]: chartgate's embedded default.
//!
//! Keeps one [`SlidingLog`] per key in a sharded map, so checks on different
//! users rarely contend. Idle keys are forgotten by [`MemoryLimiter::sweep`]
//! (the server calls it every second), and shards give their memory back once
//! most of their keys are gone, so memory follows the number of *active*
//! users, not the number ever seen.
//!
//! Pauses ([`Limiter::pause`]) are kept beside the logs, one moment per
//! paused key, and forgotten by the same sweep once they end.
//!
//! It limits one process only; several instances share a limit (and a
//! pause) through the Redis limiter instead. It does no I/O.

mod failover;
pub use failover::{BREAKER, Failover, OnFailure};

use chartgate_core::limit::SlidingLog;
use chartgate_core::{Decision, LimitKey, Limiter, LimiterError, Rule, Slot, UnixTime};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

const SHARDS: usize = 64;

struct Entry {
    log: SlidingLog,
    rule: Rule,
}

/// A sharded in-memory sliding-window limiter.
pub struct MemoryLimiter {
    shards: Box<[Mutex<HashMap<LimitKey, Entry>>]>,
    hasher: RandomState,
    /// Paused keys and when their pause ends (few: only a broker pauses).
    pauses: Mutex<HashMap<LimitKey, UnixTime>>,
}

impl Default for MemoryLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryLimiter {
    /// An empty limiter.
    pub fn new() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
            pauses: Mutex::new(HashMap::new()),
        }
    }

    fn shard(&self, key: &LimitKey) -> &Mutex<HashMap<LimitKey, Entry>> {
        let i = self.hasher.hash_one(key) as usize % SHARDS;
        &self.shards[i]
    }

    fn check(&self, key: LimitKey, rule: Rule, now: UnixTime, consume: bool) -> Decision {
        let mut shard = self.shard(&key).lock();
        if !consume {
            // Peeking may drop requests that left the window: not observable.
            return match shard.get_mut(&key) {
                Some(e) => e.log.check(rule, now, false),
                None => SlidingLog::new().check(rule, now, false),
            };
        }
        let entry = shard.entry(key).or_insert_with(|| Entry { log: SlidingLog::new(), rule });
        entry.rule = rule;
        entry.log.check(rule, now, true)
    }

    /// Until when `key` is paused, if it is at `now`.
    fn paused_until(&self, key: LimitKey, now: UnixTime) -> Option<UnixTime> {
        self.pauses.lock().get(&key).copied().filter(|until| *until > now)
    }

    /// Forgets every key whose window holds nothing at `now`, and every
    /// pause that ended, and returns memory to the allocator where a shard
    /// shrank a lot.
    pub fn sweep(&self, now: UnixTime) {
        self.pauses.lock().retain(|_, until| *until > now);
        for shard in self.shards.iter() {
            let mut map = shard.lock();
            map.retain(|_, e| !e.log.is_idle(e.rule, now));
            if map.capacity() > 4 * map.len() + 64 {
                map.shrink_to_fit();
            }
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().len()).sum()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait::async_trait]
impl Limiter for MemoryLimiter {
    async fn hit(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        Ok(self.check(key, rule, now, true))
    }

    async fn peek(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        Ok(self.check(key, rule, now, false))
    }

    async fn pause(&self, key: LimitKey, until: UnixTime, now: UnixTime) -> Result<(), LimiterError> {
        if until > now {
            let mut pauses = self.pauses.lock();
            let end = pauses.entry(key).or_insert(until);
            *end = (*end).max(until);
        }
        Ok(())
    }

    async fn hit_unless_paused(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        match self.paused_until(key, now) {
            Some(until) => Ok(Slot::paused(rule, until, now)),
            None => Ok(Slot::unpaused(self.check(key, rule, now, true))),
        }
    }

    fn housekeeping(&self, now: UnixTime) {
        self.sweep(now);
    }
}
