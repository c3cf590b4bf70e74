//! The rate-limit budgets the request path charges, each decision counted in
//! the metrics.

use crate::authenticate::Caller;
use crate::state::AppState;
use chartgate_core::{Decision, LimitKey, LimiterError, Rule, UnixTime};
use std::net::IpAddr;
use std::time::Duration;

/// Which budget a limiter call is about (a metric label).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Budget {
    /// A user's data requests.
    Data,
    /// A user's mints.
    Mint,
    /// Failed mints from one client address.
    FailedMint,
}

impl Budget {
    fn label(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Mint => "mint",
            Self::FailedMint => "failed_mint",
        }
    }
}

impl AppState {
    /// Counts a request against a budget if the rule allows it, recording
    /// the decision and the call's latency.
    pub(crate) async fn limit(
        &self,
        budget: Budget,
        key: LimitKey,
        rule: Rule,
        now: UnixTime,
    ) -> Result<Decision, LimiterError> {
        let (limiter, metrics) = (&self.0.limiter, &self.0.metrics);
        let started = std::time::Instant::now();
        let asked = limiter.hit(key, rule, now).await;
        metrics.backend("limiter", started.elapsed(), asked.is_ok());
        let decision = match &asked {
            Ok(d) if d.allowed => "allowed",
            Ok(_) => "refused",
            Err(_) => "error",
        };
        metrics.limit(budget.label(), decision);
        asked
    }

    /// Whether a refusal of `ip`'s failed mints is the first of a window
    /// (one per `window` per client network, across instances sharing the
    /// limiter): the one the audit log records. A limiter failure says no.
    pub(crate) async fn first_refusal(&self, ip: IpAddr, window: Duration, now: UnixTime) -> bool {
        let (limiter, metrics) = (&self.0.limiter, &self.0.metrics);
        let started = std::time::Instant::now();
        let asked = limiter.hit(LimitKey::failed_mint_notice(ip), Rule { limit: 1, window }, now).await;
        metrics.backend("limiter", started.elapsed(), asked.is_ok());
        asked.is_ok_and(|d| d.allowed)
    }

    /// Counts a data request against the caller's plan.
    pub async fn charge(&self, caller: &Caller) -> Result<Decision, LimiterError> {
        let rule = Rule::per_second(caller.plan.rps);
        self.limit(Budget::Data, LimitKey::Data(caller.token.user), rule, self.now()).await
    }
}
