//! Time, as the token manager sees it.
//!
//! A token counts as expired when *either* its monotonic or its wall-clock
//! deadline has passed: on Linux the monotonic clock stands still while a
//! laptop sleeps, so only the wall clock notices that an hour went by.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// A source of both kinds of time the token manager needs.
///
/// The default is [`SystemClock`]. Tests inject a [`ManualClock`] to move
/// time forward without sleeping.
///
/// Only token expiry reads this clock. Waits (retry backoff, rate-limit
/// pauses, pacing) use the tokio timer, because they must really pass.
///
/// ```
/// use chartmetric::{Clock, SystemClock};
/// let clock = SystemClock;
/// let _ = (clock.now(), clock.wall());
/// ```
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The monotonic time.
    ///
    /// ```
    /// use chartmetric::Clock;
    /// let t = chartmetric::SystemClock.now();
    /// # let _ = t;
    /// ```
    fn now(&self) -> Instant;
    /// The wall-clock time.
    ///
    /// ```
    /// use chartmetric::Clock;
    /// assert!(chartmetric::SystemClock.wall() > std::time::UNIX_EPOCH);
    /// ```
    fn wall(&self) -> SystemTime;
}

/// The real clocks: [`Instant::now`] and [`SystemTime::now`].
///
/// ```
/// use chartmetric::{Clock, SystemClock};
/// assert!(SystemClock.wall() > std::time::UNIX_EPOCH);
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[inline]
    fn now(&self) -> Instant {
        Instant::now()
    }

    #[inline]
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to, for tests.
///
/// It starts at the real time of its creation and then stands still.
/// [`advance`](ManualClock::advance) moves both clocks;
/// [`advance_wall`](ManualClock::advance_wall) moves only the wall clock, as a
/// suspended machine does.
///
/// ```
/// use chartmetric::{Clock, ManualClock};
/// use std::time::Duration;
/// let clock = ManualClock::new();
/// let (t0, w0) = (clock.now(), clock.wall());
/// clock.advance_wall(Duration::from_secs(3600));
/// assert_eq!(clock.now(), t0);
/// assert_eq!(clock.wall(), w0 + Duration::from_secs(3600));
/// ```
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    wall_start: SystemTime,
    mono_nanos: AtomicU64,
    wall_nanos: AtomicU64,
}

impl ManualClock {
    /// A clock frozen at the current real time.
    ///
    /// ```
    /// let clock = chartmetric::ManualClock::new();
    /// # let _ = clock;
    /// ```
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            wall_start: SystemTime::now(),
            mono_nanos: AtomicU64::new(0),
            wall_nanos: AtomicU64::new(0),
        }
    }

    /// Moves both the monotonic and the wall clock forward.
    ///
    /// ```
    /// use chartmetric::{Clock, ManualClock};
    /// let clock = ManualClock::new();
    /// let t0 = clock.now();
    /// clock.advance(std::time::Duration::from_secs(1));
    /// assert!(clock.now() > t0);
    /// ```
    pub fn advance(&self, by: Duration) {
        add(&self.mono_nanos, by);
        add(&self.wall_nanos, by);
    }

    /// Moves only the wall clock forward, like a laptop waking from sleep.
    ///
    /// ```
    /// use chartmetric::{Clock, ManualClock};
    /// let clock = ManualClock::new();
    /// let w0 = clock.wall();
    /// clock.advance_wall(std::time::Duration::from_secs(7200));
    /// assert!(clock.wall() > w0);
    /// ```
    pub fn advance_wall(&self, by: Duration) {
        add(&self.wall_nanos, by);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + Duration::from_nanos(self.mono_nanos.load(Ordering::Acquire))
    }

    fn wall(&self) -> SystemTime {
        self.wall_start + Duration::from_nanos(self.wall_nanos.load(Ordering::Acquire))
    }
}

fn add(counter: &AtomicU64, by: Duration) {
    let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
    counter.fetch_add(nanos, Ordering::AcqRel);
}

/// The clock the token manager holds: the system clocks called directly
/// (no virtual call on the fast path), or an injected one.
#[derive(Debug, Clone)]
pub(crate) enum ClockSource {
    System,
    Custom(std::sync::Arc<dyn Clock>),
}

impl Clock for ClockSource {
    #[inline]
    fn now(&self) -> Instant {
        match self {
            Self::System => Instant::now(),
            Self::Custom(clock) => clock.now(),
        }
    }

    #[inline]
    fn wall(&self) -> SystemTime {
        match self {
            Self::System => SystemTime::now(),
            Self::Custom(clock) => clock.wall(),
        }
    }
}
