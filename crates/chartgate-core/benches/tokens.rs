//! Access tokens: signing a fresh token (the CPU part of a mint) and
//! verifying one whose signature has not been checked before.

use chartgate_core::{Claims, Clock, KeyRing, Scopes, SigningKey, SystemClock, UserId};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let key = SigningKey::generate();
    let ring = KeyRing::new(&key, &[]);
    let now = SystemClock.now();
    let scopes = Scopes::default_api();
    c.bench_function("mint_claims_and_sign", |b| {
        b.iter(|| ring.sign(&Claims::issue(UserId(black_box(7)), &scopes, 0, now, 3600)))
    });
    let token = ring.sign(&Claims::issue(UserId(7), &scopes, 0, now, 3600));
    c.bench_function("verify_uncached", |b| b.iter(|| ring.verify(black_box(&token), now)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
