//! The token manager against a minimal token route, with hooks that stop a
//! caller and a refresh at chosen points, so that races are hit on purpose.

use super::{TokenConfig, TokenManager};
use crate::backoff::RetryPolicy;
use crate::clock::{ClockSource, ManualClock};
use crate::metrics::Counters;
use crate::secret::parse_refresh_token;
use parking_lot::Mutex;
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

type Hook = Mutex<Option<Box<dyn FnOnce() + Send>>>;

/// Points where a test can stop the token manager. Each hook runs once.
#[derive(Default)]
pub(super) struct Hooks {
    /// A caller on the slow path has read the cache and holds the flight slot.
    pub(super) after_cache_read: Hook,
    /// A refresh has installed its token and told its waiters.
    pub(super) published: Hook,
}

impl Hooks {
    pub(super) fn run(&self, hook: &Hook) {
        let armed = hook.lock().take();
        if let Some(hook) = armed {
            hook();
        }
    }
}

/// A token route that answers each mint once a permit is released.
struct TokenRoute {
    url: String,
    mints: Arc<AtomicU32>,
    release: Arc<Semaphore>,
}

impl TokenRoute {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/api/token", listener.local_addr().expect("addr"));
        let (mints, release) = (Arc::new(AtomicU32::new(0)), Arc::new(Semaphore::new(0)));
        let (m, r) = (Arc::clone(&mints), Arc::clone(&release));
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (m, r) = (Arc::clone(&m), Arc::clone(&r));
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0; 4096];
                    // The body is a few bytes after the headers.
                    while !request.ends_with(b"}") {
                        let n = socket.read(&mut buf).await.expect("read");
                        assert!(n > 0, "request cut short");
                        request.extend_from_slice(&buf[..n]);
                    }
                    let n = m.fetch_add(1, Ordering::SeqCst) + 1;
                    r.acquire().await.expect("open").forget();
                    let body = format!(r#"{{"token":"at-{n}","expires_in":3600,"refresh_token":"rt","scope":"api"}}"#);
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(response.as_bytes()).await.expect("write");
                });
            }
        });
        Self { url, mints, release }
    }

    fn mints(&self) -> u32 {
        self.mints.load(Ordering::SeqCst)
    }
}

fn manager(route: &TokenRoute, clock: Arc<ManualClock>) -> TokenManager {
    TokenManager::new(TokenConfig {
        http: reqwest::Client::new(),
        token_url: route.url.parse().expect("url"),
        refresh_token: parse_refresh_token("rt".to_owned()).expect("token"),
        store: None,
        clock: ClockSource::Custom(clock),
        policy: RetryPolicy::default(),
        limits: super::MintLimits::default(),
        counters: Arc::new(Counters::default()),
    })
}

async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..6000 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A caller reads the cache (an expired token) while a refresh is in
/// flight; the refresh finishes before the caller looks at the flight slot.
/// The caller must take the new token, not start a second mint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_that_read_the_cache_just_before_a_refresh_finished_starts_no_second_mint() {
    let route = TokenRoute::start().await;
    let clock = Arc::new(ManualClock::new());
    let tokens = manager(&route, Arc::clone(&clock));
    route.release.add_permits(1);
    tokens.access_token(Duration::from_secs(60)).await.expect("first token");
    clock.advance(Duration::from_secs(3601));

    let first_waiter = tokio::spawn({
        let tokens = tokens.clone();
        async move { tokens.access_token(Duration::from_secs(60)).await.map(|t| t.expose_secret().to_owned()) }
    });
    until("the refresh under way", || route.mints() == 2).await;

    let (published, finished) = std::sync::mpsc::channel();
    *tokens.inner.hooks.published.lock() = Some(Box::new(move || published.send(()).expect("send")));
    let release = Arc::clone(&route.release);
    *tokens.inner.hooks.after_cache_read.lock() = Some(Box::new(move || {
        // The caller has seen the expired token. Let the refresh finish now,
        // and only then let the caller go on. (A spare permit lets a wrong
        // second mint complete, so that the test fails instead of hanging.)
        release.add_permits(2);
        finished.recv_timeout(Duration::from_secs(60)).expect("the refresh finished");
    }));
    let late = tokens.access_token(Duration::from_secs(60)).await.expect("token").expose_secret().to_owned();
    let early = first_waiter.await.expect("task").expect("token");
    assert_eq!(late, early, "both callers got the one new token");
    assert_eq!(route.mints(), 2, "no second mint");
}
