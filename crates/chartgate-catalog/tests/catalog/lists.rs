use crate::{catalog, today};
use chartgate_catalog::{
    EntityKind, ListFilter, Metric, PlacementQuery, PlacementSort, Platform, PlaylistFilter, PlaylistKinds, Source,
    Status,
};

#[test]
fn metric_list_rows_hold_values_in_range_that_match_the_artist() {
    let c = catalog();
    let page = c.metric_list(Metric::SpFollowers, 10_000.0, 50_000.0, None, 0, 200);
    assert_eq!(page.length, page.data.len());
    assert_eq!(page.length, 200);
    for row in page.data.iter().take(20) {
        let v = row.metric["sp_followers"].as_i64().unwrap();
        assert!((10_000..=50_000).contains(&v));
        assert_eq!(c.artist(row.id).unwrap().cm_statistics.unwrap().sp_followers, Some(v));
    }
    let next = c.metric_list(Metric::SpFollowers, 10_000.0, 50_000.0, None, 200, 200);
    assert!(next.data.iter().all(|r| !page.data.iter().any(|p| p.id == r.id)));
}

#[test]
fn list_filter_keeps_what_the_filter_asks_for() {
    let c = catalog();
    let f = ListFilter { code2: Some("GB".parse().unwrap()), band: Some(true), ..ListFilter::default() };
    let page = c.list_filter(&f, 0, 25);
    assert_eq!(page.obj.len(), 25);
    assert!(page.total >= 25);
    for row in &page.obj {
        let a = c.artist(row.cm_artist).unwrap();
        assert_eq!((a.code2.as_deref(), a.band), (Some("gb"), Some(true)));
    }
}

#[test]
fn list_filter_ranges_hold_on_the_named_counters() {
    let c = catalog();
    let ranges = vec![("ins_followers".to_owned(), 50_000, 400_000), ("cm_artist_rank".to_owned(), 1, 20_000)];
    let f = ListFilter { ranges, career_trend: Some("growth".into()), ..ListFilter::default() };
    let page = c.list_filter(&f, 0, 10);
    assert!(!page.obj.is_empty());
    for row in &page.obj {
        assert!((50_000..=400_000).contains(&row.ins_followers.unwrap()), "{row:?}");
        let a = c.artist(row.cm_artist).unwrap();
        assert!(a.cm_artist_rank.unwrap() <= 20_000);
        let stats = a.cm_statistics.unwrap();
        assert_eq!((row.sp_followers, row.sp_monthly_listeners), (stats.sp_followers, stats.sp_monthly_listeners));
        assert_eq!((&row.genres, &row.code2, &row.name), (&a.genres, &a.code2, &a.name), "the row is the artist's");
        assert_eq!(a.career_status.unwrap().trend.as_deref(), Some("growth"));
    }
    let missing = ListFilter { ranges: vec![("no_such_counter".into(), 0, i64::MAX)], ..ListFilter::default() };
    assert!(c.list_filter(&missing, 0, 10).obj.is_empty(), "an unknown counter matches nobody");
}

#[test]
fn placement_flags_split_the_placements_by_kind_and_sort_columns_order_them() {
    let c = catalog();
    let get = |q: &PlacementQuery| {
        c.placements_where(EntityKind::Artist, 4904, Platform::Spotify, Status::Past, None, None, q, 0, 100_000)
            .unwrap()
    };
    let all = get(&PlacementQuery::default());
    let kinds = |k: PlaylistKinds| get(&PlacementQuery { kinds: k, ..PlacementQuery::default() });
    let editorial = kinds(PlaylistKinds { editorial: true, ..PlaylistKinds::default() });
    let major = kinds(PlaylistKinds { major_curator: true, ..PlaylistKinds::default() });
    let indie = kinds(PlaylistKinds { indie: true, ..PlaylistKinds::default() });
    assert!(!indie.is_empty());
    assert_eq!(editorial.len() + major.len() + indie.len(), all.len(), "the three kinds split them");
    for x in &indie {
        assert_eq!(c.playlist(Platform::Spotify, x.playlist.id).unwrap().indie, Some(true));
    }
    let popular = kinds(PlaylistKinds { popular_indie: true, ..PlaylistKinds::default() });
    assert!(popular.iter().all(|x| x.playlist.followers >= Some(PlaylistKinds::POPULAR)));
    assert!(popular.len() <= indie.len());
    assert!(kinds(PlaylistKinds { chart: true, ..PlaylistKinds::default() }).is_empty());
    let both = kinds(PlaylistKinds { editorial: true, indie: true, ..PlaylistKinds::default() });
    assert_eq!(both.len(), editorial.len() + indie.len(), "flags add up");

    assert!(all.windows(2).all(|w| w[0].playlist.followers >= w[1].playlist.followers), "most followed first");
    let oldest =
        get(&PlacementQuery { sort: Some(PlacementSort::AddedAt), ascending: true, ..PlacementQuery::default() });
    assert_eq!(oldest.len(), all.len());
    assert!(oldest.windows(2).all(|w| w[0].playlist.added_at <= w[1].playlist.added_at));
    let names = get(&PlacementQuery { sort: Some(PlacementSort::Name), ..PlacementQuery::default() });
    assert!(names.windows(2).all(|w| w[0].playlist.name >= w[1].playlist.name), "descending by default");
    let page = c
        .placements_where(
            EntityKind::Artist,
            4904,
            Platform::Spotify,
            Status::Past,
            None,
            None,
            &PlacementQuery::default(),
            5,
            3,
        )
        .unwrap();
    assert_eq!(page, all[5..8]);
}

