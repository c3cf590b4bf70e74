//! Failed refreshes: valid tokens survive, transient errors are retried,
//! permanent ones are reported, and no error is cached for good.

use crate::common::{self, Stub};
use chartmetric::http::StatusCode;
use chartmetric::{Client, ErrorKind, ExposeSecret, ManualClock, RetryPolicy};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[tokio::test]
async fn a_failed_refresh_never_throws_away_a_still_valid_token() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = client.access_token().await.expect("token");
    stub.fail_all_mints(Some(503));
    clock.advance(Duration::from_secs(3600 - 30)); // late window, still valid
    for _ in 0..5 {
        let token = client.access_token().await.expect("the still-valid token");
        assert_eq!(token.expose_secret(), first.expose_secret());
        client.artist(206557).await.expect("data calls go on with it");
    }
    common::eventually("a refresh attempted", || stub.mints() >= 2).await;

    clock.advance(Duration::from_secs(31)); // now it is really expired
    let error = client.access_token().await.expect_err("no valid token left");
    assert_eq!(error.kind(), ErrorKind::Server(StatusCode::SERVICE_UNAVAILABLE));
    assert!(error.is_transient());
}

#[tokio::test]
async fn transient_mint_failures_are_retried_with_backoff() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    stub.fail_next_mints(&[503, 429]);
    client.access_token().await.expect("third attempt succeeds");
    assert_eq!(stub.mints(), 3);
    let metrics = client.metrics();
    assert_eq!((metrics.mints, metrics.mint_failures, metrics.mint_retries), (3, 2, 2));
}

#[tokio::test]
async fn network_failures_are_retried_then_reported_as_transport_errors() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let client = Client::builder()
        .refresh_token(common::secret("rt"))
        .base_url(url)
        .mint_retry_policy(RetryPolicy::default().max_attempts(3).base_delay(Duration::from_millis(5)))
        .build()
        .expect("client");
    let error = client.artist(1).await.expect_err("nothing listens");
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(client.metrics().mints, 3, "three attempts, then the error");
}

#[tokio::test]
async fn an_error_is_never_cached_for_good() {
    let stub = Stub::start().await;
    let client = stub
        .client()
        .mint_retry_policy(RetryPolicy::default().max_attempts(2).base_delay(Duration::from_millis(5)))
        .build()
        .expect("client");
    stub.fail_all_mints(Some(500));
    let error = client.access_token().await.expect_err("server down");
    assert_eq!(error.kind(), ErrorKind::Server(StatusCode::INTERNAL_SERVER_ERROR));
    stub.fail_all_mints(None);
    client.access_token().await.expect("the next call tries again and succeeds");
    client.artist(206557).await.expect("and data flows");
}

#[tokio::test]
async fn a_rejected_refresh_token_is_a_clear_permanent_error() {
    let stub = Stub::start().await;
    let client = Client::builder().refresh_token(common::secret("wrong")).base_url(&stub.url).build().expect("client");
    let error = client.artist(206557).await.expect_err("rejected");
    assert_eq!(error.kind(), ErrorKind::RefreshTokenRejected);
    assert!(!error.is_transient());
    assert_eq!(error.server_message(), Some("refresh token not recognised"));
    let text = error.to_string();
    assert!(text.contains("refresh token was rejected") && text.contains("401"), "{text}");
    assert_eq!(stub.mints(), 1, "a rejected refresh token is not retried");
}

#[tokio::test]
async fn an_absurd_expires_in_is_clamped_instead_of_overflowing() {
    let stub = Stub::start().await;
    stub.state.expires_in.store(u64::MAX, Ordering::SeqCst);
    let client = stub.client().build().expect("client");
    client.access_token().await.expect("token");
    client.artist(206557).await.expect("artist");
    assert_eq!(stub.mints(), 1);
}

#[tokio::test]
async fn a_malformed_token_response_is_an_invalid_response_error() {
    let stub = Stub::start().await;
    stub.state.mint_garbage.store(true, Ordering::SeqCst);
    let client = stub.client().build().expect("client");
    let error = client.access_token().await.expect_err("garbage");
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert_eq!(stub.mints(), 1, "not transient: not retried");
}

#[tokio::test]
async fn a_rejected_refresh_is_not_resent_on_every_call_while_a_valid_token_lasts() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let slow_retries = RetryPolicy::default().base_delay(Duration::from_secs(20)).max_delay(Duration::from_secs(60));
    let client = stub.client().clock(clock.clone()).mint_retry_policy(slow_retries);
    let client = client.build().expect("client");
    let first = client.access_token().await.expect("token");
    stub.fail_all_mints(Some(401));
    clock.advance(Duration::from_secs(3600 - 30)); // late window
    assert_eq!(client.access_token().await.expect("the valid token").expose_secret(), first.expose_secret());
    common::eventually("the refresh rejected", || client.metrics().mint_failures == 1).await;
    for _ in 0..200 {
        let token = client.access_token().await.expect("the valid token, at once");
        assert_eq!(token.expose_secret(), first.expose_secret());
        tokio::task::yield_now().await;
    }
    // The next attempt waits out a backoff of 10 s or more.
    assert_eq!(stub.mints(), 2, "one rejected attempt, then backoff");
}

#[tokio::test]
async fn a_429_at_the_token_route_asking_for_a_long_wait_is_reported_not_slept_through() {
    let stub = Stub::start().await;
    stub.state.mint_retry_after.store(3600, Ordering::SeqCst);
    stub.fail_next_mints(&[429]);
    let client = stub.client().build().expect("client");
    let error = client.access_token().await.expect_err("an hour is too long");
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }));
    assert_eq!(stub.mints(), 1);
}

