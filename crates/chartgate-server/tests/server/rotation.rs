//! Refresh-token rotation at mint, the operator's option (off by default).

use crate::common::*;

async fn rotating_app() -> TestApp {
    let mut opts = Options::default();
    opts.config.rotate_refresh_tokens = true;
    let app = spawn_with(opts).await;
    app.plan("fast", 1000, 1000, "api").await;
    app
}

#[tokio::test]
async fn by_default_the_refresh_token_is_echoed_and_keeps_working() {
    let app = spawn_app().await;
    let refresh = app.user("stable", "entry").await;
    assert_eq!(app.mint(&refresh).await.refresh_token, refresh);
    assert_eq!(app.mint(&refresh).await.refresh_token, refresh);
}

#[tokio::test]
async fn with_rotation_each_mint_returns_a_new_refresh_token_and_the_old_one_stops() {
    let app = rotating_app().await;
    let first = app.user("rotating", "fast").await;
    let minted = app.mint(&first).await;
    let second = minted.refresh_token.clone();
    assert_ne!(second, first);
    assert!(second.starts_with("cgrt_"));
    let res =
        app.http.post(app.url("/api/token")).json(&serde_json::json!({"refreshtoken": first})).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let third = app.mint(&second).await.refresh_token;
    assert_ne!(third, second);
    // Access tokens issued before a rotation stay valid.
    assert_eq!(app.get("/api/artist/206557", &minted.token).await.status(), 200);
}

#[tokio::test]
async fn concurrent_mints_with_one_refresh_token_rotate_it_exactly_once() {
    let app = rotating_app().await;
    let refresh = app.user("racer", "fast").await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (http, url, refresh) = (app.http.clone(), app.url("/api/token"), refresh.clone());
            tokio::spawn(async move {
                http.post(url).json(&serde_json::json!({"refreshtoken": refresh})).send().await.unwrap().status()
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == 200 || s == 401, "{s}");
        ok += usize::from(s == 200);
    }
    assert_eq!(ok, 1, "one winner; the others are told to use the winner's token");
}
