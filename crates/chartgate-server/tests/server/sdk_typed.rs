//! The SDK's typed calls against the real sandbox: every family of
//! ENDPOINTS.md §3 answers in its `chartmetric-types` shape and the values
//! resolve from one route to the next; pagination; injected faults that
//! the SDK retries or sits out; the CLI's `get --all`.

use crate::common::*;
use chartmetric::http::{HeaderName, HeaderValue};
use chartmetric::*;
use std::time::{Duration, Instant};

/// A Saturday, well inside the sandbox's chart history.
fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 6).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, d).unwrap()
}

async fn sandbox() -> (TestApp, Client) {
    let app = spawn_app().await;
    app.plan("fast", 10_000, 10_000, "api").await;
    let refresh = app.user("typed", "fast").await;
    let client = Client::builder().base_url(app.base.clone()).refresh_token(refresh).build().unwrap();
    (app, client)
}

#[tokio::test]
async fn search_leads_to_the_artist_its_tracks_a_track_and_back_through_get_ids() {
    let (_app, c) = sandbox().await;
    let found = c.search("Lorde").kind(SearchType::Artists).limit(3).send().await.unwrap();
    let artists = found.artists.expect("an artists bucket");
    assert!(found.tracks.is_none(), "type=artists: that bucket only");
    assert!(!artists.is_empty() && artists.len() <= 3);
    let artist = c.artists().get(artists[0].id).send().await.unwrap();
    assert_eq!(artist.id, artists[0].id);
    assert_eq!(artist.name, artists[0].name);

    let all = c.search("Lorde").limit(2).send().await.unwrap();
    assert!(all.artists.is_some() && all.tracks.is_some() && all.playlists.is_some(), "type=all: every bucket");

    let tracks = c.artists().tracks(artist.id).limit(5).send().await.unwrap();
    assert!(!tracks.is_empty());
    let track = c.tracks().get(tracks[0].id).send().await.unwrap();
    assert_eq!(track.name, tracks[0].name);
    assert!(track.artists.iter().any(|a| a.id == artist.id), "the track is the artist's");

    let isrc = track.isrc.clone().expect("an ISRC");
    let rows = c.tracks().ids(IdType::Isrc, &isrc).send().await.unwrap();
    assert!(rows[0].chartmetric_ids.contains(&track.id), "{rows:?}");
    let rows = c.tracks().ids(IdType::Chartmetric, &track.id.to_string()).send().await.unwrap();
    assert_eq!(rows[0].isrc.as_deref(), Some(isrc.as_str()));
    assert!(c.tracks().ids(IdType::Isrc, "ZZ0000000000").send().await.unwrap().is_empty(), "no match: []");
    let ids = c.artists().ids(IdType::Chartmetric, &artist.id.to_string()).send().await.unwrap();
    assert_eq!(ids[0].cm_artist, artist.id);
    if let Some(spotify) = &ids[0].spotify_artist_id {
        let back = c.artists().ids(IdType::Spotify, spotify).send().await.unwrap();
        assert_eq!(back[0].cm_artist, artist.id, "get-ids round trip");
    }
}

