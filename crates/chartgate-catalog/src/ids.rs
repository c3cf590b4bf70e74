//! get-ids: every platform id of an entity, and back.

use crate::enums::{EntityKind, IdType};
use crate::idcodec::{self, Hashed, Numeric};
use crate::layout::{ALBUMS, ARTISTS, TRACKS};
use crate::mix::hash;
use crate::track::{AlbumCore, TrackCore};
use crate::{Catalog, CatalogError};
use chartmetric_types::{AlbumIds, ArtistIds, TrackIds};
use serde::Serialize;

/// The rows of a get-ids lookup; empty when nothing matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IdRows {
    /// Rows of `/artist/{type}/{id}/get-ids`.
    Artist(Vec<ArtistIds>),
    /// Rows of `/track/{type}/{id}/get-ids`.
    Track(Vec<TrackIds>),
    /// Rows of `/album/{type}/{id}/get-ids`.
    Album(Vec<AlbumIds>),
}

impl IdRows {
    /// Whether no entity matched.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Artist(r) => r.is_empty(),
            Self::Track(r) => r.is_empty(),
            Self::Album(r) => r.is_empty(),
        }
    }
}

impl Catalog {
    fn id_key(&self, kind: EntityKind, t: IdType) -> u64 {
        hash(self.seed, &[60, kind as u64, t as u64])
    }

    pub(crate) fn hashed_id(&self, kind: EntityKind, t: IdType, codec: Hashed, id: i64) -> String {
        codec.encode(self.id_key(kind, t), id as u64)
    }

    pub(crate) fn numeric_id(&self, kind: EntityKind, t: IdType, codec: Numeric, id: i64) -> u64 {
        codec.encode(self.id_key(kind, t), id as u64)
    }

    /// A track's ISRC: the artist's country, the release year, the id.
    pub(crate) fn isrc(&self, t: &TrackCore) -> String {
        // An imported artist's code2 may be anything: an ISRC needs a real code.
        let code2 = t.album.code2.to_ascii_lowercase();
        let country = if crate::geo::is_iso_code(&code2) { code2.as_str() } else { "us" };
        idcodec::isrc(self.id_key(EntityKind::Track, IdType::Isrc), t.id as u64, country, t.album.release.year())
    }

    /// An album's UPC.
    pub(crate) fn upc(&self, a: &AlbumCore) -> String {
        idcodec::upc(self.id_key(EntityKind::Album, IdType::Upc), a.id as u64)
    }

    /// get-ids: the entity `value` names as an `id_type`, with all its ids.
    /// No match is an empty list; an id type the entity does not have is
    /// [`CatalogError::Invalid`].
    pub fn get_ids(&self, kind: EntityKind, id_type: IdType, value: &str) -> Result<IdRows, CatalogError> {
        let id = self.decode_id(kind, id_type, value.trim())?;
        Ok(match kind {
            EntityKind::Artist => IdRows::Artist(id.and_then(|id| self.artist_ids(id)).into_iter().collect()),
            EntityKind::Track => IdRows::Track(id.and_then(|id| self.track_ids(id)).into_iter().collect()),
            EntityKind::Album => IdRows::Album(id.and_then(|id| self.album_ids(id)).into_iter().collect()),
        })
    }

    fn decode_id(&self, kind: EntityKind, t: IdType, v: &str) -> Result<Option<i64>, CatalogError> {
        use IdType::*;
        let max = match kind {
            EntityKind::Artist => ARTISTS,
            EntityKind::Track => TRACKS,
            EntityKind::Album => ALBUMS,
        };
        let key = self.id_key(kind, t);
        let supported = match kind {
            EntityKind::Artist => {
                matches!(t, Chartmetric | Spotify | Itunes | Deezer | Amazon | Youtube | Soundcloud | Tiktok)
            }
            EntityKind::Track => t != Upc,
            EntityKind::Album => matches!(t, Chartmetric | Upc | Spotify | Itunes | Deezer | Amazon),
        };
        if !supported {
            return Err(CatalogError::Invalid(format!("{kind} ids cannot be looked up by {t}")));
        }
        let youtube = if kind == EntityKind::Artist { idcodec::YOUTUBE_CHANNEL } else { idcodec::YOUTUBE_VIDEO };
        let found = match t {
            Chartmetric => return Ok(v.parse::<i64>().ok()),
            Spotify => idcodec::SPOTIFY.decode(key, v, max),
            Youtube => youtube.decode(key, v, max),
            Amazon => idcodec::AMAZON.decode(key, v, max),
            Qq => idcodec::QQ.decode(key, v, max),
            Tiktok => idcodec::TIKTOK.decode(key, v, max),
            Itunes => idcodec::ITUNES.decode(key, v, max),
            Deezer => idcodec::DEEZER.decode(key, v, max),
            Soundcloud => idcodec::SOUNDCLOUD.decode(key, v, max),
            Shazam => idcodec::SHAZAM.decode(key, v, max),
            Beatport => idcodec::BEATPORT.decode(key, v, max),
            Genius => idcodec::GENIUS.decode(key, v, max),
            Upc => idcodec::upc_id(key, v, max),
            Isrc => idcodec::isrc_id(key, v, max).filter(|&id| {
                let wanted: String = v.chars().filter(|c| *c != '-').collect::<String>().to_ascii_uppercase();
                self.track_core(id as i64).is_some_and(|t| self.isrc(&t) == wanted)
            }),
        };
        Ok(found.map(|id| id as i64))
    }

