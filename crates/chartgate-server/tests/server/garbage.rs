//! Garbage at every route: never a 5xx, and every error reply is the API's
//! JSON error body. Plus raw bytes that are not HTTP at all: the server
//! survives them and keeps serving.

use crate::common::*;
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;
use std::time::Duration;

const JSON_CT: &str = "application/json; charset=utf-8";

fn paths() -> Vec<String> {
    let mut p: Vec<String> = [
        "/api/token",
        "/api/token/",
        "/api/token/extra",
        "/api/artist/1",
        "/api/artist/206557",
        "/api/artist/x",
        "/api/artist/",
        "/api/artist/%ff",
        "/api/artist/206557/extra",
        "/healthz",
        "/healthz?x=%ff&&=",
        "/readyz",
        "/",
        "//",
        "/api",
        "/api/",
        "/api/nope",
        "/api//token",
        "/%ff",
        "/%00",
        "/..%2f..%2fetc%2fpasswd",
        "/api/artist/1?refreshtoken=x",
    ]
    .map(String::from)
    .to_vec();
    p.push(format!("/{}", "a".repeat(8 * 1024)));
    p.push(format!("/api/artist/{}", "9".repeat(8 * 1024)));
    p.push(format!("/api/token?{}", "q=%ff&".repeat(1300)));
    p
}

fn methods() -> Vec<Method> {
    let mut m = vec![
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::HEAD,
        Method::TRACE,
    ];
    m.push(Method::from_bytes(b"FROBNICATE").unwrap());
    m
}

/// A garbage request: body bytes and extra headers.
struct Case {
    label: &'static str,
    body: Option<Vec<u8>>,
    headers: Vec<(&'static str, HeaderValue)>,
}

fn hv(bytes: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).unwrap()
}

fn cases(access: &str) -> Vec<Case> {
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let bearer = hv(format!("Bearer {access}").as_bytes());
    vec![
        Case { label: "nothing", body: None, headers: vec![] },
        Case {
            label: "binary body",
            body: Some(binary.clone()),
            headers: vec![("content-type", hv(b"application/json"))],
        },
        Case { label: "invalid utf-8", body: Some(b"{\"refreshtoken\": \"\xff\xfe\xfd\"}".to_vec()), headers: vec![] },
        Case {
            label: "huge-ish body, valid token",
            body: Some(vec![b'{'; 64 * 1024]),
            headers: vec![("authorization", bearer.clone()), ("content-type", hv(b"application/json"))],
        },
        Case {
            label: "bad content-type, valid token",
            body: Some(b"refreshtoken=%%%&&==".to_vec()),
            headers: vec![("content-type", hv(b";;;/\xff")), ("authorization", bearer.clone())],
        },
        Case {
            label: "form body with nul",
            body: Some(b"refreshtoken=%00&refreshtoken=x".to_vec()),
            headers: vec![("content-type", hv(b"application/x-www-form-urlencoded; charset=klingon"))],
        },
        Case {
            label: "invalid authorization bytes",
            body: Some(binary),
            headers: vec![
                ("authorization", hv(b"Bearer \xff\xfe\x80 \"x\"")),
                ("content-type", hv(b"multipart/form-data")),
            ],
        },
        Case {
            label: "forged jwt and json garbage",
            body: Some(br#"{"refreshtoken": {"$ne": null}, "__proto__": [1e999999]}"#.to_vec()),
            headers: vec![
                ("authorization", hv(b"Bearer eyJhbGciOiJub25lIn0.e30.")),
                ("content-type", hv(b"application/json; charset=utf-16")),
            ],
        },
        Case {
            label: "odd headers",
            body: Some(b"[]".to_vec()),
            headers: vec![
                ("content-encoding", hv(b"gzip")),
                ("expect", hv(b"200-ok")),
                ("accept", hv(b"text/html")),
                ("x-forwarded-for", hv(b"not an ip, \xff")),
                ("authorization", hv(b"Basic")),
            ],
        },
    ]
}

/// Checks one reply; returns a description of what is wrong, if anything.
async fn check(method: &Method, res: reqwest::Response) -> Option<String> {
    let status = res.status();
    let ct = res.headers().get("content-type").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bytes = res.bytes().await.map_err(|e| e.to_string());
    if status.is_server_error() {
        return Some(format!("got {status}"));
    }
    if ct.as_deref() != Some(JSON_CT) {
        return Some(format!("{status} with content-type {ct:?}"));
    }
    if *method == Method::HEAD {
        return None;
    }
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return Some(format!("{status}, body unreadable: {e}")),
    };
    let v: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => {
            return Some(format!("{status} with a body that is not JSON: {:?}", String::from_utf8_lossy(&bytes)));
        }
    };
    if status.is_success() {
        return (!v.is_object()).then(|| format!("{status} with a body that is not an object: {v}"));
    }
    let only_error = v.as_object().is_some_and(|o| o.len() == 1 && o.get("error").is_some_and(Value::is_string));
    (!only_error).then(|| format!("{status} with a body that is not {{\"error\": string}}: {v}"))
}

