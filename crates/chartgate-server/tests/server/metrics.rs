//! `GET /metrics`: Prometheus text with bounded, secret-free labels.

use crate::common::*;

#[tokio::test]
async fn metrics_count_requests_mints_and_limits_without_any_secret() {
    let app = spawn_app().await;
    app.plan("fast", 1000, 1000, "api").await;
    let refresh = app.user("metric-user", "fast").await;
    let token = app.mint(&refresh).await;
    assert_eq!(app.get("/api/artist/206557", &token.token).await.status(), 200);
    assert_eq!(app.get("/api/artist/777000777", &token.token).await.status(), 404);
    let res = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    for line in [
        r#"chartgate_http_requests_total{route="/api/artist/{id}",method="GET",status="200"} 1"#,
        r#"chartgate_http_requests_total{route="/api/artist/{id}",method="GET",status="404"} 1"#,
        r#"chartgate_http_requests_total{route="/api/token",method="POST",status="200"} 1"#,
        r#"chartgate_token_mints_total{outcome="ok"} 1"#,
        r#"chartgate_rate_limit_decisions_total{budget="data",decision="allowed"} 2"#,
        r#"chartgate_rate_limit_decisions_total{budget="mint",decision="allowed"} 1"#,
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
    assert!(text.contains("chartgate_http_request_duration_seconds_bucket"));
    assert!(text.contains("chartgate_backend_duration_seconds_count{backend=\"store\"}"));
    for secret in [refresh.as_str(), token.token.as_str(), "metric-user", "777000777"] {
        assert!(!text.contains(secret), "metrics leak {secret:.12}…");
    }
}

#[tokio::test]
async fn unknown_paths_are_counted_as_unmatched_not_by_path() {
    let app = spawn_app().await;
    let _ = app.http.get(app.url("/some/secretish/path")).send().await.unwrap();
    let text = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains(r#"route="unmatched",method="GET",status="404""#), "{text}");
    assert!(!text.contains("secretish"));
}

#[tokio::test]
async fn a_rotation_is_counted_as_a_revocation_once_the_server_sees_it() {
    let app = spawn_app().await;
    app.user("rot", "entry").await;
    app.settle().await;
    chartgate_core::admin::rotate(&*app.store, &"rot".parse().unwrap(), &by()).await.unwrap();
    app.settle().await;
    let text = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("chartgate_revocations_total 1"), "{text}");
}
