//! `chartgate user ...` and `chartgate token ...`.

use super::print_json;
use super::when::{utc, utc_millis};
use crate::cli::{TokenCmd, UserCmd};
use anyhow::Context;
use chartgate_core::admin::By;
use chartgate_core::audit::hour_of;
use chartgate_core::{Faults, MintActivity, PlanName, RefreshToken, Store, UnixTime, User, UserName, admin};
use serde_json::{Value, json};
use std::process::ExitCode;

fn name(s: &str) -> anyhow::Result<UserName> {
    s.parse().context("invalid user name")
}

fn user_json(u: &User) -> Value {
    json!({
        "id": u.id.0,
        "name": u.name,
        "plan": u.plan,
        "enabled": u.enabled,
        "has_refresh_token": u.has_refresh_token,
        "epoch": u.epoch,
        "created_at": u.created_at,
        "faults": {"error_rate": u.faults.error_rate(), "latency_ms": u.faults.latency_ms},
    })
}

fn print_user(u: &User, json: bool) {
    if json {
        print_json(&user_json(u));
    } else {
        let state = if u.enabled { "enabled" } else { "disabled" };
        let token = if u.has_refresh_token { "has a refresh token" } else { "no refresh token" };
        println!("{} (id {}): plan {}, {state}, {token}", u.name, u.id, u.plan);
        if u.faults.any() {
            let (rate, ms) = (u.faults.error_rate(), u.faults.latency_ms);
            println!("  sandbox faults: {:.1} % of requests fail, {ms} ms added latency", rate * 100.0);
        }
    }
}

/// Prints a user with its recent mints, as of `now`.
fn print_shown(u: &User, mints: &MintActivity, now: UnixTime, json: bool) {
    if json {
        let mut v = user_json(u);
        v["last_mint_at"] = json!(mints.last_mint_at.map(utc_millis));
        v["mints_this_hour"] = json!(mints.this_hour);
        v["mints_previous_hour"] = json!(mints.previous_hour);
        print_json(&v);
        return;
    }
    print_user(u, false);
    let last = mints.last_mint_at.map_or_else(|| "never".to_owned(), utc);
    let hour = &utc(hour_of(now))[11..16];
    println!(
        "last mint: {last}; mints this hour (since {hour} UTC): {}, the hour before: {}",
        mints.this_hour, mints.previous_hour
    );
}

/// Prints a user with its new refresh token: the only time it is shown.
fn print_with_token(u: &User, token: &RefreshToken, json: bool, verb: &str) {
    if json {
        let mut v = user_json(u);
        v["refresh_token"] = json!(token.expose());
        print_json(&v);
    } else {
        println!("{verb} {} (id {}, plan {})", u.name, u.id, u.plan);
        println!("refresh token (shown once; keep it in a secrets manager, never in source control):");
        println!("{}", token.expose());
    }
}

/// Runs a `user` subcommand.
pub async fn user(store: &dyn Store, cmd: UserCmd, by: &By<'_>) -> anyhow::Result<ExitCode> {
    match cmd {
        UserCmd::Add { name: n, plan, json } => {
            let plan: PlanName =
                plan.as_deref().unwrap_or(chartgate_core::plan::DEFAULT_PLAN).parse().context("invalid plan name")?;
            let (u, token) = admin::add_user(store, &name(&n)?, &plan, by).await?;
            print_with_token(&u, &token, json.json, "created user");
        }
        UserCmd::List(json) => {
            let users = store.list_users().await?;
            if json.json {
                print_json(&Value::Array(users.iter().map(user_json).collect()));
            } else if users.is_empty() {
                println!("no users");
            }
            if !json.json {
                users.iter().for_each(|u| print_user(u, false));
            }
        }
        UserCmd::Show { name: n, json } => {
            let (u, mints) = admin::show_user(store, &name(&n)?, by.now).await?;
            print_shown(&u, &mints, by.now, json.json);
        }
        UserCmd::Disable { name: n, json } => {
            print_user(&admin::set_enabled(store, &name(&n)?, false, by).await?, json.json)
        }
        UserCmd::Enable { name: n, json } => {
            print_user(&admin::set_enabled(store, &name(&n)?, true, by).await?, json.json)
        }
        UserCmd::SetFaults { name: n, error_rate, latency_ms, clear, json } => {
            let faults = if clear {
                Faults::NONE
            } else {
                Faults::new(error_rate.unwrap_or(0.0), latency_ms.unwrap_or(0)).with_context(|| {
                    format!("--error-rate must be 0 to 1 and --latency-ms 0 to {}", Faults::MAX_LATENCY_MS)
                })?
            };
            print_user(&admin::set_faults(store, &name(&n)?, faults, by).await?, json.json);
        }
        UserCmd::SetPlan { name: n, plan, json } => {
            let plan: PlanName = plan.parse().context("invalid plan name")?;
            print_user(&admin::set_user_plan(store, &name(&n)?, &plan, by).await?, json.json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `token` subcommand.
pub async fn token(store: &dyn Store, cmd: TokenCmd, by: &By<'_>) -> anyhow::Result<ExitCode> {
    match cmd {
        TokenCmd::Rotate { name: n, json } => {
            let (u, token) = admin::rotate(store, &name(&n)?, by).await?;
            print_with_token(&u, &token, json.json, "rotated the refresh token of");
        }
        TokenCmd::Revoke { name: n, json } => {
            let u = admin::revoke(store, &name(&n)?, by).await?;
            if json.json {
                print_json(&user_json(&u));
            } else {
                println!("revoked the refresh token of {}; its access tokens stop working too", u.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
