//! A 401 on a data call: one mint, one replay, however many callers see it.

use crate::common::Stub;
use chartmetric::{Client, ErrorKind, ManualClock, MintLimits};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

/// A client whose token was minted by a first call a minute ago.
async fn client_with_an_older_token(stub: &Stub) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    client.artist(206557).await.expect("artist");
    clock.advance(Duration::from_secs(61));
    (client, clock)
}

#[tokio::test]
async fn a_401_on_a_data_call_mints_once_and_replays_the_request_once() {
    let stub = Stub::start().await;
    let (client, _clock) = client_with_an_older_token(&stub).await;
    stub.revoke_access_tokens();
    let artist = client.artist(206557).await.expect("replayed with a fresh token");
    assert_eq!(artist.id, 206557);
    assert_eq!(stub.mints(), 2);
    let statuses: Vec<u16> = stub.hits().iter().map(|h| h.status).collect();
    assert_eq!(statuses, [200, 401, 200]);
    let hits = stub.hits();
    assert_eq!(hits[0].token, hits[1].token, "the 401 came for the old token");
    assert_ne!(hits[1].token, hits[2].token, "the replay carried the new one");
    assert_eq!(client.metrics().unauthorized_replays, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_401s_for_the_same_token_cause_one_mint() {
    let stub = Stub::start().await;
    let (client, _clock) = client_with_an_older_token(&stub).await;
    stub.revoke_access_tokens();
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.artist(206557).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("every call succeeds after its replay");
    }
    assert_eq!(stub.mints(), 2, "one re-mint for all the 401s of one token");
}

#[tokio::test]
async fn a_second_401_after_the_replay_is_reported_as_unauthorized() {
    let stub = Stub::start().await;
    let (client, _clock) = client_with_an_older_token(&stub).await;
    stub.state.always_unauthorized.store(true, Ordering::SeqCst);
    let error = client.artist(206557).await.expect_err("401 twice");
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(error.server_message(), Some("Session token not found or was expired."));
    assert_eq!(stub.mints(), 2, "one mint, one re-mint, no loop");
    assert_eq!(stub.hits().len(), 1 + 2, "the first call; the request, and one replay");
}

#[tokio::test]
async fn the_hourly_mint_budget_caps_re_mints() {
    let stub = Stub::start().await;
    let clock = Arc::new(ManualClock::new());
    let limits = MintLimits::default().min_interval(Duration::ZERO).per_hour(3);
    let client = stub.client().clock(clock.clone()).mint_limits(limits).build().expect("client");
    client.artist(206557).await.expect("artist");
    stub.state.always_unauthorized.store(true, Ordering::SeqCst);
    for _ in 0..10 {
        let error = client.artist(206557).await.expect_err("401");
        assert_eq!(error.kind(), ErrorKind::Unauthorized);
    }
    assert_eq!(stub.mints(), 3, "three mints in the hour, then the 401s are reported");
    clock.advance(Duration::from_secs(3600));
    stub.state.always_unauthorized.store(false, Ordering::SeqCst);
    client.artist(206557).await.expect("an hour later the budget has room again");
    assert_eq!(stub.mints(), 4);
}

#[tokio::test]
async fn a_401_for_a_seeded_token_re_mints_at_once() {
    let stub = Stub::start().await;
    let later = SystemTime::now() + Duration::from_secs(3000);
    let client = stub.client().access_token("at-from-another-process", later).build().expect("client");
    client.artist(206557).await.expect("the stale seeded token is replaced");
    assert_eq!(stub.mints(), 1);
    assert_eq!(stub.hits().iter().map(|h| h.status).collect::<Vec<_>>(), [401, 200]);
}

#[tokio::test]
async fn error_statuses_map_to_kinds_with_the_server_message() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let error = client.artist(404).await.expect_err("missing");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.server_message(), Some("artist not found"));
    let value = client.get_json("/api/charts/spotify?date=2024-01-01").await.expect("obj");
    assert_eq!(value["path"], "/api/charts/spotify");
    let refused = client.get_json("https://elsewhere.example/api/x").await.expect_err("host");
    assert_eq!(refused.kind(), ErrorKind::Config);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_without_invalid_token_on_a_fresh_token_costs_no_mint_and_revokes_nothing() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client.artist(206557).await.expect("artist");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_json("/api/internal/reports").await })
        })
        .collect();
    for task in tasks {
        let error = task.await.expect("task").expect_err("401");
        assert_eq!(error.kind(), ErrorKind::Unauthorized);
    }
    client.artist(206557).await.expect("the token still serves the other routes");
    assert_eq!(stub.mints(), 1, "a 401 that is not about the token costs no mint");
    assert_eq!(stub.hits().len(), 1 + 20 + 1, "and no replay");
    assert_eq!(client.metrics().unauthorized_replays, 0);
}

#[tokio::test]
async fn a_route_that_always_says_invalid_token_cannot_make_every_call_mint() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client.artist(206557).await.expect("artist");
    stub.state.always_unauthorized.store(true, Ordering::SeqCst);
    for _ in 0..50 {
        let error = client.artist(206557).await.expect_err("401");
        assert_eq!(error.kind(), ErrorKind::Unauthorized);
    }
    assert_eq!(stub.mints(), 2, "one re-mint did not help; the minimum interval holds off the next");
}
