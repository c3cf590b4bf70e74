//! Gateway mode against plain upstreams: what is forwarded and how, the
//! identity headers, hop-by-hop headers, streaming in bounded memory,
//! timeouts, prefixes and scopes, rate-limit headers.

use crate::common::upstream::{Counted, gateway_app, gateway_config, spec, upstream, user_token};
use crate::common::{error_of, raw_exchange};
use chartgate_server::gateway::Secret;
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

async fn echo_of(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["obj"].clone()
}

#[tokio::test]
async fn a_forwarded_request_keeps_method_path_query_and_body_and_carries_identity_not_credentials() {
    let up = upstream("plain").await;
    let mut config = gateway_config(&[spec("/api", &up.url, "api")]);
    config.secret = Some(Secret::new("s3cret-shared"));
    let app = gateway_app(config).await;
    let token = user_token(&app, "alice", 50, "api").await;
    let res = app
        .http
        .post(app.url("/api/things/7/notes/?x=1&y=%20z"))
        .bearer_auth(&token)
        .header("x-chartgate-user", "mallory")
        .header("x-chartgate-secret", "guessed")
        .header("x-custom", "passes")
        .body("hello upstream")
        .send()
        .await
        .unwrap();
    for h in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
        assert!(res.headers().contains_key(h), "{h}");
    }
    assert_eq!(res.headers()["x-upstream"], "plain", "the upstream's own headers come back");
    let echo = echo_of(res).await;
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/api/things/7/notes/", "the path goes as sent, trailing slash included");
    assert_eq!(echo["query"], "x=1&y=%20z");
    assert_eq!(echo["body_bytes"], 14);
    let h = &echo["headers"];
    assert_eq!(h["x-chartgate-user"], "alice");
    assert_eq!(h["x-chartgate-plan"], "plan-alice");
    assert_eq!(h["x-chartgate-scope"], "api");
    assert_eq!(h["x-chartgate-secret"], "s3cret-shared");
    assert_eq!(h["x-custom"], "passes");
    assert!(h.get("authorization").is_none(), "the caller's token never reaches the upstream: {h}");
    assert_eq!(h["host"], up.addr.to_string(), "the upstream's own host");
}

#[tokio::test]
async fn hop_by_hop_headers_are_stripped_both_ways() {
    let up = upstream("plain").await;
    let app = gateway_app(gateway_config(&[spec("/api", &up.url, "api")])).await;
    let token = user_token(&app, "alice", 50, "api").await;
    let request = format!(
        "GET /api/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close, X-Hop\r\n\
         X-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic eA==\r\nTE: trailers\r\n\
         Proxy-Connection: keep-alive\r\nX-End-To-End: kept\r\n\r\n"
    );
    let raw = raw_exchange(app.addr, request.as_bytes()).await;
    assert_eq!(raw.status, Some(200), "{}", raw.head);
    let echo: Value = serde_json::from_slice(&raw.body).unwrap();
    let h = echo["obj"]["headers"].as_object().unwrap();
    for gone in ["x-hop", "keep-alive", "proxy-authorization", "te", "proxy-connection", "authorization"] {
        assert!(!h.contains_key(gone), "{gone} reached the upstream: {h:?}");
    }
    assert_eq!(h["x-end-to-end"], "kept");

    let res = app.get("/api/hop", &token).await;
    assert_eq!(res.status(), 200);
    for gone in ["x-hop-answer", "keep-alive", "proxy-authenticate"] {
        assert!(!res.headers().contains_key(gone), "{gone} came back: {:?}", res.headers());
    }
    assert_eq!(res.headers()["x-end-to-end"], "kept");
}

/// 50 MB up and 50 MB down through the gateway, neither ever held: the
/// bytes in flight (sent by one end, not yet received by the other) stay far
/// below the body's size. A gateway that buffered a whole body would show a
/// gap of the whole body.
#[tokio::test]
async fn a_50_mb_body_streams_both_ways_without_being_held() {
    const SIZE: u64 = 50 * 1024 * 1024;
    const BOUND: u64 = 16 * 1024 * 1024;
    let up = upstream("plain").await;
    let app = gateway_app(gateway_config(&[spec("/api", &up.url, "api")])).await;
    let token = user_token(&app, "alice", 50, "api").await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();

    let received = Arc::clone(&up.seen);
    let (sent, gap) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (sent2, gap2) = (Arc::clone(&sent), Arc::clone(&gap));
    let upload = Counted::new(SIZE, move |n| {
        let sent = sent2.fetch_add(n, Ordering::SeqCst) + n;
        gap2.fetch_max(sent.saturating_sub(received.received.load(Ordering::SeqCst)), Ordering::SeqCst);
    });
    let req = http::Request::put(app.url("/api/upload"))
        .header("authorization", format!("Bearer {token}"))
        .body(upload)
        .unwrap();
    let res = client.request(req).await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let echo: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(echo["obj"]["body_bytes"], SIZE);
    let upload_gap = gap.load(Ordering::SeqCst);
    assert!(upload_gap < BOUND, "upload: {upload_gap} bytes were in flight at once");

    let download = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http();
    let req = http::Request::get(app.url(&format!("/api/big/{SIZE}")))
        .header("authorization", format!("Bearer {token}"))
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .unwrap();
    let res = download.request(req).await.unwrap();
    assert_eq!(res.status(), 200);
    let mut body = res.into_body();
    let mut total = 0u64;
    while let Some(frame) = body.frame().await {
        if let Some(data) = frame.unwrap().data_ref() {
            total += data.len() as u64;
            up.seen.consumed.fetch_add(data.len() as u64, Ordering::SeqCst);
        }
    }
    assert_eq!(total, SIZE);
    let download_gap = up.seen.max_download_gap.load(Ordering::SeqCst);
    assert!(download_gap < BOUND, "download: {download_gap} bytes were in flight at once");
}

