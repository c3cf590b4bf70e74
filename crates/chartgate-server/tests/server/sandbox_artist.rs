//! The sandbox's artist routes beyond the artist object and its own lists:
//! cpp, charts, get-ids, the metric list and the filter, playlist
//! placements, where people listen, the Instagram audience and tunefind.
//! Shapes as ENDPOINTS.md §3.1 gives them, their parameter checks, their
//! pages, routing among them and the `artist:read` scope.

use crate::common::*;
use chartgate_catalog::{Catalog, ChartKind, ChartQuery, Day};
use serde_json::Value;

async fn app_with_token() -> (TestApp, String) {
    let app = spawn_app().await;
    app.plan("fast", 10_000, 10_000, "api").await;
    let access = app.mint(&app.user("integrator", "fast").await).await.token;
    (app, access)
}

/// The body's `obj`, after checking the answer is 200 and `obj` its only key.
async fn obj(app: &TestApp, path: &str, access: &str) -> Value {
    let res = app.get(path, access).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(body.as_object().unwrap().len(), 1, "only obj: {body}");
    body["obj"].clone()
}

/// Asserts each path answers `status` with a JSON error whose message
/// contains `needle`.
async fn refused(app: &TestApp, access: &str, cases: &[(&str, u16, &str)]) {
    for (path, status, needle) in cases {
        let res = app.get(path, access).await;
        assert_eq!(res.status(), *status, "{path}");
        let message = error_of(res).await;
        assert!(message.contains(needle), "{path}: {message:?} should name {needle}");
    }
}

fn today() -> Day {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    Day::from_unix_seconds(now.as_secs() as i64)
}

fn day(d: Day) -> String {
    d.ymd_string()
}

fn list(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("a list: {v}"))
}

fn starts(v: &Value, d: Day) -> bool {
    v.as_str().is_some_and(|s| s.starts_with(&d.ymd_string()))
}

#[tokio::test]
async fn cpp_gives_the_stat_asked_for_once_a_day_from_since_to_until() {
    let (app, access) = app_with_token().await;
    let (since, until) = (today().plus(-40), today().plus(-10));
    let path = format!("/api/artist/3380/cpp?stat=rank&since={}&until={}", day(since), day(until));
    let ranks = obj(&app, &path, &access).await;
    let ranks = list(&ranks);
    assert_eq!(ranks.len(), 31);
    assert!(starts(&ranks[0]["timestp"], since) && starts(&ranks[30]["timestp"], until), "{ranks:?}");
    assert!(ranks.iter().all(|p| p["rank"].as_i64().is_some_and(|r| r >= 1) && p.get("score").is_none()));
    let scores = obj(&app, "/api/artist/3380/cpp?stat=score", &access).await;
    let scores = list(&scores);
    assert_eq!(scores.len(), 31, "30 days before today, and today");
    assert!(starts(&scores[30]["timestp"], today()));
    assert!(scores.iter().all(|p| p["score"].as_f64().is_some_and(|s| (0.0..=100.0).contains(&s))));
    let default = obj(&app, "/api/artist/3380/cpp?until=", &access).await;
    assert_eq!(list(&default), scores, "score by default; an empty until is absent");
    let long = format!("/api/artist/3380/cpp?since={}", day(today().plus(-365)));
    let after = format!("/api/artist/3380/cpp?until={}", day(today().plus(1)));
    refused(
        &app,
        &access,
        &[
            ("/api/artist/3380/cpp?stat=views", 400, "`stat`"),
            ("/api/artist/3380/cpp?since=2024-02-01&until=2024-01-01", 400, "`since`"),
            (&long, 400, "365"),
            (&after, 400, "`until`"),
            ("/api/artist/3380/cpp?since=2024-13-01", 400, "`since`"),
            ("/api/artist/10000001/cpp", 404, "not found"),
            ("/api/artist/abc/cpp", 400, "artist id"),
        ],
    )
    .await;
}

