use serde::{Deserialize, Serialize};

/// A row of `/track/{type}/{id}/get-ids`: the track's ids on every platform.
///
/// ```
/// use chartmetric_types::TrackIds;
/// let r: TrackIds = serde_json::from_str(r#"{"isrc":"USRC17607839","chartmetric_ids":[1]}"#).unwrap();
/// assert_eq!(r.chartmetric_ids, vec![1]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackIds {
    /// ISRC, 12 characters.
    pub isrc: Option<String>,
    /// Chartmetric track ids.
    pub chartmetric_ids: Vec<i64>,
    /// Spotify track ids (22 base62 characters).
    pub spotify_ids: Vec<String>,
    /// iTunes track ids.
    pub itunes_ids: Vec<String>,
    /// Deezer track ids.
    pub deezer_ids: Vec<String>,
    /// Amazon ASINs.
    pub amazon_ids: Vec<String>,
    /// YouTube video ids.
    pub youtube_ids: Vec<String>,
    /// SoundCloud track ids.
    pub soundcloud_ids: Vec<String>,
    /// Shazam track ids.
    pub shazam_ids: Vec<String>,
    /// TikTok sound ids.
    pub tiktok_ids: Vec<String>,
    /// QQ Music song ids.
    pub qq_ids: Vec<String>,
    /// Beatport track ids.
    pub beatport_ids: Vec<i64>,
    /// Genius song ids.
    pub genius_ids: Vec<i64>,
}

/// A row of `/artist/{type}/{id}/get-ids`: `cm_artist` and platform ids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ArtistIds {
    /// Chartmetric artist id.
    pub cm_artist: i64,
    /// Name.
    pub name: String,
    /// Spotify artist id.
    pub spotify_artist_id: Option<String>,
    /// iTunes artist id.
    pub itunes_artist_id: Option<String>,
    /// Deezer artist id.
    pub deezer_artist_id: Option<String>,
    /// Amazon artist id.
    pub amazon_artist_id: Option<String>,
    /// YouTube channel id.
    pub youtube_channel_id: Option<String>,
    /// SoundCloud user id.
    pub soundcloud_artist_id: Option<String>,
    /// TikTok user id.
    pub tiktok_artist_id: Option<String>,
    /// International Standard Name Identifier.
    pub isni: Option<String>,
}

/// A row of `/album/{type}/{id}/get-ids`: `cm_album`, `upc` and platform ids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AlbumIds {
    /// Chartmetric album id.
    pub cm_album: i64,
    /// Name.
    pub name: String,
    /// UPC, 12 digits.
    pub upc: Option<String>,
    /// Spotify album id.
    pub spotify_album_id: Option<String>,
    /// iTunes album id.
    pub itunes_album_id: Option<String>,
    /// Deezer album id.
    pub deezer_album_id: Option<String>,
    /// Amazon album ASIN.
    pub amazon_album_id: Option<String>,
}
