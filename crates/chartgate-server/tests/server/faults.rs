//! Backends going away under a running server, through a TCP proxy the test
//! controls: the documented behaviour, no 500, no hang, no lost write, and
//! automatic recovery. These run in CI against the machine's services.

use crate::common::cluster::{Instance, shared};
use crate::common::proxy::{Proxy, socket_of, via};
use crate::common::*;
use chartgate_memory::OnFailure;
use chartgate_server::ServerConfig;
use std::time::{Duration, Instant};

async fn artist_status(app: &TestApp, token: &str) -> (u16, Duration) {
    let started = Instant::now();
    let res = app.get("/api/artist/206557", token).await;
    let status = res.status().as_u16();
    if status != 200 {
        let _ = error_of(res).await;
    }
    (status, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_failing_open_serves_this_instances_share_and_recovers() {
    let Some(shared) = shared() else { return };
    let proxy = Proxy::start(socket_of(&shared.redis)).await;
    let app = Instance {
        redis: Some(via(&shared.redis, proxy.addr)),
        on_failure: OnFailure::Open { instances: 2 },
        ..Instance::new(&shared)
    }
    .spawn()
    .await;
    app.plan("four", 4, 100, "api").await;
    let token = app.mint(&app.user("open", "four").await).await.token;
    assert_eq!(artist_status(&app, &token).await.0, 200);

    proxy.cut();
    tokio::time::sleep(Duration::from_millis(1100)).await; // a fresh window
    let mut seen = Vec::new();
    for _ in 0..6 {
        let (status, took) = artist_status(&app, &token).await;
        assert!(took < Duration::from_secs(2), "a request hung for {took:?}");
        seen.push(status);
    }
    assert_eq!(seen.iter().filter(|&&s| s == 200).count(), 2, "ceil(4 / 2 instances) in process: {seen:?}");
    assert!(seen.iter().all(|&s| s == 200 || s == 429), "{seen:?}");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);

    proxy.restore();
    tokio::time::sleep(Duration::from_millis(1200)).await; // breaker closes, window frees
    let statuses = eventually_ready(&app).await;
    assert_eq!(statuses, 200, "readyz recovers on its own");
    let ok = (0..6).map(|_| artist_status(&app, &token));
    let mut accepted = 0;
    for f in ok {
        accepted += usize::from(f.await.0 == 200);
    }
    assert_eq!(accepted, 4, "the shared limit (4/s) applies again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_failing_closed_answers_503_json_and_recovers() {
    let Some(shared) = shared() else { return };
    let proxy = Proxy::start(socket_of(&shared.redis)).await;
    let app = Instance {
        redis: Some(via(&shared.redis, proxy.addr)),
        on_failure: OnFailure::Closed,
        ..Instance::new(&shared)
    }
    .spawn()
    .await;
    app.plan("fast", 1000, 1000, "api").await;
    let refresh = app.user("closed", "fast").await;
    let token = app.mint(&refresh).await.token;
    proxy.cut();
    for _ in 0..3 {
        let (status, took) = artist_status(&app, &token).await;
        assert_eq!(status, 503);
        assert!(took < Duration::from_secs(2), "a request hung for {took:?}");
    }
    let res =
        app.http.post(app.url("/api/token")).json(&serde_json::json!({"refreshtoken": refresh})).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "1");
    proxy.restore();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(eventually_ready(&app).await, 200);
    assert_eq!(artist_status(&app, &token).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_postgres_new_mints_get_503_known_tokens_keep_working_and_nothing_is_lost() {
    let Some(shared) = shared() else { return };
    let proxy = Proxy::start(socket_of(&shared.postgres)).await;
    let app = Instance { postgres: Some(via(&shared.postgres, proxy.addr)), ..Instance::new(&shared) }.spawn().await;
    app.plan("fast", 1000, 1000, "api").await;
    let refresh = app.user("durable", "fast").await;
    let unseen = app.user("never-minted", "fast").await;
    let token = app.mint(&refresh).await.token;
    // A poll that sees a change empties the artist cache: let the poll that
    // sees this plan and user pass before the artist is cached.
    tokio::time::sleep(2 * ServerConfig::default().poll_interval).await;
    assert_eq!(artist_status(&app, &token).await.0, 200); // the artist is now cached

    proxy.cut();
    let started = Instant::now();
    let res =
        app.http.post(app.url("/api/token")).json(&serde_json::json!({"refreshtoken": unseen})).send().await.unwrap();
    assert_eq!(res.status(), 503, "a refresh token this instance never resolved needs the database");
    assert!(error_of(res).await.contains("unavailable"));
    assert!(started.elapsed() < Duration::from_secs(10), "the mint waited {:?}", started.elapsed());
    assert_eq!(app.mint_raw(&refresh).await.status(), 200, "a refresh token resolved before mints from memory");
    for _ in 0..3 {
        assert_eq!(artist_status(&app, &token).await.0, 200, "a valid token keeps being verified from memory");
    }
    let other = app.get("/api/artist/3380", &token).await;
    assert!(other.status() == 503 || other.status() == 200, "an uncached artist: {}", other.status());

    proxy.restore();
    mint_recovers(&app, &unseen).await;
    let user = app.store.user_by_name(&"durable".parse().unwrap()).await.unwrap();
    assert!(user.is_some(), "the user written before the outage is still there");
}

async fn eventually_ready(app: &TestApp) -> u16 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = app.http.get(app.url("/readyz")).send().await.unwrap().status().as_u16();
        if status == 200 || Instant::now() > deadline {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_redis_costs_at_most_its_timeout_then_the_breaker_skips_it() {
    let Some(shared) = shared() else { return };
    let proxy = Proxy::start(socket_of(&shared.redis)).await;
    // A manual clock: the breaker's second passes only when the test says.
    let clock = std::sync::Arc::new(chartgate_core::ManualClock::starting_now());
    let redis = Some(via(&shared.redis, proxy.addr));
    let on_failure = OnFailure::Open { instances: 1 };
    let app = Instance { redis, on_failure, clock: Some(clock.clone()), ..Instance::new(&shared) }.spawn().await;
    app.plan("fast", 1000, 1000, "api").await;
    let token = app.mint(&app.user("stalled", "fast").await).await.token;
    assert_eq!(artist_status(&app, &token).await.0, 200);
    proxy.stall();
    let (status, took) = artist_status(&app, &token).await;
    assert_eq!(status, 200, "fails open");
    assert!(took < Duration::from_secs(2), "the first request waited {took:?}");
    let asked = proxy.bytes_sent();
    for _ in 0..5 {
        assert_eq!(artist_status(&app, &token).await.0, 200);
    }
    assert_eq!(proxy.bytes_sent(), asked, "with the breaker open nothing more is sent to Redis");
    proxy.unstall();
    clock.advance(chartgate_memory::BREAKER);
    assert_eq!(artist_status(&app, &token).await.0, 200);
    assert!(proxy.bytes_sent() > asked, "after the breaker's second Redis is asked again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_postgres_gets_new_mints_a_503_after_the_store_timeout_not_a_hang() {
    let Some(shared) = shared() else { return };
    let proxy = Proxy::start(socket_of(&shared.postgres)).await;
    let postgres = Some(via(&shared.postgres, proxy.addr));
    let app = Instance { postgres, store_timeout: Duration::from_millis(500), ..Instance::new(&shared) }.spawn().await;
    app.plan("fast", 1000, 1000, "api").await;
    let refresh = app.user("stalled-db", "fast").await;
    let unseen = app.user("stalled-never-minted", "fast").await;
    let token = app.mint(&refresh).await.token;
    assert_eq!(artist_status(&app, &token).await.0, 200);
    proxy.stall();
    let started = Instant::now();
    let res =
        app.http.post(app.url("/api/token")).json(&serde_json::json!({"refreshtoken": unseen})).send().await.unwrap();
    assert_eq!(res.status(), 503, "a refresh token this instance never resolved needs the database");
    assert!(started.elapsed() < Duration::from_secs(5), "the mint hung for {:?}", started.elapsed());
    assert_eq!(artist_status(&app, &token).await.0, 200, "valid tokens are served from memory");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    proxy.unstall();
    mint_recovers(&app, &unseen).await;
}

/// Mints until the backend is back: 503 meanwhile, 200 within 15 s.
async fn mint_recovers(app: &TestApp, refresh: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match app.mint_raw(refresh).await.status().as_u16() {
            200 => return,
            503 => assert!(Instant::now() < deadline, "minting did not recover"),
            other => panic!("while recovering, a mint got {other}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
