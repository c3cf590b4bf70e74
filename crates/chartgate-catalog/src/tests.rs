//! Smoke tests of the whole catalog; the properties live in tests/.

use super::*;

fn catalog() -> Catalog {
    Catalog::new(7, Day::ymd(2026, 11, 30).unwrap())
}

#[test]
fn example_ids_exist() {
    let c = catalog();
    for id in [206557, 3380, 4904, 439] {
        assert!(c.artist(id).is_some(), "artist {id}");
    }
    assert!(c.track(22960734).is_some() && c.track(15678739).is_some());
    assert!(c.album(1119543).is_some());
    assert!(c.playlist(Platform::Spotify, 179228).is_some());
    assert!(c.curator(Platform::Spotify, 132426).is_some());
    assert!(c.artist(0).is_none() && c.artist(10_000_001).is_none() && c.track(50_000_001).is_none());
}

#[test]
fn a_catalog_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Catalog>();
}
