//! The sandbox's chart routes over HTTP (ENDPOINTS.md §3.7): each chart's
//! page and row shape, its platform's extras and no other, the parameters
//! each checks, paging, the Shazam cities, cm-score series, the scope, and
//! a walk from a chart to its artist and back through search.

use crate::common::*;
use chartgate_catalog::Day;
use serde_json::Value;

async fn app_with_token() -> (TestApp, String) {
    let app = spawn_app().await;
    app.plan("fast", 10_000, 10_000, "api").await;
    let access = app.mint(&app.user("integrator", "fast").await).await.token;
    (app, access)
}

async fn obj(app: &TestApp, path: &str, access: &str) -> Value {
    let res = app.get(path, access).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1, "only obj: {path}");
    body["obj"].clone()
}

/// Asserts a 400 whose message names `name`.
async fn refused(app: &TestApp, path: &str, access: &str, name: &str) {
    let res = app.get(path, access).await;
    assert_eq!(res.status(), 400, "{path}");
    let message = error_of(res).await;
    assert!(message.contains(name), "{path}: {message}");
}

fn today() -> Day {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    Day::from_unix_seconds(now.as_secs() as i64)
}

/// A Saturday: daily charts are dated on it, Thursday charts two days
/// before, Friday charts one day before.
const DATE: &str = "2024-01-06";

/// Which platform's extras a chart's rows carry.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Flavour {
    Spotify,
    Apple,
    Shazam,
    Youtube,
    Plain,
}

/// (route and its query, the weekday its chart is dated on, rows in the full chart, extras).
const CHARTS: &[(&str, Option<i64>, usize, Flavour)] = &[
    ("/api/charts/spotify?country_code=US", None, 200, Flavour::Spotify),
    ("/api/charts/spotify?type=viral&interval=weekly", Some(3), 50, Flavour::Spotify),
    ("/api/charts/applemusic/tracks?country_code=us&genre=All+Genres&type=daily", None, 100, Flavour::Apple),
    ("/api/charts/applemusic/albums?country_code=GB&genre=Pop", None, 100, Flavour::Apple),
    ("/api/charts/applemusic/videos?country_code=US", None, 100, Flavour::Apple),
    ("/api/charts/itunes/tracks?country_code=US&genre=All%20Genres", None, 100, Flavour::Apple),
    ("/api/charts/itunes/albums?country_code=US", None, 100, Flavour::Apple),
    ("/api/charts/itunes/videos?country_code=US", None, 100, Flavour::Apple),
    ("/api/charts/amazon/tracks?type=popular_track&genre=R%26B%2FSoul", None, 100, Flavour::Plain),
    ("/api/charts/amazon/albums?type=new_album&genre=All+Genres", None, 100, Flavour::Plain),
    ("/api/charts/deezer/?country_code=FR", None, 100, Flavour::Plain),
    ("/api/charts/qq/", Some(3), 100, Flavour::Plain),
    ("/api/charts/shazam?country_code=US", None, 200, Flavour::Shazam),
    ("/api/charts/soundcloud?country_code=US&kind=trending&genre=all-music", Some(4), 50, Flavour::Plain),
    ("/api/charts/beatport?genre=top-100", Some(4), 100, Flavour::Plain),
    ("/api/charts/youtube/trends?country_code=US", Some(3), 50, Flavour::Youtube),
    ("/api/charts/youtube/videos?country_code=US", Some(3), 100, Flavour::Youtube),
    ("/api/charts/youtube/tracks", Some(3), 100, Flavour::Youtube),
];

/// `route` with `param` added to its query.
fn with(route: &str, param: &str) -> String {
    let sep = if route.contains('?') { '&' } else { '?' };
    format!("{route}{sep}{param}")
}

/// The day a chart asked for `date` is dated: `date`, or for a weekly
/// chart its weekday on or before it, as ISO 8601.
fn chart_day(date: &str, weekday: Option<i64>) -> String {
    let d = Day::parse(date).unwrap();
    weekday.map_or(d, |w| d.snap_back(w)).iso()
}

