//! The HTTP/1.1 accept loop: hyper with graceful shutdown, and header names
//! written in the letter case clients look them up by.
//!
//! Why not `axum::serve`: it hides hyper's connection builder, and hyper
//! writes header names in lower case unless a response carries hyper's
//! private `HeaderCaseMap` extension. Two known clients look
//! `X-RateLimit-Reset` up case-sensitively, so at start-up we let hyper parse
//! one synthetic request with `preserve_header_case` on, keep the extension it
//! records (the names in the case we wrote them), and attach a copy to every
//! response that carries one of those headers. Everything else is written in
//! Title-Case, as most servers do.

use crate::faults::DropConnection;
use crate::headers::{LIMIT, WIRE_CASE};
use axum::Router;
use axum::extract::ConnectInfo;
use bytes::Bytes;
use http::{Extensions, Request, Response, header};
use http_body_util::Empty;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

/// The largest request header section accepted (request line included);
/// a larger one gets hyper's own 431, which has no body: hyper answers it
/// before any service sees the request, so it cannot carry the JSON body.
pub const MAX_HEADER_SECTION: usize = 16 * 1024;

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long shutdown waits for requests in flight.
    pub grace: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Time to send a header section; also how long an idle keep-alive
    /// connection stays open.
    pub header_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` resolves, then waits up
/// to `limits.grace` for requests in flight.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
    limits: Limits,
) -> std::io::Result<()> {
    let case = Arc::new(wire_case().await);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        // At the cap, stop accepting: new connections wait in the backlog.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => spawn_connection(stream, peer, &router, &case, &graceful, slot, limits),
                Err(e) => {
                    // Out of file descriptors and the like: back off, go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("shutting down: waiting for requests in flight");
    if tokio::time::timeout(limits.grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after the grace period; closing");
    }
    Ok(())
}

fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: &Router,
    case: &Arc<Extensions>,
    graceful: &GracefulShutdown,
    slot: OwnedSemaphorePermit,
    limits: Limits,
) {
    let _ = stream.set_nodelay(true);
    let router = router.clone();
    let case = Arc::clone(case);
    let service = service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        trim_trailing_slash(&mut req);
        let router = router.clone();
        let case = Arc::clone(&case);
        async move {
            let Ok(mut res) = router.oneshot(req).await;
            if res.extensions().get::<DropConnection>().is_some() {
                // hyper closes the connection when the service fails.
                return Err(Dropped);
            }
            if needs_case(res.headers()) {
                res.extensions_mut().extend((*case).clone());
            }
            Ok(res)
        }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEADER_SECTION)
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service);
    let conn = graceful.watch(conn);
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            tracing::debug!(error = %e, "connection ended with an error");
        }
        drop(slot);
    });
}

/// The service's error: the connection is to be closed unanswered.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on request (injected fault)")
    }
}

impl std::error::Error for Dropped {}

/// Serves every route with and without a trailing slash (ENDPOINTS.md §1:
/// clients call `/charts/deezer/` and `/curator/{platform}/{id}/`): the
/// slashes that end a path are dropped before routing. Done here, ahead of
/// the router, because axum matches before any layer it carries could
/// rewrite the path; tower-http's `NormalizePath` does the same but would
/// wrap the router in a service this loop would have to name.
pub fn trim_trailing_slash<B>(req: &mut Request<B>) {
    let path = req.uri().path();
    if path.len() < 2 || !path.ends_with('/') {
        return;
    }
    let trimmed = path.trim_end_matches('/');
    let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
    let rebuilt = match req.uri().query() {
        Some(q) => format!("{trimmed}?{q}"),
        None => trimmed.to_owned(),
    };
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = rebuilt.parse() {
        parts.path_and_query = Some(pq);
        if let Ok(uri) = http::Uri::from_parts(parts) {
            // The URI as sent stays known: the gateway forwards it as it was.
            let sent = std::mem::replace(req.uri_mut(), uri);
            req.extensions_mut().insert(axum::extract::OriginalUri(sent));
        }
    }
}

fn needs_case(h: &http::HeaderMap) -> bool {
    h.contains_key(&LIMIT) || h.contains_key(header::WWW_AUTHENTICATE)
}

/// Lets hyper record the letter case of `WIRE_CASE` from a synthetic request
/// and returns the extensions it recorded.
async fn wire_case() -> Extensions {
    let (mut client, server) = tokio::io::duplex(4096);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = Mutex::new(Some(tx));
    let service = service_fn(move |req: Request<Incoming>| {
        if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
            let _ = tx.send(req.extensions().clone());
        }
        async { Ok::<_, Infallible>(Response::new(Empty::<Bytes>::new())) }
    });
    let conn = http1::Builder::new().preserve_header_case(true).serve_connection(TokioIo::new(server), service);
    tokio::spawn(conn);
    let mut head = String::from("GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n");
    for name in WIRE_CASE {
        head.push_str(&format!("{name}: 0\r\n"));
    }
    head.push_str("\r\n");
    if client.write_all(head.as_bytes()).await.is_err() {
        return Extensions::new();
    }
    rx.await.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::trim_trailing_slash;

    fn trimmed(uri: &str) -> String {
        let mut req = http::Request::get(uri).body(()).unwrap();
        trim_trailing_slash(&mut req);
        req.uri().to_string()
    }

    #[test]
    fn trailing_slashes_are_dropped_and_the_query_kept() {
        assert_eq!(trimmed("/api/charts/deezer/?date=2024-01-05"), "/api/charts/deezer?date=2024-01-05");
        assert_eq!(trimmed("/api/curator/spotify/7//"), "/api/curator/spotify/7");
        assert_eq!(trimmed("/api/search?q=a/"), "/api/search?q=a/");
        assert_eq!(trimmed("/"), "/");
        assert_eq!(trimmed("//"), "/");
    }
}