#[tokio::test]
async fn every_artist_route_answers_in_its_shape() {
    let (_app, c) = sandbox().await;
    let a = c.artists();
    let id = 206557;
    let albums = a.albums(id).limit(5).send().await.unwrap();
    assert!(!albums.is_empty() && albums.len() <= 5);
    let cpp = a.cpp(id, CppStat::Score).since(day(1)).until(day(10)).send().await.unwrap();
    assert_eq!(cpp.len(), 10, "one point a day");
    assert!(cpp[0].timestp.starts_with("2024-01-01") && cpp[9].timestp.starts_with("2024-01-10"));
    let charts = a.charts(id, ChartType::SpotifyTopDaily, day(1)).until(day(31)).send().await.unwrap();
    assert_eq!(charts.length, charts.data.len());
    let stat = a.stat(id, StatSource::Spotify).since(day(1)).until(day(31)).send().await.unwrap();
    let listeners = stat.get("listeners").expect("listeners");
    assert_eq!(listeners.len(), 31);
    assert!(listeners.iter().all(|p| p.value >= 0.0));
    let only = a.stat(id, StatSource::Spotify).field("followers").since(day(1)).until(day(2)).send().await.unwrap();
    assert_eq!(only.keys().collect::<Vec<_>>(), ["followers"]);

    let ranked = a.by_metric(ArtistMetric::SpMonthlyListeners, 0, 1_000_000_000).limit(10).send().await.unwrap();
    assert_eq!(ranked.length, ranked.data.len());
    assert!(!ranked.data.is_empty());
    let filtered = a.filter().limit(5).code2("US").send().await.unwrap();
    assert!(
        filtered.obj.len() <= 5
            && filtered.obj.iter().all(|r| r.code2.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("US")))
    );

    let placements = a.playlists(id, Platform::Spotify, Status::Current).limit(10).send().await.unwrap();
    assert!(placements.len() <= 10);
    for p in &placements {
        assert!(!p.playlist.name.is_empty() && !p.track.name.is_empty());
    }
    let related = a.related(id).limit(5).send().await.unwrap();
    assert!(!related.is_empty() && related.len() <= 5);
    let neighbour = c.artists().get(related[0].id).send().await.unwrap();
    assert_eq!(neighbour.name, related[0].name, "related artists resolve");
    let urls = a.urls(id).send().await.unwrap();
    assert!(urls.iter().any(|u| u.domain == "spotify"));
    a.tunefind(id).send().await.unwrap();
    let listen = a.where_people_listen(id).since(day(1)).until(day(3)).send().await.unwrap();
    assert!(!listen.cities.is_empty());
    let audience = a.instagram_audience(id).date(day(5)).send().await.unwrap();
    assert!(audience.followers > 0);
}

#[tokio::test]
async fn item_paging_over_an_artists_tracks_collects_the_same_rows_as_one_big_page() {
    let (_app, c) = sandbox().await;
    let whole = c.artists().tracks(206557).limit(100).send().await.unwrap();
    assert!(whole.len() > 3, "enough tracks for two pages: {}", whole.len());
    let paged = c.artists().tracks(206557).limit(3).items().collect_all().await.unwrap();
    assert_eq!(paged, whole);
    let pages = c.artists().tracks(206557).limit(3).pages().collect_all().await.unwrap();
    assert_eq!(pages.len(), whole.len().div_ceil(3));
    assert!(pages.iter().all(|p| p.len() <= 3));
    // A chart pages by offset as well, without a page size of its own.
    let chart = c.charts().spotify(date()).country("US").send().await.unwrap();
    let rows = c.charts().spotify(date()).country("US").limit(7).items().collect_all().await.unwrap();
    assert_eq!(rows, chart.data);
    let err = c.artists().tracks(206557).limit(500).items().collect_all().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadRequest), "the sandbox caps limit at 100: {err}");
}

#[tokio::test]
async fn every_album_and_track_route_answers_and_resolves() {
    let (_app, c) = sandbox().await;
    let album_row = c.artists().albums(206557).limit(1).send().await.unwrap().remove(0);
    let album = c.albums().get(album_row.id).send().await.unwrap();
    assert_eq!(album.name, album_row.name);
    let tracks = c.albums().tracks(album.id).send().await.unwrap();
    assert!(!tracks.is_empty());
    c.albums().charts(album.id, ChartType::Itunes, day(1)).until(day(31)).send().await.unwrap();
    let ids = c.albums().ids(IdType::Chartmetric, &album.id.to_string()).send().await.unwrap();
    assert_eq!(ids[0].cm_album, album.id);
    if let Some(upc) = &ids[0].upc {
        assert_eq!(c.albums().ids(IdType::Upc, upc).send().await.unwrap()[0].cm_album, album.id);
    }
    let placements = c.albums().playlists(album.id, Platform::Spotify, Status::Current).limit(5).send().await.unwrap();
    assert!(placements.len() <= 5);
    let stats = c.albums().stats(album.id).since(day(1)).until(day(7)).send().await.unwrap();
    assert_eq!(stats.len(), 7);
    c.albums().tunefind(album.id).send().await.unwrap();

    let t = c.tracks();
    let track = t.get(tracks[0].id).send().await.unwrap();
    assert_eq!(track.name, tracks[0].name, "an album's track resolves");
    let chart = t.charts(track.id, ChartType::SpotifyViralDaily, day(1)).until(day(31)).send().await.unwrap();
    assert!(chart.data.iter().all(|e| e.timestp.is_some()), "rows carry their chart day");
    let placed = t.playlists(track.id, Platform::Spotify, Status::Current).indie(false).limit(5).send().await.unwrap();
    assert!(placed.iter().all(|p| p.track.cm_track == track.id));
    let snapshot = t.playlist_snapshot(track.id, Platform::Spotify, day(5)).limit(5).send().await.unwrap();
    assert!(snapshot.len() <= 5);
    for platform in [StatsPlatform::Spotify, StatsPlatform::Youtube, StatsPlatform::Shazam] {
        let points = t.stats(track.id, platform).since(day(1)).until(day(3)).send().await.unwrap();
        assert_eq!(points.len(), 3, "{platform}");
    }
    t.tunefind(track.id).send().await.unwrap();
    let missing = c.tracks().get(999_999_999).send().await.unwrap_err();
    assert!(matches!(missing.kind(), ErrorKind::NotFound));
}

