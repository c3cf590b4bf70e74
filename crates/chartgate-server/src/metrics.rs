//! Prometheus metrics, served as text at `GET /metrics`.
//!
//! Labels are route templates, methods, statuses, budgets, outcomes and
//! backend names: never a path with an id, a token, a user or a secret, so
//! cardinality stays bounded and nothing sensitive leaks.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::OnceLock;
use std::time::Duration;

/// The budgets and decisions of [`LimitLabels`], and the backends of
/// [`BackendLabels`], that the request path records on every request: their
/// series are looked up once and kept ([`Metrics::limit`],
/// [`Metrics::backend`]), not looked up in the family (a lock and a hash of
/// the labels) each time.
const BUDGETS: [&str; 3] = ["data", "mint", "failed_mint"];
const DECISIONS: [&str; 3] = ["allowed", "refused", "error"];
const BACKENDS: [&str; 2] = ["store", "limiter"];
/// Routes whose series [`Metrics::request`] keeps (more than are mounted).
pub const ROUTE_SLOTS: usize = 128;

/// A request's route template, method and status.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route template (`/api/artist/{id}`), or `unmatched`.
    pub route: &'static str,
    /// The method, or `other`.
    pub method: &'static str,
    /// The status code.
    pub status: u16,
}

/// A route template.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route template, or `unmatched`.
    pub route: &'static str,
}

/// A limiter decision.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LimitLabels {
    /// `data`, `mint` or `failed_mint`.
    pub budget: &'static str,
    /// `allowed`, `refused` or `error`.
    pub decision: &'static str,
}

/// An outcome of `POST /api/token`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// `ok`, or the status class of the refusal.
    pub outcome: &'static str,
}

/// A backend: `store` or `limiter`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BackendLabels {
    /// `store` or `limiter`.
    pub backend: &'static str,
}

/// Every metric the server keeps.
pub struct Metrics {
    registry: Registry,
    /// Requests by route, method and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Request latency by route.
    pub latency: Family<RouteLabels, Histogram>,
    /// Mints by outcome.
    pub mints: Family<OutcomeLabels, Counter>,
    /// Limiter decisions by budget.
    pub limits: Family<LimitLabels, Counter>,
    /// Users whose access tokens were ended (rotation, revocation, disabling),
    /// as this instance observed them.
    pub revocations: Counter,
    /// Backend errors.
    pub backend_errors: Family<BackendLabels, Counter>,
    /// Backend call latency.
    pub backend_latency: Family<BackendLabels, Histogram>,
    /// Data-route answers served from the rendered-body cache.
    pub body_cache_hits: Counter,
    /// Data-route answers rendered (not in the cache).
    pub body_cache_misses: Counter,
    /// The gateway's upstreams (gateway mode).
    pub upstream: crate::gateway::metrics::UpstreamMetrics,
    /// The series of `limits` for `BUDGETS` × `DECISIONS`, once used.
    limit_series: [OnceLock<Counter>; 9],
    /// Per route (by [`Metrics::request`]'s index): its latency series and
    /// its `GET` `200` series, once used.
    route_series: Box<[(OnceLock<Histogram>, OnceLock<Counter>); ROUTE_SLOTS]>,
    /// The series of `backend_latency` for `BACKENDS`, once used.
    backend_series: [OnceLock<Histogram>; 2],
}

