//! How the id ranges are laid out: every entity has a *slot* (a dense
//! index with meaning: an artist's slot is its popularity rank, a track's
//! slot says whose track it is) and a public id, `perm(slot) + 1`, where
//! `perm` is a keyed Feistel permutation, so neighbouring ids share nothing.

use crate::mix::{Draw, hash};
use crate::perm::{Affine, Feistel};
use crate::{Catalog, Platform};

/// Artist ids: 1..=ARTISTS.
pub const ARTISTS: u64 = 10_000_000;
/// Track ids: 1..=TRACKS.
pub const TRACKS: u64 = 50_000_000;
/// Album ids: 1..=ALBUMS.
pub const ALBUMS: u64 = 20_000_000;
/// Playlist ids per platform: 1..=PLAYLISTS.
pub const PLAYLISTS: u64 = 20_000_000;
/// Curator ids per platform: 1..=CURATORS.
pub const CURATORS: u64 = 2_000_000;
/// Radio station ids: 1..=STATIONS.
pub const STATIONS: u64 = 100_000;

/// Children per parent: parents below `split` have `per_a` each, the rest
/// `per_b`. A bijection between child slots and (parent slot, index).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tiers {
    pub(crate) split: u64,
    pub(crate) per_a: u64,
    pub(crate) per_b: u64,
}

/// 2M most popular artists have 9 tracks, the other 8M have 4: 50M tracks.
pub(crate) const TRACK_TIERS: Tiers = Tiers { split: 2_000_000, per_a: 9, per_b: 4 };
/// Every artist has 2 albums: 20M albums.
pub(crate) const ALBUM_TIERS: Tiers = Tiers { split: 0, per_a: 2, per_b: 2 };
/// The 500k biggest curators have 28 playlists, the other 1.5M have 4: 20M playlists.
pub(crate) const PLAYLIST_TIERS: Tiers = Tiers { split: 500_000, per_a: 28, per_b: 4 };

impl Tiers {
    pub(crate) fn count(&self, parent: u64) -> u64 {
        if parent < self.split { self.per_a } else { self.per_b }
    }
    pub(crate) fn child(&self, parent: u64, index: u64) -> u64 {
        if parent < self.split {
            parent * self.per_a + index
        } else {
            self.split * self.per_a + (parent - self.split) * self.per_b + index
        }
    }
    pub(crate) fn parent(&self, child: u64) -> (u64, u64) {
        let a = self.split * self.per_a;
        if child < a {
            (child / self.per_a, child % self.per_a)
        } else {
            (self.split + (child - a) / self.per_b, (child - a) % self.per_b)
        }
    }
}

/// The keyed bijections of one catalog, built once.
pub(crate) struct Keys {
    pub(crate) artist: Feistel,
    pub(crate) track: Feistel,
    pub(crate) album: Feistel,
    pub(crate) playlist: [Feistel; 6],
    pub(crate) curator: [Feistel; 6],
    pub(crate) artist_name: Affine,
    pub(crate) track_name: Affine,
    pub(crate) album_name: Affine,
    pub(crate) playlist_name: [Affine; 6],
    pub(crate) curator_name: [Affine; 6],
    pub(crate) station_name: Affine,
}

impl Keys {
    pub(crate) fn new(seed: u64) -> Self {
        let k = |tag: u64, p: u64| hash(seed, &[tag, p]);
        Self {
            artist: Feistel::new(k(1, 0), ARTISTS),
            track: Feistel::new(k(2, 0), TRACKS),
            album: Feistel::new(k(3, 0), ALBUMS),
            playlist: [0, 1, 2, 3, 4, 5].map(|p| Feistel::new(k(4, p), PLAYLISTS)),
            curator: [0, 1, 2, 3, 4, 5].map(|p| Feistel::new(k(5, p), CURATORS)),
            artist_name: Affine::new(k(11, 0), ARTISTS),
            track_name: Affine::new(k(12, 0), TRACKS),
            album_name: Affine::new(k(13, 0), ALBUMS),
            playlist_name: [0, 1, 2, 3, 4, 5].map(|p| Affine::new(k(14, p), PLAYLISTS)),
            curator_name: [0, 1, 2, 3, 4, 5].map(|p| Affine::new(k(15, p), CURATORS)),
            station_name: Affine::new(k(16, 0), STATIONS),
        }
    }
}