#[test]
fn a_client_outlives_the_runtime_that_started_its_refresh() {
    let stub_runtime = tokio::runtime::Runtime::new().expect("runtime");
    let stub = stub_runtime.block_on(Stub::start());
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    let client = stub.client().build().expect("client");
    let first = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    first.block_on(async {
        let waiting = tokio::time::timeout(Duration::from_millis(200), client.access_token()).await;
        assert!(waiting.is_err(), "the mint is held at the stub");
    });
    drop(first); // the refresh task dies with its runtime
    stub.state.release.add_permits(10);
    let second = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    second.block_on(async { client.access_token().await.expect("a new refresh starts") });
}

/// A mint answer of `shape`, then a call that must work and a second one
/// that must not mint again.
async fn tolerated(shape: common::MintShape) -> (Stub, Client) {
    let stub = Stub::start().await;
    *stub.state.mint_shape.lock() = Some(shape);
    let client = stub.client().build().expect("client");
    client.artist(206557).await.expect("a token from the odd answer");
    client.artist(206557).await.expect("and again");
    (stub, client)
}

#[tokio::test]
async fn odd_but_usable_token_answers_are_tolerated() {
    let shapes: Vec<(&str, common::MintShape)> = vec![
        (
            "expires_in as a string",
            Arc::new(|t, r| serde_json::json!({"token": t, "expires_in": "3600", "refresh_token": r, "scope": "api"})),
        ),
        ("no expires_in", Arc::new(|t, r| serde_json::json!({"token": t, "refresh_token": r, "scope": "api"}))),
        (
            "negative expires_in",
            Arc::new(|t, r| serde_json::json!({"token": t, "expires_in": -5, "refresh_token": r, "scope": "api"})),
        ),
        (
            "fractional expires_in",
            Arc::new(|t, r| serde_json::json!({"token": t, "expires_in": 3599.5, "refresh_token": r})),
        ),
        ("null expires_in", Arc::new(|t, r| serde_json::json!({"token": t, "expires_in": null, "refresh_token": r}))),
        ("no scope, no refresh_token", Arc::new(|t, _| serde_json::json!({"token": t, "expires_in": 3600}))),
        (
            "empty refresh_token",
            Arc::new(|t, _| serde_json::json!({"token": t, "expires_in": 3600, "refresh_token": ""})),
        ),
    ];
    for (what, shape) in shapes {
        let (stub, _client) = tolerated(shape).await;
        assert_eq!(stub.mints(), 1, "{what}: one mint serves both calls");
    }
}

#[tokio::test]
async fn expires_in_zero_does_not_make_every_call_mint() {
    let stub = Stub::start().await;
    stub.state.expires_in.store(0, Ordering::SeqCst);
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    for _ in 0..100 {
        client.artist(206557).await.expect("artist");
    }
    clock.advance(Duration::from_secs(30));
    client.artist(206557).await.expect("artist");
    assert_eq!(stub.mints(), 1, "the lifetime has a floor");
}

#[tokio::test]
async fn in_the_late_window_a_hanging_token_endpoint_does_not_stall_data_calls() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).timeout(Duration::from_secs(120)).build().expect("client");
    let first = client.access_token().await.expect("token");
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(3600 - 30)); // late window, valid for 30 s more
    let calls = async {
        for _ in 0..5 {
            client.artist(206557).await.expect("served with the still-valid token");
        }
        client.access_token().await.expect("token")
    };
    // The mint hangs for as long as the request timeout (120 s); the calls
    // must not wait for it. 60 s is a bound for a loaded machine.
    let token = tokio::time::timeout(Duration::from_secs(60), calls).await.expect("not stalled by the mint");
    assert_eq!(token.expose_secret(), first.expose_secret());
    assert_eq!(stub.mints(), 2, "one refresh in flight");
    stub.state.release.add_permits(10);
}

#[tokio::test]
async fn after_a_failed_mint_the_next_one_waits_as_long_as_the_server_said() {
    for (retry_after, reset_in) in [(3600, 0), (0, 3600)] {
        let stub = Stub::start().await;
        stub.state.mint_retry_after.store(retry_after, Ordering::SeqCst);
        stub.state.mint_reset_in.store(reset_in, Ordering::SeqCst);
        stub.fail_next_mints(&[429, 429, 429, 429, 429, 429]);
        let client = stub.client().build().expect("client");
        let error = client.access_token().await.expect_err("an hour is too long to sleep through");
        assert!(matches!(error.kind(), ErrorKind::RateLimited { reset: _ }), "{error}");
        for _ in 0..3 {
            let again = client.access_token().await.expect_err("still within the server's wait");
            assert!(matches!(again.kind(), ErrorKind::RateLimited { .. }), "{again}");
        }
        assert_eq!(
            stub.mints(),
            1,
            "no mint before the server's time (Retry-After {retry_after}, reset in {reset_in})"
        );
    }
}

#[tokio::test]
async fn absurd_retry_after_and_reset_values_from_the_token_route_do_not_panic() {
    let stub = Stub::start().await;
    stub.state.mint_retry_after.store(u64::MAX, Ordering::SeqCst);
    stub.fail_next_mints(&[503, 429]);
    let client = stub.client().build().expect("client");
    let error = client.access_token().await.expect_err("an endless wait is too long");
    assert!(error.is_transient(), "{error}");
    let _ = client.access_token().await;
}
