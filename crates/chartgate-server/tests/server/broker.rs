//! Broker mode against a real upstream: a second chartgate (sandbox mode,
//! in process, port 0) plays the real API, its account on a plan of a few
//! requests per second; the broker holds that account's refresh token.
//!
//! The upstream plan is 20 requests/second in the pacing test, not the
//! real entry plan's 1: the arithmetic is the same (the broker's limiter is
//! told N, the upstream's exact sliding window refuses anything beyond N in
//! any second, and the test asserts it refused nothing), but 4 × 10
//! requests take about 2 s instead of 40. The queue-timeout test does use
//! 1 request/second.

use crate::common::limited_api;
use crate::common::proxy::Proxy;
use crate::common::upstream::{gateway_app, gateway_config, spec, user_token};
use crate::common::{Options, TestApp, by, error_of, hooked_app, spawn_app, spawn_with};
use chartgate_core::admin;
use chartgate_server::gateway::{BrokerConfig, GatewayConfig, RefreshTokenSource};
use chartgate_testkit::hooked::Hold;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An upstream sandbox, its account's refresh token in a file, and a
/// broker in front of it (at `url`, when given: a proxy in between).
struct Setup {
    upstream: TestApp,
    broker: TestApp,
    _dir: tempfile::TempDir,
}

async fn upstream_with_account(rps: u32) -> (TestApp, tempfile::TempDir, PathBuf) {
    account_on(spawn_app().await, rps).await
}

async fn account_on(upstream: TestApp, rps: u32) -> (TestApp, tempfile::TempDir, PathBuf) {
    upstream.plan("account", rps, 10, "api").await;
    let refresh = upstream.user("broker-account", "account").await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("upstream-refresh-token");
    std::fs::write(&token_file, format!("{refresh}\n")).unwrap();
    (upstream, dir, token_file)
}

fn broker_config(url: &str, token_file: &Path, rps: u32, tables: &[(&str, &str)]) -> GatewayConfig {
    let specs: Vec<_> = tables.iter().map(|(prefix, scope)| spec(prefix, url, scope)).collect();
    let mut config = gateway_config(&specs);
    let mut broker = BrokerConfig::new(RefreshTokenSource::File(token_file.to_path_buf()));
    broker.rps = Some(rps);
    config.broker = Some(broker);
    config
}

async fn setup(rps: u32, tweak: impl FnOnce(&mut GatewayConfig)) -> Setup {
    let (upstream, dir, token_file) = upstream_with_account(rps).await;
    let mut config = broker_config(&upstream.base, &token_file, rps, &[("/api", "api")]);
    tweak(&mut config);
    let broker = gateway_app(config).await;
    Setup { upstream, broker, _dir: dir }
}

/// A counter of an app's `/metrics` (0 when absent).
async fn metric(app: &TestApp, series: &str) -> u64 {
    let text = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .map_or(0, |v| v.trim().parse::<f64>().unwrap() as u64)
}

const MINTS: &str = r#"chartgate_token_mints_total{outcome="ok"}"#;
/// The broker's own count of its upstream mints, and of those that failed.
const UPSTREAM_MINTS: &str = "chartgate_upstream_token_mints_total";
const UPSTREAM_MINT_FAILURES: &str = "chartgate_upstream_token_mint_failures_total";
const SENT: &str = r#"chartgate_upstream_queue_total{upstream="/api",outcome="sent"}"#;
const PAUSES: &str = r#"chartgate_upstream_pauses_total{upstream="/api"}"#;
const ALLOWED: &str = r#"chartgate_rate_limit_decisions_total{budget="data",decision="allowed"}"#;
const REFUSED: &str = r#"chartgate_rate_limit_decisions_total{budget="data",decision="refused"}"#;
const ARTIST: &str = "/api/artist/206557";

