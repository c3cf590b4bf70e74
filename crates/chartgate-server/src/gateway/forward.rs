//! The gateway's guard and handler: pick the upstream, guard with its
//! scope, forward, stream the answer back.

use super::body::{Stalled, Tee, Timed};
use super::broker::{Authorization, Broker};
use super::client::UpBody;
use super::headers::{self, X_CACHE};
use super::{Gateway, GatewayError, Upstream};
use crate::authenticate::Caller;
use crate::error::ApiError;
use crate::guard::{self, OwnRateLimit};
use crate::headers::RESET;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::response::{IntoResponse, Response};
use chartgate_core::UnixTime;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Version, header};
use http_body_util::{LengthLimitError, Limited};
use hyper::body::{Body as _, Incoming};
use std::time::Instant;

/// Where the gateway is mounted: every path under `/api/` (the token route,
/// more specific, stays chartgate's).
pub const MOUNT: &str = "/api/{*path}";

/// Marks an answer that came from an upstream: it goes back as it is (the
/// JSON-error rewrite of framework errors leaves it alone).
#[derive(Debug, Clone, Copy)]
pub struct Forwarded;

/// Which upstream the guard picked for the request.
#[derive(Clone, Copy)]
struct Picked(usize);

/// The gateway's handler: picks the upstream of the path (404 when none
/// serves it), authenticates, charges and checks that upstream's scope as
/// every data route does, then forwards. One handler, no middleware layer:
/// each layer of axum's router costs a boxed clone and a boxed future per
/// request.
pub async fn handle(State(state): State<AppState>, mut req: Request) -> Response {
    let Some(gateway) = state.gateway() else {
        return ApiError::Internal("gateway route without a gateway".into()).into_response();
    };
    let path = original(&req).path();
    let Some(i) = gateway.upstreams().iter().position(|u| u.prefix.serves(path)) else {
        return ApiError::from(GatewayError::NoUpstream(path.to_owned())).into_response();
    };
    req.extensions_mut().insert(Picked(i));
    guard::admit(&state, &gateway.upstreams()[i].scope, req, |req| forward(&state, req)).await
}

/// The URI as the client sent it (before the trailing slash was trimmed
/// for routing: an upstream may care).
fn original(req: &Request) -> &http::Uri {
    req.extensions().get::<OriginalUri>().map_or(req.uri(), |o| &o.0)
}

/// Forwards an admitted request and streams the answer back.
async fn forward(state: &AppState, mut req: Request) -> Response {
    let (Some(gateway), Some(Picked(i)), Some(caller)) =
        (state.gateway(), req.extensions().get::<Picked>().copied(), req.extensions_mut().remove::<Caller>())
    else {
        return ApiError::Internal("forwarding a request the gateway's guard did not admit".into()).into_response();
    };
    let upstream = &gateway.upstreams()[i];
    let exchange = Exchange { state, gateway, upstream, caller };
    match exchange.run(req).await {
        Ok(res) => res,
        Err(e) => {
            let m = &state.metrics().upstream;
            let outcome = match &e {
                GatewayError::Unreachable { .. } => Some("unreachable"),
                GatewayError::Timeout { .. } => Some("timeout"),
                GatewayError::Failed { .. } => Some("failed"),
                _ => None,
            };
            if let Some(outcome) = outcome {
                m.errors.get_or_create(&super::metrics::OutcomeLabels { upstream: upstream.name, outcome }).inc();
            }
            let queue_refusal = matches!(e, GatewayError::Queue(..));
            let mut res = ApiError::from(e).into_response();
            if queue_refusal {
                res.extensions_mut().insert(OwnRateLimit);
            }
            res
        }
    }
}

/// One forwarded request.
struct Exchange<'a> {
    state: &'a AppState,
    gateway: &'a Gateway,
    upstream: &'a Upstream,
    caller: Caller,
}

