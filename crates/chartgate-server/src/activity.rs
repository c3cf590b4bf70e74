//! What the server records besides answering: mints counted per user and
//! hour, and security events for the audit log. Both are kept in memory and
//! written to the store by the background task about once a second (one
//! upsert per user and hour, one insert per event), so the mint path gets no
//! extra store write, and an event that happens while the store is away (an
//! instance going stale) is written once it is back.
//!
//! While the store cannot be written, counts keep adding up and events
//! queue, up to [`MAX_PENDING_EVENTS`]; past that the oldest are dropped,
//! with a warning.

use crate::store_call::BoundedStore;
use chartgate_core::audit::hour_of;
use chartgate_core::{AuditEvent, MintCount, StoreError, UnixTime, UserId};
use parking_lot::Mutex;
use std::collections::{HashMap, VecDeque};

/// Security events held while the store cannot be written.
pub const MAX_PENDING_EVENTS: usize = 10_000;

/// Mint counts and events not yet in the store.
#[derive(Default)]
pub struct Activity {
    mints: Mutex<HashMap<(UserId, UnixTime), Tally>>,
    events: Mutex<VecDeque<AuditEvent>>,
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    count: u64,
    last: UnixTime,
}

impl Activity {
    /// Counts a successful mint of `user` at `now`.
    pub fn minted(&self, user: UserId, now: UnixTime) {
        let mut mints = self.mints.lock();
        let tally = mints.entry((user, hour_of(now))).or_insert(Tally { count: 0, last: now });
        tally.count += 1;
        tally.last = tally.last.max(now);
    }

    /// Queues an event for the audit log.
    pub fn record(&self, event: AuditEvent) {
        let mut events = self.events.lock();
        if events.len() >= MAX_PENDING_EVENTS {
            let dropped = events.pop_front();
            tracing::warn!(?dropped, "too many audit events wait for the store; dropping the oldest");
        }
        events.push_back(event);
    }

    /// Writes what is pending: the mint counts in one store call, then the
    /// events one by one, oldest first. What could not be written stays
    /// pending for the next flush.
    pub async fn flush(&self, store: &BoundedStore) -> Result<(), StoreError> {
        let counts = self.take_counts();
        if !counts.is_empty()
            && let Err(e) = store.call(store.get().add_mint_counts(&counts)).await
        {
            self.put_back(&counts);
            return Err(e);
        }
        loop {
            let Some(event) = self.events.lock().pop_front() else {
                return Ok(());
            };
            if let Err(e) = store.call(store.get().append_audit(&event)).await {
                self.events.lock().push_front(event);
                return Err(e);
            }
        }
    }

    fn take_counts(&self) -> Vec<MintCount> {
        let taken = std::mem::take(&mut *self.mints.lock());
        taken
            .into_iter()
            .map(|((user, hour), t)| MintCount { user, hour, count: t.count, last_mint_at: t.last })
            .collect()
    }

    fn put_back(&self, counts: &[MintCount]) {
        let mut mints = self.mints.lock();
        for c in counts {
            let tally = mints.entry((c.user, c.hour)).or_insert(Tally { count: 0, last: c.last_mint_at });
            tally.count += c.count;
            tally.last = tally.last.max(c.last_mint_at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mints_are_counted_per_user_and_hour_with_the_last_time() {
        let activity = Activity::default();
        let t = |s: u64| UnixTime::from_secs(1_700_000_000 + s);
        activity.minted(UserId(1), t(5));
        activity.minted(UserId(1), t(1));
        activity.minted(UserId(2), t(2));
        activity.minted(UserId(1), t(4_000));
        let mut counts = activity.take_counts();
        counts.sort_by_key(|c| (c.user, c.hour));
        let summary: Vec<(i64, u64, u64)> =
            counts.iter().map(|c| (c.user.0, c.count, c.last_mint_at.as_secs())).collect();
        assert_eq!(summary, [(1, 2, 1_700_000_005), (1, 1, 1_700_004_000), (2, 1, 1_700_000_002)]);
        assert!(activity.take_counts().is_empty(), "taken once");
        activity.put_back(&counts);
        activity.minted(UserId(2), t(3));
        let again = activity.take_counts();
        let two = again.iter().find(|c| c.user == UserId(2)).expect("user 2");
        assert_eq!((two.count, two.last_mint_at), (2, t(3)));
    }
}
