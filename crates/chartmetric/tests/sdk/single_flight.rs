//! Single flight: any number of callers at expiry cause one mint per attempt.

use crate::common::{Stub, eventually};
use chartmetric::{Client, ErrorKind, ExposeSecret, ManualClock};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

const CALLERS: usize = 10_000;

/// A client whose first token is already expired, with mints held at the
/// stub until released.
async fn expired_client(stub: &Stub) -> Client {
    let clock = Arc::new(ManualClock::new());
    let client = stub.client().clock(clock.clone()).build().expect("client");
    client.access_token().await.expect("first token");
    clock.advance(Duration::from_secs(3601));
    stub.state.hold_mints.store(true, Ordering::SeqCst);
    client
}

/// Counts itself once its future has been polled for the first time. A
/// caller's first poll either finishes or ends parked on the refresh in
/// flight, so when all callers have counted, all of them wait for it.
struct CountedAfterFirstPoll<F: Future> {
    inner: Pin<Box<F>>,
    counter: Arc<AtomicUsize>,
    counted: bool,
}

impl<F: Future> Future for CountedAfterFirstPoll<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        let poll = this.inner.as_mut().poll(cx);
        if !this.counted {
            this.counted = true;
            this.counter.fetch_add(1, Ordering::SeqCst);
        }
        poll
    }
}

/// Spawns the callers and returns once every one of them waits for the
/// refresh (or is done).
async fn spawn_callers(client: &Client) -> Vec<tokio::task::JoinHandle<chartmetric::Result<String>>> {
    let parked = Arc::new(AtomicUsize::new(0));
    let tasks = (0..CALLERS)
        .map(|_| {
            let client = client.clone();
            let inner = Box::pin(async move {
                let token = client.access_token().await?;
                Ok(token.expose_secret().to_owned())
            });
            let counter = parked.clone();
            tokio::spawn(CountedAfterFirstPoll { inner, counter, counted: false })
        })
        .collect();
    eventually("all callers waiting", || parked.load(Ordering::SeqCst) == CALLERS).await;
    tasks
}

async fn results(tasks: Vec<tokio::task::JoinHandle<chartmetric::Result<String>>>) -> Vec<chartmetric::Result<String>> {
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.expect("caller task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_callers_cause_one_mint() {
    let stub = Stub::start().await;
    let client = expired_client(&stub).await;
    let tasks = spawn_callers(&client).await;
    stub.state.release.add_permits(100);
    let tokens: HashSet<String> = results(tasks).await.into_iter().map(|r| r.expect("token")).collect();
    assert_eq!(stub.mints(), 2, "the first token, then exactly one mint for 10,000 callers");
    assert_eq!(tokens.len(), 1, "every caller got the same new token");
    assert_eq!(client.metrics().mints, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_callers_cause_one_mint_per_backoff_step_when_minting_fails() {
    let stub = Stub::start().await;
    let client = expired_client(&stub).await;
    stub.fail_next_mints(&[503, 500]);
    let tasks = spawn_callers(&client).await;
    stub.state.release.add_permits(100);
    let tokens: HashSet<String> =
        results(tasks).await.into_iter().map(|r| r.expect("token after two retries")).collect();
    assert_eq!(tokens.len(), 1);
    assert_eq!(stub.mints(), 1 + 3, "two failed attempts and one success, not 30,000");
    let metrics = client.metrics();
    assert_eq!((metrics.mint_failures, metrics.mint_retries), (2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_callers_share_one_rejection_of_the_refresh_token() {
    let stub = Stub::start().await;
    let client = expired_client(&stub).await;
    stub.fail_all_mints(Some(401));
    let tasks = spawn_callers(&client).await;
    stub.state.release.add_permits(100);
    for result in results(tasks).await {
        let error = result.expect_err("rejected");
        assert_eq!(error.kind(), ErrorKind::RefreshTokenRejected);
    }
    assert_eq!(stub.mints(), 2, "a permanent failure is not retried, and shared");
}
