//! Caps on minting: a minimum interval before a 401 may cause another
//! mint, and an hourly budget of requests to the token route.

use crate::error::{Error, ErrorKind};
use parking_lot::Mutex;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

const HOUR: Duration = Duration::from_secs(3600);

/// How often the client may mint, whatever the server answers.
///
/// * `min_interval`: when a token minted because of a 401 gets a 401 in
///   turn, it is replaced only once it is this old (60 s by default):
///   re-minting did not help, so the 401 is about something else (a route
///   outside the plan, a scope), and minting on every call would only burn
///   mints. A token minted for any other reason is replaced at the first
///   401 that says `invalid_token` (or when it could have expired).
/// * `per_hour`: at most this many requests to the token route in any hour
///   (120 by default, retries included). Past it, a refresh fails at once
///   with [`ErrorKind::RateLimited`](crate::ErrorKind) and a 401 is reported
///   instead of re-minting.
///
/// ```
/// use chartmetric::MintLimits;
/// use std::time::Duration;
/// let limits = MintLimits::default().min_interval(Duration::from_secs(10)).per_hour(30);
/// let client = chartmetric::Client::builder().refresh_token("t").mint_limits(limits).build()?;
/// # Ok::<(), chartmetric::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MintLimits {
    pub(crate) min_interval: Duration,
    pub(crate) per_hour: u32,
}

impl Default for MintLimits {
    /// 60 s between a mint and a 401-caused re-mint, 120 mints an hour.
    fn default() -> Self {
        Self { min_interval: Duration::from_secs(60), per_hour: 120 }
    }
}

impl MintLimits {
    /// How old a token must be before a 401 for it may cause a new mint.
    ///
    /// ```
    /// let limits = chartmetric::MintLimits::default().min_interval(std::time::Duration::ZERO);
    /// # let _ = limits;
    /// ```
    pub fn min_interval(mut self, interval: Duration) -> Self {
        self.min_interval = interval;
        self
    }

    /// Requests to the token route allowed in any hour (at least 1).
    ///
    /// ```
    /// let limits = chartmetric::MintLimits::default().per_hour(10);
    /// # let _ = limits;
    /// ```
    pub fn per_hour(mut self, mints: u32) -> Self {
        self.per_hour = mints.max(1);
        self
    }
}

/// The hourly budget: a sliding log of mint attempts on the client's clock.
#[derive(Debug)]
pub(crate) struct MintBudget {
    per_hour: usize,
    log: Mutex<VecDeque<Instant>>,
}

impl MintBudget {
    pub(crate) fn new(per_hour: u32) -> Self {
        Self { per_hour: per_hour as usize, log: Mutex::new(VecDeque::new()) }
    }

    /// Whether a mint may be sent now.
    pub(crate) fn has_room(&self, now: Instant) -> bool {
        let mut log = self.log.lock();
        forget_older_than_an_hour(&mut log, now);
        log.len() < self.per_hour
    }

    /// Counts a mint sent now, or says how long until one may be sent.
    pub(crate) fn take(&self, now: Instant) -> Result<(), Duration> {
        let mut log = self.log.lock();
        forget_older_than_an_hour(&mut log, now);
        if log.len() < self.per_hour {
            log.push_back(now);
            return Ok(());
        }
        let oldest = log.front().copied().unwrap_or(now);
        Err((oldest + HOUR).saturating_duration_since(now))
    }

    /// The error of a refresh turned away by the budget.
    pub(crate) fn exhausted(&self, wait: Duration) -> Error {
        Error::new(
            ErrorKind::RateLimited { reset: None },
            format!(
                "the client's mint budget ({} an hour) is used up; the next mint may be sent in {} s",
                self.per_hour,
                wait.as_secs_f64().ceil()
            ),
        )
    }
}

fn forget_older_than_an_hour(log: &mut VecDeque<Instant>, now: Instant) {
    while log.front().is_some_and(|&t| now.saturating_duration_since(t) >= HOUR) {
        log.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refills_as_attempts_age_past_an_hour() {
        let budget = MintBudget::new(2);
        let t0 = Instant::now();
        assert_eq!(budget.take(t0), Ok(()));
        assert_eq!(budget.take(t0 + Duration::from_secs(10)), Ok(()));
        assert!(!budget.has_room(t0 + Duration::from_secs(20)));
        assert_eq!(budget.take(t0 + Duration::from_secs(20)), Err(Duration::from_secs(3580)));
        assert_eq!(budget.take(t0 + HOUR), Ok(()));
    }
}