/// Fires `per_user` concurrent GETs of `path` for each token; statuses and
/// when each finished.
async fn fire(app: &TestApp, tokens: &[String], per_user: usize, path: &str) -> Vec<(usize, u16, Duration)> {
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (user, token) in tokens.iter().enumerate() {
        for _ in 0..per_user {
            let (http, url, token) = (app.http.clone(), app.url(path), token.clone());
            set.spawn(async move {
                let res = http.get(url).bearer_auth(token).send().await.unwrap();
                (user, res.status().as_u16(), started.elapsed())
            });
        }
    }
    set.join_all().await
}

#[tokio::test]
async fn four_users_times_ten_concurrent_requests_all_get_200_at_the_upstream_plans_pace_with_one_mint() {
    let s = setup(20, |_| {}).await;
    let mut tokens = Vec::new();
    for i in 0..4 {
        tokens.push(user_token(&s.broker, &format!("member{i}"), 100, "api").await);
    }
    let started = Instant::now();
    let done = fire(&s.broker, &tokens, 10, ARTIST).await;
    let took = started.elapsed();
    assert!(done.iter().all(|(_, status, _)| *status == 200), "{done:?}");
    // 20 go at once, the other 20 one window (1 s + margin) later.
    assert!(took >= Duration::from_secs(1), "40 requests at 20/s took only {took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    // The broker grants at most 20 slots per 1.1 s (the pacer's own test
    // proves it on grant times); the upstream counts arrivals, which the
    // scheduling of a loaded test machine can bunch: a request it refuses
    // pauses the queue and is queued again, so every client still gets 200.
    let refused = metric(&s.upstream, REFUSED).await;
    assert!(refused <= 2, "the upstream refused {refused}: the broker did not keep to the plan");
    assert_eq!(metric(&s.upstream, ALLOWED).await, 40);
    assert_eq!(metric(&s.upstream, MINTS).await, 1, "one mint for all 40 requests");
    assert_eq!(metric(&s.broker, UPSTREAM_MINTS).await, 1, "the broker counts the one mint it made");
    assert_eq!(metric(&s.broker, UPSTREAM_MINT_FAILURES).await, 0);
}

/// The upstream holds the broker's first mint until all 40 first requests
/// are past the queue and waiting for a token: they share that one mint.
#[tokio::test]
async fn forty_concurrent_first_requests_share_one_upstream_mint() {
    let (upstream, hooked, _db) = hooked_app(|_| {}).await;
    let (upstream, _dir, token_file) = account_on(upstream, 100).await;
    let broker = gateway_app(broker_config(&upstream.base, &token_file, 100, &[("/api", "api")])).await;
    let token = user_token(&broker, "member", 100, "api").await;
    assert_eq!(metric(&broker, UPSTREAM_MINTS).await, 0, "nothing minted before the first request");
    let Hold { reached, release } = hooked.hold_next_refresh_lookup();
    let (done, ()) = tokio::join!(fire(&broker, std::slice::from_ref(&token), 40, ARTIST), async {
        reached.await.unwrap();
        // The mint is at the upstream; every request gets past the queue
        // to wait for the token (none can get further without one).
        eventually(&broker, SENT, 40).await;
        let _ = release.send(());
    });
    assert!(done.iter().all(|(_, status, _)| *status == 200), "{done:?}");
    assert_eq!(metric(&upstream, MINTS).await, 1, "the upstream saw one mint");
    assert_eq!(metric(&broker, UPSTREAM_MINTS).await, 1, "the broker made one");
    assert_eq!(metric(&broker, UPSTREAM_MINT_FAILURES).await, 0);
}

/// Waits until a counter of `app`'s `/metrics` reaches `at_least`.
async fn eventually(app: &TestApp, series: &str, at_least: u64) {
    for _ in 0..250 {
        if metric(app, series).await >= at_least {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{series} did not reach {at_least}: {}", metric(app, series).await);
}

#[tokio::test]
async fn one_busy_user_cannot_starve_another() {
    let s = setup(10, |_| {}).await;
    let busy = user_token(&s.broker, "busy", 100, "api").await;
    let quiet = user_token(&s.broker, "quiet", 100, "api").await;
    let (broker, busy) = (&s.broker, [busy]);
    let (flood, single) = tokio::join!(fire(broker, &busy, 25, ARTIST), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        let res = broker.get(ARTIST, &quiet).await;
        (res.status().as_u16(), started.elapsed())
    });
    assert!(flood.iter().all(|(_, s, _)| *s == 200), "{flood:?}");
    let last = flood.iter().map(|(_, _, t)| *t).max().unwrap();
    assert_eq!(single.0, 200);
    // The quiet user's one request goes in the next window's first slots,
    // not after the 15 the busy user queued before it.
    assert!(single.1 < Duration::from_millis(1600), "the quiet user waited {:?}", single.1);
    assert!(last > Duration::from_secs(2), "the busy user's last took {last:?}");
}

#[tokio::test]
async fn past_the_queue_timeout_a_request_gets_429_with_an_honest_reset() {
    let s = setup(1, |c| {
        if let Some(b) = &mut c.broker {
            b.queue_timeout = Duration::from_millis(400);
        }
    })
    .await;
    let token = user_token(&s.broker, "member", 100, "api").await;
    // The token is minted, one slot used: the next window is a second away.
    assert_eq!(s.broker.get(ARTIST, &token).await.status(), 200);
    let started = Instant::now();
    let res = s.broker.get(ARTIST, &token).await;
    assert_eq!(res.status(), 429);
    assert!(started.elapsed() < Duration::from_secs(2));
    let reset: u64 = res.headers()["x-ratelimit-reset"].to_str().unwrap().parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(reset >= now && reset <= now + 3, "reset {reset} vs now {now}");
    assert_eq!(res.headers()["x-ratelimit-limit"], "1", "the upstream plan's figures");
    assert!(error_of(res).await.contains("upstream"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(s.broker.get(ARTIST, &token).await.status(), 200, "and at the reset it goes through");
    assert_eq!(metric(&s.upstream, REFUSED).await, 0);
}

#[tokio::test]
async fn cache_hits_reach_no_upstream_and_are_shared_only_between_users_the_scope_allows() {
    let (upstream, _dir, token_file) = upstream_with_account(20).await;
    let mut config = broker_config(&upstream.base, &token_file, 20, &[("/api", "api"), ("/api/artist", "artist:read")]);
    if let Some(b) = &mut config.broker {
        b.cache_ttl = Some(Duration::from_secs(60));
    }
    let broker = gateway_app(config).await;
    let first = user_token(&broker, "first", 100, "artist:read").await;
    let second = user_token(&broker, "second", 100, "artist:read chart:read").await;
    let charts = user_token(&broker, "charts", 100, "chart:read").await;

    let miss = broker.get(ARTIST, &first).await;
    assert_eq!(miss.status(), 200);
    assert_eq!(miss.headers()["x-cache"], "MISS");
    let miss_body: Value = miss.json().await.unwrap();
    let hit = broker.get(ARTIST, &second).await;
    assert_eq!(hit.status(), 200);
    assert_eq!(hit.headers()["x-cache"], "HIT");
    assert!(hit.headers().contains_key("x-ratelimit-remaining"), "a hit is charged like any answer");
    assert_eq!(hit.json::<Value>().await.unwrap(), miss_body);
    assert_eq!(metric(&upstream, ALLOWED).await, 1, "the hit reached no upstream");

    let refused = broker.get(ARTIST, &charts).await;
    assert_eq!(refused.status(), 403, "a user whose scope does not allow the route gets no cached answer");
    error_of(refused).await;
    let other = broker.get("/api/artist/206557?x=1", &first).await;
    assert_eq!(other.headers()["x-cache"], "MISS", "keyed by path and query");
}

/// The upstream rotates refresh tokens here (an option of chartgate, not
/// of the real API): each mint's new token is written to the file, and the
/// re-mint after the 401 uses the rotated one.
#[tokio::test]
async fn an_upstream_401_re_mints_once_with_the_rotated_refresh_token_and_the_requests_succeed() {
    let mut opts = Options::default();
    opts.config.rotate_refresh_tokens = true;
    let (upstream, _dir, token_file) = account_on(spawn_with(opts).await, 20).await;
    let original = std::fs::read_to_string(&token_file).unwrap();
    let broker = gateway_app(broker_config(&upstream.base, &token_file, 20, &[("/api", "api")])).await;
    let token = user_token(&broker, "member", 100, "api").await;
    assert_eq!(broker.get(ARTIST, &token).await.status(), 200);
    assert_eq!(metric(&upstream, MINTS).await, 1);
    let rotated = changed(&token_file, &original).await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Disabling and enabling the account ends its access tokens upstream;
    // its (rotated) refresh token still mints.
    let account = "broker-account".parse().unwrap();
    admin::set_enabled(&*upstream.store, &account, false, &by()).await.unwrap();
    admin::set_enabled(&*upstream.store, &account, true, &by()).await.unwrap();
    upstream.settle().await;
    let done = fire(&broker, &[token], 5, ARTIST).await;
    assert!(done.iter().all(|(_, status, _)| *status == 200), "{done:?}");
    assert_eq!(metric(&upstream, MINTS).await, 2, "one re-mint for every request that saw the 401");
    assert_eq!(metric(&broker, UPSTREAM_MINTS).await, 2);
    changed(&token_file, &rotated).await;
}

/// The file's text once it differs from `was` (the SDK saves a rotated
/// token from a task of its own, just after the mint).
async fn changed(file: &Path, was: &str) -> String {
    for _ in 0..100 {
        let now = std::fs::read_to_string(file).unwrap();
        if now != was {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the rotated refresh token was not saved to {}", file.display());
}

#[tokio::test]
async fn an_upstream_gone_stalled_or_restarted_gives_502_or_504_json_then_recovers() {
    let (upstream, dir, token_file) = upstream_with_account(20).await;
    let proxy = Proxy::start(upstream.addr).await;
    let mut config = broker_config(&format!("http://{}", proxy.addr), &token_file, 20, &[("/api", "api")]);
    config.response_timeout = Duration::from_millis(500);
    let broker = gateway_app(config).await;
    let token = user_token(&broker, "member", 100, "api").await;
    assert_eq!(broker.get(ARTIST, &token).await.status(), 200);

    proxy.stall();
    let started = Instant::now();
    let res = broker.get(ARTIST, &token).await;
    assert_eq!(res.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(3));
    error_of(res).await;
    proxy.unstall();
    recovers(&broker, &token).await;

    proxy.cut();
    let res = broker.get(ARTIST, &token).await;
    assert_eq!(res.status(), 502);
    error_of(res).await;
    proxy.restore();
    recovers(&broker, &token).await;

    let (db_path, _kept) = upstream.stop().await;
    let res = broker.get(ARTIST, &token).await;
    assert_eq!(res.status(), 502);
    error_of(res).await;
    let restarted = spawn_with(Options { db_path: Some(db_path), ..Options::default() }).await;
    proxy.retarget(restarted.addr);
    recovers(&broker, &token).await;
    assert_eq!(metric(&restarted, MINTS).await, 0, "the access token outlived the upstream's restart");
    drop(dir);
}

/// The broker answers 200 again within a few tries (a pooled connection
/// the upstream closed may fail once).
async fn recovers(broker: &TestApp, token: &str) {
    for _ in 0..10 {
        if broker.get(ARTIST, token).await.status() == 200 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the broker did not recover");
}

/// `n` broker instances in front of `url`, sharing one Redis under a key
/// prefix of this test's own, with a member's access token on each; `None`
/// without Redis (outside CI).
async fn brokers_sharing_redis(n: usize, url: &str, token_file: &Path, rps: u32) -> Option<Vec<(TestApp, String)>> {
    use chartgate_memory::{Failover, OnFailure};
    use chartgate_redis::RedisLimiter;
    let redis = chartgate_testkit::services::redis_url()?;
    let prefix = format!("cgtest:broker:{:016x}", rand::random::<u64>());
    let mut brokers = Vec::new();
    for _ in 0..n {
        let limiter = RedisLimiter::connect_lazy(&redis, &prefix, Duration::from_millis(250)).await.unwrap();
        let instances = u32::try_from(n).unwrap();
        let limiter = Arc::new(Failover::new(Arc::new(limiter), OnFailure::Open { instances }));
        let mut opts = Options { limiter: Some(limiter), ..Options::default() };
        opts.config.gateway = Some(broker_config(url, token_file, rps, &[("/api", "api")]));
        let broker = spawn_with(opts).await;
        let token = user_token(&broker, "member", 100, "api").await;
        brokers.push((broker, token));
    }
    Some(brokers)
}

/// Two broker instances share the upstream budget through Redis: together
/// they send no more than the plan allows (skipped without Redis, outside CI).
#[tokio::test]
async fn two_brokers_sharing_redis_send_no_more_than_the_plan_together() {
    let (upstream, _dir, token_file) = upstream_with_account(20).await;
    let Some(brokers) = brokers_sharing_redis(2, &upstream.base, &token_file, 20).await else { return };
    let [(a, a_token), (b, b_token)] = &brokers[..] else { unreachable!() };
    let started = Instant::now();
    let (a, b) = tokio::join!(
        fire(a, std::slice::from_ref(a_token), 20, ARTIST),
        fire(b, std::slice::from_ref(b_token), 20, ARTIST)
    );
    assert!(a.iter().chain(&b).all(|(_, status, _)| *status == 200), "{a:?} {b:?}");
    assert!(started.elapsed() >= Duration::from_secs(1), "40 requests at 20/s in {:?}", started.elapsed());
    // As in the test of one broker: arrivals bunched by scheduling at most.
    let refused = metric(&upstream, REFUSED).await;
    assert!(refused <= 2, "the upstream refused {refused}: the brokers did not keep to the plan together");
    assert_eq!(metric(&upstream, ALLOWED).await, 40);
    assert_eq!(metric(&upstream, MINTS).await, 2, "one mint per instance");
}

/// One broker's upstream 429 pauses every broker sharing its Redis: the
/// other sends nothing until the 429's reset, though it never saw a 429
/// (skipped without Redis, outside CI).
#[tokio::test]
async fn an_upstream_429_one_broker_saw_holds_back_every_broker_sharing_redis_until_its_reset() {
    let api = limited_api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("upstream-refresh-token");
    std::fs::write(&token_file, "upstream-refresh\n").unwrap();
    let Some(brokers) = brokers_sharing_redis(2, &api.url, &token_file, 10).await else { return };
    let [(a, a_token), (b, b_token)] = &brokers[..] else { unreachable!() };
    let (first, second) = tokio::join!(a.get(ARTIST, a_token), async {
        // The first broker got the 429 and has paused (shared it) before
        // the second is asked for anything.
        eventually(a, PAUSES, 1).await;
        b.get(ARTIST, b_token).await
    });
    assert_eq!(second.status(), 200);
    assert_eq!(first.status(), 200, "queued again after the pause, and sent");
    let (reset, arrivals) = {
        let log = api.log.lock();
        (log.reset.expect("the upstream sent its 429"), log.arrivals.clone())
    };
    let reset_us = reset * 1_000_000;
    assert_eq!(arrivals.len(), 2, "the second broker's request and the first's replay");
    for arrived in arrivals {
        assert!(arrived >= reset_us, "a request arrived {} ms before the reset", (reset_us - arrived) / 1000);
    }
    assert_eq!(metric(b, PAUSES).await, 0, "the second broker saw no 429 itself");
}
