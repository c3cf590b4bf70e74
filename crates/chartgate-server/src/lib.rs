//! chartgate's HTTP server.
//!
//! Owns the router, the bearer guard, the mapping of errors to statuses and
//! JSON bodies, the in-memory views that keep the database off the request
//! path (users and plans, verified tokens, the catalog), and the accept loop.
//!
//! It does not choose backends: it is handed an `Arc<dyn Store>` and an
//! `Arc<dyn Limiter>` ([`Backends`]) by the binary, and never asks which
//! database it runs on.

pub mod app;
pub mod authenticate;
pub mod bootstrap;
pub mod catalog;
pub mod config;
pub mod directory;
pub mod docs_page;
pub mod error;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod guard;
pub mod headers;
pub mod http;
mod limits;
pub mod metrics;
pub mod mint;
pub mod openapi;
pub mod routes;
pub mod state;
pub mod store_call;
pub mod verified;

pub use config::ServerConfig;
pub use error::ApiError;
pub use state::{AppState, Backends};

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
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
        result
    }
}

async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr, source })?;
    let bound = listener.local_addr().map_err(|source| StartError::Bind { addr, source })?;
    Ok((listener, bound))
}

/// The background work: polling the store, and the limiter's upkeep, each
/// on its own task so that a slow store never holds up the limiter.
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

/// Polls the store's change sequence every poll interval (each poll bounded
/// by the store timeout), and says when the view goes stale and recovers.
async fn poll(state: AppState) {
    let mut tick = tokio::time::interval(state.config().poll_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let max_staleness = state.config().max_staleness;
    let mut stale = false;
    loop {
        tick.tick().await;
        match state.directory().refresh().await {
            Ok(Some(revoked)) => {
                state.catalog().clear();
                state.metrics().revocations.inc_by(revoked as u64);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot poll the store for changes; keeping the last view"),
        }
        let now_stale = state.directory().staleness() > max_staleness;
        if now_stale != stale {
            stale = now_stale;
            if stale {
                tracing::error!(
                    ?max_staleness,
                    "the view of users and plans is stale: authenticated routes answer 503"
                );
            } else {
                tracing::warn!("the view of users and plans is current again: authenticated routes answer");
            }
        }
    }
}
