//! `GET /api/artist/{id}` over HTTP: the `{"obj": ...}` envelope, the real
//! field names and shapes, bad and unknown ids, and the GET bodies some
//! clients send.

use crate::common::*;
use serde_json::{Map, Value};

const JSON_CT: &str = "application/json; charset=utf-8";

async fn app_with_token() -> (TestApp, String) {
    let app = spawn_app().await;
    let refresh = app.fast_user("alice").await;
    let access = app.mint(&refresh).await.token;
    (app, access)
}

async fn artist_obj(res: reqwest::Response) -> Map<String, Value> {
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], JSON_CT);
    let v: Value = res.json().await.unwrap();
    let top = v.as_object().expect("a JSON object");
    assert_eq!(top.keys().collect::<Vec<_>>(), ["obj"], "`obj` is the only top-level key");
    top["obj"].as_object().expect("obj is an object").clone()
}

fn has_keys(v: &Value, keys: &[&str]) {
    let obj = v.as_object().unwrap_or_else(|| panic!("an object: {v}"));
    for k in keys {
        assert!(obj.contains_key(*k), "missing `{k}` in {v}");
    }
}

#[tokio::test]
async fn the_documents_artist_comes_in_an_obj_envelope_with_the_real_fields() {
    let (app, access) = app_with_token().await;
    let obj = artist_obj(app.get("/api/artist/206557", &access).await).await;
    let known = [
        "id",
        "name",
        "created_at",
        "code2",
        "band",
        "gender",
        "pronoun_title",
        "isni",
        "image_url",
        "cover_url",
        "hometown_city",
        "current_city",
        "current_city_id",
        "band_members",
        "record_label",
        "description",
        "cm_artist_rank",
        "cm_artist_score",
        "tags",
        "genres",
        "career_status",
        "cm_statistics",
    ];
    has_keys(&Value::Object(obj.clone()), &known);
    assert_eq!(obj["id"], 206557);
    assert!(obj["name"].as_str().is_some_and(|n| !n.is_empty()));
    let code2 = obj["code2"].as_str().expect("code2");
    assert_eq!(code2.len(), 2);
    assert_eq!(code2, code2.to_lowercase(), "code2 is lower case");
}

#[tokio::test]
async fn genres_is_an_object_with_primary_secondary_and_sub() {
    let (app, access) = app_with_token().await;
    let obj = artist_obj(app.get("/api/artist/206557", &access).await).await;
    let genres = &obj["genres"];
    has_keys(genres, &["primary", "secondary", "sub"]);
    has_keys(&genres["primary"], &["id", "name", "score"]);
    assert!(genres["primary"]["id"].is_i64());
    assert!(genres["primary"]["name"].is_string());
    for list in ["secondary", "sub"] {
        let items = genres[list].as_array().unwrap_or_else(|| panic!("{list} is an array"));
        for g in items {
            has_keys(g, &["id", "name", "score"]);
        }
    }
}

#[tokio::test]
async fn tags_are_an_array_of_name_id_count() {
    let (app, access) = app_with_token().await;
    let obj = artist_obj(app.get("/api/artist/206557", &access).await).await;
    let tags = obj["tags"].as_array().expect("tags is an array");
    assert!(!tags.is_empty());
    for t in tags {
        has_keys(t, &["name", "id", "count"]);
        assert!(t["name"].is_string() && t["id"].is_i64(), "{t}");
    }
}

#[tokio::test]
async fn career_status_has_stage_and_trend_with_scores() {
    let (app, access) = app_with_token().await;
    let obj = artist_obj(app.get("/api/artist/206557", &access).await).await;
    let cs = &obj["career_status"];
    has_keys(cs, &["stage", "stage_score", "trend", "trend_score"]);
    assert!(cs["stage"].is_string() && cs["trend"].is_string(), "{cs}");
    assert!(cs["stage_score"].is_number() && cs["trend_score"].is_number(), "{cs}");
}

#[tokio::test]
async fn cm_statistics_has_the_counters_with_their_ranks() {
    let (app, access) = app_with_token().await;
    let obj = artist_obj(app.get("/api/artist/206557", &access).await).await;
    let stats = &obj["cm_statistics"];
    for counter in ["sp_followers", "sp_monthly_listeners", "deezer_fans", "ycs_views", "num_sp_playlists"] {
        let rank = format!("{counter}_rank");
        has_keys(stats, &[counter, &rank]);
        assert!(stats[counter].is_i64(), "{counter}: {stats}");
        assert!(stats[rank.as_str()].is_i64(), "{rank}: {stats}");
    }
    has_keys(stats, &["timestamp", "countryRank", "genreRank"]);
    assert!(stats["timestamp"].is_string());
}

#[tokio::test]
async fn an_unknown_artist_gets_404_json() {
    let (app, access) = app_with_token().await;
    for id in ["999999999", "10000001", "9223372036854775807"] {
        let res = app.get(&format!("/api/artist/{id}"), &access).await;
        assert_eq!(res.status(), 404, "{id}");
        let msg = error_of(res).await;
        assert!(msg.contains("not found"), "{msg}");
    }
}

#[tokio::test]
async fn a_non_numeric_artist_id_gets_400_json() {
    let (app, access) = app_with_token().await;
    let ids = ["abc", "1.5", "-3", "0", "99999999999999999999999", "1e3", "0x10", "206557abc", "%20206557", "%ff"];
    for id in ids {
        let res = app.get(&format!("/api/artist/{id}"), &access).await;
        assert_eq!(res.status(), 400, "{id}");
        error_of(res).await;
    }
}

#[tokio::test]
async fn an_unknown_artist_still_needs_a_valid_token() {
    let (app, _) = app_with_token().await;
    for path in ["/api/artist/999999999", "/api/artist/abc"] {
        let res = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        error_of(res).await;
    }
}

#[tokio::test]
async fn a_get_with_a_json_content_type_and_no_body_is_accepted() {
    let (app, access) = app_with_token().await;
    let res = app
        .http
        .get(app.url("/api/artist/206557"))
        .bearer_auth(&access)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(artist_obj(res).await["id"], 206557);
}

#[tokio::test]
async fn a_get_with_the_two_byte_body_braces_is_accepted() {
    let (app, access) = app_with_token().await;
    for ct in [Some("application/json"), None] {
        let mut req = app.http.get(app.url("/api/artist/206557")).bearer_auth(&access).body("{}");
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        let res = req.send().await.unwrap();
        assert_eq!(artist_obj(res).await["id"], 206557);
    }
}

#[tokio::test]
async fn an_artist_response_carries_integer_rate_limit_headers() {
    let (app, access) = app_with_token().await;
    let res = app.get("/api/artist/206557", &access).await;
    assert_eq!(res.status(), 200);
    let int = |name: &str| -> u64 {
        res.headers()[name].to_str().unwrap().parse().unwrap_or_else(|_| panic!("{name} is an integer"))
    };
    assert_eq!(int("x-ratelimit-limit"), 1000);
    assert_eq!(int("x-ratelimit-remaining"), 999);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let reset = int("x-ratelimit-reset");
    assert!(reset >= now.saturating_sub(1) && reset <= now + 60, "reset {reset} is an epoch second near {now}");
}
