//! GET retries (5xx, 408, timeouts, resets), their budget and per-call
//! overrides, the overall deadline, and what a call tells the caller.

use crate::common::{DataFault, Stub};
use chartmetric::http::StatusCode;
use chartmetric::{ErrorKind, ExposeSecret, RetryBudget, RetryPolicy};
use chartmetric_types::headers as names;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn status(code: u16) -> DataFault {
    DataFault::Reply { status: code, headers: Vec::new() }
}

fn statuses(stub: &Stub) -> Vec<u16> {
    stub.hits().iter().map(|h| h.status).collect()
}

#[tokio::test]
async fn a_get_is_retried_on_5xx_and_408_until_it_succeeds() {
    let stub = Stub::start().await;
    let client = stub.client().retry_policy(RetryPolicy::default().max_attempts(4)).build().expect("client");
    for code in [503, 408, 502] {
        stub.queue_data_fault(status(code));
    }
    client.artist(1).await.expect("the fourth attempt succeeds");
    assert_eq!(statuses(&stub), [503, 408, 502, 200]);
    assert_eq!(client.metrics().request_retries, 3);
}

#[tokio::test]
async fn by_default_a_get_gets_three_attempts() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    for _ in 0..5 {
        stub.queue_data_fault(status(500));
    }
    let error = client.artist(1).await.expect_err("three 500s");
    assert_eq!(error.kind(), ErrorKind::Server(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(statuses(&stub), [500, 500, 500]);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    for code in [404, 400, 501] {
        stub.queue_data_fault(status(code));
        client.artist(1).await.expect_err("not retried");
    }
    assert_eq!(statuses(&stub), [404, 400, 501]);
}

#[tokio::test]
async fn a_reset_connection_and_a_timeout_are_retried() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    stub.queue_data_fault(DataFault::Drop);
    client.artist(1).await.expect("retried after the reset");
    stub.queue_data_fault(DataFault::Hang(Duration::from_secs(30)));
    let artist = client.request("/api/artist/2").timeout(Duration::from_millis(300)).obj::<chartmetric::Artist>();
    assert_eq!(artist.await.expect("retried after the timeout").id, 2);
    assert_eq!(client.metrics().request_retries, 2);
}

#[tokio::test]
async fn retry_after_is_honoured_and_one_beyond_the_policy_ends_the_retries() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    stub.queue_data_fault(DataFault::Reply { status: 503, headers: vec![(names::RETRY_AFTER, "3600".into())] });
    let error = client.artist(1).await.expect_err("an hour is beyond the policy's 10 s cap");
    assert_eq!(error.kind(), ErrorKind::Server(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(statuses(&stub), [503]);

    stub.queue_data_fault(DataFault::Reply { status: 503, headers: vec![(names::RETRY_AFTER, "1".into())] });
    client.artist(1).await.expect("retried after a second");
    let hits = stub.hits();
    let waited = hits[2].at.duration_since(hits[1].at).expect("in order");
    assert!(waited >= Duration::from_millis(900), "Retry-After: 1 honoured, waited {waited:?}");
}

#[tokio::test]
async fn retries_can_be_switched_off_per_call_and_are_capped_by_the_budget() {
    let stub = Stub::start().await;
    let client = stub.client().retry_budget(RetryBudget::new(0.0, 1)).build().expect("client");
    stub.queue_data_fault(status(503));
    let once = client.request("/api/artist/1").retry_policy(RetryPolicy::never()).send().await.expect("a response");
    assert_eq!(once.status(), StatusCode::SERVICE_UNAVAILABLE);
    for _ in 0..6 {
        stub.queue_data_fault(status(503));
    }
    client.artist(1).await.expect_err("one retry from the reserve, then none");
    client.artist(1).await.expect_err("budget spent: no retry");
    assert_eq!(statuses(&stub), [503, 503, 503, 503]);
}

#[tokio::test]
async fn a_call_gives_up_at_its_deadline_while_the_token_route_hangs() {
    let stub = Stub::start().await;
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    let client = stub.client().deadline(Duration::from_millis(300)).build().expect("client");
    let error = client.artist(1).await.expect_err("no token within the deadline");
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.is_transient());
    stub.state.release.add_permits(10);
    let ok = client.request("/api/artist/1").deadline(Duration::from_secs(60)).obj::<chartmetric::Artist>().await;
    assert_eq!(ok.expect("the refresh went on meanwhile").id, 1);
}

#[tokio::test]
async fn a_429_pause_longer_than_the_deadline_fails_at_once() {
    let stub = Stub::start().await;
    let client = stub.client().deadline(Duration::from_secs(3)).build().expect("client");
    stub.queue_data_fault(DataFault::RateLimited { reset_in: 30, skew: 0 });
    let error = client.artist(1).await.expect_err("30 s pause, 3 s deadline");
    assert!(matches!(error.kind(), ErrorKind::RateLimited { .. }), "not slept into a timeout: {error}");
    assert_eq!(statuses(&stub), [429]);
}

#[tokio::test]
async fn the_last_rate_limit_figures_are_readable() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    assert_eq!(client.rate_limit(), None);
    let response = client.request("/api/artist/1").send().await.expect("response");
    let figures = client.rate_limit().expect("figures");
    assert_eq!((figures.limit, figures.remaining), (Some(100), Some(99)));
    let reset = figures.reset.expect("reset");
    assert!(reset > SystemTime::now() - Duration::from_secs(60) && reset > UNIX_EPOCH);
    assert_eq!(response.rate_limit(), Some(figures));
}

#[tokio::test]
async fn a_refresh_can_be_forced() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let first = client.access_token().await.expect("token");
    client.refresh().await.expect("refresh");
    let second = client.access_token().await.expect("token");
    assert_ne!(first.expose_secret(), second.expose_secret());
    assert_eq!(stub.mints(), 2);
    let current = client.current_access_token().expect("current");
    assert_eq!(current.token.expose_secret(), second.expose_secret());
    let left = current.expires_at.duration_since(SystemTime::now()).expect("in the future");
    assert!(left > Duration::from_secs(3000) && left <= Duration::from_secs(3600));
}

#[tokio::test]
async fn query_parameters_are_encoded_and_lists_paged_by_offset_and_limit() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let obj: serde_json::Value = client.request("/api/echo").query("q", "R&B/Soul x").obj().await.expect("obj");
    assert_eq!(obj["query"], "q=R%26B%2FSoul+x");

    for size in [Some(10), None, Some(25), Some(7)] {
        let mut pages = client.request("/api/list/25").pages(size);
        let mut ids = Vec::new();
        while let Some(page) = pages.next_page().await.expect("page") {
            ids.extend(page.items().iter().map(|item| item["id"].as_u64().expect("id")));
        }
        assert_eq!(ids, (0..25).collect::<Vec<_>>(), "page size {size:?}");
    }
}