#[tokio::test]
async fn playlists_curators_and_recommendations_resolve_into_each_other() {
    let (_app, c) = sandbox().await;
    let lists =
        c.playlists().lists(Platform::Spotify).sort_column(PlaylistSort::Followers).limit(5).send().await.unwrap();
    assert_eq!(lists.len(), 5);
    assert!(lists.windows(2).all(|w| w[0].followers >= w[1].followers), "most followed first");
    let id = lists[0].id.to_string();
    let playlist = c.playlists().get(Platform::Spotify, &id).send().await.unwrap();
    assert_eq!(playlist.name, lists[0].name);
    let tracks = c.playlists().tracks(Platform::Spotify, &id, Status::Current).send().await.unwrap();
    if let Some(first) = tracks.first() {
        assert_eq!(c.tracks().get(first.id).send().await.unwrap().name, first.name, "a playlist's track resolves");
    }
    c.playlists().tracks(Platform::Spotify, &id, Status::Past).send().await.unwrap();
    c.playlists().snapshot(Platform::Spotify, &id, day(5)).send().await.unwrap();
    let similar = c.recommendations().similar_playlists(Platform::Spotify, &id).limit(4).send().await.unwrap();
    assert!(similar.len() <= 4 && similar.iter().all(|p| p.id != lists[0].id));
    let paged = c.playlists().lists(Platform::Deezer).limit(40).items().collect_all().await.unwrap();
    let whole = c.playlists().lists(Platform::Deezer).limit(100).send().await.unwrap();
    assert_eq!(paged[..paged.len().min(100)], whole[..], "paging Deezer's lists");

    let curators = c.curators().lists(Platform::Spotify).limit(3).with_social_urls(true).send().await.unwrap();
    assert_eq!(curators.len(), 3);
    let curator = c.curators().get(Platform::Spotify, curators[0].id).send().await.unwrap();
    assert_eq!(curator.name, curators[0].name);
    let theirs = c.curators().playlists(Platform::Spotify, curator.id).send().await.unwrap();
    if let Some(p) = theirs.first() {
        c.playlists().get(Platform::Spotify, &p.id.to_string()).send().await.unwrap();
    }
}

