//! The cached path allocates nothing: a counting global allocator proves it.
//!
//! `unsafe` is denied workspace-wide; a `GlobalAlloc` impl cannot avoid it.
//! It only forwards to the system allocator and counts, on this test's
//! thread only, so the test harness's own threads do not disturb the count.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: forwards every call unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn the_cached_authorization_path_allocates_nothing() {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let client = chartmetric::Client::builder()
        .refresh_token("refresh-made-for-this-test")
        .base_url("http://127.0.0.1:9")
        .access_token("access-made-for-this-test", SystemTime::now() + Duration::from_secs(3600))
        .build()
        .expect("client");
    runtime.block_on(async {
        client.authorization().await.expect("warm");
        COUNTING.with(|c| c.set(true));
        for _ in 0..10_000 {
            let header = client.authorization().await.expect("cached");
            std::hint::black_box(header);
        }
        COUNTING.with(|c| c.set(false));
    });
    assert_eq!(ALLOCATIONS.load(Ordering::Relaxed), 0);
    assert_eq!(client.metrics().mints, 0, "a seeded token needs no mint");
}
