//! Request logs: one line per request at its end, with the route template
//! and status; the cause of a failure the server caused written once.
#![allow(clippy::unwrap_used)] // a failed unwrap is how a test fails
mod common;

use chartgate_sqlite::SqliteStore;
use chartgate_testkit::hooked::HookedStore;
use common::*;
use std::sync::{Arc, Mutex};

/// Log output captured in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn lines_with(&self, needle: &str) -> Vec<String> {
        let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        text.lines().filter(|l| l.contains(needle)).map(str::to_owned).collect()
    }
}

// One thread: the server's tasks run where the subscriber is installed.
#[tokio::test(flavor = "current_thread")]
async fn a_backend_failure_is_logged_once_with_route_status_and_cause_and_a_success_at_debug() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(dir.path().join("c.db").to_str().unwrap()).unwrap();
    let hooked = HookedStore::new(Arc::new(sqlite));
    let app = spawn_with(Options { store: Some(hooked.clone()), ..Options::default() }).await;
    let refresh = app.user("logs", "standard").await;
    let access = app.mint(&refresh).await.token;

    hooked.fail_artist_reads(true);
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 503);
    let failed = logs.lines_with("artist reads are failing");
    assert_eq!(failed.len(), 1, "the cause is logged exactly once: {failed:#?}");
    let line = &failed[0];
    assert!(line.contains("WARN"), "a backend away is a warning: {line}");
    assert!(line.contains("route=\"/api/artist/{id}\"") || line.contains("route=/api/artist/{id}"), "{line}");
    assert!(line.contains("status=503") && line.contains("latency_ms="), "{line}");

    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    let ok = logs.lines_with("route=\"/healthz\"");
    let ok = if ok.is_empty() { logs.lines_with("route=/healthz") } else { ok };
    assert_eq!(ok.len(), 1, "one line per request: {ok:#?}");
    assert!(ok[0].contains("DEBUG") && ok[0].contains("status=200"), "{}", ok[0]);
    assert!(logs.lines_with(&refresh).is_empty() && logs.lines_with(&access).is_empty(), "no token in logs");
}
