use serde::{Deserialize, Serialize};

/// An album, as `GET /api/album/{id}` returns it under `obj`.
///
/// ```
/// use chartmetric_types::Album;
/// let a: Album = serde_json::from_str(r#"{"id":1,"name":"x","num_tracks":3,"artists":[{"id":2,"name":"y"}]}"#).unwrap();
/// assert_eq!(a.num_tracks, Some(3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Album {
    /// Chartmetric album id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// Release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// UPC, 12 digits.
    pub upc: Option<String>,
    /// Label.
    pub label: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Number of tracks.
    pub num_tracks: Option<i64>,
    /// Artists: `{id, name}`.
    pub artists: Vec<AlbumArtist>,
}

/// An artist of an album: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AlbumArtist {
    /// Chartmetric artist id.
    pub id: i64,
    /// Name.
    pub name: String,
}

/// An album in `/artist/{id}/albums`, and an album search hit:
/// `{id, name, release_date, image_url, label}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AlbumRow {
    /// Chartmetric album id.
    pub id: i64,
    /// Title.
    pub name: String,
    /// Release date, `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Cover image.
    pub image_url: Option<String>,
    /// Label.
    pub label: Option<String>,
}
