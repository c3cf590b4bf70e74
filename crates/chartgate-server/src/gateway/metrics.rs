//! The gateway's metrics. Labels are the upstreams' configured names (a
//! fixed set), statuses and outcome words: never a path.

use super::broker::MintCounter;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
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

/// The broker's upstream mints, read from its token manager at each scrape:
/// `upstream_token_mints` (requests sent to the upstream's token route)
/// and `upstream_token_mint_failures`. No label: a broker holds one token
/// for all its upstreams (they share one URL).
#[derive(Debug)]
pub struct UpstreamMints(pub MintCounter);

impl Collector for UpstreamMints {
    fn encode(&self, mut encoder: DescriptorEncoder<'_>) -> Result<(), std::fmt::Error> {
        let counts = self.0.counts();
        let series = [
            ("upstream_token_mints", "Upstream access-token mints the broker attempted", counts.attempted),
            ("upstream_token_mint_failures", "Upstream access-token mints that failed", counts.failed),
        ];
        for (name, help, value) in series {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(name, help, None, counter.metric_type())?)?;
        }
        Ok(())
    }
}