#[tokio::test]
async fn an_artists_chart_rows_carry_their_day_name_the_artist_and_resolve() {
    let (app, access) = app_with_token().await;
    // An artist on today's global Spotify chart, as the server's catalog has it.
    let seed = Options::default().config.catalog_seed;
    let chart =
        Catalog::new(seed, today()).chart(&ChartQuery::new(ChartKind::SpotifyRegionalDaily, today()), 0, 1).unwrap();
    let artist = chart.data[0].cm_artist[0];
    let path =
        format!("/api/artist/{artist}/spotify_top_daily/charts?since={}&until={}", day(today().plus(-6)), day(today()));
    let page = obj(&app, &path, &access).await;
    let rows = list(&page["data"]);
    assert_eq!(page["length"].as_u64(), Some(rows.len() as u64));
    assert!(rows.iter().any(|r| starts(&r["timestp"], today())), "today's chart row is there");
    let days: Vec<&str> = rows.iter().map(|r| r["timestp"].as_str().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    for row in rows {
        assert!(row["rank"].as_i64().is_some_and(|r| r >= 1), "{row}");
        assert!(row.get("code2").is_none_or(Value::is_string), "a global row has none, a market's its own: {row}");
        assert!(list(&row["cm_artist"]).iter().any(|a| a == artist), "{row}");
        assert!(row.get("rank_stats").is_none() && row["rankStats"].is_array());
    }
    let track = rows[0]["cm_track"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/track/{track}"), &access).await["id"], track);
    assert_eq!(obj(&app, &format!("/api/artist/{artist}"), &access).await["id"], artist);
    let since = format!("/api/artist/{artist}/shazam/charts?since={}", day(today().plus(1)));
    let missing = format!("/api/artist/10000001/shazam/charts?since={}", day(today().plus(-3)));
    refused(
        &app,
        &access,
        &[
            ("/api/artist/3380/spotify_top_daily/charts", 400, "`since`"),
            ("/api/artist/3380/spotify_top_daily/charts?until=2024-01-01", 400, "`since`"),
            (&since, 400, "`since`"),
            ("/api/artist/3380/amazon/charts?since=2024-01-01", 400, "chart type"),
            ("/api/artist/3380/billboard/charts?since=2024-01-01", 400, "billboard"),
            (&missing, 404, "not found"),
        ],
    )
    .await;
}

#[tokio::test]
async fn get_ids_round_trips_through_every_platform_and_finds_nothing_as_an_empty_list() {
    let (app, access) = app_with_token().await;
    let rows = obj(&app, "/api/artist/chartmetric/206557/get-ids", &access).await;
    let row = &list(&rows)[0];
    assert_eq!(row["cm_artist"], 206557);
    let name = obj(&app, "/api/artist/206557", &access).await["name"].clone();
    assert_eq!(row["name"], name, "the row names the artist the metadata route has");
    for (kind, key) in
        [("spotify", "spotify_artist_id"), ("itunes", "itunes_artist_id"), ("deezer", "deezer_artist_id")]
    {
        let platform_id = row[key].as_str().unwrap_or_else(|| panic!("{key}: {row}"));
        let back = obj(&app, &format!("/api/artist/{kind}/{platform_id}/get-ids"), &access).await;
        assert_eq!(list(&back).len(), 1);
        assert_eq!(back[0]["cm_artist"], 206557, "{kind} {platform_id}");
    }
    for path in [
        "/api/artist/spotify/0000000000000000000000/get-ids",
        "/api/artist/chartmetric/10000001/get-ids",
        "/api/artist/chartmetric/not-a-number/get-ids",
    ] {
        assert_eq!(obj(&app, path, &access).await, serde_json::json!([]), "{path}");
    }
    refused(
        &app,
        &access,
        &[("/api/artist/myspace/1/get-ids", 400, "myspace"), ("/api/artist/isrc/USRC17607839/get-ids", 400, "isrc")],
    )
    .await;
}

#[tokio::test]
async fn the_metric_list_pages_artists_in_range_and_checks_its_parameters() {
    let (app, access) = app_with_token().await;
    let first = obj(&app, "/api/artist/sp_followers/list?min=10000&max=50000&limit=5", &access).await;
    let rows = list(&first["data"]);
    assert_eq!((first["length"].as_u64(), rows.len()), (Some(5), 5), "length = rows of this page");
    for row in rows {
        let followers = row["sp_followers"].as_i64().unwrap();
        assert!((10_000..=50_000).contains(&followers), "{row}");
        assert_eq!(row["id"], row["cm_artist"]);
        assert!(row["name"].is_string() && row["code2"].is_string() && row["image_url"].is_string());
    }
    let artist = obj(&app, &format!("/api/artist/{}", rows[0]["id"]), &access).await;
    assert_eq!(artist["cm_statistics"]["sp_followers"], rows[0]["sp_followers"], "the row is the artist's counter");
    let next = obj(&app, "/api/artist/sp_followers/list?min=10000&max=50000&limit=5&offset=5", &access).await;
    let ten = obj(&app, "/api/artist/sp_followers/list?min=10000&max=50000&limit=10", &access).await;
    assert_eq!(&list(&ten["data"])[5..], &list(&next["data"])[..], "offset pages through");
    let gb = obj(&app, "/api/artist/ycs_subscribers/list?min=1000&max=1000000&code2=GB&limit=3", &access).await;
    assert!(list(&gb["data"]).iter().all(|r| r["code2"] == "gb" && r["ycs_subscribers"].is_number()), "{gb}");
    let empty = obj(&app, "/api/artist/sp_followers/list?min=50000&max=10000", &access).await;
    assert_eq!((empty["length"].as_u64(), list(&empty["data"]).len()), (Some(0), 0));
    refused(
        &app,
        &access,
        &[
            ("/api/artist/sp_followers/list?max=10", 400, "`min`"),
            ("/api/artist/sp_followers/list?min=1", 400, "`max`"),
            ("/api/artist/sp_followers/list?min=a&max=10", 400, "`min`"),
            ("/api/artist/sp_followers/list?min=1&max=inf", 400, "`max`"),
            ("/api/artist/sp_followers/list?min=1&max=10&limit=201", 400, "`limit`"),
            ("/api/artist/sp_followers/list?min=1&max=10&offset=-1", 400, "`offset`"),
            ("/api/artist/sp_followers/list?min=1&max=10&code2=zz", 400, "`code2`"),
            ("/api/artist/myspace_plays/list?min=1&max=10", 400, "myspace_plays"),
            ("/api/artist/206557/list?min=1&max=10", 400, "metric"),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_filter_nests_rows_under_obj_obj_and_takes_ranges_in_every_encoding() {
    let (app, access) = app_with_token().await;
    let page = obj(&app, "/api/artist/list/filter?limit=5", &access).await;
    let rows = list(&page["obj"]);
    assert_eq!(rows.len(), 5);
    assert!(page["total"].as_i64().is_some_and(|t| t >= 5), "{page}");
    for row in rows {
        for key in ["cm_artist", "name", "code2", "sp_followers", "sp_monthly_listeners", "ins_followers"] {
            assert!(!row[key].is_null(), "{key}: {row}");
        }
        assert!(row["career_status"]["stage"].is_string() && row["genres"].is_object(), "{row}");
    }
    let id = rows[0]["cm_artist"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/artist/{id}"), &access).await["id"], id);
    let later = obj(&app, "/api/artist/list/filter?limit=3&offset=2", &access).await;
    assert_eq!(list(&later["obj"])[..], rows[2..5], "offset pages through");
    let least = obj(&app, "/api/artist/list/filter?limit=1&sortOrderDesc=False", &access).await;
    assert_ne!(least["obj"][0]["cm_artist"], id, "ascending starts at the other end");

    let encodings =
        ["sp_f[]=20000&sp_f[]=900000", "sp_f[]=20000,900000", "sp_f=[20000,900000]", "sp_f=20000&sp_f=900000"];
    let mut bodies = Vec::new();
    for q in encodings {
        let found = obj(&app, &format!("/api/artist/list/filter?limit=20&code2=gb&{q}"), &access).await;
        let rows = list(&found["obj"]);
        assert!(!rows.is_empty(), "{q}");
        for row in rows {
            assert_eq!(row["code2"], "gb");
            assert!((20_000..=900_000).contains(&row["sp_followers"].as_i64().unwrap()), "{q}: {row}");
        }
        bodies.push(found);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "the encodings mean the same");
    refused(
        &app,
        &access,
        &[
            ("/api/artist/list/filter?offset=9990&limit=11", 400, "`offset`"),
            ("/api/artist/list/filter?limit=0", 400, "`limit`"),
            ("/api/artist/list/filter?offset=-1", 400, "`offset`"),
            ("/api/artist/list/filter?sp_ml[]=5", 400, "`sp_ml[]`"),
            ("/api/artist/list/filter?ig_f[]=a&ig_f[]=9", 400, "`ig_f[]`"),
            ("/api/artist/list/filter?code2=usa", 400, "`code2`"),
            ("/api/artist/list/filter?band=maybe", 400, "`band`"),
        ],
    )
    .await;
    assert_eq!(
        obj(&app, "/api/artist/list/filter?offset=9999&limit=1", &access).await["obj"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn placements_nest_playlist_and_track_and_only_past_ones_have_removed_at() {
    let (app, access) = app_with_token().await;
    let current = obj(&app, "/api/artist/4904/spotify/current/playlists?limit=5", &access).await;
    let current = list(&current);
    assert_eq!(current.len(), 5);
    for x in current {
        let pl = &x["playlist"];
        for key in ["id", "name", "followers", "position", "peak_position", "added_at", "curator_name", "code2"] {
            assert!(!pl[key].is_null(), "{key}: {x}");
        }
        assert!(pl.get("removed_at").is_none(), "{x}");
        assert!(list(&x["track"]["cm_artist"]).iter().any(|a| a == 4904), "{x}");
    }
    let playlist = current[0]["playlist"]["id"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/playlist/spotify/{playlist}"), &access).await["id"], playlist);
    let track = current[0]["track"]["cm_track"].as_i64().unwrap();
    assert_eq!(obj(&app, &format!("/api/track/{track}"), &access).await["id"], track);
    let page = obj(&app, "/api/artist/4904/spotify/current/playlists?limit=2&offset=3", &access).await;
    assert_eq!(list(&page)[..], current[3..5], "offset pages through");

    let since = day(today().plus(-90));
    let past = obj(&app, &format!("/api/artist/4904/spotify/past/playlists?since={since}&limit=100"), &access).await;
    let past = list(&past);
    assert!(!past.is_empty());
    assert!(past.iter().all(|x| x["playlist"]["removed_at"].as_str().is_some_and(|r| r[..10] >= *since)), "{past:?}");
}

#[tokio::test]
async fn placement_flags_include_kinds_and_sort_columns_order_them() {
    let (app, access) = app_with_token().await;
    let base = "/api/artist/4904/spotify/past/playlists?limit=100";
    let all = obj(&app, base, &access).await;
    assert_eq!(obj(&app, &format!("{base}&indie=False"), &access).await, all, "a false flag restricts nothing");
    let indie = obj(&app, &format!("{base}&indie=True"), &access).await;
    for x in list(&indie).iter().take(10) {
        let id = &x["playlist"]["id"];
        assert_eq!(obj(&app, &format!("/api/playlist/spotify/{id}"), &access).await["indie"], true, "{x}");
    }
    let editorial = obj(&app, &format!("{base}&editorial=true"), &access).await;
    assert!(list(&editorial).iter().all(|x| !list(&indie).contains(x)));
    let oldest = obj(&app, &format!("{base}&sortColumn=added_at&sortOrderDesc=false"), &access).await;
    let added: Vec<&str> = list(&oldest).iter().map(|x| x["playlist"]["added_at"].as_str().unwrap()).collect();
    assert!(added.windows(2).all(|w| w[0] <= w[1]), "{added:?}");
    let followers: Vec<i64> = list(&all).iter().map(|x| x["playlist"]["followers"].as_i64().unwrap()).collect();
    assert!(followers.windows(2).all(|w| w[0] >= w[1]), "most followed first by default");
    let until = format!("/api/artist/4904/spotify/current/playlists?until={}", day(today().plus(1)));
    refused(
        &app,
        &access,
        &[
            ("/api/artist/4904/spotify/current/playlists?limit=101", 400, "`limit`"),
            ("/api/artist/4904/spotify/current/playlists?offset=x", 400, "`offset`"),
            ("/api/artist/4904/spotify/current/playlists?indie=maybe", 400, "`indie`"),
            ("/api/artist/4904/spotify/current/playlists?sortColumn=plays", 400, "`sortColumn`"),
            ("/api/artist/4904/spotify/past/playlists?since=2024-02-02&until=2024-02-01", 400, "`since`"),
            (&until, 400, "`until`"),
            ("/api/artist/4904/spotify/future/playlists", 400, "future"),
            ("/api/artist/4904/myspace/current/playlists", 400, "myspace"),
            ("/api/artist/10000001/spotify/current/playlists", 404, "not found"),
            ("/api/artist/x/spotify/current/playlists", 400, "artist id"),
        ],
    )
    .await;
}

#[tokio::test]
async fn where_people_listen_gives_each_city_a_series_covering_since_to_until() {
    let (app, access) = app_with_token().await;
    let since = today().plus(-9);
    let w = obj(&app, &format!("/api/artist/4904/where-people-listen?since={}", day(since)), &access).await;
    let cities = w["cities"].as_object().unwrap_or_else(|| panic!("{w}"));
    assert_eq!(cities.len(), 10, "10 by default");
    for (city, points) in cities {
        let points = list(points);
        assert_eq!(points.len(), 10, "{city}");
        assert!(starts(&points[0]["timestp"], since) && starts(&points[9]["timestp"], today()), "{city}");
        assert!(points.iter().all(|p| p["code2"].is_string() && p["listeners"].as_i64().is_some_and(|l| l >= 0)));
    }
    assert!(w["countries"].as_object().is_some_and(|c| !c.is_empty()), "{w}");
    let three = obj(&app, "/api/artist/4904/where-people-listen?limit=3", &access).await;
    assert_eq!(three["cities"].as_object().unwrap().len(), 3);
    assert!(
        three["cities"].as_object().unwrap().values().all(|p| list(p).len() == 31),
        "30 days before today, and today"
    );
    let after = format!("/api/artist/4904/where-people-listen?until={}", day(today().plus(1)));
    refused(
        &app,
        &access,
        &[
            ("/api/artist/4904/where-people-listen?limit=51", 400, "`limit`"),
            ("/api/artist/4904/where-people-listen?since=2020-01-01&until=2024-01-01", 400, "365"),
            (&after, 400, "`until`"),
            ("/api/artist/10000001/where-people-listen", 404, "not found"),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_instagram_audience_is_of_the_date_asked_with_the_keys_clients_read() {
    let (app, access) = app_with_token().await;
    let a = obj(&app, "/api/artist/4904/instagram-audience-stats", &access).await;
    assert!(starts(&a["timestp"], today()), "{a}");
    assert!(a["followers"].as_i64().is_some_and(|f| f > 0));
    for key in ["audience_genders", "audience_genders_per_age", "audience_ethnicities", "top_countries", "top_cities"] {
        assert!(list(&a[key]).iter().all(|w| w["code"].is_string()), "{key}: {a}");
    }
    assert!(list(&a["top_countries"]).iter().all(|w| w["name"].is_string() && w["weight"].is_number()));
    for key in ["avg_likes_per_post", "avg_commments_per_post", "engagement_rate"] {
        assert!(a[key].is_number(), "{key}: {a}");
    }
    let before = today().plus(-100);
    let then = obj(&app, &format!("/api/artist/4904/instagram-audience-stats?date={}", day(before)), &access).await;
    assert!(starts(&then["timestp"], before), "{then}");
    let after = format!("/api/artist/4904/instagram-audience-stats?date={}", day(today().plus(1)));
    refused(
        &app,
        &access,
        &[
            (&after, 400, "`date`"),
            ("/api/artist/4904/instagram-audience-stats?date=yesterday", 400, "`date`"),
            ("/api/artist/10000001/instagram-audience-stats", 404, "not found"),
        ],
    )
    .await;
}

#[tokio::test]
async fn tunefind_lists_syncs_of_the_artists_tracks() {
    let (app, access) = app_with_token().await;
    let syncs = obj(&app, "/api/artist/4904/tunefind", &access).await;
    let titles: Vec<Value> = list(&obj(&app, "/api/artist/4904/tracks?limit=100", &access).await)
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert!(!list(&syncs).is_empty());
    for row in list(&syncs) {
        assert!(titles.contains(&row["name"]), "a sync names one of the artist's tracks: {row}");
        assert!(row["media"].is_string() && row["date"].as_str().is_some_and(|d| d.len() == 10), "{row}");
    }
    refused(
        &app,
        &access,
        &[("/api/artist/10000001/tunefind", 404, "not found"), ("/api/artist/0/tunefind", 400, "artist id")],
    )
    .await;
}

#[tokio::test]
async fn literal_segments_win_and_every_artist_route_still_answers() {
    let (app, access) = app_with_token().await;
    assert!(obj(&app, "/api/artist/list/filter?limit=1", &access).await["obj"].is_array(), "the filter, not a metric");
    assert!(obj(&app, "/api/artist/sp_followers/list?min=1&max=100000", &access).await["data"].is_array());
    assert!(obj(&app, "/api/artist/206557/tracks", &access).await.is_array(), "the tracks route");
    let since = day(today().plus(-3));
    for path in [
        "/api/artist/206557".to_owned(),
        "/api/artist/206557/albums".into(),
        "/api/artist/206557/relatedartists?limit=3".into(),
        "/api/artist/206557/urls".into(),
        "/api/artist/206557/stat/spotify".into(),
        "/api/artist/206557/cpp/".into(),
        format!("/api/artist/206557/shazam/charts/?since={since}"),
        "/api/artist/chartmetric/206557/get-ids/".into(),
        "/api/artist/206557/deezer/past/playlists/".into(),
        "/api/artist/206557/where-people-listen/".into(),
        "/api/artist/206557/instagram-audience-stats/".into(),
        "/api/artist/206557/tunefind/".into(),
    ] {
        obj(&app, &path, &access).await;
    }
}

#[tokio::test]
async fn the_new_artist_routes_need_artist_read() {
    let app = spawn_app().await;
    app.plan("tracks-only", 50, 50, "track:read").await;
    app.plan("artists-only", 50, 50, "artist:read").await;
    let narrow = app.mint(&app.user("narrow", "tracks-only").await).await.token;
    let artists = app.mint(&app.user("artists", "artists-only").await).await.token;
    let since = day(today().plus(-3));
    for path in [
        "/api/artist/3380/cpp".to_owned(),
        format!("/api/artist/3380/spotify_top_daily/charts?since={since}"),
        "/api/artist/chartmetric/3380/get-ids".into(),
        "/api/artist/sp_followers/list?min=1&max=10".into(),
        "/api/artist/list/filter?limit=1".into(),
        "/api/artist/3380/spotify/current/playlists?limit=1".into(),
        "/api/artist/3380/where-people-listen?limit=1".into(),
        "/api/artist/3380/instagram-audience-stats".into(),
        "/api/artist/3380/tunefind".into(),
    ] {
        assert_eq!(app.get(&path, &narrow).await.status(), 403, "{path}");
        assert_eq!(app.get(&path, &artists).await.status(), 200, "{path}");
    }
}
