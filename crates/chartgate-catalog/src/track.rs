//! Tracks and albums. A track is (artist slot, index); an album is (artist
//! slot, 0 or 1); album 0 holds the artist's first tracks, album 1 the rest.

use crate::artist::image;
use crate::date::Day;
use crate::enums::{EntityKind, StatsPlatform};
use crate::geo::GENRES;
use crate::layout::TRACK_TIERS;
use crate::names::{ALBUM, TRACK};
use crate::{Catalog, page};
use chartmetric_types::{
    Album, AlbumArtist, AlbumRow, GenreRef, Track, TrackAlbum, TrackArtist, TrackRow, TrackStatistics,
};

/// What rows about a track need.
#[derive(Debug, Clone)]
pub(crate) struct TrackCore {
    pub(crate) id: i64,
    pub(crate) artist_slot: u64,
    pub(crate) index: u64,
    pub(crate) artist_id: i64,
    pub(crate) artist_name: String,
    pub(crate) name: String,
    pub(crate) album: AlbumCore,
}

/// What rows about an album need.
#[derive(Debug, Clone)]
pub(crate) struct AlbumCore {
    pub(crate) id: i64,
    pub(crate) artist_slot: u64,
    pub(crate) index: u64,
    pub(crate) artist_id: i64,
    pub(crate) artist_name: String,
    /// The artist's country and genre (index of `GENRES`).
    pub(crate) code2: String,
    pub(crate) genre: usize,
    pub(crate) name: String,
    pub(crate) release: Day,
    pub(crate) label: String,
}

impl Catalog {
    pub(crate) fn track_combo(&self, id: i64) -> u64 {
        self.keys.track_name.forward(id as u64 - 1) % TRACK.total()
    }

    pub(crate) fn album_combo(&self, id: i64) -> u64 {
        self.keys.album_name.forward(id as u64 - 1) % ALBUM.total()
    }

    pub(crate) fn track_core(&self, id: i64) -> Option<TrackCore> {
        let (artist_slot, index) = self.track_slot(id)?;
        let album = self.album_core_at(artist_slot, self.album_of_track(artist_slot, index));
        let name = match self.overrides.tracks.get(&id) {
            Some(t) => t.name.clone(),
            None => TRACK.name(self.track_combo(id)).0,
        };
        Some(TrackCore {
            id,
            artist_slot,
            index,
            artist_id: album.artist_id,
            artist_name: album.artist_name.clone(),
            name,
            album,
        })
    }

    pub(crate) fn album_core(&self, id: i64) -> Option<AlbumCore> {
        let (artist_slot, index) = self.album_slot(id)?;
        Some(self.album_core_at(artist_slot, index))
    }

    fn album_core_at(&self, artist_slot: u64, index: u64) -> AlbumCore {
        let id = self.album_id(artist_slot, index);
        let artist_id = self.artist_id(artist_slot);
        let artist = self.overrides.artists.get(&artist_id);
        let core = self.artist_core(artist_id);
        let (artist_name, code2, genre) =
            core.map_or_else(|| (String::new(), "us".into(), 1), |a| (a.name, a.code2, a.genre));
        let d = self.draw(&[50, artist_slot]);
        let first = Day(733_042 + d.below(0, 5_000) as i64); // from 2008-01-01
        let release = if index == 0 { first } else { first.plus(60 + d.below(1, 1_000) as i64) };
        let label = artist.and_then(|a| a.record_label.clone()).unwrap_or_else(|| self.label_name(d.at(2)));
        let name = match self.overrides.albums.get(&id) {
            Some(a) => a.name.clone(),
            None => ALBUM.name(self.album_combo(id)).0,
        };
        AlbumCore {
            id,
            artist_slot,
            index,
            artist_id,
            artist_name,
            code2,
            genre,
            name,
            release: release.min(self.today),
            label,
        }
    }

