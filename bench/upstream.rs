//! A tiny static upstream for `bench/gateway.sh`: answers every request
//! with the same small JSON body over HTTP/1.1 keep-alive, on 127.0.0.1.
//!
//! Built as a binary of chartgate-server (which already depends on hyper
//! and tokio) behind a feature, so it needs no workspace of its own:
//! `cargo build --release -p chartgate-server --features bench-upstream --bin bench_upstream`.
//!
//! Usage: bench_upstream PORT

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;

/// About what a small Chartmetric answer weighs.
const BODY: &[u8] = br#"{"obj":{"id":206557,"name":"Aurora Vale","code2":"nz","cm_artist_rank":412,"cm_statistics":{"sp_followers":1234567,"sp_monthly_listeners":2345678,"deezer_fans":34567,"ycs_views":45678901}}}"#;

fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).unwrap_or(18080);
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(port))
}

async fn serve(port: u16) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = service_fn(|_req: Request<hyper::body::Incoming>| async {
                let mut res = Response::new(Full::new(Bytes::from_static(BODY)));
                res.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("application/json"));
                Ok::<_, Infallible>(res)
            });
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
