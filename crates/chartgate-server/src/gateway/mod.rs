//! Gateway mode: chartgate in front of an API that already exists.
//!
//! Every request under `/api/` but the token route is guarded exactly as a
//! data route (bearer, plan, rate limit, scope: the scope of the upstream
//! its path prefix picks, the longest prefix winning), then forwarded with
//! its method, path, query and body, streamed both ways ([`forward`]). The
//! upstream gets chartgate's identity headers instead of the caller's
//! credentials ([`headers`]); its answer comes back unchanged but for the
//! hop-by-hop headers, with chartgate's `X-RateLimit-*` added by the guard.
//! No answer: 502 (unreachable, broken) or 504 (too slow), as JSON.
//!
//! In broker mode ([`broker`]) chartgate also holds the upstream account's
//! refresh token, sends its own access token upstream, shapes all traffic
//! to the upstream plan in a queue fair between users, and may cache.
//!
//! The parts below [`crate::state`] (the configuration, the [`Gateway`]
//! and its upstreams, the broker, bodies, metrics) import nothing above it;
//! [`forward`] (the handler and the gateway's guard) sits at the level of
//! [`crate::routes`].

pub mod body;
pub mod broker;
mod client;
pub mod config;
pub mod error;
pub mod forward;
pub mod headers;
pub mod metrics;

pub use config::{BrokerConfig, GatewayConfig, RefreshTokenSource, Secret, UpstreamConfig, UpstreamSpec};
pub use error::GatewayError;
pub use forward::{Forwarded, MOUNT};

use crate::gateway::broker::Broker;
use crate::gateway::config::{Prefix, UpstreamUrl};
use chartgate_core::{Clock, Limiter, Scope};
use http::HeaderValue;
use std::sync::Arc;
use std::time::Duration;

/// Why the gateway could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The settings do not hold together.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// The TLS client could not be set up.
    #[error("cannot set up the upstream client: {0}")]
    Client(String),
    /// The shared secret cannot be sent as a header value.
    #[error("the upstream shared secret must be visible ASCII")]
    Secret,
    /// The broker's token manager refused its settings.
    #[error(transparent)]
    Token(#[from] broker::UpstreamTokenError),
}

/// One upstream, ready to forward to.
pub struct Upstream {
    /// Its configured name (a metric label; leaked once at start-up, as the
    /// label type wants a `'static` name and the set is fixed).
    pub name: &'static str,
    /// The path prefix it serves.
    pub prefix: Prefix,
    /// Where requests go.
    pub url: UpstreamUrl,
    /// The scope a caller needs.
    pub scope: Scope,
    client: client::HttpClient,
}

/// The gateway: upstreams longest prefix first, and what forwarding needs.
pub struct Gateway {
    upstreams: Vec<Upstream>,
    secret: Option<HeaderValue>,
    connect_timeout: Duration,
    response_timeout: Duration,
    max_body: u64,
    broker: Option<Broker>,
}

impl Gateway {
    /// Builds the clients (and, in broker mode, the token manager, the
    /// queue on `limiter` and the cache). Call within a runtime.
    pub fn new(config: GatewayConfig, limiter: Arc<dyn Limiter>, clock: Arc<dyn Clock>) -> Result<Self, BuildError> {
        config.check()?;
        let mut upstreams = Vec::with_capacity(config.upstreams.len());
        for u in config.upstreams {
            let client = client::new(config.connect_timeout).map_err(|e| BuildError::Client(e.to_string()))?;
            let name: &'static str = Box::leak(u.name.into_boxed_str());
            upstreams.push(Upstream { name, prefix: u.prefix, url: u.url, scope: u.scope, client });
        }
        upstreams.sort_by_key(|u| std::cmp::Reverse(u.prefix.as_str().len()));
        let secret = match &config.secret {
            Some(s) => Some(headers::secret_value(s).ok_or(BuildError::Secret)?),
            None => None,
        };
        let broker = match config.broker {
            Some(b) => Some(Broker::new(&b, &upstreams[0].url, limiter, clock)?),
            None => None,
        };
        let (connect_timeout, response_timeout, max_body) =
            (config.connect_timeout, config.response_timeout, config.max_body);
        Ok(Self { upstreams, secret, connect_timeout, response_timeout, max_body, broker })
    }

    /// The upstream serving `path`: the longest prefix that does.
    pub fn pick(&self, path: &str) -> Option<&Upstream> {
        self.upstreams.iter().find(|u| u.prefix.serves(path))
    }

    /// The upstreams, longest prefix first.
    pub fn upstreams(&self) -> &[Upstream] {
        &self.upstreams
    }

    /// The broker, in broker mode.
    pub fn broker(&self) -> Option<&Broker> {
        self.broker.as_ref()
    }

    /// Whether each upstream accepts a TCP connection within the connect
    /// timeout (at most `bound`): its name and the answer.
    pub async fn probe(&self, bound: Duration) -> Vec<(&'static str, bool)> {
        let limit = self.connect_timeout.min(bound);
        let mut probes = tokio::task::JoinSet::new();
        for (i, u) in self.upstreams.iter().enumerate() {
            let (host, port) = u.url.host_port();
            probes.spawn(async move {
                let connected =
                    tokio::time::timeout(limit, tokio::net::TcpStream::connect((host.as_str(), port))).await;
                (i, matches!(connected, Ok(Ok(_))))
            });
        }
        let mut out: Vec<_> = self.upstreams.iter().map(|u| (u.name, false)).collect();
        while let Some(done) = probes.join_next().await {
            if let Ok((i, ok)) = done {
                out[i].1 = ok;
            }
        }
        out
    }
}
