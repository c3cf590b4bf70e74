//! HTTP edges: ambiguous credentials, oversized headers and tokens, slow
//! bodies, idle connections and slow-loris floods.
use crate::common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn minted(app: &TestApp) -> String {
    let refresh = app.user("edge", "standard").await;
    app.mint(&refresh).await.token
}

#[tokio::test]
async fn two_authorization_headers_get_400_invalid_request() {
    let app = spawn_app().await;
    let access = minted(&app).await;
    let request = format!(
        "GET /api/artist/3380 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {access}\r\n\
         Authorization: Bearer {access}\r\nConnection: close\r\n\r\n"
    );
    let res = raw_exchange(app.addr, request.as_bytes()).await;
    assert_eq!(res.status, Some(400), "{}", res.head);
    assert!(res.header("www-authenticate").unwrap().contains(r#"error="invalid_request""#));
    let body: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert!(body["error"].as_str().unwrap().contains("more than one Authorization header"));
}

#[tokio::test]
async fn a_header_section_over_16_kib_gets_431_and_the_server_goes_on() {
    let app = spawn_app().await;
    let request =
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\nConnection: close\r\n\r\n", "a".repeat(17_000));
    let res = raw_exchange(app.addr, request.as_bytes()).await;
    assert_eq!(res.status, Some(431), "{}", res.head);
    let fits =
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\nConnection: close\r\n\r\n", "a".repeat(15_000));
    assert_eq!(raw_exchange(app.addr, fits.as_bytes()).await.status, Some(200));
}

#[tokio::test]
async fn a_bearer_token_over_4_kib_gets_401_before_any_decoding() {
    let app = spawn_app().await;
    let huge = format!("Bearer {}", "a".repeat(5000));
    let res = app.get_with_authorization("/api/artist/3380", huge.as_bytes()).await;
    assert_eq!(res.status(), 401);
    assert!(error_of(res).await.contains("longer than 4096 bytes"));
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_gets_408_json() {
    let mut opts = Options::default();
    opts.config.body_timeout = Duration::from_millis(300);
    let app = spawn_with(opts).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let head = "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(br#"{"refreshtoken": "#).await.unwrap();
    let res = read_to_close(&mut stream).await;
    assert_eq!(res.status, Some(408), "{}", res.head);
    let body: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert!(body["error"].as_str().unwrap().contains("did not arrive"));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let mut opts = Options::default();
    opts.config.header_timeout = Duration::from_millis(300);
    let app = spawn_with(opts).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    // Idle now: the server closes the connection after the header timeout.
    let closed = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await;
    assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "the idle connection stayed open: {closed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_slow_loris_connections_do_not_stop_a_normal_client() {
    let app = spawn_app().await;
    let access = minted(&app).await;
    let mut loris = Vec::new();
    for _ in 0..1000 {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        s.write_all(b"GET /api/artist/3380 HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
        loris.push(s);
    }
    let started = std::time::Instant::now();
    let res = app.get("/api/artist/3380", &access).await;
    assert_eq!(res.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(5), "served after {:?}", started.elapsed());
    drop(loris);
}

#[tokio::test]
async fn at_the_connection_cap_a_new_client_waits_until_a_slot_frees() {
    let mut opts = Options::default();
    opts.config.max_connections = 3;
    opts.config.header_timeout = Duration::from_millis(500);
    let app = spawn_with(opts).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The fourth connection is not served while three are held ...
    let fourth = raw_exchange(app.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let started = std::time::Instant::now();
    let res = fourth.await;
    // ... until the header timeout frees the slots of the slow three.
    assert_eq!(res.status, Some(200));
    assert!(started.elapsed() >= Duration::from_millis(300), "served at once despite the cap");
    drop(held);
}
