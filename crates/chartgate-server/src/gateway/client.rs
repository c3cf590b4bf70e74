//! The HTTP client of one upstream: hyper-util's pooled client (keep-alive
//! connections reused), over plain TCP or rustls (ring, the webpki roots).
//!
//! Passed over: reqwest, which the SDK uses. Forwarding wants hyper's own
//! body types both ways: reqwest takes a request body only as a `Sync`
//! stream or bytes (axum's body is not `Sync`) and would parse each URL
//! again; hyper-util streams any `Body` and hands back hyper's `Incoming`,
//! which goes to the client as it is.

use crate::gateway::body::{BoxError, Timed};
use axum::body::Body;
use http_body_util::Limited;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::time::Duration;

/// A forwarded request's body: the client's, capped and timed.
pub type UpBody = Timed<Limited<Body>>;

/// One upstream's pooled client.
pub type HttpClient = Client<HttpsConnector<HttpConnector>, UpBody>;

/// How long an idle pooled connection is kept.
const POOL_IDLE: Duration = Duration::from_secs(60);

/// A pooled client whose connects give up after `connect_timeout`.
pub fn new(connect_timeout: Duration) -> Result<HttpClient, BoxError> {
    let mut tcp = HttpConnector::new();
    tcp.set_connect_timeout(Some(connect_timeout));
    tcp.set_nodelay(true);
    tcp.enforce_http(false);
    let connector = HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())?
        .https_or_http()
        .enable_http1()
        .wrap_connector(tcp);
    Ok(Client::builder(TokioExecutor::new())
        .pool_idle_timeout(POOL_IDLE)
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .build(connector))
}
