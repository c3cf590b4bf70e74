//! `X-Chartgate-Fault`: chosen requests fail as asked, when the server runs
//! with sandbox faults on; otherwise the header means nothing.

use crate::common::*;
use std::time::{Duration, Instant};

async fn faulty_app() -> (TestApp, String) {
    let mut opts = Options::default();
    opts.config.sandbox_faults = true;
    let app = spawn_with(opts).await;
    let refresh = app.user("faulty", "standard").await;
    let access = app.mint(&refresh).await.token;
    (app, access)
}

async fn get_with_fault(app: &TestApp, access: &str, fault: &str) -> reqwest::Result<reqwest::Response> {
    app.http.get(app.url("/api/artist/3380")).bearer_auth(access).header("X-Chartgate-Fault", fault).send().await
}

#[tokio::test]
async fn without_sandbox_faults_the_header_is_ignored() {
    let app = spawn_app().await;
    let access = app.mint(&app.user("plain", "standard").await).await.token;
    assert_eq!(get_with_fault(&app, &access, "status=503").await.unwrap().status(), 200);
}

#[tokio::test]
async fn injected_5xx_and_401_answer_as_the_real_failures_do() {
    let (app, access) = faulty_app().await;
    for status in [500, 502, 503] {
        let res = get_with_fault(&app, &access, &format!("status={status}")).await.unwrap();
        assert_eq!(res.status(), status);
        assert!(rate_limit_of(&res).limit > 0, "data replies carry the budget");
        error_of(res).await;
    }
    let res = get_with_fault(&app, &access, "status=401").await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));
    assert!(error_of(res).await.contains("expired"));
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200, "one request only");
}

#[tokio::test]
async fn an_injected_429_carries_honest_rate_limit_headers() {
    let (app, access) = faulty_app().await;
    let res = get_with_fault(&app, &access, "status=429").await.unwrap();
    assert_eq!(res.status(), 429);
    let rl = rate_limit_of(&res);
    assert_eq!((rl.limit, rl.remaining), (5, 0), "the standard plan's limit, none left");
    // Read after the answer: a second may have turned since the server
    // computed its reset (the next second), so "not in the past" is `>=`.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(rl.reset >= now && rl.reset <= now + 2, "reset {} vs now {now}", rl.reset);
    assert!(retry_after_of(&res) >= 1);
}

#[tokio::test]
async fn latency_delays_and_drop_closes_the_connection_unanswered() {
    let (app, access) = faulty_app().await;
    let started = Instant::now();
    assert_eq!(get_with_fault(&app, &access, "latency=300ms").await.unwrap().status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let dropped = get_with_fault(&app, &access, "drop").await;
    assert!(dropped.is_err(), "no answer on a dropped connection: {dropped:?}");
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200, "the server goes on");
}

#[tokio::test]
async fn a_malformed_fault_is_a_400_that_says_why_and_mints_can_fail_too() {
    let (app, access) = faulty_app().await;
    let res = get_with_fault(&app, &access, "status=418").await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(error_of(res).await.contains("X-Chartgate-Fault"));
    let refresh = app.user("minter", "standard").await;
    let mint = app
        .http
        .post(app.url("/api/token"))
        .header("X-Chartgate-Fault", "status=503")
        .json(&serde_json::json!({ "refreshtoken": refresh }))
        .send()
        .await
        .unwrap();
    assert_eq!(mint.status(), 503);
}

#[tokio::test]
async fn a_users_standing_faults_fail_that_fraction_of_its_requests_and_delay_them() {
    let (app, access) = faulty_app().await;
    let name: chartgate_core::UserName = "faulty".parse().unwrap();
    let always = chartgate_core::Faults::new(1.0, 150).unwrap();
    chartgate_core::admin::set_faults(&*app.store, &name, always, &by()).await.unwrap();
    app.settle().await;
    let started = Instant::now();
    for _ in 0..4 {
        let res = app.get("/api/artist/3380", &access).await;
        assert!([429, 500, 502, 503].contains(&res.status().as_u16()), "{}", res.status());
        error_of(res).await;
    }
    assert!(started.elapsed() >= Duration::from_millis(600), "each request waited 150 ms");
    chartgate_core::admin::set_faults(&*app.store, &name, chartgate_core::Faults::NONE, &by()).await.unwrap();
    assert_eq!(app.eventually_status("/api/artist/3380", &access, 200).await.status(), 200);
}

#[tokio::test]
async fn standing_faults_mean_nothing_without_sandbox_faults() {
    let app = spawn_app().await;
    let access = app.mint(&app.user("calm", "standard").await).await.token;
    let name: chartgate_core::UserName = "calm".parse().unwrap();
    chartgate_core::admin::set_faults(&*app.store, &name, chartgate_core::Faults::new(1.0, 0).unwrap(), &by())
        .await
        .unwrap();
    app.settle().await;
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200);
}
