//! Album and track sub-routes: chart histories, get-ids, placements,
//! statistics, an album's tracks and syncs.

use super::*;

#[tokio::test]
async fn an_albums_tracks_tunefind_and_popularity_answer_as_documented() {
    let (app, access) = app_with_token().await;
    let album = obj(&app, &format!("/api/album/{ALBUM}"), &access).await;
    let tracks = list(&app, &format!("/api/album/{ALBUM}/tracks"), &access).await;
    assert_eq!(tracks.len() as i64, album["num_tracks"].as_i64().unwrap());
    for t in &tracks {
        has_keys(t, &["id", "name", "isrc"]);
        let track = obj(&app, &format!("/api/track/{}", t["id"]), &access).await;
        assert!(track["albums"].as_array().unwrap().iter().any(|a| a["id"] == ALBUM), "{track}");
    }
    let syncs = list(&app, &format!("/api/album/{ALBUM}/tunefind"), &access).await;
    assert!(!syncs.is_empty());
    for row in &syncs {
        has_keys(row, &["name", "media", "date"]);
        assert!(tracks.iter().any(|t| t["name"] == row["name"]), "a sync of one of the album's tracks: {row}");
    }
    let path = format!("/api/album/{ALBUM}/spotify/followers?since=2024-01-01&until=2024-01-31");
    let points = list(&app, &path, &access).await;
    assert_eq!(points.len(), 31);
    assert!(points[0]["timestp"].as_str().unwrap().starts_with("2024-01-01"));
    assert!(points[30]["timestp"].as_str().unwrap().starts_with("2024-01-31"));
    assert!(points.iter().all(|p| p["value"].is_number()));
    let alias = obj(&app, &path.replace("/followers", "/stats"), &access).await;
    assert_eq!(Value::Array(points), alias, "stats is followers under another name");
    let default = list(&app, &format!("/api/album/{ALBUM}/spotify/stats"), &access).await;
    assert_eq!(default.len(), 31, "30 days before today, and today");
    let today = today().ymd_string();
    assert!(default[30]["timestp"].as_str().unwrap().starts_with(&today));
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/album/{ALBUM}/youtube/followers"), "platform"),
            (&format!("/api/album/{ALBUM}/spotify/stats?since=2024-02-01&until=2024-01-01"), "`since`"),
            (&format!("/api/album/{ALBUM}/spotify/stats?since=2020-01-01&until=2024-01-01"), "`since`"),
            (&format!("/api/album/{ALBUM}/spotify/stats?until=2999-01-01"), "`until`"),
            ("/api/album/abc/tracks", "album id"),
        ],
    )
    .await;
    for path in ["/api/album/20000001/tracks", "/api/album/20000001/tunefind", "/api/album/20000001/spotify/stats"] {
        let res = app.get(path, &access).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(error_of(res).await.contains("not found"));
    }
}

