//! Broker mode: chartgate holds the upstream account's refresh token alone.
//!
//! Every forwarded request carries chartgate's own upstream access token
//! ([`upstream_token`], the one module that uses the `chartmetric` SDK),
//! waits for a slot of the upstream plan in a queue fair between users
//! ([`pacer`]), and, with a cache configured, a repeated GET is answered
//! without an upstream call ([`cache`]).

pub mod cache;
pub mod pacer;
mod upstream_token;

pub use upstream_token::{Authorization, MintCounter, MintCounts, UpstreamTokenError, UpstreamTokens};

use crate::gateway::config::{BrokerConfig, UpstreamUrl};
use cache::AnswerCache;
use chartgate_core::{Clock, Limiter};
use pacer::Pacer;
use std::sync::Arc;

/// The broker's parts.
pub struct Broker {
    /// The upstream access token.
    pub tokens: UpstreamTokens,
    /// The upstream budget and its queue, when the plan's rate is given.
    pub pacer: Option<Pacer>,
    /// Cached answers, when a TTL is given.
    pub cache: Option<Arc<AnswerCache>>,
}

impl Broker {
    /// The broker of the API at `url`.
    pub fn new(
        config: &BrokerConfig,
        url: &UpstreamUrl,
        limiter: Arc<dyn Limiter>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, UpstreamTokenError> {
        let tokens = UpstreamTokens::new(&url.origin(), &config.refresh_token)?;
        let pacer = config.rps.map(|rps| Pacer::new(rps, config.queue_timeout, limiter, clock));
        let cache = config.cache_ttl.map(|ttl| Arc::new(AnswerCache::new(config.cache_bytes, ttl)));
        Ok(Self { tokens, pacer, cache })
    }
}
