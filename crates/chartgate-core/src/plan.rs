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
    /// Seconds the plan's access tokens live (`expires_in`): 3600 by
    /// default, as the real API; shorter for testing expiry on demand.
    pub access_ttl: u32,
}

/// The access-token lifetime of a plan that names none: the real API's hour.
pub const DEFAULT_ACCESS_TTL: u32 = 3600;
/// The longest access-token lifetime a plan may set: a day.
pub const MAX_ACCESS_TTL: u32 = 86_400;

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
                access_ttl: DEFAULT_ACCESS_TTL,
            })
            .collect()
    }
}

/// What `chartgate plan set` names: each figure when given (a new plan needs
/// at least its data rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    /// The plan to create or update.
    pub name: PlanName,
    /// The new data rate, if given (required for a new plan).
    pub rps: Option<u32>,
    /// The new mint rate, if given.
    pub mint_rps: Option<u32>,
    /// The new scopes, if given.
    pub scopes: Option<Scopes>,
    /// The new access-token lifetime in seconds, if given.
    pub access_ttl: Option<u32>,
}

/// Why a plan change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The plan would grant nothing.
    #[error("a plan needs at least one scope")]
    NoScope,
    /// A new plan without a data rate.
    #[error("a new plan needs its data rate (--rps)")]
    NoRate,
    /// An access-token lifetime outside 1..=86400 seconds.
    #[error("an access-token lifetime must be 1 to {MAX_ACCESS_TTL} seconds, got {0}")]
    AccessTtl(u32),
}

impl PlanChange {
    /// The plan this change makes of `current`, or of nothing for a new plan.
    ///
    /// An update keeps what it does not name: a rate change must not widen a
    /// narrow plan to `api`. A mint budget not named never falls below what
    /// a client minting twice per call needs at the new rate
    /// ([`default_mint_rps`]); a named one is taken as given.
    pub fn apply(self, current: Option<&Plan>) -> Result<Plan, PlanError> {
        let scopes = match (self.scopes, current) {
            (Some(scopes), _) => scopes,
            (None, Some(plan)) => plan.scopes.clone(),
            (None, None) => Scopes::default_api(),
        };
        if scopes.is_empty() {
            return Err(PlanError::NoScope);
        }
        let rps = match (self.rps, current) {
            (Some(rps), _) => rps,
            (None, Some(plan)) => plan.rps,
            (None, None) => return Err(PlanError::NoRate),
        };
        let floor = default_mint_rps(rps);
        let mint_rps = self.mint_rps.unwrap_or_else(|| current.map_or(floor, |p| p.mint_rps.max(floor)));
        let access_ttl = self.access_ttl.or(current.map(|p| p.access_ttl)).unwrap_or(DEFAULT_ACCESS_TTL);
        if !(1..=MAX_ACCESS_TTL).contains(&access_ttl) {
            return Err(PlanError::AccessTtl(access_ttl));
        }
        Ok(Plan { name: self.name, rps, mint_rps, scopes, access_ttl })
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

    fn change(rps: u32, mint_rps: Option<u32>, scopes: Option<&str>) -> PlanChange {
        let scopes = scopes.map(|s| s.parse().unwrap());
        PlanChange { name: "gold".parse().unwrap(), rps: Some(rps), mint_rps, scopes, access_ttl: None }
    }

    fn gold(rps: u32, mint_rps: u32, scopes: &str) -> Plan {
        change(rps, Some(mint_rps), Some(scopes)).apply(None).unwrap()
    }

    #[test]
    fn a_new_plan_gets_what_it_names_and_defaults_for_the_rest() {
        assert_eq!(change(7, None, None).apply(None), Ok(gold(7, default_mint_rps(7), "api")));
        assert_eq!(change(7, Some(20), Some("artist:read")).apply(None), Ok(gold(7, 20, "artist:read")));
    }

    #[test]
    fn an_update_keeps_the_scopes_and_mint_budget_it_does_not_name() {
        let current = gold(7, 20, "artist:read chart:read");
        assert_eq!(change(8, None, None).apply(Some(&current)), Ok(gold(8, 20, "artist:read chart:read")));
        assert_eq!(change(8, None, Some("api")).apply(Some(&current)), Ok(gold(8, 20, "api")));
    }

    #[test]
    fn a_higher_rate_lifts_a_kept_mint_budget_but_a_named_one_wins() {
        let current = gold(7, 20, "api");
        assert_eq!(change(30, None, None).apply(Some(&current)), Ok(gold(30, default_mint_rps(30), "api")));
        assert_eq!(change(30, Some(5), None).apply(Some(&current)), Ok(gold(30, 5, "api")));
    }

    #[test]
    fn a_plan_with_no_scope_is_refused() {
        assert_eq!(change(7, None, Some(" ")).apply(None), Err(PlanError::NoScope));
        assert_eq!(change(7, None, Some("")).apply(Some(&gold(7, 20, "api"))), Err(PlanError::NoScope));
    }

    #[test]
    fn an_access_ttl_is_kept_when_not_named_and_checked_when_named() {
        let short = PlanChange { access_ttl: Some(5), ..change(7, None, None) }.apply(None).unwrap();
        assert_eq!(short.access_ttl, 5);
        assert_eq!(change(7, None, None).apply(None).unwrap().access_ttl, DEFAULT_ACCESS_TTL);
        let kept = PlanChange { rps: None, ..change(9, None, None) }.apply(Some(&short)).unwrap();
        assert_eq!((kept.rps, kept.access_ttl), (7, 5), "only what is named changes");
        for bad in [0, MAX_ACCESS_TTL + 1] {
            let refused = PlanChange { access_ttl: Some(bad), ..change(7, None, None) }.apply(None);
            assert_eq!(refused, Err(PlanError::AccessTtl(bad)));
        }
        assert_eq!(PlanChange { rps: None, ..change(7, None, None) }.apply(None), Err(PlanError::NoRate));
    }
}
