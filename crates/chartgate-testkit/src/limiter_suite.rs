//! Limiter conformance cases: every [`Limiter`] backend runs these.
//!
//! Each case takes a fresh limiter (a fresh key space: the Redis backend
//! gives each test its own key prefix) and drives it with explicit times, so
//! no case sleeps.

use chartgate_core::{LimitKey, Limiter, Rule, UnixTime, UserId};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

/// A fixed start time, so resets are predictable.
pub const T0: u64 = 1_800_000_000_000_000;

/// `T0` plus `ms` milliseconds.
pub fn at(ms: u64) -> UnixTime {
    UnixTime::from_micros(T0 + ms * 1000)
}

const ALICE: LimitKey = LimitKey::Data(UserId(1));

/// The limit is accepted, then refused, with exact headers.
pub async fn accepts_up_to_the_limit_then_refuses(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(3);
    for left in [2, 1, 0] {
        let d = l.hit(ALICE, rule, at(100)).await.unwrap();
        assert!(d.allowed);
        assert_eq!((d.limit, d.remaining), (3, left));
    }
    let d = l.hit(ALICE, rule, at(200)).await.unwrap();
    assert!(!d.allowed);
    assert_eq!(d.remaining, 0);
    assert_eq!(d.reset, at(1100).as_secs_ceil());
    assert!(d.retry_after >= 1);
}

/// Refused requests do not push the reset further away.
pub async fn refused_requests_use_up_nothing(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(1);
    assert!(l.hit(ALICE, rule, at(0)).await.unwrap().allowed);
    for ms in (10..1000).step_by(90) {
        assert!(!l.hit(ALICE, rule, at(ms)).await.unwrap().allowed);
    }
    assert!(l.hit(ALICE, rule, at(1000)).await.unwrap().allowed);
}

/// The window slides: it starts at the first request, not a clock second.
pub async fn the_window_slides_from_the_first_request(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(2);
    assert!(l.hit(ALICE, rule, at(700)).await.unwrap().allowed);
    assert!(l.hit(ALICE, rule, at(1200)).await.unwrap().allowed);
    // A clock-aligned window would have reset at 1000.
    assert!(!l.hit(ALICE, rule, at(1600)).await.unwrap().allowed);
    assert!(l.hit(ALICE, rule, at(1700)).await.unwrap().allowed);
    assert!(!l.hit(ALICE, rule, at(2100)).await.unwrap().allowed);
}

/// Users, and a user's data and mint budgets, are counted apart.
pub async fn keys_are_counted_apart(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(1);
    let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    for key in [ALICE, LimitKey::Mint(UserId(1)), LimitKey::Data(UserId(2)), LimitKey::FailedMint(ip)] {
        assert!(l.hit(key, rule, at(0)).await.unwrap().allowed, "{key}");
    }
    assert!(!l.hit(ALICE, rule, at(1)).await.unwrap().allowed);
}

/// A peek says what a hit would do and counts nothing.
pub async fn peek_counts_nothing(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(1);
    for _ in 0..3 {
        assert!(l.peek(ALICE, rule, at(0)).await.unwrap().allowed);
    }
    assert!(l.hit(ALICE, rule, at(0)).await.unwrap().allowed);
    assert!(!l.peek(ALICE, rule, at(1)).await.unwrap().allowed);
}

/// A plan change applies to the next request.
pub async fn a_changed_limit_applies_at_once(l: Arc<dyn Limiter>) {
    for _ in 0..3 {
        assert!(l.hit(ALICE, Rule::per_second(5), at(0)).await.unwrap().allowed);
    }
    assert!(!l.hit(ALICE, Rule::per_second(2), at(10)).await.unwrap().allowed);
    assert!(l.hit(ALICE, Rule::per_second(10), at(20)).await.unwrap().allowed);
}

/// Windows longer than a second work (failed mints are counted per minute).
pub async fn long_windows_hold_their_count(l: Arc<dyn Limiter>) {
    let rule = Rule { limit: 2, window: Duration::from_secs(60) };
    let ip = LimitKey::FailedMint(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)));
    assert!(l.hit(ip, rule, at(0)).await.unwrap().allowed);
    assert!(l.hit(ip, rule, at(10_000)).await.unwrap().allowed);
    let d = l.hit(ip, rule, at(30_000)).await.unwrap();
    assert!(!d.allowed);
    assert_eq!(d.retry_after, 30);
    assert!(l.hit(ip, rule, at(60_000)).await.unwrap().allowed);
}

