use crate::{catalog, today};
use chartgate_catalog::{CHARTS_SINCE, ChartKind, ChartQuery, ChartType, Country, Day, EntityKind};
use chartmetric_types::ChartPage;
use std::collections::HashMap;

fn us() -> Country {
    "US".parse().unwrap()
}

fn full(kind: ChartKind, day: Day) -> ChartPage {
    catalog().chart(&ChartQuery::new(kind, day).country(us()), 0, 1000).unwrap()
}

#[test]
fn every_chart_kind_has_a_full_chart_with_ranks_one_to_n() {
    let c = catalog();
    for &kind in ChartKind::ALL {
        let q = ChartQuery::new(kind, today().plus(-40)).country(us());
        if kind == ChartKind::YoutubeArtists {
            let page = c.artist_chart(&q, 0, 1000).unwrap();
            assert_eq!(page.length, kind.size());
            continue;
        }
        let page = c.chart(&q, 0, 1000).unwrap();
        assert_eq!(page.length, page.data.len());
        assert_eq!(page.length, kind.size(), "{kind}");
        for (i, e) in page.data.iter().enumerate() {
            assert_eq!(e.rank, i as i64 + 1);
            assert!(e.peak_rank <= e.rank && e.time_on_chart >= 1);
            let last = e.rank_stats.last().unwrap();
            assert_eq!((last.rank, last.timestp.as_str()), (e.rank, q.chart_day().iso().as_str()));
            assert!(
                c.track(e.cm_track).is_some()
                    && c.artist(e.cm_artist[0]).is_some()
                    && c.album(e.album_ids[0]).is_some()
            );
        }
    }
}

#[test]
fn history_agrees_with_the_charts_of_the_days_before() {
    for (kind, step) in
        [(ChartKind::SpotifyRegionalDaily, 1), (ChartKind::AppleMusicTracks, 1), (ChartKind::SpotifyViralWeekly, 7)]
    {
        let day = ChartQuery::new(kind, today().plus(-100)).chart_day();
        let before = full(kind, day.plus(-step));
        let now = full(kind, day);
        let was: HashMap<i64, _> = before.data.iter().map(|e| (e.cm_track, e)).collect();
        let mut carried = 0;
        for e in &now.data {
            match was.get(&e.cm_track) {
                Some(b) => {
                    carried += 1;
                    assert_eq!(e.pre_rank, Some(b.rank), "{kind}");
                    assert_eq!(e.time_on_chart, b.time_on_chart + 1);
                    assert_eq!(e.peak_rank, b.peak_rank.min(e.rank));
                    assert_eq!(e.added_at, b.added_at);
                }
                None => assert_eq!(e.pre_rank, None),
            }
        }
        assert!(carried > now.length / 2, "{kind}: charts should change slowly ({carried} carried)");
    }
}

#[test]
fn charts_exist_from_2016_to_today_only() {
    let c = catalog();
    let q = |d: Day| ChartQuery::new(ChartKind::Deezer, d);
    assert!(c.chart(&q(CHARTS_SINCE), 0, 10).is_ok());
    assert!(c.chart(&q(today()), 0, 10).is_ok());
    assert!(c.chart(&q(CHARTS_SINCE.plus(-1)), 0, 10).is_err());
    assert!(c.chart(&q(today().plus(1)), 0, 10).is_err());
}

#[test]
fn weekly_charts_exist_for_the_first_days_of_2016_too() {
    let c = catalog();
    for kind in [ChartKind::SpotifyFreshFind, ChartKind::YoutubeTracks, ChartKind::Qq] {
        let q = ChartQuery::new(kind, CHARTS_SINCE.plus(2));
        let page = c.chart(&q, 0, 5).unwrap();
        assert_eq!(page.length, 5, "{kind}");
        let last = page.data[0].rank_stats.last().unwrap();
        assert_eq!(last.timestp, q.chart_day().iso(), "the Thursday before");
    }
    assert!(c.artist_chart(&ChartQuery::new(ChartKind::YoutubeArtists, CHARTS_SINCE), 0, 5).is_ok());
}

