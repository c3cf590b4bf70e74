//! `rediss://`: TLS to Redis. The local server speaks plain TCP, so TLS
//! against it must fail within the call timeout; through a TLS front (a CA
//! and a certificate made at test time) the limiter works when it trusts
//! that CA (`sslrootcert`), and refuses the server when it does not. Each
//! test skips (with a note) when Redis is not reachable, except in CI,
//! where that fails.

use chartgate_core::{LimitKey, Limiter, Rule, UnixTime, UserId};
use chartgate_redis::{DEFAULT_TIMEOUT, RedisLimiter};
use chartgate_testkit::tls::{Protocol, TlsFront};
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Put into every URL so that a message quoting it would be caught.
const PASSWORD: &str = "hunter2-never-shown";

/// The local Redis's address.
fn redis_addr() -> Option<SocketAddr> {
    let url = chartgate_testkit::services::redis_url()?;
    let authority = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let host_port = authority.split(['/', '?']).next().unwrap_or("");
    let host_port = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
    let host_port = if host_port.contains(':') { host_port.to_owned() } else { format!("{host_port}:6379") };
    host_port.to_socket_addrs().ok()?.next()
}

/// `connect` with the default 250 ms timeout: the limiter, or the error's
/// message (checked to be free of the password, and to come in time).
async fn connect(url: &str) -> Result<RedisLimiter, String> {
    let started = Instant::now();
    let result = RedisLimiter::connect(url, "cgtest:tls", DEFAULT_TIMEOUT).await.map_err(|e| e.to_string());
    assert!(started.elapsed() < DEFAULT_TIMEOUT + Duration::from_millis(750), "took {:?}", started.elapsed());
    if let Err(message) = &result {
        assert!(!message.contains(PASSWORD), "the password is in {message:?}");
    }
    result
}

#[tokio::test]
async fn rediss_against_a_server_without_tls_fails_within_the_timeout() {
    let Some(addr) = redis_addr() else { return };
    let message = connect(&format!("rediss://:{PASSWORD}@{addr}")).await.expect_err("the local Redis has no TLS");
    assert!(message.contains("TLS"), "{message}");
}

#[tokio::test]
async fn a_root_cert_that_cannot_be_read_or_a_plain_url_with_one_is_refused() {
    let message = connect("rediss://127.0.0.1:1/?sslrootcert=/nonexistent/ca.pem").await.expect_err("no such file");
    assert!(message.contains("/nonexistent/ca.pem"), "{message}");
    let message = connect(&format!("redis://:{PASSWORD}@127.0.0.1:1/?sslrootcert=/ca.pem")).await.expect_err("plain");
    assert!(message.contains("rediss://"), "{message}");
    let message = connect(&format!("rediss://:{PASSWORD}@127.0.0.1:1/#insecure")).await.expect_err("insecure");
    assert!(!message.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_tls_the_limiter_works_and_checks_the_certificate() {
    let Some(addr) = redis_addr() else { return };
    let front = TlsFront::start(addr, Protocol::Redis, &["localhost"]).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ca = front.write_ca(dir.path());
    let ca = ca.to_str().expect("a UTF-8 path");
    let port = front.port();
    let limiter = connect(&format!("rediss://localhost:{port}/?sslrootcert={ca}")).await.expect("TLS with the test CA");
    let key = LimitKey::Data(UserId(rand::random::<i64>().abs()));
    let rule = Rule { limit: 1, window: Duration::from_secs(1) };
    let now = UnixTime::from_secs(1_800_000_000);
    assert!(limiter.hit(key, rule, now).await.expect("a hit").allowed);
    assert!(!limiter.hit(key, rule, now).await.expect("a hit").allowed);
    // The test CA is not among the public roots.
    let message = connect(&format!("rediss://:{PASSWORD}@localhost:{port}")).await.expect_err("an unknown CA");
    assert!(message.contains("certificate"), "{message}");
    // The certificate names localhost, not 127.0.0.1.
    let message =
        connect(&format!("rediss://:{PASSWORD}@127.0.0.1:{port}/?sslrootcert={ca}")).await.expect_err("a name");
    assert!(message.contains("certificate"), "{message}");
}