impl Exchange<'_> {
    async fn run(&self, req: Request) -> Result<Response, GatewayError> {
        let (g, up) = (self.gateway, self.upstream);
        let uri = original(&req);
        let pq = uri.path_and_query().map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
        let target = headers::target(&up.url, &pq).map_err(|e| GatewayError::BadPath(e.to_string()))?;
        let (mut parts, body) = req.into_parts();
        if content_length(&parts.headers).is_some_and(|n| n > g.max_body) {
            return Err(GatewayError::TooLarge(g.max_body));
        }
        let bodyless = body.size_hint().exact() == Some(0);
        let broker = g.broker();
        let identity = broker.is_none().then_some(&self.caller);
        headers::upstream_request(&mut parts.headers, identity, g.secret.as_ref());
        let cache_key =
            (parts.method == Method::GET && bodyless && broker.is_some_and(|b| b.cache.is_some())).then_some(pq);
        if let (Some(key), Some(b)) = (&cache_key, broker)
            && let Some(hit) = self.cached(b, key)
        {
            return Ok(hit);
        }
        let limit = usize::try_from(g.max_body).unwrap_or(usize::MAX);
        let mut body = Some(Timed::new(Limited::new(body, limit), g.response_timeout));
        // Bodyless requests are replayed once, after a re-mint (401) or an
        // upstream pause (429), in broker mode; a body is sent only once.
        let mut replays = if bodyless && broker.is_some() { 1 } else { 0 };
        // The headers are kept for a replay only when one may come.
        let mut headers = Some(parts.headers);
        let res = loop {
            let auth = self.before_sending(broker).await?;
            let mut head = http::Request::new(body.take().unwrap_or_else(empty));
            *head.method_mut() = parts.method.clone();
            *head.uri_mut() = target.clone();
            *head.version_mut() = Version::HTTP_11;
            *head.headers_mut() = match (replays, &mut headers) {
                (0, h) => h.take().unwrap_or_default(),
                (_, h) => h.clone().unwrap_or_default(),
            };
            if let Some(a) = &auth {
                head.headers_mut().insert(header::AUTHORIZATION, a.header.clone());
            }
            let res = self.send(head).await?;
            match (broker, auth, res.status()) {
                (Some(b), Some(a), StatusCode::UNAUTHORIZED) => {
                    if !b.tokens.rejected(a.generation, g.response_timeout).await {
                        break res;
                    }
                    if replays == 0 {
                        return Err(GatewayError::TokenRejected);
                    }
                }
                (Some(Broker { pacer: Some(p), .. }), _, StatusCode::TOO_MANY_REQUESTS) => {
                    p.pause_until(upstream_reset(res.headers(), self.state.now())).await;
                    let labels = super::metrics::UpstreamLabels { upstream: up.name };
                    self.state.metrics().upstream.pauses.get_or_create(&labels).inc();
                    if replays == 0 {
                        break res;
                    }
                }
                _ => break res,
            }
            replays -= 1;
        };
        Ok(self.answer(res, cache_key))
    }

    /// In broker mode: a slot of the upstream budget, then the access token.
    async fn before_sending(&self, broker: Option<&Broker>) -> Result<Option<Authorization>, GatewayError> {
        let Some(b) = broker else { return Ok(None) };
        let m = &self.state.metrics().upstream;
        let labels = |outcome| super::metrics::OutcomeLabels { upstream: self.upstream.name, outcome };
        if let Some(p) = &b.pacer {
            if let Err(decision) = p.acquire(self.caller.token.user).await {
                m.queue.get_or_create(&labels("refused")).inc();
                return Err(GatewayError::Queue("upstream requests (all users together)", decision));
            }
            m.queue.get_or_create(&labels("sent")).inc();
        }
        let within = self.gateway.response_timeout;
        match tokio::time::timeout(within, b.tokens.authorization()).await {
            Ok(Ok(a)) => Ok(Some(a)),
            Ok(Err(e)) => Err(GatewayError::Token(e.to_string())),
            Err(_) => Err(GatewayError::Timeout { upstream: self.upstream.name, after: within }),
        }
    }

    /// Sends one request; the answer's head within the response timeout.
    async fn send(&self, req: http::Request<UpBody>) -> Result<http::Response<Incoming>, GatewayError> {
        let (up, within) = (self.upstream, self.gateway.response_timeout);
        let started = Instant::now();
        let sent = tokio::time::timeout(within, up.client.request(req)).await;
        let m = &self.state.metrics().upstream;
        m.latency
            .get_or_create(&super::metrics::UpstreamLabels { upstream: up.name })
            .observe(started.elapsed().as_secs_f64());
        let res = match sent {
            Err(_) => return Err(GatewayError::Timeout { upstream: up.name, after: within }),
            Ok(Err(e)) => return Err(classify(up.name, self.gateway.max_body, &e)),
            Ok(Ok(res)) => res,
        };
        let labels = super::metrics::StatusLabels { upstream: up.name, status: res.status().as_u16() };
        m.responses.get_or_create(&labels).inc();
        Ok(res)
    }

    /// The upstream's answer as the client gets it: hop-by-hop headers
    /// removed, the body streamed (and, for a cacheable GET, copied to the
    /// cache once it has streamed through whole).
    fn answer(&self, res: http::Response<Incoming>, cache_key: Option<String>) -> Response {
        let (mut parts, incoming) = res.into_parts();
        headers::strip_hop_by_hop(&mut parts.headers);
        let timed = Timed::new(incoming, self.gateway.response_timeout);
        let cache = self.gateway.broker().and_then(|b| b.cache.clone());
        let body = match (cache_key, cache) {
            (Some(key), Some(cache)) => {
                parts.headers.insert(X_CACHE.clone(), HeaderValue::from_static("MISS"));
                self.count_cache("miss");
                if parts.status == StatusCode::OK && super::broker::cache::cacheable(&parts.headers) {
                    let mut kept = parts.headers.clone();
                    kept.remove(&X_CACHE);
                    let max = cache.max_item();
                    Body::new(Tee::new(timed, max, Box::new(move |bytes| cache.put(&key, kept, bytes))))
                } else {
                    Body::new(timed)
                }
            }
            _ => Body::new(timed),
        };
        let keeps_own_limits = parts.status == StatusCode::TOO_MANY_REQUESTS && parts.headers.contains_key(&RESET);
        let mut out = Response::from_parts(parts, body);
        out.extensions_mut().insert(Forwarded);
        if keeps_own_limits {
            out.extensions_mut().insert(OwnRateLimit);
        }
        out
    }

    /// A cached answer for `key`, marked `X-Cache: HIT`.
    fn cached(&self, broker: &Broker, key: &str) -> Option<Response> {
        let hit = broker.cache.as_ref()?.get(key)?;
        self.count_cache("hit");
        let mut res = Response::new(Body::from(hit.body.clone()));
        *res.headers_mut() = hit.headers.clone();
        res.headers_mut().insert(X_CACHE.clone(), HeaderValue::from_static("HIT"));
        res.extensions_mut().insert(Forwarded);
        Some(res)
    }

    fn count_cache(&self, outcome: &'static str) {
        let labels = super::metrics::OutcomeLabels { upstream: self.upstream.name, outcome };
        self.state.metrics().upstream.cache.get_or_create(&labels).inc();
    }
}

