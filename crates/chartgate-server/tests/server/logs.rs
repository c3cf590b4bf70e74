//! Request logs: one line per request at its end, with the route template
//! and status; the cause of a failure the server caused written once.
use crate::common::*;
use std::sync::{Arc, Mutex};

/// Two do-nothing dispatchers kept for the whole process: tracing caches
/// per call site whether anyone listens, and with other tests of this binary
/// starting and dropping subscribers, a site could be cached as "never"
/// while this test listens. With more than one dispatcher alive, every site
/// asks the current one each time.
static BYSTANDERS: std::sync::LazyLock<[tracing::Dispatch; 2]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|_| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::new()))
});

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
    std::sync::LazyLock::force(&BYSTANDERS);
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (app, hooked, _dir) = hooked_app(|_| {}).await;
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
