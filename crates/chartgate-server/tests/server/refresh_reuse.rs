//! Refresh-token rotation with reuse detection: a replaced token mints
//! again within the grace period (a retry), and after it is taken as stolen.

use crate::common::*;
use chartgate_core::{Action, AuditEvent, AuditQuery, RefreshToken};
use std::time::Duration;

const GRACE: Duration = Duration::from_secs(60);

async fn rotating_app() -> TestApp {
    let mut opts = Options::default();
    opts.config.rotate_refresh_tokens = true;
    opts.config.refresh_grace = GRACE;
    let app = spawn_manual_with(opts).await;
    app.plan("fast", 1000, 1000, "api").await;
    app
}

async fn audit_of(app: &TestApp, user: &str) -> Vec<AuditEvent> {
    let query = AuditQuery { user: Some(user.parse().unwrap()), ..AuditQuery::default() };
    app.store.list_audit(&query).await.unwrap()
}

fn reuse_events(events: &[AuditEvent]) -> Vec<&AuditEvent> {
    events.iter().filter(|e| e.action == Action::REFRESH_TOKEN_REUSE_DETECTED).collect()
}

async fn is_current(app: &TestApp, refresh: &str) -> bool {
    let hash = RefreshToken::parse(refresh).unwrap().hash();
    app.store.user_by_refresh_token(&hash).await.unwrap().is_some()
}

#[tokio::test]
async fn a_replaced_refresh_token_mints_again_within_the_grace_period_and_rotates_again() {
    let app = rotating_app().await;
    let t0 = app.user("retrier", "fast").await;
    let t1 = app.mint(&t0).await.refresh_token;
    // The response carrying t1 was lost; the client retries with t0.
    app.advance(Duration::from_secs(30));
    let t2 = app.mint(&t0).await.refresh_token;
    assert!(t2 != t1 && t2 != t0 && t2.starts_with("cgrt_"));
    assert!(is_current(&app, &t2).await, "the retry's token is the user's token now");
    assert!(!is_current(&app, &t1).await, "the lost token was replaced in turn");
    // At exactly the end of the grace period the retry still mints.
    app.advance(GRACE - Duration::from_secs(30));
    let t3 = app.mint(&t0).await.refresh_token;
    assert!(is_current(&app, &t3).await);
    let t4 = app.mint(&t3).await.refresh_token;
    assert!(is_current(&app, &t4).await);
    assert!(reuse_events(&audit_of(&app, "retrier").await).is_empty(), "a retry is not theft");
}

#[tokio::test]
async fn concurrent_mints_with_one_refresh_token_all_succeed_and_are_not_taken_as_theft() {
    let app = rotating_app().await;
    let refresh = app.user("racer", "fast").await;
    let before = app.store.user_by_name(&"racer".parse().unwrap()).await.unwrap().unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (http, url, refresh) = (app.http.clone(), app.url("/api/token"), refresh.clone());
            tokio::spawn(async move {
                let res = http.post(url).json(&serde_json::json!({"refreshtoken": refresh})).send().await.unwrap();
                assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
                res.json::<chartmetric_types::TokenResponse>().await.unwrap().refresh_token
            })
        })
        .collect();
    let mut returned = Vec::new();
    for t in tasks {
        returned.push(t.await.unwrap());
    }
    let mut current = Vec::new();
    for t in &returned {
        if is_current(&app, t).await {
            current.push(t.clone());
        }
    }
    assert_eq!(current.len(), 1, "one of the returned tokens is the user's token: {returned:?}");
    let after = app.store.user_by_name(&"racer".parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(after.epoch, before.epoch, "no access token ended");
    assert!(after.has_refresh_token);
    assert!(reuse_events(&audit_of(&app, "racer").await).is_empty());
    app.mint(&current[0]).await;
}

