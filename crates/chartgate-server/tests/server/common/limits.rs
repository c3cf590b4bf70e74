//! Helpers for the rate-limit, scope and plan tests: the `X-RateLimit-*`
//! figures of a reply, apps on a manual clock, and raw mints.

use super::{Options, TestApp, spawn_with};
use chartgate_core::{Clock, ManualClock, SystemClock, UnixTime};
use std::sync::Arc;

/// The three `X-RateLimit-*` figures of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`.
    pub limit: u32,
    /// `X-RateLimit-Remaining`.
    pub remaining: u32,
    /// `X-RateLimit-Reset`, a Unix epoch second.
    pub reset: u64,
}

fn integer_header(res: &reqwest::Response, name: &str) -> Option<u64> {
    let v = res.headers().get(name)?.to_str().expect("ASCII header");
    Some(v.parse().unwrap_or_else(|_| panic!("{name} is not an integer: {v:?}")))
}

/// The `X-RateLimit-*` figures; panics unless all three are integers.
pub fn rate_limit_of(res: &reqwest::Response) -> RateLimit {
    let get = |name| integer_header(res, name).unwrap_or_else(|| panic!("{} without {name}", res.status()));
    RateLimit {
        limit: get("X-RateLimit-Limit") as u32,
        remaining: get("X-RateLimit-Remaining") as u32,
        reset: get("X-RateLimit-Reset"),
    }
}

/// Whether a reply carries any `X-RateLimit-*` header.
pub fn has_rate_limit_headers(res: &reqwest::Response) -> bool {
    ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"].iter().any(|n| res.headers().contains_key(*n))
}

/// `Retry-After` in whole seconds; panics unless present and an integer.
pub fn retry_after_of(res: &reqwest::Response) -> u64 {
    integer_header(res, "Retry-After").unwrap_or_else(|| panic!("{} without Retry-After", res.status()))
}

/// The system clock's time, as the server's [`SystemClock`] reads it.
pub fn system_now() -> UnixTime {
    SystemClock.now()
}

/// Starts an app whose clock stands still at the current time until the
/// test moves it (`app.advance`), with these settings otherwise.
pub async fn spawn_manual_with(opts: Options) -> TestApp {
    let clock = Arc::new(ManualClock::starting_now());
    spawn_with(Options { clock: Some(clock), ..opts }).await
}

/// Starts an app on a manual clock with default settings.
pub async fn spawn_manual() -> TestApp {
    spawn_manual_with(Options::default()).await
}

impl TestApp {
    /// The manual clock's time.
    pub fn manual_now(&self) -> UnixTime {
        self.clock.as_ref().expect("manual clock").now()
    }

    /// `POST /api/token` with `{"refreshtoken": refresh}`, whatever comes back.
    pub async fn mint_raw(&self, refresh: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/token"))
            .json(&serde_json::json!({ "refreshtoken": refresh }))
            .send()
            .await
            .expect("send")
    }

    /// A user on a new plan of its own, and a fresh access token for it.
    pub async fn user_on_plan(&self, user: &str, rps: u32, mint_rps: u32, scopes: &str) -> (String, String) {
        let plan = format!("{user}_plan");
        self.plan(&plan, rps, mint_rps, scopes).await;
        let refresh = self.user(user, &plan).await;
        let access = self.mint(&refresh).await.token;
        (refresh, access)
    }
}

/// Retries `f` every 50 ms until it gives `Some`, for changes the server
/// learns of by polling the store; panics after 5 s, naming `what`.
pub async fn eventually<T>(what: &str, mut f: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what} did not happen within 5 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