/// The ChartEntry rules of ENDPOINTS.md §2 and §5.4, on one page.
fn assert_chart_page(page: &Value, what: &str, day: &str, first_rank: i64) {
    let data = page["data"].as_array().unwrap_or_else(|| panic!("{what}: data"));
    assert_eq!(page["length"].as_u64(), Some(data.len() as u64), "{what}: length == len(data)");
    assert_eq!(page.as_object().unwrap().len(), 2, "{what}: only length and data");
    for (i, e) in data.iter().enumerate() {
        let rank = e["rank"].as_i64().unwrap_or_else(|| panic!("{what}: rank is an integer: {e}"));
        assert_eq!(rank, first_rank + i as i64, "{what}: ranks run 1..n");
        assert!(e["peak_rank"].as_i64().unwrap() <= rank, "{what}: peak_rank <= rank");
        assert!(e["time_on_chart"].as_i64().unwrap() >= 1, "{what}: time_on_chart >= 1");
        assert!(e["pre_rank"].is_null() || e["pre_rank"].is_i64(), "{what}: pre_rank");
        let stats = e["rankStats"].as_array().unwrap_or_else(|| panic!("{what}: rankStats"));
        let last = stats.last().unwrap_or_else(|| panic!("{what}: rankStats is not empty"));
        assert_eq!((last["rank"].as_i64(), last["timestp"].as_str()), (Some(rank), Some(day)), "{what}");
        assert!(e.get("rank_stats").is_none(), "{what}: no rank_stats key");
        assert!(e["cm_track"].is_i64() && e["id"].is_i64() && e["cm_artist"][0].is_i64(), "{what}: {e}");
        assert!(e["name"].is_string() && e["artist_names"][0].is_string(), "{what}");
        assert!(e["peak_date"].as_str().is_some_and(|d| d.ends_with("T00:00:00.000Z")), "{what}");
        assert!(e.get("code2").is_none_or(Value::is_string), "{what}: code2 is never null");
        assert!(e["release_dates"][0].as_str().is_some_and(|d| d.len() == 10), "{what}: YYYY-MM-DD");
    }
}

/// Exactly the platform's extras, and the keys that pick a client's parser nowhere else.
fn assert_extras(e: &Value, flavour: Flavour, what: &str) {
    let has = |k: &str| e.get(k).is_some();
    let (spotify, apple_album, itunes, youtube) =
        (has("spotify_track_id"), has("itunes_album_id"), has("itunes"), has("youtube_track_id"));
    match flavour {
        Flavour::Spotify => {
            assert!(spotify && !apple_album && !itunes && !youtube, "{what}: {e}");
            assert!(e["spotify_popularity"].is_i64() && e["spotify_duration_ms"].is_i64(), "{what}");
            assert!(matches!(e["chart_type"].as_str(), Some("regional" | "viral")), "{what}");
        }
        Flavour::Apple => {
            assert!(apple_album && itunes && !spotify && !youtube, "{what}: {e}");
            assert!(e["itunes"].is_i64() && e["itunes_artist_ids"][0].is_i64(), "{what}");
            let track_id = e["itunes_track_ids"][0].as_str().unwrap();
            assert!(track_id.bytes().all(|b| b.is_ascii_digit()), "{what}: digit strings");
        }
        Flavour::Shazam => {
            assert!(apple_album && !itunes && !spotify && !youtube, "{what}: {e}");
            assert!(e["num_of_shazams"].is_i64() && e["shazam_track_id"].is_i64(), "{what}");
        }
        Flavour::Youtube => {
            assert!(youtube && !apple_album && !itunes && !spotify, "{what}: {e}");
            assert!(e["view_count"].is_i64() && e["raw_data"]["percent_views_change"].is_number(), "{what}");
        }
        Flavour::Plain => assert!(!(spotify || apple_album || itunes || youtube), "{what}: {e}"),
    }
}

#[tokio::test]
async fn every_chart_is_a_page_of_ranked_entries_with_its_platforms_extras_only() {
    let (app, access) = app_with_token().await;
    for &(route, weekday, size, flavour) in CHARTS {
        let page = obj(&app, &with(route, &format!("date={DATE}")), &access).await;
        assert_chart_page(&page, route, &chart_day(DATE, weekday), 1);
        let data = page["data"].as_array().unwrap();
        assert_eq!(data.len(), size, "{route}: the whole chart by default");
        for e in data {
            assert_extras(e, flavour, route);
        }
    }
}