    /// `GET /track/{id}`: an override exactly as given, or the generated track.
    pub fn track(&self, id: i64) -> Option<Track> {
        if let Some(t) = self.overrides.tracks.get(&id) {
            return Some(t.clone());
        }
        let t = self.track_core(id)?;
        let d = self.draw(&[51, id as u64]);
        let genre = t.album.genre;
        let writers: Vec<String> = (0..1 + d.below(0, 3)).map(|i| self.person_name(d.at(1 + i))).collect();
        let stat =
            |platform| Some(self.entity_curve(EntityKind::Track, id, t.artist_slot, platform).at(self.today) as i64);
        let artist_image = self.artist_core(t.artist_id).and_then(|a| a.image_url);
        Some(Track {
            id,
            name: t.name.clone(),
            isrc: Some(self.isrc(&t)),
            image_url: Some(image("album", t.album.id)),
            duration_ms: Some(self.track_duration(id)),
            composer_name: Some(writers.join(", ")),
            artists: vec![TrackArtist { id: t.artist_id, name: t.artist_name.clone(), image_url: artist_image }],
            albums: vec![self.track_album(&t.album)],
            release_date: Some(t.album.release.ymd_string()),
            album_label: Some(t.album.label.clone()),
            explicit: Some(d.unit(6) < 0.25),
            genres: vec![GenreRef { id: GENRES[genre].0, name: GENRES[genre].1.to_string() }],
            tags: Some(GENRES[genre].1.to_string()),
            songwriters: writers,
            cm_statistics: Some(TrackStatistics {
                sp_popularity: stat(StatsPlatform::Spotify),
                sp_streams: stat(StatsPlatform::Youtube).map(|v| v * 3),
                num_sp_playlists: stat(StatsPlatform::Shazam).map(|v| v / 40 + 1),
                youtube_views: stat(StatsPlatform::Youtube),
                shazam_count: stat(StatsPlatform::Shazam),
                timestamp: Some(self.today.iso()),
            }),
            tempo: Some((d.range(7, 70.0, 180.0) * 10.0).round() / 10.0),
        })
    }

    /// A track's length in milliseconds.
    pub(crate) fn track_duration(&self, id: i64) -> i64 {
        150_000 + self.draw(&[51, id as u64]).below(5, 150_000) as i64
    }

    fn track_album(&self, a: &AlbumCore) -> TrackAlbum {
        TrackAlbum {
            id: a.id,
            name: a.name.clone(),
            upc: Some(self.upc(a)),
            release_date: Some(a.release.ymd_string()),
            label: Some(a.label.clone()),
            image_url: Some(image("album", a.id)),
        }
    }

    /// A track as a list row.
    pub(crate) fn track_row(&self, t: &TrackCore) -> TrackRow {
        TrackRow {
            id: t.id,
            name: t.name.clone(),
            isrc: Some(self.isrc(t)),
            album_names: vec![t.album.name.clone()],
            release_dates: vec![t.album.release.ymd_string()],
            cm_artist: vec![t.artist_id],
            artist_names: vec![t.artist_name.clone()],
            ..TrackRow::default()
        }
    }

    /// `GET /album/{id}`: an override exactly as given, or the generated album.
    pub fn album(&self, id: i64) -> Option<Album> {
        if let Some(a) = self.overrides.albums.get(&id) {
            return Some(a.clone());
        }
        let a = self.album_core(id)?;
        let tracks = self.album_track_range(a.artist_slot, a.index);
        Some(Album {
            id,
            name: a.name.clone(),
            release_date: Some(a.release.ymd_string()),
            upc: Some(self.upc(&a)),
            label: Some(a.label.clone()),
            image_url: Some(image("album", id)),
            num_tracks: Some((tracks.end - tracks.start) as i64),
            artists: vec![AlbumArtist { id: a.artist_id, name: a.artist_name.clone() }],
        })
    }

    /// `GET /album/{id}/tracks`: the album's tracks in order.
    pub fn album_tracks(&self, id: i64) -> Option<Vec<TrackRow>> {
        let a = self.album_core(id)?;
        let range = self.album_track_range(a.artist_slot, a.index);
        Some(
            range
                .filter_map(|i| self.track_core(self.track_id(a.artist_slot, i)))
                .map(|t| self.track_row(&t))
                .collect(),
        )
    }

    /// `GET /artist/{id}/tracks`: the artist's tracks, oldest album first.
    pub fn artist_tracks(&self, artist: i64, offset: usize, limit: usize) -> Option<Vec<TrackRow>> {
        self.artist_core(artist)?;
        let Some(slot) = self.artist_slot(artist) else { return Some(Vec::new()) };
        let ids = (0..TRACK_TIERS.count(slot)).map(|i| self.track_id(slot, i));
        Some(page(ids.filter_map(|id| self.track_core(id)).map(|t| self.track_row(&t)), offset, limit))
    }

    /// `GET /artist/{id}/albums`: the artist's albums, oldest first.
    pub fn artist_albums(&self, artist: i64, offset: usize, limit: usize) -> Option<Vec<AlbumRow>> {
        self.artist_core(artist)?;
        let Some(slot) = self.artist_slot(artist) else { return Some(Vec::new()) };
        let rows = (0..self.artist_counts(slot).1).map(|i| self.album_core_at(slot, i)).map(|a| self.album_row(&a));
        Some(page(rows, offset, limit))
    }

    pub(crate) fn album_row(&self, a: &AlbumCore) -> AlbumRow {
        AlbumRow {
            id: a.id,
            name: a.name.clone(),
            release_date: Some(a.release.ymd_string()),
            image_url: Some(image("album", a.id)),
            label: Some(a.label.clone()),
        }
    }
}