/// Concurrent hits at one moment accept exactly the limit.
pub async fn concurrent_hits_accept_exactly_the_limit(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(7);
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let l = Arc::clone(&l);
            tokio::spawn(async move { l.hit(ALICE, rule, at(i % 5)).await.unwrap().allowed })
        })
        .collect();
    let mut accepted = 0;
    for t in tasks {
        accepted += usize::from(t.await.unwrap());
    }
    assert_eq!(accepted, 7);
}

/// A paused key refuses every hit until the pause ends, counting nothing,
/// with the pause's end as its reset; other keys go on; plain hits do not
/// look at the pause.
pub async fn a_paused_key_refuses_until_the_pause_ends_counting_nothing(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(2);
    let key = LimitKey::Upstream;
    let slot = l.hit_unless_paused(key, rule, at(0)).await.unwrap();
    assert!(slot.decision.allowed && slot.paused_until.is_none());
    l.pause(key, at(2500), at(100)).await.unwrap();
    for ms in [100, 1000, 2499] {
        let slot = l.hit_unless_paused(key, rule, at(ms)).await.unwrap();
        assert!(!slot.decision.allowed, "paused at {ms}");
        assert_eq!(slot.paused_until, Some(at(2500)));
        assert_eq!(slot.decision.remaining, 0);
        assert_eq!(slot.decision.reset, at(2500).as_secs_ceil());
    }
    let other = l.hit_unless_paused(ALICE, rule, at(200)).await.unwrap();
    assert!(other.decision.allowed && other.paused_until.is_none(), "another key is not paused");
    assert!(l.hit(key, rule, at(1000)).await.unwrap().allowed, "a plain hit does not read the pause");
    // The refusals counted nothing: what the window holds at the end is the
    // plain hit, which leaves it at 2000.
    for _ in 0..2 {
        let slot = l.hit_unless_paused(key, rule, at(2500)).await.unwrap();
        assert!(slot.decision.allowed && slot.paused_until.is_none());
    }
    assert!(!l.hit_unless_paused(key, rule, at(2600)).await.unwrap().decision.allowed);
}

/// A pause never shortens one in force, and one that ended is replaced.
pub async fn the_later_pause_wins(l: Arc<dyn Limiter>) {
    let rule = Rule::per_second(5);
    let key = LimitKey::Upstream;
    l.pause(key, at(3000), at(0)).await.unwrap();
    l.pause(key, at(1000), at(0)).await.unwrap();
    assert_eq!(l.hit_unless_paused(key, rule, at(2000)).await.unwrap().paused_until, Some(at(3000)));
    l.pause(key, at(4000), at(2000)).await.unwrap();
    assert_eq!(l.hit_unless_paused(key, rule, at(3500)).await.unwrap().paused_until, Some(at(4000)));
    assert!(l.hit_unless_paused(key, rule, at(4000)).await.unwrap().decision.allowed);
    l.pause(key, at(6000), at(5000)).await.unwrap();
    assert_eq!(l.hit_unless_paused(key, rule, at(5000)).await.unwrap().paused_until, Some(at(6000)));
    // A pause in the past changes nothing.
    l.pause(key, at(100), at(5000)).await.unwrap();
    assert_eq!(l.hit_unless_paused(key, rule, at(5500)).await.unwrap().paused_until, Some(at(6000)));
}

/// Generates one `#[tokio::test]` per limiter case. `$make` is an async
/// block or expression yielding a fresh `Arc<dyn Limiter>`.
#[macro_export]
macro_rules! limiter_conformance {
    ($make:expr) => {
        $crate::limiter_conformance!(@cases $make;
            accepts_up_to_the_limit_then_refuses,
            refused_requests_use_up_nothing,
            the_window_slides_from_the_first_request,
            keys_are_counted_apart,
            peek_counts_nothing,
            a_changed_limit_applies_at_once,
            long_windows_hold_their_count,
            concurrent_hits_accept_exactly_the_limit,
            a_paused_key_refuses_until_the_pause_ends_counting_nothing,
            the_later_pause_wins);
    };
    (@cases $make:expr; $($case:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let limiter: std::sync::Arc<dyn chartgate_core::Limiter> = $make;
                $crate::limiter_suite::$case(limiter).await;
            }
        )*
    };
}
