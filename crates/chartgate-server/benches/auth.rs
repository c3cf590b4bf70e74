//! The request path without the network: a bearer check of a token seen
//! before (parse, cache hit, user view), a data-budget charge, and a full
//! mint (refresh-token lookup in SQLite, mint budget, signing).
#![allow(clippy::unwrap_used)] // a failed unwrap is how a bench set-up fails

use chartgate_core::{Clock, Plan, Store, SystemClock, admin};
use chartgate_memory::MemoryLimiter;
use chartgate_server::{Application, Backends, ServerConfig, bootstrap};
use chartgate_sqlite::SqliteStore;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let bencher = chartgate_core::Actor::operator("bench", "localhost");
    let dir = tempfile::tempdir().unwrap();
    let (app, refresh) = rt.block_on(async {
        let path = dir.path().join("bench.db");
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(path.to_str().unwrap()).unwrap());
        store.migrate().await.unwrap();
        let plan = Plan {
            name: "bench".parse().unwrap(),
            rps: 100_000_000,
            mint_rps: 100_000_000,
            scopes: "api".parse().unwrap(),
            access_ttl: 3600,
        };
        store.upsert_plan(&plan).await.unwrap();
        let (_, refresh) =
            admin::add_user(&*store, &"b".parse().unwrap(), &plan.name, &admin::By::new(&bencher, SystemClock.now()))
                .await
                .unwrap();
        let keys = bootstrap::key_ring(&*store, None, chartgate_core::KeyAlg::Hs256).await.unwrap();
        let backends = Backends { store, limiter: Arc::new(MemoryLimiter::new()), clock: Arc::new(SystemClock), keys };
        let config = ServerConfig { listen: SocketAddr::from(([127, 0, 0, 1], 0)), ..ServerConfig::default() };
        (Application::build(config, backends).await.unwrap(), refresh)
    });
    let state = app.state().clone();
    let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let token = rt.block_on(state.mint(ip, refresh.expose())).unwrap().body.token;
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    rt.block_on(state.authenticate(&headers)).unwrap();

    c.bench_function("verify_cached_bearer_check", |b| {
        b.to_async(&rt).iter(|| async { state.authenticate(black_box(&headers)).await.unwrap() })
    });
    let caller = rt.block_on(state.authenticate(&headers)).unwrap();
    c.bench_function("charge_data_budget", |b| b.to_async(&rt).iter(|| async { state.charge(&caller).await.unwrap() }));
    c.bench_function("mint_end_to_end_sqlite", |b| {
        b.to_async(&rt).iter(|| async { state.mint(ip, black_box(refresh.expose())).await.unwrap() })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
