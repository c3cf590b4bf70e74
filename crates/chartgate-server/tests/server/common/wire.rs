//! Helpers below reqwest: raw HTTP/1.1 over TCP (exact header letter case,
//! hyper's own replies to unparsable requests), peeking into JWTs without
//! verifying them, and a few request shortcuts.

use super::TestApp;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A reply read off the wire, header names in the case they were sent.
#[derive(Debug)]
pub struct RawResponse {
    /// The status, if a status line came back at all.
    pub status: Option<u16>,
    /// Status line and header lines, as sent.
    pub head: String,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A header value, the name compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_lines().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// Whether a header went on the wire with exactly this name.
    pub fn has_exact_header(&self, name: &str) -> bool {
        self.header_lines().any(|(n, _)| n == name)
    }

    fn header_lines(&self) -> impl Iterator<Item = (&str, &str)> {
        self.head.lines().skip(1).filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n, v.trim()))
        })
    }
}

/// Writes `request` as is on a new connection and reads until the server
/// closes it (send `Connection: close`). A reset after the reply is
/// tolerated; whatever arrived before it is kept.
pub async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> RawResponse {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    // The server may answer and close before taking it all; that is fine.
    let _ = stream.write_all(request).await;
    read_to_close(&mut stream).await
}

/// Reads everything until the server closes the connection (or resets it),
/// then parses the last final reply (interim 1xx replies are skipped).
pub async fn read_to_close(stream: &mut TcpStream) -> RawResponse {
    let mut buf = Vec::new();
    let read = async {
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("the server neither answered nor closed the connection");
    parse_response(&buf)
}

/// Parses the bytes of one or more replies; keeps the first non-1xx one.
pub fn parse_response(mut buf: &[u8]) -> RawResponse {
    loop {
        let Some(end) = find(buf, b"\r\n\r\n") else {
            return RawResponse { status: None, head: String::from_utf8_lossy(buf).into_owned(), body: Vec::new() };
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse::<u16>().ok());
        let rest = &buf[end + 4..];
        if status.is_some_and(|s| (100..200).contains(&s)) {
            buf = rest;
            continue;
        }
        let mut res = RawResponse { status, head, body: Vec::new() };
        res.body = if res.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            dechunk(rest)
        } else {
            let len = res.header("content-length").and_then(|v| v.parse::<usize>().ok());
            rest[..len.unwrap_or(rest.len()).min(rest.len())].to_vec()
        };
        return res;
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = find(rest, b"\r\n") {
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16) else {
            break;
        };
        rest = &rest[eol + 2..];
        if size == 0 || rest.len() < size {
            break;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// The first index of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The header and payload of a JWT, decoded without verifying anything.
pub fn jwt_parts(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut segment = || {
        let s = parts.next().expect("a JWT segment");
        let bytes = URL_SAFE_NO_PAD.decode(s).expect("base64url");
        serde_json::from_slice::<Value>(&bytes).expect("JSON segment")
    };
    let header = segment();
    let payload = segment();
    (header, payload)
}

/// Encodes a JSON value as a base64url JWT segment.
pub fn b64_json(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).expect("JSON"))
}

impl TestApp {
    /// Creates a user on the plan `fast` (1000 requests and mints per
    /// second, scope `api`), so the rate limiter stays out of the way.
    pub async fn fast_user(&self, name: &str) -> String {
        self.plan("fast", 1000, 1000, "api").await;
        self.user(name, "fast").await
    }

    /// `POST /api/token` with this body and (optionally) Content-Type.
    pub async fn post_token(&self, content_type: Option<&str>, body: impl Into<reqwest::Body>) -> reqwest::Response {
        let mut req = self.http.post(self.url("/api/token")).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send().await.expect("send")
    }

    /// `GET path` with this raw `Authorization` value.
    pub async fn get_with_authorization(&self, path: &str, authorization: &[u8]) -> reqwest::Response {
        let value = reqwest::header::HeaderValue::from_bytes(authorization).expect("a sendable header value");
        self.http.get(self.url(path)).header("authorization", value).send().await.expect("send")
    }

    /// Calls `GET path` with `access` until it answers `status`, for changes
    /// the server learns of by polling the store; panics after 20 s.
    pub async fn eventually_status(&self, path: &str, access: &str, status: u16) -> reqwest::Response {
        self.settle().await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let res = self.get(path, access).await;
            if res.status() == status || tokio::time::Instant::now() > deadline {
                return res;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The id of a user, from the store.
    pub async fn user_id(&self, name: &str) -> i64 {
        let name = name.parse().expect("user name");
        self.store.user_by_name(&name).await.expect("store").expect("user").id.0
    }
}
