//! `chartgate audit`, `chartgate user show`'s mint figures and the refresh
//! grace setting, through the real binary on a database in a temp dir.

use crate::support::{command, temp_db};
use chartgate_core::audit::hour_of;
use chartgate_core::{Action, Actor, AuditEvent, Clock, MintCount, Store, Subject, SystemClock, UnixTime};
use chartgate_sqlite::SqliteStore;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

/// A database of its own, and the binary pointed at it, run as `alice`.
struct Admin {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Admin {
    fn new() -> Self {
        let (_dir, db) = temp_db();
        Self { _dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        command(&self.db).args(args).env("USER", "alice").output().unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command that must succeed and print one JSON value.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {out}"))
    }

    /// Runs a command that must fail; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} succeeded: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// The store behind the commands, for what only a server writes.
    async fn store(&self) -> SqliteStore {
        let store = SqliteStore::open(self.db.to_str().unwrap()).unwrap();
        store.migrate().await.unwrap();
        store
    }
}

fn field<'a>(events: &'a Value, key: &str) -> Vec<&'a str> {
    events.as_array().unwrap().iter().map(|e| e[key].as_str().unwrap()).collect()
}

#[test]
fn every_admin_command_is_audited_under_the_operator_newest_first() {
    let admin = Admin::new();
    let first = admin.json(&["user", "add", "--name", "a", "--json"])["refresh_token"].as_str().unwrap().to_owned();
    admin.ok(&["plan", "set", "gold", "--rps", "7"]);
    admin.ok(&["user", "set-plan", "a", "gold"]);
    admin.ok(&["user", "disable", "a"]);
    admin.ok(&["user", "enable", "a"]);
    let rotated = admin.json(&["token", "rotate", "a", "--json"])["refresh_token"].as_str().unwrap().to_owned();
    admin.ok(&["token", "revoke", "a"]);

    let events = admin.json(&["audit", "--json"]);
    let actions = field(&events, "action");
    let expected = [
        "refresh_token_revoked",
        "refresh_token_rotated",
        "user_enabled",
        "user_disabled",
        "user_plan_changed",
        "plan_set",
        "user_added",
    ];
    assert_eq!(actions, expected);
    assert!(field(&events, "actor").iter().all(|a| a.starts_with("alice@") && a.len() > 6), "{events}");
    let subjects = field(&events, "subject");
    assert_eq!(subjects.iter().filter(|s| **s == "user:a").count(), 6);
    assert_eq!(subjects[5], "plan:gold");
    let by_action = |a: &str| events.as_array().unwrap().iter().find(|e| e["action"] == a).unwrap().clone();
    assert_eq!(by_action("user_added")["details"], json!({"plan": "entry"}));
    assert_eq!(by_action("user_plan_changed")["details"], json!({"from": "entry", "to": "gold"}));
    assert_eq!(by_action("plan_set")["details"]["created"], true);
    assert_eq!(by_action("user_disabled")["details"], Value::Null);
    let at = by_action("user_added")["at"].as_str().unwrap().to_owned();
    assert!(at.ends_with('Z') && at.len() == "2026-01-01T00:00:00.000Z".len(), "{at}");
    for out in [events.to_string(), admin.ok(&["audit"])] {
        assert!(!out.contains(&first) && !out.contains(&rotated) && !out.contains("cgrt_"), "no token: {out}");
    }
}

#[test]
fn audit_filters_by_user_and_limit_and_refuses_an_unknown_user() {
    let admin = Admin::new();
    admin.ok(&["user", "add", "--name", "a"]);
    admin.ok(&["user", "add", "--name", "b"]);
    admin.ok(&["user", "disable", "a"]);
    admin.ok(&["user", "disable", "b"]);
    let a = admin.json(&["audit", "--user", "a", "--json"]);
    assert_eq!(field(&a, "subject"), ["user:a", "user:a"]);
    assert_eq!(field(&a, "action"), ["user_disabled", "user_added"]);
    let two = admin.json(&["audit", "--limit", "2", "--json"]);
    assert_eq!(field(&two, "subject"), ["user:b", "user:a"], "the two newest");
    let err = admin.fails(&["audit", "--user", "nobody"]);
    assert!(err.contains("no user named \"nobody\""), "{err}");
    let err = admin.fails(&["audit", "--limit", "0"]);
    assert!(err.contains("--limit"), "{err}");
}

