//! 429s: one shared pause until the reset, read against the server's clock;
//! and client-side pacing that never provokes one.

use crate::common::{DataFault, Stub, eventually};
use chartmetric::ErrorKind;
use chartmetric_types::headers as names;
use std::sync::atomic::Ordering;
use std::time::{Duration, UNIX_EPOCH};

/// Every request after the 429 arrived at or after the reset second.
fn assert_nothing_sent_before_reset(stub: &Stub) {
    let reset = UNIX_EPOCH + Duration::from_secs(stub.state.last_reset.load(Ordering::SeqCst));
    let hits = stub.hits();
    let limited = hits.iter().position(|h| h.status == 429).expect("a 429");
    for hit in &hits[limited + 1..] {
        assert!(hit.at >= reset, "a request arrived before the reset second");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_every_task_until_the_reset_second() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client.artist(1).await.expect("warm up");
    stub.queue_data_fault(DataFault::RateLimited { reset_in: 2, skew: 0 });
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.artist(1).await }
    });
    eventually("the 429 seen", || client.metrics().rate_limited_responses == 1).await;
    let others: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.artist(1).await })
        })
        .collect();
    first.await.expect("task").expect("succeeds after the pause");
    for task in others {
        task.await.expect("task").expect("succeeds after the pause");
    }
    assert_nothing_sent_before_reset(&stub);
    assert_eq!(stub.hits().len(), 1 + 1 + 1 + 10, "one 429, no request during the pause");
    let metrics = client.metrics();
    assert_eq!(metrics.rate_limited_responses, 1);
    assert_eq!(metrics.rate_limit_waits, 11, "every task waited once");
}

#[tokio::test]
async fn the_wait_is_read_against_the_server_date_so_clock_skew_does_not_matter() {
    for skew in [7200, -7200] {
        let stub = Stub::start().await;
        let client = stub.client().max_rate_limit_wait(Duration::from_secs(30)).build().expect("client");
        stub.queue_data_fault(DataFault::RateLimited { reset_in: 1, skew });
        client.artist(1).await.expect("a skewed server clock still means a 1 s wait");
        assert_nothing_sent_before_reset(&stub);
        assert_eq!(stub.hits().len(), 2);
    }
}

#[tokio::test]
async fn a_reset_beyond_the_max_wait_fails_at_once_with_the_reset() {
    let stub = Stub::start().await;
    let client = stub.client().max_rate_limit_wait(Duration::from_secs(5)).build().expect("client");
    stub.queue_data_fault(DataFault::RateLimited { reset_in: 3600, skew: 0 });
    let error = client.artist(1).await.expect_err("too long to wait");
    let reset = UNIX_EPOCH + Duration::from_secs(stub.state.last_reset.load(Ordering::SeqCst));
    assert_eq!(error.kind(), ErrorKind::RateLimited { reset: Some(reset) });
    let again = client.artist(1).await.expect_err("still paused");
    assert_eq!(again.kind(), ErrorKind::RateLimited { reset: Some(reset) });
    assert_eq!(stub.hits().len(), 1, "nothing is sent while the pause lasts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_side_pacing_keeps_a_well_configured_client_from_ever_seeing_a_429() {
    let stub = Stub::start().await;
    stub.limit_per_second(5);
    let client = stub.client().max_requests_per_second(5).build().expect("client");
    let tasks: Vec<_> = (0..15)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.artist(1).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("artist");
    }
    assert!(stub.hits().iter().all(|h| h.status == 200), "no 429 at all");
    assert_eq!(client.metrics().rate_limited_responses, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pacing_the_same_burst_does_see_429s() {
    let stub = Stub::start().await;
    stub.limit_per_second(5);
    let client = stub.client().max_rate_limit_retries(0).build().expect("client");
    client.access_token().await.expect("token");
    let tasks: Vec<_> = (0..15)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.artist(1).await })
        })
        .collect();
    for task in tasks {
        let _ = task.await.expect("task");
    }
    assert!(client.metrics().rate_limited_responses > 0, "the stub does enforce the limit");
}

#[tokio::test]
async fn absurd_reset_and_retry_after_values_do_not_panic() {
    let huge = u64::MAX.to_string();
    for headers in [
        vec![(names::RATE_LIMIT_RESET, huge.clone())],
        vec![(names::RETRY_AFTER, huge.clone())],
        vec![(names::RATE_LIMIT_RESET, huge.clone()), (names::RETRY_AFTER, huge.clone())],
        vec![(names::RATE_LIMIT_RESET, "99999999999999".to_owned()), (names::RETRY_AFTER, huge.clone())],
    ] {
        let stub = Stub::start().await;
        let client = stub.client().build().expect("client");
        stub.queue_data_fault(DataFault::Reply { status: 429, headers });
        let error = client.artist(1).await.expect_err("far too long to wait");
        assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }), "{error}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_429_pause_the_waiters_are_released_at_the_plans_pace() {
    let stub = Stub::start().await;
    stub.limit_per_second(5);
    let client = stub.client().build().expect("client");
    client.access_token().await.expect("token");
    let now = std::time::SystemTime::now().duration_since(UNIX_EPOCH).expect("epoch").as_secs();
    let headers = vec![(names::RATE_LIMIT_LIMIT, "5".to_owned()), (names::RATE_LIMIT_RESET, (now + 1).to_string())];
    stub.queue_data_fault(DataFault::Reply { status: 429, headers });
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.artist(1).await }
    });
    eventually("the 429 seen", || client.metrics().rate_limited_responses == 1).await;
    let others: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.artist(1).await })
        })
        .collect();
    first.await.expect("task").expect("succeeds after the pause");
    for task in others {
        task.await.expect("task").expect("succeeds after the pause");
    }
    let statuses: Vec<u16> = stub.hits().iter().map(|h| h.status).collect();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        1,
        "released at 5/s, nobody trips the limit: {statuses:?}"
    );
}
