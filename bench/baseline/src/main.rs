//! The baseline of `bench/load.sh`: a minimal axum 0.8 app on tokio's
//! multi-threaded runtime and plain `axum::serve`, nothing else, that
//!
//! - answers `GET /healthz` with the bytes chartgate's `/healthz` sends
//!   (`{"status":"ok"}`, `application/json; charset=utf-8`; load.sh checks
//!   that they agree), and
//! - answers `GET /api/artist/206557` from memory with the body and the
//!   response headers chartgate sent for it, as captured by load.sh with
//!   `curl -D HEADERS -o BODY` (the `X-RateLimit-*` values stay fixed).
//!
//! It measures what the stack (tokio, hyper, axum, the kernel's loopback)
//! costs for the same answers, so chartgate's figures can be read as a
//! fraction of it. It checks no token and keeps no state.
//!
//! Usage: `bench_baseline LISTEN BODY_FILE [HEADERS_FILE]`
//! (`LISTEN` such as `127.0.0.1:0`; the bound address is printed on stdout).
//!
//! `axum::serve` writes header names in lower case; chartgate writes them in
//! Title-Case and `X-RateLimit-*` as spelt. The names have the same length,
//! so the bytes on the wire differ in letter case only, not in number.

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use std::error::Error;
use std::io::Write;

/// chartgate's `/healthz` body, byte for byte.
const HEALTHZ_BODY: &[u8] = br#"{"status":"ok"}"#;
/// chartgate's JSON content type (`chartmetric_types::JSON_CONTENT_TYPE`).
const JSON: &str = "application/json; charset=utf-8";
/// The artist route's path, as load.sh drives it.
const ARTIST_PATH: &str = "/api/artist/206557";

/// Headers hyper writes itself (or that describe the connection, not the
/// answer): never replayed from the capture.
const NOT_REPLAYED: [&str; 5] = ["date", "content-length", "connection", "transfer-encoding", "keep-alive"];

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_baseline LISTEN BODY_FILE [HEADERS_FILE]";
    let listen = args.next().ok_or(usage)?;
    let body = Bytes::from(std::fs::read(args.next().ok_or(usage)?)?);
    let headers = match args.next() {
        Some(path) => captured_headers(&std::fs::read_to_string(path)?)?,
        None => json_only(),
    };
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(&listen, body, headers))
}

async fn serve(listen: &str, body: Bytes, headers: HeaderMap) -> Result<(), BoxError> {
    let artist = move || {
        let (body, headers) = (body.clone(), headers.clone());
        async move { (headers, body).into_response() }
    };
    let app = Router::new().route("/healthz", get(healthz)).route(ARTIST_PATH, get(artist));
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let mut out = std::io::stdout();
    writeln!(out, "{}", listener.local_addr()?)?;
    out.flush()?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn healthz() -> Response {
    ([(CONTENT_TYPE, HeaderValue::from_static(JSON))], Bytes::from_static(HEALTHZ_BODY)).into_response()
}

fn json_only() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
    headers
}

/// The headers of a `curl -D` dump (status line first, CRLF lines), minus
/// those hyper writes itself.
fn captured_headers(dump: &str) -> Result<HeaderMap, BoxError> {
    let mut headers = HeaderMap::new();
    for line in dump.lines().skip(1).map(str::trim_end).take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or_else(|| format!("not a header line: {line:?}"))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())?;
        if !NOT_REPLAYED.contains(&name.as_str()) {
            headers.append(name, HeaderValue::from_str(value.trim())?);
        }
    }
    Ok(headers)
}
