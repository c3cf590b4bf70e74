//! A configured refresh token is trimmed, with a warning.
//!
//! Other tests run in this process at the same time; `common::logs::capture`
//! keeps them from hiding events from this test's thread-local subscriber.

use crate::common::Stub;
use crate::common::logs::{Buffer, capture};
use chartmetric::{Client, ExposeSecret};

#[tokio::test]
async fn whitespace_around_the_refresh_token_is_trimmed_with_a_warning() {
    let stub = Stub::start().await;
    let buffer = Buffer::default();
    let padded = format!("  {}\n", stub.refresh_token);
    let builder = tracing::subscriber::with_default(capture(&buffer), || {
        Client::builder().refresh_token(padded).base_url(&stub.url)
    });
    let logs = buffer.text();
    assert!(logs.contains("WARN") && logs.contains("trimmed"), "{logs}");
    let token = builder.build().expect("client").access_token().await.expect("accepted");
    assert!(!token.expose_secret().is_empty());
    assert_eq!(*stub.state.sent_refresh.lock(), vec![stub.refresh_token.clone()]);
}
