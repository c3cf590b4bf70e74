//! Store cases on the artist catalog, and on reads under load.

use super::{migrated, new_user};
use chartgate_core::{Record, RecordKind, Store};
use chartmetric_types::{Artist, ArtistTag, CareerStatus, CmStatistics, Genre, Genres};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

pub(super) fn small_artist(id: i64, name: &str) -> Artist {
    Artist { id, name: name.into(), ..Artist::default() }
}

fn genre(id: i64, name: &str, score: f64) -> Genre {
    Genre { id, name: name.into(), score: Some(score) }
}

fn full_artist() -> Artist {
    let extra = json!({"sp_artist_id": "163tK9Wjr9P9DmM0AVK7lm", "verified": true});
    Artist {
        id: 206557,
        name: "Lorde".into(),
        created_at: Some("2015-06-01T00:00:00.000Z".into()),
        code2: Some("nz".into()),
        band: Some(false),
        gender: Some("female".into()),
        pronoun_title: Some("she/her".into()),
        isni: Some("0000000404437019".into()),
        image_url: Some("https://example.invalid/lorde.jpg".into()),
        cover_url: Some("https://example.invalid/cover.jpg".into()),
        hometown_city: Some("Auckland".into()),
        current_city: Some("Auckland".into()),
        current_city_id: Some(4242),
        band_members: Some(vec!["Ella Yelich-O'Connor".into()]),
        record_label: Some("Universal Music NZ".into()),
        description: Some("Quotes \" and unicode \u{2713} survive".into()),
        cm_artist_rank: Some(512),
        cm_artist_score: Some(87.25),
        tags: vec![ArtistTag { name: "art pop".into(), id: 7, count: Some(42) }],
        genres: Some(Genres {
            primary: Some(genre(16, "pop", 0.5)),
            secondary: vec![genre(22, "electronic", 0.25)],
            sub: vec![genre(301, "art pop", 0.125), genre(302, "electropop", 1.0)],
        }),
        career_status: Some(CareerStatus {
            stage: Some("mainstream".into()),
            stage_score: Some(4.5),
            trend: Some("steady".into()),
            trend_score: Some(0.75),
        }),
        cm_statistics: Some(full_statistics()),
        extra: extra.as_object().cloned().unwrap_or_default(),
    }
}

fn full_statistics() -> CmStatistics {
    let extra = json!({"ins_followers": 22_000_000, "ins_followers_rank": 310});
    CmStatistics {
        sp_followers: Some(9_000_000),
        sp_followers_rank: Some(800),
        sp_monthly_listeners: Some(20_000_000),
        sp_monthly_listeners_rank: Some(700),
        deezer_fans: Some(1_000_000),
        deezer_fans_rank: Some(900),
        ycs_views: Some(2_000_000_000),
        ycs_views_rank: Some(650),
        num_sp_playlists: Some(150_000),
        num_sp_playlists_rank: Some(600),
        timestamp: Some("2024-01-01T00:00:00.000Z".into()),
        country_rank: Some(json!([{"code2": "nz", "rank": 1}])),
        genre_rank: Some(json!({"pop": 120})),
        extra: extra.as_object().cloned().unwrap_or_default(),
    }
}

/// An artist with every field set, unknown fields included, comes back
/// equal.
pub async fn artists_round_trip_with_all_fields(store: Arc<dyn Store>) {
    migrated(&store).await;
    let lorde = full_artist();
    assert!(!lorde.extra.is_empty());
    store.upsert_artists(std::slice::from_ref(&lorde)).await.expect("upsert");
    assert_eq!(store.artist(lorde.id).await.expect("artist"), Some(lorde));
    assert_eq!(store.artist_count().await.expect("count"), 1);
}

/// Upserting an existing id replaces the artist; the count counts ids.
pub async fn upsert_artists_replaces_by_id(store: Arc<dyn Store>) {
    migrated(&store).await;
    let batch = [small_artist(1, "One"), small_artist(2, "Two")];
    store.upsert_artists(&batch).await.expect("insert");
    assert_eq!(store.artist_count().await.expect("count"), 2);
    let renamed = small_artist(1, "Uno");
    store.upsert_artists(std::slice::from_ref(&renamed)).await.expect("replace");
    assert_eq!(store.artist(1).await.expect("artist"), Some(renamed));
    assert_eq!(store.artist(2).await.expect("artist"), Some(batch[1].clone()));
    assert_eq!(store.artist_count().await.expect("count"), 2);
}

fn record(id: i64, name: &str) -> Record {
    Record { id, body: json!({"id": id, "name": name}).to_string() }
}

/// Tracks and albums are kept per kind and id: the last of one id wins
/// (within a batch and across batches), a kind never answers for another,
/// an unknown id is `None`, and only a non-empty write moves the sequence.
pub async fn records_are_kept_per_kind_and_id_the_last_winning(store: Arc<dyn Store>) {
    migrated(&store).await;
    assert_eq!(store.record(RecordKind::Track, 7).await.expect("read"), None);
    let before = store.change_seq().await.expect("seq");
    store.upsert_records(RecordKind::Track, &[]).await.expect("empty");
    assert_eq!(store.change_seq().await.expect("seq"), before, "nothing to store is no write");
    let batch = [record(7, "first"), record(8, "eight"), record(7, "second")];
    store.upsert_records(RecordKind::Track, &batch).await.expect("insert");
    assert!(store.change_seq().await.expect("seq") > before);
    assert_eq!(store.record(RecordKind::Track, 7).await.expect("read"), Some(batch[2].body.clone()));
    assert_eq!(store.record(RecordKind::Track, 8).await.expect("read"), Some(batch[1].body.clone()));
    assert_eq!(store.record(RecordKind::Album, 7).await.expect("read"), None, "kinds are apart");
    let album = record(7, "an album");
    store.upsert_records(RecordKind::Album, std::slice::from_ref(&album)).await.expect("album");
    store.upsert_records(RecordKind::Track, &[record(8, "replaced")]).await.expect("replace");
    assert_eq!(store.record(RecordKind::Album, 7).await.expect("read"), Some(album.body));
    assert_eq!(store.record(RecordKind::Track, 8).await.expect("read"), Some(record(8, "replaced").body));
}

/// An id the catalog does not hold is `None`, not an error.
pub async fn unknown_artist_is_none(store: Arc<dyn Store>) {
    migrated(&store).await;
    assert_eq!(store.artist(206557).await.expect("artist"), None);
    assert_eq!(store.artist_count().await.expect("count"), 0);
}

/// Fifty token look-ups at once, with writes in between, all complete and
/// all find the user. The timeout only turns a deadlock into a failure.
pub async fn concurrent_reads_do_not_block(store: Arc<dyn Store>) {
    migrated(&store).await;
    let (alice, token) = new_user(&store, "alice").await;
    let hash = token.hash();
    let mut reads = tokio::task::JoinSet::new();
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..50 {
        let reader = Arc::clone(&store);
        reads.spawn(async move { reader.user_by_refresh_token(&hash).await });
        if i % 10 == 0 {
            let writer = Arc::clone(&store);
            writes.spawn(async move { writer.upsert_artists(&[small_artist(i, "A")]).await });
        }
    }
    let all = async {
        let found = reads.join_all().await;
        writes.join_all().await.into_iter().for_each(|w| w.expect("write"));
        found
    };
    let found = tokio::time::timeout(Duration::from_secs(120), all).await.expect("reads and writes finish");
    assert_eq!(found.len(), 50);
    for user in found {
        assert_eq!(user.expect("read").map(|u| u.id), Some(alice.id));
    }
    assert_eq!(store.artist_count().await.expect("count"), 5);
}