fn empty() -> UpBody {
    Timed::new(Limited::new(Body::empty(), 0), std::time::Duration::from_secs(1))
}

fn content_length(h: &HeaderMap) -> Option<u64> {
    h.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// When an upstream 429 says traffic may resume: its `X-RateLimit-Reset`
/// (an epoch second), else `now` plus its `Retry-After` seconds, else one
/// second from now.
fn upstream_reset(h: &HeaderMap, now: UnixTime) -> UnixTime {
    let number = |name: &http::HeaderName| h.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    if let Some(reset) = number(&RESET) {
        return UnixTime::from_micros(reset.saturating_mul(1_000_000));
    }
    let wait = number(&header::RETRY_AFTER).unwrap_or(1);
    UnixTime::from_micros(now.as_micros().saturating_add(wait.saturating_mul(1_000_000)))
}

/// What a failed exchange was: the client's body (too large, stalled), no
/// connection, or a broken one.
fn classify(upstream: &'static str, max_body: u64, e: &hyper_util::client::legacy::Error) -> GatewayError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut text = e.to_string();
    while let Some(c) = cause {
        if c.is::<LengthLimitError>() {
            return GatewayError::TooLarge(max_body);
        }
        if let Some(s) = c.downcast_ref::<Stalled>() {
            return GatewayError::BodyStalled(s.0);
        }
        if let Some(inner) = c.source() {
            text.push_str(": ");
            text.push_str(&inner.to_string());
        }
        cause = c.source();
    }
    if e.is_connect() {
        GatewayError::Unreachable { upstream, cause: text }
    } else {
        GatewayError::Failed { upstream, cause: text }
    }
}
