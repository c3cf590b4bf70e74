//! `chartgate plan ...`.

use super::print_json;
use crate::cli::PlanCmd;
use anyhow::Context;
use chartgate_core::admin::{self, By};
use chartgate_core::{Plan, PlanChange, PlanName, Scopes, Store};
use serde_json::{Value, json};
use std::process::ExitCode;

fn plan_json(p: &Plan) -> Value {
    json!({"name": p.name, "rps": p.rps, "mint_rps": p.mint_rps, "scopes": p.scopes.to_string(), "access_ttl": p.access_ttl})
}

fn print_plan(p: &Plan) {
    println!(
        "{}: {} requests/s, {} mints/s, scopes \"{}\", access tokens live {} s",
        p.name, p.rps, p.mint_rps, p.scopes, p.access_ttl
    );
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
        PlanCmd::Set { name, rps, mint_rps, scopes, access_ttl, json } => {
            let name: PlanName = name.parse().context("invalid plan name")?;
            let scopes = scopes.map(|s| s.parse::<Scopes>()).transpose().context("invalid scopes")?;
            let plan = admin::set_plan(store, PlanChange { name, rps, mint_rps, scopes, access_ttl }, by).await?;
            if json.json {
                print_json(&plan_json(&plan));
            } else {
                print_plan(&plan);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
