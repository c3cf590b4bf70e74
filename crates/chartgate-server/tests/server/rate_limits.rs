//! Per-user rate limits over real HTTP: the data budget with its
//! `X-RateLimit-*` headers, the separate mint budget, and the per-address
//! limit on failed mints.
//!
//! Exact figures come from apps on a manual clock (time stands still until a
//! test moves it); the tests on the real clock bound what they assert by what
//! the client can observe.

use crate::common::*;
use chartgate_core::{RefreshToken, Rule, UnixTime};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Barrier;

const ARTIST: &str = "/api/artist/206557";
const SECOND: Duration = Duration::from_secs(1);
/// How much later than its decision a reply may arrive at the client, beyond
/// the fastest, on a loaded 2-core machine.
const JITTER_US: u64 = 100_000;

/// One reply, with the system-clock times just before the request was sent
/// and just after its headers arrived: the server decided in between.
struct Timed {
    sent: UnixTime,
    received: UnixTime,
    res: reqwest::Response,
}

/// `n` requests with the same token, all in flight at once.
async fn burst(app: &TestApp, path: &str, access: &str, n: usize) -> Vec<Timed> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let req = app.http.get(app.url(path)).bearer_auth(access);
        tasks.spawn(async move {
            let sent = system_now();
            let res = req.send().await.expect("send");
            Timed { sent, received: system_now(), res }
        });
    }
    tasks.join_all().await
}

fn count(replies: &[Timed], status: u16) -> usize {
    replies.iter().filter(|t| t.res.status() == status).count()
}

