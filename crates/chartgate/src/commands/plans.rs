//! `chartgate plan ...`.

use super::print_json;
use crate::cli::PlanCmd;
use anyhow::Context;
use chartgate_core::admin::{self, By, PlanUpdate};
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
pub async fn run(store: &dyn Store, cmd: PlanCmd, by: &By<'_>) -> anyhow::Result<ExitCode> {
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
            let scopes: Option<Scopes> = scopes.map(|s| s.parse()).transpose().context("invalid scopes")?;
            let plan = admin::set_plan(store, PlanUpdate { name, rps, mint_rps, scopes }, by).await?;
            if json.json {
                print_json(&plan_json(&plan));
            } else {
                print_plan(&plan);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
