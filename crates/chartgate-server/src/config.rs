//! Settings of the HTTP server. The binary builds them from defaults, the
//! environment and flags; tests build them directly.

use chartgate_core::{Actor, Rule};
use std::net::SocketAddr;
use std::time::Duration;

/// The sandbox catalog's seed unless one is configured.
pub const DEFAULT_CATALOG_SEED: u64 = 20_160_101;

/// The memory kept for rendered answers unless configured: 64 MiB.
pub const DEFAULT_BODY_CACHE_BYTES: u64 = 64 << 20;

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// How often the store's change sequence is polled.
    pub poll_interval: Duration,
    /// Failed mints (unknown refresh tokens) accepted per client address.
    pub failed_mint_rule: Rule,
    /// Verified access tokens kept in memory.
    pub verified_cache_capacity: usize,
    /// Bytes of rendered answers kept in memory ([`crate::body_cache`]):
    /// a quarter for artists read from the store, the rest for the sandbox's
    /// rendered answers; 0 keeps none.
    pub body_cache_bytes: u64,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// Issue a new refresh token with every mint (off by default, as the
    /// real API, which echoes the token it was sent). The old token stops
    /// minting; access tokens already issued stay valid.
    pub rotate_refresh_tokens: bool,
    /// With rotation on: how long a replaced refresh token still mints (and
    /// rotates again), for a client retrying after a lost response or two
    /// mints sent at once. Presented later, it is taken as stolen: the
    /// user's refresh token is revoked and its access tokens end.
    pub refresh_grace: Duration,
    /// How long the hashes of replaced refresh tokens are kept for reuse
    /// detection; an older replaced token is merely unknown.
    pub replaced_token_retention: Duration,
    /// Count failed mints by the last `X-Forwarded-For` address instead of
    /// the peer's: turn on only behind a proxy that appends it, else every
    /// client behind the proxy shares one failed-mint budget (when off) or a
    /// client can pick its own address (when on without such a proxy).
    pub trust_forwarded_for: bool,
    /// The longest a request waits on the store (a stalled database gets
    /// 503 after this, not a hung request).
    pub store_timeout: Duration,
    /// The oldest the in-memory view of users and plans may be: an instance
    /// that has not polled the store successfully for longer answers
    /// authenticated routes with 503 (it could be missing a revocation)
    /// until it catches up.
    pub max_staleness: Duration,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// How long a client may take to send a request's header section, and
    /// how long an idle keep-alive connection stays open.
    pub header_timeout: Duration,
    /// How long a client may take to send a request body.
    pub body_timeout: Duration,
    /// Serve `GET /metrics` on this address instead of the public one (the
    /// public port then answers 404 there).
    pub metrics_listen: Option<SocketAddr>,
    /// Honour `X-Chartgate-Fault` request headers (sandbox mode, for
    /// testing clients' retry logic); ignored when off.
    pub sandbox_faults: bool,
    /// The seed of the generated sandbox catalog: the same seed gives the
    /// same answers, byte for byte, on every instance and every restart.
    pub catalog_seed: u64,
    /// Who this instance is in the audit log.
    pub instance: Actor,
    /// How often the mint counts and security events kept in memory are
    /// written to the store.
    pub flush_interval: Duration,
    /// Gateway mode: forward `/api/` to these upstreams instead of serving
    /// the sandbox catalog ([`crate::gateway`]).
    pub gateway: Option<crate::gateway::GatewayConfig>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            poll_interval: Duration::from_millis(500),
            failed_mint_rule: Rule { limit: 10, window: Duration::from_secs(60) },
            verified_cache_capacity: 100_000,
            body_cache_bytes: DEFAULT_BODY_CACHE_BYTES,
            max_body: 16 * 1024,
            shutdown_grace: Duration::from_secs(30),
            rotate_refresh_tokens: false,
            refresh_grace: Duration::from_secs(60),
            replaced_token_retention: Duration::from_secs(30 * 24 * 3600),
            trust_forwarded_for: false,
            store_timeout: Duration::from_secs(3),
            max_staleness: Duration::from_secs(30),
            max_connections: 10_000,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            metrics_listen: None,
            sandbox_faults: false,
            catalog_seed: DEFAULT_CATALOG_SEED,
            instance: Actor::instance("unnamed", std::process::id()),
            flush_interval: Duration::from_secs(1),
            gateway: None,
        }
    }
}
