//! Our own SDK against the real server: the two halves of the project agree.

use crate::common::*;
use chartmetric::{Client, ErrorKind};

fn client(app: &TestApp, refresh: &str) -> Client {
    Client::builder().base_url(app.base.clone()).refresh_token(refresh).build().unwrap()
}

#[tokio::test]
async fn the_sdk_fetches_the_documents_artist_with_its_real_shapes() {
    let app = spawn_app().await;
    app.plan("fast", 1000, 1000, "api").await;
    let c = client(&app, &app.user("sdk", "fast").await);
    let artist = c.artist(206557).await.unwrap();
    assert_eq!(artist.id, 206557);
    assert!(artist.genres.unwrap().primary.is_some());
    let v = c.get_json("/api/artist/3380").await.unwrap();
    assert_eq!(v["id"], 3380);
    let m = c.metrics();
    assert_eq!(m.mints, 1, "one access token serves every call");
}

#[tokio::test]
async fn the_sdk_maps_chartgate_errors_to_kinds() {
    let app = spawn_app().await;
    app.plan("charts-only", 1000, 1000, "chart:read").await;
    let c = client(&app, &app.user("narrow", "charts-only").await);
    assert!(matches!(c.artist(206557).await.unwrap_err().kind(), ErrorKind::Forbidden));
    app.plan("fast", 1000, 1000, "api").await;
    let c = client(&app, &app.user("wide", "fast").await);
    assert!(matches!(c.artist(10_424_242).await.unwrap_err().kind(), ErrorKind::NotFound));
    let bogus = chartgate_core::RefreshToken::generate();
    let c = client(&app, bogus.expose());
    assert!(matches!(c.artist(206557).await.unwrap_err().kind(), ErrorKind::RefreshTokenRejected));
}

#[tokio::test]
async fn a_paced_sdk_client_never_sees_a_429_from_chartgate() {
    let app = spawn_app().await;
    app.plan("five", 5, 12, "api").await;
    let refresh = app.user("paced", "five").await;
    let c =
        Client::builder().base_url(app.base.clone()).refresh_token(refresh).max_requests_per_second(5).build().unwrap();
    for _ in 0..12 {
        c.artist(206557).await.unwrap();
    }
    assert_eq!(c.metrics().rate_limited_responses, 0);
}

#[tokio::test]
async fn an_unpaced_sdk_client_waits_out_chartgates_429s_and_succeeds() {
    let app = spawn_app().await;
    app.plan("two", 2, 6, "api").await;
    let c = client(&app, &app.user("eager", "two").await);
    // Five calls back to back on a 2/s plan: the third meets a 429, the
    // client sleeps until X-RateLimit-Reset and every call succeeds.
    for _ in 0..5 {
        c.artist(206557).await.unwrap();
    }
    assert!(c.metrics().rate_limited_responses >= 1, "the burst hit the limit");
    assert!(c.metrics().rate_limit_waits >= 1);
}

#[tokio::test]
async fn after_a_rotation_the_sdk_reports_the_old_refresh_token_as_rejected() {
    let app = spawn_app().await;
    app.plan("fast", 1000, 1000, "api").await;
    let c = client(&app, &app.user("rotated", "fast").await);
    c.artist(206557).await.unwrap();
    chartgate_core::admin::rotate(&*app.store, &"rotated".parse().unwrap(), &by()).await.unwrap();
    app.settle().await;
    let err = c.artist(206557).await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::RefreshTokenRejected), "{err}");
}