/// Index of a platform in the per-platform key arrays.
pub(crate) fn pi(p: Platform) -> usize {
    Platform::ALL.iter().position(|q| *q == p).unwrap_or(0)
}

/// A slot from a public id, when the id is in `1..=n`.
pub(crate) fn slot_of(perm: &Feistel, n: u64, id: i64) -> Option<u64> {
    let id = u64::try_from(id).ok().filter(|i| (1..=n).contains(i))?;
    Some(perm.backward(id - 1))
}

/// The public id of a slot.
pub(crate) fn id_of(perm: &Feistel, slot: u64) -> i64 {
    i64::try_from(perm.forward(slot) + 1).unwrap_or(i64::MAX)
}

impl Catalog {
    /// A stream of values about one thing, keyed by this catalog's seed.
    pub(crate) fn draw(&self, parts: &[u64]) -> Draw {
        Draw::new(self.seed, parts)
    }
    pub(crate) fn artist_slot(&self, id: i64) -> Option<u64> {
        slot_of(&self.keys.artist, ARTISTS, id)
    }
    pub(crate) fn artist_id(&self, slot: u64) -> i64 {
        id_of(&self.keys.artist, slot)
    }
    /// (artist slot, index among the artist's tracks).
    pub(crate) fn track_slot(&self, id: i64) -> Option<(u64, u64)> {
        slot_of(&self.keys.track, TRACKS, id).map(|s| TRACK_TIERS.parent(s))
    }
    pub(crate) fn track_id(&self, artist_slot: u64, index: u64) -> i64 {
        id_of(&self.keys.track, TRACK_TIERS.child(artist_slot, index))
    }
    pub(crate) fn album_slot(&self, id: i64) -> Option<(u64, u64)> {
        slot_of(&self.keys.album, ALBUMS, id).map(|s| ALBUM_TIERS.parent(s))
    }
    pub(crate) fn album_id(&self, artist_slot: u64, index: u64) -> i64 {
        id_of(&self.keys.album, ALBUM_TIERS.child(artist_slot, index))
    }
    /// The first track index of an artist's second album: album 0 holds
    /// tracks `0..split`, album 1 holds `split..n`.
    pub(crate) fn album_split(&self, artist_slot: u64) -> u64 {
        let n = TRACK_TIERS.count(artist_slot);
        1 + self.draw(&[20, artist_slot]).below(0, n - 1)
    }
    /// The album (index) a track (index) of an artist is on.
    pub(crate) fn album_of_track(&self, artist_slot: u64, track_index: u64) -> u64 {
        u64::from(track_index >= self.album_split(artist_slot))
    }
    /// Track indices of an album.
    pub(crate) fn album_track_range(&self, artist_slot: u64, album_index: u64) -> std::ops::Range<u64> {
        let split = self.album_split(artist_slot);
        if album_index == 0 { 0..split } else { split..TRACK_TIERS.count(artist_slot) }
    }
    /// (curator slot, index among its playlists).
    pub(crate) fn playlist_slot(&self, p: Platform, id: i64) -> Option<u64> {
        slot_of(&self.keys.playlist[pi(p)], PLAYLISTS, id)
    }
    pub(crate) fn playlist_id(&self, p: Platform, slot: u64) -> i64 {
        id_of(&self.keys.playlist[pi(p)], slot)
    }
    pub(crate) fn curator_slot(&self, p: Platform, id: i64) -> Option<u64> {
        slot_of(&self.keys.curator[pi(p)], CURATORS, id)
    }
    pub(crate) fn curator_id(&self, p: Platform, slot: u64) -> i64 {
        id_of(&self.keys.curator[pi(p)], slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_cover_the_ranges_exactly() {
        let total = |t: Tiers, parents: u64| t.split * t.per_a + (parents - t.split) * t.per_b;
        assert_eq!(total(TRACK_TIERS, ARTISTS), TRACKS);
        assert_eq!(total(ALBUM_TIERS, ARTISTS), ALBUMS);
        assert_eq!(total(PLAYLIST_TIERS, CURATORS), PLAYLISTS);
        for child in [0, 8, 9, 17_999_999, 18_000_000, 18_000_003, TRACKS - 1] {
            let (p, i) = TRACK_TIERS.parent(child);
            assert_eq!(TRACK_TIERS.child(p, i), child);
            assert!(i < TRACK_TIERS.count(p) && p < ARTISTS);
        }
    }
}
