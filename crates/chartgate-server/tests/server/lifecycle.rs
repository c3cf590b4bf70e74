//! The server's life: health checks, restarts on the same database,
//! graceful shutdown, and header names on the wire in their exact case.

use crate::common::*;
use chartgate_core::ManualClock;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const JSON_CT: &str = "application/json; charset=utf-8";
const RATE_HEADERS: [&str; 3] = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

#[tokio::test]
async fn healthz_answers_200_json_without_authentication() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], JSON_CT);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "ok");
}

#[tokio::test]
async fn readyz_answers_200_json_when_the_backends_answer() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], JSON_CT);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "ok", "{v}");
}

#[tokio::test]
async fn after_a_restart_old_access_tokens_work_and_old_refresh_tokens_mint() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get("/api/artist/206557", &access).await.status(), 200);
    let (db_path, _dir) = app.stop().await;

    let app = spawn_with(Options { db_path: Some(db_path), ..Options::default() }).await;
    assert_eq!(app.get("/api/artist/206557", &access).await.status(), 200);
    let again = app.mint(&refresh).await;
    assert_eq!(again.refresh_token, refresh);
    assert_ne!(again.token, access);
    assert_eq!(app.get("/api/artist/206557", &again.token).await.status(), 200);
    app.stop().await;
}

/// Reads from `stream` until `needle` has arrived; returns what was read.
async fn read_until(stream: &mut TcpStream, needle: &[u8]) -> Vec<u8> {
    let mut buf = Vec::new();
    let read = async {
        let mut chunk = [0u8; 1024];
        while find(&buf, needle).is_none() {
            let n = stream.read(&mut chunk).await.expect("read");
            assert!(
                n > 0,
                "connection closed before {:?}: {:?}",
                String::from_utf8_lossy(needle),
                String::from_utf8_lossy(&buf)
            );
            buf.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read).await.expect("timed out waiting for the server");
    buf
}

/// Waits until a new connection to `addr` is refused.
async fn until_refused(addr: SocketAddr) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(tokio::time::Instant::now() < deadline, "the server still accepts connections");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn shutdown_lets_a_slow_request_in_flight_finish_and_then_refuses_connections() {
    let app = spawn_app().await;
    let addr = app.addr;
    let refresh = app.fast_user("alice").await;
    let body = json!({ "refreshtoken": refresh }).to_string();

    // `Expect: 100-continue`: the server says "100 Continue" only once the
    // handler reads the body, so the request is provably in flight.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/token HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let interim = read_until(&mut stream, b"\r\n\r\n").await;
    assert!(interim.starts_with(b"HTTP/1.1 100"), "{:?}", String::from_utf8_lossy(&interim));

    let stopping = tokio::spawn(app.stop());
    until_refused(addr).await;
    assert!(!stopping.is_finished(), "shutdown finished while a request was in flight");

    for chunk in body.as_bytes().chunks(8) {
        stream.write_all(chunk).await.unwrap();
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let res = read_to_close(&mut stream).await;
    assert_eq!(res.status, Some(200), "{}", res.head);
    let v: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(v["refresh_token"], refresh.as_str());
    assert!(v["token"].is_string());

    let (_db, _dir) = tokio::time::timeout(Duration::from_secs(20), stopping)
        .await
        .expect("shutdown finishes once the request is done")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "new connections are refused after shutdown");
}

#[tokio::test]
async fn shutdown_closes_idle_keep_alive_connections_promptly() {
    let app = spawn_app().await;
    let addr = app.addr;
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n").await.unwrap();
    read_until(&mut idle, b"{\"status\":\"ok\"}").await;
    // The connection is now idle and kept alive; shutdown must not wait
    // for the grace period because of it.
    tokio::time::timeout(Duration::from_secs(8), app.stop()).await.expect("shutdown waited on an idle connection");
    let mut rest = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut rest)).await;
    assert!(n.is_ok(), "the idle connection was closed");
}

fn assert_exact_rate_headers(res: &RawResponse) {
    for name in RATE_HEADERS {
        assert!(res.has_exact_header(name), "{name} not on the wire in that case:\n{}", res.head);
        let v = res.header(name).unwrap();
        assert!(v.parse::<u64>().is_ok(), "{name}: {v:?} is not an integer");
    }
}

fn get_request(path: &str, access: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {access}\r\nConnection: close\r\n\r\n")
}

#[tokio::test]
async fn rate_limit_headers_go_on_the_wire_in_their_exact_case() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let body = json!({ "refreshtoken": refresh }).to_string();
    let mint = format!(
        "POST /api/token HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let res = raw_exchange(app.addr, mint.as_bytes()).await;
    assert_eq!(res.status, Some(200), "{}", res.head);
    assert_exact_rate_headers(&res);
    let access = serde_json::from_slice::<Value>(&res.body).unwrap()["token"].as_str().unwrap().to_owned();

    let res = raw_exchange(app.addr, get_request("/api/artist/206557", &access).as_bytes()).await;
    assert_eq!(res.status, Some(200), "{}", res.head);
    assert_exact_rate_headers(&res);

    let res = raw_exchange(app.addr, get_request("/api/artist/999999999", &access).as_bytes()).await;
    assert_eq!(res.status, Some(404), "{}", res.head);
    assert_exact_rate_headers(&res);
}

#[tokio::test]
async fn a_429_carries_the_rate_limit_headers_and_retry_after_in_their_exact_case() {
    // A clock that stands still: the second request surely falls in the
    // first one's window, however slow the machine.
    let clock = Arc::new(ManualClock::starting_now());
    let app = spawn_with(Options { clock: Some(clock), ..Options::default() }).await;
    app.plan("one", 1, 10, "api").await;
    let refresh = app.user("alice", "one").await;
    let access = app.mint(&refresh).await.token;
    let first = raw_exchange(app.addr, get_request("/api/artist/206557", &access).as_bytes()).await;
    assert_eq!(first.status, Some(200), "{}", first.head);
    let second = raw_exchange(app.addr, get_request("/api/artist/206557", &access).as_bytes()).await;
    assert_eq!(second.status, Some(429), "{}", second.head);
    assert_exact_rate_headers(&second);
    assert_eq!(second.header("X-RateLimit-Remaining"), Some("0"));
    assert!(second.has_exact_header("Retry-After"), "{}", second.head);
    assert_eq!(second.header("content-type"), Some(JSON_CT));
}

#[tokio::test]
async fn www_authenticate_goes_on_the_wire_in_its_exact_case() {
    let app = spawn_app().await;
    let no_header =
        raw_exchange(app.addr, b"GET /api/artist/206557 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").await;
    let bad_token = raw_exchange(app.addr, get_request("/api/artist/206557", "not-a-jwt").as_bytes()).await;
    for res in [no_header, bad_token] {
        assert_eq!(res.status, Some(401), "{}", res.head);
        assert!(res.has_exact_header("WWW-Authenticate"), "{}", res.head);
        assert!(res.header("WWW-Authenticate").unwrap().starts_with("Bearer"));
        assert_eq!(res.header("content-type"), Some(JSON_CT));
    }
}
