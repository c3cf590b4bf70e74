//! chartgate's HTTP server.
//!
//! Owns the router, the bearer guard, the mapping of errors to statuses and
//! JSON bodies, the in-memory views that keep the database off the request
//! path (users and plans, verified tokens, the catalog), and the accept loop.
//!
//! It does not choose backends: it is handed an `Arc<dyn Store>` and an
//! `Arc<dyn Limiter>` ([`Backends`]) by the binary, and never asks which
//! database it runs on.

pub mod activity;
pub mod app;
pub mod authenticate;
pub mod body_cache;
pub mod bootstrap;
pub mod catalog;
pub mod config;
pub mod directory;
pub mod docs_page;
pub mod error;
pub mod faults;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod gateway;
pub mod guard;
pub mod headers;
pub mod http;
mod limits;
pub mod metrics;
pub mod mint;
pub mod openapi;
pub mod routes;
pub mod sandbox;
pub mod state;
pub mod store_call;
pub mod verified;

pub use config::ServerConfig;
pub use error::ApiError;
pub use state::{AppState, Backends};

use chartgate_core::{Action, AuditEvent, Subject, UnixTime};
use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] chartgate_core::StoreError),
    /// The gateway could not be set up.
    #[error(transparent)]
    Gateway(#[from] gateway::BuildError),
}

/// A server bound to its address, ready to run.
pub struct Application {
    listener: TcpListener,
    addr: SocketAddr,
    metrics: Option<(TcpListener, SocketAddr)>,
    state: AppState,
}

impl Application {
    /// Loads the in-memory views and binds the listen address (port 0 picks
    /// a free port; [`Application::local_addr`] tells which).
    pub async fn build(config: ServerConfig, backends: Backends) -> Result<Self, StartError> {
        let (listen, metrics_listen) = (config.listen, config.metrics_listen);
        let state = AppState::load(backends, config).await?;
        let (listener, addr) = bind(listen).await?;
        let metrics = match metrics_listen {
            Some(at) => Some(bind(at).await?),
            None => None,
        };
        Ok(Self { listener, addr, metrics, state })
    }

    /// The bound address of the separate metrics listener, if any.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|(_, a)| *a)
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared state (tests use it to look inside).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then lets requests in flight finish.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        let background = tokio::spawn(background(self.state.clone()));
        let (stop_flushing, flushing_stopped) = tokio::sync::oneshot::channel();
        let flushing = tokio::spawn(flush(self.state.clone(), flushing_stopped));
        let c = self.state.config();
        let limits = http::Limits {
            grace: c.shutdown_grace,
            max_connections: c.max_connections,
            header_timeout: c.header_timeout,
        };
        // The metrics listener stops when the main one does.
        let (stop_metrics, stopped) = tokio::sync::watch::channel(());
        let metrics = self.metrics.map(|(listener, _)| {
            let mut stopped = stopped.clone();
            let router = app::metrics_router(self.state.clone());
            let stop = async move {
                let _ = stopped.changed().await;
            };
            tokio::spawn(http::serve(listener, router, stop, http::Limits { max_connections: 64, ..limits }))
        });
        let router = app::router(self.state);
        let result = http::serve(self.listener, router, shutdown, limits).await;
        drop(stop_metrics);
        if let Some(m) = metrics {
            let _ = m.await;
        }
        background.abort();
        // The flusher writes what was counted since its last flush, then ends.
        let _ = stop_flushing.send(());
        let _ = flushing.await;
        result
    }
}

async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr, source })?;
    let bound = listener.local_addr().map_err(|source| StartError::Bind { addr, source })?;
    Ok((listener, bound))
}

