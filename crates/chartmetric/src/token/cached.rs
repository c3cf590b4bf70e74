//! One minted access token, its ready-made header and its deadlines.

use crate::clock::Clock;
use reqwest::header::HeaderValue;
use secrecy::SecretString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// The lifetime the windows are scaled against: the documented one hour.
const REFERENCE_LIFETIME: Duration = Duration::from_secs(3600);
/// Lifetimes are capped here, so that an absurd `expires_in` cannot
/// overflow a deadline.
const MAX_LIFETIME: Duration = Duration::from_secs(366 * 86_400);
/// A minted token counts as valid for at least this long, whatever its
/// `expires_in` says (0 would make every call mint). A server whose tokens
/// really die sooner answers 401 `invalid_token`, which re-mints.
pub(crate) const MIN_LIFETIME: Duration = Duration::from_secs(60);
/// Early (advisory) window for a one-hour token: one background refresh.
const EARLY_LEAD: Duration = Duration::from_secs(300);
/// Late (mandatory) window for a one-hour token: the document's 60 s buffer.
const LATE_LEAD: Duration = Duration::from_secs(60);

/// How far before expiry the early and the late window open.
///
/// 300 s and 60 s for a token of an hour or more, scaled proportionally for
/// shorter ones (25 s and 5 s for a five-minute token), after botocore's
/// advisory and mandatory refresh windows.
pub(crate) fn window_leads(lifetime: Duration) -> (Duration, Duration) {
    let basis = lifetime.min(REFERENCE_LIFETIME);
    let scale = |lead: Duration| basis.mul_f64(lead.as_secs_f64() / REFERENCE_LIFETIME.as_secs_f64());
    (scale(EARLY_LEAD), scale(LATE_LEAD))
}

/// A moment on both clocks; it has passed when either clock says so.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    mono: Instant,
    wall: SystemTime,
}

impl Deadline {
    #[inline]
    fn passed(&self, now: Instant, wall: SystemTime) -> bool {
        now >= self.mono || wall >= self.wall
    }
}

/// Where a token stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// Use it.
    Fresh,
    /// Use it, and start one background refresh.
    Early,
    /// Still valid, but callers wait for a new one (unless minting fails).
    Late,
    /// Expired, or revoked by a 401: never send it again.
    Dead,
}

/// Where a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Minted by this client: its age is known.
    Minted,
    /// Minted by this client because a 401 retired the token before it.
    Reminted,
    /// Given to the builder (another process, a cache): it may have been
    /// revoked or have expired without our knowing.
    Seeded,
}

/// A minted access token.
pub(crate) struct Cached {
    pub(crate) header: HeaderValue,
    pub(crate) token: SecretString,
    pub(crate) generation: u64,
    pub(crate) origin: Origin,
    /// When it was minted or seeded, on the client's monotonic clock.
    pub(crate) created: Instant,
    early: Deadline,
    late: Deadline,
    expiry: Deadline,
    revoked: AtomicBool,
    early_refresh_started: AtomicBool,
}

impl Cached {
    /// A token valid for `lifetime` from now on `clock`.
    pub(crate) fn new(
        token: SecretString,
        header: HeaderValue,
        (generation, origin): (u64, Origin),
        lifetime: Duration,
        clock: &dyn Clock,
    ) -> Self {
        let (now, wall) = (clock.now(), clock.wall());
        let lifetime = lifetime.min(MAX_LIFETIME);
        let (early_lead, late_lead) = window_leads(lifetime);
        let at = |before: Duration| {
            let offset = lifetime.saturating_sub(before);
            Deadline { mono: now + offset, wall: wall + offset }
        };
        Self {
            header,
            token,
            generation,
            origin,
            created: now,
            early: at(early_lead),
            late: at(late_lead),
            expiry: at(Duration::ZERO),
            revoked: AtomicBool::new(false),
            early_refresh_started: AtomicBool::new(false),
        }
    }

    #[inline]
    pub(crate) fn freshness(&self, now: Instant, wall: SystemTime) -> Freshness {
        // The common case first: early < late < expiry on both clocks.
        if !self.early.passed(now, wall) && !self.revoked.load(Ordering::Relaxed) {
            return Freshness::Fresh;
        }
        if self.revoked.load(Ordering::Relaxed) || self.expiry.passed(now, wall) {
            Freshness::Dead
        } else if self.late.passed(now, wall) {
            Freshness::Late
        } else {
            Freshness::Early
        }
    }

    /// Still good to send (not expired, not revoked).
    pub(crate) fn usable(&self, clock: &dyn Clock) -> bool {
        self.freshness(clock.now(), clock.wall()) != Freshness::Dead
    }

    /// The wall-clock moment it expires.
    pub(crate) fn expires_at(&self) -> SystemTime {
        self.expiry.wall
    }

    /// Marks the token dead after the server said 401 to it.
    pub(crate) fn revoke(&self) {
        self.revoked.store(true, Ordering::Relaxed);
    }

    /// True for exactly one caller: the one that starts the background refresh.
    pub(crate) fn claim_early_refresh(&self) -> bool {
        !self.early_refresh_started.swap(true, Ordering::AcqRel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_five_minutes_and_one_minute_for_an_hour_token() {
        let (early, late) = window_leads(Duration::from_secs(3600));
        assert_eq!((early, late), (Duration::from_secs(300), Duration::from_secs(60)));
        let (early, late) = window_leads(Duration::from_secs(86_400));
        assert_eq!((early, late), (Duration::from_secs(300), Duration::from_secs(60)));
    }

    #[test]
    fn windows_scale_proportionally_for_short_tokens() {
        let (early, late) = window_leads(Duration::from_secs(360));
        assert_eq!((early, late), (Duration::from_secs(30), Duration::from_secs(6)));
        let (early, late) = window_leads(Duration::ZERO);
        assert_eq!((early, late), (Duration::ZERO, Duration::ZERO));
    }

    #[test]
    fn a_token_walks_through_fresh_early_late_and_dead() {
        let clock = crate::ManualClock::new();
        let header = HeaderValue::from_static("Bearer x");
        let c = Cached::new("x".into(), header, (1, Origin::Minted), Duration::from_secs(3600), &clock);
        let at = |c: &Cached| c.freshness(clock.now(), clock.wall());
        assert_eq!(at(&c), Freshness::Fresh);
        clock.advance(Duration::from_secs(3300));
        assert_eq!(at(&c), Freshness::Early);
        clock.advance(Duration::from_secs(240));
        assert_eq!(at(&c), Freshness::Late);
        clock.advance(Duration::from_secs(60));
        assert_eq!(at(&c), Freshness::Dead);
    }
}