#[tokio::test]
async fn every_chart_entry_names_a_track_that_resolves_and_names_its_artist() {
    let (app, access) = app_with_token().await;
    for &(route, ..) in CHARTS {
        let page = obj(&app, &with(route, &format!("date={DATE}&limit=3")), &access).await;
        for e in page["data"].as_array().unwrap() {
            let track = obj(&app, &format!("/api/track/{}", e["cm_track"]), &access).await;
            let artists: Vec<&Value> = track["artists"].as_array().unwrap().iter().map(|a| &a["id"]).collect();
            assert!(artists.contains(&&e["cm_artist"][0]), "{route}: {} names {}", e["cm_track"], e["cm_artist"]);
            let artist = obj(&app, &format!("/api/artist/{}", e["cm_artist"][0]), &access).await;
            assert_eq!(artist["name"], e["artist_names"][0], "{route}");
            let album = obj(&app, &format!("/api/album/{}", e["album_ids"][0]), &access).await;
            assert_eq!(album["name"], e["album_names"][0], "{route}");
        }
    }
}

#[tokio::test]
async fn spotify_takes_type_or_the_mcps_viral_flag_and_weekly_charts_are_dated_thursdays() {
    let (app, access) = app_with_token().await;
    let by_type = obj(&app, "/api/charts/spotify?date=2024-01-06&country_code=US&type=viral", &access).await;
    let by_flag = obj(&app, "/api/charts/spotify?date=2024-01-06&country_code=US&viral=1", &access).await;
    assert_eq!(by_type, by_flag);
    assert_eq!(by_type["data"][0]["chart_type"], "viral");
    assert!(by_type["data"][0].get("current_plays").is_none(), "viral charts count no plays");
    let regional = obj(&app, "/api/charts/spotify?date=2024-01-06&country_code=US&viral=False", &access).await;
    assert_eq!(regional["data"][0]["chart_type"], "regional");
    assert!(regional["data"][0]["current_plays"].is_i64() && regional["data"][0]["rankStats"][0]["plays"].is_i64());
    assert_eq!(regional["data"][0]["code2"], "us");
    let global = obj(&app, "/api/charts/spotify?date=2024-01-06&country_code=global&limit=5", &access).await;
    assert!(global["data"][0].get("code2").is_none(), "the global chart has no country");
    let top5 = Value::from(regional["data"].as_array().unwrap()[..5].to_vec());
    assert_ne!(global["data"], top5, "the global chart is not the US one");
    let weekly = obj(&app, "/api/charts/spotify?date=2024-01-06&interval=weekly&limit=3", &access).await;
    assert_chart_page(&weekly, "weekly", "2024-01-04T00:00:00.000Z", 1);
    let thursday = obj(&app, "/api/charts/spotify?date=2024-01-04&interval=weekly&limit=3", &access).await;
    assert_eq!(weekly, thursday, "a weekly chart asked for any day of its week");
}

#[tokio::test]
async fn freshfind_is_a_list_of_entries_dated_on_the_thursday_before() {
    let (app, access) = app_with_token().await;
    let list = obj(&app, "/api/charts/spotify/freshfind?date=2024-01-06", &access).await;
    let rows = list.as_array().unwrap_or_else(|| panic!("a list, not a page: {list}"));
    assert!(!rows.is_empty());
    let page = serde_json::json!({ "length": rows.len(), "data": rows });
    assert_chart_page(&page, "freshfind", "2024-01-04T00:00:00.000Z", 1);
    assert_extras(&rows[0], Flavour::Spotify, "freshfind");
    let early = obj(&app, "/api/charts/spotify/freshfind?date=2016-01-02", &access).await;
    let first = early[0]["rankStats"].as_array().unwrap().last().unwrap()["timestp"].clone();
    assert_eq!(first, "2015-12-31T00:00:00.000Z", "the first days of 2016 have the week's chart");
    refused(&app, "/api/charts/spotify/freshfind", &access, "`date`").await;
}

#[tokio::test]
async fn a_chart_is_the_same_for_either_case_of_country_and_with_or_without_the_slash() {
    let (app, access) = app_with_token().await;
    for (a, b) in [
        ("/api/charts/shazam?date=2024-01-06&country_code=US", "/api/charts/shazam?date=2024-01-06&country_code=us"),
        ("/api/charts/deezer/?date=2024-01-06&country_code=DE", "/api/charts/deezer?date=2024-01-06&country_code=de"),
        ("/api/charts/qq/?date=2024-01-06", "/api/charts/qq?date=2024-01-06"),
    ] {
        assert_eq!(obj(&app, a, &access).await, obj(&app, b, &access).await, "{a}");
    }
}