async fn assert_rate_limited(res: reqwest::Response, retry_after: u64) {
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after_of(&res), retry_after);
    let message = error_of(res).await;
    assert!(message.contains("rate limit"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_requests_at_once_on_a_two_per_second_plan_get_two_200s_and_eight_429s() {
    let app = spawn_manual().await;
    let (_, access) = app.user_on_plan("duo", 2, 10, "api").await;
    let t = app.manual_now();
    let replies = burst(&app, ARTIST, &access, 10).await;
    assert_eq!((count(&replies, 200), count(&replies, 429)), (2, 8));
    let mut ok_remaining = Vec::new();
    for Timed { res, .. } in replies {
        let rl = rate_limit_of(&res);
        assert_eq!(rl.limit, 2);
        if res.status() == 200 {
            // The first has one left and could be followed at once; the
            // second used the last and the next fits when the first leaves.
            let next_free = if rl.remaining == 1 { t } else { t.plus(SECOND) };
            assert_eq!(rl.reset, next_free.as_secs_ceil(), "{rl:?}");
            ok_remaining.push(rl.remaining);
        } else {
            assert_eq!((rl.remaining, rl.reset), (0, t.plus(SECOND).as_secs_ceil()));
            assert_rate_limited(res, 1).await;
        }
    }
    ok_remaining.sort_unstable();
    assert_eq!(ok_remaining, [0, 1], "Remaining counts the request itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sleeps_until_x_ratelimit_reset_is_served_again() {
    let app = spawn_app().await;
    let (_, access) = app.user_on_plan("sleeper", 2, 10, "api").await;
    let replies = burst(&app, ARTIST, &access, 10).await;
    let first_sent = replies.iter().map(|t| t.sent).min().unwrap();
    let last_received = replies.iter().map(|t| t.received).max().unwrap();
    let span = last_received.as_micros() - first_sent.as_micros();
    let ok = count(&replies, 200);
    if span < 1_000_000 {
        // Every decision fell inside one second: the limit is exact.
        assert_eq!((ok, count(&replies, 429)), (2, 8));
    } else {
        assert!((2..=2 * (span as usize / 1_000_000 + 1)).contains(&ok), "{ok} accepted in {span} µs");
    }
    let mut resets = Vec::new();
    for Timed { sent, res, .. } in replies {
        let rl = rate_limit_of(&res);
        assert_eq!(rl.limit, 2);
        assert!(rl.reset >= sent.as_secs(), "X-RateLimit-Reset {} lies in the past", rl.reset);
        if res.status() == 429 {
            // The first accepted request was decided between these two.
            let earliest = first_sent.plus(SECOND).as_secs_ceil();
            let latest = last_received.plus(SECOND).as_secs_ceil();
            assert!((earliest..=latest).contains(&rl.reset), "{} not in {earliest}..={latest}", rl.reset);
            assert_eq!(rl.remaining, 0);
            resets.push(rl.reset);
            let retry_after = retry_after_of(&res);
            assert!(retry_after >= 1);
            assert_rate_limited(res, retry_after).await;
        }
    }
    let reset = *resets.iter().max().expect("some 429s");
    let wait = UnixTime::from_secs(reset).as_micros().saturating_sub(system_now().as_micros());
    tokio::time::sleep(Duration::from_micros(wait)).await;
    assert!(system_now().as_secs() >= reset);
    let res = app.get(ARTIST, &access).await;
    assert_eq!(res.status(), 200, "still refused at X-RateLimit-Reset");
}

/// Accepted requests whose decision times are known to lie within one
/// second of each other can number no more than the limit.
fn max_certainly_in_one_window(ok: &[(u64, u64)]) -> usize {
    ok.iter()
        .map(|&(sent, _)| ok.iter().filter(|&&(s, r)| s >= sent && r < sent + 1_000_000).count())
        .max()
        .unwrap_or(0)
}

/// The most arrivals in any window of `window` µs.
fn max_arrivals_in_window(ok: &[(u64, u64)], window: u64) -> usize {
    let mut arrivals: Vec<u64> = ok.iter().map(|&(_, r)| r).collect();
    arrivals.sort_unstable();
    let mut max = 0;
    let mut start = 0;
    for end in 0..arrivals.len() {
        while arrivals[end] - arrivals[start] >= window {
            start += 1;
        }
        max = max.max(end - start + 1);
    }
    max
}

/// One client on its own connection: opens it, waits for the others, then
/// calls `url` every 5 ms for `run`; returns (status, sent, received) in µs.
async fn hammer(url: String, access: String, start: Arc<Barrier>, run: Duration) -> Vec<(u16, u64, u64)> {
    let client = reqwest::Client::new();
    let health = url.replace(ARTIST, "/healthz");
    assert_eq!(client.get(&health).send().await.expect("send").status(), 200);
    start.wait().await;
    let until = tokio::time::Instant::now() + run;
    let mut seen = Vec::new();
    while tokio::time::Instant::now() < until {
        let sent = system_now().as_micros();
        let res = client.get(&url).bearer_auth(&access).send().await.expect("send");
        let received = system_now().as_micros();
        let status = res.status().as_u16();
        let _ = res.bytes().await;
        seen.push((status, sent, received));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_on_one_user_never_get_more_than_the_plan_in_any_second() {
    const N: usize = 10;
    let app = spawn_app().await;
    let (_, access) = app.user_on_plan("crowd", N as u32, 100, "api").await;
    let (_, fresh) = app.user_on_plan("warmer", 1, 2, "api").await;
    // Warm the catalog so no accepted request waits on the database.
    assert_eq!(app.get(ARTIST, &fresh).await.status(), 200);
    let start = Arc::new(Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        tasks.spawn(hammer(app.url(ARTIST), access.clone(), Arc::clone(&start), Duration::from_secs(3)));
    }
    let seen: Vec<_> = tasks.join_all().await.into_iter().flatten().collect();
    assert!(seen.iter().all(|&(s, ..)| s == 200 || s == 429), "only 200 and 429");
    let ok: Vec<(u64, u64)> = seen.iter().filter(|t| t.0 == 200).map(|&(_, s, r)| (s, r)).collect();
    let first = seen.iter().map(|t| t.1).min().unwrap();
    let last = seen.iter().map(|t| t.2).max().unwrap();
    let whole_seconds = ((last - first) / 1_000_000) as usize;
    // Every decision fell in [first, last], which that many windows cover.
    assert!(ok.len() <= N * (whole_seconds + 1), "{} accepted in {} µs", ok.len(), last - first);
    assert!(ok.len() >= N * 2, "only {} of {} accepted", ok.len(), seen.len());
    // Exact: no slack is needed where the send and receive times prove it.
    assert!(max_certainly_in_one_window(&ok) <= N);
    // Arrival times lag the decisions by a varying few milliseconds, and the
    // server accepts in bursts as old requests leave the window: a burst
    // arriving late and the next arriving early can fall into one client-side
    // second. A window shorter by a jitter allowance, plus 2, is fair.
    let arrivals = max_arrivals_in_window(&ok, 1_000_000 - JITTER_US);
    assert!(arrivals <= N + 2, "{arrivals} arrivals of 200s within {} ms", 1000 - JITTER_US / 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_refused_with_429_uses_up_no_budget() {
    let app = spawn_manual().await;
    let (_, access) = app.user_on_plan("patient", 2, 10, "api").await;
    let t = app.manual_now();
    assert_eq!(count(&burst(&app, ARTIST, &access, 2).await, 200), 2);
    for step in [Duration::ZERO, Duration::from_millis(500), Duration::from_micros(499_999)] {
        app.advance(step);
        let replies = burst(&app, ARTIST, &access, 20).await;
        assert_eq!(count(&replies, 429), 20, "refused at {step:?}");
        for r in &replies {
            assert_eq!(rate_limit_of(&r.res).reset, t.plus(SECOND).as_secs_ceil());
        }
    }
    // Exactly one second after the two accepted requests, both slots are free
    // again: none of the 60 refused requests was counted.
    app.advance(Duration::from_micros(1));
    let replies = burst(&app, ARTIST, &access, 3).await;
    assert_eq!((count(&replies, 200), count(&replies, 429)), (2, 1));
}

#[tokio::test]
async fn a_400_and_a_404_past_a_valid_token_carry_rate_limit_headers_but_a_401_does_not() {
    let app = spawn_app().await;
    let (_, access) = app.user_on_plan("clumsy", 10, 20, "api").await;
    let res = app.get("/api/artist/999999999", &access).await;
    assert_eq!(res.status(), 404);
    assert_eq!(rate_limit_of(&res).remaining, 9);
    error_of(res).await;
    let res = app.get("/api/artist/not-a-number", &access).await;
    assert_eq!(res.status(), 400);
    assert_eq!(rate_limit_of(&res).remaining, 8);
    error_of(res).await;
    let res = app.get(ARTIST, "not.a.jwt").await;
    assert_eq!(res.status(), 401);
    assert!(!has_rate_limit_headers(&res));
    let res = app.http.get(app.url(ARTIST)).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(!has_rate_limit_headers(&res));
}

// ---- the mint budget ----

#[tokio::test]
async fn the_mint_response_carries_rate_limit_headers_for_the_mint_budget() {
    let app = spawn_manual().await;
    app.plan("minty", 1, 3, "api").await;
    let refresh = app.user("minty", "minty").await;
    let t = app.manual_now();
    for (remaining, next_free) in [(2, t), (1, t), (0, t.plus(SECOND))] {
        let res = app.mint_raw(&refresh).await;
        assert_eq!(res.status(), 200);
        let want = RateLimit { limit: 3, remaining, reset: next_free.as_secs_ceil() };
        assert_eq!(rate_limit_of(&res), want);
    }
}

#[tokio::test]
async fn minting_faster_than_mint_rps_gets_429_with_headers_and_retry_after() {
    let app = spawn_manual().await;
    app.plan("greedy", 1, 3, "api").await;
    let refresh = app.user("greedy", "greedy").await;
    let t = app.manual_now();
    for _ in 0..3 {
        app.mint(&refresh).await;
    }
    app.advance(Duration::from_millis(250));
    let res = app.mint_raw(&refresh).await;
    let want = RateLimit { limit: 3, remaining: 0, reset: t.plus(SECOND).as_secs_ceil() };
    assert_eq!(rate_limit_of(&res), want);
    assert_rate_limited(res, 1).await;
    app.advance(Duration::from_millis(750));
    app.mint(&refresh).await;
}

#[tokio::test]
async fn minting_does_not_use_up_the_data_budget_nor_data_calls_the_mint_budget() {
    let app = spawn_manual().await;
    app.plan("single", 1, 4, "api").await;
    let refresh = app.user("single", "single").await;
    let mut access = String::new();
    for _ in 0..4 {
        access = app.mint(&refresh).await.token;
    }
    let res = app.get(ARTIST, &access).await;
    assert_eq!(res.status(), 200, "four mints ate the data budget");
    assert_eq!(rate_limit_of(&res), RateLimit { limit: 1, remaining: 0, ..rate_limit_of(&res) });
    // A second later the mint budget is whole again; the data call's slot is
    // not taken from it.
    app.advance(SECOND);
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    for _ in 0..4 {
        app.mint(&refresh).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_minting_twice_before_every_call_runs_at_the_entry_plans_full_rate() {
    let app = spawn_app().await;
    let refresh = app.user("pythonic", "entry").await;
    let started = tokio::time::Instant::now();
    let mut calls = 0;
    let mut next_call = started;
    while started.elapsed() < Duration::from_secs(3) {
        // Paced at one call per second: the next call goes out a full second
        // after the previous one was answered, so after its decision.
        tokio::time::sleep_until(next_call).await;
        let first = app.mint_raw(&refresh).await;
        assert_eq!(first.status(), 200, "first mint refused");
        let access = app.mint(&refresh).await.token;
        let res = app.get(ARTIST, &access).await;
        next_call = tokio::time::Instant::now() + SECOND + Duration::from_millis(10);
        assert_eq!(res.status(), 200, "data call {calls} refused");
        assert_eq!(rate_limit_of(&res).limit, 1);
        calls += 1;
    }
    assert!(calls >= 3, "{calls}");
}

// ---- failed mints per client address ----

/// Ten refresh tokens that name no user: well-formed unknown ones, and
/// malformed ones (wrong shape, wrong checksum).
fn bad_refresh_tokens() -> Vec<String> {
    let mut bad: Vec<String> = (0..4).map(|_| RefreshToken::generate().expose().to_owned()).collect();
    bad.extend(["not-a-refresh-token".into(), "cgrt_tooshort".into(), "Bearer cgrt_x".into()]);
    for _ in 0..3 {
        let mut t = RefreshToken::generate().expose().to_owned();
        let last = t.pop().expect("a non-empty token");
        t.push(if last == 'a' { 'b' } else { 'a' });
        bad.push(t);
    }
    bad
}

async fn assert_mint_status(app: &TestApp, refresh: &str, status: u16) -> String {
    let res = app.mint_raw(refresh).await;
    assert_eq!(res.status(), status, "mint with {refresh:?}");
    if status == 429 {
        assert!(retry_after_of(&res) >= 1);
        assert_eq!(rate_limit_of(&res).limit, 10);
    }
    error_of(res).await
}

#[tokio::test]
async fn ten_bad_refresh_tokens_from_one_address_get_401_then_429() {
    let app = spawn_app().await;
    for bad in bad_refresh_tokens() {
        assert_mint_status(&app, &bad, 401).await;
    }
    for bad in bad_refresh_tokens().iter().take(3) {
        let message = assert_mint_status(&app, bad, 429).await;
        assert!(message.contains("failed token mints"), "{message}");
    }
}

#[tokio::test]
async fn a_blocked_address_gets_401s_again_once_its_window_passes() {
    let app = spawn_manual().await;
    for bad in bad_refresh_tokens() {
        assert_mint_status(&app, &bad, 401).await;
    }
    assert_mint_status(&app, &bad_refresh_tokens()[0], 429).await;
    app.advance(Duration::from_secs(59));
    assert_mint_status(&app, &bad_refresh_tokens()[0], 429).await;
    app.advance(SECOND);
    assert_mint_status(&app, &bad_refresh_tokens()[0], 401).await;
}

#[tokio::test]
async fn successful_mints_never_count_as_failed_ones() {
    let app = spawn_manual().await;
    app.plan("busy", 1, 50, "api").await;
    let refresh = app.user("busy", "busy").await;
    let bad = bad_refresh_tokens();
    for bad in &bad {
        for _ in 0..4 {
            app.mint(&refresh).await;
        }
        assert_mint_status(&app, bad, 401).await;
    }
    assert_mint_status(&app, &bad[0], 429).await;
}

#[tokio::test]
async fn a_smaller_failed_mint_rule_from_the_config_applies() {
    let mut opts = Options::default();
    opts.config.failed_mint_rule = Rule { limit: 2, window: Duration::from_secs(5) };
    let app = spawn_with(opts).await;
    let bad = RefreshToken::generate().expose().to_owned();
    for _ in 0..2 {
        assert_eq!(app.mint_raw(&bad).await.status(), 401);
    }
    let res = app.mint_raw(&bad).await;
    assert_eq!(rate_limit_of(&res).limit, 2);
    assert!((1..=5).contains(&retry_after_of(&res)));
    assert_eq!(res.status(), 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_bad_refresh_tokens_at_once_still_get_only_ten_401s() {
    let app = spawn_app().await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let req = app.http.post(app.url("/api/token"));
        let body = serde_json::json!({ "refreshtoken": RefreshToken::generate().expose() });
        tasks.spawn(async move { req.json(&body).send().await.expect("send").status().as_u16() });
    }
    let statuses = tasks.join_all().await;
    let count = |s| statuses.iter().filter(|&&x| x == s).count();
    assert_eq!((count(401), count(429)), (10, 20), "concurrency must not buy more guesses");
}
