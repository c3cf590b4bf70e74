//! The test harness: starts the real application on port 0 with a fresh
//! SQLite database in a temp dir, and talks to it over HTTP.

pub mod wire;
pub use wire::*;
pub mod cluster;
pub mod limited_api;
pub mod limits;
pub mod proxy;
pub mod upstream;
pub use limits::*;

use chartgate_core::{Actor, Clock, ManualClock, Plan, Store, SystemClock, UserName, admin};
use chartgate_memory::MemoryLimiter;
use chartgate_server::{Application, Backends, ServerConfig, bootstrap};
use chartgate_sqlite::SqliteStore;
use chartmetric_types::TokenResponse;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How a test app is built.
pub struct Options {
    /// A manual clock, or the system clock when `None`.
    pub clock: Option<Arc<ManualClock>>,
    /// Reuse this database file (restart tests); a fresh one otherwise.
    pub db_path: Option<PathBuf>,
    /// Server settings; `listen` is forced to 127.0.0.1:0.
    pub config: ServerConfig,
    /// Another store (PostgreSQL, shared by several instances); a fresh
    /// SQLite file otherwise.
    pub store: Option<Arc<dyn Store>>,
    /// Another limiter (Redis, shared); an in-process one otherwise.
    pub limiter: Option<Arc<dyn chartgate_core::Limiter>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            clock: None,
            db_path: None,
            config: ServerConfig {
                poll_interval: Duration::from_millis(50),
                shutdown_grace: Duration::from_secs(10),
                ..ServerConfig::default()
            },
            store: None,
            limiter: None,
        }
    }
}

/// A running application.
pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub store: Arc<dyn Store>,
    pub clock: Option<Arc<ManualClock>>,
    pub db_path: PathBuf,
    pub http: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<std::io::Result<()>>>,
    _dir: Option<tempfile::TempDir>,
}

/// Starts an app with default options.
pub async fn spawn_app() -> TestApp {
    spawn_with(Options::default()).await
}

/// Starts an app.
pub async fn spawn_with(opts: Options) -> TestApp {
    let (dir, db_path) = match opts.db_path {
        Some(p) => (None, p),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let p = dir.path().join("chartgate.db");
            (Some(dir), p)
        }
    };
    let store: Arc<dyn Store> = match opts.store {
        Some(s) => s,
        None => Arc::new(SqliteStore::open(db_path.to_str().expect("utf-8 path")).expect("open store")),
    };
    let fresh = store.migrate().await.expect("migrate");
    let clock: Arc<dyn Clock> = match &opts.clock {
        Some(c) => c.clone(),
        None => Arc::new(SystemClock),
    };
    bootstrap::seed_if_fresh(&*store, fresh, &admin::By::new(tester(), clock.now())).await.expect("seed");
    let keys = bootstrap::key_ring(&*store, None, chartgate_core::KeyAlg::Hs256).await.expect("keys");
    let config = ServerConfig { listen: SocketAddr::from(([127, 0, 0, 1], 0)), ..opts.config };
    let limiter = opts.limiter.unwrap_or_else(|| Arc::new(MemoryLimiter::new()));
    let backends = Backends { store: store.clone(), limiter, clock, keys };
    let app = Application::build(config, backends).await.expect("build");
    let addr = app.local_addr();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(app.run(async move {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        base: format!("http://{addr}"),
        store,
        clock: opts.clock,
        db_path,
        http: reqwest::Client::new(),
        shutdown: Some(tx),
        handle: Some(handle),
        _dir: dir,
    }
}

impl TestApp {
    /// The URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates (or updates) a plan.
    pub async fn plan(&self, name: &str, rps: u32, mint_rps: u32, scopes: &str) {
        let plan =
            Plan { name: name.parse().unwrap(), rps, mint_rps, scopes: scopes.parse().unwrap(), access_ttl: 3600 };
        self.store.upsert_plan(&plan).await.unwrap();
    }

    /// Creates a user on a plan and returns its refresh token.
    pub async fn user(&self, name: &str, plan: &str) -> String {
        let name: UserName = name.parse().unwrap();
        let (_, token) = admin::add_user(&*self.store, &name, &plan.parse().unwrap(), &by()).await.unwrap();
        token.expose().to_owned()
    }

    /// Mints an access token; panics unless 200.
    pub async fn mint(&self, refresh: &str) -> TokenResponse {
        let res = self
            .http
            .post(self.url("/api/token"))
            .json(&serde_json::json!({ "refreshtoken": refresh }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "mint failed: {}", res.text().await.unwrap());
        res.json().await.unwrap()
    }

    /// `GET path` with a bearer token.
    pub async fn get(&self, path: &str, access: &str) -> reqwest::Response {
        self.http.get(self.url(path)).bearer_auth(access).send().await.unwrap()
    }

    /// Advances the manual clock.
    pub fn advance(&self, d: Duration) {
        self.clock.as_ref().expect("manual clock").advance(d);
    }

    /// Waits for the server to see store changes (a few poll intervals).
    pub async fn settle(&self) {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    /// Shuts down gracefully and waits for the server to stop; returns the
    /// database path for a restart.
    pub async fn stop(mut self) -> (PathBuf, Option<tempfile::TempDir>) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.unwrap().unwrap();
        }
        (self.db_path.clone(), self._dir.take())
    }
}

/// The actor the tests' administrative changes are recorded under.
pub fn tester() -> &'static Actor {
    static TESTER: std::sync::LazyLock<Actor> = std::sync::LazyLock::new(|| Actor::operator("tests", "localhost"));
    &TESTER
}

/// An administrative change by [`tester`], now.
pub fn by() -> admin::By<'static> {
    admin::By::new(tester(), SystemClock.now())
}

/// Asserts a reply is the JSON error body with the API's content type, and
/// returns its message.
pub async fn error_of(res: reqwest::Response) -> String {
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(ct.as_deref(), Some("application/json; charset=utf-8"));
    let v: serde_json::Value = res.json().await.expect("JSON body");
    let obj = v.as_object().expect("object");
    assert_eq!(obj.len(), 1, "only `error`: {v}");
    obj["error"].as_str().expect("string error").to_owned()
}

/// An app on a fresh SQLite file behind a [`HookedStore`], so a test can
/// hold or break chosen store calls; `config` adjusts the options.
pub async fn hooked_app(
    config: impl FnOnce(&mut Options),
) -> (TestApp, Arc<chartgate_testkit::hooked::HookedStore>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(dir.path().join("c.db").to_str().unwrap()).unwrap();
    let hooked = chartgate_testkit::hooked::HookedStore::new(Arc::new(sqlite));
    let mut opts = Options { store: Some(hooked.clone()), ..Options::default() };
    config(&mut opts);
    (spawn_with(opts).await, hooked, dir)
}
