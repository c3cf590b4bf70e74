//! `chartgate plan ...` and moving users between plans, through the real
//! binary on a database in a temp dir.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

fn plan(db: &Path, name: &str) -> Value {
    let plans = ok_json(db, &["plan", "list", "--json"]);
    let found = plans.as_array().expect("an array").iter().find(|p| p["name"] == name).cloned();
    found.unwrap_or_else(|| panic!("no plan {name} in {plans}"))
}

#[test]
fn plan_list_json_shows_the_default_plans_with_their_rates_and_scopes() {
    let (_dir, db) = temp_db();
    let plans = ok_json(&db, &["plan", "list", "--json"]);
    let plans = plans.as_array().expect("an array");
    for (name, rps) in [("entry", 1), ("standard", 5), ("pro", 10), ("enterprise", 25)] {
        let p = plans.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(p["rps"], rps, "{p}");
        assert!(p["mint_rps"].as_u64().unwrap() >= 2 * rps, "{p}");
        assert_eq!(p["scopes"], "api", "{p}");
    }
}

#[test]
fn plan_set_creates_a_plan_and_a_second_call_updates_it() {
    let (_dir, db) = temp_db();
    let created = ok_json(
        &db,
        &["plan", "set", "gold", "--rps", "7", "--mint-rps", "20", "--scopes", "artist:read chart:read", "--json"],
    );
    let want = serde_json::json!({"name": "gold", "rps": 7, "mint_rps": 20, "scopes": "artist:read chart:read", "access_ttl": 3600});
    assert_eq!(created, want);
    assert_eq!(plan(&db, "gold"), want);
    ok_json(&db, &["plan", "set", "gold", "--rps", "8", "--json"]);
    let updated = plan(&db, "gold");
    assert_eq!(updated["rps"], 8);
    // What the update did not name stays as it was: changing a rate must not
    // quietly widen a narrow plan to `api`, nor shrink its mint budget.
    assert_eq!(updated["scopes"], "artist:read chart:read");
    assert_eq!(updated["mint_rps"], 20);
    assert_eq!(ok_json(&db, &["plan", "list", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn raising_a_plans_rate_keeps_its_mint_budget_at_least_twice_the_data_rate() {
    let (_dir, db) = temp_db();
    ok_json(&db, &["plan", "set", "gold", "--rps", "7", "--mint-rps", "20", "--json"]);
    ok_json(&db, &["plan", "set", "gold", "--rps", "30", "--json"]);
    assert!(plan(&db, "gold")["mint_rps"].as_u64().unwrap() >= 60);
    ok_json(&db, &["plan", "set", "gold", "--rps", "30", "--mint-rps", "5", "--json"]);
    assert_eq!(plan(&db, "gold")["mint_rps"], 5, "an explicit figure wins");
}

#[test]
fn plan_set_with_bad_scopes_fails_clearly_and_changes_nothing() {
    let (_dir, db) = temp_db();
    for bad in ["Artist", "artist", "artist:read Chart:Read"] {
        let err = fails(&db, &["plan", "set", "gold", "--rps", "7", "--scopes", bad]);
        assert!(err.contains("invalid scope"), "{err}");
        assert!(err.contains("family:action"), "the message says what is expected: {err}");
    }
    let err = fails(&db, &["plan", "set", "gold", "--rps", "7", "--scopes", " "]);
    assert!(err.contains("at least one scope"), "{err}");
    let plans = ok_json(&db, &["plan", "list", "--json"]);
    assert!(!plans.as_array().unwrap().iter().any(|p| p["name"] == "gold"), "{plans}");
}

#[test]
fn user_add_on_a_new_plan_then_set_plan_moves_the_user_and_refuses_an_unknown_plan() {
    let (_dir, db) = temp_db();
    ok_json(&db, &["plan", "set", "gold", "--rps", "7", "--json"]);
    let user = ok_json(&db, &["user", "add", "--name", "u", "--plan", "gold", "--json"]);
    assert_eq!((&user["name"], &user["plan"]), (&"u".into(), &"gold".into()));
    assert!(user["refresh_token"].as_str().unwrap().starts_with("cgrt_"), "{user}");
    let moved = ok_json(&db, &["user", "set-plan", "u", "entry", "--json"]);
    assert_eq!(moved["plan"], "entry");
    let err = fails(&db, &["user", "set-plan", "u", "nope"]);
    assert!(err.contains("no plan named \"nope\""), "{err}");
    assert!(err.contains("plan list"), "the message points at the list: {err}");
    assert_eq!(ok_json(&db, &["user", "show", "u", "--json"])["plan"], "entry");
}

#[test]
fn plan_set_and_list_round_trip() {
    let (_dir, db) = temp_db();
    let v = ok_json(&db, &["plan", "set", "gold", "--rps", "7", "--json"]);
    assert_eq!(v["rps"], 7);
    assert!(v["mint_rps"].as_u64().unwrap() >= 14);
    let plans = ok_json(&db, &["plan", "list", "--json"]);
    assert!(plans.as_array().unwrap().iter().any(|p| p["name"] == "gold"), "{plans}");
    add_user(&db, "a");
    assert_eq!(ok_json(&db, &["user", "set-plan", "a", "gold", "--json"])["plan"], "gold");
}

#[test]
fn plan_set_access_ttl_shortens_token_lifetimes_and_keeps_the_rest() {
    let (_dir, db) = temp_db();
    ok_json(&db, &["plan", "set", "brief", "--rps", "3", "--json"]);
    let set = ok_json(&db, &["plan", "set", "brief", "--access-ttl", "5", "--json"]);
    assert_eq!((set["rps"].as_u64(), set["access_ttl"].as_u64()), (Some(3), Some(5)), "{set}");
    let err = fails(&db, &["plan", "set", "brief", "--access-ttl", "0"]);
    assert!(err.contains("1 to 86400"), "{err}");
    assert!(fails(&db, &["plan", "set", "newplan", "--access-ttl", "5"]).contains("--rps"));
    assert_eq!(plan(&db, "brief")["access_ttl"], 5);
}
