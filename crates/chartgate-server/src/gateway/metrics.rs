//! The gateway's metrics. Labels are the upstreams' configured names (a
//! fixed set), statuses and outcome words: never a path.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// An upstream's answer.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    /// The upstream's configured name.
    pub upstream: &'static str,
    /// Its status, or 502/504 for no answer.
    pub status: u16,
}

/// An upstream.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UpstreamLabels {
    /// The upstream's configured name.
    pub upstream: &'static str,
}

/// An outcome of something the gateway does for a request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// The upstream's configured name.
    pub upstream: &'static str,
    /// What happened.
    pub outcome: &'static str,
}

/// The gateway's metrics.
pub struct UpstreamMetrics {
    /// Answers by upstream and status (no answer: 502 or 504).
    pub responses: Family<StatusLabels, Counter>,
    /// Time to an upstream's response head.
    pub latency: Family<UpstreamLabels, Histogram>,
    /// Failures to get an answer: `unreachable`, `timeout`, `failed`.
    pub errors: Family<OutcomeLabels, Counter>,
    /// The broker's cache: `hit` or `miss`.
    pub cache: Family<OutcomeLabels, Counter>,
    /// The broker's queue: `sent` or `refused` (429 after waiting).
    pub queue: Family<OutcomeLabels, Counter>,
    /// Upstream 429s that paused the broker's traffic (every instance's).
    pub pauses: Family<UpstreamLabels, Counter>,
}

fn histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_1, 2.0, 18))
}

impl UpstreamMetrics {
    /// The metrics, registered in `registry`.
    pub fn register(registry: &mut Registry) -> Self {
        let m = Self {
            responses: Family::default(),
            latency: Family::new_with_constructor(histogram as fn() -> Histogram),
            errors: Family::default(),
            cache: Family::default(),
            queue: Family::default(),
            pauses: Family::default(),
        };
        registry.register("upstream_responses", "Upstream answers by upstream and status", m.responses.clone());
        registry.register(
            "upstream_duration_seconds",
            "Time to an upstream's response head, by upstream",
            m.latency.clone(),
        );
        registry.register(
            "upstream_errors",
            "Upstream requests without an answer, by upstream and kind",
            m.errors.clone(),
        );
        registry.register("upstream_cache", "Broker cache lookups by upstream and outcome", m.cache.clone());
        registry.register("upstream_queue", "Broker queue outcomes by upstream", m.queue.clone());
        registry.register(
            "upstream_pauses",
            "Upstream 429s that paused the broker's upstream traffic, by upstream",
            m.pauses.clone(),
        );
        m
    }
}