#[test]
fn offset_pages_through_the_chart() {
    let c = catalog();
    let q = ChartQuery::new(ChartKind::Shazam, today()).country(us());
    let all = c.chart(&q, 0, 200).unwrap();
    let page = c.chart(&q, 50, 10).unwrap();
    assert_eq!(page.data, all.data[50..60].to_vec());
    assert_eq!(c.chart(&q, 500, 10).unwrap().length, 0);
}

#[test]
fn platform_extras_appear_on_their_charts_only() {
    let keys = |kind| serde_json::to_value(&full(kind, today()).data[0]).unwrap();
    let apple = keys(ChartKind::ItunesTracks);
    assert!(apple.get("itunes_album_id").is_some() && apple.get("itunes").is_some());
    let shazam = keys(ChartKind::Shazam);
    assert!(shazam.get("itunes_album_id").is_some() && shazam.get("itunes").is_none());
    let youtube = keys(ChartKind::YoutubeTracks);
    assert!(youtube.get("youtube_track_id").is_some() && youtube.get("itunes_album_id").is_none());
    let spotify = keys(ChartKind::SpotifyRegionalDaily);
    assert!(spotify.get("spotify_track_id").is_some() && spotify.get("youtube_track_id").is_none());
    assert!(spotify.get("itunes_album_id").is_none() && spotify.get("rank_stats").is_none());
    assert!(spotify["rankStats"][0]["plays"].is_i64() && spotify["current_plays"].is_i64());
    assert_eq!(spotify["code2"], "us");
}

#[test]
fn an_entitys_chart_history_matches_the_chart() {
    let c = catalog();
    let day = today().plus(-10);
    let chart = c.chart(&ChartQuery::new(ChartKind::SpotifyRegionalDaily, day).country(us()), 0, 30).unwrap();
    for e in chart.data.iter().take(5) {
        let history =
            c.entity_charts(EntityKind::Track, e.cm_track, ChartType::SpotifyTopDaily, day.plus(-3), day).unwrap();
        let row =
            history.data.iter().find(|r| r.timestp.as_deref() == Some(&day.iso()) && r.code2.as_deref() == Some("us"));
        let row = row.expect("the chart's row is in the track's history");
        assert_eq!(
            (row.rank, row.pre_rank, row.time_on_chart, row.peak_rank),
            (e.rank, e.pre_rank, e.time_on_chart, e.peak_rank)
        );
        let artist = c.entity_charts(EntityKind::Artist, e.cm_artist[0], ChartType::SpotifyTopDaily, day, day).unwrap();
        assert!(
            artist
                .data
                .iter()
                .any(|r| r.cm_track == e.cm_track && r.rank == e.rank && r.code2.as_deref() == Some("us"))
        );
    }
}

#[test]
fn no_chart_lists_a_track_twice() {
    let c = catalog();
    for code in ["us", "gb", "br", "jp"] {
        for day in [today(), today().plus(-200), CHARTS_SINCE.plus(3)] {
            let q = ChartQuery::new(ChartKind::SpotifyRegionalDaily, day).country(code.parse().unwrap());
            let mut ids: Vec<i64> = c.chart(&q, 0, 200).unwrap().data.iter().map(|e| e.cm_track).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), 200, "{code} {day}");
        }
    }
}

#[test]
fn global_hits_chart_in_many_countries() {
    let c = catalog();
    let day = today().plus(-5);
    let global = c.chart(&ChartQuery::new(ChartKind::SpotifyRegionalDaily, day), 0, 3).unwrap();
    for e in &global.data {
        let rows = c.entity_charts(EntityKind::Track, e.cm_track, ChartType::SpotifyTopDaily, day, day).unwrap();
        let mut places: Vec<_> = rows.data.iter().map(|r| r.code2.clone()).collect();
        places.dedup();
        assert!(places.contains(&None), "the global chart itself");
        assert!(places.len() >= 4, "{} charts in {places:?}", e.name);
    }
}
