//! Reuse, the two refresh windows, and the two clocks.

use crate::common::{Stub, eventually};
use chartmetric::{ExposeSecret, ManualClock};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

async fn token(client: &chartmetric::Client) -> String {
    client.access_token().await.expect("token").expose_secret().to_owned()
}

#[tokio::test]
async fn one_access_token_serves_every_request_while_it_is_fresh() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    for _ in 0..50 {
        let artist = client.artist(206557).await.expect("artist");
        assert_eq!(artist.name, "Lorde");
        clock.advance(Duration::from_secs(30)); // 25 min in all
    }
    assert_eq!(stub.mints(), 1, "no request may trigger a mint while the token is fresh");
    let tokens: HashSet<_> = stub.hits().into_iter().map(|h| h.token).collect();
    assert_eq!(tokens.len(), 1, "every request carried the same token");
    assert_eq!(client.metrics().mints, 1);
}

#[tokio::test]
async fn the_early_window_refreshes_once_in_the_background_while_callers_keep_the_current_token() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    stub.fail_all_mints(Some(503));
    clock.advance(56 * MINUTE); // 4 min before expiry: early, not late
    for _ in 0..100 {
        assert_eq!(token(&client).await, first, "callers keep the current token");
    }
    eventually("the background attempt failed", || client.metrics().mint_failures == 1).await;
    for _ in 0..100 {
        assert_eq!(token(&client).await, first);
    }
    assert_eq!(stub.mints(), 2, "exactly one background attempt in the early window");
    assert_eq!(client.metrics().background_refreshes, 1);

    stub.fail_all_mints(None);
    clock.advance(3 * MINUTE + MINUTE / 2); // 30 s before expiry: late window
    assert_eq!(token(&client).await, first, "in the late window callers keep the valid token...");
    eventually("...while a refresh runs", || stub.state.issued.lock().len() == 2).await;
    eventually("the new token in use", || client.metrics().mints == 3).await;
    let second = token(&client).await;
    assert_ne!(second, first, "and switch to the new one once it is there");
    assert_eq!(stub.mints(), 3);
}

#[tokio::test]
async fn an_expired_token_makes_callers_wait_for_the_new_one() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    clock.advance(60 * MINUTE);
    assert_ne!(token(&client).await, first, "an expired token is never handed out");
    assert_eq!(stub.mints(), 2);
}

#[tokio::test]
async fn a_successful_background_refresh_switches_callers_to_the_new_token() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    clock.advance(57 * MINUTE);
    assert_eq!(token(&client).await, first, "the early window does not make callers wait");
    eventually("the background mint", || stub.state.issued.lock().len() == 2).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while token(&client).await == first {
        assert!(std::time::Instant::now() < deadline, "the new token was never used");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(stub.mints(), 2);
}

#[tokio::test]
async fn a_wall_clock_jump_expires_the_token_although_the_monotonic_clock_stood_still() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    clock.advance_wall(2 * 60 * MINUTE); // the laptop slept for two hours
    let second = token(&client).await;
    assert_ne!(first, second, "a token dead by the wall clock is never used");
    assert_eq!(stub.mints(), 2);
}

#[tokio::test]
async fn a_monotonic_expiry_counts_even_when_the_wall_clock_lags() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    clock.advance(61 * MINUTE);
    assert_ne!(token(&client).await, first);
    assert_eq!(stub.mints(), 2);
}

#[tokio::test]
async fn short_lived_tokens_get_proportionally_shorter_windows() {
    let stub = Stub::start().await;
    stub.state.expires_in.store(60, std::sync::atomic::Ordering::SeqCst);
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    let first = token(&client).await;
    clock.advance(Duration::from_secs(50)); // windows open at 55 s and 59 s
    assert_eq!(token(&client).await, first);
    assert_eq!(stub.mints(), 1, "10 s before expiry a 60 s token is still fresh");
    clock.advance(Duration::from_millis(9_500)); // 0.5 s before expiry: late
    assert_eq!(token(&client).await, first, "still valid: kept while the refresh runs");
    eventually("the refresh", || stub.mints() == 2).await;
    clock.advance(Duration::from_millis(500)); // expired
    let second = token(&client).await;
    assert_ne!(second, first);
}
