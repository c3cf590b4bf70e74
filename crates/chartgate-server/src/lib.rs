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
    state: AppState,
}

impl Application {
    /// Loads the in-memory views and binds the listen address (port 0 picks
    /// a free port; [`Application::local_addr`] tells which).
    pub async fn build(config: ServerConfig, backends: Backends) -> Result<Self, StartError> {
        let listen = config.listen;
        let state = AppState::load(backends, config).await?;
        let listener = TcpListener::bind(listen).await.map_err(|source| StartError::Bind { addr: listen, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: listen, source })?;
        Ok(Self { listener, addr, state })
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
        let grace = self.state.config().shutdown_grace;
        let router = app::router(self.state);
        let result = http::serve(self.listener, router, shutdown, grace).await;
        background.abort();
        result
    }
}

/// Polls the store for changes and lets the limiter tidy up.
async fn background(state: AppState) {
    let poll = state.config().poll_interval;
    let mut tick = tokio::time::interval(poll.min(Duration::from_secs(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_housekeeping = state.now();
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
        let now = state.now();
        if now.as_micros() >= last_housekeeping.as_micros() + 1_000_000 {
            state.limiter().housekeeping(now);
            last_housekeeping = now;
        }
    }
}
