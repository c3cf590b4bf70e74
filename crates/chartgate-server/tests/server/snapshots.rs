//! Snapshots of the JSON bodies clients parse, with tokens and timestamps
//! redacted: a change to a body's shape shows up as a reviewed diff.

use crate::common::*;
use insta::assert_json_snapshot;

#[tokio::test]
async fn the_mint_body_has_the_four_keys_in_their_types() {
    let app = spawn_app().await;
    let refresh = app.user("snap", "entry").await;
    let res =
        app.http.post(app.url("/api/token")).json(&serde_json::json!({"refreshtoken": refresh})).send().await.unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_json_snapshot!("mint_body", body, { ".token" => "[access token]", ".refresh_token" => "[refresh token]" });
}

#[tokio::test]
async fn the_access_token_claims_have_their_names_and_types() {
    let app = spawn_app().await;
    let refresh = app.user("claims", "entry").await;
    let token = app.mint(&refresh).await.token;
    let (header, payload) = jwt_parts(&token);
    assert_json_snapshot!("jwt_header", header, { ".kid" => "[kid]" });
    assert_json_snapshot!("jwt_payload", payload, {
        ".id" => "[user id]", ".sub" => "[user id]", ".timestamp" => "[ms]",
        ".iat" => "[s]", ".exp" => "[s]", ".jti" => "[jti]",
    });
}

#[tokio::test]
async fn the_demo_artist_body_is_stable() {
    let app = spawn_app().await;
    app.plan("fast", 1000, 1000, "api").await;
    let token = app.mint(&app.user("artist-snap", "fast").await).await.token;
    let body: serde_json::Value = app.get("/api/artist/206557", &token).await.json().await.unwrap();
    assert_json_snapshot!("artist_206557", body);
}

#[tokio::test]
async fn error_bodies_are_one_error_string() {
    let app = spawn_app().await;
    let cases = [
        ("missing_header", app.http.get(app.url("/api/artist/206557")).send().await.unwrap()),
        (
            "near_miss_field",
            app.http.post(app.url("/api/token")).json(&serde_json::json!({"refresh_token": "x"})).send().await.unwrap(),
        ),
        ("unknown_route", app.http.get(app.url("/api/nope")).send().await.unwrap()),
        ("wrong_method", app.http.delete(app.url("/api/token")).send().await.unwrap()),
    ];
    for (name, res) in cases {
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_json_snapshot!(format!("error_{name}"), serde_json::json!({"status": status, "body": body}));
    }
}