#[tokio::test]
async fn garbage_at_every_route_never_gets_a_5xx_and_errors_are_always_json() {
    let app = spawn_app().await;
    let access = app.mint(&app.fast_user("alice").await).await.token;
    // A fresh connection per request, so a connection the server closed
    // after an error reply is never reused.
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let mut problems = Vec::new();
    let mut sent = 0;
    for path in paths() {
        for method in methods() {
            for case in cases(&access) {
                let mut req = http.request(method.clone(), app.url(&path));
                for (name, value) in &case.headers {
                    req = req.header(HeaderName::from_static(name), value.clone());
                }
                if let Some(body) = &case.body {
                    req = req.body(body.clone());
                }
                let what = format!("{method} {} [{}]", &path[..path.len().min(60)], case.label);
                sent += 1;
                match req.send().await {
                    Ok(res) => {
                        if let Some(p) = check(&method, res).await {
                            problems.push(format!("{what}: {p}"));
                        }
                    }
                    Err(e) => problems.push(format!("{what}: transport error {e:?}")),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} of {sent} replies are wrong:\n{}", problems.len(), problems.join("\n"));
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), 200);
}

/// One request of `every_status_the_server_sends_is_the_json_error_body`.
struct Probe {
    method: Method,
    path: &'static str,
    bearer: Who,
    content_type: Option<&'static str>,
    body: &'static str,
    want: u16,
}

/// Whose access token a probe sends.
#[derive(Clone, Copy)]
enum Who {
    Nobody,
    Fast,
    OnePerSecond,
}

const fn probe(method: Method, path: &'static str, bearer: Who, want: u16) -> Probe {
    Probe { method, path, bearer, content_type: None, body: "", want }
}

#[tokio::test]
async fn every_status_the_server_sends_is_the_json_error_body() {
    let clock = std::sync::Arc::new(chartgate_core::ManualClock::starting_now());
    let app = spawn_with(Options { clock: Some(clock), ..Options::default() }).await;
    app.plan("one", 1, 1000, "api").await;
    app.plan("charts", 1000, 1000, "chart:read").await;
    let fast = app.mint(&app.fast_user("fast").await).await.token;
    let one = app.mint(&app.user("one", "one").await).await.token;
    let charts = app.mint(&app.user("charts", "charts").await).await.token;
    let json = |body, want| Probe {
        content_type: Some("application/json"),
        body,
        ..probe(Method::POST, "/api/token", Who::Nobody, want)
    };
    let big: &'static str = Box::leak("x".repeat(17 * 1024).into_boxed_str());
    let probes = [
        json("{", 400),
        Probe { content_type: Some("text/plain"), ..json("x", 415) },
        json(big, 413),
        probe(Method::GET, "/api/token", Who::Nobody, 405),
        probe(Method::GET, "/api/artist/1", Who::Nobody, 401),
        probe(Method::GET, "/api/artist/abc", Who::Fast, 400),
        probe(Method::GET, "/api/artist/999999999", Who::Fast, 404),
        probe(Method::POST, "/api/artist/206557", Who::Fast, 405),
        probe(Method::GET, "/nope", Who::Nobody, 404),
        // One request per second, and the clock stands still.
        probe(Method::GET, "/api/artist/206557", Who::OnePerSecond, 200),
        probe(Method::GET, "/api/artist/206557", Who::OnePerSecond, 429),
    ];
    for p in probes {
        let mut req = app.http.request(p.method.clone(), app.url(p.path)).body(p.body);
        match p.bearer {
            Who::Nobody => {}
            Who::Fast => req = req.bearer_auth(&fast),
            Who::OnePerSecond => req = req.bearer_auth(&one),
        }
        if let Some(ct) = p.content_type {
            req = req.header("content-type", ct);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), p.want, "{} {}", p.method, p.path);
        if p.want != 200 {
            error_of(res).await;
        }
    }
    let forbidden = app.get("/api/artist/206557", &charts).await;
    assert_eq!(forbidden.status(), 403);
    error_of(forbidden).await;
}

