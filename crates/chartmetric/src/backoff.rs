//! Retry policy and jittered exponential backoff for the token route.

use rand::Rng;
use std::time::Duration;

/// How failed mints are retried.
///
/// Transient failures (network, 5xx, 429) are retried up to `max_attempts`
/// attempts per refresh, waiting `base_delay * 2^(n-1)` (capped at
/// `max_delay`) with "equal jitter": half of the delay is fixed, the other
/// half random, so a fleet of clients never retries in lock-step. A 429's
/// `Retry-After` lengthens the wait when it asks for more.
///
/// ```
/// use chartmetric::RetryPolicy;
/// use std::time::Duration;
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(5));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, 250 ms base delay, 10 s cap.
    fn default() -> Self {
        Self { max_attempts: 4, base_delay: Duration::from_millis(250), max_delay: Duration::from_secs(10) }
    }
}

impl RetryPolicy {
    /// Attempts per refresh, the first one included (at least 1).
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().max_attempts(1); // never retry
    /// # let _ = p;
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry, doubled for each further one.
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().base_delay(std::time::Duration::from_millis(50));
    /// # let _ = p;
    /// ```
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest delay between two attempts.
    ///
    /// ```
    /// let p = chartmetric::RetryPolicy::default().max_delay(std::time::Duration::from_secs(2));
    /// # let _ = p;
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The jittered delay after the `failures`-th consecutive failure (1-based).
    pub(crate) fn delay(&self, failures: u32) -> Duration {
        let exp = failures.saturating_sub(1).min(20);
        let full = self.base_delay.saturating_mul(1 << exp).min(self.max_delay);
        let half = full / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(rand::rng().random_range(0..=jitter_nanos))
    }
}

/// A random extra wait in `0..=max`, to spread many waiters apart.
pub(crate) fn jitter(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rand::rng().random_range(0..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_stay_within_the_cap_and_never_drop_below_half() {
        let p = RetryPolicy::default().base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(1000));
        for _ in 0..100 {
            let d1 = p.delay(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.delay(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d9 = p.delay(9);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_millis(1000));
        }
    }
}
