//! Counters in `client.metrics()`.

use crate::common::Stub;

#[tokio::test]
async fn metrics_count_mints_retries_replays_and_requests() {
    let stub = Stub::start().await;
    let clock = std::sync::Arc::new(chartmetric::ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    stub.fail_next_mints(&[502]);
    client.artist(1).await.expect("artist");
    clock.advance(std::time::Duration::from_secs(61));
    stub.revoke_access_tokens();
    client.artist(1).await.expect("artist");
    let m = client.metrics();
    assert_eq!((m.mints, m.mint_failures, m.mint_retries), (3, 1, 1));
    assert_eq!((m.unauthorized_replays, m.requests), (1, 3));
    assert_eq!((m.rate_limited_responses, m.rate_limit_waits), (0, 0));
}
