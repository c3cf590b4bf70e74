//! `chartgate plan ...` and moving users between plans, through the real
//! binary on a database in a temp dir.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A database of its own, and the binary pointed at it.
struct Admin {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Admin {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("x.db");
        Self { _dir: dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_chartgate"))
            .arg("--database")
            .arg(&self.db)
            .args(args)
            .env_remove("CHARTGATE_DATABASE")
            .env_remove("CHARTGATE_CONFIG")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run chartgate")
    }

    /// Runs a command that must succeed and print one JSON value.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
    }

    /// Runs a command that must fail; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} succeeded: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    fn plan(&self, name: &str) -> Value {
        let plans = self.json(&["plan", "list", "--json"]);
        let found = plans.as_array().expect("an array").iter().find(|p| p["name"] == name).cloned();
        found.unwrap_or_else(|| panic!("no plan {name} in {plans}"))
    }
}

#[test]
fn plan_list_json_shows_the_default_plans_with_their_rates_and_scopes() {
    let admin = Admin::new();
    let plans = admin.json(&["plan", "list", "--json"]);
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
    let admin = Admin::new();
    let created = admin.json(&[
        "plan",
        "set",
        "gold",
        "--rps",
        "7",
        "--mint-rps",
        "20",
        "--scopes",
        "artist:read chart:read",
        "--json",
    ]);
    let want = serde_json::json!({"name": "gold", "rps": 7, "mint_rps": 20, "scopes": "artist:read chart:read"});
    assert_eq!(created, want);
    assert_eq!(admin.plan("gold"), want);
    admin.json(&["plan", "set", "gold", "--rps", "8", "--json"]);
    let updated = admin.plan("gold");
    assert_eq!(updated["rps"], 8);
    // What the update did not name stays as it was: changing a rate must not
    // quietly widen a narrow plan to `api`, nor shrink its mint budget.
    assert_eq!(updated["scopes"], "artist:read chart:read");
    assert_eq!(updated["mint_rps"], 20);
    assert_eq!(admin.json(&["plan", "list", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn raising_a_plans_rate_keeps_its_mint_budget_at_least_twice_the_data_rate() {
    let admin = Admin::new();
    admin.json(&["plan", "set", "gold", "--rps", "7", "--mint-rps", "20", "--json"]);
    admin.json(&["plan", "set", "gold", "--rps", "30", "--json"]);
    assert!(admin.plan("gold")["mint_rps"].as_u64().unwrap() >= 60);
    admin.json(&["plan", "set", "gold", "--rps", "30", "--mint-rps", "5", "--json"]);
    assert_eq!(admin.plan("gold")["mint_rps"], 5, "an explicit figure wins");
}

#[test]
fn plan_set_with_bad_scopes_fails_clearly_and_changes_nothing() {
    let admin = Admin::new();
    for bad in ["Artist", "artist", "artist:read Chart:Read"] {
        let err = admin.fails(&["plan", "set", "gold", "--rps", "7", "--scopes", bad]);
        assert!(err.contains("invalid scope"), "{err}");
        assert!(err.contains("family:action"), "the message says what is expected: {err}");
    }
    let err = admin.fails(&["plan", "set", "gold", "--rps", "7", "--scopes", " "]);
    assert!(err.contains("at least one scope"), "{err}");
    let plans = admin.json(&["plan", "list", "--json"]);
    assert!(!plans.as_array().unwrap().iter().any(|p| p["name"] == "gold"), "{plans}");
}

#[test]
fn user_add_on_a_new_plan_then_set_plan_moves_the_user_and_refuses_an_unknown_plan() {
    let admin = Admin::new();
    admin.json(&["plan", "set", "gold", "--rps", "7", "--json"]);
    let user = admin.json(&["user", "add", "--name", "u", "--plan", "gold", "--json"]);
    assert_eq!((&user["name"], &user["plan"]), (&"u".into(), &"gold".into()));
    assert!(user["refresh_token"].as_str().unwrap().starts_with("cgrt_"), "{user}");
    let moved = admin.json(&["user", "set-plan", "u", "entry", "--json"]);
    assert_eq!(moved["plan"], "entry");
    let err = admin.fails(&["user", "set-plan", "u", "nope"]);
    assert!(err.contains("no plan named \"nope\""), "{err}");
    assert!(err.contains("plan list"), "the message points at the list: {err}");
    assert_eq!(admin.json(&["user", "show", "u", "--json"])["plan"], "entry");
}

#[test]
fn keys_rotate_list_and_retire_and_the_active_key_cannot_be_retired() {
    let admin = Admin::new();
    assert_eq!(admin.json(&["key", "list", "--json"]), serde_json::json!([]));
    let first = admin.json(&["key", "rotate", "--json"]);
    assert_eq!((first["alg"].as_str(), first["state"].as_str()), (Some("HS256"), Some("active")));
    let second = admin.json(&["key", "rotate", "--alg", "EdDSA", "--json"]);
    assert!(second["kid"].as_str().unwrap_or("").starts_with("ed-"), "{second}");
    let keys = admin.json(&["key", "list", "--json"]);
    let keys = keys.as_array().expect("an array");
    let states: Vec<_> =
        keys.iter().map(|k| (k["kid"].clone(), k["state"].as_str().unwrap_or("").to_owned())).collect();
    assert_eq!(states, vec![(first["kid"].clone(), "verifying".into()), (second["kid"].clone(), "active".into())]);
    for k in keys {
        let mut fields: Vec<_> = k.as_object().expect("an object").keys().cloned().collect();
        fields.sort();
        assert_eq!(fields, ["alg", "created_at", "kid", "state"], "never a secret: {k}");
    }
    let refused = admin.fails(&["key", "retire", second["kid"].as_str().unwrap_or("")]);
    assert!(refused.contains("active signing key") && refused.contains("key rotate"), "{refused}");
    assert!(admin.fails(&["key", "retire", "nope"]).contains("no signing key"));
    let retired = admin.json(&["key", "retire", first["kid"].as_str().unwrap_or(""), "--json"]);
    assert_eq!(retired["state"], "retired");
}
