use super::{Decision, Rule, expire};
use crate::clock::UnixTime;
use std::collections::VecDeque;

/// The accepted request times of one key, oldest first, in microseconds.
///
/// Holds at most `limit` entries, and only those still inside the window.
#[derive(Debug, Default, Clone)]
pub struct SlidingLog(VecDeque<u64>);

impl SlidingLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decides a request at `now`, counting it when `consume` and allowed.
    pub fn check(&mut self, rule: Rule, now: UnixTime, consume: bool) -> Decision {
        expire(&mut self.0, rule, now);
        let limit = rule.limit as usize;
        let allowed = self.0.len() < limit;
        if allowed && consume {
            self.0.push_back(now.as_micros());
        }
        let held = self.0.len() + usize::from(allowed && !consume);
        Decision::new(allowed, rule, held, self.next_free(rule, now, held), now)
    }

    /// The earliest moment a further request would be accepted, when the log
    /// holds `held` requests (counting one not yet pushed, for a peek).
    fn next_free(&self, rule: Rule, now: UnixTime, held: usize) -> UnixTime {
        let limit = rule.limit as usize;
        if held < limit {
            return now;
        }
        let window = rule.window.as_micros() as u64;
        // The request that must leave the window first for one more to fit.
        match self.0.get(held - limit) {
            Some(&t) => UnixTime::from_micros(t + window),
            // limit is 0, or a peeked request is the one that would leave.
            None => UnixTime::from_micros(now.as_micros() + window),
        }
    }

    /// Whether the log holds nothing inside the window at `now`, so the key
    /// can be forgotten.
    pub fn is_idle(&self, rule: Rule, now: UnixTime) -> bool {
        let window = rule.window.as_micros() as u64;
        self.0.back().is_none_or(|&t| t + window <= now.as_micros())
    }

    /// How many accepted requests the log holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
