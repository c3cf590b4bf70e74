//! What the server writes to the audit log (an address blocked for failed
//! mints, an instance that was stale) and the hourly mint counts, flushed
//! from memory by the background task.

use crate::common::*;
use chartgate_core::audit::hour_of;
use chartgate_core::{Action, AuditEvent, AuditQuery, MintCount, Rule, Store, UserId};
use chartgate_sqlite::SqliteStore;
use chartgate_testkit::hooked::HookedStore;
use std::sync::Arc;
use std::time::Duration;

/// Options with a short flush interval, on a manual clock.
fn quick_flush() -> Options {
    let mut opts = Options::default();
    opts.config.flush_interval = Duration::from_millis(20);
    opts
}

async fn events(store: &dyn Store, action: &Action) -> Vec<AuditEvent> {
    let all = store.list_audit(&AuditQuery { limit: 1_000, ..AuditQuery::default() }).await.unwrap();
    all.into_iter().filter(|e| &e.action == action).collect()
}

async fn user_id(app: &TestApp, name: &str) -> UserId {
    app.store.user_by_name(&name.parse().unwrap()).await.unwrap().unwrap().id
}

/// The user's counts once the store holds `total` mints for it.
async fn counts_reaching(app: &TestApp, user: UserId, total: u64) -> Vec<MintCount> {
    eventually("the mint counts to reach the store", async || {
        let counts = app.store.mint_counts(user, 10).await.unwrap();
        (counts.iter().map(|c| c.count).sum::<u64>() == total).then_some(counts)
    })
    .await
}

#[tokio::test]
async fn mints_are_counted_per_user_and_hour_and_reach_the_store_from_the_background() {
    let app = spawn_manual_with(quick_flush()).await;
    let refresh = app.user("counted", "pro").await;
    let id = user_id(&app, "counted").await;
    // Start one second into the next hour, so that the mints share an hour.
    let hour = hour_of(app.manual_now()).plus(Duration::from_secs(3600));
    app.advance(Duration::from_micros(hour.as_micros() - app.manual_now().as_micros()) + Duration::from_secs(1));
    for _ in 0..3 {
        app.mint(&refresh).await;
        app.advance(Duration::from_millis(300));
    }
    let counts = counts_reaching(&app, id, 3).await;
    assert_eq!(counts.len(), 1, "{counts:?}");
    assert_eq!((counts[0].hour, counts[0].count), (hour, 3));
    assert_eq!(counts[0].last_mint_at, hour.plus(Duration::from_millis(1_600)));
    app.advance(Duration::from_secs(3600));
    app.mint(&refresh).await;
    let counts = counts_reaching(&app, id, 4).await;
    assert_eq!(counts.iter().map(|c| c.count).collect::<Vec<_>>(), [1, 3], "newest hour first");
    assert_eq!(counts[0].last_mint_at, app.manual_now());
    let failed = app.mint_raw("cgrt_not-a-token").await;
    assert_eq!(failed.status(), 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(counts_reaching(&app, id, 4).await.len(), 2, "failed mints are not counted");
}

#[tokio::test]
async fn counts_not_yet_flushed_are_written_at_shutdown() {
    let mut opts = Options::default();
    opts.config.flush_interval = Duration::from_secs(3600);
    let app = spawn_with(opts).await;
    let refresh = app.user("last", "pro").await;
    let id = user_id(&app, "last").await;
    // The first tick of the interval flushes at once; this mint comes after.
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.mint(&refresh).await;
    let store = app.store.clone();
    app.stop().await;
    let counts = store.mint_counts(id, 10).await.unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<u64>(), 1, "{counts:?}");
}

#[tokio::test]
async fn an_address_that_runs_out_of_failed_mints_is_audited_once_per_window() {
    let mut opts = quick_flush();
    opts.config.failed_mint_rule = Rule { limit: 3, window: Duration::from_secs(60) };
    let app = spawn_manual_with(opts).await;
    let unknown = chartgate_core::RefreshToken::generate();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(app.mint_raw(unknown.expose()).await.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
    let blocked = eventually("the block to be audited", async || {
        let found = events(&*app.store, &Action::FAILED_MINTS_BLOCKED).await;
        (!found.is_empty()).then_some(found)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(events(&*app.store, &Action::FAILED_MINTS_BLOCKED).await.len(), 1, "once, not per refusal");
    let event = &blocked[0];
    assert_eq!(event.subject.as_str(), "address:127.0.0.1");
    assert!(event.actor.as_str().starts_with("instance:"), "{:?}", event.actor);
    let details: serde_json::Value = serde_json::from_str(&event.details).unwrap();
    assert_eq!((details["limit"].as_u64(), details["window_secs"].as_u64()), (Some(3), Some(60)));
    assert!(!event.details.contains(unknown.expose()), "the token guessed is not logged");

    // The next window: room for three more failures, then a second record.
    app.advance(Duration::from_secs(61));
    for expected in [401, 401, 401, 429, 429] {
        assert_eq!(app.mint_raw(unknown.expose()).await.status(), expected);
    }
    eventually("the second block to be audited", async || {
        (events(&*app.store, &Action::FAILED_MINTS_BLOCKED).await.len() == 2).then_some(())
    })
    .await;
}

#[tokio::test]
async fn an_instance_that_was_stale_audits_its_recovery_with_how_long_it_was_stale() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(dir.path().join("s.db").to_str().unwrap()).unwrap();
    let hooked = HookedStore::new(Arc::new(sqlite));
    let mut opts = Options { store: Some(hooked.clone()), ..quick_flush() };
    opts.config.max_staleness = Duration::from_millis(300);
    let app = spawn_with(opts).await;
    let refresh = app.user("watcher", "standard").await;
    let access = app.mint(&refresh).await.token;

    hooked.fail_polls(true);
    assert_eq!(app.eventually_status("/api/artist/3380", &access, 503).await.status(), 503);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(events(&*app.store, &Action::INSTANCE_WAS_STALE).await.is_empty(), "nothing until it recovers");
    hooked.fail_polls(false);
    assert_eq!(app.eventually_status("/api/artist/3380", &access, 200).await.status(), 200);
    let recovered =
        eventually("the recovery to be audited", async || events(&*app.store, &Action::INSTANCE_WAS_STALE).await.pop())
            .await;
    assert!(recovered.actor.as_str().starts_with("instance:"));
    assert_eq!(recovered.subject.as_str(), recovered.actor.as_str(), "the instance is the subject");
    let details: serde_json::Value = serde_json::from_str(&recovered.details).unwrap();
    let (stale, out_of_sync) = (details["stale_ms"].as_u64().unwrap(), details["out_of_sync_ms"].as_u64().unwrap());
    // The poll loop marks the instance stale on its next tick after a request
    // first saw it so: the stale span can fall short of the 300 ms slept by
    // up to a poll interval.
    assert!(stale >= 200, "{details}");
    assert!(out_of_sync >= stale + 300, "the view was out of sync before it counted as stale: {details}");
    assert_eq!(details["max_staleness_ms"], 300);
}
