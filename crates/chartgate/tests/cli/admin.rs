//! The admin commands (`user`, `token`, `migrate`) run as an operator would,
//! against a database in a temp dir.

use crate::support::*;
use serde_json::Value;

#[test]
fn user_add_json_prints_one_object_with_a_refresh_token() {
    let (_dir, db) = temp_db();
    let v = ok_json(&db, &["user", "add", "--name", "a", "--json"]);
    assert!(v["id"].is_i64(), "{v}");
    assert_eq!(v["name"], "a");
    assert_eq!(v["plan"], "entry");
    let token = v["refresh_token"].as_str().unwrap();
    assert!(token.starts_with("cgrt_") && token.len() > 40, "{token}");
    let other = ok_json(&db, &["user", "add", "--name", "b", "--plan", "pro", "--json"]);
    assert_eq!(other["plan"], "pro");
    assert_ne!(other["refresh_token"], v["refresh_token"]);
    assert_ne!(other["id"], v["id"]);
}

#[test]
fn user_add_in_text_mode_shows_the_token_once() {
    let (_dir, db) = temp_db();
    let out = ok(&db, &["user", "add", "--name", "a"]);
    assert!(out.lines().any(|l| l.trim().starts_with("cgrt_")), "{out}");
}

#[test]
fn adding_a_duplicate_user_fails_clearly() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    let err = fails(&db, &["user", "add", "--name", "a", "--json"]);
    assert!(err.contains("already exists") && err.contains("\"a\""), "{err}");
}

#[test]
fn adding_a_user_on_an_unknown_plan_fails_clearly() {
    let (_dir, db) = temp_db();
    let err = fails(&db, &["user", "add", "--name", "a", "--plan", "gold"]);
    assert!(err.contains("no plan named") && err.contains("gold"), "{err}");
    let err = fails(&db, &["user", "add", "--name", "a", "--plan", "Not A Plan!"]);
    assert!(err.contains("plan"), "{err}");
    let list = ok_json(&db, &["user", "list", "--json"]);
    assert_eq!(list, Value::Array(vec![]), "no user was created");
}

#[test]
fn user_list_and_show_never_print_the_token() {
    let (_dir, db) = temp_db();
    let token = add_user(&db, "a");
    for args in [
        vec!["user", "list"],
        vec!["user", "list", "--json"],
        vec!["user", "show", "a"],
        vec!["user", "show", "a", "--json"],
    ] {
        let o = run(&db, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(out.contains('a'), "{args:?} shows the user: {out}");
        assert!(!out.contains(&token) && !err.contains(&token), "{args:?} printed the token");
        assert!(!out.contains("cgrt_"), "{args:?} printed a token: {out}");
    }
    let shown = ok_json(&db, &["user", "show", "a", "--json"]);
    assert_eq!(shown["name"], "a");
    assert!(shown.get("refresh_token").is_none());
    let listed = ok_json(&db, &["user", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn commands_on_an_unknown_user_fail_clearly() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    for args in [
        vec!["user", "show", "nobody"],
        vec!["user", "disable", "nobody"],
        vec!["user", "enable", "nobody"],
        vec!["user", "set-plan", "nobody", "pro"],
        vec!["token", "rotate", "nobody"],
        vec!["token", "revoke", "nobody"],
    ] {
        let err = fails(&db, &args);
        assert!(err.contains("no user named") && err.contains("nobody"), "{args:?}: {err}");
    }
}

#[test]
fn token_rotate_prints_a_new_token_and_revoke_removes_it() {
    let (_dir, db) = temp_db();
    let old = add_user(&db, "a");
    let v = ok_json(&db, &["token", "rotate", "a", "--json"]);
    let new = v["refresh_token"].as_str().unwrap();
    assert!(new.starts_with("cgrt_"));
    assert_ne!(new, old);
    assert_eq!(v["name"], "a");

    let out = ok(&db, &["token", "revoke", "a"]);
    assert!(out.contains("revoked"), "{out}");
    assert!(!out.contains("cgrt_"));
    let shown = ok_json(&db, &["user", "show", "a", "--json"]);
    assert_eq!(shown["has_refresh_token"], false, "{shown}");
}

#[test]
fn user_disable_enable_and_set_plan_change_the_user() {
    let (_dir, db) = temp_db();
    add_user(&db, "a");
    ok(&db, &["user", "disable", "a"]);
    assert_eq!(ok_json(&db, &["user", "show", "a", "--json"])["enabled"], false);
    assert_eq!(ok_json(&db, &["user", "enable", "a", "--json"])["enabled"], true);
    assert_eq!(ok_json(&db, &["user", "set-plan", "a", "pro", "--json"])["plan"], "pro");
    let err = fails(&db, &["user", "set-plan", "a", "gold"]);
    assert!(err.contains("gold"), "{err}");
}

#[test]
fn migrate_reports_a_new_database_then_succeeds_again() {
    let (_dir, db) = temp_db();
    let first = ok(&db, &["migrate"]);
    assert!(first.contains("created"), "a fresh database is reported as created: {first}");
    let second = ok(&db, &["migrate"]);
    assert!(second.contains("up to date"), "{second}");
    ok(&db, &["migrate"]);
    add_user(&db, "a");
}

#[test]
fn user_set_faults_sets_shows_and_clears_a_users_sandbox_faults() {
    let (_dir, db) = temp_db();
    add_user(&db, "flaky");
    let set = ok_json(&db, &["user", "set-faults", "flaky", "--error-rate", "0.1", "--latency-ms", "200", "--json"]);
    assert_eq!(set["faults"], serde_json::json!({"error_rate": 0.1, "latency_ms": 200}));
    assert!(ok(&db, &["user", "show", "flaky"]).contains("10.0 % of requests fail, 200 ms"));
    assert!(
        fails(&db, &["user", "set-faults", "flaky", "--error-rate", "1.5"]).contains("--error-rate must be 0 to 1")
    );
    let cleared = ok_json(&db, &["user", "set-faults", "flaky", "--clear", "--json"]);
    assert_eq!(cleared["faults"], serde_json::json!({"error_rate": 0.0, "latency_ms": 0}));
}