#[tokio::test]
async fn charts_are_deterministic_per_chart_date_country_genre_and_type() {
    let (app, access) = app_with_token().await;
    let (x, y) = app_with_token().await;
    let base = "/api/charts/itunes/tracks?date=2024-01-06&country_code=US&genre=Pop";
    let once = app.get(base, &access).await.bytes().await.unwrap();
    assert_eq!(once, x.get(base, &y).await.bytes().await.unwrap(), "another server, the same bytes");
    let page = obj(&app, base, &access).await;
    for other in [
        "/api/charts/itunes/tracks?date=2024-01-05&country_code=US&genre=Pop",
        "/api/charts/itunes/tracks?date=2024-01-06&country_code=GB&genre=Pop",
        "/api/charts/itunes/tracks?date=2024-01-06&country_code=US&genre=Rock",
        "/api/charts/itunes/albums?date=2024-01-06&country_code=US&genre=Pop",
    ] {
        assert_ne!(obj(&app, other, &access).await["data"], page["data"], "{other}");
    }
    let popular = obj(&app, "/api/charts/amazon/tracks?date=2024-01-06&type=popular_track&genre=Pop", &access).await;
    let new = obj(&app, "/api/charts/amazon/tracks?date=2024-01-06&type=new_track&genre=Pop", &access).await;
    assert_ne!(popular["data"], new["data"], "the type is part of the chart");
}

#[tokio::test]
async fn offset_and_limit_page_through_a_chart() {
    let (app, access) = app_with_token().await;
    let route = "/api/charts/shazam?date=2024-01-06&country_code=US";
    let all = obj(&app, route, &access).await;
    let page = obj(&app, &format!("{route}&offset=50&limit=10"), &access).await;
    assert_eq!(page["length"], 10);
    assert_eq!(page["data"].as_array().unwrap()[..], all["data"].as_array().unwrap()[50..60]);
    assert_chart_page(&page, "page", "2024-01-06T00:00:00.000Z", 51);
    let past = obj(&app, &format!("{route}&offset=500"), &access).await;
    assert_eq!(past, serde_json::json!({ "length": 0, "data": [] }), "past the end: an empty page");
    refused(&app, &format!("{route}&limit=201"), &access, "`limit`").await;
    refused(&app, &format!("{route}&limit=0"), &access, "`limit`").await;
    refused(&app, &format!("{route}&offset=-1"), &access, "`offset`").await;
    refused(&app, &format!("{route}&offset=ten"), &access, "`offset`").await;
}

#[tokio::test]
async fn a_chart_date_is_required_and_must_lie_from_2016_to_today() {
    let (app, access) = app_with_token().await;
    let tomorrow = today().plus(1).ymd_string();
    for route in ["/api/charts/spotify", "/api/charts/deezer/", "/api/charts/youtube/artists", "/api/charts/beatport"] {
        refused(&app, route, &access, "`date`").await;
        for date in ["2015-12-31", "2024-02-30", "06-01-2024", tomorrow.as_str()] {
            refused(&app, &format!("{route}?date={date}"), &access, "`date`").await;
        }
    }
    let first = obj(&app, "/api/charts/deezer?date=2016-01-01&limit=1", &access).await;
    assert_eq!(first["length"], 1, "charts start on 2016-01-01");
    let latest = obj(&app, &format!("/api/charts/spotify?date={}&limit=1", today().ymd_string()), &access).await;
    assert_eq!(latest["length"], 1, "and reach today");
}

