use serde::{Deserialize, Serialize};

/// A playlist: `GET /api/playlist/{platform}/{id}`, and a row of playlist
/// lists (`/playlist/{platform}/lists`, a curator's playlists, similar
/// playlists).
///
/// ```
/// use chartmetric_types::Playlist;
/// let p: Playlist = serde_json::from_str(r#"{"id":1,"name":"x","followers":10,"unknown":true}"#).unwrap();
/// assert_eq!(p.followers, Some(10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Playlist {
    /// Chartmetric playlist id (per platform).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Followers.
    pub followers: Option<i64>,
    /// Number of tracks.
    pub num_track: Option<i64>,
    /// Name of the owner (the curator).
    pub owner_name: Option<String>,
    /// Chartmetric id of the curator.
    pub owner_id: Option<i64>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Lower-case country code.
    pub code2: Option<String>,
    /// Whether the owner is an independent curator.
    pub indie: Option<bool>,
    /// Whether the platform itself curates it.
    pub editorial: Option<bool>,
    /// When the tracks last changed (ISO 8601).
    pub last_updated: Option<String>,
    /// The platform's own playlist id.
    pub platform_id: Option<String>,
}

/// A playlist search hit: `{id, name, image_url, followers, num_track,
/// owner_name, owner_id}`. Live Spotify hits carry `followers` as a display
/// string (`"4.2M"`), Deezer's as a number; [`Count`] holds either.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlaylistHit {
    /// Chartmetric playlist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Cover image.
    pub image_url: Option<String>,
    /// Followers, a number or a display string.
    pub followers: Option<Count>,
    /// Number of tracks.
    pub num_track: Option<i64>,
    /// Name of the owner.
    pub owner_name: Option<String>,
    /// Chartmetric id of the owner (curator).
    pub owner_id: Option<i64>,
}

/// A count that some routes write as a number and others as a display
/// string such as `"4.2M"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Count {
    /// A plain number.
    Number(i64),
    /// A display string.
    Text(String),
}

/// A playlist placement of a track: `{"playlist": {...}, "track": {...}}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Placement {
    /// The playlist and the track's place in it.
    pub playlist: PlacementPlaylist,
    /// The track.
    pub track: PlacementTrack,
}

/// The `playlist` half of a [`Placement`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlacementPlaylist {
    /// Chartmetric playlist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Followers.
    pub followers: Option<i64>,
    /// Position of the track, 1-based.
    pub position: Option<i64>,
    /// Best position the track reached in the playlist.
    pub peak_position: Option<i64>,
    /// When the track was added (ISO 8601).
    pub added_at: Option<String>,
    /// When the track was removed (ISO 8601); only on past placements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_at: Option<String>,
    /// Name of the curator.
    pub curator_name: Option<String>,
    /// Chartmetric id of the curator.
    pub curator_id: Option<i64>,
    /// Lower-case country code.
    pub code2: Option<String>,
}

/// The `track` half of a [`Placement`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PlacementTrack {
    /// Title.
    pub name: String,
    /// Chartmetric track id.
    pub cm_track: i64,
    /// ISRC.
    pub isrc: Option<String>,
    /// Chartmetric ids of the artists.
    pub cm_artist: Vec<i64>,
    /// Names of the artists.
    pub artist_names: Vec<String>,
    /// Chartmetric ids of the albums.
    pub album_ids: Vec<i64>,
    /// Names of the albums.
    pub album_names: Vec<String>,
}
