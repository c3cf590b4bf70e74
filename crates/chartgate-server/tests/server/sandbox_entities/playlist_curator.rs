//! Playlist and curator sub-routes and similar playlists.

use super::*;

#[tokio::test]
async fn playlist_lists_order_filter_page_and_resolve() {
    let (app, access) = app_with_token().await;
    let top = list(&app, "/api/playlist/spotify/lists?limit=20", &access).await;
    assert_eq!(top.len(), 20);
    let followers: Vec<i64> = top.iter().map(|p| p["followers"].as_i64().unwrap()).collect();
    assert!(followers.windows(2).all(|w| w[0] >= w[1]), "{followers:?}");
    for p in top.iter().take(3) {
        has_keys(p, &["id", "name", "followers", "num_track", "owner_name", "image_url", "description"]);
        assert_eq!(&obj(&app, &format!("/api/playlist/spotify/{}", p["id"]), &access).await, p);
    }
    let next = list(&app, "/api/playlist/spotify/lists?limit=10&offset=10", &access).await;
    assert_eq!(next[..], top[10..]);
    let fresh = list(&app, "/api/playlist/amazon/lists?sortColumn=last_updated&limit=50", &access).await;
    let updated: Vec<&str> = fresh.iter().map(|p| p["last_updated"].as_str().unwrap()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "{updated:?}");
    let indie = list(&app, "/api/playlist/deezer/lists?indie=true&code2=US&limit=30", &access).await;
    assert_eq!(indie.len(), 30);
    assert!(indie.iter().all(|p| p["indie"] == true && p["code2"] == "us"));
    assert!(list(&app, "/api/playlist/spotify/lists?code2=XX", &access).await.is_empty(), "no such country");
    all_400(
        &app,
        &access,
        &[
            ("/api/playlist/spotify/lists?limit=101", "`limit`"),
            ("/api/playlist/spotify/lists?offset=-5", "`offset`"),
            ("/api/playlist/spotify/lists?sortColumn=name", "`sortColumn`"),
            ("/api/playlist/spotify/lists?code2=usa", "`code2`"),
            ("/api/playlist/spotify/lists?indie=yes", "`indie`"),
            ("/api/playlist/myspace/lists", "platform"),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_playlists_snapshot_and_tracks_now_and_before() {
    let (app, access) = app_with_token().await;
    let playlist = obj(&app, &format!("/api/playlist/spotify/{PLAYLIST}"), &access).await;
    let size = playlist["num_track"].as_u64().unwrap() as usize;
    let rows = list(&app, &format!("/api/playlist/spotify/{PLAYLIST}/snapshot?date=2024-06-01"), &access).await;
    assert_eq!(rows.len(), size);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["position"].as_u64(), Some(i as u64 + 1));
        assert!(row["added_at"].as_str().unwrap() <= "2024-06-01T00:00:00.000Z", "{row}");
        assert!(row.get("removed_at").is_none());
    }
    let t = obj(&app, &format!("/api/track/{}", rows[0]["id"]), &access).await;
    assert_eq!(t["name"], rows[0]["name"]);
    let current = list(&app, &format!("/api/playlist/spotify/{PLAYLIST}/current/tracks"), &access).await;
    assert_eq!(current.len(), size);
    let today = today().ymd_string();
    let now = list(&app, &format!("/api/playlist/spotify/{PLAYLIST}/snapshot?date={today}"), &access).await;
    assert_eq!(current, now, "current is today's snapshot");
    let past = list(&app, &format!("/api/playlist/spotify/{PLAYLIST}/past/tracks"), &access).await;
    assert_eq!(past.len(), size);
    for (before, after) in past.iter().zip(&current) {
        assert_eq!(before["removed_at"], after["added_at"], "each position's previous holder left as the next came");
    }
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/playlist/spotify/{PLAYLIST}/snapshot"), "`date`"),
            (&format!("/api/playlist/spotify/{PLAYLIST}/snapshot?date=2024-02-30"), "`date`"),
            (&format!("/api/playlist/spotify/{PLAYLIST}/snapshot?date=2999-01-01"), "`date`"),
            (&format!("/api/playlist/spotify/{PLAYLIST}/later/tracks"), "status"),
            ("/api/playlist/spotify/abc/current/tracks", "playlist id"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/playlist/spotify/20000001/current/tracks", &access).await.status(), 404);
    assert_eq!(app.get("/api/playlist/deezer/20000001/snapshot?date=2024-06-01", &access).await.status(), 404);
}

#[tokio::test]
async fn curator_lists_and_a_curators_playlists_resolve_both_ways() {
    let (app, access) = app_with_token().await;
    let curators = list(&app, "/api/curator/applemusic/lists?limit=5&indie=false", &access).await;
    assert_eq!(curators.len(), 5);
    for c in &curators {
        has_keys(c, &["id", "name", "image_url", "num_playlists", "followers"]);
        assert!(c.get("social_urls").is_none_or(Value::is_null), "{c}");
        assert_eq!(obj(&app, &format!("/api/curator/applemusic/{}", c["id"]), &access).await["name"], c["name"]);
    }
    let social = list(&app, "/api/curator/applemusic/lists?limit=5&indie=false&withSocialUrls=true", &access).await;
    assert!(social.iter().all(|c| c["social_urls"].as_array().is_some_and(|u| !u.is_empty())), "{social:?}");
    let next = list(&app, "/api/curator/applemusic/lists?limit=4&offset=1&indie=false", &access).await;
    assert_eq!(next[..], curators[1..]);
    let playlist = obj(&app, &format!("/api/playlist/spotify/{PLAYLIST}"), &access).await;
    let owner = playlist["owner_id"].as_i64().unwrap();
    let curator = obj(&app, &format!("/api/curator/spotify/{owner}"), &access).await;
    assert_eq!(curator["name"], playlist["owner_name"]);
    let theirs = list(&app, &format!("/api/curator/spotify/{owner}/playlists"), &access).await;
    assert_eq!(theirs.len() as i64, curator["num_playlists"].as_i64().unwrap());
    assert!(theirs.iter().any(|p| p["id"] == PLAYLIST), "the curator lists the playlist");
    for p in &theirs {
        assert_eq!(p["owner_id"], owner);
    }
    let again = obj(&app, &format!("/api/curator/spotify/{owner}/playlists/"), &access).await;
    assert_eq!(Value::Array(theirs), again, "with a trailing slash too");
    all_400(
        &app,
        &access,
        &[
            ("/api/curator/spotify/lists?limit=101", "`limit`"),
            ("/api/curator/spotify/lists?withSocialUrls=perhaps", "`withSocialUrls`"),
            ("/api/curator/amazon/lists", "platform"),
            ("/api/curator/spotify/x/playlists", "curator id"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/curator/spotify/2000001/playlists", &access).await.status(), 404);
}

#[tokio::test]
async fn similar_playlists_default_to_nine_and_honour_indie() {
    let (app, access) = app_with_token().await;
    let nine = list(&app, &format!("/api/playlist/spotify/{PLAYLIST}/similarplaylists"), &access).await;
    assert_eq!(nine.len(), 9);
    for p in &nine {
        assert_ne!(p["id"], PLAYLIST);
        assert_eq!(&obj(&app, &format!("/api/playlist/spotify/{}", p["id"]), &access).await, p);
    }
    let path = format!("/api/playlist/applemusic/{PLAYLIST}/similarplaylists?storefront=us&indie=False&limit=100");
    let major = list(&app, &path, &access).await;
    assert_eq!(major.len(), 100);
    assert!(major.iter().all(|p| p["indie"] == false));
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/playlist/spotify/{PLAYLIST}/similarplaylists?limit=101"), "`limit`"),
            (&format!("/api/playlist/spotify/{PLAYLIST}/similarplaylists?indie=no"), "`indie`"),
            (&format!("/api/playlist/amazon/{PLAYLIST}/similarplaylists"), "platform"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/playlist/spotify/20000001/similarplaylists", &access).await.status(), 404);
}
