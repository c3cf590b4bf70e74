use crate::{DEMO, catalog, demo_artists, today, with_demo};
use chartgate_catalog::{EntityKind, PlacementQuery, Platform, PlaylistFilter, PlaylistKinds, Status};
use proptest::prelude::*;

#[test]
fn demo_artists_come_out_exactly_as_imported() {
    let c = with_demo();
    for (line, artist) in DEMO.lines().zip(demo_artists()) {
        let out = c.artist(artist.id).unwrap();
        assert_eq!(out, artist);
        let original: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_value(&out).unwrap(), original);
    }
}

#[test]
fn an_overridden_artists_tracks_carry_its_name_and_its_series_end_on_its_counters() {
    let c = with_demo();
    for t in c.artist_tracks(206557, 0, 100).unwrap() {
        assert_eq!(t.artist_names, vec!["Aurora Vale".to_string()]);
        assert_eq!(c.track(t.id).unwrap().artists[0].name, "Aurora Vale");
    }
    let s = c.stat(206557, chartgate_catalog::Source::Spotify, Some("followers"), today().plus(-5), today()).unwrap();
    assert_eq!(s["followers"].last().unwrap().value, 8_421_337.0);
    let rank = c.cpp(206557, chartgate_catalog::CppStat::Rank, today(), today()).unwrap();
    let score = c.cpp(206557, chartgate_catalog::CppStat::Score, today(), today()).unwrap();
    assert_eq!((rank[0].rank, score[0].score), (Some(412), Some(78.42)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn an_artists_tracks_and_albums_exist_and_name_it(id in 1i64..=10_000_000) {
        let c = catalog();
        let artist = c.artist(id).unwrap();
        let tracks = c.artist_tracks(id, 0, 100).unwrap();
        prop_assert!(tracks.len() == 4 || tracks.len() == 9);
        for row in &tracks {
            let t = c.track(row.id).unwrap();
            prop_assert_eq!(t.artists[0].id, id);
            prop_assert_eq!(&t.artists[0].name, &artist.name);
            let album = t.albums[0].id;
            prop_assert!(c.album_tracks(album).unwrap().iter().any(|r| r.id == row.id));
            prop_assert_eq!(c.album(album).unwrap().artists[0].id, id);
        }
        let albums = c.artist_albums(id, 0, 10).unwrap();
        let listed: usize = albums.iter().map(|a| c.album_tracks(a.id).unwrap().len()).sum();
        prop_assert_eq!(listed, tracks.len());
    }

    #[test]
    fn a_track_is_on_its_album_and_its_artist_lists_it(id in 1i64..=50_000_000) {
        let c = catalog();
        let t = c.track(id).unwrap();
        let album = c.album(t.albums[0].id).unwrap();
        prop_assert_eq!(album.artists[0].id, t.artists[0].id);
        prop_assert!(c.artist_tracks(t.artists[0].id, 0, 100).unwrap().iter().any(|r| r.id == id));
    }

    #[test]
    fn a_playlists_curator_exists_and_lists_it(id in 1i64..=20_000_000, p in 0usize..6) {
        let c = catalog();
        let p = Platform::ALL[p];
        let pl = c.playlist(p, id).unwrap();
        let owner = pl.owner_id.unwrap();
        let curator = c.curator(p, owner).unwrap();
        prop_assert_eq!(Some(curator.name), pl.owner_name);
        prop_assert!(c.curator_playlists(p, owner).unwrap().iter().any(|x| x.id == id));
    }

    #[test]
    fn related_artists_resolve(id in 1i64..=10_000_000) {
        let c = catalog();
        let related = c.related_artists(id, 50).unwrap();
        prop_assert_eq!(related.len(), 50);
        for r in related {
            prop_assert_ne!(r.id, id);
            prop_assert_eq!(c.artist(r.id).unwrap().name, r.name);
        }
    }
}

#[test]
fn playlist_tracks_and_track_placements_agree() {
    let c = catalog();
    let day = today().plus(-20);
    let pl = c.playlists(Platform::Spotify, PlaylistFilter::default(), 3, 1).remove(0);
    let tracks = c.playlist_tracks(Platform::Spotify, pl.id, day).unwrap();
    assert_eq!(tracks.len() as i64, pl.num_track.unwrap());
    for row in tracks.iter().take(15) {
        let placed = c.track_snapshot(row.id, Platform::Spotify, day, 0, 1000).unwrap();
        assert!(
            placed.iter().any(|x| x.playlist.id == pl.id && x.playlist.position == row.position),
            "track {} at {:?} of playlist {}",
            row.id,
            row.position,
            pl.id
        );
    }
}

#[test]
fn placements_point_at_playlists_holding_the_track() {
    let c = catalog();
    let until = today();
    for status in [Status::Current, Status::Past] {
        let found =
            c.placements(EntityKind::Artist, 4904, Platform::Spotify, status, None, Some(until), 0, 100).unwrap();
        assert!(!found.is_empty(), "{status}");
        for x in found.iter().take(10) {
            let on = match status {
                Status::Current => until,
                Status::Past => {
                    chartgate_catalog::Day::parse(&x.playlist.removed_at.clone().unwrap()[..10]).unwrap().plus(-1)
                }
            };
            let tracks = c.playlist_tracks(Platform::Spotify, x.playlist.id, on).unwrap();
            let at = &tracks[x.playlist.position.unwrap() as usize - 1];
            assert_eq!(at.id, x.track.cm_track);
            assert_eq!(c.track(at.id).unwrap().artists[0].id, 4904);
        }
    }
}

#[test]
fn placements_of_indie_playlists_keep_only_those_curators_and_no_flag_keeps_all() {
    let c = catalog();
    let all = c.placements(EntityKind::Artist, 4904, Platform::Spotify, Status::Past, None, None, 0, 10_000).unwrap();
    let indie = PlacementQuery { kinds: PlaylistKinds { indie: true, ..Default::default() }, ..Default::default() };
    let kept = c
        .placements_where(EntityKind::Artist, 4904, Platform::Spotify, Status::Past, None, None, &indie, 0, 10_000)
        .unwrap();
    for x in &kept {
        assert!(all.contains(x), "a filtered placement is a placement");
        assert_eq!(c.playlist(Platform::Spotify, x.playlist.id).unwrap().indie, Some(true));
    }
    assert!(!kept.is_empty() && kept.len() < all.len(), "{} of {}", kept.len(), all.len());
    let none = PlacementQuery::default();
    let same = c
        .placements_where(EntityKind::Artist, 4904, Platform::Spotify, Status::Past, None, None, &none, 0, 10_000)
        .unwrap();
    assert_eq!(same, all);
}

#[test]
fn past_placements_start_with_the_catalogs_history() {
    let c = catalog();
    let ancient = chartgate_catalog::Day::ymd(1, 1, 1);
    let until = chartgate_catalog::Day::ymd(2016, 3, 1);
    let found =
        c.placements(EntityKind::Album, 1119543, Platform::Spotify, Status::Past, ancient, until, 0, 10_000).unwrap();
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|x| x.playlist.removed_at.as_deref().unwrap() >= "2016-01-01"),
        "none removed before 2016"
    );
}