fn histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_05, 2.0, 18))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("chartgate");
        let requests = Family::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(histogram as fn() -> Histogram);
        let mints = Family::default();
        let limits = Family::default();
        let revocations = Counter::default();
        let backend_errors = Family::default();
        let backend_latency = Family::<BackendLabels, Histogram>::new_with_constructor(histogram as fn() -> Histogram);
        registry.register("http_requests", "HTTP requests by route, method and status", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency by route", latency.clone());
        registry.register("token_mints", "POST /api/token outcomes", mints.clone());
        registry.register("rate_limit_decisions", "Rate-limiter decisions by budget", limits.clone());
        registry.register("revocations", "Users whose access tokens were ended, as observed", revocations.clone());
        registry.register("backend_errors", "Errors from the store or the rate limiter", backend_errors.clone());
        registry.register("backend_duration_seconds", "Store and rate-limiter call latency", backend_latency.clone());
        let (body_cache_hits, body_cache_misses) = (Counter::default(), Counter::default());
        registry.register(
            "body_cache_hits",
            "Data-route answers served from the rendered-body cache",
            body_cache_hits.clone(),
        );
        registry.register(
            "body_cache_misses",
            "Data-route answers rendered, not found in the cache",
            body_cache_misses.clone(),
        );
        let upstream = crate::gateway::metrics::UpstreamMetrics::register(&mut registry);
        Self {
            upstream,
            registry,
            requests,
            latency,
            mints,
            limits,
            revocations,
            backend_errors,
            backend_latency,
            body_cache_hits,
            body_cache_misses,
            limit_series: Default::default(),
            route_series: Box::new(std::array::from_fn(|_| (OnceLock::new(), OnceLock::new()))),
            backend_series: Default::default(),
        }
    }
}

impl Metrics {
    /// The metrics of a server, with those of its gateway's broker (read from
    /// the broker at each scrape) when it has one.
    pub fn new(gateway: Option<&crate::gateway::Gateway>) -> Self {
        let mut metrics = Self::default();
        if let Some(broker) = gateway.and_then(|g| g.broker()) {
            let mints = crate::gateway::metrics::UpstreamMints(broker.tokens.counter());
            metrics.registry.register_collector(Box::new(mints));
        }
        metrics
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    /// Records a request to `route` (a template, or `unmatched`) that took
    /// `took`; `slot` is the route's index below [`ROUTE_SLOTS`], if it has
    /// one: the series of a `GET` answered `200` are then kept, not looked up.
    pub fn request(&self, route: &'static str, slot: Option<usize>, method: &'static str, status: u16, took: Duration) {
        let took = took.as_secs_f64();
        let labels = RequestLabels { route, method, status };
        match slot.and_then(|i| self.route_series.get(i)) {
            Some(series) => {
                let (latency, ok) = series;
                latency.get_or_init(|| self.latency.get_or_create(&RouteLabels { route }).clone()).observe(took);
                if method == "GET" && status == 200 {
                    ok.get_or_init(|| self.requests.get_or_create(&labels).clone()).inc();
                } else {
                    self.requests.get_or_create(&labels).inc();
                }
            }
            None => {
                self.requests.get_or_create(&labels).inc();
                self.latency.get_or_create(&RouteLabels { route }).observe(took);
            }
        }
    }

    /// Records a limiter decision.
    pub fn limit(&self, budget: &'static str, decision: &'static str) {
        let labels = LimitLabels { budget, decision };
        match (BUDGETS.iter().position(|b| *b == budget), DECISIONS.iter().position(|d| *d == decision)) {
            (Some(b), Some(d)) => self.limit_series[b * DECISIONS.len() + d]
                .get_or_init(|| self.limits.get_or_create(&labels).clone())
                .inc(),
            _ => self.limits.get_or_create(&labels).inc(),
        };
    }

    /// Records a backend call.
    pub fn backend(&self, backend: &'static str, took: Duration, ok: bool) {
        let labels = BackendLabels { backend };
        let Some(i) = BACKENDS.iter().position(|b| *b == backend) else {
            self.backend_latency.get_or_create(&labels).observe(took.as_secs_f64());
            if !ok {
                self.backend_errors.get_or_create(&labels).inc();
            }
            return;
        };
        let latency = self.backend_series[i].get_or_init(|| self.backend_latency.get_or_create(&labels).clone());
        latency.observe(took.as_secs_f64());
        if !ok {
            // Rare: looked up each time, so no error series shows before an error.
            self.backend_errors.get_or_create(&labels).inc();
        }
    }
}
