//! `POST /api/token` over HTTP: accepted bodies, the 200 body and the JWT
//! inside it, and every way a mint is refused.

use crate::common::*;
use chartgate_core::{RefreshToken, UserName, admin};
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

const JSON_CT: &str = "application/json; charset=utf-8";

fn body(refresh: &str) -> String {
    json!({ "refreshtoken": refresh }).to_string()
}

async fn assert_mints(res: reqwest::Response, refresh: &str) {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["refresh_token"], refresh, "{text}");
}

async fn bad_request(res: reqwest::Response) -> String {
    assert_eq!(res.status(), 400);
    error_of(res).await
}

async fn unauthorized(res: reqwest::Response) -> String {
    assert_eq!(res.status(), 401);
    error_of(res).await
}

fn name(s: &str) -> UserName {
    s.parse().unwrap()
}

#[tokio::test]
async fn mint_accepts_json_with_and_without_a_charset() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    for ct in ["application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"] {
        assert_mints(app.post_token(Some(ct), body(&refresh)).await, &refresh).await;
    }
}

#[tokio::test]
async fn mint_accepts_a_form_encoded_body() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let res = app.post_token(Some("application/x-www-form-urlencoded"), format!("refreshtoken={refresh}")).await;
    assert_mints(res, &refresh).await;
}

#[tokio::test]
async fn mint_accepts_a_json_or_form_body_without_a_content_type() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let res = app.post_token(None, body(&refresh)).await;
    assert_mints(res, &refresh).await;
    let form = app.post_token(None, format!("refreshtoken={refresh}")).await;
    assert_mints(form, &refresh).await;
}

#[tokio::test]
async fn mint_tolerates_extra_keys() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let extra = json!({"refreshtoken": refresh, "grant_type": "refresh", "n": 1, "nested": {"a": [1]}});
    assert_mints(app.post_token(Some("application/json"), extra.to_string()).await, &refresh).await;
}

#[tokio::test]
async fn mint_ignores_an_authorization_header_even_a_garbage_one() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let headers: [&[u8]; 4] = [b"Bearer YOUR_ACCESS_TOKEN", b"Basic dXNlcjpwYXNz", b"garbage \xff\xfe", b""];
    for h in headers {
        let res = app
            .http
            .post(app.url("/api/token"))
            .header("content-type", "application/json")
            .header("authorization", reqwest::header::HeaderValue::from_bytes(h).unwrap())
            .body(body(&refresh))
            .send()
            .await
            .unwrap();
        assert_mints(res, &refresh).await;
    }
}

#[tokio::test]
async fn mint_returns_exactly_the_four_keys_with_the_api_content_type() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let res = app.post_token(Some("application/json"), body(&refresh)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], JSON_CT);
    let v: Value = res.json().await.unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["expires_in", "refresh_token", "scope", "token"]);
    assert!(obj["token"].is_string());
    assert!(obj["expires_in"].is_u64(), "expires_in must be a JSON integer: {v}");
    assert_eq!(obj["expires_in"].as_u64(), Some(3600));
    assert_eq!(obj["refresh_token"], refresh.as_str());
    assert_eq!(obj["scope"], "api");
}

#[tokio::test]
async fn two_mints_return_different_tokens_and_both_work_at_once() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let first = app.mint(&refresh).await;
    let second = app.mint(&refresh).await;
    assert_ne!(first.token, second.token);
    assert_eq!(first.refresh_token, second.refresh_token);
    for access in [&first.token, &second.token, &first.token] {
        assert_eq!(app.get("/api/artist/206557", access).await.status(), 200);
    }
}

#[tokio::test]
async fn the_access_token_is_an_hs256_jwt_with_the_real_apis_claims() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let id = app.user_id("alice").await;
    let token = app.mint(&refresh).await.token;
    assert_eq!(token.split('.').count(), 3);
    let (header, payload) = jwt_parts(&token);
    assert_eq!(header["alg"], "HS256");
    assert!(header["kid"].as_str().is_some_and(|k| !k.is_empty()), "{header}");

    assert_eq!(payload["id"].as_i64(), Some(id), "{payload}");
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
    let ts = payload["timestamp"].as_u64().expect("timestamp in ms");
    assert!(ts.abs_diff(now_ms) < 120_000, "timestamp {ts} is not about now ({now_ms}) in ms");
    let iat = payload["iat"].as_u64().expect("iat");
    assert_eq!(iat, ts / 1000);
    assert_eq!(payload["exp"].as_u64(), Some(iat + 3600));
    assert_eq!(payload["sub"], id.to_string());
    assert_eq!(payload["scope"], "api");
    assert!(payload["jti"].as_str().is_some_and(|j| !j.is_empty()), "{payload}");

    let other = jwt_parts(&app.mint(&refresh).await.token).1;
    assert_ne!(other["jti"], payload["jti"]);
}