#[tokio::test]
async fn a_replaced_token_after_the_grace_period_revokes_the_user_and_ends_its_access_tokens() {
    let app = rotating_app().await;
    let t0 = app.user("victim", "fast").await;
    let minted = app.mint(&t0).await;
    let (t1, access) = (minted.refresh_token, minted.token);
    assert_eq!(app.get("/api/artist/206557", &access).await.status(), 200);
    app.advance(GRACE + Duration::from_secs(1));
    // Whoever holds a copy of t0 comes back too late.
    let res = app.mint_raw(&t0).await;
    assert_eq!(res.status(), 401);
    let message = error_of(res).await;
    assert!(message.contains("stolen") && message.contains("revoked"), "{message}");
    let victim = app.store.user_by_name(&"victim".parse().unwrap()).await.unwrap().unwrap();
    assert!(!victim.has_refresh_token, "the user's refresh token is revoked");
    let res = app.mint_raw(&t1).await;
    assert_eq!(res.status(), 401, "the successor stops minting too");
    eventually("the access token to end", async || {
        (app.get("/api/artist/206557", &access).await.status() == 401).then_some(())
    })
    .await;
    let events = audit_of(&app, "victim").await;
    let reuse = reuse_events(&events);
    assert_eq!(reuse.len(), 1, "{events:?}");
    assert_eq!(reuse[0].subject.as_str(), "user:victim");
    assert!(reuse[0].actor.as_str().starts_with("instance:"), "{:?}", reuse[0].actor);
    assert_eq!(reuse[0].at, app.manual_now());
    let details: serde_json::Value = serde_json::from_str(&reuse[0].details).unwrap();
    assert_eq!(details["replaced_secs_ago"], 61);
    assert_eq!(details["address"], "127.0.0.1");
    for secret in [&t0, &t1, &RefreshToken::parse(&t0).unwrap().hash().to_hex()] {
        assert!(!reuse[0].details.contains(secret.as_str()), "no token or hash in the audit log");
    }
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"chartgate_token_mints_total{outcome="reuse_detected"} 1"#), "{metrics}");
}

#[tokio::test]
async fn presenting_the_stolen_token_again_is_refused_without_a_second_revocation() {
    let app = rotating_app().await;
    let t0 = app.user("twice", "fast").await;
    app.mint(&t0).await;
    app.advance(GRACE * 2);
    assert_eq!(app.mint_raw(&t0).await.status(), 401);
    let revoked = app.store.user_by_name(&"twice".parse().unwrap()).await.unwrap().unwrap();
    let res = app.mint_raw(&t0).await;
    assert_eq!(res.status(), 401);
    assert!(error_of(res).await.contains("not recognised"));
    let again = app.store.user_by_name(&"twice".parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(again.epoch, revoked.epoch, "no second revocation");
    assert_eq!(reuse_events(&audit_of(&app, "twice").await).len(), 1);
}

#[tokio::test]
async fn after_an_operator_rotates_an_old_replaced_token_is_merely_unknown() {
    let app = rotating_app().await;
    let t0 = app.user("rotated", "fast").await;
    app.mint(&t0).await;
    let (_, issued) = chartgate_core::admin::rotate(&*app.store, &"rotated".parse().unwrap(), &by()).await.unwrap();
    // Within the grace period: the operator's token must not be replaced.
    let res = app.mint_raw(&t0).await;
    assert_eq!(res.status(), 401);
    assert!(error_of(res).await.contains("not recognised"));
    app.advance(GRACE * 2);
    assert_eq!(app.mint_raw(&t0).await.status(), 401);
    assert!(reuse_events(&audit_of(&app, "rotated").await).is_empty(), "not theft");
    app.mint(issued.expose()).await;
}

#[tokio::test]
async fn a_disabled_user_cannot_mint_with_a_replaced_token_within_the_grace_period() {
    let app = rotating_app().await;
    let t0 = app.user("off", "fast").await;
    let t1 = app.mint(&t0).await.refresh_token;
    chartgate_core::admin::set_enabled(&*app.store, &"off".parse().unwrap(), false, &by()).await.unwrap();
    assert_eq!(app.mint_raw(&t0).await.status(), 401);
    assert_eq!(app.mint_raw(&t1).await.status(), 401);
}

#[tokio::test]
async fn without_rotation_the_refresh_token_is_never_replaced_nor_revoked() {
    let mut opts = Options::default();
    opts.config.refresh_grace = Duration::ZERO;
    let app = spawn_manual_with(opts).await;
    let refresh = app.user("stable", "entry").await;
    assert_eq!(app.mint(&refresh).await.refresh_token, refresh);
    app.advance(Duration::from_secs(3600));
    assert_eq!(app.mint(&refresh).await.refresh_token, refresh);
    let hash = RefreshToken::parse(&refresh).unwrap().hash();
    assert_eq!(app.store.replaced_refresh_token(&hash).await.unwrap(), None);
}
