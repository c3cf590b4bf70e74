//! The bearer guard over HTTP: every way an `Authorization` header or an
//! access token can be wrong gets a 401 that says which, with RFC 6750's
//! `WWW-Authenticate`.

use crate::common::*;
use chartgate_core::{ManualClock, UnixTime, UserName, admin};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

const ARTIST: &str = "/api/artist/206557";

/// Asserts a 401 with the JSON error body and `WWW-Authenticate`, carrying
/// `error="invalid_token"` exactly when a token was presented; returns the
/// message in lower case.
async fn refused(res: reqwest::Response, token_presented: bool) -> String {
    assert_eq!(res.status(), 401);
    let challenge =
        res.headers().get("www-authenticate").expect("WWW-Authenticate on a 401").to_str().unwrap().to_owned();
    assert!(challenge.starts_with("Bearer"), "{challenge}");
    assert_eq!(challenge.contains(r#"error="invalid_token""#), token_presented, "{challenge}");
    if !token_presented {
        assert!(!challenge.contains("error="), "{challenge}");
    }
    error_of(res).await.to_lowercase()
}

async fn refused_saying(res: reqwest::Response, words: &[&str]) -> String {
    let msg = refused(res, true).await;
    for w in words {
        assert!(msg.contains(w), "{msg:?} should mention {w:?}");
    }
    msg
}

/// An app, a fast user and a fresh access token.
async fn app_with_token() -> (TestApp, String) {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    (app, access)
}

fn manual_app_options() -> (Arc<ManualClock>, Options) {
    let clock = Arc::new(ManualClock::starting_now());
    let opts = Options { clock: Some(clock.clone()), ..Options::default() };
    (clock, opts)
}

fn segments(token: &str) -> (String, String, String) {
    let mut it = token.split('.').map(str::to_owned);
    (it.next().unwrap(), it.next().unwrap(), it.next().unwrap())
}

fn kid_of(token: &str) -> String {
    jwt_parts(token).0["kid"].as_str().unwrap().to_owned()
}

fn name(s: &str) -> UserName {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_request_without_authorization_gets_401_without_an_error_code() {
    let (app, _) = app_with_token().await;
    let res = app.http.get(app.url(ARTIST)).send().await.unwrap();
    let msg = refused(res, false).await;
    assert!(msg.contains("missing authorization header"), "{msg}");
}

#[tokio::test]
async fn another_scheme_gets_401_naming_the_scheme() {
    let (app, access) = app_with_token().await;
    for (value, scheme) in [
        ("Basic dXNlcjpwYXNz".to_owned(), "basic"),
        (format!("Token {access}"), "token"),
        (format!("JWT {access}"), "jwt"),
    ] {
        let res = app.get_with_authorization(ARTIST, value.as_bytes()).await;
        refused_saying(res, &["scheme", scheme]).await;
    }
}

#[tokio::test]
async fn a_bare_token_without_a_scheme_gets_401() {
    let (app, access) = app_with_token().await;
    let res = app.get_with_authorization(ARTIST, access.as_bytes()).await;
    refused_saying(res, &["no scheme"]).await;
}

#[tokio::test]
async fn bearer_without_a_token_gets_401() {
    let (app, _) = app_with_token().await;
    let res = app.get_with_authorization(ARTIST, b"Bearer").await;
    refused_saying(res, &["no token"]).await;
}

#[tokio::test]
async fn bearer_without_a_space_gets_401_saying_so() {
    let (app, access) = app_with_token().await;
    let res = app.get_with_authorization(ARTIST, format!("Bearer{access}").as_bytes()).await;
    refused_saying(res, &["one space", "has none"]).await;
}

#[tokio::test]
async fn bearer_with_two_spaces_or_a_tab_gets_401_saying_so() {
    let (app, access) = app_with_token().await;
    for value in [format!("Bearer  {access}"), format!("Bearer\t{access}"), format!("Bearer {access} extra")] {
        let res = app.get_with_authorization(ARTIST, value.as_bytes()).await;
        refused_saying(res, &["exactly one space"]).await;
    }
}

#[tokio::test]
async fn a_quoted_token_gets_401_saying_so() {
    let (app, access) = app_with_token().await;
    for value in [format!("Bearer \"{access}\""), format!("Bearer '{access}'")] {
        let res = app.get_with_authorization(ARTIST, value.as_bytes()).await;
        refused_saying(res, &["quoted"]).await;
    }
}

#[tokio::test]
async fn non_ascii_bytes_in_the_header_get_401() {
    let (app, _) = app_with_token().await;
    let res = app.get_with_authorization(ARTIST, b"Bearer \xe2\x82\xac\xff").await;
    refused_saying(res, &["printable ascii"]).await;
}

#[tokio::test]
async fn a_token_that_is_not_a_jwt_gets_401_saying_so() {
    let (app, _) = app_with_token().await;
    for token in ["YOUR_ACCESS_TOKEN", "a.b", "a.b.c.d", "....", "x.y.z", "eyJhbGciOiJIUzI1NiJ9..sig"] {
        let res = app.get(ARTIST, token).await;
        refused_saying(res, &["not a jwt"]).await;
    }
}

#[tokio::test]
async fn a_token_with_a_flipped_signature_character_gets_401_bad_signature() {
    let (app, access) = app_with_token().await;
    let (h, p, s) = segments(&access);
    let mut sig = s.into_bytes();
    let mid = sig.len() / 2;
    sig[mid] = if sig[mid] == b'A' { b'B' } else { b'A' };
    let forged = format!("{h}.{p}.{}", String::from_utf8(sig).unwrap());
    refused_saying(app.get(ARTIST, &forged).await, &["signature"]).await;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
}

#[tokio::test]
async fn a_token_with_a_changed_payload_gets_401_bad_signature() {
    let (app, access) = app_with_token().await;
    let (h, _, s) = segments(&access);
    let mut payload = jwt_parts(&access).1;
    payload["scope"] = json!("api admin:write");
    let forged = format!("{h}.{}.{s}", b64_json(&payload));
    refused_saying(app.get(ARTIST, &forged).await, &["signature"]).await;
}

#[tokio::test]
async fn an_alg_none_token_gets_401_naming_the_algorithm() {
    let (app, access) = app_with_token().await;
    let (_, p, _) = segments(&access);
    let kid = kid_of(&access);
    for alg in ["none", "None", "NONE"] {
        let header = json!({"alg": alg, "typ": "JWT", "kid": kid});
        let forged = format!("{}.{p}.", b64_json(&header));
        refused_saying(app.get(ARTIST, &forged).await, &["algorithm", &alg.to_lowercase()]).await;
    }
}

#[tokio::test]
async fn a_token_with_another_algorithm_gets_401_naming_it() {
    let (app, access) = app_with_token().await;
    let (_, p, s) = segments(&access);
    let kid = kid_of(&access);
    for alg in ["HS512", "RS256", "ES256"] {
        let header = json!({"alg": alg, "typ": "JWT", "kid": kid});
        let forged = format!("{}.{p}.{s}", b64_json(&header));
        refused_saying(app.get(ARTIST, &forged).await, &["algorithm", &alg.to_lowercase(), "hs256"]).await;
    }
}

#[tokio::test]
async fn a_token_without_a_kid_gets_401() {
    let (app, access) = app_with_token().await;
    let (_, p, s) = segments(&access);
    let forged = format!("{}.{p}.{s}", b64_json(&json!({"alg": "HS256", "typ": "JWT"})));
    refused_saying(app.get(ARTIST, &forged).await, &["kid"]).await;
}

#[tokio::test]
async fn an_expired_token_gets_401_and_one_second_earlier_it_still_works() {
    let (_clock, opts) = manual_app_options();
    let app = spawn_with(opts).await;
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    app.advance(Duration::from_secs(3599));
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    app.advance(Duration::from_secs(1));
    refused_saying(app.get(ARTIST, &access).await, &["expired"]).await;
    app.advance(Duration::from_secs(86_400));
    refused_saying(app.get(ARTIST, &access).await, &["expired"]).await;
}

#[tokio::test]
async fn a_token_never_used_before_expiry_gets_401_expired() {
    let (_clock, opts) = manual_app_options();
    let app = spawn_with(opts).await;
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    app.advance(Duration::from_secs(3600));
    refused_saying(app.get(ARTIST, &access).await, &["expired"]).await;
}

#[tokio::test]
async fn a_token_issued_in_the_future_beyond_the_leeway_gets_401() {
    let (clock, opts) = manual_app_options();
    let app = spawn_with(opts).await;
    let refresh = app.fast_user("alice").await;
    let start: UnixTime = chartgate_core::Clock::now(&*clock);
    app.advance(Duration::from_secs(120));
    let access = app.mint(&refresh).await.token;
    clock.set(start);
    refused_saying(app.get(ARTIST, &access).await, &["future"]).await;
    // Back at issue time the same token is fine.
    app.advance(Duration::from_secs(120));
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
}

#[tokio::test]
async fn a_token_issued_a_few_seconds_ahead_within_the_leeway_is_accepted() {
    let (clock, opts) = manual_app_options();
    let app = spawn_with(opts).await;
    let refresh = app.fast_user("alice").await;
    let start: UnixTime = chartgate_core::Clock::now(&*clock);
    app.advance(Duration::from_secs(4));
    let access = app.mint(&refresh).await.token;
    clock.set(start);
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
}

#[tokio::test]
async fn a_token_signed_by_another_server_gets_401_unknown_key() {
    let (app, access) = app_with_token().await;
    let other = spawn_app().await;
    let foreign = other.mint(&other.fast_user("alice").await).await.token;
    assert_ne!(kid_of(&foreign), kid_of(&access));
    refused_saying(app.get(ARTIST, &foreign).await, &["unknown key"]).await;
    assert_eq!(other.get(ARTIST, &foreign).await.status(), 200);
}

#[tokio::test]
async fn a_disabled_users_access_token_gets_401() {
    let (app, access) = app_with_token().await;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    admin::set_enabled(&*app.store, &name("alice"), false, &by()).await.unwrap();
    let res = app.eventually_status(ARTIST, &access, 401).await;
    refused_saying(res, &["disabled"]).await;
}

#[tokio::test]
async fn a_rotated_users_old_access_token_gets_401_and_a_new_one_works() {
    let (app, access) = app_with_token().await;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    let (_, new_refresh) = admin::rotate(&*app.store, &name("alice"), &by()).await.unwrap();
    let res = app.eventually_status(ARTIST, &access, 401).await;
    refused_saying(res, &["revoked"]).await;
    let fresh = app.mint(new_refresh.expose()).await.token;
    assert_eq!(app.get(ARTIST, &fresh).await.status(), 200);
}

#[tokio::test]
async fn a_revoked_users_old_access_token_gets_401() {
    let (app, access) = app_with_token().await;
    assert_eq!(app.get(ARTIST, &access).await.status(), 200);
    admin::revoke(&*app.store, &name("alice"), &by()).await.unwrap();
    let res = app.eventually_status(ARTIST, &access, 401).await;
    refused_saying(res, &["revoked"]).await;
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_in_any_letter_case() {
    let (app, access) = app_with_token().await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let res = app.get_with_authorization(ARTIST, format!("{scheme} {access}").as_bytes()).await;
        assert_eq!(res.status(), 200, "{scheme}");
    }
}
