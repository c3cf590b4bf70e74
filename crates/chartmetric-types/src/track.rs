use serde::{Deserialize, Serialize};

/// A track, as `GET /api/track/{id}` returns it under `obj`.
///
/// ```
/// use chartmetric_types::Track;
/// let t: Track = serde_json::from_str(r#"{"id":1,"name":"x","artists":[{"id":2,"name":"y"}],"new":1}"#).unwrap();
/// assert_eq!(t.artists[0].name, "y");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Track {
    /// Chartmetric track id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// ISRC, 12 characters without dashes.
    pub isrc: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Length in milliseconds.
    pub duration_ms: Option<i64>,
    /// Composers, comma-joined.
    pub composer_name: Option<String>,
    /// Performing artists.
    pub artists: Vec<TrackArtist>,
    /// Albums the track is on.
    pub albums: Vec<TrackAlbum>,
    /// Release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Label of the first album.
    pub album_label: Option<String>,
    /// Whether the track is explicit.
    pub explicit: Option<bool>,
    /// Genres.
    pub genres: Vec<GenreRef>,
    /// Tags, comma-joined.
    pub tags: Option<String>,
    /// Songwriters.
    pub songwriters: Vec<String>,
    /// Per-platform counters.
    pub cm_statistics: Option<TrackStatistics>,
    /// Tempo in beats per minute.
    pub tempo: Option<f64>,
}

/// An artist on a track: `{id, name, image_url}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackArtist {
    /// Chartmetric artist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Profile image.
    pub image_url: Option<String>,
}

/// An album on a track: `{id, name, upc, release_date, label, image_url}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackAlbum {
    /// Chartmetric album id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// UPC, 12 digits.
    pub upc: Option<String>,
    /// Release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Label.
    pub label: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
}

/// A genre reference: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct GenreRef {
    /// Genre id.
    pub id: i64,
    /// Genre name.
    pub name: String,
}

/// A track's `cm_statistics`: a few per-platform counters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackStatistics {
    /// Spotify popularity, 0–100.
    pub sp_popularity: Option<i64>,
    /// Spotify plays.
    pub sp_streams: Option<i64>,
    /// Number of Spotify playlists the track is on.
    pub num_sp_playlists: Option<i64>,
    /// YouTube views.
    pub youtube_views: Option<i64>,
    /// Shazam count.
    pub shazam_count: Option<i64>,
    /// When the counters were taken (ISO 8601).
    pub timestamp: Option<String>,
}

/// A track in a list (`/artist/{id}/tracks`, `/album/{id}/tracks`, playlist
/// tracks and snapshots): `{id, name, isrc, album_names, release_dates}`,
/// plus `position` and `added_at` in a playlist.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TrackRow {
    /// Chartmetric track id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// ISRC.
    pub isrc: Option<String>,
    /// Names of the albums the track is on.
    pub album_names: Vec<String>,
    /// Release dates of those albums, `YYYY-MM-DD`.
    pub release_dates: Vec<String>,
    /// Chartmetric ids of the performing artists.
    pub cm_artist: Vec<i64>,
    /// Names of the performing artists.
    pub artist_names: Vec<String>,
    /// Position in a playlist, 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// When the track was added to a playlist (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_at: Option<String>,
    /// When the track left a playlist (ISO 8601), for past tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<String>,
}
