//! The rate-limit budgets the request path charges, each decision counted in
//! the metrics.

use crate::authenticate::Caller;
use crate::state::AppState;
use chartgate_core::{Decision, LimitKey, LimiterError, Rule, UnixTime};

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

/// Whether a limiter call counts the request or only looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charge {
    /// Count the request if it is allowed.
    Hit,
    /// Only look.
    Peek,
}

impl AppState {
    /// Asks the limiter, recording the decision and the call's latency.
    pub(crate) async fn limit(
        &self,
        budget: Budget,
        key: LimitKey,
        rule: Rule,
        now: UnixTime,
        charge: Charge,
    ) -> Result<Decision, LimiterError> {
        let (limiter, metrics) = (&self.0.limiter, &self.0.metrics);
        let started = std::time::Instant::now();
        let asked = match charge {
            Charge::Hit => limiter.hit(key, rule, now).await,
            Charge::Peek => limiter.peek(key, rule, now).await,
        };
        metrics.backend("limiter", started.elapsed(), asked.is_ok());
        match (&asked, charge) {
            (Ok(d), Charge::Hit) => metrics.limit(budget.label(), if d.allowed { "allowed" } else { "refused" }),
            (Ok(_), Charge::Peek) => {}
            (Err(_), _) => metrics.limit(budget.label(), "error"),
        }
        asked
    }

    /// Counts a data request against the caller's plan.
    pub async fn charge(&self, caller: &Caller) -> Result<Decision, LimiterError> {
        let rule = Rule::per_second(caller.plan.rps);
        self.limit(Budget::Data, LimitKey::Data(caller.token.user), rule, self.now(), Charge::Hit).await
    }
}
