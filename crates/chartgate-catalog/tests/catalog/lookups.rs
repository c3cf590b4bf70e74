use crate::{catalog, today, with_demo};
use chartgate_catalog::{EntityKind, IdRows, IdType, SearchType, Source};
use proptest::prelude::*;

#[test]
fn a_series_has_one_point_per_day_and_ends_on_the_artist_counters() {
    let c = catalog();
    let since = today().plus(-45);
    let s = c.stat(4904, Source::Spotify, None, since, today()).unwrap();
    let artist = c.artist(4904).unwrap();
    let stats = artist.cm_statistics.unwrap();
    for (field, points) in &s {
        assert_eq!(points.len(), 46, "{field}");
        assert_eq!(points[0].timestp, since.iso());
        assert!(points.windows(2).all(|w| w[0].timestp < w[1].timestp));
    }
    assert_eq!(s["followers"].last().unwrap().value, stats.sp_followers.unwrap() as f64);
    assert_eq!(s["listeners"].last().unwrap().value, stats.sp_monthly_listeners.unwrap() as f64);
    assert!(c.stat(4904, Source::Spotify, Some("talks"), since, today()).is_err());
    assert!(c.stat(4904, Source::Spotify, None, today(), since).is_err());
}

fn round_trip(c: &chartgate_catalog::Catalog, kind: EntityKind, id: i64) {
    let rows = c.get_ids(kind, IdType::Chartmetric, &id.to_string()).unwrap();
    let v = serde_json::to_value(&rows).unwrap();
    let row = &v[0];
    let pairs: Vec<(IdType, String)> = match kind {
        EntityKind::Track => vec![
            (IdType::Isrc, row["isrc"].as_str().unwrap().into()),
            (IdType::Spotify, row["spotify_ids"][0].as_str().unwrap().into()),
            (IdType::Itunes, row["itunes_ids"][0].as_str().unwrap().into()),
            (IdType::Deezer, row["deezer_ids"][0].as_str().unwrap().into()),
            (IdType::Amazon, row["amazon_ids"][0].as_str().unwrap().into()),
            (IdType::Youtube, row["youtube_ids"][0].as_str().unwrap().into()),
            (IdType::Soundcloud, row["soundcloud_ids"][0].as_str().unwrap().into()),
            (IdType::Shazam, row["shazam_ids"][0].as_str().unwrap().into()),
            (IdType::Tiktok, row["tiktok_ids"][0].as_str().unwrap().into()),
            (IdType::Qq, row["qq_ids"][0].as_str().unwrap().into()),
            (IdType::Beatport, row["beatport_ids"][0].to_string()),
            (IdType::Genius, row["genius_ids"][0].to_string()),
        ],
        EntityKind::Artist => vec![
            (IdType::Spotify, row["spotify_artist_id"].as_str().unwrap().into()),
            (IdType::Itunes, row["itunes_artist_id"].as_str().unwrap().into()),
            (IdType::Deezer, row["deezer_artist_id"].as_str().unwrap().into()),
            (IdType::Youtube, row["youtube_channel_id"].as_str().unwrap().into()),
        ],
        EntityKind::Album => vec![
            (IdType::Upc, row["upc"].as_str().unwrap().into()),
            (IdType::Spotify, row["spotify_album_id"].as_str().unwrap().into()),
            (IdType::Itunes, row["itunes_album_id"].as_str().unwrap().into()),
            (IdType::Deezer, row["deezer_album_id"].as_str().unwrap().into()),
        ],
    };
    for (t, value) in pairs {
        let back = serde_json::to_value(c.get_ids(kind, t, &value).unwrap()).unwrap();
        assert_eq!(&back[0], row, "{kind} {t} {value}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn get_ids_maps_both_ways(track in 1i64..=50_000_000, artist in 1i64..=10_000_000, album in 1i64..=20_000_000) {
        let c = catalog();
        round_trip(&c, EntityKind::Track, track);
        round_trip(&c, EntityKind::Artist, artist);
        round_trip(&c, EntityKind::Album, album);
    }
}

#[test]
fn ids_have_their_real_forms() {
    let c = catalog();
    let t = c.track_ids(22960734).unwrap();
    let isrc = t.isrc.unwrap();
    assert_eq!(isrc.len(), 12);
    assert!(isrc[..2].chars().all(|x| x.is_ascii_uppercase()) && isrc[5..].chars().all(|x| x.is_ascii_digit()));
    assert_eq!(t.spotify_ids[0].len(), 22);
    let upc = c.album_ids(1119543).unwrap().upc.unwrap();
    assert_eq!(upc.len(), 12);
    let digits: Vec<u32> = upc.chars().map(|x| x.to_digit(10).unwrap()).collect();
    let sum: u32 = digits[..11].iter().enumerate().map(|(i, d)| if i % 2 == 0 { 3 * d } else { *d }).sum();
    assert_eq!((10 - sum % 10) % 10, digits[11]);
}

#[test]
fn unknown_platform_ids_find_nothing() {
    let c = catalog();
    assert!(c.get_ids(EntityKind::Track, IdType::Spotify, "4uLU6hMCjMI75M1A2tKUQC").unwrap().is_empty());
    assert!(c.get_ids(EntityKind::Track, IdType::Isrc, "USRC17607839").unwrap().is_empty());
    assert!(
        matches!(c.get_ids(EntityKind::Artist, IdType::Chartmetric, "0").unwrap(), IdRows::Artist(r) if r.is_empty())
    );
    assert!(c.get_ids(EntityKind::Artist, IdType::Isrc, "x").is_err());
}

#[test]
fn search_puts_an_imported_exact_match_first() {
    let c = with_demo();
    let r = c.search("Aurora Vale", SearchType::Artists, 10, 0).unwrap();
    let artists = r.artists.unwrap();
    assert_eq!(artists[0].id, 206557);
    assert!(artists.len() > 1);
    let r = c.search("the paper lanterns", SearchType::All, 10, 0).unwrap();
    assert_eq!(r.artists.unwrap()[0].id, 3380);
}

#[test]
fn search_never_comes_back_empty_and_ranks_by_class() {
    let c = catalog();
    for q in [
        "midnight",
        "Midnight Rain",
        "auro",
        "lanterns",
        "chil",
        "xzqv",
        "Taylor Swift",
        "zzzzzzzzzzzzzz",
        "berlin",
        "🎵",
        "!!",
        "Björk",
        "東京",
    ] {
        let r = c.search(q, SearchType::All, 10, 0).unwrap();
        assert!(!r.artists.as_ref().unwrap().is_empty(), "artists for {q}");
        assert!(!r.tracks.as_ref().unwrap().is_empty(), "tracks for {q}");
        assert!(!r.albums.as_ref().unwrap().is_empty(), "albums for {q}");
        assert!(!r.stations.as_ref().unwrap().is_empty(), "stations for {q}");
        assert!(!r.cities.as_ref().unwrap().is_empty(), "cities for {q}");
        for (p, hits) in r.playlists.as_ref().unwrap() {
            assert!(!hits.is_empty(), "{p} playlists for {q}");
        }
        for (p, hits) in r.curators.as_ref().unwrap() {
            assert!(!hits.is_empty(), "{p} curators for {q}");
        }
    }
    let tracks = c.search("midnight rain", SearchType::Tracks, 10, 0).unwrap().tracks.unwrap();
    assert!(tracks.iter().all(|t| t.name == "Midnight Rain"));
    let next = c.search("midnight rain", SearchType::Tracks, 10, 10).unwrap().tracks.unwrap();
    assert!(next.iter().all(|t| !tracks.iter().any(|x| x.id == t.id)));
    let r = c.search("lanterns", SearchType::Artists, 5, 0).unwrap();
    assert!(r.tracks.is_none() && r.playlists.is_none());
    assert!(c.search("  ", SearchType::All, 10, 0).is_err());
}

#[test]
fn search_hits_resolve() {
    let c = catalog();
    let r = c.search("golden", SearchType::All, 5, 0).unwrap();
    for a in r.artists.unwrap() {
        assert_eq!(c.artist(a.id).unwrap().name, a.name);
    }
    for t in r.tracks.unwrap() {
        assert_eq!(c.track(t.id).unwrap().name, t.name);
    }
    for (p, hits) in r.playlists.unwrap() {
        for h in hits {
            let display = matches!(h.followers, Some(chartmetric_types::Count::Text(_)));
            assert_eq!(display, p == "spotify", "Spotify writes followers as a display string");
            assert_eq!(c.playlist(p.parse().unwrap(), h.id).unwrap().name, h.name);
        }
    }
}