/// The background work: polling the store, and the limiter's upkeep, each
/// on its own task so that a slow store never holds up the limiter. (The
/// activity is flushed by a task of its own, [`flush`], stopped gracefully.)
async fn background(state: AppState) {
    let polling = tokio::spawn(poll(state.clone()));
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Aborting this task must stop the poller too.
    let _poller = AbortOnDrop(polling);
    loop {
        tick.tick().await;
        state.limiter().housekeeping(state.now());
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How often replaced refresh tokens past their retention are forgotten.
const FORGET_EVERY: Duration = Duration::from_secs(3600);

/// Writes the mint counts and security events to the store every flush
/// interval, and, once an hour, forgets the replaced refresh tokens past
/// their retention. When `stop` fires (or its sender is dropped), flushes a
/// last time and returns; a flush is never cut short.
async fn flush(state: AppState, mut stop: tokio::sync::oneshot::Receiver<()>) {
    let mut tick = tokio::time::interval(state.config().flush_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    let mut forgot: Option<tokio::time::Instant> = None;
    loop {
        let stopping = tokio::select! {
            _ = tick.tick() => false,
            _ = &mut stop => true,
        };
        let flushed = state.activity().flush(state.store()).await;
        if stopping {
            if let Err(e) = flushed {
                tracing::warn!(error = %e, "cannot write the last mint counts and audit events to the store");
            }
            return;
        }
        match flushed {
            Ok(()) => failing = false,
            Err(e) if !failing => {
                failing = true;
                tracing::warn!(error = %e, "cannot write mint counts and audit events to the store; keeping them");
            }
            Err(_) => {}
        }
        if forgot.is_none_or(|t| t.elapsed() >= FORGET_EVERY) {
            forgot = Some(tokio::time::Instant::now());
            forget_replaced_tokens(&state).await;
        }
    }
}

async fn forget_replaced_tokens(state: &AppState) {
    let retention = state.config().replaced_token_retention.as_micros();
    let before = UnixTime::from_micros(state.now().as_micros().saturating_sub(retention as u64));
    let store = state.store();
    match store.call(store.get().forget_replaced_refresh_tokens(before)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(forgotten = n, "forgot replaced refresh tokens past their retention"),
        Err(e) => tracing::warn!(error = %e, "cannot forget old replaced refresh tokens"),
    }
}

/// Polls the store's change sequence every poll interval (each poll bounded
/// by the store timeout), and says when the view goes stale and recovers;
/// a recovery is audited, with how long the instance was stale.
async fn poll(state: AppState) {
    let mut tick = tokio::time::interval(state.config().poll_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let max_staleness = state.config().max_staleness;
    let mut stale = false;
    // While stale: when the view was last current, and when it went stale.
    let mut outage: Option<(Instant, Instant)> = None;
    loop {
        tick.tick().await;
        match state.directory().refresh().await {
            Ok(Some(revoked)) => {
                state.catalog().clear();
                state.bodies().invalidate();
                state.metrics().revocations.inc_by(revoked as u64);
                if let Err(e) = state.reload_keys().await {
                    tracing::warn!(error = %e, "cannot read the signing keys; keeping the last ones");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot poll the store for changes; keeping the last view"),
        }
        if state.sandbox().tick(state.now()) {
            state.bodies().invalidate();
        }
        let staleness = state.directory().staleness();
        let now_stale = staleness > max_staleness;
        if now_stale != stale {
            stale = now_stale;
            if stale {
                let now = Instant::now();
                outage = Some((now.checked_sub(staleness).unwrap_or(now), now));
                tracing::error!(
                    ?max_staleness,
                    "the view of users and plans is stale: authenticated routes answer 503"
                );
            } else {
                tracing::warn!("the view of users and plans is current again: authenticated routes answer");
                if let Some((synced, went_stale)) = outage.take() {
                    state.activity().record(recovered(&state, synced.elapsed(), went_stale.elapsed()));
                }
            }
        }
    }
}

/// The audit event of an instance that was stale and is current again.
fn recovered(state: &AppState, out_of_sync: Duration, stale: Duration) -> AuditEvent {
    let instance = &state.config().instance;
    let details = serde_json::json!({
        "stale_ms": stale.as_millis() as u64,
        "out_of_sync_ms": out_of_sync.as_millis() as u64,
        "max_staleness_ms": state.config().max_staleness.as_millis() as u64,
    });
    AuditEvent::new(state.now(), instance, Subject::instance(instance), Action::INSTANCE_WAS_STALE, details)
}
