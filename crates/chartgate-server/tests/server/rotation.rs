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

// What a replaced refresh token does (a retry within the grace period, theft
// after it) is in refresh_reuse.rs.
#[tokio::test]
async fn with_rotation_each_mint_returns_a_new_refresh_token() {
    let app = rotating_app().await;
    let first = app.user("rotating", "fast").await;
    let minted = app.mint(&first).await;
    let second = minted.refresh_token.clone();
    assert_ne!(second, first);
    assert!(second.starts_with("cgrt_"));
    let third = app.mint(&second).await.refresh_token;
    assert_ne!(third, second);
    // Access tokens issued before a rotation stay valid.
    assert_eq!(app.get("/api/artist/206557", &minted.token).await.status(), 200);
}