#[tokio::test]
async fn malformed_json_gets_400() {
    let app = spawn_app().await;
    for raw in ["{", r#"{"refreshtoken": }"#, "{'refreshtoken': 'x'}", "\u{7b}\"refreshtoken\": \"x\",}"] {
        let msg = bad_request(app.post_token(Some("application/json"), raw).await).await;
        assert!(msg.contains("JSON"), "{raw}: {msg}");
    }
}

#[tokio::test]
async fn an_empty_body_gets_400() {
    let app = spawn_app().await;
    for ct in [Some("application/json"), None] {
        let msg = bad_request(app.post_token(ct, "").await).await;
        assert!(msg.contains("empty"), "{msg}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_gets_400() {
    let app = spawn_app().await;
    for raw in ["[1, 2]", r#"["refreshtoken"]"#, r#""cgrt_abc""#, "42", "true", "null"] {
        let msg = bad_request(app.post_token(Some("application/json"), raw).await).await;
        assert!(msg.contains("object"), "{raw}: {msg}");
    }
}

#[tokio::test]
async fn a_body_without_refreshtoken_gets_400_naming_the_field() {
    let app = spawn_app().await;
    for raw in ["{}", r#"{"unrelated": "x"}"#] {
        let msg = bad_request(app.post_token(Some("application/json"), raw).await).await;
        assert!(msg.contains("refreshtoken"), "{raw}: {msg}");
    }
    let form = app.post_token(Some("application/x-www-form-urlencoded"), "unrelated=1").await;
    assert!(bad_request(form).await.contains("refreshtoken"));
}

#[tokio::test]
async fn a_refreshtoken_that_is_not_a_string_or_is_empty_gets_400() {
    let app = spawn_app().await;
    let cases = [
        (r#"{"refreshtoken": 12345}"#, "number"),
        (r#"{"refreshtoken": null}"#, "null"),
        (r#"{"refreshtoken": {"value": "x"}}"#, "object"),
        (r#"{"refreshtoken": ["x"]}"#, "array"),
        (r#"{"refreshtoken": true}"#, "boolean"),
        (r#"{"refreshtoken": ""}"#, "empty"),
    ];
    for (raw, word) in cases {
        let msg = bad_request(app.post_token(Some("application/json"), raw).await).await;
        assert!(msg.contains("refreshtoken") && msg.contains(word), "{raw}: {msg}");
    }
    let form = app.post_token(Some("application/x-www-form-urlencoded"), "refreshtoken=").await;
    assert!(bad_request(form).await.contains("empty"));
}

#[tokio::test]
async fn near_miss_field_names_get_400_naming_both_fields() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    for key in ["refresh_token", "refreshToken", "token", "RefreshToken"] {
        let raw = json!({ key: refresh }).to_string();
        let msg = bad_request(app.post_token(Some("application/json"), raw).await).await;
        assert!(msg.contains("`refreshtoken`") && msg.contains(&format!("`{key}`")), "{key}: {msg}");
    }
    let form = app.post_token(Some("application/x-www-form-urlencoded"), format!("refresh_token={refresh}")).await;
    let msg = bad_request(form).await;
    assert!(msg.contains("`refreshtoken`") && msg.contains("`refresh_token`"), "{msg}");
}

#[tokio::test]
async fn whitespace_around_a_valid_refresh_token_gets_401_saying_so() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    for padded in [format!(" {refresh}"), format!("{refresh}\n"), format!("\t{refresh} ")] {
        let msg = unauthorized(app.post_token(Some("application/json"), body(&padded)).await).await;
        assert!(msg.contains("whitespace"), "{msg}");
    }
    assert_mints(app.post_token(Some("application/json"), body(&refresh)).await, &refresh).await;
}

#[tokio::test]
async fn an_unknown_refresh_token_gets_401() {
    let app = spawn_app().await;
    app.fast_user("alice").await;
    let unknown = RefreshToken::generate();
    let res = app.post_token(Some("application/json"), body(unknown.expose())).await;
    assert!(res.headers()["www-authenticate"].to_str().unwrap().contains("Bearer"));
    let msg = unauthorized(res).await;
    assert!(msg.contains("refresh token"), "{msg}");
}

#[tokio::test]
async fn a_malformed_refresh_token_gets_401() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let mut typo = refresh.clone().into_bytes();
    typo[10] = if typo[10] == b'a' { b'b' } else { b'a' };
    for bad in ["YOUR_REFRESH_TOKEN".to_owned(), String::from_utf8(typo).unwrap(), refresh[..20].to_owned()] {
        unauthorized(app.post_token(Some("application/json"), body(&bad)).await).await;
    }
}

#[tokio::test]
async fn a_revoked_refresh_token_gets_401() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    app.mint(&refresh).await;
    admin::revoke(&*app.store, &name("alice"), &by()).await.unwrap();
    refused_within_a_poll(&app, &refresh).await;
}

/// Mints with `refresh` until one gets 401, and returns its message. A
/// refresh token the instance has resolved before is answered from its
/// directory while the user's row is unchanged there, so a change written
/// to the store (here by the admin use cases, as the CLI does) stops it
/// within one poll interval, as it stops the user's access tokens; until
/// then the mints succeed.
async fn refused_within_a_poll(app: &TestApp, refresh: &str) -> String {
    let started = std::time::Instant::now();
    let within = chartgate_server::ServerConfig::default().poll_interval * 2 + std::time::Duration::from_secs(2);
    loop {
        let res = app.post_token(Some("application/json"), body(refresh)).await;
        if res.status() == 401 {
            return unauthorized(res).await;
        }
        assert_eq!(res.status(), 200, "before the poll, the mint succeeds");
        assert!(started.elapsed() < within, "the refresh token still mints after {:?}", started.elapsed());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_rotated_refresh_token_stops_minting_within_one_poll_and_the_new_one_works() {
    let app = spawn_app().await;
    let old = app.fast_user("alice").await;
    app.mint(&old).await;
    let (_, new) = admin::rotate(&*app.store, &name("alice"), &by()).await.unwrap();
    refused_within_a_poll(&app, &old).await;
    let minted = app.mint(new.expose()).await;
    assert_eq!(minted.refresh_token, new.expose());
    let res = app.eventually_status("/api/artist/206557", &minted.token, 200).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_disabled_users_refresh_token_gets_401() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    app.mint(&refresh).await;
    admin::set_enabled(&*app.store, &name("alice"), false, &by()).await.unwrap();
    let msg = refused_within_a_poll(&app, &refresh).await;
    assert!(msg.contains("disabled"), "{msg}");
    admin::set_enabled(&*app.store, &name("alice"), true, &by()).await.unwrap();
    app.mint(&refresh).await;
}

#[tokio::test]
async fn a_body_over_16_kib_with_a_content_length_gets_413() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    for size in [16 * 1024 + 1, 20 * 1024, 64 * 1024] {
        let padded = json!({"refreshtoken": refresh, "pad": "x".repeat(size)}).to_string();
        let res = app.post_token(Some("application/json"), padded).await;
        assert_eq!(res.status(), 413, "{size} bytes");
        error_of(res).await;
    }
    let just_fits = json!({"refreshtoken": refresh, "pad": "x".repeat(15 * 1024)}).to_string();
    assert_mints(app.post_token(Some("application/json"), just_fits).await, &refresh).await;
}

#[tokio::test]
async fn a_chunked_body_over_16_kib_without_a_content_length_gets_413() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let padded = json!({"refreshtoken": refresh, "pad": "x".repeat(20 * 1024)}).to_string();
    let mut req = b"POST /api/token HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        .to_vec();
    for chunk in padded.as_bytes().chunks(4096) {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let res = raw_exchange(app.addr, &req).await;
    assert_eq!(res.status, Some(413), "{}", res.head);
    assert_eq!(res.header("content-type"), Some(JSON_CT));
    let v: Value = serde_json::from_slice(&res.body).unwrap();
    assert!(v["error"].is_string(), "{v}");
}

#[tokio::test]
async fn a_small_chunked_body_mints() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let json = body(&refresh);
    let (a, b) = json.split_at(10);
    let req = format!(
        "POST /api/token HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let res = raw_exchange(app.addr, req.as_bytes()).await;
    assert_eq!(res.status, Some(200), "{}", res.head);
    let v: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(v["refresh_token"], refresh.as_str());
}

#[tokio::test]
async fn text_plain_and_multipart_bodies_get_415() {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let multipart =
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"refreshtoken\"\r\n\r\n{refresh}\r\n--XyZ--\r\n");
    let cases = [
        ("text/plain", body(&refresh)),
        ("text/plain; charset=utf-8", refresh.clone()),
        ("multipart/form-data; boundary=XyZ", multipart),
        ("application/xml", format!("<refreshtoken>{refresh}</refreshtoken>")),
    ];
    for (ct, raw) in cases {
        let res = app.post_token(Some(ct), raw).await;
        assert_eq!(res.status(), 415, "{ct}");
        error_of(res).await;
    }
}

#[tokio::test]
async fn get_on_the_token_route_gets_405() {
    let app = spawn_app().await;
    for method in [reqwest::Method::GET, reqwest::Method::PUT, reqwest::Method::DELETE] {
        let res = app.http.request(method.clone(), app.url("/api/token")).send().await.unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "POST");
        let msg = error_of(res).await;
        assert!(msg.contains(method.as_str()), "{msg}");
    }
}
