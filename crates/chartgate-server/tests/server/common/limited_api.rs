//! An upstream that plays the real API for the broker's pause test: its
//! token route mints (counted), its first data request gets 429 with an
//! `X-RateLimit-Reset` two seconds ahead, and every later data request is
//! answered 200 and its arrival time (µs since the epoch) recorded.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use parking_lot::Mutex;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// What the upstream did.
#[derive(Default)]
pub struct Log {
    /// Mints answered.
    pub mints: usize,
    /// The reset of the one 429, in epoch seconds, once sent.
    pub reset: Option<u64>,
    /// When each data request after the 429 arrived (µs since the epoch).
    pub arrivals: Vec<u64>,
}

/// A running upstream.
pub struct LimitedApi {
    pub url: String,
    pub log: Arc<Mutex<Log>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LimitedApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the upstream on a free port.
pub async fn start() -> LimitedApi {
    let log = Arc::new(Mutex::new(Log::default()));
    let router =
        Router::new().route("/api/token", post(mint)).route("/api/{*rest}", get(data)).with_state(Arc::clone(&log));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    LimitedApi { url, log, task }
}

fn now_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_micros() as u64
}

async fn mint(State(log): State<Arc<Mutex<Log>>>) -> Response {
    let n = {
        let mut log = log.lock();
        log.mints += 1;
        log.mints
    };
    let body = serde_json::json!({
        "token": format!("upstream-access-{n}"),
        "expires_in": 3600,
        "refresh_token": "upstream-refresh",
        "scope": "api",
    });
    axum::Json(body).into_response()
}

async fn data(State(log): State<Arc<Mutex<Log>>>) -> Response {
    let at = now_us();
    let mut log = log.lock();
    if log.reset.is_none() {
        let reset = at / 1_000_000 + 2;
        log.reset = Some(reset);
        let headers = [("x-ratelimit-limit", "1".to_owned()), ("x-ratelimit-reset", reset.to_string())];
        return (http::StatusCode::TOO_MANY_REQUESTS, headers, "{\"error\":\"rate limited\"}").into_response();
    }
    log.arrivals.push(at);
    axum::Json(serde_json::json!({ "obj": {} })).into_response()
}