#[tokio::test]
async fn an_unreachable_upstream_gets_502_json_a_stalled_one_504_json_and_readyz_says_which() {
    let up = upstream("plain").await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let mut config =
        gateway_config(&[spec("/api", &up.url, "api"), spec("/api/gone", &format!("http://{closed}"), "api")]);
    config.response_timeout = Duration::from_millis(300);
    let app = gateway_app(config).await;
    let token = user_token(&app, "alice", 50, "api").await;

    let res = app.get("/api/gone/1", &token).await;
    assert_eq!(res.status(), 502);
    assert!(res.headers().contains_key("x-ratelimit-remaining"));
    assert_eq!(error_of(res).await, "bad gateway");

    let started = Instant::now();
    let res = app.get("/api/stall", &token).await;
    assert_eq!(res.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(5), "a stalled upstream never hangs a request");
    assert!(error_of(res).await.contains("gateway timeout"));

    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["upstreams"]["/api"], "ok");
    assert_eq!(body["upstreams"]["/api/gone"], "unavailable");

    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(r#"chartgate_upstream_errors_total{upstream="/api/gone",outcome="unreachable"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"chartgate_upstream_errors_total{upstream="/api",outcome="timeout"} 1"#), "{metrics}");
}

#[tokio::test]
async fn the_longest_prefix_wins_and_each_upstream_asks_for_its_own_scope() {
    let (a, b) = (upstream("a").await, upstream("b").await);
    let app = gateway_app(gateway_config(&[
        spec("/api/", &a.url, "chart:read"),
        spec("/api/artist", &b.url, "artist:read"),
        spec("/api/artist/special", &a.url, "chart:read"),
    ]))
    .await;
    let both = user_token(&app, "both", 50, "chart:read artist:read").await;
    let charts = user_token(&app, "charts", 50, "chart:read").await;
    for (path, expected) in [
        ("/api/artist/1", "b"),
        ("/api/artist", "b"),
        ("/api/artists", "a"),
        ("/api/artist/special/2", "a"),
        ("/api/charts/x", "a"),
    ] {
        let echo = echo_of(app.get(path, &both).await).await;
        assert_eq!(echo["upstream"], expected, "{path}");
    }
    let echo = echo_of(app.get("/api/artist/1", &both).await).await;
    assert_eq!(echo["headers"]["x-chartgate-scope"], "chart:read artist:read");

    let before = b.seen.requests.load(Ordering::SeqCst);
    let res = app.get("/api/artist/1", &charts).await;
    assert_eq!(res.status(), 403);
    assert!(res.headers().contains_key("x-ratelimit-limit"));
    assert!(error_of(res).await.contains("artist:read"));
    assert_eq!(b.seen.requests.load(Ordering::SeqCst), before, "a refused request reaches no upstream");
    assert_eq!(app.get("/api/artists", &charts).await.status(), 200);
}

#[tokio::test]
async fn every_forwarded_answer_carries_the_plans_figures_and_429_stops_before_the_upstream() {
    let up = upstream("plain").await;
    let app = gateway_app(gateway_config(&[spec("/api", &up.url, "api")])).await;
    let token = user_token(&app, "alice", 2, "api").await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let res = app.get("/api/x", &token).await;
        statuses.push(res.status().as_u16());
        assert_eq!(res.headers()["x-ratelimit-limit"], "2");
        if res.status() == 429 {
            let reset: u64 = res.headers()["x-ratelimit-reset"].to_str().unwrap().parse().unwrap();
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
            assert!(reset >= now);
            error_of(res).await;
        }
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(up.seen.requests.load(Ordering::SeqCst), 2);
    let res = app.http.get(app.url("/api/x")).send().await.unwrap();
    assert_eq!(res.status(), 401, "no bearer, no forwarding");
}

#[tokio::test]
async fn upstream_answers_come_back_unchanged_errors_included_and_the_sandbox_is_not_served() {
    let up = upstream("plain").await;
    let app = gateway_app(gateway_config(&[spec("/api", &up.url, "api")])).await;
    let token = user_token(&app, "alice", 50, "api").await;
    let res = app.get("/api/status/404", &token).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "text/plain");
    assert_eq!(res.text().await.unwrap(), "plain 404", "not rewritten into chartgate's error body");

    let res = app.get("/api/status/429", &token).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["x-ratelimit-reset"], "4102444800", "an upstream 429 keeps its own reset");

    let echo = echo_of(app.get("/api/artist/206557", &token).await).await;
    assert_eq!(echo["upstream"], "plain", "the sandbox catalog is not served");
    let res = app.get("/docs", &token).await;
    assert_eq!(res.status(), 404);
    error_of(res).await;
    let res = app.http.get(app.url("/api/token")).send().await.unwrap();
    assert_eq!(res.status(), 405, "the token route stays chartgate's");
}
