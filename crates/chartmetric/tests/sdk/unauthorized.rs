//! A 401 on a data call: one mint, one replay, however many callers see it.

use crate::common::Stub;
use chartmetric::ErrorKind;
use std::sync::atomic::Ordering;

#[tokio::test]
async fn a_401_on_a_data_call_mints_once_and_replays_the_request_once() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client.artist(206557).await.expect("artist");
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
    let client = stub.client().build().expect("client");
    client.artist(206557).await.expect("artist");
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
    stub.state.always_unauthorized.store(true, Ordering::SeqCst);
    let client = stub.client().build().expect("client");
    let error = client.artist(206557).await.expect_err("401 twice");
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(error.server_message(), Some("Session token not found or was expired."));
    assert_eq!(stub.mints(), 2, "one mint, one re-mint, no loop");
    assert_eq!(stub.hits().len(), 2, "the request, and one replay");
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
