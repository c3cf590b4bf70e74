//! Memory stays bounded: a million distinct users come and go, and the
//! limiter's memory returns close to where it started.
#![allow(unsafe_code)] // a counting global allocator needs `unsafe impl`

use chartgate_core::{LimitKey, Limiter, Rule, UnixTime, UserId};
use chartgate_memory::MemoryLimiter;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[tokio::test(flavor = "current_thread")]
async fn a_million_idle_users_are_forgotten_and_memory_returns() {
    let limiter = MemoryLimiter::new();
    let t0 = 1_800_000_000_000_000u64;
    let rule = Rule::per_second(5);
    limiter.sweep(UnixTime::from_micros(t0));
    let start = LIVE.load(Ordering::Relaxed);
    for u in 0..1_000_000 {
        let now = UnixTime::from_micros(t0 + u as u64 / 2); // all within 0.5 s
        let d = limiter.hit(LimitKey::Data(UserId(u)), rule, now).await.unwrap();
        assert!(d.allowed);
    }
    let peak = LIVE.load(Ordering::Relaxed);
    assert_eq!(limiter.len(), 1_000_000);
    assert!(peak - start > 50_000_000, "a million users should weigh tens of MB, got {}", peak - start);

    limiter.sweep(UnixTime::from_micros(t0 + 1_600_000));
    let after = LIVE.load(Ordering::Relaxed);
    assert_eq!(limiter.len(), 0);
    eprintln!("limiter memory: start {start} B, peak {peak} B, after sweep {after} B");
    assert!(after - start < 64 * 1024, "memory did not return: {} B left", after - start);
}

#[tokio::test(flavor = "current_thread")]
async fn sweeping_keeps_active_users() {
    let limiter = MemoryLimiter::new();
    let t0 = 1_800_000_000_000_000u64;
    let rule = Rule::per_second(1);
    let key = LimitKey::Data(UserId(1));
    limiter.hit(key, rule, UnixTime::from_micros(t0)).await.unwrap();
    limiter.sweep(UnixTime::from_micros(t0 + 500_000));
    assert_eq!(limiter.len(), 1);
    assert!(!limiter.hit(key, rule, UnixTime::from_micros(t0 + 600_000)).await.unwrap().allowed);
}
