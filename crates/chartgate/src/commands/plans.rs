//! `chartgate plan ...`.

use super::print_json;
use crate::cli::PlanCmd;
use anyhow::Context;
use chartgate_core::plan::default_mint_rps;
use chartgate_core::{Plan, PlanName, Scopes, Store};
use serde_json::{Value, json};
use std::process::ExitCode;

fn plan_json(p: &Plan) -> Value {
    json!({"name": p.name, "rps": p.rps, "mint_rps": p.mint_rps, "scopes": p.scopes.to_string()})
}

fn print_plan(p: &Plan) {
    println!("{}: {} requests/s, {} mints/s, scopes \"{}\"", p.name, p.rps, p.mint_rps, p.scopes);
}

/// Runs a `plan` subcommand.
pub async fn run(store: &dyn Store, cmd: PlanCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        PlanCmd::List(json) => {
            let plans = store.list_plans().await?;
            if json.json {
                print_json(&Value::Array(plans.iter().map(plan_json).collect()));
            } else {
                plans.iter().for_each(print_plan);
            }
        }
        PlanCmd::Set { name, rps, mint_rps, scopes, json } => {
            let name: PlanName = name.parse().context("invalid plan name")?;
            // An update keeps what it does not name: a rate change must not
            // widen a narrow plan to `api`. The mint budget never falls below
            // what a client minting twice per call needs at the new rate.
            let current = store.list_plans().await?.into_iter().find(|p| p.name == name);
            let scopes: Scopes = match (scopes, &current) {
                (Some(s), _) => s.parse().context("invalid scopes")?,
                (None, Some(p)) => p.scopes.clone(),
                (None, None) => Scopes::default_api(),
            };
            anyhow::ensure!(!scopes.is_empty(), "a plan needs at least one scope");
            let floor = default_mint_rps(rps);
            let mint_rps = mint_rps.unwrap_or_else(|| current.map_or(floor, |p| p.mint_rps.max(floor)));
            let plan = Plan { name, rps, mint_rps, scopes };
            store.upsert_plan(&plan).await?;
            if json.json {
                print_json(&plan_json(&plan));
            } else {
                print_plan(&plan);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
