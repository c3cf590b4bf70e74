//! The sandbox's generated catalog over HTTP: entities by id, ranges, the
//! per-family scopes, determinism across servers.

use crate::common::*;

async fn app_with_token() -> (TestApp, String) {
    let app = spawn_app().await;
    app.plan("fast", 10_000, 10_000, "api").await;
    let access = app.mint(&app.user("integrator", "fast").await).await.token;
    (app, access)
}

async fn obj(app: &TestApp, path: &str, access: &str) -> serde_json::Value {
    let res = app.get(path, access).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "only obj: {body}");
    body["obj"].clone()
}

#[tokio::test]
async fn the_example_ids_clients_use_answer_without_any_import() {
    let (app, access) = app_with_token().await;
    for id in [206557, 3380, 4904, 439] {
        let a = obj(&app, &format!("/api/artist/{id}"), &access).await;
        assert_eq!(a["id"], id);
        assert!(a["name"].as_str().is_some_and(|n| !n.is_empty()) && a["genres"].is_object());
    }
    for id in [22960734, 15678739] {
        let t = obj(&app, &format!("/api/track/{id}"), &access).await;
        assert_eq!(t["id"], id);
        assert!(t["isrc"].as_str().is_some_and(|i| i.len() == 12), "{t}");
        assert!(t["artists"][0]["name"].is_string(), "{t}");
    }
    let album = obj(&app, "/api/album/1119543", &access).await;
    assert!(album["upc"].is_string() && album["artists"][0]["name"].is_string(), "{album}");
    let playlist = obj(&app, "/api/playlist/spotify/179228", &access).await;
    assert!(playlist["name"].is_string() && playlist["followers"].is_number(), "{playlist}");
    let curator = obj(&app, "/api/curator/spotify/132426", &access).await;
    assert!(curator["name"].is_string(), "{curator}");
}

#[tokio::test]
async fn a_tracks_artist_exists_and_the_demo_artists_stay_as_they_were() {
    let (app, access) = app_with_token().await;
    let t = obj(&app, "/api/track/15678739", &access).await;
    let artist_id = t["artists"][0]["id"].as_i64().unwrap();
    let a = obj(&app, &format!("/api/artist/{artist_id}"), &access).await;
    assert_eq!(a["name"], t["artists"][0]["name"]);
    let demo = obj(&app, "/api/artist/206557", &access).await;
    let shipped = chartgate_server::bootstrap::demo_artists().into_iter().find(|a| a.id == 206557).unwrap();
    assert_eq!(demo["name"], shipped.name.as_str(), "the demo artist from the store wins");
}

#[tokio::test]
async fn ids_outside_the_range_get_404_and_bad_platforms_400() {
    let (app, access) = app_with_token().await;
    for path in ["/api/track/50000001", "/api/album/20000001", "/api/playlist/spotify/20000001"] {
        let res = app.get(path, &access).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(error_of(res).await.contains("not found"));
    }
    let res = app.get("/api/playlist/myspace/1", &access).await;
    assert_eq!(res.status(), 400);
    assert!(error_of(res).await.contains("myspace"));
    assert_eq!(app.get("/api/track/abc", &access).await.status(), 400);
}

#[tokio::test]
async fn each_family_has_its_scope_and_api_grants_all() {
    let app = spawn_app().await;
    app.plan("tracks-only", 50, 50, "track:read").await;
    let access = app.mint(&app.user("narrow", "tracks-only").await).await.token;
    assert_eq!(app.get("/api/track/15678739", &access).await.status(), 200);
    for path in
        ["/api/album/1119543", "/api/playlist/spotify/179228", "/api/curator/spotify/132426", "/api/artist/3380"]
    {
        assert_eq!(app.get(path, &access).await.status(), 403, "{path}");
    }
}