#[tokio::test]
async fn audit_since_takes_an_age_in_seconds_minutes_hours_or_days() {
    let admin = Admin::new();
    let store = admin.store().await;
    let now = SystemClock.now();
    let server = Actor::instance("web-1", 42);
    let ip = "203.0.113.7".parse().unwrap();
    let old = AuditEvent::new(
        UnixTime::from_micros(now.as_micros() - 2 * 3_600_000_000),
        &server,
        Subject::address(ip),
        Action::FAILED_MINTS_BLOCKED,
        json!({"limit": 10, "window_secs": 60}),
    );
    store.append_audit(&old).await.unwrap();
    admin.ok(&["user", "add", "--name", "a"]);
    assert_eq!(field(&admin.json(&["audit", "--since", "1h", "--json"]), "action"), ["user_added"]);
    assert_eq!(field(&admin.json(&["audit", "--since", "90m", "--json"]), "action"), ["user_added"]);
    let all = admin.json(&["audit", "--since", "3h", "--json"]);
    assert_eq!(field(&all, "action"), ["user_added", "failed_mints_blocked"]);
    assert_eq!(all[1]["subject"], "address:203.0.113.7");
    assert_eq!(all[1]["actor"], "instance:web-1:42");
    assert_eq!(all[1]["details"]["window_secs"], 60);
    assert_eq!(admin.json(&["audit", "--since", "1d", "--json"]).as_array().unwrap().len(), 2);
    assert_eq!(admin.json(&["audit", "--since", "7200s", "--json"]).as_array().unwrap().len(), 1);
    for bad in ["1w", "h", "1.5h", "soon"] {
        let err = admin.fails(&["audit", "--since", bad]);
        assert!(err.contains("30s, 15m, 1h"), "{bad}: {err}");
    }
}

#[test]
fn audit_text_output_is_a_table_under_a_header() {
    let admin = Admin::new();
    assert_eq!(admin.ok(&["audit"]).trim(), "no events");
    admin.ok(&["user", "add", "--name", "a"]);
    admin.ok(&["plan", "set", "gold", "--rps", "7"]);
    let out = admin.ok(&["audit"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for column in ["TIME (UTC)", "ACTOR", "SUBJECT", "ACTION", "DETAILS"] {
        assert!(lines[0].contains(column), "{out}");
    }
    assert!(lines[1].contains("alice@") && lines[1].contains("plan:gold") && lines[1].contains("plan_set"), "{out}");
    assert!(lines[2].contains("user:a") && lines[2].contains("user_added"), "{out}");
    let action_at = lines[0].find("ACTION").unwrap();
    assert_eq!(lines[1].find("plan_set"), Some(action_at), "columns line up: {out}");
    assert_eq!(lines[2].find("user_added"), Some(action_at), "columns line up: {out}");
}

#[tokio::test]
async fn user_show_tells_the_last_mint_and_the_mints_of_this_hour_and_the_one_before() {
    let admin = Admin::new();
    admin.ok(&["user", "add", "--name", "a"]);
    admin.ok(&["user", "add", "--name", "quiet"]);
    // Keep clear of an hour's end, where the binary's hour could differ.
    if SystemClock.now().as_secs() % 3600 > 3590 {
        tokio::time::sleep(Duration::from_secs(11)).await;
    }
    let now = SystemClock.now();
    let this_hour = hour_of(now);
    let previous = UnixTime::from_secs(this_hour.as_secs() - 3600);
    let last = UnixTime::from_secs(now.as_secs());
    let id = admin.json(&["user", "show", "a", "--json"])["id"].as_i64().unwrap();
    let store = admin.store().await;
    let user = chartgate_core::UserId(id);
    let counts = [
        MintCount { user, hour: previous, count: 5, last_mint_at: previous.plus(Duration::from_secs(30)) },
        MintCount { user, hour: this_hour, count: 3, last_mint_at: last },
    ];
    store.add_mint_counts(&counts).await.unwrap();

    let shown = admin.json(&["user", "show", "a", "--json"]);
    assert_eq!(
        (shown["name"].as_str(), shown["plan"].as_str(), shown["enabled"].as_bool()),
        (Some("a"), Some("entry"), Some(true))
    );
    assert_eq!(shown["mints_this_hour"], 3);
    assert_eq!(shown["mints_previous_hour"], 5);
    let at = shown["last_mint_at"].as_str().unwrap();
    assert!(at.ends_with(".000Z"), "{at}");
    let text = admin.ok(&["user", "show", "a"]);
    assert!(text.contains("plan entry, enabled"), "{text}");
    assert!(text.contains(&format!("last mint: {}", &at[..19])), "{text}");
    assert!(text.contains("mints this hour") && text.contains(": 3, the hour before: 5"), "{text}");

    let quiet = admin.json(&["user", "show", "quiet", "--json"]);
    assert_eq!((quiet["last_mint_at"].clone(), quiet["mints_this_hour"].clone()), (Value::Null, json!(0)));
    assert!(admin.ok(&["user", "show", "quiet"]).contains("last mint: never"));
}

#[test]
fn serve_refuses_a_refresh_grace_over_an_hour() {
    let admin = Admin::new();
    let err = admin.fails(&["serve", "--listen", "127.0.0.1:0", "--refresh-grace-seconds", "7200"]);
    assert!(err.contains("grace") && err.contains("3600"), "{err}");
}
