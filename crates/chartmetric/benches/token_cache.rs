//! The cached path: a fresh token's ready `Authorization` value.
//!
//! Target: well under 100 ns and no allocation per call. The allocation
//! count is measured with a counting global allocator (which needs `unsafe`,
//! denied elsewhere in the workspace) and printed before the timings.
#![allow(unsafe_code)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
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

fn client() -> chartmetric::Client {
    let access = format!("bench-access-{:032x}", rand::random::<u128>());
    chartmetric::Client::builder()
        .refresh_token(format!("bench-refresh-{:032x}", rand::random::<u128>()))
        .base_url("http://127.0.0.1:9")
        .access_token(access, SystemTime::now() + Duration::from_secs(3600))
        .build()
        .expect("client")
}

fn allocations_per_call(runtime: &tokio::runtime::Runtime, client: &chartmetric::Client) -> f64 {
    const CALLS: u64 = 100_000;
    runtime.block_on(async {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..CALLS {
            black_box(client.authorization().await.expect("cached"));
        }
        (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / CALLS as f64
    })
}

fn token_cache(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let client = client();
    let per_call = allocations_per_call(&runtime, &client);
    println!("allocations per cached call: {per_call}");
    assert_eq!(per_call, 0.0, "the cached path must not allocate");
    c.bench_function("cached authorization header", |b| {
        b.to_async(&runtime).iter(|| async { black_box(client.authorization().await) })
    });
}

/// For scale: the two clock reads the expiry check needs.
fn clock_reads(c: &mut Criterion) {
    c.bench_function("Instant::now + SystemTime::now", |b| {
        b.iter(|| black_box((std::time::Instant::now(), SystemTime::now())))
    });
}

criterion_group!(benches, token_cache, clock_reads);
criterion_main!(benches);