    /// The ids row of a track.
    pub fn track_ids(&self, id: i64) -> Option<TrackIds> {
        let t = self.track_core(id)?;
        let k = EntityKind::Track;
        let num = |ty, c| vec![self.numeric_id(k, ty, c, id).to_string()];
        Some(TrackIds {
            isrc: Some(self.isrc(&t)),
            chartmetric_ids: vec![id],
            spotify_ids: vec![self.hashed_id(k, IdType::Spotify, idcodec::SPOTIFY, id)],
            itunes_ids: num(IdType::Itunes, idcodec::ITUNES),
            deezer_ids: num(IdType::Deezer, idcodec::DEEZER),
            amazon_ids: vec![self.hashed_id(k, IdType::Amazon, idcodec::AMAZON, id)],
            youtube_ids: vec![self.hashed_id(k, IdType::Youtube, idcodec::YOUTUBE_VIDEO, id)],
            soundcloud_ids: num(IdType::Soundcloud, idcodec::SOUNDCLOUD),
            shazam_ids: num(IdType::Shazam, idcodec::SHAZAM),
            tiktok_ids: vec![self.hashed_id(k, IdType::Tiktok, idcodec::TIKTOK, id)],
            qq_ids: vec![self.hashed_id(k, IdType::Qq, idcodec::QQ, id)],
            beatport_ids: vec![self.numeric_id(k, IdType::Beatport, idcodec::BEATPORT, id) as i64],
            genius_ids: vec![self.numeric_id(k, IdType::Genius, idcodec::GENIUS, id) as i64],
        })
    }

    /// The ids row of an artist.
    pub fn artist_ids(&self, id: i64) -> Option<ArtistIds> {
        let core = self.artist_core(id)?;
        let k = EntityKind::Artist;
        let in_range = (1..=ARTISTS as i64).contains(&id);
        let h = |ty, c| in_range.then(|| self.hashed_id(k, ty, c, id));
        let n = |ty, c| in_range.then(|| self.numeric_id(k, ty, c, id).to_string());
        Some(ArtistIds {
            cm_artist: id,
            name: core.name,
            spotify_artist_id: h(IdType::Spotify, idcodec::SPOTIFY),
            itunes_artist_id: n(IdType::Itunes, idcodec::ITUNES),
            deezer_artist_id: n(IdType::Deezer, idcodec::DEEZER),
            amazon_artist_id: h(IdType::Amazon, idcodec::AMAZON),
            youtube_channel_id: h(IdType::Youtube, idcodec::YOUTUBE_CHANNEL),
            soundcloud_artist_id: n(IdType::Soundcloud, idcodec::SOUNDCLOUD),
            tiktok_artist_id: h(IdType::Tiktok, idcodec::TIKTOK),
            isni: self.artist(id).and_then(|a| a.isni),
        })
    }

    /// The ids row of an album.
    pub fn album_ids(&self, id: i64) -> Option<AlbumIds> {
        let a = self.album_core(id)?;
        let k = EntityKind::Album;
        Some(AlbumIds {
            cm_album: id,
            name: a.name.clone(),
            upc: Some(self.upc(&a)),
            spotify_album_id: Some(self.hashed_id(k, IdType::Spotify, idcodec::SPOTIFY, id)),
            itunes_album_id: Some(self.numeric_id(k, IdType::Itunes, idcodec::ITUNES, id).to_string()),
            deezer_album_id: Some(self.numeric_id(k, IdType::Deezer, idcodec::DEEZER, id).to_string()),
            amazon_album_id: Some(self.hashed_id(k, IdType::Amazon, idcodec::AMAZON, id)),
        })
    }
}
