//! Defects a security read found, each pinned by a test that failed before
//! its fix.
use crate::common::*;
use chartgate_core::{RefreshToken, UserName, admin};

fn name(s: &str) -> UserName {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_mint_that_read_the_user_before_a_disable_cannot_undo_the_disable() {
    let (app, hooked, _dir) = hooked_app(|_| {}).await;
    let refresh = app.user("victim", "standard").await;
    let before = app.mint(&refresh).await.token;
    assert_eq!(app.get("/api/artist/3380", &before).await.status(), 200);
    // A write to the user (a no-op enable) that the instance polls: the
    // refresh token it resolved at the first mint is read from the store
    // again, which is the read this test holds.
    admin::set_enabled(&*app.store, &name("victim"), true, &by()).await.unwrap();
    app.settle().await;

    // A mint reads the user (enabled), and is held there ...
    let hold = hooked.hold_next_refresh_lookup();
    let mint = {
        let req = app.http.post(app.url("/api/token")).json(&serde_json::json!({ "refreshtoken": refresh }));
        tokio::spawn(async move { req.send().await.unwrap() })
    };
    hold.reached.await.unwrap();
    // ... while the user is disabled and every instance has polled it.
    admin::set_enabled(&*app.store, &name("victim"), false, &by()).await.unwrap();
    app.eventually_status("/api/artist/3380", &before, 401).await;

    // The held mint now answers with the row it read before the disable.
    hold.release.send(()).unwrap();
    let minted = mint.await.unwrap();
    let late = match minted.status().as_u16() {
        200 => Some(minted.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned()),
        _ => None,
    };
    app.settle().await;
    assert_eq!(app.get("/api/artist/3380", &before).await.status(), 401, "the stale row must not win");
    if let Some(late) = late {
        assert_eq!(app.get("/api/artist/3380", &late).await.status(), 401, "a token from the stale read is dead too");
    }
}

#[tokio::test]
async fn a_valid_refresh_token_mints_whatever_others_at_its_address_did() {
    let app = spawn_app().await;
    let refresh = app.user("innocent", "standard").await;
    for _ in 0..10 {
        assert_eq!(app.mint_raw(RefreshToken::generate().expose()).await.status(), 401);
    }
    // The address is out of failed mints: guesses get 429 ...
    let guess = app.mint_raw(RefreshToken::generate().expose()).await;
    assert_eq!(guess.status(), 429);
    assert_eq!(app.mint_raw("cgrt_malformed").await.status(), 429);
    // ... but the holder of a real refresh token is not locked out.
    let minted = app.mint(&refresh).await;
    assert_eq!(app.get("/api/artist/3380", &minted.token).await.status(), 200);
    assert_eq!(app.mint_raw(RefreshToken::generate().expose()).await.status(), 429, "still counted");
}

#[tokio::test]
async fn a_plan_downgrade_reaches_tokens_minted_before_it() {
    let app = spawn_app().await;
    app.plan("wide", 50, 10, "api").await;
    app.plan("narrow", 50, 10, "track:read").await;
    let refresh = app.user("downgraded", "wide").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200);

    admin::set_user_plan(&*app.store, &name("downgraded"), &"narrow".parse().unwrap(), &by()).await.unwrap();
    let res = app.eventually_status("/api/artist/3380", &access, 403).await;
    let message = error_of(res).await;
    assert!(message.contains("artist:read") && message.contains("narrow"), "{message}");

    // An upgrade does not widen an old token beyond what it carries.
    app.plan("narrow", 50, 10, "api").await;
    app.settle().await;
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200);
}

#[tokio::test]
async fn an_instance_that_cannot_poll_the_store_answers_503_past_its_max_staleness_then_recovers() {
    let (app, hooked, _dir) = hooked_app(|o| o.config.max_staleness = std::time::Duration::from_millis(400)).await;
    let refresh = app.user("stale", "standard").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get("/api/artist/3380", &access).await.status(), 200);

    hooked.fail_polls(true);
    let res = app.eventually_status("/api/artist/3380", &access, 503).await;
    assert_eq!(res.status(), 503);
    assert!(error_of(res).await.contains("cannot vouch for revocations"));
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), 200, "health is not authenticated");

    hooked.fail_polls(false);
    assert_eq!(app.eventually_status("/api/artist/3380", &access, 200).await.status(), 200);
}

#[tokio::test]
async fn a_poll_interval_over_one_second_is_honoured() {
    let (app, hooked, _dir) = hooked_app(|o| o.config.poll_interval = std::time::Duration::from_millis(1500)).await;
    let before = hooked.polls();
    tokio::time::sleep(std::time::Duration::from_millis(3200)).await;
    let polls = hooked.polls() - before;
    assert!((2..=3).contains(&polls), "{polls} polls in 3.2 s at a 1.5 s interval");
    drop(app);
}

#[tokio::test]
async fn metrics_can_move_off_the_public_port() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut opts = Options::default();
    opts.config.metrics_listen = Some(free);
    let app = spawn_with(opts).await;
    let public = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
    error_of(public).await;
    let private = app.http.get(format!("http://{free}/metrics")).send().await.unwrap();
    assert_eq!(private.status(), 200);
    assert!(private.text().await.unwrap().contains("chartgate_http_requests"));
    let other = app.http.get(format!("http://{free}/api/artist/3380")).send().await.unwrap();
    assert_eq!(other.status(), 404, "the metrics address serves nothing else");
}