#[tokio::test]
async fn every_chart_answers_a_page_whose_entries_resolve() {
    let (_app, c) = sandbox().await;
    let ch = c.charts();
    let spotify =
        ch.spotify(date()).country("US").kind(SpotifyChart::Viral).interval(Interval::Daily).send().await.unwrap();
    assert_eq!(spotify.length, spotify.data.len());
    assert!(!spotify.data.is_empty());
    for (i, e) in spotify.data.iter().enumerate() {
        assert_eq!(e.rank, i as i64 + 1);
        assert!(e.peak_rank <= e.rank && e.time_on_chart >= 1);
        assert!(e.rank_stats.last().unwrap().timestp.starts_with("2024-01-06"));
    }
    let top = &spotify.data[0];
    assert_eq!(c.tracks().get(top.cm_track).send().await.unwrap().name, top.name, "a chart's track resolves");
    c.artists().get(top.cm_artist[0]).send().await.unwrap();
    let weekly = ch.spotify(date()).kind(SpotifyChart::Regional).interval(Interval::Weekly).send().await.unwrap();
    assert_ne!(weekly.data, spotify.data);

    let mut pages = Vec::new();
    pages.push(ch.spotify_freshfind(date()).send().await.unwrap().len());
    for kind in [AppleMusicChart::Tracks, AppleMusicChart::Albums, AppleMusicChart::Videos] {
        pages.push(ch.applemusic(kind, date()).country("US").genre("All Genres").send().await.unwrap().length);
    }
    let daily = ch.applemusic(AppleMusicChart::Tracks, date()).kind(AppleMusicTracksType::Top).send().await.unwrap();
    assert!(daily.data.iter().all(|e| e.platform.itunes_album_id.is_some()), "Apple rows");
    for kind in [ItunesChart::Tracks, ItunesChart::Albums, ItunesChart::Videos] {
        pages.push(ch.itunes(kind, date()).country("GB").send().await.unwrap().length);
    }
    for kind in [AmazonChart::PopularTrack, AmazonChart::NewTrack, AmazonChart::PopularAlbum, AmazonChart::NewAlbum] {
        pages.push(ch.amazon(kind, "R&B/Soul", date()).send().await.unwrap().length);
    }
    pages.push(ch.deezer(date()).country("FR").send().await.unwrap().length);
    pages.push(ch.qq(date()).send().await.unwrap().length);
    let shazam = ch.shazam(date()).country("US").send().await.unwrap();
    assert!(shazam.data.iter().all(|e| e.platform.num_of_shazams.is_some()), "Shazam rows");
    let cities = ch.shazam_cities("US").send().await.unwrap().cities;
    assert!(!cities.is_empty());
    pages.push(ch.shazam(date()).country("US").city(&cities[0]).send().await.unwrap().length);
    pages.push(ch.soundcloud(date()).country("US").kind(SoundcloudKind::Trending).send().await.unwrap().length);
    pages.push(ch.beatport(date()).genre("top-100").send().await.unwrap().length);
    for kind in [YoutubeChart::Trends, YoutubeChart::Videos, YoutubeChart::Tracks] {
        let page = ch.youtube(kind, date()).country("US").send().await.unwrap();
        assert!(page.data.iter().all(|e| e.platform.youtube_track_id.is_some()), "YouTube rows");
        pages.push(page.length);
    }
    let artists = ch.youtube_artists(date()).country("US").send().await.unwrap();
    assert_eq!(c.artists().get(artists.data[0].cm_artist).send().await.unwrap().name, artists.data[0].name);
    assert!(pages.iter().all(|&n| n > 0), "every chart has rows: {pages:?}");

    for (entity, id) in [(CmScoreEntity::Artist, 206557), (CmScoreEntity::Track, top.cm_track)] {
        let score = ch.cm_score(entity, id, CmScoreChart::SpotifyTop, day(1)).until(day(5)).send().await.unwrap();
        assert_eq!(score.len(), 5, "{entity}");
    }
    let album = c.artists().albums(206557).limit(1).send().await.unwrap()[0].id;
    ch.cm_score(CmScoreEntity::Album, album, CmScoreChart::ItunesAlbums, day(1)).until(day(2)).send().await.unwrap();
    let err = ch.spotify(NaiveDate::from_ymd_opt(2001, 1, 1).unwrap()).send().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadRequest), "before the charts' history: {err}");
}

/// An app with `sandbox_faults` on (chartgate's `--sandbox-faults`), and an
/// SDK client with quick retries.
async fn faulty() -> (TestApp, Client) {
    let mut opts = Options::default();
    opts.config.sandbox_faults = true;
    let app = spawn_with(opts).await;
    app.plan("fast", 10_000, 10_000, "api").await;
    let refresh = app.user("faulty", "fast").await;
    let retry = RetryPolicy::default().max_attempts(3).base_delay(Duration::from_millis(20));
    let client = Client::builder()
        .base_url(app.base.clone())
        .refresh_token(refresh)
        .retry_policy(retry)
        .retry_budget(RetryBudget::unlimited())
        .build()
        .unwrap();
    (app, client)
}

fn fault(spec: &'static str) -> (HeaderName, HeaderValue) {
    (HeaderName::from_static("x-chartgate-fault"), HeaderValue::from_static(spec))
}