#[test]
fn where_people_listen_has_a_daily_series_per_place() {
    let c = catalog();
    let since = today().plus(-9);
    let w = c.where_people_listen(4904, since, today(), 5).unwrap();
    assert_eq!((w.cities.len(), w.countries.len()), (5, 5));
    let listeners = c.artist(4904).unwrap().cm_statistics.unwrap().sp_monthly_listeners.unwrap();
    for points in w.cities.values().chain(w.countries.values()) {
        assert_eq!(points.len(), 10);
        assert_eq!(points[0].timestp, since.iso());
        assert!(points.last().unwrap().listeners <= listeners);
    }
}

#[test]
fn instagram_audience_weights_sum_to_one_and_followers_match_the_series() {
    let c = catalog();
    let a = c.instagram_audience(4904, today()).unwrap();
    for list in [&a.audience_genders, &a.top_countries, &a.top_cities, &a.audience_ethnicities] {
        let sum: f64 = list.iter().map(|w| w.weight).sum();
        assert!((sum - 1.0).abs() < 0.001, "{sum}");
    }
    let s = c.stat(4904, Source::Instagram, Some("followers"), today(), today()).unwrap();
    assert_eq!(s["followers"][0].value, a.followers as f64);
}

#[test]
fn tunefind_rows_name_the_artists_tracks() {
    let c = catalog();
    let names: Vec<String> = c.artist_tracks(439, 0, 100).unwrap().into_iter().map(|t| t.name).collect();
    for row in c.tunefind(EntityKind::Artist, 439).unwrap() {
        assert!(names.contains(&row.name));
    }
    assert!(c.tunefind(EntityKind::Track, 50_000_001).is_none());
}

#[test]
fn playlist_and_curator_lists_are_ordered_by_followers_and_filtered() {
    let c = catalog();
    let f = PlaylistFilter { indie: Some(true), code2: Some("us".parse().unwrap()) };
    let lists = c.playlists(Platform::Deezer, f, 0, 100);
    assert_eq!(lists.len(), 100);
    assert!(lists.windows(2).all(|w| w[0].followers >= w[1].followers));
    assert!(lists.iter().all(|p| p.indie == Some(true) && p.code2.as_deref() == Some("us")));
    let curators = c.curators(Platform::Spotify, Some(false), true, 0, 50);
    assert!(curators.windows(2).all(|w| w[0].followers >= w[1].followers));
    assert!(curators.iter().all(|x| x.indie == Some(false) && x.social_urls.is_some()));
    assert!(c.playlists(Platform::Spotify, PlaylistFilter::default(), 20_000_000, 10).is_empty());
}

#[test]
fn similar_playlists_are_other_existing_playlists() {
    let c = catalog();
    let similar = c.similar_playlists(Platform::AppleMusic, 179228, Some(false), 9).unwrap();
    assert_eq!(similar.len(), 9);
    for p in &similar {
        assert_ne!(p.id, 179228);
        assert_eq!(p.indie, Some(false));
        assert_eq!(c.playlist(Platform::AppleMusic, p.id).as_ref(), Some(p));
    }
}

#[test]
fn playlists_by_update_run_from_the_freshest_and_keep_the_filter() {
    let c = catalog();
    let f = PlaylistFilter { indie: Some(true), code2: None };
    let lists = c.playlists_by_update(Platform::Spotify, f, 0, 100);
    assert_eq!(lists.len(), 100);
    let updated: Vec<&str> = lists.iter().map(|p| p.last_updated.as_deref().unwrap()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "most recent first: {updated:?}");
    assert!(lists.iter().all(|p| p.indie == Some(true)));
    let next = c.playlists_by_update(Platform::Spotify, f, 100, 100);
    assert!(next.iter().all(|p| !lists.contains(p)), "pages do not overlap");
    assert!(next[0].last_updated.as_deref().unwrap() <= updated[99]);
    let us = PlaylistFilter { indie: None, code2: Some("us".parse().unwrap()) };
    let us = c.playlists_by_update(Platform::Deezer, us, 0, 10);
    assert!(us.len() == 10 && us.iter().all(|p| p.code2.as_deref() == Some("us")), "{us:?}");
}
