//! The album, track, playlist and curator sub-routes and the similar
//! playlists over HTTP: shapes as ENDPOINTS.md §3.2–3.5 and §3.8 give them,
//! ids that resolve on their own routes, parameters checked and named, the
//! routing of overlapping paths, and each family's scope. The helpers here
//! serve `album_track` and `playlist_curator`.

mod album_track;
mod playlist_curator;

use crate::common::*;
use chartgate_catalog::{Catalog, ChartKind, ChartQuery, Day};
use chartgate_server::config::DEFAULT_CATALOG_SEED;
use serde_json::Value;

pub(super) const ALBUM: i64 = 1119543;
pub(super) const TRACK: i64 = 15678739;
pub(super) const PLAYLIST: i64 = 179228;

pub(super) async fn app_with_scope(scope: &str) -> (TestApp, String) {
    let app = spawn_app().await;
    app.plan("fast", 10_000, 10_000, scope).await;
    let access = app.mint(&app.user("integrator", "fast").await).await.token;
    (app, access)
}

pub(super) async fn app_with_token() -> (TestApp, String) {
    app_with_scope("api").await
}

/// The `obj` of a 200 whose only top-level key is `obj`.
pub(super) async fn obj(app: &TestApp, path: &str, access: &str) -> Value {
    let res = app.get(path, access).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "only obj: {body}");
    body["obj"].clone()
}

pub(super) async fn list(app: &TestApp, path: &str, access: &str) -> Vec<Value> {
    let v = obj(app, path, access).await;
    v.as_array().unwrap_or_else(|| panic!("{path}: a list, got {v}")).clone()
}

/// Each path gets 400 with an error naming what the pair says.
pub(super) async fn all_400(app: &TestApp, access: &str, cases: &[(&str, &str)]) {
    for (path, named) in cases {
        let res = app.get(path, access).await;
        assert_eq!(res.status(), 400, "{path}");
        let msg = error_of(res).await;
        assert!(msg.contains(named), "{path}: {msg}");
    }
}

pub(super) fn has_keys(v: &Value, keys: &[&str]) {
    for k in keys {
        assert!(v.get(*k).is_some(), "missing `{k}` in {v}");
    }
}

pub(super) fn today() -> Day {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    Day::from_unix_seconds(secs as i64)
}

/// The server's catalog, for finding entities that chart.
pub(super) fn catalog() -> Catalog {
    Catalog::new(DEFAULT_CATALOG_SEED, today())
}

/// The number-one row of a global chart on 2024-06-03: its id and rank.
pub(super) fn number_one(kind: ChartKind) -> i64 {
    let page = catalog().chart(&ChartQuery::new(kind, Day::ymd(2024, 6, 3).unwrap()), 0, 1).unwrap();
    assert_eq!(page.data[0].rank, 1);
    page.data[0].id
}

/// Checks a placement's shape and that its playlist and track resolve.
pub(super) async fn check_placement(app: &TestApp, access: &str, platform: &str, x: &Value, past: bool) {
    has_keys(
        &x["playlist"],
        &["id", "name", "followers", "position", "peak_position", "added_at", "curator_name", "code2"],
    );
    has_keys(&x["track"], &["name", "cm_track"]);
    assert_eq!(x["playlist"].get("removed_at").is_some(), past, "removed_at only on past placements: {x}");
    let playlist = obj(app, &format!("/api/playlist/{platform}/{}", x["playlist"]["id"]), access).await;
    assert_eq!(playlist["name"], x["playlist"]["name"]);
    let track = obj(app, &format!("/api/track/{}", x["track"]["cm_track"]), access).await;
    assert_eq!(track["name"], x["track"]["name"]);
}

#[tokio::test]
async fn overlapping_paths_reach_their_own_routes() {
    let (app, access) = app_with_token().await;
    assert_eq!(obj(&app, &format!("/api/track/{TRACK}"), &access).await["id"], TRACK);
    assert_eq!(obj(&app, &format!("/api/album/{ALBUM}"), &access).await["id"], ALBUM);
    assert_eq!(obj(&app, &format!("/api/playlist/spotify/{PLAYLIST}"), &access).await["id"], PLAYLIST);
    assert_eq!(obj(&app, "/api/curator/spotify/132426", &access).await["id"], 132426);
    assert!(obj(&app, "/api/playlist/spotify/lists?limit=1", &access).await.is_array(), "lists beats {{id}}");
    assert!(obj(&app, "/api/curator/spotify/lists?limit=1", &access).await.is_array(), "lists beats {{id}}");
    let snapshot = format!("/api/track/{TRACK}/spotify/playlists/snapshot?date=2024-06-01");
    let placements = format!("/api/track/{TRACK}/spotify/current/playlists");
    assert!(obj(&app, &snapshot, &access).await.is_array());
    assert!(obj(&app, &placements, &access).await.is_array());
    assert!(obj(&app, &format!("/api/track/spotify/{TRACK}/get-ids"), &access).await.is_array());
    assert!(obj(&app, &format!("/api/album/{ALBUM}/spotify/current/playlists"), &access).await.is_array());
}

#[tokio::test]
async fn each_sub_route_needs_its_familys_scope() {
    let (app, chart_only) = app_with_scope("chart:read").await;
    let routes = [
        format!("/api/album/{ALBUM}/itunes/charts?since=2024-06-01"),
        "/api/album/upc/123/get-ids".to_owned(),
        format!("/api/album/{ALBUM}/spotify/current/playlists"),
        format!("/api/album/{ALBUM}/spotify/followers"),
        format!("/api/album/{ALBUM}/spotify/stats"),
        format!("/api/album/{ALBUM}/tracks"),
        format!("/api/album/{ALBUM}/tunefind"),
        format!("/api/track/{TRACK}/shazam/charts?since=2024-06-01"),
        "/api/track/isrc/x/get-ids".to_owned(),
        format!("/api/track/{TRACK}/spotify/playlists/snapshot?date=2024-06-01"),
        format!("/api/track/{TRACK}/spotify/current/playlists"),
        format!("/api/track/{TRACK}/spotify/stats"),
        format!("/api/track/{TRACK}/tunefind"),
        "/api/playlist/spotify/lists".to_owned(),
        format!("/api/playlist/spotify/{PLAYLIST}/snapshot?date=2024-06-01"),
        format!("/api/playlist/spotify/{PLAYLIST}/current/tracks"),
        "/api/curator/spotify/lists".to_owned(),
        "/api/curator/spotify/132426/playlists".to_owned(),
        format!("/api/playlist/spotify/{PLAYLIST}/similarplaylists"),
    ];
    for path in &routes {
        assert_eq!(app.get(path, &chart_only).await.status(), 403, "{path}");
    }
    let (app, albums) = app_with_scope("album:read").await;
    assert_eq!(app.get(&routes[5], &albums).await.status(), 200);
    assert_eq!(app.get(&routes[12], &albums).await.status(), 403, "a track route needs track:read");
}

#[tokio::test]
async fn similar_playlists_need_recommendation_read_not_playlist_read() {
    let similar = format!("/api/playlist/spotify/{PLAYLIST}/similarplaylists");
    let playlist = format!("/api/playlist/spotify/{PLAYLIST}");
    let (app, playlists) = app_with_scope("playlist:read").await;
    assert_eq!(app.get(&similar, &playlists).await.status(), 403);
    assert_eq!(app.get(&playlist, &playlists).await.status(), 200);
    let (app, recommendations) = app_with_scope("recommendation:read").await;
    assert_eq!(app.get(&similar, &recommendations).await.status(), 200);
    assert_eq!(app.get(&playlist, &recommendations).await.status(), 403);
}