#[tokio::test]
async fn each_chart_checks_the_parameters_it_reads_and_names_them() {
    let (app, access) = app_with_token().await;
    for (path, name) in [
        ("/api/charts/spotify?date=2024-01-06&type=hot", "`type`"),
        ("/api/charts/spotify?date=2024-01-06&interval=monthly", "`interval`"),
        ("/api/charts/spotify?date=2024-01-06&viral=maybe", "`viral`"),
        ("/api/charts/spotify?date=2024-01-06&country_code=USA", "`country_code`"),
        ("/api/charts/shazam?date=2024-01-06&country_code=XX", "`country_code`"),
        ("/api/charts/applemusic/tracks?date=2024-01-06&type=weekly", "`type`"),
        ("/api/charts/amazon/tracks?date=2024-01-06&genre=Pop", "`type`"),
        ("/api/charts/amazon/tracks?date=2024-01-06&type=popular_track", "`genre`"),
        ("/api/charts/amazon/tracks?date=2024-01-06&type=popular_album&genre=Pop", "`type`"),
        ("/api/charts/amazon/albums?date=2024-01-06&type=new_album&genre=Polka", "`genre`"),
        ("/api/charts/soundcloud?date=2024-01-06&kind=hot", "`kind`"),
        ("/api/charts/shazam?date=2024-01-06&country_code=US&city=Atlantis", "`city`"),
        ("/api/charts/shazam?date=2024-01-06&city=Chicago", "`country_code`"),
    ] {
        refused(&app, path, &access, name).await;
    }
    let fine = "/api/charts/amazon/albums?date=2024-01-06&type=popular_album&genre=children's+music&unknown=1";
    assert_eq!(obj(&app, fine, &access).await["length"], 100, "genres in any case; unknown parameters ignored");
}

#[tokio::test]
async fn shazam_lists_a_countrys_cities_and_each_has_its_own_chart() {
    let (app, access) = app_with_token().await;
    let cities = obj(&app, "/api/charts/shazam/US/cities", &access).await;
    assert_eq!(cities.as_object().unwrap().len(), 1, "{cities}");
    let names: Vec<&str> = cities["cities"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(!names.is_empty(), "{cities}");
    assert_eq!(obj(&app, "/api/charts/shazam/us/cities", &access).await, cities, "either case");
    let country = obj(&app, "/api/charts/shazam?date=2024-01-06&country_code=US&limit=50", &access).await;
    for name in names.iter().take(2) {
        let city: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
        let path = format!("/api/charts/shazam?date=2024-01-06&country_code=US&city={city}");
        let page = obj(&app, &path, &access).await;
        assert_chart_page(&page, name, "2024-01-06T00:00:00.000Z", 1);
        assert_eq!(page["length"], 50, "a city chart has 50 rows");
        assert_eq!(page["data"][0]["city"], *name);
        assert_extras(&page["data"][0], Flavour::Shazam, name);
        assert_ne!(page["data"], country["data"], "{name} has its own chart");
    }
    refused(&app, "/api/charts/shazam/USA/cities", &access, "USA").await;
}

#[tokio::test]
async fn the_youtube_artists_chart_ranks_artists_that_resolve() {
    let (app, access) = app_with_token().await;
    let page = obj(&app, "/api/charts/youtube/artists?date=2024-01-06&country_code=US", &access).await;
    let rows = page["data"].as_array().unwrap();
    assert_eq!(page["length"].as_u64(), Some(rows.len() as u64));
    assert_eq!(rows.len(), 100);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["rank"].as_i64(), Some(i as i64 + 1));
        assert!(row["view_count"].is_i64() && row["name"].is_string() && row.get("rank_stats").is_none(), "{row}");
        let last = row["rankStats"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["timestp"], "2024-01-04T00:00:00.000Z");
    }
    for row in &rows[..3] {
        assert_eq!(obj(&app, &format!("/api/artist/{}", row["id"]), &access).await["name"], row["name"]);
    }
}

