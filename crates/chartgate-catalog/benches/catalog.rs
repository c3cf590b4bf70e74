//! The catalog's hot calls: one chart (the 200-row Spotify chart, a page of
//! it, and a weekly chart), an entity's chart history, search, and the
//! artist object. Target: one 200-entry chart well under 10 ms.
#![allow(clippy::unwrap_used)] // a failed unwrap is how a bench set-up fails

use chartgate_catalog::{
    Catalog, ChartKind, ChartQuery, ChartType, Day, EntityKind, ListFilter, Metric, Platform, PlaylistFilter,
    SearchType, Source, Status,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let today = Day::ymd(2026, 11, 30).unwrap();
    let cat = Catalog::new(7, today);
    let us = "us".parse().unwrap();
    let daily = ChartQuery::new(ChartKind::SpotifyRegionalDaily, today.plus(-30)).country(us);
    c.bench_function("chart_spotify_200", |b| b.iter(|| cat.chart(black_box(&daily), 0, 200).unwrap()));
    c.bench_function("chart_spotify_page_of_20", |b| b.iter(|| cat.chart(black_box(&daily), 40, 20).unwrap()));
    let weekly = ChartQuery::new(ChartKind::SpotifyRegionalWeekly, today.plus(-30)).country(us);
    c.bench_function("chart_spotify_weekly_200", |b| b.iter(|| cat.chart(black_box(&weekly), 0, 200).unwrap()));
    let top = cat.chart(&daily, 0, 1).unwrap().data[0].cm_track;
    c.bench_function("track_charts_90_days_all_countries", |b| {
        b.iter(|| {
            cat.entity_charts(EntityKind::Track, black_box(top), ChartType::SpotifyTopDaily, today.plus(-90), today)
        })
    });
    c.bench_function("search_all_two_words", |b| {
        b.iter(|| cat.search(black_box("midnight rain"), SearchType::All, 10, 0))
    });
    c.bench_function("search_artists_prefix", |b| b.iter(|| cat.search(black_box("auro"), SearchType::Artists, 10, 0)));
    c.bench_function("search_all_no_match", |b| b.iter(|| cat.search(black_box("xzqvkj"), SearchType::All, 10, 0)));
    c.bench_function("metric_list_200_rows", |b| {
        b.iter(|| cat.metric_list(Metric::SpFollowers, 10_000.0, 50_000.0, None, black_box(0), 200))
    });
    let nz = ListFilter { code2: Some("nz".parse().unwrap()), ..ListFilter::default() };
    c.bench_function("list_filter_rare_country", |b| b.iter(|| cat.list_filter(black_box(&nz), 0, 100)));
    c.bench_function("artist_placements_current", |b| {
        b.iter(|| {
            cat.placements(EntityKind::Artist, black_box(4904), Platform::Spotify, Status::Current, None, None, 0, 100)
        })
    });
    c.bench_function("playlists_indie_100", |b| {
        let f = PlaylistFilter { indie: Some(true), code2: None };
        b.iter(|| cat.playlists(Platform::Spotify, f, black_box(0), 100))
    });
    c.bench_function("artist_object", |b| b.iter(|| cat.artist(black_box(206557))));
    c.bench_function("stat_spotify_365_days", |b| {
        b.iter(|| cat.stat(black_box(206557), Source::Spotify, None, today.plus(-364), today))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
