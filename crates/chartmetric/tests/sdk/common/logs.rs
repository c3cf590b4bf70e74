//! Capturing tracing output, for the tests that check what is logged.
//!
//! These tests share their process with tests that log without a
//! subscriber, and tracing-core caches each callsite's interest
//! process-wide. While at most one dispatcher is registered it works out a
//! callsite's interest from the default of whichever thread hits the
//! callsite first: a test without a subscriber would cache `never` and hide
//! that callsite's events from a capturing test's thread-local subscriber.
//! [`capture`] therefore keeps two do-nothing dispatchers registered for
//! the life of the process: interest is then always worked out from every
//! live dispatcher, under the lock that registering a subscriber takes, and
//! each thread's own subscriber decides.

use parking_lot::Mutex;
use std::io::Write;
use std::sync::{Arc, LazyLock};
use tracing::Dispatch;
use tracing::subscriber::NoSubscriber;

/// Registered once and never dropped; see the module documentation.
static BYSTANDERS: LazyLock<[Dispatch; 2]> =
    LazyLock::new(|| std::array::from_fn(|_| Dispatch::new(NoSubscriber::new())));

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
pub struct Buffer(Arc<Mutex<Vec<u8>>>);

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
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock()).into_owned()
    }
}

/// A subscriber that writes everything, at every level, into `buffer`; set
/// it as the thread's default for the code under test.
pub fn capture(buffer: &Buffer) -> impl tracing::Subscriber + Send + Sync {
    LazyLock::force(&BYSTANDERS);
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
}