#[tokio::test]
async fn two_servers_with_the_same_seed_answer_byte_for_byte_alike() {
    let (a, ta) = app_with_token().await;
    let (b, tb) = app_with_token().await;
    for path in ["/api/track/22960734", "/api/artist/4904", "/api/playlist/deezer/42", "/api/album/7"] {
        let x = a.get(path, &ta).await.bytes().await.unwrap();
        let y = b.get(path, &tb).await.bytes().await.unwrap();
        assert_eq!(x, y, "{path}");
    }
    let mut opts = Options::default();
    opts.config.catalog_seed = 7;
    let c = spawn_with(opts).await;
    c.plan("fast", 10_000, 10_000, "api").await;
    let tc = c.mint(&c.user("other", "fast").await).await.token;
    let other = c.get("/api/track/22960734", &tc).await.bytes().await.unwrap();
    assert_ne!(other, a.get("/api/track/22960734", &ta).await.bytes().await.unwrap(), "another seed, another catalog");
}

#[tokio::test]
async fn search_finds_the_demo_artist_first_and_something_for_any_name() {
    let (app, access) = app_with_token().await;
    let found = obj(&app, "/api/search?q=Aurora+Vale&type=artists&limit=5", &access).await;
    assert_eq!(found["artists"][0]["id"], 206557, "{found}");
    assert!(found.get("tracks").is_none(), "type=artists gives only artists: {found}");
    let any = obj(&app, "/api/search?q=Midnight%20Rain", &access).await;
    for key in ["artists", "tracks", "albums"] {
        assert!(any[key].as_array().is_some_and(|l| !l.is_empty()), "{key}: {any}");
    }
    assert!(any["playlists"].is_object(), "playlists are keyed by platform: {any}");
    let hit = any["tracks"][0]["id"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/track/{hit}"), &access).await["id"], hit, "a hit resolves");
}

#[tokio::test]
async fn search_checks_its_parameters_and_names_them() {
    let (app, access) = app_with_token().await;
    for (path, name) in [
        ("/api/search", "`q`"),
        ("/api/search?q=", "`q`"),
        ("/api/search?q=x&limit=101", "`limit`"),
        ("/api/search?q=x&type=people", "`type`"),
    ] {
        let res = app.get(path, &access).await;
        assert_eq!(res.status(), 400, "{path}");
        assert!(error_of(res).await.contains(name), "{path}");
    }
}

#[tokio::test]
async fn an_artists_tracks_albums_related_artists_and_links_resolve() {
    let (app, access) = app_with_token().await;
    let name = obj(&app, "/api/artist/4904", &access).await["name"].clone();
    let tracks = obj(&app, "/api/artist/4904/tracks?limit=3", &access).await;
    let tracks = tracks.as_array().unwrap();
    assert!(!tracks.is_empty() && tracks.len() <= 3);
    let track = obj(&app, &format!("/api/track/{}", tracks[0]["id"]), &access).await;
    assert!(track["artists"].as_array().unwrap().iter().any(|a| a["name"] == name), "the track names its artist");
    let albums = obj(&app, "/api/artist/4904/albums", &access).await;
    let album_id = albums[0]["id"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/album/{album_id}"), &access).await["id"], album_id);
    let related = obj(&app, "/api/artist/4904/relatedartists?limit=5", &access).await;
    assert!(related.as_array().unwrap().len() <= 5);
    let other = related[0]["id"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/artist/{other}"), &access).await["id"], other);
    let urls = obj(&app, "/api/artist/4904/urls", &access).await;
    assert!(urls.as_array().unwrap().iter().any(|u| u["domain"] == "spotify"), "{urls}");
    assert_eq!(app.get("/api/artist/4904/relatedartists?limit=51", &access).await.status(), 400);
    assert_eq!(app.get("/api/artist/10000001/tracks", &access).await.status(), 404);
}

#[tokio::test]
async fn a_stat_series_covers_since_to_until_one_point_a_day() {
    let (app, access) = app_with_token().await;
    let s = obj(&app, "/api/artist/3380/stat/spotify?since=2024-01-01&until=2024-01-31", &access).await;
    let followers = s["followers"].as_array().unwrap_or_else(|| panic!("{s}"));
    assert_eq!(followers.len(), 31);
    assert!(followers[0]["timestp"].as_str().unwrap().starts_with("2024-01-01"));
    assert!(followers[30]["timestp"].as_str().unwrap().starts_with("2024-01-31"));
    let default = obj(&app, "/api/artist/3380/stat/spotify", &access).await;
    assert_eq!(default["followers"].as_array().unwrap().len(), 31, "30 days before today, and today");
    for (path, status) in [
        ("/api/artist/3380/stat/myspace", 400),
        ("/api/artist/3380/stat/spotify?since=2024-02-01&until=2024-01-01", 400),
        ("/api/artist/3380/stat/spotify?since=2020-01-01&until=2024-01-01", 400),
        ("/api/artist/3380/stat/spotify?since=2024-13-01", 400),
    ] {
        let res = app.get(path, &access).await;
        assert_eq!(res.status(), status, "{path}");
        error_of(res).await;
    }
}

#[tokio::test]
async fn every_route_answers_with_and_without_a_trailing_slash() {
    let (app, access) = app_with_token().await;
    for path in ["/api/curator/spotify/132426/", "/api/track/15678739//", "/api/artist/206557/urls/"] {
        let with = obj(&app, path, &access).await;
        let without = obj(&app, path.trim_end_matches('/'), &access).await;
        assert_eq!(with, without, "{path}");
    }
    let res = app.get("/api/search/?q=drake", &access).await;
    assert_eq!(res.status(), 200, "the query survives the trim");
}

#[tokio::test]
async fn a_repeated_request_is_served_from_the_body_cache_with_the_same_bytes() {
    let (app, access) = app_with_token().await;
    // Let the poll see the user's creation first: a store change empties the cache.
    app.settle().await;
    let metric = |text: &str, name: &str| -> u64 {
        text.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_whitespace().last()?.parse().ok()).unwrap_or(0)
    };
    let before = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let first = app.get("/api/search?q=drake&limit=5", &access).await;
    assert_eq!(first.status(), 200);
    let first = first.bytes().await.unwrap();
    let second = app.get("/api/search?q=drake&limit=5", &access).await;
    assert_eq!(second.status(), 200);
    assert!(second.headers().contains_key("x-ratelimit-remaining"), "a cached answer is still charged");
    assert_eq!(second.bytes().await.unwrap(), first);
    let after = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert_eq!(
        metric(&after, "chartgate_body_cache_hits_total") - metric(&before, "chartgate_body_cache_hits_total"),
        1
    );
    // Errors are not cached: the same bad request is refused again.
    for _ in 0..2 {
        assert_eq!(app.get("/api/search?q=", &access).await.status(), 400);
    }
}

#[tokio::test]
async fn imported_tracks_and_albums_replace_the_generated_ones_within_a_poll() {
    use chartgate_core::{Record, RecordKind};
    let (app, access) = app_with_token().await;
    let generated = obj(&app, "/api/track/15678739", &access).await;
    let record = |id: i64, name: &str| Record { id, body: serde_json::json!({"id": id, "name": name}).to_string() };
    app.store.upsert_records(RecordKind::Track, &[record(15678739, "Imported Song")]).await.unwrap();
    app.store.upsert_records(RecordKind::Album, &[record(1119543, "Imported LP")]).await.unwrap();
    app.settle().await;
    let track = obj(&app, "/api/track/15678739", &access).await;
    assert_eq!(track["name"], "Imported Song");
    assert_ne!(track, generated);
    assert_eq!(obj(&app, "/api/album/1119543", &access).await["name"], "Imported LP");
    // Ids nobody imported are still generated, and an imported id outside the
    // generated range answers too.
    assert_eq!(obj(&app, "/api/track/22960734", &access).await["id"], 22960734);
    app.store.upsert_records(RecordKind::Track, &[record(90_000_000, "Far Away")]).await.unwrap();
    app.settle().await;
    assert_eq!(obj(&app, "/api/track/90000000", &access).await["name"], "Far Away");
}

#[tokio::test]
async fn data_routes_take_only_get_and_accept_a_json_content_type_with_an_empty_or_empty_object_body() {
    let (app, access) = app_with_token().await;
    for method in [reqwest::Method::POST, reqwest::Method::PUT, reqwest::Method::DELETE] {
        let res =
            app.http.request(method.clone(), app.url("/api/track/15678739")).bearer_auth(&access).send().await.unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET, HEAD");
        assert!(res.json::<serde_json::Value>().await.unwrap()["error"].is_string());
    }
    for body in ["", "{}"] {
        let res = app
            .http
            .get(app.url("/api/track/15678739"))
            .bearer_auth(&access)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "body {body:?}");
    }
}
