//! Plans: a data rate, a separate mint rate and the scopes granted.

use crate::ids::PlanName;
use crate::scope::Scopes;

/// A plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Unique name.
    pub name: PlanName,
    /// Data requests accepted per one-second sliding window.
    pub rps: u32,
    /// `POST /api/token` calls accepted per one-second sliding window.
    pub mint_rps: u32,
    /// Scopes granted to the plan's access tokens.
    pub scopes: Scopes,
}

/// The plan a new user gets when none is named.
pub const DEFAULT_PLAN: &str = "entry";

/// Mint budget that lets a client minting twice before every data call run
/// at the plan's full data rate (two popular Python clients do), with a
/// little room for retries.
pub const fn default_mint_rps(rps: u32) -> u32 {
    rps.saturating_mul(2).saturating_add(2)
}

impl Plan {
    /// The plans migrations seed: they span the publicly reported levels,
    /// about 1 request/second at entry level up to 25 on large plans.
    pub fn defaults() -> Vec<Plan> {
        [("entry", 1), ("standard", 5), ("pro", 10), ("enterprise", 25)]
            .into_iter()
            .map(|(name, rps)| Plan {
                name: name.parse().unwrap_or_else(|e| panic!("{e}")),
                rps,
                mint_rps: default_mint_rps(rps),
                scopes: Scopes::default_api(),
            })
            .collect()
    }
}

impl Scopes {
    /// Just `api`: every data route.
    pub fn default_api() -> Self {
        crate::scope::API.parse().unwrap_or_else(|e| panic!("{e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plans_let_double_minting_clients_run_at_full_rate() {
        for p in Plan::defaults() {
            assert!(p.mint_rps >= 2 * p.rps, "{}", p.name);
        }
    }
}