#[tokio::test]
async fn the_sdk_retries_injected_503s_and_502s_and_reports_the_last_one() {
    let (_app, c) = faulty().await;
    c.artists().get(206557).send().await.unwrap();
    for (spec, kind) in [("status=503", 503), ("status=502", 502)] {
        let before = c.metrics();
        let (name, value) = fault(spec);
        let err = c.artists().get(206557).header(name, value).send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(kind), "{err}");
        let after = c.metrics();
        assert_eq!(after.requests - before.requests, 3, "every attempt of the policy was sent");
        assert_eq!(after.request_retries - before.request_retries, 2);
    }
    // A typed call without the header on the same client is untouched.
    assert_eq!(c.tracks().ids(IdType::Isrc, "ZZ0000000000").send().await.unwrap(), vec![]);
}

#[tokio::test]
async fn the_sdk_sits_out_an_injected_429_until_its_reset_then_gives_up_at_its_cap() {
    let (_app, c) = faulty().await;
    c.artists().get(206557).send().await.unwrap();
    let (name, value) = fault("status=429");
    let started = Instant::now();
    let err = c.artists().get(206557).header(name, value).deadline(Duration::from_secs(20)).send().await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::RateLimited { .. }), "{err}");
    let m = c.metrics();
    assert!(m.rate_limited_responses >= 2, "the 429 was waited out and the call sent again: {m:?}");
    assert!(m.rate_limit_waits >= 1, "{m:?}");
    assert!(started.elapsed() >= Duration::from_millis(500), "it waited for X-RateLimit-Reset / Retry-After");
    // After the pause the client works again.
    c.artists().get(206557).send().await.unwrap();
}

#[tokio::test]
async fn with_standing_faults_on_half_the_requests_typed_calls_still_succeed() {
    let (app, c) = faulty().await;
    let name: chartgate_core::UserName = "faulty".parse().unwrap();
    chartgate_core::admin::set_faults(&*app.store, &name, chartgate_core::Faults::new(0.5, 0).unwrap(), &by())
        .await
        .unwrap();
    app.settle().await;
    let expected = c.artists().tracks(206557).limit(5).send().await.unwrap();
    let patient = RetryPolicy::default().max_attempts(12).base_delay(Duration::from_millis(10));
    for _ in 0..16 {
        let tracks = c.artists().tracks(206557).limit(5).retry_policy(patient).send().await.unwrap();
        assert_eq!(tracks, expected);
    }
    let m = c.metrics();
    assert!(m.request_retries + m.rate_limited_responses > 0, "some faults were drawn and overcome: {m:?}");
}

/// The `chartmetric` binary beside this test binary (`target/<profile>/`),
/// built by `cargo test --workspace` or `cargo build -p chartmetric`; the CLI
/// test says so and passes when it was not built, except in CI (CI=true),
/// where it fails.
fn cli_binary() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?;
    let bin = dir.join(format!("chartmetric{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

#[tokio::test]
async fn the_cli_get_all_follows_pagination_against_the_sandbox() {
    let Some(bin) = cli_binary() else {
        let why = "no chartmetric binary next to the tests (cargo build -p chartmetric)".to_owned();
        // In CI nothing may skip silently: `cargo test --workspace` builds it.
        if !crate::external::available_or_skip("the chartmetric CLI against the sandbox", &[why]) {
            return;
        }
        unreachable!("available_or_skip fails or skips when something is missing");
    };
    let (app, c) = sandbox().await;
    let whole = c.artists().tracks(206557).limit(100).send().await.unwrap();
    let refresh = app.user("cli", "fast").await;
    let cache = tempfile::tempdir().unwrap();
    let run = |args: Vec<String>| {
        let mut command = std::process::Command::new(&bin);
        command
            .args(args)
            .env_remove("CHARTMETRIC_REFRESH_TOKEN_FILE")
            .env("CHARTMETRIC_REFRESH_TOKEN", &refresh)
            .env("CHARTMETRIC_BASE_URL", &app.base)
            .env("XDG_CACHE_HOME", cache.path());
        tokio::task::spawn_blocking(move || command.output().unwrap())
    };
    let args = |extra: &[&str]| -> Vec<String> {
        ["get", "/api/artist/206557/tracks"].iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let out = run(args(&["--all", "--page-size", "3", "--format", "ndjson"])).await.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<types::TrackRow> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows, whole, "--all collected every page");
    let out = run(args(&["--param", "limit=3"])).await.unwrap();
    let first: Vec<types::TrackRow> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(first[..], whole[..3], "without --all: one page");
}
