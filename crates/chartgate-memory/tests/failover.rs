//! The failover limiter: fail open onto a per-instance share, or fail closed,
//! while the shared limiter is away; back to the shared one once it returns.
#![allow(clippy::unwrap_used)] // a failed unwrap is how a test fails

use chartgate_core::{Decision, LimitKey, Limiter, LimiterError, Rule, Slot, UnixTime, UserId};
use chartgate_memory::{BREAKER, Failover, MemoryLimiter, OnFailure};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A shared limiter that can be switched off, counting the calls it gets.
struct Switchable {
    up: AtomicBool,
    calls: AtomicUsize,
    inner: MemoryLimiter,
}

#[async_trait::async_trait]
impl Limiter for Switchable {
    async fn hit(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if !self.up.load(Ordering::SeqCst) {
            return Err(LimiterError::Unavailable("down".into()));
        }
        self.inner.hit(key, rule, now).await
    }
    async fn peek(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.hit(key, rule, now).await
    }
    async fn pause(&self, key: LimitKey, until: UnixTime, now: UnixTime) -> Result<(), LimiterError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if !self.up.load(Ordering::SeqCst) {
            return Err(LimiterError::Unavailable("down".into()));
        }
        self.inner.pause(key, until, now).await
    }
    async fn hit_unless_paused(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if !self.up.load(Ordering::SeqCst) {
            return Err(LimiterError::Unavailable("down".into()));
        }
        self.inner.hit_unless_paused(key, rule, now).await
    }
}

fn shared() -> Arc<Switchable> {
    Arc::new(Switchable { up: AtomicBool::new(true), calls: AtomicUsize::new(0), inner: MemoryLimiter::new() })
}

const KEY: LimitKey = LimitKey::Data(UserId(1));
const T0: u64 = 1_800_000_000_000_000;

fn at(ms: u64) -> UnixTime {
    UnixTime::from_micros(T0 + ms * 1000)
}

#[tokio::test]
async fn failing_open_enforces_this_instances_share_of_the_limit() {
    let s = shared();
    s.up.store(false, Ordering::SeqCst);
    let f = Failover::new(s.clone(), OnFailure::Open { instances: 3 });
    let rule = Rule::per_second(6);
    let accepted = futures_count(&f, rule, at(0), 10).await;
    assert_eq!(accepted, 2, "ceil(6 / 3) per instance");
}

#[tokio::test]
async fn failing_closed_refuses_with_unavailable() {
    let s = shared();
    s.up.store(false, Ordering::SeqCst);
    let f = Failover::new(s.clone(), OnFailure::Closed);
    assert!(matches!(f.hit(KEY, Rule::per_second(5), at(0)).await, Err(LimiterError::Unavailable(_))));
}

#[tokio::test]
async fn while_the_breaker_is_open_the_backend_is_not_asked_and_afterwards_it_is_again() {
    let s = shared();
    s.up.store(false, Ordering::SeqCst);
    let f = Failover::new(s.clone(), OnFailure::Open { instances: 1 });
    for ms in 0..20 {
        let _ = f.hit(KEY, Rule::per_second(100), at(ms)).await;
    }
    assert_eq!(s.calls.load(Ordering::SeqCst), 1, "one failed call opens the breaker");
    s.up.store(true, Ordering::SeqCst);
    let later = at(BREAKER.as_millis() as u64 + 1);
    assert!(f.hit(KEY, Rule::per_second(100), later).await.unwrap().allowed);
    assert_eq!(s.calls.load(Ordering::SeqCst), 2, "recovered: the shared limiter decides again");
    assert!(!f.is_open(later));
}

#[tokio::test]
async fn a_pause_reaches_the_shared_limiter_and_holds_on_this_instance_while_it_is_away() {
    let s = shared();
    let f = Failover::new(s.clone(), OnFailure::Open { instances: 2 });
    let rule = Rule::per_second(10);
    f.pause(LimitKey::Upstream, at(2000), at(0)).await.unwrap();
    let told = s.inner.hit_unless_paused(LimitKey::Upstream, rule, at(10)).await.unwrap();
    assert_eq!(told.paused_until, Some(at(2000)), "the other instances see it");
    s.up.store(false, Ordering::SeqCst);
    let slot = f.hit_unless_paused(LimitKey::Upstream, rule, at(20)).await.unwrap();
    assert_eq!(slot.paused_until, Some(at(2000)), "this instance keeps to it while the shared limiter is away");
    assert!(f.pause(LimitKey::Upstream, at(3000), at(30)).await.is_err(), "a pause not shared is reported");
    let slot = f.hit_unless_paused(LimitKey::Upstream, rule, at(2500)).await.unwrap();
    assert_eq!(slot.paused_until, Some(at(3000)), "and still kept here");
    assert!(f.hit_unless_paused(LimitKey::Upstream, rule, at(3000)).await.unwrap().decision.allowed);
}

async fn futures_count(f: &Failover, rule: Rule, now: UnixTime, n: usize) -> usize {
    let mut ok = 0;
    for _ in 0..n {
        ok += usize::from(f.hit(KEY, rule, now).await.unwrap().allowed);
    }
    ok
}
