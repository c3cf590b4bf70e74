//! A fault-injecting stand-in for the Chartmetric API, on 127.0.0.1 port 0.
//!
//! It speaks the wire contract (token route, bearer auth, `{"obj": ...}`,
//! `{"error": ...}`, rate-limit headers) and lets a test queue failures:
//! failing or held mints, rotation, 401s, 429s with a skewed `Date`, and a
//! strict sliding-window rate limit.

pub mod logs;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chartmetric::{Client, ClientBuilder, RetryPolicy};
use chartmetric_types::{ErrorBody, TokenRequest, TokenResponse, headers as names};
use parking_lot::Mutex;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;

/// A random secret, made at test time.
pub fn secret(prefix: &str) -> String {
    format!("{prefix}-{:032x}", rand::random::<u128>())
}

/// A data request as the stub saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub at: SystemTime,
    pub token: String,
    pub status: u16,
}

/// A fault for the next data request.
#[derive(Debug, Clone)]
pub enum DataFault {
    /// 429 whose reset is `reset_in` s after the stub's clock, which runs
    /// `skew` s ahead of the real one (its `Date` header shows it).
    RateLimited { reset_in: u64, skew: i64 },
    /// Any status with these headers (values as sent, even absurd ones).
    Reply { status: u16, headers: Vec<(&'static str, String)> },
    /// The connection is dropped before any answer: a reset.
    Drop,
    /// The answer comes after this long (past a client's timeout).
    Hang(Duration),
}

/// Builds the 200 body of a mint from the access and refresh token, for
/// servers that stray from the documented four keys.
pub type MintShape = Arc<dyn Fn(&str, &str) -> serde_json::Value + Send + Sync>;

pub struct StubState {
    pub mints: AtomicU32,
    pub accepted_refresh: Mutex<HashSet<String>>,
    pub sent_refresh: Mutex<Vec<String>>,
    pub rotate: AtomicBool,
    pub expires_in: AtomicU64,
    pub mint_failures: Mutex<VecDeque<u16>>,
    pub mint_always_fails: Mutex<Option<u16>>,
    /// `Retry-After` of injected mint failures (when not 0).
    pub mint_retry_after: AtomicU64,
    /// `X-RateLimit-Reset` of injected mint failures, as seconds from now (when not 0).
    pub mint_reset_in: AtomicU64,
    /// The 200 body of a mint, when not the documented one.
    pub mint_shape: Mutex<Option<MintShape>>,
    pub hold_mints: AtomicBool,
    /// Mints answer 200 with a body that is not the documented JSON.
    pub mint_garbage: AtomicBool,
    pub release: Semaphore,
    pub access_tokens: Mutex<HashSet<String>>,
    /// Every access token ever minted.
    pub issued: Mutex<Vec<String>>,
    pub always_unauthorized: AtomicBool,
    pub data_faults: Mutex<VecDeque<DataFault>>,
    /// Real epoch second of the last injected 429's reset.
    pub last_reset: AtomicU64,
    pub limit_per_second: Mutex<Option<(usize, VecDeque<Instant>)>>,
    pub hits: Mutex<Vec<Hit>>,
}

pub struct Stub {
    pub url: String,
    pub refresh_token: String,
    pub state: Arc<StubState>,
}

impl Stub {
    pub async fn start() -> Self {
        let refresh_token = secret("rt");
        let state = Arc::new(StubState {
            mints: AtomicU32::new(0),
            accepted_refresh: Mutex::new(HashSet::from([refresh_token.clone()])),
            sent_refresh: Mutex::default(),
            rotate: AtomicBool::new(false),
            expires_in: AtomicU64::new(3600),
            mint_failures: Mutex::default(),
            mint_always_fails: Mutex::default(),
            mint_retry_after: AtomicU64::new(0),
            mint_reset_in: AtomicU64::new(0),
            mint_shape: Mutex::default(),
            hold_mints: AtomicBool::new(false),
            mint_garbage: AtomicBool::new(false),
            release: Semaphore::new(0),
            access_tokens: Mutex::default(),
            issued: Mutex::default(),
            always_unauthorized: AtomicBool::new(false),
            data_faults: Mutex::default(),
            last_reset: AtomicU64::new(0),
            limit_per_second: Mutex::default(),
            hits: Mutex::default(),
        });
        let app = Router::new().route("/api/token", post(mint)).fallback(get(data)).with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, refresh_token, state }
    }

    /// A client for this stub with fast retries and a generous timeout.
    pub fn client(&self) -> ClientBuilder {
        Client::builder()
            .refresh_token(self.refresh_token.clone())
            .base_url(&self.url)
            .timeout(Duration::from_secs(30))
            .mint_retry_policy(
                RetryPolicy::default().base_delay(Duration::from_millis(10)).max_delay(Duration::from_millis(50)),
            )
    }

    pub fn mints(&self) -> u32 {
        self.state.mints.load(Ordering::SeqCst)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.state.hits.lock().clone()
    }

    pub fn fail_next_mints(&self, statuses: &[u16]) {
        self.state.mint_failures.lock().extend(statuses);
    }

    pub fn fail_all_mints(&self, status: Option<u16>) {
        *self.state.mint_always_fails.lock() = status;
    }

    /// Every access token minted so far now gets 401.
    pub fn revoke_access_tokens(&self) {
        self.state.access_tokens.lock().clear();
    }

    pub fn queue_data_fault(&self, fault: DataFault) {
        self.state.data_faults.lock().push_back(fault);
    }

    pub fn limit_per_second(&self, n: usize) {
        *self.state.limit_per_second.lock() = Some((n, VecDeque::new()));
    }
}

/// Polls `check` until it holds; panics after a generous 30 s.
pub async fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn error(status: u16, message: &str) -> Response {
    let status = StatusCode::from_u16(status).expect("status");
    (status, axum::Json(ErrorBody::new(message))).into_response()
}

async fn mint(State(s): State<Arc<StubState>>, body: Bytes) -> Response {
    s.mints.fetch_add(1, Ordering::SeqCst);
    if s.hold_mints.load(Ordering::SeqCst) {
        s.release.acquire().await.expect("open").forget();
    }
    let injected = s.mint_failures.lock().pop_front().or(*s.mint_always_fails.lock());
    if let Some(status) = injected {
        let mut response = error(status, "injected mint failure");
        let after = s.mint_retry_after.load(Ordering::SeqCst);
        if after > 0 {
            response.headers_mut().insert(names::RETRY_AFTER, after.into());
        }
        let reset_in = s.mint_reset_in.load(Ordering::SeqCst);
        if reset_in > 0 {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after epoch").as_secs();
            response.headers_mut().insert(names::RATE_LIMIT_RESET, (now + reset_in).into());
        }
        return response;
    }
    if s.mint_garbage.load(Ordering::SeqCst) {
        return axum::Json(serde_json::json!({ "token": 5 })).into_response();
    }
    let Ok(request) = serde_json::from_slice::<TokenRequest>(&body) else {
        return error(400, "body must be {\"refreshtoken\": \"...\"}");
    };
    s.sent_refresh.lock().push(request.refreshtoken.clone());
    let refresh_token = {
        let mut accepted = s.accepted_refresh.lock();
        if !accepted.contains(&request.refreshtoken) {
            return error(401, "refresh token not recognised");
        }
        if s.rotate.load(Ordering::SeqCst) {
            let next = secret("rt");
            *accepted = HashSet::from([next.clone()]);
            next
        } else {
            request.refreshtoken
        }
    };
    let token = secret("at");
    s.access_tokens.lock().insert(token.clone());
    s.issued.lock().push(token.clone());
    if let Some(shape) = s.mint_shape.lock().clone() {
        return axum::Json(shape(&token, &refresh_token)).into_response();
    }
    let expires_in = s.expires_in.load(Ordering::SeqCst);
    let scope = "api".to_owned();
    axum::Json(TokenResponse { token, expires_in, refresh_token, scope }).into_response()
}

async fn data(State(s): State<Arc<StubState>>, uri: Uri, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    let at = SystemTime::now();
    let fault = s.data_faults.lock().pop_front();
    match fault {
        Some(DataFault::Drop) => {
            s.hits.lock().push(Hit { at, token, status: 0 });
            // Unwinds the connection's task without the panic hook's noise:
            // hyper drops the connection, the client sees a reset.
            std::panic::resume_unwind(Box::new("injected connection drop"));
        }
        Some(DataFault::Hang(d)) => tokio::time::sleep(d).await,
        _ => {}
    }
    let mut response = respond(&s, &token, &uri, at, fault);
    let status = response.status().as_u16();
    s.hits.lock().push(Hit { at, token, status });
    add_rate_headers(response.headers_mut(), at);
    response
}

fn respond(s: &StubState, token: &str, uri: &Uri, at: SystemTime, fault: Option<DataFault>) -> Response {
    match fault {
        Some(DataFault::RateLimited { reset_in, skew }) => return rate_limited(s, at, reset_in, skew),
        Some(DataFault::Reply { status, headers }) => return reply(status, &headers),
        _ => {}
    }
    let path = uri.path();
    if path.starts_with("/api/internal/") && s.access_tokens.lock().contains(token) {
        // The real API's answer for a route outside the public API (and for
        // a missing scope): 401, no challenge, the token itself is fine.
        return error(401, "User is not authorized to access this Chartmetric internal API endpoint.");
    }
    if s.always_unauthorized.load(Ordering::SeqCst) || !s.access_tokens.lock().contains(token) {
        let mut r = error(401, "Session token not found or was expired.");
        let challenge = HeaderValue::from_static("Bearer error=\"invalid_token\"");
        r.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
        return r;
    }
    if let Some(limit) = over_limit(s) {
        let mut r = error(429, "rate limit exceeded");
        let now = at.duration_since(UNIX_EPOCH).expect("after epoch").as_secs();
        r.headers_mut().insert(names::RATE_LIMIT_LIMIT, limit.into());
        r.headers_mut().insert(names::RATE_LIMIT_REMAINING, 0.into());
        r.headers_mut().insert(names::RATE_LIMIT_RESET, (now + 1).into());
        return r;
    }
    match path.strip_prefix("/api/artist/") {
        Some("404") => error(404, "artist not found"),
        Some(id) => artist(id),
        None => listing(path, uri.query().unwrap_or_default()),
    }
}

fn reply(status: u16, headers: &[(&'static str, String)]) -> Response {
    let mut r = error(status, "injected failure");
    for (name, value) in headers {
        r.headers_mut().insert(*name, HeaderValue::from_str(value).expect("header value"));
    }
    r
}

/// `/api/list/N`: a list of N numbered items paged by `offset` and `limit`
/// (default 10); any other path: `{"path", "query"}`.
fn listing(path: &str, query: &str) -> Response {
    let Some(total) = path.strip_prefix("/api/list/").and_then(|n| n.parse::<u64>().ok()) else {
        return axum::Json(serde_json::json!({ "obj": { "path": path, "query": query } })).into_response();
    };
    let param = |name: &str, default: u64| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map_or(default, |(_, v)| v.parse().expect("numeric parameter"))
    };
    let (offset, limit) = (param("offset", 0), param("limit", 10));
    let items: Vec<_> = (offset..total.min(offset + limit))
        .map(|i| serde_json::json!({ "id": i, "name": format!("item, \"{i}\"") }))
        .collect();
    axum::Json(serde_json::json!({ "obj": items })).into_response()
}

fn artist(id: &str) -> Response {
    let id: i64 = id.parse().unwrap_or_default();
    let obj = serde_json::json!({
        "id": id, "name": "Lorde", "code2": "nz",
        "genres": { "primary": { "id": 1, "name": "pop", "score": 0.9 }, "secondary": [], "sub": [] },
        "cm_statistics": { "sp_followers": 100, "countryRank": [] },
    });
    axum::Json(serde_json::json!({ "obj": obj })).into_response()
}

/// Strict sliding log: at most `n` requests accepted in any second
/// (refused ones cost nothing). `Some(n)` when this one is refused.
fn over_limit(s: &StubState) -> Option<usize> {
    let mut guard = s.limit_per_second.lock();
    let (limit, log) = guard.as_mut()?;
    let now = Instant::now();
    while log.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
        log.pop_front();
    }
    if log.len() >= *limit {
        return Some(*limit);
    }
    log.push_back(now);
    None
}

fn rate_limited(s: &StubState, at: SystemTime, reset_in: u64, skew: i64) -> Response {
    let real = at.duration_since(UNIX_EPOCH).expect("after epoch").as_secs();
    s.last_reset.store(real + reset_in, Ordering::SeqCst);
    let server_now = real.checked_add_signed(skew).expect("sane skew");
    let mut r = error(429, "rate limit exceeded");
    let h = r.headers_mut();
    h.insert(header::DATE, HeaderValue::from_str(&http_date(server_now)).expect("date"));
    h.insert(names::RATE_LIMIT_RESET, (server_now + reset_in).into());
    h.insert(names::RETRY_AFTER, reset_in.into());
    r
}

fn add_rate_headers(h: &mut HeaderMap, at: SystemTime) {
    let now = at.duration_since(UNIX_EPOCH).expect("after epoch").as_secs();
    h.entry(names::RATE_LIMIT_LIMIT).or_insert(HeaderValue::from_static("100"));
    h.entry(names::RATE_LIMIT_REMAINING).or_insert(HeaderValue::from_static("99"));
    h.entry(names::RATE_LIMIT_RESET).or_insert((now + 1).into());
}

/// IMF-fixdate of an epoch second.
pub fn http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    let t = secs % 86_400;
    let weekday = DAYS[(days % 7) as usize];
    let month = MONTHS[(m - 1) as usize];
    format!("{weekday}, {d:02} {month} {y} {:02}:{:02}:{:02} GMT", t / 3600, t / 60 % 60, t % 60)
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}
