//! Signing keys rotated and retired while the server runs, EdDSA tokens and
//! the JWK Set.
use crate::common::*;
use chartgate_core::{KeyAlg, admin};

async fn kid_of(token: &str) -> String {
    jwt_parts(token).0["kid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_rotation_reaches_the_running_server_and_a_retirement_ends_the_old_keys_tokens() {
    let app = spawn_app().await;
    let refresh = app.user("keys", "standard").await;
    let before = app.mint(&refresh).await.token;
    let old_kid = kid_of(&before).await;

    let new_kid = admin::rotate_key(&*app.store, KeyAlg::Hs256, &by()).await.unwrap();
    let after = eventually("the rotation", async || {
        let t = app.mint(&refresh).await.token;
        (kid_of(&t).await == new_kid).then_some(t)
    })
    .await;
    assert_eq!(app.get("/api/artist/3380", &after).await.status(), 200);
    assert_eq!(app.get("/api/artist/3380", &before).await.status(), 200, "the old key still verifies");

    admin::retire_key(&*app.store, &old_kid, &by()).await.unwrap();
    let res = app.eventually_status("/api/artist/3380", &before, 401).await;
    assert!(error_of(res).await.contains("unknown key"));
    assert_eq!(app.get("/api/artist/3380", &after).await.status(), 200);
}

#[tokio::test]
async fn eddsa_tokens_verify_with_the_published_jwks_alone() {
    let app = spawn_app().await;
    let empty: serde_json::Value =
        app.http.get(app.url("/.well-known/jwks.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(empty, serde_json::json!({"keys": []}), "HS256 secrets are never published");

    let kid = admin::rotate_key(&*app.store, KeyAlg::EdDsa, &by()).await.unwrap();
    let refresh = app.user("ed", "standard").await;
    let token = eventually("the EdDSA key", async || {
        let t = app.mint(&refresh).await.token;
        (kid_of(&t).await == kid).then_some(t)
    })
    .await;
    assert_eq!(jwt_parts(&token).0["alg"], "EdDSA");
    assert_eq!(app.get("/api/artist/3380", &token).await.status(), 200);

    let jwks: serde_json::Value =
        app.http.get(app.url("/.well-known/jwks.json")).send().await.unwrap().json().await.unwrap();
    let jwk = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str()).cloned().unwrap();
    let public = jsonwebtoken::DecodingKey::from_ed_components(jwk["x"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<serde_json::Value>(&token, &public, &validation).unwrap().claims;
    assert_eq!(claims["scope"], "api");
}

#[tokio::test]
async fn a_token_from_a_key_another_instance_rotated_to_is_accepted_before_the_next_poll() {
    let mut opts = Options::default();
    opts.config.poll_interval = std::time::Duration::from_secs(60);
    let app = spawn_with(opts).await;
    let refresh = app.user("early", "standard").await;
    let access = app.mint(&refresh).await.token;
    // Another instance rotated and signed with the new key; this one has
    // not polled yet, and reads the keys when it meets the unknown kid.
    let kid = admin::rotate_key(&*app.store, KeyAlg::Hs256, &by()).await.unwrap();
    let stored = app.store.signing_keys().await.unwrap();
    let ring = chartgate_core::KeyRing::from_stored(&stored, None).unwrap();
    assert_eq!(ring.signing_kid(), kid);
    let claims: chartgate_core::Claims = serde_json::from_value(jwt_parts(&access).1).unwrap();
    let foreign = ring.sign(&claims);
    assert_eq!(app.get("/api/artist/3380", &foreign).await.status(), 200);
}

#[tokio::test]
async fn a_configured_signing_key_signs_and_is_never_written_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = chartgate_sqlite::SqliteStore::open(dir.path().join("k.db").to_str().unwrap()).unwrap();
    chartgate_core::Store::migrate(&store).await.unwrap();
    let configured = chartgate_core::SigningKey::generate();
    let ring = chartgate_server::bootstrap::key_ring(&store, Some(configured.clone()), KeyAlg::Hs256).await.unwrap();
    assert_eq!(ring.signing_kid(), configured.kid());
    assert!(chartgate_core::Store::signing_keys(&store).await.unwrap().is_empty(), "no key stored");
    let bytes = std::fs::read(dir.path().join("k.db")).unwrap();
    assert!(!bytes.windows(configured.secret().len()).any(|w| w == configured.secret()), "secret not on disk");
}
