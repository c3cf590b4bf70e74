//! The limiter check for a user already seen (target: under 200 ns).

use chartgate_core::{LimitKey, Limiter, Rule, UnixTime, UserId};
use chartgate_memory::MemoryLimiter;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let limiter = MemoryLimiter::new();
    // A limit high enough never to refuse, like the load test's plan.
    let rule = Rule::per_second(1_000_000);
    let mut t = 1_800_000_000_000_000u64;
    for u in 0..10_000 {
        limiter.sweep(UnixTime::from_micros(t));
        let _ = futures_poll(limiter.hit(LimitKey::Data(UserId(u)), rule, UnixTime::from_micros(t)));
    }
    c.bench_function("memory_limiter_hit_seen_user", |b| {
        b.iter(|| {
            t += 3; // about 330k requests/s on one user: a busy key
            let key = LimitKey::Data(UserId(black_box(42)));
            black_box(futures_poll(limiter.hit(key, rule, UnixTime::from_micros(t))))
        })
    });
    c.bench_function("memory_limiter_hit_across_10k_users", |b| {
        let mut u = 0;
        b.iter(|| {
            t += 3;
            u = (u + 7919) % 10_000;
            let key = LimitKey::Data(UserId(black_box(u)));
            black_box(futures_poll(limiter.hit(key, rule, UnixTime::from_micros(t))))
        })
    });
}

/// The in-process limiter never awaits: poll its future once.
fn futures_poll<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => unreachable!("MemoryLimiter never waits"),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
