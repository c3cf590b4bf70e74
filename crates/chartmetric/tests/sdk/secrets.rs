//! No token bytes in `Debug` output or logs, and the spans are there.
//!
//! Other tests run in this process at the same time; `common::logs::capture`
//! keeps them from hiding events from this test's thread-local subscriber.

use crate::common::Stub;
use crate::common::logs::{Buffer, capture};
use chartmetric::{RefreshTokenStore, SecretString};
use std::sync::Arc;
use std::sync::atomic::Ordering;

#[derive(Debug, Default)]
struct Sink;

impl RefreshTokenStore for Sink {
    fn save(&self, _token: &SecretString) -> std::io::Result<()> {
        Ok(())
    }
}

/// Drives every path that touches a token: mint with retry, rotation,
/// 401 replay, error, `Debug` of everything the caller can hold.
async fn exercise(stub: &Stub) -> Vec<String> {
    let clock = Arc::new(chartmetric::ManualClock::new());
    let builder = stub.client().clock(clock.clone()).refresh_token_store(Arc::new(Sink));
    let mut debug = vec![format!("{builder:?}")];
    let client = builder.build().expect("client");
    stub.fail_next_mints(&[503]);
    stub.state.rotate.store(true, Ordering::SeqCst);
    let token = client.access_token().await.expect("token");
    client.artist(206557).await.expect("artist");
    clock.advance(std::time::Duration::from_secs(61));
    stub.revoke_access_tokens();
    client.artist(206557).await.expect("replayed");
    let error = client.artist(404).await.expect_err("404");
    let header = client.authorization().await.expect("header");
    debug.extend([
        format!("{client:?}"),
        format!("{token:?}"),
        format!("{error:?} {error}"),
        format!("{header:?}"),
        format!("{:?}", client.metrics()),
    ]);
    debug
}

fn every_token(stub: &Stub) -> Vec<String> {
    let mut tokens = stub.state.issued.lock().clone();
    tokens.extend(stub.state.sent_refresh.lock().iter().cloned());
    tokens.extend(stub.state.accepted_refresh.lock().iter().cloned());
    tokens.push(stub.refresh_token.clone());
    tokens
}

#[tokio::test]
async fn no_token_bytes_appear_in_debug_output_or_logs() {
    let buffer = Buffer::default();
    let _guard = tracing::subscriber::set_default(capture(&buffer));
    let stub = Stub::start().await;
    let debug = exercise(&stub).await;
    let logs = buffer.text();
    if std::env::var_os("SHOW_LOGS").is_some() {
        eprintln!("{logs}\n{debug:#?}");
    }
    let tokens = every_token(&stub);
    assert!(tokens.len() >= 6, "access and refresh tokens were issued and rotated");
    for token in &tokens {
        // The random part alone must not show, whatever prefix surrounds it.
        let needle = token.split_once('-').map_or(token.as_str(), |(_, r)| r);
        assert!(!logs.contains(needle), "a token leaked into the logs");
        for text in &debug {
            assert!(!text.contains(needle), "a token leaked into Debug output: {text}");
        }
    }
    for expected in ["chartmetric.refresh", "chartmetric.mint", "chartmetric.retry", "rotated"] {
        assert!(logs.contains(expected), "the logs mention {expected}");
    }
}