/// Bytes that are not (valid) HTTP/1.1, each on its own connection.
fn malformed() -> Vec<(&'static str, Vec<u8>)> {
    let long_header = format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n", "a".repeat(500 * 1024));
    let many_headers: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let many_headers = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n");
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70 * 1024));
    vec![
        ("not http", b"GARBAGE\r\n\r\n".to_vec()),
        ("binary", (0..=255u8).rev().cycle().take(2048).collect()),
        ("nul bytes", vec![0u8; 64]),
        ("request line without target", b"GET\r\n\r\n".to_vec()),
        ("request line without version", b"GET /healthz\r\n\r\n".to_vec()),
        ("unknown version", b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n".to_vec()),
        ("http/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec()),
        ("space in method", b"G ET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("header without colon", b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n".to_vec()),
        ("space in header name", b"GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n".to_vec()),
        ("control byte in header value", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n".to_vec()),
        ("bare LF line endings", b"GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n".to_vec()),
        ("obs-fold header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n".to_vec()),
        ("non-numeric content-length", b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec()),
        (
            "two different content-lengths",
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}".to_vec(),
        ),
        (
            "content-length and chunked",
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(),
        ),
        (
            "bad chunk size",
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
                .to_vec(),
        ),
        (
            "unknown transfer-encoding",
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
        ),
        (
            "body shorter than content-length, then close",
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"refreshtoken\"".to_vec(),
        ),
        ("headers too large", long_header.into_bytes()),
        ("too many headers", many_headers.into_bytes()),
        ("uri over 64 KiB", long_uri.into_bytes()),
        ("absolute-form target", b"GET http://elsewhere.invalid/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("asterisk target", b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("http/1.0 without host", b"GET /healthz HTTP/1.0\r\n\r\n".to_vec()),
    ]
}

#[tokio::test]
async fn malformed_http_never_crashes_the_server_and_it_keeps_serving() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    let mut problems = Vec::new();
    for (label, bytes) in malformed() {
        let res = raw_exchange_half_closed(app.addr, &bytes).await;
        let status_line = res.head.lines().next().unwrap_or("").to_owned();
        let ct = res.header("content-type").map(str::to_owned);
        seen.push(format!(
            "{label:<45} -> {:<32} content-type {:?}, {} body bytes",
            if res.status.is_some() { status_line.as_str() } else { "(connection closed, no reply)" },
            ct,
            res.body.len()
        ));
        if res.status.is_some_and(|s| s >= 500 && s != 505) {
            problems.push(format!("{label}: {status_line}"));
        }
        if !res.body.is_empty() {
            let only_error = serde_json::from_slice::<Value>(&res.body)
                .ok()
                .and_then(|v| v.as_object().map(|o| o.len() == 1 && o.get("error").is_some_and(Value::is_string)))
                .unwrap_or(false);
            let is_2xx = res.status.is_some_and(|s| (200..300).contains(&s));
            if !is_2xx && (!only_error || ct.as_deref() != Some(JSON_CT)) {
                problems.push(format!(
                    "{label}: a body that is not the JSON error body: {:?}",
                    String::from_utf8_lossy(&res.body)
                ));
            }
        }
        let ok = app.http.get(app.url("/healthz")).send().await;
        if !ok.as_ref().is_ok_and(|r| r.status() == 200) {
            problems.push(format!("after {label}: /healthz failed: {ok:?}"));
        }
    }
    println!("what the server answered to malformed HTTP:\n{}", seen.join("\n"));
    assert!(problems.is_empty(), "{}\n\nall replies:\n{}", problems.join("\n"), seen.join("\n"));
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get("/api/artist/206557", &access).await.status(), 200);
}

/// Like `raw_exchange`, but closes the write half after the bytes, so a
/// server waiting for more of an incomplete request sees the end of it.
async fn raw_exchange_half_closed(addr: std::net::SocketAddr, bytes: &[u8]) -> RawResponse {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(bytes).await;
    // Give the server a moment to answer before it sees the end of input.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let _ = stream.shutdown().await;
    read_to_close(&mut stream).await
}

#[tokio::test]
async fn a_client_that_connects_and_says_nothing_does_not_block_others() {
    let app = spawn_app().await;
    let idle: Vec<_> = futures_connect(app.addr, 20).await;
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    drop(idle);
    assert_eq!(app.http.get(app.url("/readyz")).send().await.unwrap().status(), 200);
}

async fn futures_connect(addr: std::net::SocketAddr, n: usize) -> Vec<tokio::net::TcpStream> {
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    v
}
