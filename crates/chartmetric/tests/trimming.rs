//! A configured refresh token is trimmed, with a warning.
//!
//! The only test in its binary: tracing caches per-callsite interest
//! process-wide, so a concurrent test without a subscriber could hide
//! events from this one's thread-local subscriber.

mod common;

use chartmetric::{Client, ExposeSecret};
use common::Stub;
use parking_lot::Mutex;
use std::io::Write;
use std::sync::Arc;

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock()).into_owned()
    }
}

fn capture(buffer: &Buffer) -> impl tracing::Subscriber + Send + Sync {
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
}

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
