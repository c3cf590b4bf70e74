//! A plain upstream for the gateway's tests: it echoes what it received
//! (method, path, query, headers, how many body bytes), streams large
//! bodies without holding them, stalls, and answers chosen statuses; and a
//! gateway app in front of such upstreams.

use super::{Options, TestApp, spawn_with};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::{any, get};
use bytes::Bytes;
use chartgate_server::ServerConfig;
use chartgate_server::gateway::config::resolve_upstreams;
use chartgate_server::gateway::{GatewayConfig, UpstreamSpec};
use http_body_util::BodyExt;
use hyper::body::{Frame, SizeHint};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

/// What an upstream saw, and the counters of the streaming tests.
#[derive(Default)]
pub struct Seen {
    /// Requests received.
    pub requests: AtomicUsize,
    /// Request body bytes received so far.
    pub received: AtomicU64,
    /// Response body bytes produced so far (`/api/big/{n}`).
    pub produced: AtomicU64,
    /// Response body bytes the test client has read so far.
    pub consumed: AtomicU64,
    /// The largest `produced - consumed` seen while producing.
    pub max_download_gap: AtomicU64,
}

/// A running plain upstream.
pub struct Upstream {
    pub addr: SocketAddr,
    pub url: String,
    pub seen: Arc<Seen>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct Ctx {
    name: &'static str,
    seen: Arc<Seen>,
}

/// Starts an upstream that names itself `name` in its echoes.
pub async fn upstream(name: &'static str) -> Upstream {
    let seen = Arc::new(Seen::default());
    let ctx = Ctx { name, seen: Arc::clone(&seen) };
    let router = Router::new()
        .route("/api/big/{bytes}", get(big))
        .route("/api/stall", get(stall))
        .route("/api/status/{code}", get(status))
        .route("/api/hop", get(hop))
        .route("/api/{*rest}", any(echo))
        .with_state(ctx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Upstream { addr, url: format!("http://{addr}"), seen, task }
}

/// Echoes the request; reads the body frame by frame, counting it.
async fn echo(State(ctx): State<Ctx>, req: Request) -> Response {
    ctx.seen.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, mut body) = req.into_parts();
    let mut bytes = 0u64;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { break };
        if let Some(data) = frame.data_ref() {
            bytes += data.len() as u64;
            ctx.seen.received.fetch_add(data.len() as u64, Ordering::SeqCst);
        }
    }
    let headers: serde_json::Map<String, serde_json::Value> =
        parts.headers.iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("?").into())).collect();
    let obj = serde_json::json!({
        "upstream": ctx.name,
        "method": parts.method.as_str(),
        "path": parts.uri.path(),
        "query": parts.uri.query(),
        "headers": headers,
        "body_bytes": bytes,
    });
    let mut res = Response::new(Body::from(serde_json::to_vec(&serde_json::json!({ "obj": obj })).unwrap()));
    res.headers_mut().insert("content-type", "application/json".parse().unwrap());
    res.headers_mut().insert("x-upstream", ctx.name.parse().unwrap());
    res
}

/// `bytes` bytes, produced as the client reads them.
async fn big(State(ctx): State<Ctx>, Path(bytes): Path<u64>) -> Response {
    ctx.seen.requests.fetch_add(1, Ordering::SeqCst);
    let seen = Arc::clone(&ctx.seen);
    Response::new(Body::new(Counted::new(bytes, move |n| {
        let produced = seen.produced.fetch_add(n, Ordering::SeqCst) + n;
        let gap = produced.saturating_sub(seen.consumed.load(Ordering::SeqCst));
        seen.max_download_gap.fetch_max(gap, Ordering::SeqCst);
    })))
}

async fn stall(State(ctx): State<Ctx>) -> Response {
    ctx.seen.requests.fetch_add(1, Ordering::SeqCst);
    std::future::pending::<()>().await;
    unreachable!()
}

async fn status(State(ctx): State<Ctx>, Path(code): Path<u16>) -> Response {
    ctx.seen.requests.fetch_add(1, Ordering::SeqCst);
    let mut res = Response::new(Body::from(format!("plain {code}")));
    *res.status_mut() = http::StatusCode::from_u16(code).unwrap();
    res.headers_mut().insert("content-type", "text/plain".parse().unwrap());
    if code == 429 {
        res.headers_mut().insert("x-ratelimit-reset", "4102444800".parse().unwrap());
    }
    res
}

/// An answer carrying hop-by-hop headers, and one it names in `Connection`.
async fn hop(State(ctx): State<Ctx>) -> Response {
    ctx.seen.requests.fetch_add(1, Ordering::SeqCst);
    let mut res = Response::new(Body::from("{}"));
    let h = res.headers_mut();
    h.insert("connection", "x-hop-answer".parse().unwrap());
    h.insert("x-hop-answer", "1".parse().unwrap());
    h.insert("keep-alive", "timeout=5".parse().unwrap());
    h.insert("proxy-authenticate", "Basic".parse().unwrap());
    h.insert("x-end-to-end", "kept".parse().unwrap());
    res
}

/// A 64 KiB chunk of body.
static CHUNK: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// A body of `left` bytes made chunk by chunk, calling `each` with the size
/// of every chunk as it is made (never more than one chunk held).
pub struct Counted<F> {
    left: u64,
    each: F,
}

impl<F: FnMut(u64)> Counted<F> {
    pub fn new(left: u64, each: F) -> Self {
        Self { left, each }
    }
}

impl<F: FnMut(u64) + Unpin> hyper::body::Body for Counted<F> {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let n = self.left.min(CHUNK.len() as u64);
        self.left -= n;
        (self.each)(n);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&CHUNK[..n as usize])))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}

/// An upstream table entry.
pub fn spec(prefix: &str, url: &str, scope: &str) -> UpstreamSpec {
    UpstreamSpec { name: None, prefix: prefix.into(), url: url.into(), scope: Some(scope.into()) }
}

/// A gateway config of these upstream tables.
pub fn gateway_config(tables: &[UpstreamSpec]) -> GatewayConfig {
    GatewayConfig::new(resolve_upstreams(None, tables).unwrap())
}

/// A chartgate app in gateway mode.
pub async fn gateway_app(gateway: GatewayConfig) -> TestApp {
    let mut opts = Options::default();
    opts.config = ServerConfig { gateway: Some(gateway), ..opts.config };
    spawn_with(opts).await
}

/// A user on a plan of `rps` requests per second and these scopes; its
/// access token.
pub async fn user_token(app: &TestApp, name: &str, rps: u32, scopes: &str) -> String {
    let plan = format!("plan-{name}");
    app.plan(&plan, rps, rps * 2 + 2, scopes).await;
    let refresh = app.user(name, &plan).await;
    app.mint(&refresh).await.token
}