#[tokio::test]
async fn an_albums_chart_history_holds_its_rank_on_the_chart_of_that_day() {
    let (app, access) = app_with_token().await;
    let album = number_one(ChartKind::ItunesAlbums);
    let page = obj(&app, &format!("/api/album/{album}/itunes/charts?since=2024-06-01&until=2024-06-10"), &access).await;
    let rows = page["data"].as_array().unwrap();
    assert_eq!(page["length"].as_u64(), Some(rows.len() as u64));
    let days: Vec<&str> = rows.iter().map(|r| r["timestp"].as_str().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert!(days.iter().all(|d| ("2024-06-01".."2024-06-11").contains(&&d[..10])), "{days:?}");
    let global =
        rows.iter().find(|r| r["timestp"].as_str().unwrap().starts_with("2024-06-03") && r.get("code2").is_none());
    let global = global.unwrap_or_else(|| panic!("no global row on 2024-06-03: {page}"));
    assert_eq!(global["rank"], 1);
    assert_eq!(global["id"], album);
    has_keys(global, &["rankStats", "peak_rank", "time_on_chart", "itunes_album_id", "album_ids"]);
    assert!(global.get("rank_stats").is_none());
    let quiet = obj(&app, &format!("/api/album/{ALBUM}/amazon/charts?since=2024-06-01"), &access).await;
    assert_eq!(quiet["length"].as_u64(), Some(quiet["data"].as_array().unwrap().len() as u64));
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/album/{ALBUM}/itunes/charts"), "`since`"),
            (&format!("/api/album/{ALBUM}/itunes/charts?since=2024-13-01"), "`since`"),
            (&format!("/api/album/{ALBUM}/itunes/charts?since=2024-06-02&until=2024-06-01"), "`since`"),
            (&format!("/api/album/{ALBUM}/itunes/charts?since=2024-06-02&until=2999-06-01"), "`until`"),
            (&format!("/api/album/{ALBUM}/shazam/charts?since=2024-06-01"), "chart type"),
            ("/api/album/x1/itunes/charts?since=2024-06-01", "album id"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/album/20000001/itunes/charts?since=2024-06-01", &access).await.status(), 404);
}

#[tokio::test]
async fn album_get_ids_round_trip_and_no_match_is_an_empty_list() {
    let (app, access) = app_with_token().await;
    let rows = list(&app, &format!("/api/album/chartmetric/{ALBUM}/get-ids"), &access).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["cm_album"], ALBUM);
    let upc = row["upc"].as_str().unwrap();
    assert_eq!(upc, obj(&app, &format!("/api/album/{ALBUM}"), &access).await["upc"]);
    for (kind, key) in
        [("upc", "upc"), ("spotify", "spotify_album_id"), ("itunes", "itunes_album_id"), ("deezer", "deezer_album_id")]
    {
        let value = row[key].as_str().unwrap();
        let back = list(&app, &format!("/api/album/{kind}/{value}/get-ids"), &access).await;
        assert_eq!(back, rows, "{kind} {value}");
    }
    for path in [
        "/api/album/upc/000000000000/get-ids",
        "/api/album/spotify/nothing/get-ids",
        "/api/album/chartmetric/x/get-ids",
    ] {
        assert!(list(&app, path, &access).await.is_empty(), "{path}");
    }
    all_400(&app, &access, &[("/api/album/isrc/USRC17607839/get-ids", "id type")]).await;
}

#[tokio::test]
async fn album_placements_resolve_and_page() {
    let (app, access) = app_with_token().await;
    for status in ["current", "past"] {
        let found = list(&app, &format!("/api/album/{ALBUM}/spotify/{status}/playlists?limit=5"), &access).await;
        assert!(!found.is_empty() && found.len() <= 5, "{status}");
        for x in &found {
            check_placement(&app, &access, "spotify", x, status == "past").await;
            let track = obj(&app, &format!("/api/track/{}", x["track"]["cm_track"]), &access).await;
            assert!(track["albums"].as_array().unwrap().iter().any(|a| a["id"] == ALBUM), "the album's track");
        }
        let followers: Vec<i64> = found.iter().map(|x| x["playlist"]["followers"].as_i64().unwrap()).collect();
        assert!(followers.windows(2).all(|w| w[0] >= w[1]), "most followed first: {followers:?}");
        let next =
            list(&app, &format!("/api/album/{ALBUM}/spotify/{status}/playlists?limit=4&offset=1"), &access).await;
        assert_eq!(next[..], found[1..], "offset skips, limit keeps");
    }
    let all = list(&app, &format!("/api/album/{ALBUM}/deezer/current/playlists"), &access).await;
    assert!(all.len() <= 100);
    let window = format!("/api/album/{ALBUM}/spotify/past/playlists?since=2024-01-01&until=2024-03-31");
    for x in list(&app, &window, &access).await {
        let removed = x["playlist"]["removed_at"].as_str().unwrap();
        assert!(("2024-01-01".."2024-04-01").contains(&&removed[..10]), "{removed}");
    }
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/album/{ALBUM}/spotify/current/playlists?limit=101"), "`limit`"),
            (&format!("/api/album/{ALBUM}/spotify/current/playlists?limit=0"), "`limit`"),
            (&format!("/api/album/{ALBUM}/spotify/current/playlists?offset=-1"), "`offset`"),
            (&format!("/api/album/{ALBUM}/spotify/current/playlists?offset=1.5"), "`offset`"),
            (&format!("/api/album/{ALBUM}/spotify/past/playlists?since=2024-02-01&until=2024-01-01"), "`since`"),
            (&format!("/api/album/{ALBUM}/spotify/past/playlists?until=2999-01-01"), "`until`"),
            (&format!("/api/album/{ALBUM}/spotify/later/playlists"), "status"),
            (&format!("/api/album/{ALBUM}/amazon/current/playlists"), "platform"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/album/20000001/spotify/current/playlists", &access).await.status(), 404);
}

#[tokio::test]
async fn a_tracks_chart_history_stats_and_tunefind_answer_as_documented() {
    let (app, access) = app_with_token().await;
    let track = number_one(ChartKind::SpotifyRegionalDaily);
    let page =
        obj(&app, &format!("/api/track/{track}/spotify_top_daily/charts?since=2024-06-03&until=2024-06-03"), &access)
            .await;
    let rows = page["data"].as_array().unwrap();
    assert_eq!(page["length"].as_u64(), Some(rows.len() as u64));
    let global = rows.iter().find(|r| r.get("code2").is_none()).unwrap_or_else(|| panic!("{page}"));
    assert_eq!((global["rank"].as_i64(), global["cm_track"].as_i64()), (Some(1), Some(track)));
    assert!(global["timestp"].as_str().unwrap().starts_with("2024-06-03"));
    has_keys(global, &["spotify_track_id", "rankStats"]);
    let amazon = obj(&app, &format!("/api/track/{TRACK}/amazon/charts?since=2024-06-01"), &access).await;
    assert!(amazon["data"].is_array());
    for platform in ["spotify", "youtube", "shazam"] {
        let path = format!("/api/track/{TRACK}/{platform}/stats?since=2024-03-01&until=2024-03-10");
        let points = list(&app, &path, &access).await;
        assert_eq!(points.len(), 10, "{platform}");
        assert!(points[9]["timestp"].as_str().unwrap().starts_with("2024-03-10"));
        assert!(points.iter().all(|p| p["value"].as_f64().is_some_and(|v| v >= 0.0)), "{platform}");
    }
    let name = obj(&app, &format!("/api/track/{TRACK}"), &access).await["name"].clone();
    for row in list(&app, &format!("/api/track/{TRACK}/tunefind"), &access).await {
        has_keys(&row, &["name", "media", "date"]);
        assert_eq!(row["name"], name, "a sync of the track itself");
    }
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/track/{TRACK}/spotify_top_daily/charts"), "`since`"),
            (&format!("/api/track/{TRACK}/itunes/charts?since=2024-06-01"), "chart type"),
            (&format!("/api/track/{TRACK}/deezer/stats"), "platform"),
            (&format!("/api/track/{TRACK}/spotify/stats?since=2024-01-10&until=2024-01-01"), "`since`"),
        ],
    )
    .await;
    for path in ["/api/track/50000001/tunefind", "/api/track/50000001/spotify/stats"] {
        assert_eq!(app.get(path, &access).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn track_get_ids_round_trip_through_every_id_type() {
    let (app, access) = app_with_token().await;
    let rows = list(&app, &format!("/api/track/chartmetric/{TRACK}/get-ids"), &access).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["chartmetric_ids"][0], TRACK);
    let isrc = row["isrc"].as_str().unwrap();
    assert_eq!(isrc, obj(&app, &format!("/api/track/{TRACK}"), &access).await["isrc"]);
    assert_eq!(list(&app, &format!("/api/track/isrc/{isrc}/get-ids"), &access).await, rows, "ISRC round trip");
    let types = [
        ("spotify", "spotify_ids"),
        ("itunes", "itunes_ids"),
        ("amazon", "amazon_ids"),
        ("beatport", "beatport_ids"),
        ("deezer", "deezer_ids"),
        ("genius", "genius_ids"),
        ("shazam", "shazam_ids"),
        ("soundcloud", "soundcloud_ids"),
        ("tiktok", "tiktok_ids"),
        ("qq", "qq_ids"),
        ("youtube", "youtube_ids"),
    ];
    for (kind, key) in types {
        let value = match &row[key][0] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(list(&app, &format!("/api/track/{kind}/{value}/get-ids"), &access).await, rows, "{kind} {value}");
    }
    for path in [
        "/api/track/isrc/USRC17607839/get-ids",
        "/api/track/spotify/nothing/get-ids",
        "/api/track/chartmetric/50000001/get-ids",
    ] {
        assert!(list(&app, path, &access).await.is_empty(), "{path}");
    }
    all_400(&app, &access, &[("/api/track/upc/123456789012/get-ids", "id type")]).await;
}

#[tokio::test]
async fn track_placements_filter_by_indie_and_agree_with_the_snapshot() {
    let (app, access) = app_with_token().await;
    let all =
        list(&app, &format!("/api/track/{TRACK}/spotify/past/playlists?since=2025-06-02&until=2025-06-08"), &access)
            .await;
    let path = format!("/api/track/{TRACK}/spotify/past/playlists?since=2025-06-02&until=2025-06-08&indie=True");
    let kept = list(&app, &path, &access).await;
    for x in &kept {
        assert!(all.contains(x), "a filtered placement is one of all");
        check_placement(&app, &access, "spotify", x, true).await;
        let playlist = obj(&app, &format!("/api/playlist/spotify/{}", x["playlist"]["id"]), &access).await;
        assert_eq!(playlist["indie"], true, "{playlist}");
    }
    assert!(!all.is_empty() && all.len() < 100, "the window fits one page: {}", all.len());
    assert!(!kept.is_empty() && kept.len() <= all.len(), "indie=True keeps the independent curators' playlists");
    // pycmc always sends indie=False: it restricts nothing.
    let path = format!("/api/track/{TRACK}/spotify/past/playlists?since=2025-06-02&until=2025-06-08&indie=False");
    assert_eq!(list(&app, &path, &access).await, all);
    let current = list(&app, &format!("/api/track/{TRACK}/amazon/current/playlists?limit=3"), &access).await;
    assert!(!current.is_empty());
    for x in &current {
        check_placement(&app, &access, "amazon", x, false).await;
        assert_eq!(x["track"]["cm_track"], TRACK);
    }
    let day = today().plus(-3).ymd_string();
    let snapshot = list(&app, &format!("/api/track/{TRACK}/spotify/playlists/snapshot?date={day}"), &access).await;
    assert!(!snapshot.is_empty());
    for x in snapshot.iter().take(3) {
        check_placement(&app, &access, "spotify", x, false).await;
        let on_day = format!("/api/playlist/spotify/{}/snapshot?date={day}", x["playlist"]["id"]);
        let tracks = list(&app, &on_day, &access).await;
        let at = &tracks[x["playlist"]["position"].as_u64().unwrap() as usize - 1];
        assert_eq!(at["id"], TRACK, "the playlist holds the track at that position that day");
    }
    let two =
        list(&app, &format!("/api/track/{TRACK}/spotify/playlists/snapshot?date={day}&limit=2&offset=1"), &access)
            .await;
    assert_eq!(two[..], snapshot[1..3.min(snapshot.len())]);
    all_400(
        &app,
        &access,
        &[
            (&format!("/api/track/{TRACK}/spotify/current/playlists?indie=maybe"), "`indie`"),
            (&format!("/api/track/{TRACK}/youtube/current/playlists"), "platform"),
            (&format!("/api/track/{TRACK}/spotify/current/playlists?limit=500"), "`limit`"),
            (&format!("/api/track/{TRACK}/spotify/playlists/snapshot"), "`date`"),
            (&format!("/api/track/{TRACK}/spotify/playlists/snapshot?date=2999-01-01"), "`date`"),
            (&format!("/api/track/{TRACK}/spotify/playlists/snapshot?date=2024-06-01&limit=101"), "`limit`"),
            (&format!("/api/track/{TRACK}/amazon/playlists/snapshot?date=2024-06-01"), "platform"),
        ],
    )
    .await;
    assert_eq!(app.get("/api/track/50000001/spotify/current/playlists", &access).await.status(), 404);
}
