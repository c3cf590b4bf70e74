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
#[allow(missing_docs)]
pub struct TrackIds {
    /// ISRC, 12 characters.
    pub isrc: Option<String>,
    /// Chartmetric track ids.
    pub chartmetric_ids: Vec<i64>,
    pub spotify_ids: Vec<String>,
    pub itunes_ids: Vec<String>,
    pub deezer_ids: Vec<String>,
    pub amazon_ids: Vec<String>,
    pub youtube_ids: Vec<String>,
    pub soundcloud_ids: Vec<String>,
    pub shazam_ids: Vec<String>,
    pub tiktok_ids: Vec<String>,
    pub qq_ids: Vec<String>,
    pub beatport_ids: Vec<i64>,
    pub genius_ids: Vec<i64>,
}

/// A row of `/artist/{type}/{id}/get-ids`: `cm_artist` and platform ids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct ArtistIds {
    /// Chartmetric artist id.
    pub cm_artist: i64,
    pub name: String,
    pub spotify_artist_id: Option<String>,
    pub itunes_artist_id: Option<String>,
    pub deezer_artist_id: Option<String>,
    pub amazon_artist_id: Option<String>,
    pub youtube_channel_id: Option<String>,
    pub soundcloud_artist_id: Option<String>,
    pub tiktok_artist_id: Option<String>,
    pub isni: Option<String>,
}

/// A row of `/album/{type}/{id}/get-ids`: `cm_album`, `upc` and platform ids.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct AlbumIds {
    /// Chartmetric album id.
    pub cm_album: i64,
    pub name: String,
    /// UPC, 12 digits.
    pub upc: Option<String>,
    pub spotify_album_id: Option<String>,
    pub itunes_album_id: Option<String>,
    pub deezer_album_id: Option<String>,
    pub amazon_album_id: Option<String>,
}