#[tokio::test]
async fn cm_score_covers_since_to_until_one_point_a_day_for_tracks_artists_and_albums() {
    let (app, access) = app_with_token().await;
    for (kind, id) in [("track", 15678739), ("artist", 3380), ("album", 1119543)] {
        let path = format!("/api/charts/{kind}/{id}/spotify-top/cm-score?since=2024-01-01&until=2024-01-31");
        let series = obj(&app, &path, &access).await;
        let points = series.as_array().unwrap_or_else(|| panic!("{path}: {series}"));
        assert_eq!(points.len(), 31, "{path}");
        assert_eq!(points[0]["timestp"], "2024-01-01T00:00:00.000Z");
        assert_eq!(points[30]["timestp"], "2024-01-31T00:00:00.000Z");
        for p in points {
            assert!(p["score"].is_number() && p["rank"].as_i64().is_some_and(|r| r >= 1), "{p}");
        }
        let since = today().plus(-20).ymd_string();
        let to_today = obj(&app, &format!("/api/charts/{kind}/{id}/shazam/cm-score?since={since}"), &access).await;
        let points = to_today.as_array().unwrap();
        assert_eq!(points.len(), 21, "until defaults to today");
        assert_eq!(points[20]["timestp"].as_str(), Some(today().iso().as_str()));
    }
    let (recent, tomorrow) = (today().plus(-10).ymd_string(), today().plus(1).ymd_string());
    for (path, name) in [
        ("/api/charts/track/15678739/spotify-top/cm-score".to_owned(), "`since`"),
        ("/api/charts/track/15678739/spotify-top/cm-score?since=2024-13-01".into(), "`since`"),
        ("/api/charts/track/15678739/spotify-top/cm-score?since=2024-02-01&until=2024-01-01".into(), "`since`"),
        ("/api/charts/track/15678739/spotify-top/cm-score?since=2020-01-01&until=2024-01-01".into(), "365"),
        (format!("/api/charts/track/15678739/spotify-top/cm-score?since={recent}&until={tomorrow}"), "`until`"),
        ("/api/charts/track/15678739/spotify-hot/cm-score?since=2024-01-01".into(), "spotify-hot"),
        ("/api/charts/album/abc/itunes/cm-score?since=2024-01-01".into(), "album id"),
    ] {
        refused(&app, &path, &access, name).await;
    }
    let res = app.get(&format!("/api/charts/artist/10000001/itunes/cm-score?since={recent}"), &access).await;
    assert_eq!(res.status(), 404);
    assert!(error_of(res).await.contains("not found"));
}

#[tokio::test]
async fn the_chart_routes_need_chart_read() {
    let app = spawn_app().await;
    app.plan("tracks-only", 50, 50, "track:read").await;
    app.plan("charts-only", 50, 50, "chart:read").await;
    let narrow = app.mint(&app.user("narrow", "tracks-only").await).await.token;
    let charts = app.mint(&app.user("charts", "charts-only").await).await.token;
    for path in [
        "/api/charts/spotify?date=2024-01-06&limit=1",
        "/api/charts/spotify/freshfind?date=2024-01-06&limit=1",
        "/api/charts/qq/?date=2024-01-06&limit=1",
        "/api/charts/shazam/US/cities",
        "/api/charts/youtube/artists?date=2024-01-06&limit=1",
        "/api/charts/artist/3380/itunes/cm-score?since=2024-01-01&until=2024-01-31",
    ] {
        let res = app.get(path, &narrow).await;
        assert_eq!(res.status(), 403, "{path}");
        error_of(res).await;
        assert_eq!(app.get(path, &charts).await.status(), 200, "{path}");
    }
    assert_eq!(app.get("/api/track/15678739", &charts).await.status(), 403, "and chart:read is only that");
}

/// ENDPOINTS "Proof": every hop over HTTP. A chart's entry → its track →
/// the track's artist → a search for that artist's name finds it → its
/// tracks include the charting track; and the artist's name on the chart
/// is the artist's name.
#[tokio::test]
async fn walk_from_a_chart_to_its_track_its_artist_search_and_back_to_the_track() {
    let (app, access) = app_with_token().await;
    let chart = obj(&app, "/api/charts/spotify?date=2024-01-06&country_code=US&limit=5", &access).await;
    let entry = &chart["data"][0];
    let track_id = entry["cm_track"].as_i64().unwrap();

    let track = obj(&app, &format!("/api/track/{track_id}"), &access).await;
    assert_eq!(track["name"], entry["name"]);
    assert_eq!(track["isrc"], entry["isrc"]);
    let artist_id = track["artists"][0]["id"].as_i64().unwrap();
    assert_eq!(entry["cm_artist"][0].as_i64(), Some(artist_id), "the chart names the track's artist");

    let artist = obj(&app, &format!("/api/artist/{artist_id}"), &access).await;
    let name = artist["name"].as_str().unwrap().to_owned();
    assert_eq!(entry["artist_names"][0], name.as_str());

    let q: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let found = obj(&app, &format!("/api/search?q={q}&type=artists&limit=50"), &access).await;
    let hits = found["artists"].as_array().unwrap();
    assert!(hits.iter().any(|h| h["id"] == artist_id), "searching {name:?} finds the artist: {found}");

    let tracks = obj(&app, &format!("/api/artist/{artist_id}/tracks"), &access).await;
    assert!(
        tracks.as_array().unwrap().iter().any(|t| t["id"] == track_id),
        "the artist's tracks include the charting track {track_id}"
    );
}
