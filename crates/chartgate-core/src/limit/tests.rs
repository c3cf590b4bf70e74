use super::*;
use proptest::prelude::*;

const T0: u64 = 1_700_000_000_000_000;

fn at(us: u64) -> UnixTime {
    UnixTime::from_micros(T0 + us)
}

#[test]
fn the_window_starts_at_the_first_request() {
    let rule = Rule::per_second(2);
    let mut log = SlidingLog::new();
    assert!(log.check(rule, at(500_000), true).allowed);
    assert!(log.check(rule, at(900_000), true).allowed);
    let refused = log.check(rule, at(1_200_000), true);
    assert!(!refused.allowed);
    assert_eq!(refused.remaining, 0);
    // The first request leaves the window at 1.5 s: reset rounds that up.
    assert_eq!(refused.reset, (T0 + 1_500_000).div_ceil(1_000_000));
    assert!(log.check(rule, at(1_500_000), true).allowed);
}

#[test]
fn headers_count_this_request_and_reset_is_never_in_the_past() {
    let rule = Rule::per_second(3);
    let mut log = SlidingLog::new();
    let d = log.check(rule, at(250_000), true);
    assert_eq!((d.allowed, d.limit, d.remaining), (true, 3, 2));
    assert!(d.reset >= at(250_000).as_secs_ceil());
}

#[test]
fn a_refused_request_uses_up_nothing() {
    let rule = Rule::per_second(1);
    let mut log = SlidingLog::new();
    assert!(log.check(rule, at(0), true).allowed);
    for i in 1..10 {
        assert!(!log.check(rule, at(i * 10_000), true).allowed);
    }
    assert!(log.check(rule, at(1_000_000), true).allowed);
}

#[test]
fn retry_after_is_whole_seconds_and_at_least_one() {
    let rule = Rule::per_second(1);
    let mut log = SlidingLog::new();
    log.check(rule, at(0), true);
    let d = log.check(rule, at(999_000), true);
    assert_eq!(d.retry_after, 1);
    let slow = Rule { limit: 1, window: Duration::from_secs(60) };
    let mut log = SlidingLog::new();
    log.check(slow, at(0), true);
    assert_eq!(log.check(slow, at(500_000), true).retry_after, 60);
}

#[test]
fn peek_counts_nothing() {
    let rule = Rule::per_second(1);
    let mut log = SlidingLog::new();
    assert!(log.check(rule, at(0), false).allowed);
    assert!(log.is_empty());
    assert!(log.check(rule, at(0), true).allowed);
    assert!(!log.check(rule, at(1), false).allowed);
}

#[test]
fn a_lowered_limit_waits_for_enough_requests_to_leave() {
    let mut log = SlidingLog::new();
    for i in 0..5 {
        log.check(Rule::per_second(5), at(i * 100_000), true);
    }
    let d = log.check(Rule::per_second(2), at(450_000), true);
    assert!(!d.allowed);
    // Four of five must leave; the fourth (at 0.3 s) leaves at 1.3 s.
    assert_eq!(d.reset, (T0 + 1_300_000).div_ceil(1_000_000));
}

#[test]
fn a_zero_limit_refuses_everything() {
    let mut log = SlidingLog::new();
    assert!(!log.check(Rule::per_second(0), at(0), true).allowed);
}

#[test]
fn an_idle_log_can_be_forgotten() {
    let rule = Rule::per_second(2);
    let mut log = SlidingLog::new();
    log.check(rule, at(0), true);
    assert!(!log.is_idle(rule, at(999_999)));
    assert!(log.is_idle(rule, at(1_000_000)));
}

proptest! {
    /// For random arrival times, no one-second window ever holds more
    /// accepted requests than the limit, and a request is never refused
    /// while the window holds fewer.
    #[test]
    fn the_window_never_holds_more_than_the_limit_nor_refuses_below_it(
        limit in 1u32..8,
        gaps in proptest::collection::vec(0u64..400_000, 1..200),
    ) {
        let rule = Rule::per_second(limit);
        let mut log = SlidingLog::new();
        let mut accepted: Vec<u64> = Vec::new();
        let mut t = 0;
        for gap in gaps {
            t += gap;
            let in_window = accepted.iter().filter(|&&a| a + 1_000_000 > t).count();
            let d = log.check(rule, at(t), true);
            prop_assert_eq!(d.allowed, in_window < limit as usize);
            if d.allowed {
                accepted.push(t);
            }
            prop_assert!(d.reset >= at(t).as_secs());
        }
        for (i, &start) in accepted.iter().enumerate() {
            let n = accepted[i..].iter().take_while(|&&a| a < start + 1_000_000).count();
            prop_assert!(n <= limit as usize);
        }
    }

    /// When refused, a request at the reset moment is accepted.
    #[test]
    fn waiting_until_reset_always_succeeds(
        limit in 1u32..5,
        gaps in proptest::collection::vec(0u64..300_000, 1..60),
    ) {
        let rule = Rule::per_second(limit);
        let mut log = SlidingLog::new();
        let mut t = 0;
        for gap in gaps {
            t += gap;
            let d = log.check(rule, at(t), true);
            if !d.allowed {
                let mut probe = log.clone();
                let reset = UnixTime::from_secs(d.reset);
                prop_assert!(probe.check(rule, reset, true).allowed);
            }
        }
    }
}

#[test]
fn failed_mints_are_counted_per_ipv4_address_and_per_ipv6_slash_64() {
    let key = |s: &str| LimitKey::failed_mint(s.parse().unwrap());
    assert_eq!(key("203.0.113.9"), LimitKey::FailedMint("203.0.113.9".parse().unwrap()));
    assert_ne!(key("203.0.113.9"), key("203.0.113.10"));
    assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assert_eq!(key("2001:db8:1:2::7"), LimitKey::FailedMint("2001:db8:1:2::".parse().unwrap()));
    assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    assert_eq!(key("::ffff:198.51.100.7"), key("198.51.100.7"));
}
